"""A corpus summary as rich tables on the terminal and as one wide CSV table."""

from __future__ import annotations

import csv
from collections import Counter
from typing import IO, Any

from ._palette import label_colours
from ._summary import Summary
from ._writers import csv_cell


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
    """One wide table: a row per group (and period); counts, shares, then one column per
    target. Cells a spreadsheet would run as formulas are neutralised (see ``CsvWriter``)."""
    w = csv.writer(fh, lineterminator="\n")
    for row in [csv_header(s), *csv_rows(s)]:
        w.writerow([csv_cell(v) for v in row])


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


