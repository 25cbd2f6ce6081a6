"""Corpus summaries over records: who takes which stance, who blames whom, over time.

The counting is pure functions over :class:`~stance.types.Record`; ``_tables`` and
``_chart`` render a :class:`Summary`.

A speaker's *affiliation* is derived by a small rule set
(:data:`stance.text.AFFILIATIONS`): the
country or body whose name, demonym or well-known institution appears earliest in the
speaker's role, else in the speaker's name. "Mexico's secretary of security" is
Mexico, "Chinese Foreign Ministry spokesperson" is China, "US Drug Enforcement
Administration" is the United States; a speaker that matches nothing is ``unknown``.
Sentences in the journalist's own voice are grouped as ``(journalist)``. Speakers are
merged across articles and languages by an alias table (``_aliases``), where given.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Literal

from pydantic import ValidationError

from ..errors import InputError, first_problem
from ..text import affiliation_of, country_name
from ..types import Record, Speaker
from ._aliases import Aliases
from ._palette import label_order

GroupBy = Literal["speaker", "affiliation"]
Period = Literal["month", "year"]

JOURNALIST = "(journalist)"
UNKNOWN = "unknown"
UNDATED = "undated"


def affiliation(speaker: Speaker | None) -> str:
    """The speaker's country or body (see :data:`stance.text.AFFILIATIONS`), role first,
    then name; ``(journalist)`` for the journalist's voice."""
    if speaker is None:
        return JOURNALIST
    return affiliation_of(speaker.role, speaker.name) or UNKNOWN

def period_of(date: str | None, period: Period | None) -> str | None:
    """``2023-10`` (month) or ``2023`` (year) from an ISO-like date; ``undated`` otherwise."""
    if period is None:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?", date or "")
    if not m or (period == "month" and not m.group(2)):
        return UNDATED
    return m.group(1) if period == "year" else f"{m.group(1)}-{m.group(2)}"


def group_of(record: Record, by: GroupBy, aliases: Aliases | None = None) -> str:
    if by == "affiliation":
        return affiliation(record.speaker)
    if record.speaker is None:
        return JOURNALIST
    return aliases.canonical(record.speaker.name) if aliases else record.speaker.name


@dataclass
class Row:
    """One group (speaker or affiliation), in one period when summarising over time."""

    group: str
    period: str | None = None
    sentences: int = 0
    articles: set[str] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)
    #: target field (e.g. ``blame_target``) -> normalised target -> count
    targets: dict[str, Counter[str]] = field(default_factory=dict)
    affiliations: Counter[str] = field(default_factory=Counter)

    def share(self, label: str) -> float:
        return self.counts[label] / self.sentences if self.sentences else 0.0

    @property
    def affiliation(self) -> str:
        return self.affiliations.most_common(1)[0][0] if self.affiliations else UNKNOWN

    @property
    def labelled(self) -> int:
        return sum(self.counts.values())


@dataclass
class Summary:
    by: GroupBy
    period: Period | None
    labels: list[str]
    rows: list[Row]
    #: target field -> its values, most frequent first
    targets: dict[str, list[str]]
    records: int
    articles: int
    failed: int


def summarize(
    records: Iterable[Record],
    by: GroupBy = "speaker",
    period: Period | None = None,
    aliases: Aliases | None = None,
) -> Summary:
    """Counts per group (and period): sentences, each label, each blame target.

    Records that carry an ``error`` were never classified; they are counted in
    ``failed`` and nowhere else, so shares are over classified sentences only.
    ``aliases`` (see :func:`load_aliases`) merges a speaker's names across articles and
    languages into one row; without it each spelling is its own row.
    """
    rows: dict[tuple[str | None, str], Row] = {}
    target_totals: dict[str, Counter[str]] = {}
    recs = list(records)
    failed = 0
    for r in recs:
        if r.error is not None:
            failed += 1
            continue
        key = (period_of(r.date, period), group_of(r, by, aliases))
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(group=key[1], period=key[0])
        row.sentences += 1
        row.articles.add(r.article)
        row.counts.update(r.labels)
        row.affiliations[affiliation(r.speaker)] += 1
        for fld, value in r.targets.items():
            if value and value.strip():
                t = country_name(value)
                row.targets.setdefault(fld, Counter())[t] += 1
                target_totals.setdefault(fld, Counter())[t] += 1
    ordered = sorted(
        rows.values(), key=lambda w: (w.period or "", w.group == JOURNALIST, -w.labelled, -w.sentences, w.group)
    )
    return Summary(
        by=by,
        period=period,
        labels=label_order(recs),
        rows=ordered,
        targets={f: [t for t, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))] for f, c in target_totals.items()},
        records=len(recs),
        articles=len({r.article for r in recs}),
        failed=failed,
    )


# -- reading ------------------------------------------------------------------------


def read_records(paths: Sequence[str]) -> list[Record]:
    """Records from JSONL result files (``-`` is standard input), as ``stance classify`` wrote them."""
    import sys

    out: list[Record] = []
    for p in paths:
        if p == "-":
            out.extend(_parse_lines(sys.stdin, "stdin"))
            continue
        try:
            with open(p, encoding="utf-8") as fh:
                out.extend(_parse_lines(fh, p))
        except FileNotFoundError:
            raise InputError(f"no such file: {p}") from None
        except IsADirectoryError:
            raise InputError(f"{p} is a directory: give the JSONL file `stance classify -o` wrote") from None
        except UnicodeDecodeError:
            raise InputError(f"{p} is not UTF-8 text") from None
        except OSError as exc:
            raise InputError(f"cannot read {p}: {exc.strerror}") from None
    return out


def _parse_lines(fh: IO[str], name: str) -> Iterable[Record]:
    for lineno, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {lineno}: invalid JSON ({exc.msg})") from None
        try:
            yield Record.model_validate(obj)
        except ValidationError as exc:
            raise InputError(
                f"{name} line {lineno}: not a stance record ({first_problem(exc, 'record')})"
            ) from None


