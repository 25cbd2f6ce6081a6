"""On-disk answer cache (diskcache, SQLite underneath, safe across processes).

Keys are SHA-256 digests of everything that changes an answer; values are JSON text
(never pickles, so a shared cache directory cannot execute code). Only successful
answers are stored. A cache that cannot be opened or read degrades to a warning and
a fresh request instead of stopping the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

log = logging.getLogger("stance")

_ERRORS = (sqlite3.Error, OSError, ValueError, TypeError)


def make_key(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """A thin, fault-tolerant wrapper around :class:`diskcache.Cache`."""

    def __init__(self, directory: Path | None, enabled: bool = True) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._cache: Any = None
        self._warned = False
        if enabled and directory is not None:
            try:
                import diskcache

                directory.mkdir(parents=True, exist_ok=True)
                self._cache = diskcache.Cache(
                    str(directory), size_limit=2**34, eviction_policy="least-recently-stored"
                )
            except _ERRORS as exc:
                self._warn(f"cache at {directory} unusable ({exc}); continuing without it")

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def _warn(self, msg: str) -> None:
        if not self._warned:
            log.warning(msg)
            self._warned = True

    def get(self, key: str) -> dict[str, Any] | None:
        if self._cache is None:
            return None
        try:
            raw = self._cache.get(key)
            value = json.loads(raw) if isinstance(raw, str) else None
        except _ERRORS as exc:
            self._warn(f"cache read failed ({exc}); asking the model again")
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def set(self, key: str, value: dict[str, Any]) -> None:
        if self._cache is None:
            return
        try:
            self._cache.set(key, json.dumps(value, ensure_ascii=False))
        except _ERRORS as exc:
            self._warn(f"cache write failed ({exc}); results are still written to the output")

    def stats(self) -> dict[str, Any]:
        if self._cache is None:
            return {"directory": str(self.directory), "entries": 0, "bytes": 0}
        try:
            return {
                "directory": str(self.directory),
                "entries": len(self._cache),
                "bytes": int(self._cache.volume()),
            }
        except _ERRORS as exc:
            return {"directory": str(self.directory), "error": str(exc)}

    def clear(self) -> int:
        return int(self._cache.clear()) if self._cache is not None else 0

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
