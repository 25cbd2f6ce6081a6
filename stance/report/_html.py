"""The HTML report: one self-contained page (inline CSS and JS, nothing fetched when it
is viewed) showing each article with its sentences highlighted by stance label, the
speaker beside what they said, and a per-speaker summary at the top.

Article text is untrusted: the page is rendered by Jinja2 with autoescaping on, the
only script is static, and per-sentence details travel as escaped ``data-`` attributes
that the script reads with ``JSON.parse`` and writes with ``textContent``.

Records carry offsets but not the article. Given the article text, the text between
sentences is reproduced exactly (a blank line starts a paragraph, a single newline
breaks the line); without it, paragraphs are inferred from the offsets: a gap of two or
more characters between sentences starts a new paragraph, a gap of one is a space.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import OutputError
from ..types import Record
from ._palette import label_colours, label_order
from ._summary import JOURNALIST, Row, summarize
from ._writers import cannot_write

_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")
_TAIL_CHARS = 8


@dataclass
class _Piece:
    kind: str  # "gap" (plain text), "br" (line break) or "s" (a sentence)
    text: str = ""
    rec: Record | None = None
    who: str | None = None
    classes: str = ""
    style: str = ""
    badges: list[tuple[str, str]] = field(default_factory=list)  # (css class, text)
    title: str = ""
    info: str = ""

    @property
    def head(self) -> str:
        return self.text[: self._cut()]

    @property
    def tail(self) -> str:
        # The last word travels with the badges, so a badge never starts a line alone.
        return self.text[self._cut() :]

    def _cut(self) -> int:
        # Chinese has no spaces: there the last few characters travel with the badges
        # (a whole sentence kept on one line would run off the page).
        stripped = self.text.rstrip()
        return max(stripped.rfind(" ") + 1, len(stripped) - _TAIL_CHARS)


@dataclass
class _ArticleView:
    id: str
    anchor: str
    date: str | None
    paragraphs: list[list[_Piece]]
    sentences: int
    labelled: int
    speakers: int
    exact: bool
    lang: str | None = None  # the article's language, for the browser's fonts and line breaking


def label_class(label: str) -> str:
    return "lab-" + _CLASS_UNSAFE.sub("_", label.lower())


def _tint(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _background(labels: Sequence[str], colours: Mapping[str, str]) -> str:
    if not labels:
        return ""
    if len(labels) == 1:
        return f"background-color:{_tint(colours[labels[0]], 0.32)}"
    # Several labels: diagonal stripes of every label's tint, so none hides another.
    w, stops = 7, []
    for i, lab in enumerate(labels):
        c = _tint(colours[lab], 0.42)
        stops.append(f"{c} {i * w}px {(i + 1) * w}px")
    return f"background-image:repeating-linear-gradient(135deg,{','.join(stops)})"


def _pretty(label: str) -> str:
    return label.replace("_", " ")


def _sentence(
    rec: Record, colours: Mapping[str, str], order: Sequence[str], show_who: bool, owners: Mapping[str, str]
) -> _Piece:
    labels = sorted(rec.labels, key=lambda lab: order.index(lab) if lab in order else len(order))
    sp = rec.speaker
    badges = []
    for lab in labels:
        text = _pretty(lab)
        target = next((v for k, v in rec.targets.items() if v and owners.get(k) == lab), None)
        if target:
            text += f" → {target}"
        badges.append((label_class(lab), text))
    # a target whose label is not known (or not on this sentence) is still shown
    badges += [("", f"{_pretty(k)}: {v}") for k, v in rec.targets.items() if v and owners.get(k) not in labels]
    classes = ["s"] + [label_class(lab) for lab in labels]
    if rec.error:
        classes.append("err")
        badges.append(("err", "not classified"))
    if sp:
        classes.append("quoted")
    who_line = JOURNALIST if sp is None else sp.name + (f", {sp.role}" if sp.role else "")
    provenance = f"{rec.model} · {rec.prompt_version} · {'cached' if rec.cached else 'fresh'}"
    title_lines = [who_line, ", ".join(_pretty(lab) for lab in labels) or "no stance label"]
    title_lines += [f"{k.replace('_', ' ')}: {v}" for k, v in rec.targets.items() if v]
    if rec.rationale:
        title_lines.append(f"rationale: {rec.rationale}")
    if rec.error:
        title_lines.append(f"error: {rec.error}")
    title_lines.append(provenance)
    info: list[tuple[str, str]] = [("speaker", sp.name if sp else JOURNALIST)]
    if sp and sp.role:
        info.append(("role", sp.role))
    if sp:
        info.append(("attributed by", sp.how + (f" ({sp.cue})" if sp.cue else "")))
    info.append(("labels", ", ".join(labels) or "none"))
    info += [(_pretty(k), v) for k, v in rec.targets.items() if v]
    if rec.rationale:
        info.append(("rationale", rec.rationale))
    if rec.error:
        info.append(("error", rec.error))
    info += [
        ("model", rec.model),
        ("prompt", rec.prompt_version),
        ("codebook", rec.codebook),
        ("cached", "yes" if rec.cached else "no"),
        ("sentence", f"{rec.article} #{rec.index} (chars {rec.start}–{rec.end})"),
    ]
    return _Piece(
        kind="s",
        text=rec.text,
        rec=rec,
        who=sp.name if sp and show_who else None,
        classes=" ".join(classes),
        style=_background(labels, colours),
        badges=badges,
        title="\n".join(title_lines),
        info=json.dumps(info, ensure_ascii=False),
    )


def _gaps_from_text(text: str | None, recs: Sequence[Record]) -> list[str] | None:
    """The text before each sentence, or None when ``text`` is not the records' article."""
    if text is None or any(text[r.start : r.end] != r.text for r in recs):
        return None
    gaps, pos = [], 0
    for r in recs:
        gaps.append(text[pos : r.start] if r.start >= pos else "")
        pos = max(pos, r.end)
    return gaps


def _article(
    aid: str, recs: list[Record], text: str | None, colours: Mapping[str, str], order: Sequence[str],
    owners: Mapping[str, str],
) -> _ArticleView:
    recs = sorted(recs, key=lambda r: r.index)
    gaps = _gaps_from_text(text, recs)
    exact = gaps is not None
    if gaps is None:
        gaps, prev_end = [], None
        for r in recs:
            n = 0 if prev_end is None else r.start - prev_end
            gaps.append("\n\n" if n >= 2 else " " * max(n, 0))
            prev_end = r.end
    paragraphs: list[list[_Piece]] = [[]]
    prev_speaker: object = object()
    for i, (gap, r) in enumerate(zip(gaps, recs, strict=True)):
        new_para = i > 0 and bool(re.search(r"\n[ \t\r\f\v]*\n", gap))
        if new_para:
            paragraphs.append([])
        elif i > 0 and "\n" in gap:
            paragraphs[-1].append(_Piece(kind="br"))
        elif gap.strip():
            paragraphs[-1].append(_Piece(kind="gap", text=" ".join(gap.split()) + " "))
        elif gap and i > 0:
            paragraphs[-1].append(_Piece(kind="gap", text=" "))
        speaker = r.speaker.name if r.speaker else None
        show = speaker is not None and (speaker != prev_speaker or new_para or not paragraphs[-1])
        paragraphs[-1].append(_sentence(r, colours, order, show, owners))
        prev_speaker = speaker
    return _ArticleView(
        id=aid,
        anchor="a-" + _CLASS_UNSAFE.sub("-", aid.lower())[:60] + f"-{zlib.crc32(aid.encode()):08x}",
        date=next((r.date for r in recs if r.date), None),
        paragraphs=[p for p in paragraphs if p],
        sentences=len(recs),
        labelled=sum(1 for r in recs if r.labels),
        speakers=len({r.speaker.name for r in recs if r.speaker}),
        exact=exact,
        lang=next((r.lang for r in recs if r.lang), None),
    )


def render_report(
    records: Sequence[Record],
    texts: Mapping[str, str] | None = None,
    title: str = "Stance report",
    targets: Mapping[str, str] | None = None,
) -> str:
    """The whole page as a string. ``texts`` maps article id to its text, when known;
    ``targets`` maps each target field to its label (``Codebook.target_fields``), so a
    label's badge names its target; without it, that is read off the records."""
    import jinja2

    texts = texts or {}
    order = label_order(records)
    colours = label_colours(order)
    owners = dict(targets) if targets is not None else target_owners(records)
    by_article: dict[str, list[Record]] = {}
    for r in records:
        by_article.setdefault(r.article, []).append(r)
    articles = [_article(aid, recs, texts.get(aid), colours, order, owners) for aid, recs in by_article.items()]
    summary = summarize(records, by="speaker")
    totals = Counter(lab for r in records for lab in r.labels)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pretty"] = _pretty
    env.filters["lclass"] = label_class
    template = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    return env.from_string(template).render(
        title=title,
        articles=articles,
        labels=[(lab, label_class(lab), colours[lab], totals[lab]) for lab in order],
        summary=summary,
        multi_article=len(articles) > 1,
        models=sorted({r.model for r in records}),
        prompts=sorted({r.prompt_version for r in records}),
        codebooks=sorted({r.codebook for r in records}),
        n_records=len(records),
        n_cached=sum(r.cached for r in records),
        n_failed=sum(r.error is not None for r in records),
        tint=_tint,
        targets_of=_targets_of,
        journalist=JOURNALIST,
    )


def target_owners(records: Sequence[Record]) -> dict[str, str]:
    """Target field -> its label, read off records: a target is only ever set together
    with its label, so its label is the one every record that sets it carries. A field
    for which that leaves more than one label is left out."""
    common: dict[str, set[str]] = {}
    for r in records:
        for k, v in r.targets.items():
            if v:
                common[k] = common[k] & set(r.labels) if k in common else set(r.labels)
    return {k: next(iter(labs)) for k, labs in common.items() if len(labs) == 1}


def _targets_of(row: Row, fld: str) -> str:
    counts = row.targets.get(fld, Counter())
    return ", ".join(t + (f" ×{n}" if n > 1 else "") for t, n in counts.most_common())


def _special(path: Path) -> bool:
    """An existing target that is not a regular file (a device such as /dev/stdout, a
    pipe): it is written in place, never replaced by a rename."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_writable(path: str) -> None:
    """Fail before any work if the report could not be written at the end."""
    target = Path(path).resolve()
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory", path=path)
    if _special(target):
        if not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied", path=path)
        return
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: no such directory {parent}", path=path)
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write {path}: directory {parent} is not writable", path=path)


def write_atomic(path: str, content: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: a reader never
    sees half a report, and an interrupted run leaves the previous one in place. A
    symbolic link is followed (its target gets the report); a device or a pipe is
    written in place."""
    target = Path(path).resolve()
    if _special(target):
        try:
            with target.open("w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is a normal file
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise cannot_write(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
