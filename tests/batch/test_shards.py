"""Shards cover every article exactly once; caches exported from several machines and
imported into one give the same output as one machine; import keeps what a cache holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stance.batch import Shard, in_shard
from stance.cli import cli
from stance.errors import ConfigError
from stance.text import iter_articles
from stance.types import Article
from tests.fakes import KEY
from tests.faultserver import FaultServer

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def stance(cache: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"OPENAI_API_KEY": KEY, "STANCE_CACHE_DIR": str(cache)})


def classify(server: FaultServer, cache: Path, out: Path, *extra: str) -> list[dict[str, Any]]:
    res = stance(cache, "classify", str(ARTICLES), "-o", str(out), "--base-url", server.url, "--model", "m",
                 "--concurrency", "8", *extra)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def without_cached(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "cached"} for r in records]


def test_shards_partition_any_corpus() -> None:
    ids = [f"article-{i}" for i in range(2_000)] + ["", "ü", "a/b:3"]
    for n in (1, 2, 3, 7):
        owners = [[s for s in range(1, n + 1) if Shard(s, n).owns(i)] for i in ids]
        assert all(len(o) == 1 for o in owners)
        sizes = [sum(o == [s] for o in owners) for s in range(1, n + 1)]
        assert min(sizes) > len(ids) / n * 0.8  # no shard is starved
    assert Shard.parse(" 2 / 8 ") == Shard(2, 8) and str(Shard(2, 8)) == "2/8"
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/2"):
        with pytest.raises(ConfigError, match="shard"):
            Shard.parse(bad)


def test_classify_shards_cover_the_corpus_once_and_merged_caches_match_one_machine(
    server: FaultServer, tmp_path: Path
) -> None:
    one = classify(server, tmp_path / "one-cache", tmp_path / "one.jsonl")
    n = 3
    seen: list[str] = []
    exports = []
    for i in range(1, n + 1):
        cache = tmp_path / f"machine-{i}"
        part = classify(server, cache, tmp_path / f"part-{i}.jsonl", "--shard", f"{i}/{n}")
        seen += list(dict.fromkeys(r["article"] for r in part))
        exports.append(tmp_path / f"answers-{i}.jsonl")
        res = stance(cache, "cache", "export", "-o", str(exports[-1]))
        assert res.exit_code == 0 and f"exported {len(part)} answers" in res.stderr
    all_ids = [a.id for a in iter_articles([str(ARTICLES)])]
    assert sorted(seen) == sorted(all_ids) and len(seen) == len(set(seen))
    merged = tmp_path / "merged"
    res = stance(merged, "cache", "import", *map(str, exports))
    assert res.exit_code == 0, res.output
    assert f"{len(one)} answers added" in res.stderr
    server.reset_counts()
    pooled = classify(server, merged, tmp_path / "pooled.jsonl")
    assert server.received == 0 and all(r["cached"] for r in pooled)
    assert without_cached(pooled) == without_cached(one)
    # importing the same files again changes nothing
    again = stance(merged, "cache", "import", *map(str, exports))
    assert again.exit_code == 0 and "0 answers added" in again.stderr and f"{len(one)} already there" in again.stderr


def test_import_keeps_the_held_answer_and_counts_conflicts_and_bad_lines(tmp_path: Path, server: FaultServer) -> None:
    art = ARTICLES / "globaltimes-2023-04-06-mao-ning.txt"
    res = stance(tmp_path / "a", "classify", str(art), "-o", str(tmp_path / "a.jsonl"), "--base-url", server.url, "--model", "m")
    assert res.exit_code == 0
    assert stance(tmp_path / "a", "cache", "export", "-o", str(tmp_path / "a-answers.jsonl")).exit_code == 0
    lines = [json.loads(x) for x in (tmp_path / "a-answers.jsonl").read_text().splitlines()]
    theirs = [dict(x, answer={**x["answer"], "rationale": "another machine's reasoning"}) for x in lines[:3]]
    garbage = ["not json", json.dumps({"key": "k", "answer": lines[0]["answer"]}),
               json.dumps({"key": lines[0]["key"], "answer": {"labels": ["x"], "packed": 1}})]
    other = tmp_path / "theirs.jsonl"
    other.write_text("\n".join([*map(json.dumps, theirs), *garbage]) + "\n")
    res = stance(tmp_path / "a", "cache", "import", str(other))
    assert res.exit_code == 2
    assert "3 conflicting (the cached answer kept)" in res.stderr and "0 answers added" in res.stderr
    assert "error: 3 line(s) were not answers" in res.stderr and "theirs.jsonl line 4" in res.stderr
    assert stance(tmp_path / "a", "cache", "export", "-o", str(tmp_path / "after.jsonl")).exit_code == 0
    assert (tmp_path / "after.jsonl").read_text() == (tmp_path / "a-answers.jsonl").read_text()


def test_in_shard_reads_lazily() -> None:
    def endless() -> Iterator[Article]:
        i = 0
        while True:
            yield Article(id=f"a{i}", text="Text.")
            i += 1

    first = next(in_shard(endless(), Shard(2, 2)))
    assert Shard(2, 2).owns(first.id) and not Shard(1, 2).owns(first.id)
