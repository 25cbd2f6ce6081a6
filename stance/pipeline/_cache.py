"""On-disk answer cache (diskcache, SQLite underneath, safe across processes).

Keys are SHA-256 digests of everything that changes an answer; values are JSON text
(never pickles, so a shared cache directory cannot execute code). Only successful
answers are stored. A cache that cannot be opened or read degrades to a warning and
a fresh request instead of stopping the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import CacheError

log = logging.getLogger("stance")

_ERRORS = (sqlite3.Error, OSError, ValueError, TypeError)
_DB = "cache.db"  # diskcache's database; values too large for it live in ab/cd/*.val files


def make_key(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """A thin, fault-tolerant wrapper around :class:`diskcache.Cache`."""

    def __init__(self, directory: Path | None, enabled: bool = True, create: bool = True) -> None:
        """``create=False`` opens only a cache that is already there (nothing is made
        where there is none: for looking, not for a run)."""
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._cache: Any = None
        self._warned = False
        self.unusable: str | None = None  # why a cache that is there could not be opened
        self._errors: tuple[type[BaseException], ...] = _ERRORS
        if not create and directory is not None and not (directory / _DB).is_file():
            enabled = False
        if enabled and directory is not None:
            try:
                import diskcache

                # a lock held past sqlite's busy timeout by another process
                self._errors = (*_ERRORS, diskcache.Timeout)
                directory.mkdir(parents=True, exist_ok=True)
                # No memory map of the database: diskcache's default maps up to 64 MB of
                # it, which a process walking a large cache (ingesting a million answers)
                # keeps resident, so its memory would grow with the cache. Reads without
                # it cost about 0.5 µs more per lookup (measured), and SQLite's own page
                # cache (32 MB at most) still holds the hot pages.
                self._cache = diskcache.Cache(
                    str(directory), size_limit=2**34, eviction_policy="least-recently-stored",
                    sqlite_mmap_size=0,
                )
            except self._errors as exc:
                self.unusable = str(exc)
                self._warn(
                    f"cache at {directory} unusable ({exc}); continuing without it: "
                    "answers are not cached this run (check its permissions and free space)"
                )

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def _warn(self, msg: str) -> None:
        if not self._warned:
            log.warning(msg)
            self._warned = True

    def get(self, key: str, read: Callable[[dict[str, Any]], Any] | None = None) -> Any:
        """The stored object (passed through ``read`` when given), or None. An entry that
        ``read`` rejects with ValueError (another writer's garbage in a shared directory)
        is a miss too."""
        if self._cache is None:
            return None
        try:
            raw = self._cache.get(key)
            value = json.loads(raw) if isinstance(raw, str) else None
            if value is not None and not isinstance(value, dict):
                raise ValueError(f"entry is a JSON {type(value).__name__}, not an object")
            if value is not None and read is not None:
                value = read(value)
        except self._errors as exc:
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
        except self._errors as exc:
            self._warn(f"cache write failed ({exc}); results are still written to the output")

    def add(self, key: str, value: dict[str, Any]) -> bool:
        """Store ``value`` unless ``key`` holds an entry already, in one atomic step (of
        two processes adding the same key, one wins); True if it was stored."""
        if self._cache is None:
            return False
        try:
            return bool(self._cache.add(key, json.dumps(value, ensure_ascii=False)))
        except self._errors as exc:
            raise CacheError(f"cannot write to the cache at {self.directory}: {exc}") from None

    def keys(self) -> Iterator[str]:
        """Every key, in key order, read lazily a page at a time."""
        if self._cache is None:
            return
        try:
            yield from self._cache.iterkeys()
        except self._errors as exc:
            raise CacheError(f"cannot read the cache at {self.directory}: {exc}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group many writes into one SQLite transaction (far faster than one each);
        other processes wait for it, so keep it short."""
        if self._cache is None:
            yield
            return
        with self._cache.transact():
            yield

    def stats(self) -> dict[str, Any]:
        """``entries`` and ``bytes``; ``error`` instead when the cache cannot be read."""
        if self.unusable is not None:
            return {"directory": str(self.directory), "error": self.unusable}
        if self._cache is None:
            return {"directory": str(self.directory), "entries": 0, "bytes": 0}
        try:
            return {
                "directory": str(self.directory),
                "entries": len(self._cache),
                "bytes": int(self._cache.volume()),
            }
        except self._errors as exc:
            return {"directory": str(self.directory), "error": str(exc)}

    def close(self) -> None:
        if self._cache is not None:
            with contextlib.suppress(*self._errors):
                self._cache.close()


def clear_cache(directory: Path) -> int | None:
    """Delete every cached answer in ``directory``; returns how many, or None when the
    cache there could not be read and its files were removed instead. Nothing else in the
    directory is touched."""
    import diskcache

    if not (directory / _DB).is_file():
        return 0
    try:
        with diskcache.Cache(str(directory)) as cache:
            return int(cache.clear())
    except (*_ERRORS, diskcache.Timeout):
        pass
    hexdir = "[0-9a-f][0-9a-f]"
    try:
        for path in [*directory.glob(_DB + "*"), *directory.glob(f"{hexdir}/{hexdir}/*.val")]:
            path.unlink()
        for sub in [*sorted(directory.glob(f"{hexdir}/{hexdir}")), *sorted(directory.glob(hexdir))]:
            with contextlib.suppress(OSError):
                sub.rmdir()  # only when empty
    except OSError as exc:
        raise CacheError(f"cannot clear the cache at {directory}: {exc.strerror}") from None
    return None
