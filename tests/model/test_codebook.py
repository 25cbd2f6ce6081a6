from __future__ import annotations

from pathlib import Path

import pytest

from stance.errors import CodebookError
from stance.model import load_codebook

CUSTOM = """
name = "climate"
version = "2"
[[labels]]
name = "denies_warming"
definition = "Denies that the climate is warming."
[[labels]]
name = "blames_industry"
definition = "Blames industry."
target = "culprit"
"""


def test_default_codebook_has_the_three_labels() -> None:
    cb = load_codebook()
    assert cb.label_names == ["denies_production", "attributes_blame", "offers_cooperation"]
    assert cb.target_fields == {"blame_target": "attributes_blame"}
    assert all(lab.definition and lab.examples for lab in cb.labels)


def test_schema_is_derived_from_the_codebook(tmp_path: Path) -> None:
    p = tmp_path / "climate.toml"
    p.write_text(CUSTOM)
    cb = load_codebook(p)
    schema = cb.json_schema
    assert list(schema["properties"]) == ["denies_warming", "blames_industry", "culprit", "rationale"]
    assert schema["required"] == list(schema["properties"])
    assert schema["additionalProperties"] is False
    assert cb.hash != load_codebook().hash and cb.schema_hash != load_codebook().schema_hash


def test_hash_changes_with_any_definition(tmp_path: Path) -> None:
    p = tmp_path / "a.toml"
    p.write_text(CUSTOM)
    h1 = load_codebook(p).hash
    p.write_text(CUSTOM.replace("Blames industry.", "Blames industry for emissions."))
    assert load_codebook(p).hash != h1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name = ", "invalid codebook"),
        ('name = "x"\nversion = "1"\nlabels = []', "labels"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "Bad Name"\ndefinition = "d"', "lowercase identifier"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\n[[labels]]\nname = "a"\ndefinition = "e"', "duplicate"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ncolour = "red"', "Extra inputs"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "rationale"\ndefinition = "d"', "rationale"),
        # names the answer or the output already use: a batch item's id, the records' fields
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "id"\ndefinition = "d"', "labels.0.name: 'id' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ntarget = "id"', "labels.0.target: 'id' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "labels"\ndefinition = "d"', "'labels' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ntarget = "text"', "'text' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ntarget = "speaker_role"', "'speaker_role' is reserved"),
    ],
)
def test_invalid_codebooks_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(content)
    with pytest.raises(CodebookError, match=message) as exc:
        load_codebook(p)
    assert "\n" not in str(exc.value)


def test_missing_codebook(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="not found"):
        load_codebook(tmp_path / "nope.toml")


def test_wheel_ships_prompts_and_codebook(tmp_path: Path) -> None:
    """prompts/ sits at the top of the repo but must be inside the installed package."""
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(root)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("stance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"stance/prompts/codebook.toml", "stance/prompts/classify-v1.toml", "stance/prompts/classify-v2.toml"} <= names
