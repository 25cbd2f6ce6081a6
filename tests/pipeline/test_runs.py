"""Runs on one classifier are independent: concurrent streams (batched or not) each get
every one of their records, a fatal error or a cancellation stops only its own run, and
each run counts only its own usage. Against the fault server, through the real client."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from stance import Article, Classifier, Record
from stance.errors import AuthError
from tests.fakes import KEY, expected_labels
from tests.faultserver import FaultServer, status


def _article(name: str, n: int) -> Article:
    """``n`` sentences, each with its own words, so every answer can be checked."""
    kinds = [
        "Mexico does not produce fentanyl, says official {i} of {name}.",
        "The root cause lies within the US itself, speaker {i} of {name} said.",
        "China is open to cooperation, aide {i} of {name} said.",
        "The meeting {i} of {name} ended at noon.",
    ]
    return Article(id=name, text=" ".join(kinds[i % 4].format(i=i, name=name) for i in range(n)))


def _check_complete(article: Article, records: list[Record]) -> None:
    """Every sentence of the article, in order, with the answer its own request got."""
    assert [r.article for r in records] == [article.id] * len(records)
    assert [r.index for r in records] == list(range(len(records)))
    assert len(records) == article.text.count(". ") + 1
    for r in records:
        assert article.text[r.start : r.end] == r.text and r.error is None
        labels, targets = expected_labels(r.text)
        assert (r.labels, r.targets) == (labels, targets), r.text


def _classifier(server: FaultServer, **kw: Any) -> Classifier:
    return Classifier(**{"base_url": server.url, "model": "m", "api_key": KEY, "no_cache": True,
                         "max_retries": 1, **kw})


@pytest.mark.parametrize("batch_size", [1, 4])
def test_two_streams_on_one_classifier_each_get_all_their_records(server: FaultServer, batch_size: int) -> None:
    """The short run ends while the long one still has batches in flight; the long one
    must not lose them (it used to get a CancelledError and no records)."""
    server.latency = 0.02
    short, long = _article("short", 5), _article("long", 30)

    async def main() -> tuple[list[Record], list[Record]]:
        async with _classifier(server, batch_size=batch_size, concurrency=2) as clf:
            async def collect(article: Article) -> list[Record]:
                return [r async for r in clf.astream([article])]

            a, b = await asyncio.gather(collect(short), collect(long))
            return a, b

    got_short, got_long = asyncio.run(main())
    _check_complete(short, got_short)
    _check_complete(long, got_long)
    assert server.peak_in_flight >= 2  # they really overlapped


def test_a_fatal_error_stops_only_its_own_run(server: FaultServer) -> None:
    """A provider's moderation can answer 403 for one text: that run stops, with the
    error; the runs beside it are complete and correct."""
    server.latency = 0.02
    server.on("poisoned", status(403))
    clean = [_article(f"clean{i}", 12) for i in range(3)]
    poisoned = Article(id="bad", text="This sentence is poisoned. " + _article("bad", 12).text)

    async def main() -> list[Any]:
        async with _classifier(server, batch_size=4, concurrency=2) as clf:
            async def collect(article: Article) -> Any:
                try:
                    return [r async for r in clf.astream([article])]
                except AuthError as exc:
                    return exc

            return await asyncio.gather(*(collect(a) for a in [clean[0], poisoned, *clean[1:]]))

    results = asyncio.run(main())
    err = results[1]
    assert isinstance(err, AuthError) and err.status == 403
    for article, records in zip(clean, [results[0], *results[2:]], strict=True):
        _check_complete(article, records)


def test_cancelling_one_run_leaves_the_others_running(server: FaultServer) -> None:
    server.latency = 0.05
    keep, drop = _article("keep", 12), _article("drop", 40)

    async def main() -> list[Record]:
        async with _classifier(server, batch_size=4, concurrency=2) as clf:
            async def collect(article: Article) -> list[Record]:
                return [r async for r in clf.astream([article])]

            dropped = asyncio.ensure_future(collect(drop))
            kept = asyncio.ensure_future(collect(keep))
            await asyncio.sleep(0.12)
            dropped.cancel()
            with pytest.raises(asyncio.CancelledError):
                await dropped
            sent = -1
            while sent != server.count("drop"):  # let requests already on the wire land
                sent = server.count("drop")
                await asyncio.sleep(0.05)
            records = await kept
            assert server.count("drop") == sent  # nothing more asked for the cancelled run
            return records

    _check_complete(keep, asyncio.run(main()))


def test_each_run_counts_its_own_usage(server: FaultServer) -> None:
    a, b = _article("a", 6), _article("b", 10)

    async def drain(clf: Classifier, article: Article) -> tuple[int, int, int, int]:
        run = clf.astream([article])
        _ = [r async for r in run]
        return run.usage.requests, run.usage.prompt_tokens, run.usage.completion_tokens, run.stats.records

    async def together() -> list[Any]:
        async with _classifier(server, concurrency=2) as clf:
            return await asyncio.gather(drain(clf, a), drain(clf, b))

    async def alone(article: Article) -> Any:
        async with _classifier(server) as clf:
            return await drain(clf, article)

    both = asyncio.run(together())
    assert both == [asyncio.run(alone(a)), asyncio.run(alone(b))]
    assert [u[0] for u in both] == [6, 10]
