"""Batch input files: every sentence of a corpus that the cache cannot answer becomes a
request line in the OpenAI Batch API's format, which ``vllm run-batch`` reads too::

    {"custom_id": KEY, "method": "POST", "url": "/v1/chat/completions", "body": BODY}

``BODY`` is the byte string the online path would send for the sentence and ``KEY`` its
cache key, so an answer that comes back goes straight into the cache under the key a
later ``stance classify`` looks up. With ``batch_size`` K > 1 one line asks for up to K
consecutive sentences of one article, as online; its ``custom_id`` is ``p`` and a digest
of their keys (64 characters, the most some providers allow), and the keys themselves
are remembered in the cache for ingest.

The corpus streams through one article at a time and lines go straight to disk, so
memory stays flat however large the corpus. Output is split into numbered parts
(``requests.001.jsonl``, ``requests.002.jsonl``…) at the provider's limits on requests
and bytes per file; a part is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import CacheError, ConfigError, OutputError
from ..model import BATCH_ENDPOINT, body_bytes
from ..pipeline import AnswerCache, Classifier, too_long
from ..types import Article

#: the OpenAI Batch API's limits per input file (requests, bytes)
MAX_REQUESTS = 50_000
MAX_BYTES = 200_000_000

_KEY = re.compile(r"[0-9a-f]{64}")
_PACKED = re.compile(r"p[0-9a-f]{63}")
_LINE_HEAD = b'{"custom_id":'
_LINE_MID = b',"method":"POST","url":"' + BATCH_ENDPOINT.encode() + b'","body":'


@dataclass(frozen=True)
class Limits:
    """Most requests and bytes in one input file."""

    max_requests: int = MAX_REQUESTS
    max_bytes: int = MAX_BYTES


@dataclass
class PrepareStats:
    """What :func:`prepare` did."""

    articles: int = 0
    sentences: int = 0
    cached: int = 0  # answered by the cache: not written
    too_long: int = 0  # over MAX_SENTENCE_CHARS: never sent, online or in a batch
    asked: int = 0  # sentences written into requests
    requests: int = 0  # request lines written
    repeated: int = 0  # sentences already asked by an identical request in the same file
    bytes: int = 0
    files: list[Path] = field(default_factory=list)


def is_key(custom_id: str) -> bool:
    """Whether ``custom_id`` names one sentence: it is then its cache key."""
    return _KEY.fullmatch(custom_id) is not None


def is_packed(custom_id: str) -> bool:
    """Whether ``custom_id`` names a request for several sentences."""
    return _PACKED.fullmatch(custom_id) is not None


def packed_id(keys: list[str]) -> str:
    return "p" + hashlib.sha256("".join(keys).encode()).hexdigest()[:63]


def packed_keys(cache: AnswerCache, custom_id: str) -> list[str] | None:
    """The sentence keys behind a packed request, as :func:`prepare` remembered them."""
    entry = cache.get(custom_id)
    keys = entry.get("packed") if isinstance(entry, dict) else None
    if isinstance(keys, list) and keys and all(isinstance(k, str) and is_key(k) for k in keys):
        return keys
    return None


def request_line(custom_id: str, body: dict[str, Any]) -> bytes:
    """One line of a batch input file; ``body`` goes in as the online path's bytes."""
    return _LINE_HEAD + json.dumps(custom_id).encode() + _LINE_MID + body_bytes(body) + b"}\n"


def need_cache(cache: AnswerCache) -> None:
    if not cache.enabled:
        raise CacheError(
            "batch files work through the answer cache, which is off or unusable: "
            "drop --no-cache, or give a writable --cache-dir"
        )


def prepare(
    clf: Classifier, articles: Iterable[Article], output: Path, limits: Limits | None = None
) -> PrepareStats:
    """Write the requests for every sentence of ``articles`` the cache cannot answer to
    ``output`` (or its numbered parts); returns what was done, ``files`` included."""
    if clf.settings.base_url is None:
        raise ConfigError(
            "batch files are for an endpoint: pass --base-url and --model, the same as "
            "`stance classify` will use later (they are part of every cache key)"
        )
    need_cache(clf.cache)
    k = clf.settings.batch_size
    stats = PrepareStats()
    parts = _Parts(output, limits or Limits())
    try:
        for article in articles:
            stats.articles += 1
            _, sentences, contexts = clf.questions(article)
            group: list[tuple[str, dict[str, Any]]] = []
            for s, context in zip(sentences, contexts, strict=True):
                stats.sentences += 1
                if too_long(s.text) is not None:
                    stats.too_long += 1
                    continue
                key = clf.cache_key(context)
                if clf.cache.get(key, read=clf.cached_judgement) is not None:
                    stats.cached += 1
                elif k == 1:
                    _count(stats, parts.write(key, request_line(key, clf.asker.one_body(context))), 1)
                else:
                    group.append((key, context))
                    if len(group) == k:
                        _write_packed(clf, parts, stats, group)
                        group = []
            if group:  # a request never spans articles, as online
                _write_packed(clf, parts, stats, group)
        stats.files = parts.finish()
    finally:
        parts.discard()
    stats.bytes = parts.total_bytes
    return stats


def _write_packed(
    clf: Classifier, parts: _Parts, stats: PrepareStats, group: list[tuple[str, dict[str, Any]]]
) -> None:
    keys = [key for key, _ in group]
    custom_id = packed_id(keys)
    written = parts.write(custom_id, request_line(custom_id, clf.asker.batch_body([c for _, c in group])))
    if written:
        clf.cache.set(custom_id, {"packed": keys})
    _count(stats, written, len(keys))


def _count(stats: PrepareStats, written: bool, sentences: int) -> None:
    if written:
        stats.requests += 1
        stats.asked += sentences
    else:
        stats.repeated += sentences


class _Parts:
    """Request lines into ``path``, or into numbered parts when one file would pass the
    limits. A part is complete under its final name or not there at all."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.total_bytes = 0
        self._done: list[Path] = []
        self._fh: IO[bytes] | None = None
        self._lines = 0
        self._bytes = 0
        self._seen: set[str] = set()  # custom_ids of the open part: unique within a file

    def _numbered(self, k: int) -> Path:
        return self.path.with_name(f"{self.path.stem}.{k:03d}{self.path.suffix or '.jsonl'}")

    def _tmp(self, k: int) -> Path:
        return self.path.with_name(f".{self.path.name}.{k}.tmp")

    def write(self, custom_id: str, line: bytes) -> bool:
        """Write ``line`` unless its ``custom_id`` is in the open part already."""
        if custom_id in self._seen:
            return False
        if len(line) > self.limits.max_bytes:
            raise ConfigError(
                f"one request is {len(line):,} bytes, over the {self.limits.max_bytes:,}-byte file limit"
            )
        if self._fh is not None and (
            self._lines >= self.limits.max_requests or self._bytes + len(line) > self.limits.max_bytes
        ):
            self._close(self._numbered(len(self._done) + 1))
        if self._fh is None:
            self._fh = self._open(self._tmp(len(self._done) + 1))
        try:
            self._fh.write(line)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror}", path=str(self.path)) from None
        self._seen.add(custom_id)
        self._lines += 1
        self._bytes += len(line)
        self.total_bytes += len(line)
        return True

    def _open(self, tmp: Path) -> IO[bytes]:
        try:
            return tmp.open("wb")
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror}", path=str(self.path)) from None

    def _close(self, final: Path) -> None:
        assert self._fh is not None
        k = len(self._done) + 1
        try:
            self._fh.close()
            self._tmp(k).replace(final)
        except OSError as exc:
            raise OutputError(f"cannot write {final}: {exc.strerror}", path=str(final)) from None
        self._fh = None
        self._done.append(final)
        self._lines = self._bytes = 0
        self._seen = set()

    def finish(self) -> list[Path]:
        """Close the last part; one part is ``path`` itself. Files an earlier run left
        under these names (``path``, higher-numbered parts) are removed, so that every
        file there is from this run."""
        if self._fh is not None:
            self._close(self.path if not self._done else self._numbered(len(self._done) + 1))
        if self._done != [self.path]:
            self.path.unlink(missing_ok=True)
        k = len(self._done) + 1 if self._done != [self.path] else 1
        while self._numbered(k).exists():
            self._numbered(k).unlink()
            k += 1
        return list(self._done)

    def discard(self) -> None:
        """After a failure: drop the unfinished part (finished ones stay)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self._tmp(len(self._done) + 1).unlink(missing_ok=True)
