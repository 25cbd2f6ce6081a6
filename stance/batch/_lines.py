"""Reading result and answer files line by line into the answer cache."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from ..errors import InputError
from ..pipeline import AnswerCache

_TRANSACTION = 500  # cache writes per SQLite transaction


def cache_lines(cache: AnswerCache, paths: Iterable[Path], max_line: int) -> Iterator[tuple[str, bytes]]:
    """Every non-blank line of the files ``paths`` with where it stands (``name line N``).
    Every file is checked before the first is read; the cache writes made while
    :data:`_TRANSACTION` lines are handled share one SQLite transaction, which is what
    makes ingesting millions of answers fast. A line longer than ``max_line`` comes in
    pieces, none of which parses."""
    paths = list(paths)
    for path in paths:
        if not path.is_file():
            raise InputError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    for path in paths:
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        with fh:
            lines = iter(partial(fh.readline, max_line), b"")
            lineno = 0
            while chunk := [raw for _, raw in zip(range(_TRANSACTION), lines, strict=False)]:
                with cache.transaction():
                    for raw in chunk:
                        lineno += 1
                        if raw.strip():
                            yield f"{path.name} line {lineno}", raw
