"""One run: language → segment → attribute → (cache | model) → records, in article order.

A run owns everything that is its own: the bound on its requests in flight, its batch
tasks, the fatal error that stops it, its usage and counts. The classifier it runs on
holds only what runs share (settings, backend, cache), so a run that fails, finishes or
is cancelled touches no other run.

Sentences from every article of a corpus share the run's bound on requests in flight;
records stream out as soon as they and everything before them are done, so memory stays
flat however long the corpus is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import StanceError
from ..types import Article, AttributedSentence, Judgement, Record, Usage
from . import _gc

if TYPE_CHECKING:
    from ._classifier import Classifier

#: A "sentence" longer than this is text the segmenter could not split (a table, text
#: without sentence punctuation): it is not sent, since it would fail against most
#: context windows and pay for tokens that cannot be classified.
MAX_SENTENCE_CHARS = 5_000

_Item = tuple[AttributedSentence, dict[str, Any], str, "asyncio.Future[Record]"]


@dataclass
class RunStats:
    """What one run did, counted as it went."""

    articles: int = 0
    records: int = 0
    cached: int = 0
    failed: int = 0  # records with an error, the too-long ones included
    too_long: int = 0  # sentences over MAX_SENTENCE_CHARS, not sent


def too_long(sentence: str) -> str | None:
    """The record error for a sentence too long to send to a model, else None."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return None
    return (
        f"sentence too long: {len(sentence):,} characters, over the {MAX_SENTENCE_CHARS:,} "
        "limit; not sent to the model (does the text lack sentence punctuation?)"
    )


class _State:
    """The per-run machinery shared by :class:`Run` and :class:`AsyncRun`."""

    def __init__(
        self,
        clf: Classifier,
        articles: Iterable[Article],
        on_sentences: Callable[[Article, int], None] | None,
    ) -> None:
        self.clf = clf
        self.articles = articles
        self.on_sentences = on_sentences
        self.usage = Usage()
        self.stats = RunStats()
        self.abort: StanceError | None = None
        self._batch_tasks: set[asyncio.Task[None]] = set()

    def _count_failed(self, exc: StanceError) -> None:
        usage = getattr(exc, "usage", None)
        if isinstance(usage, Usage):
            self.usage.add(usage)

    def _fail(self, exc: StanceError) -> None:
        self._count_failed(exc)
        if exc.fatal:
            self.abort = exc

    async def _classify_one(
        self, sem: asyncio.Semaphore, article: Article, s: AttributedSentence, context: dict[str, Any], key: str
    ) -> Record:
        clf = self.clf
        async with sem:
            if self.abort is not None:
                raise self.abort  # a fatal error elsewhere in this run: send nothing more
            try:
                judgement, usage = await clf.asker.one(context)
            except StanceError as exc:
                self._fail(exc)
                if exc.fatal:
                    raise
                return clf.record(article, s, None, error=str(exc))
        self.usage.add(usage)
        clf.cache.set(key, judgement.model_dump())
        return clf.record(article, s, judgement)

    async def _classify_batch(self, sem: asyncio.Semaphore, article: Article, items: list[_Item]) -> None:
        """One request for several sentences; a bad batch falls back to single requests."""
        clf = self.clf
        try:
            judgements: list[Judgement] | None = None
            async with sem:
                if self.abort is not None:
                    raise self.abort
                try:
                    judgements, usage = await clf.asker.batch([ctx for _, ctx, _, _ in items])
                except StanceError as exc:
                    self._fail(exc)
                    if exc.fatal:
                        raise
            if judgements is None:
                records = await asyncio.gather(
                    *(self._classify_one(sem, article, s, ctx, key) for s, ctx, key, _ in items)
                )
            else:
                self.usage.add(usage)
                records = []
                for (s, _, key, _), j in zip(items, judgements, strict=True):
                    clf.cache.set(key, j.model_dump())
                    records.append(clf.record(article, s, j))
            for (_, _, _, fut), rec in zip(items, records, strict=True):
                if not fut.done():
                    fut.set_result(rec)
        except BaseException as exc:  # handed to whoever awaits the futures
            for _, _, _, fut in items:
                if not fut.done():
                    if isinstance(exc, asyncio.CancelledError):
                        fut.cancel()
                    else:
                        fut.set_exception(exc)

    def _spawn_batch(self, sem: asyncio.Semaphore, article: Article, items: list[_Item]) -> None:
        task = asyncio.ensure_future(self._classify_batch(sem, article, items))
        self._batch_tasks.add(task)
        task.add_done_callback(self._batch_tasks.discard)

    def _counted(self, chunk: list[Record]) -> list[Record]:
        st = self.stats
        for r in chunk:
            st.records += 1
            st.cached += r.cached
            st.failed += r.error is not None
        return chunk

    async def chunks(self) -> AsyncIterator[list[Record]]:
        """Records in order, in runs of those ready together: a cached article comes out
        as one list, so the warm path pays the event loop once per article, not per
        sentence. A run is handed out before waiting on anything, so nothing ready is
        held back."""
        clf = self.clf
        concurrency = clf.settings.concurrency
        batch_size = clf.settings.batch_size
        sem = asyncio.Semaphore(concurrency)
        window: deque[Record | asyncio.Future[Record]] = deque()
        max_window = concurrency * max(4, batch_size * 2) + 256
        batch: list[_Item] = []
        ready: list[Record] = []
        frozen: bool | None = None  # decided at the first request
        try:
            for article in self.articles:
                article, sentences, contexts = clf.questions(article)
                self.stats.articles += 1
                if self.on_sentences is not None:
                    self.on_sentences(article, len(sentences))
                for s, context in zip(sentences, contexts, strict=True):
                    if (problem := too_long(s.text)) is not None:
                        self.stats.too_long += 1
                        window.append(clf.record(article, s, None, error=problem))
                        continue
                    key = clf.cache_key(context)
                    if (hit := clf.cache.get(key, read=clf.cached_judgement)) is not None:
                        window.append(clf.record(article, s, hit, cached=True))
                    else:
                        if frozen is None:
                            frozen = clf.backend.prepare() and _gc.freeze()
                        if batch_size == 1:
                            window.append(
                                asyncio.ensure_future(self._classify_one(sem, article, s, context, key))
                            )
                        else:
                            fut: asyncio.Future[Record] = asyncio.get_running_loop().create_future()
                            batch.append((s, context, key, fut))
                            window.append(fut)
                            if len(batch) == batch_size:
                                self._spawn_batch(sem, article, batch)
                                batch = []
                    while window and (len(window) >= max_window or _done(window[0])):
                        if not _done(window[0]):
                            if batch:
                                self._spawn_batch(sem, article, batch)
                                batch = []
                            if ready:
                                yield self._counted(ready)
                                ready = []
                        ready.append(await _result(window.popleft()))
                if batch:  # batches never span articles
                    self._spawn_batch(sem, article, batch)
                    batch = []
                if ready:
                    yield self._counted(ready)
                    ready = []
            while window:
                if ready and not _done(window[0]):
                    yield self._counted(ready)
                    ready = []
                ready.append(await _result(window.popleft()))
            if ready:
                yield self._counted(ready)
        finally:
            # Only this run's requests: other runs on the classifier go on.
            pending = [t for t in window if isinstance(t, asyncio.Future)] + list(self._batch_tasks)
            for item in pending:
                item.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            if frozen:
                _gc.unfreeze()


class AsyncRun(_State):
    """A run inside the caller's event loop: ``async for record in run``. ``usage`` and
    ``stats`` hold this run's figures as it goes."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._agen: AsyncIterator[list[Record]] | None = None

    async def __aiter__(self) -> AsyncIterator[Record]:
        self._agen = self.chunks()
        try:
            async for chunk in self._agen:
                for record in chunk:
                    yield record
        finally:
            await self._agen.aclose()  # type: ignore[attr-defined]


class Run(_State):
    """A run on the classifier's own event loop: ``for record in run``."""

    def __init__(self, clf: Classifier, articles: Iterable[Article], on_sentences: Any, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(clf, articles, on_sentences)
        self._loop = loop
        self._started = False

    def __iter__(self) -> Iterator[Record]:
        if self._started:
            raise RuntimeError("a run can be iterated once")
        self._started = True
        loop = self._loop
        agen = self.chunks().__aiter__()
        try:
            while True:
                step = asyncio.ensure_future(agen.__anext__(), loop=loop)
                try:
                    chunk = loop.run_until_complete(step)
                except StopAsyncIteration:
                    return
                except BaseException:
                    # Ctrl-C (or SIGTERM) lands while the step is suspended: cancel it so
                    # the generator's cleanup runs now, not a RuntimeError from aclose().
                    step.cancel()
                    with contextlib.suppress(BaseException):
                        loop.run_until_complete(step)
                    raise
                yield from chunk
        finally:
            loop.run_until_complete(agen.aclose())  # type: ignore[attr-defined]


def _done(item: Record | asyncio.Future[Record]) -> bool:
    return not isinstance(item, asyncio.Future) or item.done()


async def _result(item: Record | asyncio.Future[Record]) -> Record:
    return await item if isinstance(item, asyncio.Future) else item
