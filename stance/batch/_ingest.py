"""Batch output files into the answer cache.

Reads result lines as the OpenAI Batch API and ``vllm run-batch`` write them (any
engine writing the same format will do)::

    {"id": "…", "custom_id": KEY, "response": {"status_code": 200, "body": COMPLETION}, "error": null}

Each answer is validated exactly as the online path validates a reply (refusals and
replies cut off at the token limit are unusable; the content must parse and fit the
codebook) and stored under its sentence's cache key. Whatever cannot be used is
counted by kind and left out: those sentences have no cache entry, so the next
``stance classify`` asks them online. An answer for a key that already holds one is
not written again, so ingesting the same file twice changes nothing; a different
answer already there is kept and counted as a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ReplyInvalid
from ..pipeline import AnswerCache, Classifier
from ..types import Judgement
from ._lines import cache_lines
from ._prepare import is_key, is_packed, need_cache, packed_keys

_MAX_LINE = 64 << 20  # a result line is a few kilobytes; anything this long is not one


@dataclass
class IngestStats:
    """What :func:`ingest` found, in result lines (requests) and sentences."""

    lines: int = 0
    stored: int = 0  # sentences whose answer went into the cache
    already: int = 0  # sentences the cache already held with the same answer
    conflicts: int = 0  # sentences the cache held with a different answer (kept)
    failed: int = 0  # lines for requests that failed at the engine (error lines)
    not_json: int = 0  # replies with no JSON object in them
    off_schema: int = 0  # JSON that does not fit the codebook
    unusable: int = 0  # replies refused by the model or cut off at the token limit
    unknown: int = 0  # packed requests this cache has no record of
    unreadable: int = 0  # lines that are not result lines of stance requests
    #: the first problem seen of each kind above, for the report
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        """Lines whose sentences got no answer from this file."""
        return self.failed + self.not_json + self.off_schema + self.unusable + self.unknown + self.unreadable

    def note(self, kind: str, example: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.examples.setdefault(kind, example[:300])


def ingest(clf: Classifier, paths: Iterable[Path]) -> IngestStats:
    """Validate every answer in the result files ``paths`` and store the good ones in
    ``clf``'s cache. Every file is checked before the first is read."""
    need_cache(clf.cache)
    stats = IngestStats()
    for where, raw in cache_lines(clf.cache, paths, _MAX_LINE):
        stats.lines += 1
        _one(clf, raw, stats, where)
    return stats


def _one(clf: Classifier, raw: bytes, stats: IngestStats, where: str) -> None:
    try:
        obj = json.loads(raw)
    except ValueError:
        stats.note("unreadable", f"{where}: not JSON")
        return
    custom_id = obj.get("custom_id") if isinstance(obj, dict) else None
    if not isinstance(custom_id, str) or not (is_key(custom_id) or is_packed(custom_id)):
        stats.note("unreadable", f"{where}: no custom_id of a stance request")
        return
    failure = _failure(obj)
    if failure is not None:
        stats.note("failed", f"{where}: {failure}")
        return
    body = obj["response"].get("body")
    keys = packed_keys(clf.cache, custom_id) if is_packed(custom_id) else [custom_id]
    if keys is None:
        stats.note("unknown", f"{where}: a request for several sentences that this cache did not prepare")
        return
    try:
        if is_packed(custom_id):
            judgements = clf.asker.read_batch(body, len(keys))
        else:
            judgements = [clf.asker.read_one(body)]
    except ReplyInvalid as exc:
        stats.note(exc.kind if exc.kind in ("not_json", "unusable") else "off_schema", f"{where}: {exc}")
        return
    for key, judgement in zip(keys, judgements, strict=True):
        _store(clf, key, judgement, stats)


def _failure(obj: dict[str, Any]) -> str | None:
    """Why a result line carries no answer (an error line), or None."""
    error = obj.get("error")
    response = obj.get("response")
    if error:
        return _message(error)
    if not isinstance(response, dict):
        return "no response"
    code = response.get("status_code")
    if code != 200:
        body = response.get("body")
        detail = _message(body.get("error") if isinstance(body, dict) else None)
        return f"HTTP {code}" + (f": {detail}" if detail != "unknown error" else "")
    return None


def _message(error: Any) -> str:
    if isinstance(error, dict):
        text = error.get("message") or error.get("code")
        if text:
            return str(text).splitlines()[0][:200]
    if isinstance(error, str) and error:
        return error.splitlines()[0][:200]
    return "unknown error"


def _store(clf: Classifier, key: str, judgement: Judgement, stats: IngestStats) -> None:
    value = judgement.model_dump()
    cache: AnswerCache = clf.cache
    if cache.add(key, value):
        stats.stored += 1
        return
    held = cache.get(key, read=clf.cached_judgement)
    if held is None:  # an entry the cache cannot use (garbage from another writer)
        cache.set(key, value)
        stats.stored += 1
    elif held.model_dump() == value:
        stats.already += 1
    else:
        stats.conflicts += 1
