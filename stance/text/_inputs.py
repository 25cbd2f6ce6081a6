"""Reading articles: files, directories, JSONL corpora, HTML, stdin — lazily, one
article at a time, with one-line errors for input a user can fix."""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Literal

from ..errors import InputError
from ..types import Article
from ._lang import check_language

log = logging.getLogger("stance")

InputFormat = Literal["auto", "text", "jsonl", "html"]
TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".ndjson", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# One article, not a corpus: a plain-text or HTML file is segmented whole, so its size
# bounds memory. Corpora stream as JSONL, one article per line, each line bounded alike.
MAX_ARTICLE_BYTES = 5_000_000
_MAX_LINE_WARNINGS = 10  # skipped JSONL lines logged one by one; the rest only counted
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAGIC = {b"%PDF-": "a PDF", b"PK\x03\x04": "a zip archive (.docx, .epub, .zip…)", b"\x1f\x8b": "gzip-compressed"}


def iter_articles(
    paths: Sequence[str], fmt: InputFormat = "auto", skipped: list[str] | None = None
) -> Iterator[Article]:
    """Articles from every path in order; ``-`` reads standard input.

    Every named path is checked before the first article is read, so a typo fails
    before any work starts; a problem inside a file fails when that file is reached.
    A malformed JSONL line raises, or, when ``skipped`` is given, is described there
    (and logged) and skipped, so one bad line cannot stop a corpus run halfway.
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
    plan = _unique_ids(plan)
    for _, path in plan:
        if path is not None:
            _check_size(path, fmt)
    yield from _renamed_repeats(_read_plan(plan, fmt, skipped))


def _read_plan(
    plan: list[tuple[str, Path | None]], fmt: InputFormat, skipped: list[str] | None
) -> Iterator[Article]:
    for article_id, path in plan:
        if path is None:
            yield from _read_stream(sys.stdin.buffer, "stdin", "stdin", fmt, skipped)
        else:
            yield from _read_file(path, article_id, fmt, skipped)


def _renamed_repeats(articles: Iterator[Article]) -> Iterator[Article]:
    """An id met again (two JSONL lines with one ``id``, or a line named like a file) is
    that id with ``~2``, ``~3``… so that records, reports and summaries never merge two
    articles; the first keeps its id."""
    used: set[str] = set()
    repeats = 0
    for article in articles:
        if article.id in used:
            n = 2
            while f"{article.id}~{n}" in used:
                n += 1
            new = f"{article.id}~{n}"
            repeats += 1
            if repeats <= _MAX_LINE_WARNINGS:
                log.warning("article id %r is used again: this article is %r", article.id, new)
            article = article.model_copy(update={"id": new})
        used.add(article.id)
        yield article


def _unique_ids(plan: list[tuple[str, Path | None]]) -> list[tuple[str, Path | None]]:
    """One id per input. A file given twice (or inside a directory also given) is read
    once. Inputs that share a name (``efe/a.txt`` and ``ap/a.txt``) are named by their
    paths below the folder they share (``efe/a``, ``ap/a``), keeping the suffix where
    that is still not enough (``a.md``, ``a.txt``)."""
    seen: set[Path] = set()
    kept: list[tuple[str, Path | None]] = []
    for article_id, path in plan:
        if path is not None:
            real = path.resolve()
            if real in seen:
                log.warning("%s is given twice: it is read once", path)
                continue
            seen.add(real)
        kept.append((article_id, path))
    groups: dict[str, list[int]] = {}
    for i, (article_id, path) in enumerate(kept):
        if path is not None:
            groups.setdefault(article_id, []).append(i)
    for name, members in groups.items():
        if len(members) < 2:
            continue
        files = [kept[i][1].resolve() for i in members]  # type: ignore[union-attr]
        base = Path(os.path.commonpath([f.parent for f in files]))
        ids = [f.relative_to(base).with_suffix("").as_posix() for f in files]
        ids = [f.relative_to(base).as_posix() if ids.count(x) > 1 else x for f, x in zip(files, ids, strict=True)]
        for i, new in zip(members, ids, strict=True):
            kept[i] = (new, kept[i][1])
        log.warning("%d inputs are named %r: their ids are their paths (%s)", len(ids), name, ", ".join(ids))
    return kept


def _check_size(path: Path, fmt: InputFormat) -> None:
    """Refuse an empty or over-large file from its size alone, before any work."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError(f"{path} is empty")
        if size <= MAX_ARTICLE_BYTES:
            return
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if _kind(str(path), fmt, head) != "jsonl":
        raise InputError(_too_large(str(path), size))


def _too_large(name: str, size: int | None = None) -> str:
    limit = f"{MAX_ARTICLE_BYTES / 1e6:g} MB"
    what = f"{size / 1e6:.1f} MB" if size is not None else f"over {limit}"
    return (
        f"{name} is {what}; one article may be at most {limit}: "
        "give a corpus as JSONL (one article per line), or split the file"
    )


def _dir_files(directory: Path) -> list[Path]:
    files: list[Path] = []
    skipped: list[Path] = []
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
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in {".html", ".htm"}:
        return "html"
    stripped = head.lstrip()
    if suffix == "" and stripped.startswith(b"{"):
        return "jsonl"
    if stripped[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _read_file(
    path: Path, article_id: str, fmt: InputFormat, skipped: list[str] | None
) -> Iterator[Article]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        yield from _read_stream(fh, str(path), article_id, fmt, skipped)


def _read_stream(
    fh: IO[bytes], name: str, article_id: str, fmt: InputFormat, skipped: list[str] | None = None
) -> Iterator[Article]:
    head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
    kind = _kind(name, fmt, head)
    if kind == "jsonl":
        yield from _read_jsonl(fh, name, skipped)
        return
    data = fh.read(MAX_ARTICLE_BYTES + 1)  # bounded even for a pipe
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(_too_large(name))
    text = decode(data, name)
    if kind == "html":
        text = html_to_text(text)
    if not text.strip():
        raise InputError(f"{name} is empty" + (" (no text in the HTML)" if kind == "html" else ""))
    yield Article(id=article_id, text=text, date=_date_from_name(article_id))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM allowed) or UTF-16 with a BOM; Windows-1252 as a stated fallback;
    binary is refused."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name} is {what}, not text: extract its text first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _text_or_binary(data.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise InputError(f"{name} starts like UTF-16 but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return _text_or_binary(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        try:
            text = _text_or_binary(data.decode("cp1252"), name)
        except UnicodeDecodeError:
            raise InputError(
                f"{name} is not UTF-8 text (byte 0x{bad:02x} at offset {exc.start})"
            ) from None
        log.warning("%s is not UTF-8 (byte 0x%02x at offset %d); read it as Windows-1252", name, bad, exc.start)
        return text


def _text_or_binary(text: str, name: str) -> str:
    # Binary data that happens to decode still carries many control characters.
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(f"{name} looks like a binary file, not text")
    return text


def _read_jsonl(fh: IO[bytes], name: str, skipped: list[str] | None) -> Iterator[Article]:
    seen, bad = 0, 0
    # readline with a limit: one runaway line cannot take all memory
    lines = iter(lambda: fh.readline(MAX_ARTICLE_BYTES + 1), b"")
    for lineno, raw in enumerate(lines, start=1):
        try:
            if len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n"):
                _skip_rest_of_line(fh)
                raise InputError(
                    f"{name} line {lineno} is over {MAX_ARTICLE_BYTES / 1e6:g} MB; "
                    "one article per line may be at most that"
                )
            article = _jsonl_article(raw, name, lineno)
        except InputError as exc:
            if skipped is None:
                raise
            bad += 1
            skipped.append(str(exc))
            if len(skipped) <= _MAX_LINE_WARNINGS:
                log.warning("%s; line skipped", exc)
            continue
        if article is not None:
            seen += 1
            yield article
    if seen == 0:
        raise InputError(f"{name} has no articles with text" + (f" ({bad} malformed lines)" if bad else ""))


def _skip_rest_of_line(fh: IO[bytes]) -> None:
    while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


def _jsonl_article(raw: bytes, name: str, lineno: int) -> Article | None:
    if not raw.strip():
        return None
    line = decode(raw, f"{name} line {lineno}")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} line {lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise InputError(f'{name} line {lineno}: expected an object with a "text" string')
    for key in ("id", "text", "date"):
        if isinstance(obj.get(key), str) and (problem := not_text(obj[key])):
            raise InputError(f"{name} line {lineno}: {key!r} {problem}")
    article_id = str(obj.get("id") or f"{Path(name).stem}:{lineno}")
    if not obj["text"].strip():
        log.warning("%s line %d: empty text, skipped", name, lineno)
        return None
    date = obj.get("date")
    # "source": the body whose own voice the text is (its press release), else news copy
    source = obj.get("source")
    source = str(source).strip() or None if source else None
    lang = obj.get("lang")
    if lang is not None:
        if not isinstance(lang, str):
            raise InputError(f'{name} line {lineno}: "lang" must be a language code such as "es"')
        lang = check_language(lang, f"{name} line {lineno}") if lang.strip() else None
    if date in (None, ""):
        return Article(id=article_id, text=obj["text"], date=_date_from_name(article_id), lang=lang, source=source)
    day = iso_date(date)
    if day is None:
        log.warning(
            "%s line %d: date %s is not a date as YYYY-MM-DD; the article is undated",
            name, lineno, json.dumps(date, ensure_ascii=False)[:40],
        )
    return Article(id=article_id, text=obj["text"], date=day, lang=lang, source=source)


def not_text(value: str) -> str | None:
    """Why a decoded string is not text, or None. JSON can escape half of a UTF-16
    surrogate pair (``"\\ud800"``): that is no character, and no UTF-8 output, cache key
    or HTTP answer can hold it."""
    m = _SURROGATE.search(value)
    if m is None:
        return None
    return f"holds a lone surrogate (\\u{ord(m.group()):04x} at character {m.start()}), which is not text"


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date in that form (a time after it, as in
    ``2023-10-05T14:30:00Z``, is dropped), else None."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if m is None:
        return None
    try:
        return datetime.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


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
