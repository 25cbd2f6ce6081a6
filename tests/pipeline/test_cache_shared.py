"""One cache directory shared by concurrent processes stays correct; a corrupted or
unusable cache costs a warning and fresh requests, never a crash."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import diskcache
import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.pipeline import AnswerCache, Classifier
from stance.text import iter_articles
from tests.fakes import KEY
from tests.faultserver import FaultServer, child_env, stance_command

SENTENCES = [
    "Mexico does not produce fentanyl, official {i} said.",
    "The root cause lies within the United States, report {i} found.",
    "China is open to cooperation with Mexico in round {i}.",
    "Talks in round {i} ended at noon.",
]



def _corpus(path: Path, ids: range) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in ids:
            fh.write(json.dumps({"id": f"a{i}", "text": " ".join(s.format(i=i) for s in SENTENCES)}) + "\n")
    return path


def _labels(path: Path) -> dict[tuple[str, int], list[str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        assert r["error"] is None
        out[(r["article"], r["index"])] = r["labels"]
    return out


def test_two_processes_share_one_cache_directory(server: FaultServer, tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    a = _corpus(tmp_path / "a.jsonl", range(0, 10))
    b = _corpus(tmp_path / "b.jsonl", range(5, 15))  # articles 5..9 in both

    def start(corpus: Path, out: Path) -> subprocess.Popen[str]:
        argv = stance_command(
            "classify", str(corpus), "-o", str(out), "--base-url", server.url, "--model", "m",
            "--concurrency", "4", "--cache-dir", str(shared),
        )
        return subprocess.Popen(argv, env=child_env(OPENAI_API_KEY=KEY), stderr=subprocess.PIPE, text=True)

    server.pause()  # hold requests until both runs have some in flight: they overlap for sure
    procs = [start(a, tmp_path / "a.out.jsonl"), start(b, tmp_path / "b.out.jsonl")]
    deadline = time.monotonic() + 30
    while server.in_flight < 8 and time.monotonic() < deadline and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    server.resume()
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    assert server.peak_in_flight == 8  # four from each
    together = {**_labels(tmp_path / "a.out.jsonl"), **_labels(tmp_path / "b.out.jsonl")}

    articles = list(iter_articles([str(_corpus(tmp_path / "union.jsonl", range(0, 15)))]))
    opts: dict[str, Any] = {"base_url": server.url, "model": "m", "api_key": KEY}
    with Classifier(cache_dir=tmp_path / "own-cache", **opts) as clf:  # one process, own cache
        expected = {(r.article, r.index): r.labels for r in clf.stream(articles)}
    assert together == expected and len(expected) == 15 * len(SENTENCES)

    # the shared cache now answers the whole union, correctly and without a request
    server.reset_counts()
    with Classifier(cache_dir=shared, **opts) as clf:
        again = list(clf.stream(articles))
    assert server.received == 0 and all(r.cached for r in again)
    assert {(r.article, r.index): r.labels for r in again} == expected
    with sqlite3.connect(shared / "cache.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _classify(server: FaultServer, article: Path, cache: Path) -> Any:
    # the cache directory through the environment: --cache-dir would refuse a file itself
    args = ["classify", str(article), "--base-url", server.url, "--model", "m"]
    return CliRunner().invoke(cli, args, env={"OPENAI_API_KEY": KEY, "STANCE_CACHE_DIR": str(cache)})


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(" ".join(s.format(i=1) for s in SENTENCES) + "\n", encoding="utf-8")
    return path


def test_garbage_in_the_cache_database_is_a_warning_and_a_fresh_request(server: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "cache.db").write_bytes(b"this is not a database " * 500)
    result = _classify(server, _article(tmp_path), cache)
    assert result.exit_code == 0, result.output
    assert "WARNING: cache at" in result.stderr and "unusable" in result.stderr
    assert "Traceback" not in result.output
    assert server.received == len(SENTENCES)
    assert len(result.stdout.splitlines()) == len(SENTENCES)


def test_a_cache_database_damaged_after_use_is_a_warning_and_a_fresh_request(server: FaultServer, tmp_path: Path) -> None:
    cache, article = tmp_path / "cache", _article(tmp_path)
    assert _classify(server, article, cache).exit_code == 0
    db = cache / "cache.db"
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # keep the header page, wreck the rest
    db.write_bytes(bytes(data))
    server.reset_counts()
    result = _classify(server, article, cache)
    assert result.exit_code == 0, result.output
    assert "WARNING: cache" in result.stderr and "Traceback" not in result.output
    assert server.received == len(SENTENCES)
    assert [json.loads(line)["labels"] for line in result.stdout.splitlines()] == [
        ["denies_production"], ["attributes_blame"], ["offers_cooperation"], []
    ]


def test_a_cache_path_that_is_a_file_is_a_warning(server: FaultServer, tmp_path: Path) -> None:
    not_a_dir = tmp_path / "cache"
    not_a_dir.write_text("I am a file\n")
    result = _classify(server, _article(tmp_path), not_a_dir)
    assert result.exit_code == 0, result.output
    assert f"WARNING: cache at {not_a_dir} unusable" in result.stderr
    assert server.received == len(SENTENCES)


@pytest.mark.parametrize(
    "entry",
    [{"labels": 5}, {"labels": ["pwned"]}, {"labels": [], "targets": {"who": "x"}}],
    ids=["wrong-type", "unknown-label", "unknown-target"],
)
def test_cached_answers_that_do_not_fit_the_codebook_are_asked_again(
    server: FaultServer, tmp_path: Path, entry: dict[str, Any]
) -> None:
    cache, article = tmp_path / "cache", _article(tmp_path)
    assert _classify(server, article, cache).exit_code == 0
    with diskcache.Cache(str(cache)) as raw:  # as a buggy or hostile writer might leave them
        for key in list(raw):
            raw[key] = json.dumps(entry)
    server.reset_counts()
    result = _classify(server, article, cache)
    assert result.exit_code == 0, result.output
    assert "cache read failed (entry does not fit the codebook)" in result.stderr
    assert server.received == len(SENTENCES)
    assert [json.loads(line)["labels"] for line in result.stdout.splitlines()] == [
        ["denies_production"], ["attributes_blame"], ["offers_cooperation"], []
    ]


@pytest.mark.parametrize("raw", ["not json {", "[1, 2, 3]", '"a string"'], ids=["not-json", "list", "string"])
def test_an_unreadable_cache_entry_is_a_miss(tmp_path: Path, raw: str, caplog: pytest.LogCaptureFixture) -> None:
    cache = AnswerCache(tmp_path / "cache")
    cache._cache.set("k", raw)  # as another (buggy or hostile) writer might have left it
    with caplog.at_level(logging.WARNING, logger="stance"):
        assert cache.get("k") is None
    assert "cache read failed" in caplog.text
    cache.set("k", {"labels": []})
    assert cache.get("k") == {"labels": []}
    cache.close()
