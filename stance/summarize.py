"""Corpus summaries over records: who takes which stance, who blames whom, over time.

The counting is pure functions over :class:`~stance.types.Record`; rendering (rich
tables, CSV, a matplotlib chart) sits at the bottom and imports its library lazily.

A speaker's *affiliation* is derived by a small rule set (:data:`AFFILIATIONS`): the
country or body whose name, demonym or well-known institution appears earliest in the
speaker's role, else in the speaker's name. "Mexico's secretary of security" is
Mexico, "Chinese Foreign Ministry spokesperson" is China, "US Drug Enforcement
Administration" is the United States; a speaker that matches nothing is ``unknown``.
Sentences in the journalist's own voice are grouped as ``(journalist)``.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import ValidationError

from .errors import ConfigError, InputError, first_problem
from .types import Record, Speaker

GroupBy = Literal["speaker", "affiliation"]
Period = Literal["month", "year"]

JOURNALIST = "(journalist)"
UNKNOWN = "unknown"
UNDATED = "undated"

#: Okabe & Ito's colour-blind-safe palette, black left out; labels take colours in order.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"]

#: (affiliation, pattern). Case-sensitive on purpose: "US" is the country, "us" is not.
AFFILIATIONS: list[tuple[str, str]] = [
    ("China", r"China|Chinese|Beijing|PRC"),
    ("Mexico", r"Mexico|Mexican|México|López Obrador|Lopez Obrador|AMLO"),
    ("United States", r"United States|U\.S\.|US|USA|American|America|White House|Washington|"
                      r"DEA|Drug Enforcement Administration|State Department|Pentagon|Biden|Trump"),
    ("Canada", r"Canada|Canadian|Ottawa"),
    ("United Nations", r"United Nations|UN|UNODC"),
]
_AFFILIATION_RES = [(name, re.compile(rf"(?<!\w)(?:{pat})(?!\w)")) for name, pat in AFFILIATIONS]
_ARTICLE = re.compile(r"^(?:the|The)\s+")


def affiliation(speaker: Speaker | None) -> str:
    """The speaker's country or body by :data:`AFFILIATIONS`, role first, then name."""
    if speaker is None:
        return JOURNALIST
    for text in (speaker.role, speaker.name):
        if not text:
            continue
        hits = [(m.start(), name) for name, rx in _AFFILIATION_RES if (m := rx.search(text))]
        if hits:
            return min(hits)[1]
    return UNKNOWN


def normalise_target(target: str) -> str:
    """Whitespace collapsed, a leading "the" dropped, and a bare country alias
    ("US", "the United States", "America") mapped to the affiliation name, so that
    one country is one column; anything longer ("Mexican cartels") is kept as written."""
    t = _ARTICLE.sub("", " ".join(target.split()))
    for name, rx in _AFFILIATION_RES:
        m = rx.fullmatch(t)
        if m:
            return name
    return t


@functools.cache
def _default_codebook() -> tuple[str, list[str]]:
    from .codebook import load_codebook

    try:
        cb = load_codebook()
    except Exception:  # a broken install must not stop a summary
        return "", []
    return cb.ref, cb.label_names


def label_order(records: Iterable[Record]) -> list[str]:
    """Labels to show: the default codebook's (all of them when its records are
    present, so a stance nobody took still gets a column of zeros), in its order,
    then any other label seen, alphabetically."""
    ref, default = _default_codebook()
    recs = list(records)
    seen = {lab for r in recs for lab in r.labels}
    uses_default = any(r.codebook == ref for r in recs)
    first = [lab for lab in default if uses_default or lab in seen]
    return first + sorted(seen - set(default))


def label_colours(labels: Sequence[str]) -> dict[str, str]:
    """A fixed colour per label: the default codebook's labels always get the same ones."""
    _, default = _default_codebook()
    order = list(default) + [lab for lab in labels if lab not in default]
    return {lab: OKABE_ITO[order.index(lab) % len(OKABE_ITO)] for lab in labels}


def period_of(date: str | None, period: Period | None) -> str | None:
    """``2023-10`` (month) or ``2023`` (year) from an ISO-like date; ``undated`` otherwise."""
    if period is None:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d{2}))?", date or "")
    if not m or (period == "month" and not m.group(2)):
        return UNDATED
    return m.group(1) if period == "year" else f"{m.group(1)}-{m.group(2)}"


def group_of(record: Record, by: GroupBy) -> str:
    if by == "affiliation":
        return affiliation(record.speaker)
    return record.speaker.name if record.speaker else JOURNALIST


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


def summarize(records: Iterable[Record], by: GroupBy = "speaker", period: Period | None = None) -> Summary:
    """Counts per group (and period): sentences, each label, each blame target.

    Records that carry an ``error`` were never classified; they are counted in
    ``failed`` and nowhere else, so shares are over classified sentences only.
    """
    rows: dict[tuple[str | None, str], Row] = {}
    target_totals: dict[str, Counter[str]] = {}
    recs = list(records)
    failed = 0
    for r in recs:
        if r.error is not None:
            failed += 1
            continue
        key = (period_of(r.date, period), group_of(r, by))
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(group=key[1], period=key[0])
        row.sentences += 1
        row.articles.add(r.article)
        row.counts.update(r.labels)
        row.affiliations[affiliation(r.speaker)] += 1
        for fld, value in r.targets.items():
            if value and value.strip():
                t = normalise_target(value)
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
        if isinstance(obj, dict):
            obj.pop("blame_target", None)  # computed from targets on load
        try:
            yield Record.model_validate(obj)
        except ValidationError as exc:
            raise InputError(
                f"{name} line {lineno}: not a stance record ({first_problem(exc, 'record')})"
            ) from None


# -- rendering ----------------------------------------------------------------------


def csv_header(s: Summary) -> list[str]:
    head = (["period"] if s.period else []) + [s.by]
    if s.by == "speaker":
        head.append("affiliation")
    head += ["articles", "sentences"]
    for lab in s.labels:
        head += [lab, f"{lab}_share"]
    for fld, values in s.targets.items():
        head += [f"{fld}:{v}" for v in values]
    return head


def csv_rows(s: Summary) -> list[list[Any]]:
    out = []
    for row in s.rows:
        line: list[Any] = ([row.period] if s.period else []) + [row.group]
        if s.by == "speaker":
            line.append(row.affiliation)
        line += [len(row.articles), row.sentences]
        for lab in s.labels:
            line += [row.counts[lab], round(row.share(lab), 4)]
        for fld, values in s.targets.items():
            c = row.targets.get(fld, Counter())
            line += [c[v] for v in values]
        out.append(line)
    return out


def write_csv(s: Summary, fh: IO[str]) -> None:
    """One wide table: a row per group (and period); counts, shares, then one column per target."""
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(csv_header(s))
    w.writerows(csv_rows(s))


def render_tables(s: Summary) -> list[Any]:
    """Rich tables: stances per group, then one who-blames-whom matrix per target field."""
    from rich.table import Table

    colours = label_colours(s.labels)
    stance = Table(title=f"Stances by {s.by}", header_style="bold", title_justify="left")
    if s.period:
        stance.add_column(s.period)
    stance.add_column(s.by)
    if s.by == "speaker":
        stance.add_column("affiliation", style="dim")
    stance.add_column("sentences", justify="right")
    for lab in s.labels:
        # Spaced names wrap in a narrow terminal; identifiers would be cut off.
        stance.add_column(f"[{colours[lab]}]■[/] {lab.replace('_', ' ')}", justify="right")
    for row in s.rows:
        cells = ([row.period or ""] if s.period else []) + [_esc(row.group)]
        if s.by == "speaker":
            cells.append(_esc(row.affiliation))
        cells.append(str(row.sentences))
        for lab in s.labels:
            n = row.counts[lab]
            cells.append(f"{n} [dim]({row.share(lab):.0%})[/dim]" if n else "[dim]0[/dim]")
        stance.add_row(*cells)
    tables = [stance]
    for fld, values in s.targets.items():
        t = Table(title=f"Who → {fld}", header_style="bold", title_justify="left")
        if s.period:
            t.add_column(s.period)
        t.add_column(s.by)
        for v in values:
            t.add_column(_esc(v), justify="right")
        for row in s.rows:
            c = row.targets.get(fld)
            if not c:
                continue
            t.add_row(*([row.period or ""] if s.period else []), _esc(row.group), *[str(c[v]) if c[v] else "[dim]·[/dim]" for v in values])
        tables.append(t)
    return tables


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def footer(s: Summary) -> str:
    text = f"{s.records} sentences from {s.articles} article(s)"
    if s.failed:
        text += f"; {s.failed} unclassified (error) left out of the counts"
    return text


def write_chart(s: Summary, path: str | Path, top: int = 10) -> None:
    """A PNG or SVG (by suffix): per label, how many sentences each group has, or with a
    period, one line per group over time. Needs ``stance[chart]`` (matplotlib)."""
    suffix = Path(path).suffix.lower()
    if suffix not in {".png", ".svg", ".pdf"}:
        raise ConfigError(f"--chart {path}: use a .png, .svg or .pdf file name")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError("charts need matplotlib: pip install 'stance[chart]'") from None
    # SVG text stays text (editable and searchable in the report it is dropped into).
    with plt.rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):
        fig = _draw(s, plt, top)
        try:
            fig.savefig(path, dpi=150, bbox_inches="tight", metadata={"Date": None} if suffix == ".svg" else None)
        except OSError as exc:
            raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
        finally:
            plt.close(fig)


def _draw(s: Summary, plt: Any, top: int) -> Any:
    labels = s.labels or ["(no labels)"]
    colours = label_colours(s.labels)
    # The groups that took most stances; the rest would be empty bars.
    totals: Counter[str] = Counter()
    for row in s.rows:
        totals[row.group] += row.labelled
    groups = [g for g, n in totals.most_common() if n][:top] or [g for g, _ in totals.most_common(top)]
    n = len(labels)
    if s.period is None:
        fig, axes = plt.subplots(1, n, figsize=(3.2 * n + 1.5, 0.42 * len(groups) + 1.6), sharey=True, squeeze=False)
        by_group = {row.group: row for row in s.rows}
        for ax, lab in zip(axes[0], labels, strict=True):
            counts = [by_group[g].counts[lab] if g in by_group else 0 for g in groups]
            bars = ax.barh(range(len(groups)), counts, color=colours.get(lab, "#999999"))
            for bar, g, c in zip(bars, groups, counts, strict=True):
                if c:
                    ax.annotate(f"{c} ({by_group[g].share(lab):.0%})", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                                xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
            ax.set_title(lab.replace("_", " "), fontsize=10)
            ax.set_xlabel("sentences")
            ax.set_xlim(0, max([*counts, 1]) * 1.35)
            _tidy(ax)
        axes[0][0].set_yticks(range(len(groups)), groups)
        axes[0][0].invert_yaxis()
    else:
        periods = _span({row.period or UNDATED for row in s.rows})
        fig, axes = plt.subplots(1, n, figsize=(3.6 * n + 2.5, 3.4), sharey=True, squeeze=False)
        palette = [*OKABE_ITO, "#999999"]
        for ax, lab in zip(axes[0], labels, strict=True):
            for i, g in enumerate(groups):
                ys = [sum(r.counts[lab] for r in s.rows if r.group == g and (r.period or UNDATED) == p) for p in periods]
                ax.plot(periods, ys, marker="o", color=palette[i % len(palette)], label=g)
            ax.set_title(lab.replace("_", " "), fontsize=10)
            ax.tick_params(axis="x", labelrotation=45)
            _tidy(ax)
        axes[0][0].set_ylabel("sentences")
        axes[0][-1].legend(title=s.by, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
    fig.suptitle(f"Stances by {s.by}: {s.records - s.failed} sentences, {s.articles} article(s)", fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def _span(periods: set[str]) -> list[str]:
    """Every month or year from the first to the last, so a quiet period shows as zero
    instead of vanishing from the time axis; ``undated`` goes last."""
    dated = sorted(p for p in periods if p != UNDATED)
    out = dated[:1]
    while dated and out[-1] < dated[-1]:
        y, _, m = out[-1].partition("-")
        if m:
            nxt = f"{int(y) + int(m) // 12}-{int(m) % 12 + 1:02d}"
        else:
            nxt = str(int(y) + 1)
        out.append(nxt)
        if len(out) > 600:  # decades of months: plot the periods that have data
            out = dated
            break
    return out + ([UNDATED] if UNDATED in periods else [])


def _tidy(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x" if ax.get_xlabel() == "sentences" else "y", alpha=0.3)
    ax.set_axisbelow(True)
