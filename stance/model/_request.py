"""The chat request a question becomes, and the reply read back.

One body builder serves the online path and batch files, so a line of a batch input
file carries the very bytes an online request would send (and their answers are
interchangeable); one reader judges a chat completion, so an answer from a batch
output file is validated exactly as an answer that came over HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..config import StructuredMode
from ..types import Usage
from ._embedded import cap_strings
from ._parse import ReplyInvalid
from ._prompt import Message

T = TypeVar("T")


@dataclass
class Reply:
    content: str
    finish_reason: str | None
    usage: Usage
    refusal: str | None = None


def response_format(
    mode: StructuredMode, schema: dict[str, Any], name: str, embedded: bool = False
) -> dict[str, Any] | None:
    """How the request asks for JSON in ``mode`` (``auto`` must be resolved first)."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}
    if mode == "json_object":
        fmt: dict[str, Any] = {"type": "json_object"}
        if embedded:  # the embedded llama.cpp app honours a schema on json_object
            fmt["schema"] = cap_strings(schema)
        return fmt
    return None


def chat_body(
    model: str, messages: list[Message], decoding: dict[str, Any], fmt: dict[str, Any] | None
) -> dict[str, Any]:
    """The body of a ``POST /chat/completions``."""
    body: dict[str, Any] = {"model": model, "messages": messages, **decoding}
    if fmt is not None:
        body["response_format"] = fmt
    return body


def body_bytes(body: dict[str, Any]) -> bytes:
    """The body as sent: compact JSON, UTF-8, as the ``openai`` SDK would serialise it."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def reply_from(data: Any) -> Reply:
    """A chat completion's JSON, read defensively: servers differ in what they omit."""
    data = data if isinstance(data, dict) else {}
    raw_usage = data.get("usage") or {}
    raw_usage = raw_usage if isinstance(raw_usage, dict) else {}
    details = raw_usage.get("prompt_tokens_details") or {}
    details = details if isinstance(details, dict) else {}
    usage = Usage(
        prompt_tokens=_count(raw_usage.get("prompt_tokens")),
        completion_tokens=_count(raw_usage.get("completion_tokens")),
        cached_prompt_tokens=_count(details.get("cached_tokens")),
    )
    choices = data.get("choices") or [{}]
    choice = choices[0] if isinstance(choices, list) and isinstance(choices[0], dict) else {}
    message = choice.get("message") or {}
    message = message if isinstance(message, dict) else {}
    content = message.get("content")
    refusal = message.get("refusal")
    return Reply(
        content=content if isinstance(content, str) else "",
        finish_reason=choice.get("finish_reason"),
        usage=usage,
        refusal=refusal if isinstance(refusal, str) else None,
    )


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def reply_problem(reply: Reply) -> str | None:
    """Why a reply cannot be an answer whatever it says, or None."""
    if reply.refusal:
        return f"the model refused: {reply.refusal[:200]}"
    if reply.finish_reason == "length":
        return "the reply was cut off at the token limit"
    return None


def read_completion(data: Any, validate: Callable[[str], T]) -> T:
    """A chat completion's JSON judged as the online path judges a reply: refused or
    cut-off replies are unusable, the content must pass ``validate``. Raises
    :class:`ReplyInvalid`."""
    reply = reply_from(data)
    problem = reply_problem(reply)
    if problem is not None:
        raise ReplyInvalid(problem, kind="unusable")
    return validate(reply.content)
