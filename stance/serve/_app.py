"""``stance serve``: the classifier over HTTP (FastAPI + uvicorn, the ``serve`` extra).

``POST /v1/classify`` takes one text or a list of articles and returns the same
records ``stance classify`` writes as JSONL; ``GET /healthz`` says what is loaded;
``/docs`` and ``/openapi.json`` describe the API. One :class:`Classifier` (one
backend, one cache, one codebook) serves every request.

Limits keep one client from taking the server down: a cap on request bodies (413),
on articles per request (413), and on requests classified at once: past it the server
answers 503 with ``Retry-After`` at once rather than queueing. Every error is JSON with
a ``detail`` string; no traceback, setting or key is ever sent back.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..config import Settings
from ..errors import BackendError, ConfigError, EmbeddedUnavailable, StanceError
from ..text import iso_date, not_text
from ..types import LANGUAGE_CODE, Article, Record
from ._limits import BodyLimit

if TYPE_CHECKING:
    import openai
    from fastapi import FastAPI

log = logging.getLogger("stance")



@dataclass(frozen=True)
class Limits:
    max_body: int = 1_000_000  # bytes per request body
    max_articles: int = 100  # articles per request
    max_requests: int = 4  # requests classified at once; the rest get 503
    retry_after: int = 2  # seconds, sent with 503


def _text_only(value: Any) -> Any:
    """A string that is not text (a lone surrogate) is refused with a reason."""
    if isinstance(value, str) and (problem := not_text(value)):
        raise ValueError(problem)
    return value


def _day(value: str | None) -> str | None:
    """A date as ``YYYY-MM-DD`` (a time after it is dropped); anything else is refused."""
    if value is None:
        return None
    day = iso_date(value)
    if day is None:
        raise ValueError("expected a date as YYYY-MM-DD")
    return day


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, min_length=1, max_length=256, description="Names the article in every record (default: its position, from 1).")
    text: str = Field(description="The article text, as published.")
    date: str | None = Field(default=None, max_length=64, description="Publication date, YYYY-MM-DD, copied into every record.")
    lang: str | None = Field(default=None, pattern=LANGUAGE_CODE, description="Its language (en, es, zh…); detected when not given.")

    _text = field_validator("id", "text", "date", mode="before")(_text_only)
    _date = field_validator("date")(_day)


class ClassifyRequest(BaseModel):
    """Either ``text`` (with optional ``id`` and ``date``) or ``articles``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"id": "mao-2023-04-06", "text": "The root cause lies within the US itself, Mao said."},
                {"articles": [{"id": "a1", "text": "Mexico does not produce fentanyl, the minister said.", "date": "2023-10-05"}]},
            ]
        },
    )

    text: str | None = Field(default=None, description="One article's text.")
    id: str | None = Field(default=None, min_length=1, max_length=256, description="Its id (default: text).")
    date: str | None = Field(default=None, max_length=64, description="Its date, YYYY-MM-DD.")
    lang: str | None = Field(default=None, pattern=LANGUAGE_CODE, description="Its language (en, es, zh…); detected when not given.")
    articles: list[ArticleIn] | None = Field(default=None, description="Several articles, classified in order.")

    _text = field_validator("id", "text", "date", mode="before")(_text_only)
    _date = field_validator("date")(_day)

    @model_validator(mode="after")
    def _one_form(self) -> ClassifyRequest:
        if (self.text is None) == (self.articles is None):
            raise ValueError('give either "text" or "articles", not both and not neither')
        if self.articles is not None and (self.id, self.date, self.lang) != (None, None, None):
            raise ValueError('"id", "date" and "lang" go inside each article when "articles" is given')
        return self

    def to_articles(self) -> list[Article]:
        if self.text is not None:
            return [Article(id=self.id or "text", text=self.text, date=self.date, lang=self.lang)]
        return [
            Article(id=a.id or str(i), text=a.text, date=a.date, lang=a.lang)
            for i, a in enumerate(self.articles or [], start=1)
        ]


class ClassifyResponse(BaseModel):
    records: list[Record] = Field(description="One per sentence, in article and sentence order: the JSONL records.")
    failed: int = Field(description="Sentences that could not be classified (their record has an error).")


class Health(BaseModel):
    status: str
    model: str
    backend: str
    codebook: str
    prompt_version: str
    in_flight: int
    max_requests: int


class Problem(BaseModel):
    detail: str
    kind: str | None = Field(default=None, description="When the model side failed: what failed (auth, unreachable, not_found, …).")
    upstream_status: int | None = Field(default=None, description="The HTTP status the model endpoint answered, when it answered.")


def _problem(status: int, detail: str, headers: dict[str, str] | None = None, **fields: Any) -> Any:
    from fastapi.responses import JSONResponse

    body = {"detail": detail, **{k: v for k, v in fields.items() if v is not None}}
    return JSONResponse(body, status_code=status, headers=headers)


def _model_failed(exc: StanceError, secret: str | None) -> Any:
    """The answer when the model side failed for good (key or text refused, unreachable,
    not found): not the request's fault, so a 502 (503: no model loaded), with the error's
    fields for clients to act on."""
    from ..model import scrub

    status = 503 if exc.kind == EmbeddedUnavailable.kind else 502
    upstream = exc.status if isinstance(exc, BackendError) else None
    return _problem(status, scrub(str(exc), secret), kind=exc.kind, upstream_status=upstream)


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def _disconnected(receive: Callable[[], Awaitable[Any]]) -> None:
    """Returns when the client has gone (the body is already read by then)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def create_app(settings: Settings, limits: Limits | None = None, client: openai.AsyncOpenAI | None = None) -> FastAPI:
    """The ASGI app. The classifier is built here, so bad settings fail before a port
    is bound; its HTTP client is made inside the server's event loop on startup."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    from .. import __version__
    from ..model import scrub
    from ..pipeline import Classifier

    limits = limits or Limits()
    clf = Classifier(settings=settings, client=client)
    clf.key_prefix()  # resolves the model file or endpoint now: errors surface at startup
    secret = settings.api_key.get_secret_value() if settings.api_key else None
    state = {"in_flight": 0}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _ = clf.backend.client  # loads the embedded model now, not on the first request
        try:
            yield
        finally:
            await clf.backend.aclose()
            clf.cache.close()

    app = FastAPI(
        title="stance",
        version=__version__,
        summary="Who says which stance, sentence by sentence, in news text.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=limits.max_body)
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": Problem, "description": text}
        for code, text in [
            (400, "The body is not JSON."),
            (413, "Body or article count over the server's limits."),
            (415, "The body was not sent as JSON (Content-Type: application/json)."),
            (422, "The JSON does not match the request schema."),
            (502, "The model endpoint failed (key rejected, unreachable, or an error)."),
            (503, "The server is busy (see Retry-After) or has no model."),
        ]
    }

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        sent = request.headers.get("content-type")
        if not _is_json(sent):  # the body was never read as JSON: say so, not "field required"
            return _problem(
                415, f"send the body as JSON with Content-Type: application/json (got {sent or 'no Content-Type'})"
            )
        errs = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errs):
            return _problem(400, "request body is not valid JSON")
        err = errs[0] if errs else {}
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        msg = str(err.get("msg", "invalid request")).removeprefix("Value error, ")
        return _problem(422, f"{where}: {msg}" if where else msg)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> Any:
        return _problem(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_request: Request, exc: Exception) -> Any:
        log.error("internal error: %s", scrub(f"{type(exc).__name__}: {exc}", secret))
        return _problem(500, "internal error")

    @app.get("/healthz", response_model=Health)
    async def healthz() -> Health:
        """Liveness and what is loaded: model, codebook, prompt version, load."""
        return Health(
            status="ok",
            model=clf.model,
            backend="embedded" if settings.embedded and client is None else "endpoint",
            codebook=clf.codebook.ref,
            prompt_version=clf.template.version,
            in_flight=state["in_flight"],
            max_requests=limits.max_requests,
        )

    async def run(articles: list[Article]) -> list[Record]:
        return [r async for r in clf.astream(articles)]

    async def classify(body: ClassifyRequest, request: Request) -> Any:
        """Segment, attribute and classify; one record per sentence, as in the JSONL output."""
        articles = body.to_articles()
        if len(articles) > limits.max_articles:
            return _problem(413, f"{len(articles)} articles: at most {limits.max_articles} per request")
        ids = [a.id for a in articles]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            return _problem(422, f"articles: duplicate id {dup!r}")
        if any(not a.text.strip() for a in articles):
            return _problem(422, "text: empty article")
        if state["in_flight"] >= limits.max_requests:
            return _problem(
                503,
                f"busy: {limits.max_requests} requests already being classified; retry later",
                {"Retry-After": str(limits.retry_after)},
            )
        state["in_flight"] += 1
        try:
            # A client that hangs up cancels its run: its outstanding model requests stop
            # and its slot frees at once, instead of paying for answers nobody will read.
            work = asyncio.ensure_future(run(articles))
            gone = asyncio.ensure_future(_disconnected(request.receive))
            try:
                done, _ = await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (work, gone):
                    task.cancel()
                await asyncio.gather(work, gone, return_exceptions=True)
            if work not in done:
                log.info("client closed the connection: its model requests were cancelled")
                return _problem(499, "client closed the request")
            records = work.result()
        except StanceError as exc:
            return _model_failed(exc, secret)
        finally:
            state["in_flight"] -= 1
        out = []
        for r in records:
            rec = r.model_dump(mode="json")
            if rec["error"]:
                rec["error"] = scrub(rec["error"], secret)
            out.append(rec)
        return {"records": out, "failed": sum(1 for r in records if r.error)}

    # fastapi is imported in this function, so the annotation is resolved here for it
    classify.__annotations__["request"] = Request
    app.post("/v1/classify", response_model=ClassifyResponse, responses=errors)(classify)
    return app


def run_server(settings: Settings, host: str = "127.0.0.1", port: int = 8000, limits: Limits | None = None, log_level: str = "info") -> None:
    """Serve until interrupted (what ``stance serve`` does)."""
    try:
        import uvicorn
    except ImportError:
        raise ConfigError("stance serve needs FastAPI and uvicorn: pip install 'stance[serve]'") from None
    sock = _listen(host, port)  # before loading anything: a port in use fails at once
    app = create_app(settings, limits)
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: the API has no authentication; put it behind a proxy that has", host)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False)
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that an address in use is a one-line error."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {_reason(exc)}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        hint = "; pick another with --port" if exc.errno == errno.EADDRINUSE else ""
        raise ConfigError(f"cannot listen on {host}:{port}: {_reason(exc)}{hint}") from None
    return sock


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
