"""The :class:`Classifier`: what every run shares — settings, codebook, prompt, backend,
cache and cache keys. Everything that belongs to one run (its bound on requests in
flight, batch tasks, fatal error, usage and counts) lives in a :class:`~._run.Run`, so
runs on one classifier, concurrent or not, never see each other's state.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, default_cache_dir, redact_url, resolve_settings
from ..errors import ConfigError
from ..model import (
    Asker,
    Backend,
    Codebook,
    PromptTemplate,
    endpoint_id,
    load_codebook,
    load_prompt,
    sentence_context,
)
from ..text import attribute_text, detect_language, language_name
from ..types import Article, ArticleResult, AttributedSentence, Judgement, Record
from ._cache import AnswerCache, make_key
from ._run import AsyncRun, Run

if TYPE_CHECKING:
    import openai

_KEY_VERSION = 1
OnSentences = Callable[[Article, int], None]


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
            settings = resolve_settings(env={}, **{**settings.model_dump(), **options})
        self.settings = settings
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook if codebook is not None else settings.codebook)
        self.codebook = codebook
        self.template = prompt if isinstance(prompt, PromptTemplate) else load_prompt(prompt)
        self.backend = Backend(settings, client)
        self.cache = AnswerCache(
            settings.cache_dir or default_cache_dir(), enabled=not settings.no_cache
        )
        self.asker = Asker(self.backend, self.template, codebook, batch=settings.batch_size > 1)
        self._client_given = client
        self._key_prefix: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None

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

    def cached_judgement(self, hit: dict[str, Any]) -> Judgement:
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

    def questions(
        self, article: Article
    ) -> tuple[Article, list[AttributedSentence], list[dict[str, Any]]]:
        """What the model is asked about an article: the article with its language (given,
        else detected), its attributed sentences, and each sentence's context, which the
        request carries and the cache key covers. Online runs and batch files both ask
        through here, so their questions are the same bytes."""
        if article.lang is None:
            article = article.model_copy(update={"lang": detect_language(article.text)})
        sentences = attribute_text(article.text, lang=article.lang, source=article.source)
        language = language_name(article.lang) if self.template.context_language else None
        contexts = [sentence_context(sentences, i, language=language) for i in range(len(sentences))]
        return article, sentences, contexts

    def record(
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
            targets=j.targets if judgement is not None else dict.fromkeys(self.codebook.target_fields),
            rationale=j.rationale,
            model=self.model,
            prompt_version=self.template.version,
            codebook=self.codebook.ref,
            codebook_hash=self.codebook.hash,
            cached=cached,
            error=error,
            date=article.date,
            lang=article.lang,
        )

    # -- runs ---------------------------------------------------------------------
    def astream(self, articles: Iterable[Article], on_sentences: OnSentences | None = None) -> AsyncRun:
        """Classify a corpus inside a running event loop: ``async for record in
        clf.astream(articles)``. Records come in article and sentence order; the
        returned run also holds its usage and counts."""
        return AsyncRun(self, articles, on_sentences)

    def stream(self, articles: Iterable[Article], on_sentences: OnSentences | None = None) -> Run:
        """Synchronous :meth:`astream`, on the classifier's own event loop: ``for record
        in clf.stream(articles)``. Not for use inside a running event loop (a notebook):
        use ``astream`` there."""
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop()
            raise ConfigError(
                "stream() and classify_text() cannot run inside a running event loop (a "
                "notebook, an async app): there, use `async with stance.Classifier(...) as "
                "clf:` and then `await clf.aclassify_text(text)` or `async for record in "
                "clf.astream(articles)`"
            )
        return Run(self, articles, on_sentences, self._event_loop())

    def classify_text(
        self, text: str, article_id: str = "text", date: str | None = None, lang: str | None = None
    ) -> ArticleResult:
        """Classify one article's text; returns every sentence's record."""
        article = Article(id=article_id, text=text, date=date, lang=lang)
        run = self.stream([article])
        records = list(run)
        return ArticleResult(article=article_id, records=records, usage=run.usage)

    async def aclassify_text(
        self, text: str, article_id: str = "text", date: str | None = None, lang: str | None = None
    ) -> ArticleResult:
        """:meth:`classify_text` inside a running event loop (a notebook)."""
        article = Article(id=article_id, text=text, date=date, lang=lang)
        run = self.astream([article])
        records = [r async for r in run]
        return ArticleResult(article=article_id, records=records, usage=run.usage)

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        # One loop for the classifier's life: the HTTP client's connections belong to it.
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
            self._loop.set_exception_handler(_quiet_interrupts)
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


def _quiet_interrupts(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    # Ctrl-C can land inside any task (an HTTP write, say): the run re-raises it and the
    # command says so in one line, so the task left holding it is not reported again,
    # with a traceback, when it is collected.
    if isinstance(context.get("exception"), KeyboardInterrupt | SystemExit):
        return
    loop.default_exception_handler(context)


def _shut_down(loop: asyncio.AbstractEventLoop, backend: Backend) -> None:
    if loop.is_closed() or loop.is_running():
        return
    with contextlib.suppress(Exception):
        loop.run_until_complete(backend.aclose())
    loop.close()


def classify_text(text: str, **options: Any) -> ArticleResult:
    """One-shot helper: ``stance.classify_text(text, base_url=..., model=...)``."""
    article_id = options.pop("article_id", "text")
    with Classifier(**options) as clf:
        return clf.classify_text(text, article_id=article_id)
