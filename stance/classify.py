"""The pipeline: segment → attribute → (cache | model) → records, in article order.

Sentences from every article of a corpus share one bound on requests in flight;
records stream out as soon as they and everything before them are done, so memory
stays flat however long the corpus is.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _gc
from .ask import Asker
from .attribute import attribute_text
from .cache import AnswerCache, make_key
from .codebook import Codebook, load_codebook
from .config import Settings, default_cache_dir, redact_url, resolve_settings
from .errors import StanceError
from .inputs import too_long
from .llm import Backend, endpoint_id
from .prompt import PromptTemplate, load_prompt, sentence_context
from .types import Article, ArticleResult, AttributedSentence, Judgement, Record, Usage

if TYPE_CHECKING:
    import openai

_KEY_VERSION = 1


class Classifier:
    """Holds a backend, a cache and a codebook; classifies articles into :class:`Record`\\ s.

    Options not given explicitly come from ``settings`` or, failing that, from
    ``STANCE_*``/``OPENAI_*`` environment variables (see :func:`stance.resolve_settings`).
    Pass ``client`` (an ``openai.AsyncOpenAI``) to use a client you built yourself.
    """

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        client: openai.AsyncOpenAI | None = None,
        codebook: Codebook | str | Path | None = None,
        prompt: PromptTemplate | str | Path | None = None,
        **options: Any,
    ) -> None:
        if settings is None:
            settings = resolve_settings(**options)
        elif options:
            settings = settings.model_copy(update={k: v for k, v in options.items() if v is not None})
        self.settings = settings
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook if codebook is not None else settings.codebook)
        self.codebook = codebook
        self.template = prompt if isinstance(prompt, PromptTemplate) else load_prompt(prompt)
        self.backend = Backend(settings, client)
        self.cache = AnswerCache(
            settings.cache_dir or default_cache_dir(), enabled=not settings.no_cache
        )
        self.usage = Usage()
        self._asker = Asker(self.backend, self.template, codebook, batch=settings.batch_size > 1)
        self._batch_tasks: set[asyncio.Task[None]] = set()
        self._client_given = client
        self._key_prefix: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._abort: StanceError | None = None

    # -- identity -----------------------------------------------------------------
    @property
    def model(self) -> str:
        return self.backend.model

    def _endpoint(self) -> str:
        if self.settings.base_url is None and self._client_given is not None:
            return "client:" + redact_url(str(self._client_given.base_url))
        return endpoint_id(self.settings)

    def key_prefix(self) -> str:
        """Digest of everything but the sentence that changes an answer."""
        if self._key_prefix is None:
            self._key_prefix = make_key(
                {
                    "v": _KEY_VERSION,
                    "endpoint": self._endpoint(),
                    "model": self.model,
                    "prompt_version": self.template.version,
                    "prompt": self.template.hash,
                    "codebook": self.codebook.hash,
                    "schema": self.codebook.schema_hash,
                    "decoding": self.backend.decoding(),
                    "structured": self.settings.structured,
                    # a batched answer comes from a different prompt than a single one
                    "batch": self.settings.batch_size,
                }
            )
        return self._key_prefix

    def cache_key(self, context: dict[str, Any]) -> str:
        blob = self.key_prefix() + json.dumps(context, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _cached_judgement(self, hit: dict[str, Any]) -> Judgement:
        """A cached answer, validated once; ValueError if it no longer fits the codebook."""
        try:
            j = Judgement.model_validate(hit)
        except ValueError:  # pydantic's multi-line message would not suit a one-line warning
            j = None
        if j is None or not set(j.labels) <= set(self.codebook.label_names) or not set(
            j.targets
        ) <= set(self.codebook.target_fields):
            raise ValueError("entry does not fit the codebook")
        return j

    # -- records ------------------------------------------------------------------
    def _record(
        self,
        article: Article,
        s: AttributedSentence,
        judgement: Judgement | None,
        cached: bool = False,
        error: str | None = None,
    ) -> Record:
        j = judgement or Judgement()
        return Record(
            article=article.id,
            index=s.index,
            start=s.start,
            end=s.end,
            text=s.text,
            speaker=s.speaker,
            labels=j.labels,
            targets=j.targets,
            rationale=j.rationale,
            model=self.model,
            prompt_version=self.template.version,
            codebook=self.codebook.ref,
            codebook_hash=self.codebook.hash,
            cached=cached,
            error=error,
            date=article.date,
        )

    def _count_failed(self, exc: StanceError) -> None:
        usage = getattr(exc, "usage", None)
        if isinstance(usage, Usage):
            self.usage.add(usage)

    async def _classify_one(
        self,
        sem: asyncio.Semaphore,
        article: Article,
        s: AttributedSentence,
        context: dict[str, Any],
        key: str,
    ) -> Record:
        async with sem:
            if self._abort is not None:
                raise self._abort  # a fatal error elsewhere: send nothing more
            try:
                judgement, usage = await self._asker.one(context)
            except StanceError as exc:
                self._count_failed(exc)
                if exc.fatal:
                    self._abort = exc
                    raise
                return self._record(article, s, None, error=str(exc))
        self.usage.add(usage)
        self.cache.set(key, judgement.model_dump())
        return self._record(article, s, judgement)

    async def _classify_batch(
        self,
        sem: asyncio.Semaphore,
        article: Article,
        items: list[tuple[AttributedSentence, dict[str, Any], str, asyncio.Future[Record]]],
    ) -> None:
        """One request for several sentences; a bad batch falls back to single requests."""
        try:
            judgements: list[Judgement] | None = None
            async with sem:
                if self._abort is not None:
                    raise self._abort
                try:
                    judgements, usage = await self._asker.batch([ctx for _, ctx, _, _ in items])
                except StanceError as exc:
                    self._count_failed(exc)
                    if exc.fatal:
                        self._abort = exc
                        raise
            if judgements is None:
                records = await asyncio.gather(
                    *(self._classify_one(sem, article, s, ctx, key) for s, ctx, key, _ in items)
                )
            else:
                self.usage.add(usage)
                records = []
                for (s, _, key, _), j in zip(items, judgements, strict=True):
                    self.cache.set(key, j.model_dump())
                    records.append(self._record(article, s, j))
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

    def _spawn_batch(
        self,
        sem: asyncio.Semaphore,
        article: Article,
        items: list[tuple[AttributedSentence, dict[str, Any], str, asyncio.Future[Record]]],
    ) -> None:
        task = asyncio.ensure_future(self._classify_batch(sem, article, items))
        self._batch_tasks.add(task)
        task.add_done_callback(self._batch_tasks.discard)

    # -- streaming ----------------------------------------------------------------
    async def astream(
        self,
        articles: Iterable[Article],
        on_sentences: Callable[[Article, int], None] | None = None,
    ) -> AsyncIterator[Record]:
        """Classify a corpus; yields records in article and sentence order."""
        async for chunk in self._chunks(articles, on_sentences):
            for record in chunk:
                yield record

    async def _chunks(
        self,
        articles: Iterable[Article],
        on_sentences: Callable[[Article, int], None] | None = None,
    ) -> AsyncIterator[list[Record]]:
        """Records in order, in runs of those ready together: a cached article comes out
        as one list, so the warm path pays the event loop once per article, not per
        sentence. A run is handed out before waiting on anything, so nothing ready is
        held back."""
        self._abort = None
        concurrency = self.settings.concurrency
        batch_size = self.settings.batch_size
        sem = asyncio.Semaphore(concurrency)
        window: deque[Record | asyncio.Future[Record]] = deque()
        max_window = concurrency * max(4, batch_size * 2) + 256
        batch: list[tuple[AttributedSentence, dict[str, Any], str, asyncio.Future[Record]]] = []
        ready: list[Record] = []
        frozen: bool | None = None  # decided at the first request
        try:
            for article in articles:
                sentences = attribute_text(article.text)
                if on_sentences is not None:
                    on_sentences(article, len(sentences))
                for i, s in enumerate(sentences):
                    context = sentence_context(sentences, i)
                    if (problem := too_long(s.text)) is not None:
                        window.append(self._record(article, s, None, error=problem))
                        continue
                    key = self.cache_key(context)
                    if (hit := self.cache.get(key, read=self._cached_judgement)) is not None:
                        window.append(self._record(article, s, hit, cached=True))
                    else:
                        if frozen is None:
                            frozen = self.backend.prepare() and _gc.freeze()
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
                                yield ready
                                ready = []
                        ready.append(await _result(window.popleft()))
                if batch:  # batches never span articles
                    self._spawn_batch(sem, article, batch)
                    batch = []
                if ready:
                    yield ready
                    ready = []
            while window:
                if ready and not _done(window[0]):
                    yield ready
                    ready = []
                ready.append(await _result(window.popleft()))
            if ready:
                yield ready
        finally:
            pending = [t for t in window if isinstance(t, asyncio.Future)] + list(self._batch_tasks)
            for item in pending:
                item.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            if frozen:
                _gc.unfreeze()

    def stream(
        self,
        articles: Iterable[Article],
        on_sentences: Callable[[Article, int], None] | None = None,
    ) -> Iterator[Record]:
        """Synchronous :meth:`astream`, on the classifier's own event loop."""
        loop = self._event_loop()
        agen = self._chunks(articles, on_sentences).__aiter__()
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

    def classify_text(self, text: str, article_id: str = "text", date: str | None = None) -> ArticleResult:
        """Classify one article's text; returns every sentence's record."""
        article = Article(id=article_id, text=text, date=date)
        return ArticleResult(article=article_id, records=list(self.stream([article])))

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        # One loop for the classifier's life: the HTTP client's connections belong to it.
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
            # A classifier dropped without close() still closes its connections (at
            # exit at the latest), instead of the HTTP library warning about them.
            self._finalizer = weakref.finalize(self, _shut_down, self._loop, self.backend)
        return self._loop

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self.cache.close()

    async def aclose(self) -> None:
        """Close from inside a running event loop (after :meth:`astream`)."""
        await self.backend.aclose()
        self.cache.close()

    def __enter__(self) -> Classifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Classifier:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _shut_down(loop: asyncio.AbstractEventLoop, backend: Backend) -> None:
    if loop.is_closed() or loop.is_running():
        return
    with contextlib.suppress(Exception):
        loop.run_until_complete(backend.aclose())
    loop.close()


def _done(item: Record | asyncio.Future[Record]) -> bool:
    return not isinstance(item, asyncio.Future) or item.done()


async def _result(item: Record | asyncio.Future[Record]) -> Record:
    return await item if isinstance(item, asyncio.Future) else item


def classify_text(text: str, **options: Any) -> ArticleResult:
    """One-shot helper: ``stance.classify_text(text, base_url=..., model=...)``."""
    article_id = options.pop("article_id", "text")
    with Classifier(**options) as clf:
        return clf.classify_text(text, article_id=article_id)
