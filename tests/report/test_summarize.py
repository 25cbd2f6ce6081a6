"""Corpus summaries: affiliation rules, counts, who-blames-whom, periods, CSV, chart, CLI."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.errors import InputError
from stance.report import (
    JOURNALIST,
    UNDATED,
    JsonlWriter,
    affiliation,
    period_of,
    read_records,
    render_tables,
    summarize,
    write_csv,
)
from stance.text import country_name as normalise_target
from stance.types import Record, Speaker

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "fixtures" / "labels"
SEEDS = ("efe-2023-10-05-mexico-fentanyl", "globaltimes-2023-04-06-mao-ning")


def hand_records() -> list[Record]:
    """The hand-labelled seed articles as records, the coder's note standing in for a rationale."""
    out = []
    for path in sorted(LABELS.glob("*.json")):
        if path.stem not in SEEDS:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        date = "-".join(data["article"].split("-")[1:4])
        for s in data["sentences"]:
            sp = s["speaker"]
            out.append(
                Record(
                    article=data["article"], index=s["index"], start=s["start"], end=s["end"],
                    text=s["text"], speaker=Speaker(name=sp["name"], role=sp.get("role")) if sp else None,
                    labels=s["labels"], targets=s["targets"],
                    rationale=s.get("note"), model="hand-labels", prompt_version="classify-v1",
                    codebook="fentanyl-diplomacy@2", codebook_hash="0" * 16, date=date,
                )
            )
    return out


def rec(speaker: str | None, labels: list[str], target: str | None = None, *, role: str | None = None,
        date: str | None = None, error: str | None = None, article: str = "a", index: int = 0) -> Record:
    return Record(
        article=article, index=index, start=0, end=1, text="x",
        speaker=Speaker(name=speaker, role=role) if speaker else None,
        labels=labels, targets={"blame_target": target}, model="m", prompt_version="p",
        codebook="fentanyl-diplomacy@2", codebook_hash="h", date=date, error=error,
    )


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("Rosa Icela Rodríguez", "Mexico’s secretary of security and citizen protection", "Mexico"),
        ("Mao Ning", "Chinese Foreign Ministry spokesperson", "China"),
        ("US Drug Enforcement Administration", None, "United States"),
        ("Mexican government", None, "Mexico"),
        ("Antony Blinken", "Secretary of State of the United States", "United States"),
        # The earliest mention decides: the ambassador's own country comes first.
        ("Ken Salazar", "US ambassador to Mexico", "United States"),
        ("Esteban Moctezuma", "Mexico's ambassador to the United States", "Mexico"),
        ("Justin Trudeau", "Canadian prime minister", "Canada"),
        # The role is read before the name; the name is the fallback.
        ("Mexico City police", "a spokesperson for China's embassy", "China"),
        ("Mao Ning", None, "unknown"),
        ("a source", "an official who spoke to us", "unknown"),  # "us" is not the US
        ("Usman Khan", "analyst", "unknown"),  # nor is a word starting with "US"
    ],
)
def test_affiliation_rules(name: str, role: str | None, expected: str) -> None:
    assert affiliation(Speaker(name=name, role=role)) == expected


def test_journalist_has_no_affiliation() -> None:
    assert affiliation(None) == JOURNALIST


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("US", "United States"), ("the U.S.", "United States"), ("the United States", "United States"),
     ("China", "China"), ("  Mexican   cartels ", "Mexican cartels"), ("Asia", "Asia"),
     ("US drug users", "US drug users")],
)
def test_blame_targets_are_normalised(raw: str, expected: str) -> None:
    assert normalise_target(raw) == expected


def test_counts_per_speaker_on_the_hand_labels() -> None:
    s = summarize(hand_records(), by="speaker")
    rows = {r.group: r for r in s.rows}
    mao = rows["Mao Ning"]
    assert (mao.sentences, mao.counts["attributes_blame"], mao.counts["offers_cooperation"]) == (11, 3, 3)
    assert mao.targets["blame_target"] == {"United States": 3}  # the coder wrote "US"
    assert mao.affiliation == "China"
    rosa = rows["Rosa Icela Rodríguez"]
    assert rosa.counts["denies_production"] == 3 and rosa.share("denies_production") == pytest.approx(0.5)
    assert rows[JOURNALIST].labelled == 0
    assert sum(r.sentences for r in s.rows) == s.records == 33 and s.articles == 2
    assert s.labels == ["denies_production", "attributes_blame", "offers_cooperation"]
    assert set(s.targets["blame_target"]) == {"United States", "Asia", "Mexican cartels"}
    assert s.rows[-1].group == JOURNALIST  # the journalist's voice is listed last


def test_counts_per_affiliation_and_who_blames_whom() -> None:
    s = summarize(hand_records(), by="affiliation")
    rows = {r.group: r for r in s.rows}
    assert set(rows) == {"Mexico", "China", "United States", JOURNALIST}
    mexico = rows["Mexico"]  # Rodríguez, Bárcena and "Mexican government" together
    assert (mexico.sentences, mexico.counts["denies_production"]) == (15, 6)
    assert mexico.targets["blame_target"] == {"Asia": 1}
    assert rows["United States"].targets["blame_target"] == {"Mexican cartels": 1}
    assert rows["China"].targets["blame_target"] == {"United States": 3}


def test_failed_records_are_left_out_of_counts_and_shares() -> None:
    records = [
        rec("A", ["denies_production"]),
        rec("A", []),
        rec("A", [], error="HTTP 500 from endpoint"),
    ]
    s = summarize(records)
    (row,) = s.rows
    assert row.sentences == 2 and s.failed == 1
    assert row.share("denies_production") == pytest.approx(0.5)


def test_unknown_labels_follow_the_default_codebook_ones() -> None:
    s = summarize([rec("A", ["zeta_label"]), rec("B", ["attributes_blame"], "US")])
    assert s.labels == ["denies_production", "attributes_blame", "offers_cooperation", "zeta_label"]


@pytest.mark.parametrize(
    ("date", "period", "expected"),
    [("2023-10-05", "month", "2023-10"), ("2023-10-05", "year", "2023"), ("2023", "year", "2023"),
     ("2023", "month", UNDATED), (None, "month", UNDATED), ("Oct 5", "year", UNDATED),
     ("2023-10-05", None, None)],
)
def test_period_of(date: str | None, period: Any, expected: str | None) -> None:
    assert period_of(date, period) == expected


def test_periods_split_the_rows() -> None:
    records = [
        rec("Mao Ning", ["attributes_blame"], "US", date="2023-04-06"),
        rec("Mao Ning", ["attributes_blame"], "US", date="2023-04-20"),
        rec("Mao Ning", ["offers_cooperation"], date="2023-05-01"),
        rec("Mao Ning", [], date=None),
    ]
    s = summarize(records, period="month")
    got = {(r.period, r.group): (r.sentences, dict(r.counts)) for r in s.rows}
    assert got == {
        ("2023-04", "Mao Ning"): (2, {"attributes_blame": 2}),
        ("2023-05", "Mao Ning"): (1, {"offers_cooperation": 1}),
        (UNDATED, "Mao Ning"): (1, {}),
    }
    assert [r.period for r in s.rows] == ["2023-04", "2023-05", UNDATED]


def test_csv_is_one_wide_table() -> None:
    buf = io.StringIO()
    write_csv(summarize(hand_records(), by="speaker"), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    mao = next(r for r in rows if r["speaker"] == "Mao Ning")
    assert mao["affiliation"] == "China" and mao["sentences"] == "11"
    assert mao["attributes_blame"] == "3" and float(mao["attributes_blame_share"]) == pytest.approx(3 / 11, abs=1e-4)
    assert mao["blame_target:United States"] == "3" and mao["blame_target:Asia"] == "0"
    assert sum(int(r["sentences"]) for r in rows) == 33


def test_terminal_tables_show_counts_and_the_blame_matrix() -> None:
    from rich.console import Console

    console = Console(record=True, width=200)
    for t in render_tables(summarize(hand_records(), by="affiliation")):
        console.print(t)
    text = console.export_text()
    assert "Who → blame_target" in text and "Mexican cartels" in text
    china = next(line for line in text.splitlines() if "China" in line and "11" in line)
    assert "3 (27%)" in china


def test_read_records_round_trips_the_jsonl_writer(tmp_path: Path) -> None:
    records = hand_records()
    path = tmp_path / "results.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        w = JsonlWriter(fh)
        for r in records:
            w.write(r)
    assert read_records([str(path)]) == records


def test_read_records_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    good = rec("A", []).model_dump_json()
    path.write_text(good + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: invalid JSON"):
        read_records([str(path)])
    path.write_text(good + '\n{"id": "a1", "text": "an article, not a record"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: not a stance record"):
        read_records([str(path)])
    with pytest.raises(InputError, match="no such file"):
        read_records([str(tmp_path / "missing.jsonl")])


def _results(tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in hand_records()), encoding="utf-8")
    return path


def test_cli_writes_csv_and_prints_tables(tmp_path: Path) -> None:
    results = _results(tmp_path)
    out = tmp_path / "summary.csv"
    res = CliRunner().invoke(cli, ["summarize", str(results), "-o", str(out), "--by", "affiliation", "--period", "year"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {(r["period"], r["affiliation"]) for r in rows} >= {("2023", "Mexico"), ("2023", "China")}
    assert "Stances by affiliation" in res.output and "33 sentences from 2 article(s)" in res.output


def test_cli_csv_to_stdout_is_only_csv(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["summarize", str(_results(tmp_path)), "-o", "-"])
    assert res.exit_code == 0
    assert res.output.splitlines()[0].startswith("speaker,affiliation,articles,sentences,denies_production,")


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["summarize", str(bad)])
    assert res.exit_code == 2 and "line 1: invalid JSON" in res.output


def test_chart_svg_and_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="charts need the chart extra (matplotlib)")
    results = _results(tmp_path)
    svg, png = tmp_path / "chart.svg", tmp_path / "chart.png"
    for args in (["--chart", str(svg)], ["--chart", str(png), "--period", "month", "--by", "affiliation"]):
        res = CliRunner().invoke(cli, ["summarize", str(results), "-q", *args])
        assert res.exit_code == 0, res.output
    text = " ".join(ET.parse(svg).getroot().itertext())
    for expected in ("denies production", "attributes blame", "offers cooperation", "Mao Ning", "Rosa Icela Rodríguez"):
        assert expected in text
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(png) as im:
        assert im.width > 800 and im.height > 300
        colours = {c for _, c in im.convert("RGB").getcolors(1 << 20) or []}
    assert (0xE6, 0x9F, 0x00) in colours  # Okabe–Ito orange: the first group's line


def test_chart_rejects_unknown_suffix(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["summarize", str(_results(tmp_path)), "--chart", str(tmp_path / "c.gif")])
    assert res.exit_code == 2 and "use a .png, .svg or .pdf" in res.output
