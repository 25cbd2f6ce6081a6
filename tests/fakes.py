"""A stand-in for ``openai.AsyncOpenAI``: answers chat requests from a Python
function and records every request, so unit tests need no server and no key."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

Reply = str | dict[str, Any] | tuple[str, str]  # content, or (content, finish_reason)

#: The API key of the tests' fault server: made up, and built from two strings so that
#: no secret scanner mistakes it for a real one.
KEY = "sk-" + "test-0123456789abcdef"


def sentence_of(request: dict[str, Any]) -> str:
    """The target sentence from a stance request's user message (a batch request's
    sentences joined by newlines)."""
    data = _user_data(request)
    if "sentences" in data:
        return "\n".join(str(x["sentence"]) for x in data["sentences"])
    return str(data["sentence"])


def _user_data(request: dict[str, Any]) -> dict[str, Any]:
    user = request["messages"][1]["content"]
    return json.loads(user[user.index("{") :])


def keyword_answer(request: dict[str, Any]) -> dict[str, Any]:
    data = _user_data(request)
    if "sentences" in data:  # batch mode
        return {"answers": [{"id": x["id"], **_keyword_rule(x["sentence"])} for x in data["sentences"]]}
    return _keyword_rule(data["sentence"])


def expected_labels(sentence: str) -> tuple[list[str], dict[str, str | None]]:
    """The labels and targets a record must carry when the model answered with
    :func:`keyword_answer`: what the answer said, in codebook order, and nothing else."""
    rule = _keyword_rule(sentence)
    labels = [n for n in ("denies_production", "attributes_blame", "offers_cooperation") if rule[n]]
    return labels, {"blame_target": rule["blame_target"] if rule["attributes_blame"] else None}


def _keyword_rule(sentence: str) -> dict[str, Any]:
    s = sentence.lower()
    blame = "root cause" in s or "come from asia" in s
    return {
        "denies_production": "does not produce" in s or "not produced" in s,
        "attributes_blame": blame,
        "blame_target": "United States" if "root cause" in s else ("Asia" if blame else None),
        "offers_cooperation": "cooperation" in s,
        "rationale": "keyword rule",
    }


@dataclass
class FakeClient:
    answer: Callable[[dict[str, Any]], Reply] = keyword_answer
    base_url: str = "http://fake.test/v1"
    requests: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False
    keep_requests: bool = True  # the benchmark turns this off to measure only stance

    async def post(
        self,
        path: str,
        *,
        cast_to: Any,
        body: dict[str, Any] | None = None,
        content: bytes | None = None,
        **_: Any,
    ) -> Any:
        """What ``AsyncOpenAI.post`` returns with ``cast_to=httpx2.Response``."""
        assert path == "/chat/completions"
        data = await self._create(**(json.loads(content) if content is not None else body or {}))
        return SimpleNamespace(json=lambda: data)

    async def _create(self, **kwargs: Any) -> dict[str, Any]:
        if self.keep_requests:
            self.requests.append(kwargs)
        out = self.answer(kwargs)
        finish = "stop"
        if isinstance(out, tuple):
            out, finish = out
        content = out if isinstance(out, str) else json.dumps(out)
        return {
            "choices": [{"message": {"content": content, "refusal": None}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 20},
        }

    async def close(self) -> None:
        self.closed = True
