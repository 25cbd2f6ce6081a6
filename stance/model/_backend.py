"""The model backend: every request goes through the ``openai`` client and the OpenAI
wire format over HTTP, whether the endpoint is remote (OpenAI, vLLM, Ollama,
llama.cpp server) or the embedded GGUF served in-process by llama-cpp-python's
OpenAI-compatible app. Caching, retries and cassette recording therefore behave
the same for every backend. Only this module and :mod:`._batchapi` (the Batch
API's files and batches) import ``openai``.

The retry policy lives here and only here (the client's own retries are off;
:mod:`._batchapi` applies the same policy): transient HTTP failures and invalid
structured output are retried with exponential backoff and jitter, honouring
Retry-After; auth failures are not retried.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_random_exponential

from ..config import Settings, StructuredMode
from ..errors import BackendError, ConfigError, ModelOutputError, StanceError
from ..types import Usage
from ._embedded import EMBEDDED_BASE_URL, SMOLLM2_FILE, asgi_app, embedded_model_path
from ._failures import translate
from ._parse import ReplyInvalid
from ._prompt import Message, repair_messages
from ._request import Reply, body_bytes, chat_body, reply_from, reply_problem, response_format

if TYPE_CHECKING:
    import openai

log = logging.getLogger("stance")
T = TypeVar("T")

_MAX_RETRY_AFTER = 120.0
_STEP_DOWN: dict[str, StructuredMode] = {"json_schema": "json_object", "json_object": "none"}
_backoff: Callable[[RetryCallState], float] = wait_random_exponential(multiplier=0.5, max=30)


def set_backoff(wait: Callable[[RetryCallState], float] | None) -> None:
    """Replace the wait between retries (``None``: the default exponential backoff with
    jitter). Tests make retries immediate with ``set_backoff(lambda state: 0.0)``."""
    global _backoff
    _backoff = wait if wait is not None else wait_random_exponential(multiplier=0.5, max=30)


class _InvalidOutput(Exception):
    def __init__(self, problem: str, final: bool = False, backoff: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.final = final  # the re-asks allowed are spent
        self.backoff = backoff  # the server, not the model, sent something broken


class _SchemaUnsupported(Exception):
    pass


def make_client(settings: Settings) -> openai.AsyncOpenAI:
    """An ``openai`` client for the configured endpoint, or for the embedded app."""
    import openai

    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    if not settings.embedded:
        # The SDK's aiohttp transport spends less CPU per request than the default httpx
        # one (whose pool scans every open connection per request); against a fast
        # endpoint at high concurrency that CPU is what bounds throughput.
        return openai.AsyncOpenAI(
            base_url=settings.base_url,
            api_key=key,
            max_retries=0,
            timeout=settings.timeout,
            http_client=openai.DefaultAioHttpClient(timeout=settings.timeout),
        )
    import httpx2

    path = embedded_model_path(settings)
    app = asgi_app(path, model_name(settings), settings.n_ctx)
    http = httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url=EMBEDDED_BASE_URL, timeout=None
    )
    return openai.AsyncOpenAI(
        base_url=EMBEDDED_BASE_URL, api_key=key, max_retries=0, http_client=http, timeout=None
    )


def model_name(settings: Settings) -> str:
    if settings.model:
        return settings.model
    if settings.embedded:
        return (settings.model_path or Path(SMOLLM2_FILE)).name.removesuffix(".gguf")
    raise ConfigError("an endpoint is configured but no model: pass --model or set STANCE_MODEL")


def endpoint_id(settings: Settings) -> str:
    """Identity of the endpoint for cache keys: the URL without credentials, or the
    embedded file's name and size."""
    if not settings.embedded:
        return settings.endpoint_id
    path = embedded_model_path(settings)
    return f"embedded:{path.name}:{path.stat().st_size}"


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    for name in ("retry-after-ms", "retry-after"):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            seconds = float(raw) / (1000 if name.endswith("-ms") else 1)
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(raw) if raw else None
            if parsed is None:
                continue
            seconds = parsed.timestamp() - time.time()
        return max(0.0, min(seconds, _MAX_RETRY_AFTER))
    return None


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, _InvalidOutput) and not exc.backoff:
        return 0.0  # a re-ask corrects the model's reply; the server is not struggling
    after = _retry_after(exc) if exc else None
    return after if after is not None else float(_backoff(state))


def _is_transient(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, _InvalidOutput):
        return not exc.final
    if isinstance(exc.__cause__, StanceError):  # raised by a transport of ours: final
        return False
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


class Backend:
    """Sends chat requests for one model and endpoint, with structured output,
    validation, re-asking and retries."""

    def __init__(self, settings: Settings, client: openai.AsyncOpenAI | None = None) -> None:
        self.settings = settings
        self.model = model_name(settings)
        self._client = client
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None
        # The embedded llama.cpp app rejects json_schema but honours a schema on json_object.
        mode = settings.structured
        if mode == "auto":
            mode = "json_object" if settings.embedded and client is None else "json_schema"
        self.mode: StructuredMode = mode
        self._reached = False

    @property
    def client(self) -> openai.AsyncOpenAI:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    def prepare(self) -> bool:
        """Build the client now (importing the model stack, loading an embedded model);
        False if that fails, which the first request then raises and reports."""
        try:
            _ = self.client
        except Exception:
            return False
        return True

    def decoding(self) -> dict[str, Any]:
        """Decoding parameters; part of every cache key."""
        params: dict[str, Any] = {
            "temperature": self.settings.temperature,
            "max_tokens": self.settings.max_tokens,
        }
        if self.settings.seed is not None:
            params["seed"] = self.settings.seed
        return params

    def request_body(self, messages: list[Message], schema: dict[str, Any], name: str) -> dict[str, Any]:
        """The chat-completions body for these messages, exactly as :meth:`complete`
        sends it now (batch files are built from it)."""
        fmt = response_format(self.mode, schema, name, self.settings.embedded)
        return chat_body(self.model, messages, self.decoding(), fmt)

    async def _send(self, messages: list[Message], schema: dict[str, Any], name: str) -> Reply:
        import httpx2
        import openai

        body = self.request_body(messages, schema, name)
        log.debug("POST %s/chat/completions model=%s response_format=%s", self.settings.endpoint_id, self.model, self.mode)
        try:
            # The raw-request API skips the SDK's per-request parameter transform and
            # response model building, which cost milliseconds of CPU per sentence.
            # The body goes as bytes, serialised as the SDK would, which also spares the
            # SDK a deep copy of the prompt per request.
            raw = await self.client.post(
                "/chat/completions", cast_to=httpx2.Response, content=body_bytes(body)
            )
        except openai.APIStatusError as exc:
            if "response_format" in body and _mentions_response_format(exc):
                raise _SchemaUnsupported() from exc
            raise
        self._reached = True
        try:
            data = raw.json()
        except ValueError:
            raise _InvalidOutput("the server's response was not JSON", backoff=True) from None
        return reply_from(data)

    async def complete(
        self,
        messages: list[Message],
        schema: dict[str, Any],
        validate: Callable[[str], T],
        name: str = "stance",
        reasks: int | None = None,
    ) -> tuple[T, Usage]:
        """Ask until ``validate(reply)`` passes; returns its value and the usage of every
        attempt. An invalid reply is re-asked at most ``reasks`` times (default: as many
        as the retries allow)."""
        usage = Usage()
        current = messages
        invalid = 0
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.settings.max_retries + 1),
                wait=_wait,
                retry=retry_if_exception(_is_transient),
                reraise=True,
            ):
                with attempt:
                    reply = await self._send_with_fallback(current, schema, name, usage)
                    usage.add(reply.usage)
                    problem = reply_problem(reply)
                    if problem is None:
                        try:
                            return validate(reply.content), usage
                        except ReplyInvalid as exc:
                            problem = str(exc)
                    current = repair_messages(messages, reply.content, problem)
                    invalid += 1
                    raise _InvalidOutput(problem, final=reasks is not None and invalid > reasks)
        except _InvalidOutput as exc:
            err: Exception = ModelOutputError(
                f"invalid model output after {usage.requests} attempts: {exc.problem}"
            )
        except Exception as exc:
            err = self._translate(exc)
        if isinstance(err, BackendError):  # what a caller acts on, in fields
            err.attempts, err.usage = usage.requests, usage  # failed attempts cost tokens too
        raise err from None

    async def _send_with_fallback(
        self, messages: list[Message], schema: dict[str, Any], name: str, usage: Usage
    ) -> Reply:
        while True:
            usage.requests += 1
            try:
                return await self._send(messages, schema, name)
            except _SchemaUnsupported:
                # Step down once per level; every later request uses the mode that worked.
                nxt: StructuredMode | None = _STEP_DOWN.get(self.mode)
                if nxt is None:
                    raise
                log.warning("endpoint rejected response_format %s; using %s", self.mode, nxt)
                self.mode = nxt

    def _translate(self, exc: Exception) -> Exception:
        return translate(exc, self.settings, self.model, secret=self._secret, reached=self._reached)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()




def _mentions_response_format(exc: Any) -> bool:
    if exc.status_code not in (400, 422, 500, 501):
        return False
    text = str(getattr(exc, "message", "")) + str(getattr(exc, "body", ""))
    return "response_format" in text or "json_schema" in text
