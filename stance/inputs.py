"""Reading articles: files, directories, JSONL corpora, HTML, stdin — lazily, one
article at a time, with one-line errors for input a user can fix."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Literal

from .errors import InputError
from .types import Article

log = logging.getLogger("stance")

InputFormat = Literal["auto", "text", "jsonl", "html"]
TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm"}
MAX_ARTICLE_BYTES = 20_000_000  # one article, not a corpus: corpora stream as JSONL
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def iter_articles(paths: Sequence[str], fmt: InputFormat = "auto") -> Iterator[Article]:
    """Articles from every path in order; ``-`` reads standard input.

    Every named path is checked before the first article is read, so a typo fails
    before any work starts; a problem inside a file fails when that file is reached.
    """
    plan: list[tuple[str, Path | None]] = []
    for raw in paths:
        if raw == "-":
            plan.append(("-", None))
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"no such file or directory: {raw}")
        if p.is_dir():
            files = _dir_files(p)
            if not files:
                raise InputError(f"no text files (.txt, .md, .jsonl, .html) in directory: {raw}")
            plan.extend((str(f.relative_to(p).with_suffix("")), f) for f in files)
        else:
            plan.append((p.stem, p))
    for article_id, path in plan:
        if path is None:
            yield from _read_stream(sys.stdin.buffer, "stdin", "stdin", fmt)
        else:
            yield from _read_file(path, article_id, fmt)


def _dir_files(directory: Path) -> list[Path]:
    files, skipped = [], []
    for f in sorted(directory.rglob("*")):
        if not f.is_file() or any(part.startswith(".") for part in f.relative_to(directory).parts):
            continue
        (files if f.suffix.lower() in TEXT_SUFFIXES else skipped).append(f)
    if skipped and files:
        log.warning(
            "skipping %d file(s) that are not text in %s (e.g. %s)", len(skipped), directory, skipped[0].name
        )
    return files


def _kind(path_name: str, fmt: InputFormat, head: bytes) -> InputFormat:
    if fmt != "auto":
        return fmt
    suffix = Path(path_name).suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix in {".html", ".htm"}:
        return "html"
    stripped = head.lstrip()
    if suffix == "" and stripped.startswith(b"{"):
        return "jsonl"
    if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _read_file(path: Path, article_id: str, fmt: InputFormat) -> Iterator[Article]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        yield from _read_stream(fh, str(path), article_id, fmt)


def _read_stream(fh: IO[bytes], name: str, article_id: str, fmt: InputFormat) -> Iterator[Article]:
    head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
    kind = _kind(name, fmt, head)
    if kind == "jsonl":
        yield from _read_jsonl(fh, name)
        return
    data = fh.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{name} is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB: "
            "split it, or give a JSONL corpus with one article per line"
        )
    text = decode(data, name)
    if kind == "html":
        text = html_to_text(text)
    if not text.strip():
        raise InputError(f"{name} is empty" + (" (no text in the HTML)" if kind == "html" else ""))
    yield Article(id=article_id, text=text, date=_date_from_name(article_id))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM allowed); Windows-1252 as a stated fallback; binary is refused."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                f"{name} is not UTF-8 text (byte 0x{bad:02x} at offset {exc.start})"
            ) from None
        log.warning("%s is not UTF-8 (byte 0x%02x at offset %d); read it as Windows-1252", name, bad, exc.start)
        return text


def _read_jsonl(fh: IO[bytes], name: str) -> Iterator[Article]:
    seen = 0
    for lineno, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        line = decode(raw, f"{name} line {lineno}")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(f'{name} line {lineno}: expected an object with a "text" string')
        seen += 1
        article_id = str(obj.get("id") or f"{Path(name).stem}:{lineno}")
        if not obj["text"].strip():
            log.warning("%s line %d: empty text, skipped", name, lineno)
            continue
        date = obj.get("date")
        yield Article(id=article_id, text=obj["text"], date=str(date) if date else _date_from_name(article_id))
    if seen == 0:
        raise InputError(f"{name} has no articles")


def _date_from_name(name: str) -> str | None:
    m = _DATE_IN_NAME.search(name)
    return "-".join(m.groups()) if m else None


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
         "section", "article", "figcaption", "header", "footer", "pre"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one paragraph per block element."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)
