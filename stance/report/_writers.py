"""Record writers: JSONL and CSV stream one flushed line per record, so an
interrupted run leaves a valid file; the terminal table is drawn at the end."""

from __future__ import annotations

import contextlib
import csv
import sys
from collections.abc import Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from ..errors import ConfigError
from ..types import Article, Record

OutputFormat = Literal["jsonl", "csv", "table", "html"]

CSV_COLUMNS = [
    "article", "index", "start", "end", "speaker", "speaker_role", "speaker_how",
    "labels", "targets", "text", "rationale", "model", "prompt_version", "codebook",
    "cached", "error",
]


class Writer(Protocol):
    def add_article(self, article: Article) -> None: ...
    def write(self, record: Record) -> None: ...
    def close(self) -> None: ...


class _RecordsOnly:
    """Writers that need only the records, not the article text around them."""

    def add_article(self, article: Article) -> None:
        return None


class JsonlWriter(_RecordsOnly):
    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, record: Record) -> None:
        # One write per line: a kill between records never leaves half a line.
        self.fh.write(record.model_dump_json() + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()


class CsvWriter(_RecordsOnly):
    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self._csv = csv.writer(fh, lineterminator="\n")
        self._csv.writerow(CSV_COLUMNS)

    def write(self, record: Record) -> None:
        self._csv.writerow(csv_row(record))
        self.fh.flush()

    def close(self) -> None:
        self.fh.flush()


def csv_row(r: Record) -> list[Any]:
    sp = r.speaker
    targets = "; ".join(f"{k}={v}" for k, v in r.targets.items() if v)
    return [
        r.article, r.index, r.start, r.end,
        sp.name if sp else "", (sp.role or "") if sp else "", sp.how if sp else "none",
        ";".join(r.labels), targets, r.text, r.rationale or "", r.model, r.prompt_version,
        r.codebook, r.cached, r.error or "",
    ]


class TableWriter(_RecordsOnly):
    """Collects records and prints one rich table per run."""

    def __init__(self, console: Any, max_text: int = 90) -> None:
        self.console = console
        self.records: list[Record] = []
        self.max_text = max_text

    def write(self, record: Record) -> None:
        self.records.append(record)

    def close(self) -> None:
        for article, records in groupby(self.records, key=lambda r: r.article):
            self.console.print(render_table(list(records), self.max_text, title=article))


def render_table(records: Sequence[Record], max_text: int = 90, title: str | None = None) -> Any:
    """One article's records as a table that fits an 80-column terminal."""
    from rich.table import Table

    table = Table(
        title=title, title_justify="left", title_style="bold", header_style="bold",
        expand=True, box=None, padding=(0, 1),
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("speaker", max_width=20, overflow="fold")
    table.add_column("labels", no_wrap=True, min_width=18)  # one label per line
    table.add_column("target", max_width=14, overflow="fold")
    table.add_column("sentence", ratio=1, min_width=24, overflow="fold")
    for r in records:
        text = r.text if len(r.text) <= max_text else r.text[: max_text - 1] + "…"
        if r.error:
            labels = "[red]error[/red]"
            text = f"{text}\n[red]{_escape(r.error)}[/red]"
            text_markup = True
        else:
            labels = "\n".join(r.labels) or "[dim]–[/dim]"
            text_markup = False
        speaker = _escape(r.speaker.name) if r.speaker else "[dim](journalist)[/dim]"
        if r.cached:
            labels += "\n[dim]cached[/dim]"
        body = text if text_markup else _escape(text)
        target = "; ".join(v for v in r.targets.values() if v)
        if len(target) > 30:  # small models sometimes put a whole clause here
            target = target[:29] + "…"
        table.add_row(str(r.index), speaker, labels, _escape(target), body)
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class HtmlWriter:
    """Keeps every record (the page needs them all) and writes one self-contained HTML
    report on close: atomically to a file, or to ``fh``. Article texts given to
    :meth:`add_article` let the report reproduce the text between sentences exactly."""

    def __init__(self, output: str | None, fh: IO[str] | None = None) -> None:
        from ._html import check_writable

        if output:
            check_writable(output)  # fail now, not after classifying the corpus
        self.output = output
        self.fh = fh
        self.records: list[Record] = []
        self.texts: dict[str, str] = {}

    def add_article(self, article: Article) -> None:
        self.texts[article.id] = article.text

    def write(self, record: Record) -> None:
        self.records.append(record)

    def close(self) -> None:
        from ._html import render_report, write_atomic

        page = render_report(self.records, self.texts)
        if self.output:
            write_atomic(self.output, page)
        elif self.fh is not None:
            self.fh.write(page)
            self.fh.flush()


def pick_format(output: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output and output != "-":
        suffix = Path(output).suffix.lower()
        if suffix == ".csv":
            return "csv"
        if suffix in {".html", ".htm"}:
            return "html"
        if suffix in {".jsonl", ".json", ".ndjson", ""}:
            return "jsonl"
        raise ConfigError(f"cannot tell the format of {output}: use --format")
    return "table" if sys.stdout.isatty() else "jsonl"


@contextlib.contextmanager
def open_writer(output: str | None, fmt: str, console: Any) -> Iterator[Writer]:
    if fmt == "table":
        if output and output != "-":
            raise ConfigError("--format table prints to the terminal; use .jsonl, .csv or .html with -o")
        writer: Writer = TableWriter(console)
        yield writer
        writer.close()
        return
    if fmt == "html":
        html = HtmlWriter(output if output and output != "-" else None, sys.stdout)
        yield html
        html.close()  # not reached on an exception: a failed run leaves any old report as it was
        return
    fh: IO[str]
    if output and output != "-":
        try:
            fh = open(output, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise ConfigError(f"cannot write {output}: {exc.strerror}") from None
    else:
        fh = sys.stdout
    writer = CsvWriter(fh) if fmt == "csv" else JsonlWriter(fh)
    try:
        yield writer
    finally:
        writer.close()
        if fh is not sys.stdout:
            fh.close()
