"""Batch input files: the very bytes the online path sends, keyed by the cache key, only
for sentences the cache cannot answer, split into numbered parts at the limits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance.batch import Limits, is_key, is_packed, prepare
from stance.cli import cli
from stance.errors import CacheError, ConfigError
from stance.pipeline import Classifier
from stance.text import attribute_text, iter_articles
from tests.fakes import FakeClient

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "fixtures" / "articles"
SEED = [ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt", ARTICLES / "globaltimes-2023-04-06-mao-ning.txt"]
URL = "http://batch.test/v1"


@dataclass
class Capturing(FakeClient):
    """A fake client that keeps the exact bytes of every body it is sent."""

    sent: list[bytes] = field(default_factory=list)

    async def post(self, path: str, *, cast_to: Any, content: bytes | None = None, **kw: Any) -> Any:
        assert content is not None
        self.sent.append(content)
        return await super().post(path, cast_to=cast_to, content=content, **kw)


def online_bodies(tmp_path: Path, **options: Any) -> list[bytes]:
    client = Capturing()
    with Classifier(client=client, base_url=URL, model="m", cache_dir=tmp_path / "online", concurrency=1, **options) as c:
        assert all(r.error is None for r in c.stream(iter_articles([str(p) for p in SEED])))
    return client.sent


def request_lines(paths: list[Path]) -> list[bytes]:
    return [line for p in paths for line in p.read_bytes().splitlines()]


def body_of(line: bytes) -> bytes:
    """The body exactly as it stands in the line (not re-serialised)."""
    head, _, rest = line.partition(b',"body":')
    assert head.startswith(b'{"custom_id":') and rest.endswith(b"}")
    return rest[:-1]


def prepared(tmp_path: Path, limits: Limits | None = None, **options: Any) -> tuple[Any, Classifier]:
    clf = Classifier(base_url=URL, model="m", **options)
    stats = prepare(clf, iter_articles([str(p) for p in SEED]), tmp_path / "requests.jsonl", limits)
    return stats, clf


def test_every_body_is_byte_identical_to_the_online_request(tmp_path: Path) -> None:
    online = online_bodies(tmp_path)
    stats, clf = prepared(tmp_path)
    lines = request_lines(stats.files)
    assert stats.files == [tmp_path / "requests.jsonl"]
    assert [body_of(line) for line in lines] == online  # same bytes, same order
    assert stats.requests == stats.asked == len(online) == stats.sentences
    for line in lines:
        obj = json.loads(line)
        assert (obj["method"], obj["url"]) == ("POST", "/v1/chat/completions")
    # custom_id is the cache key the online path looks up for that sentence
    keys = []
    for article in iter_articles([str(p) for p in SEED]):
        _, _, contexts = clf.questions(article)  # what the online path asks, language included
        keys += [clf.cache_key(context) for context in contexts]
    assert [json.loads(line)["custom_id"] for line in lines] == keys
    assert all(is_key(k) and len(k) <= 64 for k in keys)
    clf.close()


def test_packed_requests_match_the_online_batch_requests(tmp_path: Path) -> None:
    online = online_bodies(tmp_path, batch_size=4)
    stats, clf = prepared(tmp_path, batch_size=4)
    lines = request_lines(stats.files)
    assert [body_of(line) for line in lines] == online
    ids = [json.loads(line)["custom_id"] for line in lines]
    assert all(is_packed(i) and len(i) == 64 for i in ids) and len(set(ids)) == len(ids)
    assert stats.asked == stats.sentences and stats.requests == len(online) < stats.sentences
    clf.close()


def test_sentences_in_the_cache_are_not_asked_again(tmp_path: Path) -> None:
    with Classifier(client=FakeClient(), base_url=URL, model="m") as c:  # the default cache dir
        list(c.stream(iter_articles([str(SEED[0])])))
    stats, clf = prepared(tmp_path)
    n_first = len(attribute_text(SEED[0].read_text(encoding="utf-8")))
    assert stats.cached == n_first and stats.asked == stats.sentences - n_first
    clf.close()


def test_files_split_into_numbered_parts_at_the_limits(tmp_path: Path) -> None:
    (tmp_path / "whole").mkdir()
    (tmp_path / "parts").mkdir()
    whole, clf = prepared(tmp_path / "whole")
    one = request_lines(whole.files)
    by_count, _ = prepared(tmp_path / "parts", Limits(max_requests=10))
    names = [p.name for p in by_count.files]
    assert names == [f"requests.{k:03d}.jsonl" for k in range(1, len(names) + 1)]
    assert all(len(p.read_bytes().splitlines()) <= 10 for p in by_count.files)
    assert request_lines(by_count.files) == one
    assert not (tmp_path / "parts" / "requests.jsonl").exists()
    longest = max(len(line) + 1 for line in one)
    by_bytes, _ = prepared(tmp_path / "parts", Limits(max_bytes=longest * 3))
    assert all(p.stat().st_size <= longest * 3 for p in by_bytes.files) and len(by_bytes.files) >= len(one) / 3
    assert request_lines(by_bytes.files) == one
    # a later run that needs fewer parts leaves none of the earlier ones behind
    again, _ = prepared(tmp_path / "parts", Limits(max_requests=10_000))
    assert again.files == [tmp_path / "parts" / "requests.jsonl"]
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["requests.jsonl"]
    clf.close()


def test_a_request_repeated_in_one_file_is_written_once(tmp_path: Path) -> None:
    text = SEED[0].read_text(encoding="utf-8")
    corpus = tmp_path / "twice.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"copy{i}", "text": text}) + "\n" for i in range(2)))
    with Classifier(base_url=URL, model="m") as clf:
        stats = prepare(clf, iter_articles([str(corpus)]), tmp_path / "r.jsonl")
    ids = [json.loads(line)["custom_id"] for line in request_lines(stats.files)]
    assert len(ids) == len(set(ids)) == stats.sentences // 2 == stats.repeated


def test_nothing_to_ask_writes_no_file(tmp_path: Path) -> None:
    first, clf = prepared(tmp_path)
    assert first.files == [tmp_path / "requests.jsonl"]
    with Classifier(client=FakeClient(), base_url=URL, model="m") as c:
        list(c.stream(iter_articles([str(p) for p in SEED])))
    again = prepare(clf, iter_articles([str(p) for p in SEED]), tmp_path / "requests.jsonl")
    assert again.files == [] and again.cached == again.sentences
    assert not (tmp_path / "requests.jsonl").exists()  # the earlier file is not left to be submitted
    clf.close()


def test_prepare_needs_an_endpoint_and_the_cache(tmp_path: Path) -> None:
    with Classifier() as clf, pytest.raises(ConfigError, match="--base-url"):
        prepare(clf, iter_articles([str(SEED[0])]), tmp_path / "r.jsonl")
    with Classifier(base_url=URL, model="m", no_cache=True) as clf, pytest.raises(CacheError, match="cache"):
        prepare(clf, iter_articles([str(SEED[0])]), tmp_path / "r.jsonl")
    assert not (tmp_path / "r.jsonl").exists()


def test_cli_prints_the_files_and_fails_cleanly_on_bad_input(tmp_path: Path) -> None:
    opts = ["--base-url", URL, "--model", "m"]
    ok = CliRunner().invoke(cli, ["batch", "prepare", str(SEED[0]), "-o", str(tmp_path / "r.jsonl"), "--max-requests", "5", *opts])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.split() == [str(tmp_path / f"r.{k:03d}.jsonl") for k in range(1, len(ok.stdout.split()) + 1)]
    assert "requests" in ok.stderr
    missing = CliRunner().invoke(cli, ["batch", "prepare", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.jsonl"), *opts])
    assert missing.exit_code == 2 and missing.stderr.startswith("error: no such file") and "Traceback" not in missing.output
    no_model = CliRunner().invoke(cli, ["batch", "prepare", str(SEED[0]), "-o", str(tmp_path / "x.jsonl"), "--base-url", URL])
    assert no_model.exit_code == 2 and "--model" in no_model.stderr
    bad_shard = CliRunner().invoke(cli, ["batch", "prepare", str(SEED[0]), "-o", str(tmp_path / "x.jsonl"), "--shard", "4/3", *opts])
    assert bad_shard.exit_code == 2 and bad_shard.stderr.count("\n") == 1 and "shard" in bad_shard.stderr
    assert not (tmp_path / "x.jsonl").exists()
