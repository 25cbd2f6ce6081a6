"""The backend's reading of server replies, and the typed fields of its errors."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from stance.config import resolve_settings
from stance.errors import (
    AuthError,
    BackendError,
    EndpointUnreachable,
    ModelOutputError,
    NotFoundError,
)
from stance.model import Backend, ReplyInvalid
from stance.model._backend import _retry_after
from tests.fakes import KEY
from tests.faultserver import CLOSE, NOT_JSON, Fault, FaultServer, status
from tests.pipeline.test_classify import _status_error


def test_retry_after_is_honoured() -> None:
    exc = _status_error(openai.RateLimitError, 429, headers={"retry-after": "7"})
    assert _retry_after(exc) == 7.0
    exc = _status_error(openai.RateLimitError, 429, headers={"retry-after-ms": "250"})
    assert _retry_after(exc) == 0.25
    assert _retry_after(_status_error(openai.RateLimitError, 429)) is None


def _ask(server: FaultServer) -> Any:
    settings = resolve_settings(env={}, base_url=server.url, model="m", api_key=KEY, max_retries=2, timeout=2)
    messages = [{"role": "system", "content": "Label it."}, {"role": "user", "content": '{"sentence": "It rained."}'}]

    def validate(content: str) -> str:
        if not content.startswith("{"):
            raise ReplyInvalid("not JSON")
        return content

    async def main() -> Any:
        backend = Backend(settings)
        try:
            return await backend.complete(messages, {"type": "object"}, validate)
        finally:
            await backend.aclose()

    return asyncio.run(main())


@pytest.mark.parametrize(
    ("faults", "error", "status", "attempts"),
    [
        ([status(503)] * 3, BackendError, 503, 3),
        ([status(429), status(500), status(502)], BackendError, 502, 3),
        ([status(401)], AuthError, 401, 1),
        ([status(403)], AuthError, 403, 1),
        ([status(404)], NotFoundError, 404, 1),
        ([NOT_JSON] * 3, ModelOutputError, None, 3),
        ([CLOSE] * 3, EndpointUnreachable, None, 3),
    ],
    ids=["503", "last-status", "401", "403", "404", "invalid-output", "closed"],
)
def test_errors_carry_status_attempts_and_usage(
    server: FaultServer, faults: list[Fault], error: type[BackendError], status: int | None, attempts: int
) -> None:
    """What a caller acts on is in fields, never in the message: the endpoint's last
    HTTP status, the requests sent, and the tokens they cost."""
    server.queue(*faults)
    with pytest.raises(BackendError) as info:
        _ask(server)
    exc = info.value
    assert type(exc) is error and server.received == attempts
    assert (exc.status, exc.attempts, exc.usage.requests) == (status, attempts, attempts)
    # replies that came back were paid for, even though none was usable
    assert (exc.usage.prompt_tokens > 0) == (error is ModelOutputError)
