"""Reply parsing: pure functions from a model's raw reply to a validated Judgement.

Small and self-hosted models wrap JSON in prose or code fences, spell booleans as
strings, or answer with a label list instead of one key per label. What can be read
unambiguously is accepted; anything else raises :class:`ReplyInvalid` with a short
description that is sent back to the model when re-asking. Labels outside the
codebook can never come through.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..types import Judgement
from ._codebook import Codebook

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", "none", "null", ""}
_NULLS = {"", "null", "none", "n/a", "na", "nobody", "no one", "unknown"}


class ReplyInvalid(ValueError):
    """The reply cannot be read as an answer for this codebook; ``str(exc)`` says why and
    ``kind`` what went wrong: ``not_json`` (no JSON object in it), ``off_schema`` (JSON
    that does not fit the codebook) or ``unusable`` (refused, or cut off at the token
    limit)."""

    def __init__(self, problem: str, kind: str = "off_schema") -> None:
        super().__init__(problem)
        self.kind = kind


def extract_json_object(text: str) -> dict[str, Any]:
    """The first JSON object in ``text``, tolerating fences, prose and trailing commas."""
    if not text or not text.strip():
        raise ReplyInvalid("the reply was empty", kind="not_json")
    fenced = _FENCE.search(text)
    candidates = [fenced.group(1)] if fenced else []
    candidates.append(text)
    for cand in candidates:
        start = cand.find("{")
        while start != -1:
            end = _matching_brace(cand, start)
            if end is None:
                break
            chunk = cand[start : end + 1]
            for attempt in (chunk, _TRAILING_COMMA.sub(r"\1", chunk)):
                try:
                    obj = json.loads(attempt)
                except json.JSONDecodeError:
                    continue
                if isinstance(obj, dict):
                    return obj
            start = cand.find("{", start + 1)
    if "{" in text and _matching_brace(text, text.find("{")) is None:
        raise ReplyInvalid("the JSON object was cut off before it closed", kind="not_json")
    raise ReplyInvalid("the reply contained no JSON object", kind="not_json")


def _matching_brace(s: str, start: int) -> int | None:
    depth, in_str, esc = 0, False, False
    for i in range(start, len(s)):
        c = s[i]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _as_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ReplyInvalid(f'"{key}" must be true or false, got {json.dumps(value)[:40]}')


def _as_target(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    text = str(value).strip()
    return None if text.lower() in _NULLS else text[:200]


def judgement_from_object(obj: dict[str, Any], codebook: Codebook) -> Judgement:
    names = codebook.label_names
    # Some models answer {"labels": [...]} (or nest the booleans under "labels").
    nested = obj.get("labels")
    if isinstance(nested, dict):
        obj = {**obj, **nested}
    if isinstance(nested, list) and not any(n in obj for n in names):
        chosen = {str(x).strip() for x in nested}
        unknown = chosen - set(names)
        if unknown:
            raise ReplyInvalid(f"labels not in the codebook: {', '.join(sorted(unknown))}")
        obj = {**obj, **{n: n in chosen for n in names}}
    missing = [n for n in names if n not in obj]
    if missing:
        raise ReplyInvalid(f"missing keys: {', '.join(missing)}")
    labels = [n for n in names if _as_bool(obj[n], n)]
    targets: dict[str, str | None] = {}
    for field, owner in codebook.target_fields.items():
        targets[field] = _as_target(obj.get(field)) if owner in labels else None
    rationale = obj.get("rationale")
    return Judgement(
        labels=labels,
        targets=targets,
        rationale=str(rationale).strip()[:500] if rationale not in (None, "") else None,
    )


def parse_reply(content: str | None, codebook: Codebook) -> Judgement:
    """Parse and validate one reply; raises ReplyInvalid."""
    return judgement_from_object(extract_json_object(content or ""), codebook)


def parse_batch_reply(content: str | None, codebook: Codebook, n: int) -> list[Judgement]:
    """Parse ``{"answers": [...]}`` for ``n`` sentences with ids 1..n, in id order."""
    obj = extract_json_object(content or "")
    answers = obj.get("answers")
    if not isinstance(answers, list):
        raise ReplyInvalid('expected {"answers": [...]}')
    by_id: dict[int, Judgement] = {}
    for pos, item in enumerate(answers, start=1):
        if not isinstance(item, dict):
            raise ReplyInvalid(f"answer {pos} is not an object")
        raw_id = item.get("id", pos)
        try:
            key = int(raw_id)
        except (TypeError, ValueError):
            raise ReplyInvalid(f"answer {pos} has id {raw_id!r}, expected 1..{n}") from None
        if key in by_id or not 1 <= key <= n:
            raise ReplyInvalid(f"answer ids must be 1..{n}, each once")
        by_id[key] = judgement_from_object(item, codebook)
    if len(by_id) != n:
        raise ReplyInvalid(f"expected {n} answers, got {len(by_id)}")
    return [by_id[i] for i in range(1, n + 1)]
