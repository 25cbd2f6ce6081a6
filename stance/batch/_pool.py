"""Pooled caches: answers exported from one cache and imported into another.

An export is JSONL, one answer a line, in key order::

    {"key": "<64 hex digits>", "answer": {"labels": [...], "targets": {...}, "rationale": "..."}}

The key is the cache key (a digest of the endpoint, model, prompt, codebook, decoding
parameters and the sentence with its context), so an answer pooled from another
machine is used only where exactly the same question would be asked. Import checks
every line as the cache checks its entries and adds only keys it does not hold: an
entry already there wins, and one that differs is counted as a conflict. Importing
the same file twice changes nothing.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ..errors import OutputError
from ..pipeline import AnswerCache
from ..types import Judgement
from ._lines import cache_lines
from ._prepare import is_key

_FIELDS = set(Judgement.model_fields)
_MAX_LINE = 1 << 20


@dataclass
class PoolStats:
    """What an import did, in lines of the answers files."""

    lines: int = 0
    added: int = 0
    same: int = 0  # already held, the same answer
    conflicts: int = 0  # already held, a different answer: the held one is kept
    bad: int = 0  # not an answer line
    first_bad: str | None = None


def answer_of(value: Any) -> dict[str, Any] | None:
    """``value`` if it is a stored answer exactly (the fields of a Judgement and
    nothing else, as it would be stored), else None."""
    if not isinstance(value, dict) or set(value) != _FIELDS:
        return None
    try:
        dumped = Judgement.model_validate(value).model_dump()
    except ValidationError:
        return None
    return value if dumped == value else None


def export_answers(cache: AnswerCache, output: str) -> int:
    """Write every answer in ``cache`` to ``output`` (``-``: standard output); returns
    how many. A file is written whole or not at all."""
    if output == "-":
        return _write_all(cache, sys.stdout)
    path = Path(output)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            n = _write_all(cache, fh)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}", path=str(path)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _write_all(cache: AnswerCache, fh: IO[str]) -> int:
    n = 0
    for key in cache.keys():
        if not isinstance(key, str) or not is_key(key):
            continue  # not an answer: a packed request's list of keys
        answer = answer_of(cache.get(key))
        if answer is None:
            continue
        fh.write(json.dumps({"key": key, "answer": answer}, ensure_ascii=False) + "\n")
        n += 1
    return n


def import_answers(cache: AnswerCache, paths: Iterable[Path]) -> PoolStats:
    """Add every answer in the export files ``paths`` that ``cache`` does not hold.
    Every file is checked before the first is read; lines that are not answers are
    counted and skipped."""
    stats = PoolStats()
    for where, raw in cache_lines(cache, paths, _MAX_LINE):
        _one(cache, raw, stats, where)
    return stats


def _one(cache: AnswerCache, raw: bytes, stats: PoolStats, where: str) -> None:
    stats.lines += 1
    try:
        obj = json.loads(raw)
    except ValueError:
        obj = None
    key = obj.get("key") if isinstance(obj, dict) else None
    answer = answer_of(obj.get("answer")) if isinstance(obj, dict) else None
    if not isinstance(key, str) or not is_key(key) or answer is None:
        stats.bad += 1
        if stats.first_bad is None:
            stats.first_bad = f"{where}: not an answer line"
        return
    if cache.add(key, answer):
        stats.added += 1
        return
    held = answer_of(cache.get(key))
    if held is None:  # an entry the cache cannot use (garbage from another writer)
        cache.set(key, answer)
        stats.added += 1
    elif held == answer:
        stats.same += 1
    else:
        stats.conflicts += 1
