"""Shards: N machines each take a stable share of one corpus.

An article belongs to shard ``I`` of ``N`` when a digest of its id says so, so the
assignment depends on nothing but the id and ``N``: every machine computes the same
split from the same corpus, in any order, and every article falls in exactly one shard.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import ConfigError
from ..types import Article

_FORM = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1 to ``count``) of ``count``."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ConfigError(f"invalid shard {self.index}/{self.count}: expected I/N with 1 <= I <= N")

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/8"``: the second of eight shards."""
        m = _FORM.fullmatch(text)
        if m is None:
            raise ConfigError(f"invalid shard {text!r}: expected I/N, e.g. --shard 1/4")
        return cls(int(m.group(1)), int(m.group(2)))

    def owns(self, article_id: str) -> bool:
        digest = hashlib.sha256(article_id.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def in_shard(articles: Iterable[Article], shard: Shard | None) -> Iterator[Article]:
    """The articles of ``shard`` (all of them when None), lazily and in order."""
    for article in articles:
        if shard is None or shard.owns(article.id):
            yield article
