"""The backend's reading of server replies."""

from __future__ import annotations

import openai

from stance.model._backend import _retry_after
from tests.pipeline.test_classify import _status_error


def test_retry_after_is_honoured() -> None:
    exc = _status_error(openai.RateLimitError, 429, headers={"retry-after": "7"})
    assert _retry_after(exc) == 7.0
    exc = _status_error(openai.RateLimitError, 429, headers={"retry-after-ms": "250"})
    assert _retry_after(exc) == 0.25
    assert _retry_after(_status_error(openai.RateLimitError, 429)) is None
