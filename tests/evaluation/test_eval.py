"""The eval harness end to end on a small gold set built in the test's folder: record
with the fault server (an oracle that answers from a table), replay offline, score by
hand-computed figures, reports, comparison, agreement, and no key in anything written.
One test replays the shipped cassettes over the whole gold set in fixtures/."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance.cli import EMBEDDED_NOTE, cli
from stance.config import resolve_settings
from stance.errors import CassettesOutOfDate, EvalError
from stance.evaluation import checkout_root, default_cassettes, replay_config, run_eval, score
from stance.model import load_prompt
from tests.fakes import sentence_of
from tests.faultserver import FaultServer

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = load_prompt().version  # the default prompt's version
EMBEDDED_SET = replay_config(None, load_prompt())  # what a plain `stance eval` replays

PORT = (
    "Port talks resume in Lisbon.\n"
    "The two governments agreed to share data on seized chemicals. Officials met on Monday.\n"
    "The Health Ministry said the drug is not made in the country. Seizures rose by a third last year.\n"
)
RIVER = (
    "Water dispute deepens.\n"
    "The upstream states are to blame for the drought. Talks stalled in March.\n"
    "The accusation is false and we reject it.\n"
)
MINISTRY = {"name": "Health Ministry", "role": None, "kind": "body", "aliases": []}
RIVER_CODEBOOK = """
name = "river-dispute"
version = "1"
[[labels]]
name = "rejects_charge"
definition = "The speaker rejects a charge against their own side."
keywords = ["reject"]
[[labels]]
name = "assigns_fault"
definition = "The speaker holds another party responsible."
target = "culprit"
keywords = ["blame"]
"""
# What the oracle model answers per sentence; every other sentence gets no label.
ORACLE = {
    "The two governments agreed to share data on seized chemicals.": {"offers_cooperation": True},
    "Officials met on Monday.": {"offers_cooperation": True},  # a false positive
    # "The Health Ministry said the drug is not made in the country." — missed (false negative)
    "The upstream states are to blame for the drought.": {"assigns_fault": True, "culprit": "The upstream states"},
    "The accusation is false and we reject it.": {"rejects_charge": True},
}


def _gold_sentences(text: str, labels: list[tuple[list[str], dict[str, str | None], Any]]) -> list[dict[str, Any]]:
    out, pos = [], 0
    parts = [p for line in text.splitlines() for p in _split(line)]
    for k, (part, (labs, targets, speaker)) in enumerate(zip(parts, labels, strict=True)):
        start = text.index(part, pos)
        pos = start + len(part)
        out.append({"index": k, "start": start, "end": pos, "text": part, "speaker": speaker,
                    "labels": labs, "targets": targets})
    return out


def _split(line: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in line.split(". ")]


def make_gold(root: Path) -> Path:
    """Two articles: one on the default codebook (dev), one on a codebook of the gold
    folder's own (test)."""
    gold = root / "gold"
    for sub in ("labels", "articles", "codebooks"):
        (gold / sub).mkdir(parents=True)
    (gold / "articles" / "port.txt").write_text(PORT, encoding="utf-8")
    (gold / "articles" / "river.txt").write_text(RIVER, encoding="utf-8")
    (gold / "codebooks" / "river-dispute.toml").write_text(RIVER_CODEBOOK, encoding="utf-8")
    none = {"blame_target": None}
    port = _gold_sentences(PORT, [
        ([], none, None), (["offers_cooperation"], none, None), ([], none, None),
        (["denies_production"], none, MINISTRY), ([], none, None),
    ])
    river = _gold_sentences(RIVER, [
        ([], {"culprit": None}, None), (["assigns_fault"], {"culprit": "upstream states"}, None),
        ([], {"culprit": None}, None), (["rejects_charge"], {"culprit": None}, None),
    ])
    for article, sentences, book, lang in (
        ("port", port, "fentanyl-diplomacy", "en"), ("river", river, "river-dispute", "en"),
    ):
        doc = {"article": article, "lang": lang, "codebook": book, "source": None, "coder": "A", "sentences": sentences}
        (gold / "labels" / f"{article}.json").write_text(json.dumps(doc), encoding="utf-8")
    split = {"articles": {"port": {"split": "dev"}, "river": {"split": "test"}}}
    (gold / "split.json").write_text(json.dumps(split), encoding="utf-8")
    return gold


def oracle(table: dict[str, dict[str, Any]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A model that answers any codebook's schema from ``table``."""

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        props = body["response_format"]["json_schema"]["schema"]["properties"]
        given = table.get(sentence_of(body), {})
        out = {k: given.get(k, False if v.get("type") == "boolean" else None) for k, v in props.items()}
        return {**out, "rationale": "oracle"}

    return answer


def record(gold: Path, cassettes: Path, table: dict[str, dict[str, Any]] = ORACLE, config: str = EMBEDDED_SET,
           **kw: Any) -> tuple[Any, FaultServer]:
    with FaultServer(answer=oracle(table)) as server:
        settings = resolve_settings(env={}, base_url=server.url, model="oracle-model")
        run = run_eval(record=True, gold_dir=gold, cassettes=cassettes, settings=settings, config=config, **kw)
    return run, server


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return make_gold(tmp_path)


@pytest.fixture
def cassettes(gold: Path, tmp_path: Path) -> Path:
    record(gold, tmp_path / "cassettes")
    return tmp_path / "cassettes"


def test_each_article_is_asked_with_its_own_codebook_and_language(gold: Path, tmp_path: Path) -> None:
    run, server = record(gold, tmp_path / "cassettes")
    schemas = {r.sentence: r.body["response_format"]["json_schema"]["schema"]["properties"] for r in server.log}
    assert set(schemas["Water dispute deepens."]) == {"rejects_charge", "assigns_fault", "culprit", "rationale"}
    assert "culprit" not in schemas["Port talks resume in Lisbon."]
    assert {r.codebook for r in run.records["river"]} == {"river-dispute@1"}
    assert {r.lang for v in run.records.values() for r in v} == {"en"}
    assert sorted(p.name for p in (tmp_path / "cassettes" / EMBEDDED_SET).iterdir()) == ["meta.json", "port.yaml", "river.yaml"]
    meta = json.loads((tmp_path / "cassettes" / EMBEDDED_SET / "meta.json").read_text())
    assert set(meta["codebooks"]) == {"fentanyl-diplomacy", "river-dispute"}
    # replay answers every request from the cassettes, with the same records
    replayed = run_eval(gold_dir=gold, cassettes=tmp_path / "cassettes")
    assert replayed.usage["requests"] == server.received
    assert {k: [(r.labels, r.targets) for r in v] for k, v in replayed.records.items()} == {
        k: [(r.labels, r.targets) for r in v] for k, v in run.records.items()
    }


def _fig(block: dict[str, Any], key: str) -> tuple[float | None, float | None, float | None]:
    f = block[key]
    return f["value"], f["ci"][0], f["ci"][1]


def test_figures_and_intervals_by_hand(gold: Path, cassettes: Path) -> None:
    s = score(run_eval(gold_dir=gold, cassettes=cassettes))
    model = s["overall"]["model"]
    # port: cooperation tp 1 fp 1; denial fn 1; exact 3/5. river: both labels right, 4/4.
    assert model["offers_cooperation.precision"]["value"] == pytest.approx(0.5)
    assert model["denies_production.recall"]["value"] == 0.0
    assert model["assigns_fault.f1"]["value"] == 1.0
    assert model["micro_f1"]["value"] == pytest.approx(6 / 8)
    assert model["macro_f1"]["value"] == pytest.approx((2 / 3 + 0 + 0 + 1 + 1) / 5)
    assert model["exact_match"]["value"] == pytest.approx(7 / 9)
    # two articles: the interval runs from the figure on one article to the other
    assert _fig(s["overall"]["model"], "micro_f1")[1:] == (pytest.approx(0.5), pytest.approx(1.0))
    assert _fig(s["overall"]["model"], "exact_match")[1:] == (pytest.approx(3 / 5), pytest.approx(1.0))
    assert _fig(s["overall"]["model"], "macro_f1")[1:] == (pytest.approx(2 / 9), pytest.approx(1.0))
    assert _fig(model, "speaker_accuracy") == (1.0, 1.0, 1.0)
    assert model["target.culprit"]["value"] == 1.0  # "The upstream states" is "upstream states"
    assert model["target.blame_target"]["value"] is None  # no sentence to compare on
    assert s["overall"]["majority"]["exact_match"]["value"] == pytest.approx(5 / 9)
    # slices
    assert s["slices"]["split"]["dev"]["model"]["micro_f1"]["value"] == pytest.approx(0.5)
    assert _fig(s["slices"]["split"]["test"]["model"], "micro_f1") == (1.0, 1.0, 1.0)
    assert set(s["slices"]["codebook"]) == {"fentanyl-diplomacy", "river-dispute"}
    assert "denies_production.f1" not in s["slices"]["codebook"]["river-dispute"]["model"]
    assert s["slices"]["speaker_kind"]["body"]["sentences"] == 1
    assert s["slices"]["speaker_kind"]["journalist"]["sentences"] == 8
    # every disagreement is listed
    assert [(d["article"], d["text"], d["kinds"]) for d in s["disagreements"]] == [
        ("port", "Officials met on Monday.", ["labels"]),
        ("port", "The Health Ministry said the drug is not made in the country.", ["labels"]),
    ]
    assert s["labels"]["assigns_fault"] == {"codebook": "river-dispute", "label": "assigns_fault", "support": 1}


def test_stale_cassettes_fail_loudly_and_re_recording_fixes_them(gold: Path, cassettes: Path, tmp_path: Path) -> None:
    src = (ROOT / "prompts" / f"{DEFAULT}.toml").read_text(encoding="utf-8")
    assert "careful annotator" in src
    (tmp_path / "prompt.toml").write_text(src.replace("careful annotator", "meticulous annotator"), encoding="utf-8")
    prompt = load_prompt(tmp_path / "prompt.toml")
    with pytest.raises(CassettesOutOfDate, match="cassettes out of date: re-record"):
        run_eval(gold_dir=gold, cassettes=cassettes, prompt=prompt)
    record(gold, cassettes, prompt=prompt)
    assert run_eval(gold_dir=gold, cassettes=cassettes, prompt=prompt).usage["requests"] > 0
    with pytest.raises(CassettesOutOfDate):
        run_eval(gold_dir=gold, cassettes=cassettes)
    # a gold article without a cassette
    (cassettes / EMBEDDED_SET / "river.yaml").unlink()
    with pytest.raises(CassettesOutOfDate, match="no cassette for article river"):
        run_eval(gold_dir=gold, cassettes=cassettes, prompt=prompt)


def test_replay_ignores_an_exported_endpoint_and_writes_reports_to_the_current_directory(
    gold: Path, cassettes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("STANCE_CODEBOOK", str(tmp_path / "missing.toml"))
    def checkout_files() -> set[Path]:
        return {*ROOT.iterdir(), *(ROOT / "eval").rglob("*"), *(ROOT / "stance").rglob("*.md"),
                *(ROOT / "stance").rglob("*.json")}

    before = checkout_files()
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--cassettes", str(cassettes)])
    assert result.exit_code == 0, result.output
    assert "micro F1" in result.output and "speaker accuracy" in result.output
    data = json.loads((elsewhere / f"{EMBEDDED_SET}.json").read_text())
    md = (elsewhere / f"{EMBEDDED_SET}.md").read_text()
    assert data["overall"]["sentences"] == 9 and "## Disagreements (2)" in md and "## Slices" in md
    assert checkout_files() == before  # nothing written into the checkout
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--cassettes", str(cassettes), "--out", str(out)])
    assert result.exit_code == 0 and (out / f"{EMBEDDED_SET}.md").is_file()


def test_record_score_and_compare_two_prompts_on_an_endpoint(gold: Path, tmp_path: Path) -> None:
    """The README's loop: record on an endpoint (one command each), replay, compare."""
    src = (ROOT / "prompts" / f"{DEFAULT}.toml").read_text(encoding="utf-8")
    (tmp_path / "mine.toml").write_text(
        src.replace(f'version = "{DEFAULT}"', 'version = "mine-v2"').replace("careful", "meticulous"), encoding="utf-8"
    )
    common = ["--gold", str(gold), "--cassettes", str(tmp_path / "c"), "--out", str(tmp_path / "o")]
    with FaultServer(answer=oracle(ORACLE)) as server:
        for extra in ([], ["--prompt", str(tmp_path / "mine.toml")]):
            result = CliRunner().invoke(cli, ["eval", "--record", "--base-url", server.url, "--model", "my-model",
                                              *common, *extra])
            assert result.exit_code == 0, result.output
        sent = server.received
    assert {p.parent.name for p in (tmp_path / "c").glob("*/river.yaml")} == {f"my-model__{DEFAULT}", "my-model__mine-v2"}
    replay = CliRunner().invoke(cli, ["eval", "--model", "my-model", "--prompt", str(tmp_path / "mine.toml"), *common])
    assert replay.exit_code == 0, replay.output
    assert f"{sent // 2} requests" in replay.output
    a, b = (str(tmp_path / "o" / f"my-model__{v}.json") for v in (DEFAULT, "mine-v2"))
    result = CliRunner().invoke(cli, ["eval", "compare", a, b])
    assert result.exit_code == 0, result.output
    assert "A and B are indistinguishable on micro F1 (+0.000" in " ".join(result.output.split())


def test_outside_a_checkout_it_says_what_to_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import stance.evaluation._gold as gold_module

    assert checkout_root() == ROOT
    monkeypatch.setattr(gold_module, "checkout_root", lambda: None)
    result = CliRunner().invoke(cli, ["eval"])
    assert result.exit_code == EvalError.exit_code
    (line,) = result.output.strip().splitlines()
    assert "--gold DIR" in line and "--cassettes DIR" in line
    result = CliRunner().invoke(cli, ["eval", "--gold", str(ROOT / "fixtures")])
    (line,) = result.output.strip().splitlines()
    assert result.exit_code == EvalError.exit_code and "pass --cassettes DIR" in line


def test_codebooks_are_resolved_or_named(gold: Path, cassettes: Path, tmp_path: Path) -> None:
    (gold / "codebooks" / "river-dispute.toml").unlink()
    with pytest.raises(EvalError, match=r"river-dispute.*--codebook FILE"):
        run_eval(gold_dir=gold, cassettes=cassettes)
    (tmp_path / "other.toml").write_text(RIVER_CODEBOOK.replace("river-dispute", "other"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--cassettes", str(cassettes),
                                      "--codebook", str(tmp_path / "other.toml")])
    assert result.exit_code == EvalError.exit_code and "'other' is used by no gold article" in result.output
    (tmp_path / "river.toml").write_text(RIVER_CODEBOOK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--cassettes", str(cassettes),
                                      "--codebook", str(tmp_path / "river.toml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_compare_gives_paired_differences_and_a_verdict(gold: Path, tmp_path: Path) -> None:
    record(gold, tmp_path / "good", config="good")
    record(gold, tmp_path / "bad", table={}, config="bad")  # a model that never labels
    for name in ("good", "bad"):
        s = score(run_eval(gold_dir=gold, cassettes=tmp_path / name, config=name))
        (tmp_path / f"{name}.json").write_text(json.dumps(s))
    run = CliRunner().invoke
    result = run(cli, ["eval", "compare", str(tmp_path / "bad.json"), str(tmp_path / "good.json")])
    assert result.exit_code == 0, result.output
    # micro F1 0 → 0.75; on each article alone +0.5 and +1.0: B is better
    assert "B is better than A on micro F1 (+0.750, 95 % CI [+0.500, +1.000])" in " ".join(result.output.split())
    result = run(cli, ["eval", "compare", str(tmp_path / "good.json"), str(tmp_path / "good.json")])
    assert "A and B are indistinguishable on micro F1 (+0.000" in " ".join(result.output.split())
    bad = run(cli, ["eval", "compare", str(tmp_path / "good.json"), str(ROOT / "pyproject.toml")])
    assert bad.exit_code == EvalError.exit_code and "cannot read eval results" in bad.output
    (tmp_path / "c.json").write_text('{"x": 1}')
    bad = run(cli, ["eval", "compare", str(tmp_path / "good.json"), str(tmp_path / "c.json")])
    assert bad.exit_code == EvalError.exit_code and "not a `stance eval` JSON report" in bad.output


def test_agreement_by_hand(gold: Path, tmp_path: Path) -> None:
    b_dir = tmp_path / "coder-b"
    b_dir.mkdir()
    doc = json.loads((gold / "labels" / "port.json").read_text())
    doc["sentences"][2]["labels"] = ["offers_cooperation"]  # B adds one label
    doc["sentences"][3]["speaker"] = {"name": "health ministry", "aliases": []}  # same speaker, spelt differently
    (b_dir / "port.json").write_text(json.dumps(doc))
    result = CliRunner().invoke(cli, ["eval", "agreement", str(gold / "labels"), str(b_dir), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "agreement.json").read_text())
    f = data["figures"]
    # cooperation: A 0 1 0 0 0, B 0 1 1 0 0 → observed 4/5, chance 0.2·0.4 + 0.8·0.6
    assert f["offers_cooperation.kappa"]["value"] == pytest.approx((0.8 - 0.56) / (1 - 0.56))
    assert f["offers_cooperation.alpha"]["value"] == pytest.approx(1 - 9 * 1 / (7 * 3))
    assert f["speaker_accuracy"]["value"] == 1.0 and f["boundary_f1"]["value"] == 1.0
    assert data["articles"] == ["port"] and len(data["disagreements"]) == 1


def test_agreement_of_the_two_coders_in_fixtures() -> None:
    result = CliRunner().invoke(cli, ["eval", "agreement", str(ROOT / "fixtures" / "labels"),
                                      str(ROOT / "fixtures" / "labels-second")])
    assert result.exit_code == 0, result.output
    assert "12 articles, 138 aligned sentences" in " ".join(result.output.split())


def test_key_from_the_environment_reaches_no_cassette_cache_or_log(
    gold: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    sentinel = "sk-" + "SENTINEL-7f3a9c2e1b8d4f60"  # made up, sent through the environment
    with FaultServer(api_key=sentinel, answer=oracle(ORACLE)) as server:  # answers only when the key was sent
        monkeypatch.setenv("OPENAI_API_KEY", sentinel)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        caplog.set_level(logging.DEBUG)
        result = CliRunner().invoke(cli, ["eval", "--record", "--model", "m", "--gold", str(gold),
                                          "--cassettes", str(tmp_path / "c"), "--out", str(tmp_path / "o")])
        assert result.exit_code == 0, result.output
        assert server.received > 0
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert sum(p.suffix == ".yaml" for p in written) == 2
    for p in written:
        assert sentinel.encode() not in p.read_bytes(), f"key leaked into {p}"
    out, err = capfd.readouterr()
    assert sentinel not in out + err + caplog.text + result.output


def test_shipped_cassettes_replay_the_whole_gold_set() -> None:
    """The shipped recording of the embedded model over every article of fixtures/.
    Fails until the cassettes are recorded for the current gold, prompt and codebooks."""
    folder = default_cassettes() / EMBEDDED_SET
    try:
        run = run_eval()
    except (CassettesOutOfDate, EvalError) as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        pytest.fail(
            f"the shipped cassettes in {folder} do not match the current gold set, prompt and codebooks "
            f"({problem}); record them with `stance eval --record` once prompts and attribution are final"
        )
    import yaml

    recorded = sum(len(yaml.safe_load(p.read_text())["interactions"]) for p in folder.glob("*.yaml"))
    gold_ids = sorted(p.stem for p in (ROOT / "fixtures" / "labels").glob("*.json"))
    assert sorted(run.records) == gold_ids
    assert run.usage["requests"] == recorded  # re-asks replay too
    s = score(run)
    assert s["overall"]["sentences"] == sum(
        len(json.loads((ROOT / "fixtures" / "labels" / f"{i}.json").read_text())["sentences"]) for i in gold_ids
    )
    # the CLI's warning about the embedded model quotes these very figures
    assert f"micro-F1 {s['overall']['model']['micro_f1']['value']:.2f}" in EMBEDDED_NOTE
    assert f"keyword baseline: {s['overall']['keyword']['micro_f1']['value']:.2f}" in EMBEDDED_NOTE

