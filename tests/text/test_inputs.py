"""Reading articles: every input gets an id of its own, and dates are ``YYYY-MM-DD`` or
nothing."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from stance.text import iter_articles

TEXT = "Mexico does not produce fentanyl, the minister said.\n"


def _write(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_files_with_the_same_name_get_ids_from_their_paths(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    a = _write(tmp_path / "efe" / "2023-10-05.txt", "EFE text.\n")
    b = _write(tmp_path / "ap" / "2023-10-05.txt", "AP text.\n")
    c = _write(tmp_path / "other.txt")
    with caplog.at_level(logging.WARNING, logger="stance"):
        arts = list(iter_articles([str(a), str(b), str(c)]))
    assert [(x.id, x.text, x.date) for x in arts] == [
        ("efe/2023-10-05", "EFE text.\n", "2023-10-05"), ("ap/2023-10-05", "AP text.\n", "2023-10-05"),
        ("other", TEXT, None),
    ]
    assert "2 inputs are named '2023-10-05': their ids are their paths (efe/2023-10-05, ap/2023-10-05)" in caplog.text


def test_ids_stay_unique_across_directories_suffixes_and_repeats(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _write(tmp_path / "one" / "sub" / "a.txt")
    _write(tmp_path / "two" / "sub" / "a.txt")
    md = _write(tmp_path / "two" / "sub" / "a.md")
    with caplog.at_level(logging.WARNING, logger="stance"):
        arts = list(iter_articles([str(tmp_path / "one"), str(tmp_path / "two"), str(md)]))
    ids = [x.id for x in arts]
    assert ids == ["one/sub/a", "two/sub/a.md", "two/sub/a.txt"]  # the same file given twice is read once
    assert "given twice" in caplog.text


def test_an_id_used_twice_in_a_corpus_is_renamed_not_merged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}, {"id": "a", "text": "Three."},
             {"id": "a~2", "text": "Four."}, {"id": "a", "text": "Five."}]
    corpus = _write(tmp_path / "corpus.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    other = _write(tmp_path / "b.txt", "Six.\n")  # a file named like a line
    with caplog.at_level(logging.WARNING, logger="stance"):
        arts = list(iter_articles([str(corpus), str(other)]))
    assert [(x.id, x.text.strip()) for x in arts] == [
        ("a", "One."), ("b", "Two."), ("a~2", "Three."), ("a~2~2", "Four."), ("a~3", "Five."), ("b~2", "Six."),
    ]
    assert "article id 'a' is used again: this article is 'a~2'" in caplog.text


def test_the_summary_counts_each_same_named_file(server: object, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from stance.cli import cli
    from tests.fakes import KEY

    a = _write(tmp_path / "x" / "a.txt")
    b = _write(tmp_path / "y" / "a.txt")
    out = tmp_path / "out.jsonl"
    opts = ["--base-url", server.url, "--model", "m", "-q"]  # type: ignore[attr-defined]
    assert CliRunner().invoke(cli, ["classify", str(a), str(b), "-o", str(out), *opts], env={"OPENAI_API_KEY": KEY}).exit_code == 0
    assert sorted({json.loads(line)["article"] for line in out.read_text().splitlines()}) == ["x/a", "y/a"]
    summary = CliRunner().invoke(cli, ["summarize", str(out)])
    assert "2 sentences from 2 article(s)" in summary.stdout


@pytest.mark.parametrize(
    ("date", "expected", "warned"),
    [
        ("2023-10-05", "2023-10-05", False),
        ("2023-10-05T14:30:00Z", "2023-10-05", False),
        ("yesterday", None, True),
        ("05/10/2023", None, True),
        ("2023-02-30", None, True),
        (20231005, None, True),
    ],
)
def test_jsonl_dates_are_iso_or_undated_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, date: object, expected: str | None, warned: bool
) -> None:
    corpus = _write(tmp_path / "2024-01-01-corpus.jsonl", json.dumps({"id": "a", "text": TEXT, "date": date}) + "\n")
    with caplog.at_level(logging.WARNING, logger="stance"):
        (art,) = iter_articles([str(corpus)])
    assert art.date == expected  # never the file name's date instead
    assert ("is not a date as YYYY-MM-DD; the article is undated" in caplog.text) == warned
    if warned:
        assert f"line 1: date {json.dumps(date)}" in caplog.text


def test_jsonl_source_and_lang_reach_the_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "release", "text": "We act today.", "source": "Ministry of Health", "lang": "en"},
        {"id": "news", "text": "Officials met."},
        {"id": "blank-source", "text": "Officials met.", "source": "  "},
    ]
    corpus.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    got = {a.id: (a.source, a.lang) for a in iter_articles([str(corpus)])}
    assert got == {
        "release": ("Ministry of Health", "en"),
        "news": (None, None),
        "blank-source": (None, None),
    }
