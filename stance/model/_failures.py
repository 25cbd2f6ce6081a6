"""What went wrong with a request, as a typed error: the endpoint's answer or the
connection's failure becomes a :class:`~stance.errors.StanceError` whose fields (kind,
HTTP status) say what it was, with a one-line message that never carries the API key."""

from __future__ import annotations

import re
from typing import Any

from ..config import Settings
from ..errors import (
    AuthError,
    BackendError,
    ConfigError,
    EndpointUnreachable,
    NotFoundError,
    StanceError,
)


def scrub(text: str, secret: str | None) -> str:
    """Remove the API key (and key-shaped strings) from text bound for users or logs."""
    if secret:
        text = text.replace(secret, "***")
    return re.sub(r"\b(sk|key)-[A-Za-z0-9_*-]{6,}", r"\1-***", text)


def translate(exc: Exception, settings: Settings, model: str, *, secret: str | None, reached: bool) -> Exception:
    """The error to raise for ``exc``, the last failure of a request after its retries.
    ``reached``: whether any request to this endpoint has been answered yet."""
    import openai

    where = settings.endpoint_id
    if isinstance(exc.__cause__, StanceError):  # raised by a transport of ours: final
        return exc.__cause__
    code = exc.status_code if isinstance(exc, openai.APIStatusError) else None
    if isinstance(exc, openai.AuthenticationError):
        return AuthError(f"authentication failed at {where} (HTTP {code}): check OPENAI_API_KEY", status=code)
    if isinstance(exc, openai.PermissionDeniedError):
        return AuthError(
            f"the endpoint {where} refused the request (HTTP {code}): check OPENAI_API_KEY "
            "and its access to the model",
            status=code,
        )
    if isinstance(exc, openai.NotFoundError):
        return NotFoundError(f"not found at {where} (HTTP 404): check --base-url and --model {model!r}", status=code)
    if isinstance(exc, openai.APIStatusError):
        return BackendError(f"HTTP {code} from {where}: {scrub(_short_message(exc), secret)}", status=code)
    if isinstance(exc, openai.APIConnectionError):
        how = how_it_failed(exc)
        if not reached:
            return EndpointUnreachable(
                f"endpoint {where} {how} after {settings.max_retries + 1} attempts: check --base-url"
            )
        if how == "timed out":
            return BackendError(f"request timed out after {settings.timeout:g}s")
        return BackendError(f"connection to {where} failed: {how}")
    if isinstance(exc, BackendError | ConfigError):
        return exc
    return BackendError(scrub(f"{type(exc).__name__}: {exc}", secret))


def how_it_failed(exc: BaseException) -> str:
    """``closed the connection`` (the endpoint took the request and hung up without an
    answer), ``timed out`` or ``unreachable``. Transports label errors differently
    (aiohttp's disconnect and refused connection both reach the SDK as timeouts), so the
    exceptions it was raised from decide."""
    import aiohttp
    import httpx2
    import openai

    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and len(chain) < 10:
        chain.append(link)
        link = link.__cause__ or link.__context__
    if any(isinstance(x, aiohttp.ServerDisconnectedError | httpx2.RemoteProtocolError) for x in chain):
        return "closed the connection"
    for x in chain[1:]:  # a timeout anywhere, before any other OS error
        if isinstance(x, TimeoutError):
            return "timed out"
        if isinstance(x, OSError):
            return "unreachable"
    return "timed out" if isinstance(exc, openai.APITimeoutError) else "unreachable"


def _short_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error")
        msg = inner.get("message") if isinstance(inner, dict) else body.get("message")
        if msg:
            return str(msg).splitlines()[0][:200]
    return str(getattr(exc, "message", exc)).splitlines()[0][:200]
