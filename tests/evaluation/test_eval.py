"""The eval harness: offline replay of the shipped cassettes, loud failure on stale
cassettes, re-recording, reports, comparison, and no key in anything written."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stance.cli import EMBEDDED_NOTE, cli, run_classify
from stance.config import resolve_settings
from stance.errors import CassettesOutOfDate
from stance.evaluation import default_cassettes, run_eval, score
from stance.model import DEFAULT_PROMPT, load_prompt
from tests.faultserver import FaultServer

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = default_cassettes() / f"SmolLM2-135M-Instruct.Q4_1__{DEFAULT_PROMPT}"


def _changed_prompt(tmp_path: Path) -> Path:
    src = (ROOT / "prompts" / "classify-v1.toml").read_text(encoding="utf-8")
    assert "careful annotator" in src
    p = tmp_path / "prompt.toml"
    p.write_text(src.replace("careful annotator", "meticulous annotator"), encoding="utf-8")
    return p


def meta_requests(folder: Path) -> int:
    import yaml

    return sum(len(yaml.safe_load(p.read_text())["interactions"]) for p in folder.glob("*.yaml"))


def test_shipped_cassettes_replay_offline_and_deterministically() -> None:
    meta = json.loads((SHIPPED / "meta.json").read_text())
    runs = [score(run_eval()) for _ in range(2)]
    a, b = (r.to_json() for r in runs)
    # the recording's re-asks replay too: as many requests as when it was recorded
    assert a["usage"]["requests"] == meta_requests(SHIPPED)
    assert a["meta"]["model"] == meta["model"] == "SmolLM2-135M-Instruct.Q4_1"
    # every predicted sentence was answered from a recorded response
    assert a["usage"]["requests"] > 0 and a["usage"]["cache_hits"] == 0
    for key in ("labels", "baselines", "speaker", "segmentation", "disagreements", "failed"):
        assert a[key] == b[key]
    assert set(a["labels"]["per_label"]) == {"denies_production", "attributes_blame", "offers_cooperation"}
    assert {"none (majority)", "keyword"} == set(a["baselines"])
    # the CLI's warning about the embedded model quotes these very figures
    assert f"micro-F1 {a['labels']['micro_f1']:.2f}" in EMBEDDED_NOTE
    assert f"keyword baseline: {a['baselines']['keyword']['micro_f1']:.2f}" in EMBEDDED_NOTE


def test_one_changed_word_fails_replay_then_record_fixes_it(tmp_path: Path) -> None:
    prompt = load_prompt(_changed_prompt(tmp_path))
    with pytest.raises(CassettesOutOfDate, match="cassettes out of date: re-record"):
        run_eval(prompt=prompt)

    cassettes = tmp_path / "cassettes"
    shutil.copytree(SHIPPED, cassettes / SHIPPED.name)
    with FaultServer() as server:
        settings = resolve_settings(env={}, base_url=server.url, model="SmolLM2-135M-Instruct.Q4_1")
        recorded = run_eval(record=True, settings=settings, prompt=prompt, cassettes=cassettes, config=SHIPPED.name)
        sent = server.received
    assert sent == recorded.usage["requests"] > 0
    replayed = run_eval(prompt=prompt, cassettes=cassettes, config=SHIPPED.name)
    assert replayed.usage["requests"] == sent
    assert {k: [r.labels for r in v] for k, v in replayed.records.items()} == {
        k: [r.labels for r in v] for k, v in recorded.records.items()
    }
    # the original prompt no longer matches the re-recorded cassettes
    with pytest.raises(CassettesOutOfDate):
        run_eval(cassettes=cassettes, config=SHIPPED.name)


def test_key_from_the_environment_reaches_no_cassette_cache_or_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    sentinel = "sk-" + "SENTINEL-7f3a9c2e1b8d4f60"  # made up, sent through the environment
    cache = tmp_path / "cache"
    with FaultServer(api_key=sentinel) as server:  # answers only when the key was sent
        monkeypatch.setenv("OPENAI_API_KEY", sentinel)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("STANCE_MODEL", "m")
        monkeypatch.setenv("STANCE_CACHE_DIR", str(cache))
        caplog.set_level(logging.DEBUG)
        run = run_eval(record=True, cassettes=tmp_path / "cassettes")
        assert run.usage["requests"] > 0 and not any(r.error for v in run.records.values() for r in v)
        code = run_classify([str(ROOT / "fixtures" / "articles")], settings=resolve_settings(), output=str(tmp_path / "out.jsonl"), quiet=False)
        assert code == 0 and server.received > run.usage["requests"]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".yaml" for p in written) and any(p.parent.name == "cache" for p in written)
    for p in written:
        assert sentinel.encode() not in p.read_bytes(), f"key leaked into {p}"
    out, err = capfd.readouterr()
    assert sentinel not in out + err + caplog.text


def test_eval_cli_prints_scores_and_writes_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "micro F1" in result.output and "speaker accuracy" in result.output
    md = (tmp_path / f"{SHIPPED.name}.md").read_text()
    data = json.loads((tmp_path / f"{SHIPPED.name}.json").read_text())
    assert "## Stance labels" in md and "## Disagreements" in md
    assert data["meta"]["recorded"] and data["labels"]["n"] > 0


def test_compare_shows_two_runs_side_by_side(tmp_path: Path) -> None:
    a = score(run_eval()).to_json()
    b = json.loads(json.dumps(a))
    b["config"] = "other"
    b["labels"]["per_label"]["offers_cooperation"]["f1"] = a["labels"]["per_label"]["offers_cooperation"]["f1"] + 0.25
    (tmp_path / "a.json").write_text(json.dumps(a))
    (tmp_path / "b.json").write_text(json.dumps(b))
    result = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "offers_cooperation F1" in line)
    assert "+0.250" in row
    bad = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a.json"), str(ROOT / "pyproject.toml")])
    assert bad.exit_code == 2 and "cannot read eval results" in bad.output
    (tmp_path / "c.json").write_text('{"x": 1}')
    bad = CliRunner().invoke(cli, ["eval", "compare", str(tmp_path / "a.json"), str(tmp_path / "c.json")])
    assert bad.exit_code == 2 and "not a `stance eval` JSON report" in bad.output
