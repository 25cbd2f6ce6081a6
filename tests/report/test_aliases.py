"""Alias tables: one speaker is one row of a summary across articles and languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.errors import ConfigError
from stance.model import shipped_codebooks
from stance.report import load_aliases, summarize
from stance.types import Record, Speaker


def rec(article: str, speaker: str | None, labels: list[str], lang: str, role: str | None = None) -> Record:
    return Record(
        article=article, index=0, start=0, end=1, text="x",
        speaker=Speaker(name=speaker, role=role) if speaker else None,
        labels=labels, targets={"blame_target": None}, model="m", prompt_version="classify-v2",
        codebook="fentanyl-diplomacy@2", codebook_hash="h", lang=lang,
    )


RECORDS = [
    rec("gt", "Mao Ning", ["denies_production"], "en", "Chinese Foreign Ministry spokesperson"),
    rec("mfa", "毛宁", ["denies_production"], "zh", "外交部发言人"),
    rec("efe", "Mao Ning", [], "es", "portavoz del Ministerio chino de Asuntos Exteriores"),
    rec("cronica", "López Obrador", ["offers_cooperation"], "es"),
    rec("ap", "Lopez Obrador", [], "en"),
    rec("hk01", "洛佩斯·奥夫拉多尔", [], "zh"),
    rec("x", None, [], "en"),
]


def rows(summary: object) -> dict[str, tuple[int, int]]:
    return {r.group: (r.sentences, len(r.articles)) for r in summary.rows}  # type: ignore[attr-defined]


def test_the_shipped_table_merges_a_person_across_languages() -> None:
    merged = rows(summarize(RECORDS, aliases=load_aliases()))
    assert merged["Mao Ning"] == (3, 3)
    assert merged["Andrés Manuel López Obrador"] == (3, 3)
    assert set(merged) == {"Mao Ning", "Andrés Manuel López Obrador", "(journalist)"}
    apart = rows(summarize(RECORDS))  # without a table, each spelling is a row
    assert {"Mao Ning", "毛宁", "López Obrador", "Lopez Obrador", "洛佩斯·奥夫拉多尔"} <= set(apart)


def test_a_merged_row_keeps_its_affiliation_and_labels() -> None:
    s = summarize(RECORDS, aliases=load_aliases())
    mao = next(r for r in s.rows if r.group == "Mao Ning")
    assert mao.affiliation == "China" and mao.counts["denies_production"] == 2


def test_user_tables_merge_over_the_shipped_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('"Mao Ning (MFA)" = ["Mao Ning", "毛宁"]\n"Ana Ruiz" = "Ruiz"\n', encoding="utf-8")
    a = load_aliases([mine])
    assert a.canonical("毛宁") == "Mao Ning (MFA)" and a.canonical("ruiz") == "Ana Ruiz"
    assert a.canonical("Xi") == "Xi Jinping"  # the shipped entries stay
    only = load_aliases([mine], default=False)
    assert only.canonical("Xi") == "Xi" and len(only) == 2


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('"A" = ["B"]\n"C" = ["b"]\n', "'b' is an alias of both 'A' and 'C'"),
        ('"A" = [1]\n', "'A' must map to a list of names"),
        ('"A" = ["B"\n', "invalid alias file"),
    ],
)
def test_bad_alias_files(tmp_path: Path, body: str, says: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=says):
        load_aliases([bad])


def _results(tmp_path: Path) -> Path:
    out = tmp_path / "results.jsonl"
    out.write_text("".join(r.model_dump_json() + "\n" for r in RECORDS), encoding="utf-8")
    return out


def test_cli_summarize_merges_by_default_and_not_with_no_aliases(tmp_path: Path) -> None:
    results = _results(tmp_path)
    run = CliRunner().invoke(cli, ["summarize", str(results), "-o", "-"])
    assert run.exit_code == 0, run.output
    speakers = [line.split(",")[0] for line in run.stdout.splitlines()[1:]]
    assert speakers.count("Mao Ning") == 1 and "毛宁" not in speakers
    run = CliRunner().invoke(cli, ["summarize", str(results), "-o", "-", "--no-aliases"])
    assert "毛宁" in [line.split(",")[0] for line in run.stdout.splitlines()[1:]]


def test_cli_summarize_with_a_bad_alias_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    results = _results(tmp_path)
    run = CliRunner().invoke(cli, ["summarize", str(results), "--aliases", str(tmp_path / "missing.toml")])
    assert run.exit_code == 2 and "Traceback" not in run.output
    assert run.stderr.strip().splitlines() == [f"error: no such alias file: {tmp_path / 'missing.toml'}"]


def test_shipped_table_covers_the_debate() -> None:
    a = load_aliases()
    for name, canonical in {
        "毛寧": "Mao Ning", "林剑": "Lin Jian", "郭嘉昆": "Guo Jiakun", "王毅": "Wang Yi",
        "習近平": "Xi Jinping", "Sheinbaum": "Claudia Sheinbaum", "AMLO": "Andrés Manuel López Obrador",
        "Ebrard": "Marcelo Ebrard", "川普": "Donald Trump", "拜登": "Joe Biden", "布林肯": "Antony Blinken",
        "中方": "Chinese government", "Gobierno de México": "Mexican government", "EE.UU.": "US government",
        "美方": "US government", "Pekín": "Chinese government",
    }.items():
        assert a.canonical(name) == canonical, name
    assert json.dumps(a.table, ensure_ascii=False)  # plain data
    assert "aliases" not in shipped_codebooks()  # the table ships beside the codebooks, not as one
