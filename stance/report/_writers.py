"""Record writers: JSONL and CSV stream one line per record, each written whole or not
at all, so an interrupted run or a full disk leaves a valid file; the terminal table is
drawn at the end."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from ..errors import ConfigError, OutputError
from ..types import Article, Record

OutputFormat = Literal["jsonl", "csv", "table", "html"]

#: The CSV columns: every field of a record, flattened. The codebook's target fields
#: (one column each, named as in ``Record.targets``) go where ``targets`` would be.
CSV_COLUMNS = [
    "article", "index", "start", "end", "text",
    "speaker", "speaker_role", "speaker_kind", "speaker_mention", "speaker_how", "speaker_cue",
    "labels", "targets", "rationale", "model", "prompt_version", "codebook", "codebook_hash",
    "cached", "error", "date", "lang",
]
#: What a spreadsheet would run as a formula at the start of a cell (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cannot_write(path: str, exc: OSError) -> OutputError:
    """``cannot write out.jsonl: no space left on device``, as a typed error."""
    return OutputError(f"cannot write {path}: {(exc.strerror or str(exc)).lower()}", path=path)


class Lines:
    """Where JSONL and CSV lines go: a file named by ``path``, standard output, or a text
    handle. A line reaches a ``path`` whole or not at all: after a failed write (a full
    disk) the file is cut back to its last complete line. (Standard output is not ours
    to cut: it may be appended to, or shared.) A failure is an
    :class:`~stance.errors.OutputError`."""

    def __init__(self, fh: IO[str] | None = None, path: str | None = None) -> None:
        self.name = path or getattr(fh, "name", None) or "the output"
        self._fh = fh
        self._fd: int | None = None
        self._owned = path is not None  # opened, cut back and closed here
        self._good = 0  # bytes of complete lines in the file
        if path is not None:
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            except OSError as exc:
                raise cannot_write(path, exc) from None

    @classmethod
    def stdout(cls) -> Lines:
        out = cls(sys.stdout)
        out.name = "standard output"
        with contextlib.suppress(AttributeError, OSError, ValueError, io.UnsupportedOperation):
            fd = sys.stdout.fileno()  # a real descriptor: written directly, nothing left buffered
            sys.stdout.flush()
            out._fd, out._fh = fd, None
        return out

    def write(self, line: str) -> None:
        try:
            if self._fd is None:
                assert self._fh is not None
                self._fh.write(line)
                self._fh.flush()
                return
            data = memoryview(line.encode("utf-8"))
            done = 0
            while done < len(data):
                n = os.write(self._fd, data[done:])
                if n == 0:
                    raise OSError(28, os.strerror(28))
                done += n
            self._good += done
        except BrokenPipeError:
            raise  # a reader that went away (`| head`): not an error of ours
        except OSError as exc:
            if self._fd is not None and self._owned:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, self._good)  # no half record left behind
            raise cannot_write(self.name, exc) from None

    def close(self) -> None:
        if self._fd is not None and self._owned:
            fd, self._fd = self._fd, None
            os.close(fd)


class Writer(Protocol):
    def add_article(self, article: Article) -> None: ...
    def write(self, record: Record) -> None: ...
    def close(self) -> None: ...


class _RecordsOnly:
    """Writers that need only the records, not the article text around them."""

    def add_article(self, article: Article) -> None:
        return None


class JsonlWriter(_RecordsOnly):
    def __init__(self, out: IO[str] | Lines) -> None:
        self.out = out if isinstance(out, Lines) else Lines(out)

    def write(self, record: Record) -> None:
        self.out.write(record.model_dump_json() + "\n")

    def close(self) -> None:
        self.out.close()


class CsvWriter(_RecordsOnly):
    """CSV with :data:`CSV_COLUMNS`; ``targets`` are the codebook's target fields (by
    default those of the first record). A cell that starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'``, so that a spreadsheet shows
    it as text instead of running it as a formula."""

    def __init__(self, out: IO[str] | Lines, targets: Sequence[str] | None = None) -> None:
        self.out = out if isinstance(out, Lines) else Lines(out)
        self.targets = list(targets) if targets is not None else None
        self._buf = io.StringIO()
        self._csv = csv.writer(self._buf, lineterminator="\n")
        self._header = False

    def _line(self, row: Sequence[Any]) -> None:
        self._buf.seek(0)
        self._buf.truncate()
        self._csv.writerow([csv_cell(v) for v in row])
        self.out.write(self._buf.getvalue())

    def _start(self, record: Record | None) -> list[str]:
        if self.targets is None:
            self.targets = list(record.targets) if record is not None else []
        if not self._header:
            self._header = True
            self._line(csv_header(self.targets))
        return self.targets

    def write(self, record: Record) -> None:
        self._line(csv_row(record, self._start(record)))

    def close(self) -> None:
        self._start(None)
        self.out.close()


def csv_header(targets: Sequence[str]) -> list[str]:
    i = CSV_COLUMNS.index("targets")
    return [*CSV_COLUMNS[:i], *targets, *CSV_COLUMNS[i + 1 :]]


def csv_row(r: Record, targets: Sequence[str]) -> list[Any]:
    """A record as CSV cells: ``null`` as an empty cell, labels joined by ``;``."""
    sp = r.speaker
    speaker = [sp.name, sp.role, sp.kind, sp.mention, sp.how, sp.cue] if sp else [None] * 6
    return [
        r.article, r.index, r.start, r.end, r.text, *speaker, ";".join(r.labels),
        *(r.targets.get(t) for t in targets),
        r.rationale, r.model, r.prompt_version, r.codebook, r.codebook_hash, r.cached, r.error,
        r.date, r.lang,
    ]


def csv_cell(value: Any) -> Any:
    """One cell: ``None`` empty, booleans as in JSON, text that a spreadsheet would run
    as a formula prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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

    def __init__(
        self, output: str | None, fh: IO[str] | None = None, targets: Mapping[str, str] | None = None
    ) -> None:
        from ._html import check_writable

        if output:
            check_writable(output)  # fail now, not after classifying the corpus
        self.output = output
        self.fh = fh
        self.targets = targets
        self.records: list[Record] = []
        self.texts: dict[str, str] = {}

    def add_article(self, article: Article) -> None:
        self.texts[article.id] = article.text

    def write(self, record: Record) -> None:
        self.records.append(record)

    def close(self) -> None:
        from ._html import render_report, write_atomic

        page = render_report(self.records, self.texts, targets=self.targets)
        if self.output:
            write_atomic(self.output, page)
        elif self.fh is not None:
            try:
                self.fh.write(page)
                self.fh.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise cannot_write("standard output", exc) from None


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
def open_writer(
    output: str | None, fmt: str, console: Any, targets: Mapping[str, str] | None = None
) -> Iterator[Writer]:
    """The writer for ``fmt``, to ``output`` (``None`` or ``-``: standard output).
    ``targets`` maps the codebook's target fields to the labels they belong to."""
    if fmt == "table":
        if output and output != "-":
            raise ConfigError("--format table prints to the terminal; use .jsonl, .csv or .html with -o")
        writer: Writer = TableWriter(console)
        yield writer
        writer.close()
        return
    if fmt == "html":
        html = HtmlWriter(output if output and output != "-" else None, sys.stdout, targets=targets)
        yield html
        html.close()  # not reached on an exception: a failed run leaves any old report as it was
        return
    out = Lines(path=output) if output and output != "-" else Lines.stdout()
    writer = CsvWriter(out, list(targets) if targets is not None else None) if fmt == "csv" else JsonlWriter(out)
    failed = False
    try:
        yield writer
    except OutputError:
        failed = True
        raise
    finally:
        if failed:
            with contextlib.suppress(OSError, OutputError):
                out.close()
        else:
            writer.close()
