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
from pathlib import Path

from .errors import ConfigError
from .summarize import JOURNALIST, Row, label_colours, label_order, summarize
from .types import Record

_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")


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
        return self.text.rstrip().rfind(" ") + 1


@dataclass
class _Article:
    id: str
    anchor: str
    date: str | None
    paragraphs: list[list[_Piece]]
    sentences: int
    labelled: int
    speakers: int
    exact: bool


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


def _sentence(rec: Record, colours: Mapping[str, str], order: Sequence[str], show_who: bool) -> _Piece:
    labels = sorted(rec.labels, key=lambda lab: order.index(lab) if lab in order else len(order))
    sp = rec.speaker
    badges = []
    for lab in labels:
        text = _pretty(lab)
        # The target belongs to the label that names it (attributes_blame → blame_target).
        target = next((v for k, v in rec.targets.items() if v and k.split("_")[0] in lab), None)
        if target:
            text += f" → {target}"
        badges.append((label_class(lab), text))
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


def _article(aid: str, recs: list[Record], text: str | None, colours: Mapping[str, str], order: Sequence[str]) -> _Article:
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
        paragraphs[-1].append(_sentence(r, colours, order, show))
        prev_speaker = speaker
    return _Article(
        id=aid,
        anchor="a-" + _CLASS_UNSAFE.sub("-", aid.lower())[:60] + f"-{zlib.crc32(aid.encode()):08x}",
        date=next((r.date for r in recs if r.date), None),
        paragraphs=[p for p in paragraphs if p],
        sentences=len(recs),
        labelled=sum(1 for r in recs if r.labels),
        speakers=len({r.speaker.name for r in recs if r.speaker}),
        exact=exact,
    )


def render_report(
    records: Sequence[Record], texts: Mapping[str, str] | None = None, title: str = "Stance report"
) -> str:
    """The whole page as a string. ``texts`` maps article id to its text, when known."""
    import jinja2

    texts = texts or {}
    order = label_order(records)
    colours = label_colours(order)
    by_article: dict[str, list[Record]] = {}
    for r in records:
        by_article.setdefault(r.article, []).append(r)
    articles = [_article(aid, recs, texts.get(aid), colours, order) for aid, recs in by_article.items()]
    summary = summarize(records, by="speaker")
    totals = Counter(lab for r in records for lab in r.labels)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pretty"] = _pretty
    env.filters["lclass"] = label_class
    return env.from_string(_TEMPLATE).render(
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


def _targets_of(row: Row, fld: str) -> str:
    counts = row.targets.get(fld, Counter())
    return ", ".join(t + (f" ×{n}" if n > 1 else "") for t, n in counts.most_common())


def check_writable(path: str) -> None:
    """Fail before any work if the report could not be written at the end."""
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise ConfigError(f"cannot write {path}: no such directory {parent}")
    if not os.access(parent, os.W_OK):
        raise ConfigError(f"cannot write {path}: directory {parent} is not writable")
    if Path(path).is_dir():
        raise ConfigError(f"cannot write {path}: it is a directory")


def write_atomic(path: str, content: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: a reader never
    sees half a report, and an interrupted run leaves the previous one in place."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.resolve().parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is a normal file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stance">
<title>{{ title }}</title>
<style>
:root { --ink: #1b1b1b; --muted: #5f5f5f; --line: #d9d9d9; --paper: #fff; --bg: #f4f4f2; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.wrap { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 20px; max-width: 1240px; margin: 0 auto; padding: 20px; }
main { min-width: 0; }
header h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 12px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin-bottom: 16px; }
.card h2 { font-size: 16px; margin: 0 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; font-size: 13px; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; }
.sw { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid rgba(0,0,0,.25); vertical-align: -2px; }
.legend .note { color: var(--muted); }
#speakers { overflow-x: auto; }
table.summary { border-collapse: collapse; width: 100%; font-size: 13px; }
table.summary th, table.summary td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.summary th { font-weight: 600; vertical-align: bottom; }
table.summary th .sw { margin-right: 2px; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary td.zero { color: #aaa; }
table.summary .share { color: var(--muted); font-size: 11px; }
nav.toc { font-size: 13px; }
nav.toc a { margin-right: 12px; }
article.doc h2 { font-size: 17px; margin: 0 0 2px; word-break: break-word; }
article.doc .stats { color: var(--muted); font-size: 12px; margin: 0 0 10px; }
article.doc .article-text { font: 16px/1.9 Georgia, "DejaVu Serif", serif; max-width: 78ch; }
article.doc .article-text p { margin: 0 0 12px; }
.s { border-radius: 3px; padding: 2px 1px; cursor: pointer; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.s:hover, .s:focus { outline: 2px solid #444; outline-offset: 1px; }
.s.sel { outline: 2px solid #000; outline-offset: 1px; }
.s.err { text-decoration: underline dotted #b00020 2px; text-underline-offset: 3px; }
.who { font: 600 11px/1 system-ui, "DejaVu Sans", sans-serif; color: #fff; background: #3b3b3b; border-radius: 9px;
  padding: 2px 7px; margin-right: 4px; vertical-align: 2px; white-space: nowrap; }
.tail { white-space: nowrap; }
.tail .badge:last-child { margin-right: 4px; }
.badge { font: 600 10.5px/1 system-ui, "DejaVu Sans", sans-serif; border-radius: 8px; padding: 2px 6px 2px 4px; margin-left: 3px;
  vertical-align: 2px; white-space: nowrap; background: #fff; border: 1px solid var(--line); color: var(--ink); }
.badge::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 4px; vertical-align: 0; }
.badge.err { border-color: #b00020; color: #b00020; }
.badge.err::before { background: #b00020; }
{% for lab, cls, colour, n in labels %}
.badge.{{ cls }}::before, .sw.{{ cls }} { background: {{ colour }}; }
.badge.{{ cls }} { border-color: {{ colour }}; }
{% endfor %}
aside#detail { position: sticky; top: 20px; align-self: start; font-size: 13px; }
aside#detail .hint { color: var(--muted); }
aside#detail dl { margin: 0; }
aside#detail dt { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .04em; margin-top: 8px; }
aside#detail dd { margin: 0; word-break: break-word; }
@media (max-width: 920px) {
  .wrap { grid-template-columns: 1fr; }
  aside#detail { position: fixed; left: 0; right: 0; bottom: 0; top: auto; margin: 0; max-height: 40vh; overflow: auto; border-radius: 0; }
}
@media print { aside#detail { display: none; } .wrap { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<div class="wrap">
<main>
<header>
  <h1>{{ title }}</h1>
  <p class="meta">{{ articles|length }} article{{ "s" if articles|length != 1 }} · {{ n_records }} sentences
    ({{ n_cached }} from cache{% if n_failed %}, <strong>{{ n_failed }} not classified</strong>{% endif %})
    · model {{ models|join(", ") }} · prompt {{ prompts|join(", ") }} · codebook {{ codebooks|join(", ") }}</p>
</header>
<section class="card legend" id="legend" aria-label="Legend">
  {% for lab, cls, colour, n in labels %}
  <span class="key {{ cls }}"><span class="sw {{ cls }}" style="background:{{ colour }}"></span>{{ lab|pretty }} <span class="note">({{ n }})</span></span>
  {% endfor %}
  {% if labels|length > 1 %}
  <span class="key"><span class="sw" style="background-image:repeating-linear-gradient(135deg,{% for lab, cls, colour, n in labels[:2] %}{{ tint(colour, 0.42) }} {{ loop.index0 * 5 }}px {{ loop.index * 5 }}px{{ "," if not loop.last }}{% endfor %})"></span><span class="note">stripes: several labels</span></span>
  {% endif %}
  <span class="key"><span class="who">Speaker</span><span class="note">who says it (unmarked: the journalist)</span></span>
  <span class="key note">click or hover a sentence for the model's rationale</span>
</section>
<section class="card" id="speakers">
  <h2>Who says what</h2>
  <table class="summary">
    <thead><tr><th>speaker</th><th>affiliation</th>{% if multi_article %}<th>articles</th>{% endif %}<th>sentences</th>
    {% for lab, cls, colour, n in labels %}<th class="{{ cls }}"><span class="sw {{ cls }}" style="background:{{ colour }}"></span>&nbsp;{{ lab|pretty }}</th>{% endfor %}
    {% for fld in summary.targets %}<th>{{ fld|pretty }}</th>{% endfor %}</tr></thead>
    <tbody>
    {% for row in summary.rows %}
    <tr data-speaker="{{ row.group }}"><td>{{ row.group }}</td><td>{{ "—" if row.group == journalist else row.affiliation }}</td>
      {% if multi_article %}<td class="n">{{ row.articles|length }}</td>{% endif %}<td class="n">{{ row.sentences }}</td>
      {% for lab, cls, colour, n in labels %}{% set c = row.counts[lab] %}
      <td class="n {{ cls }}{{ ' zero' if not c }}" data-label="{{ lab }}">{{ c }}{% if c %} <span class="share">{{ "%.0f"|format(row.share(lab) * 100) }}%</span>{% endif %}</td>
      {% endfor %}
      {% for fld in summary.targets %}<td>{{ targets_of(row, fld) }}</td>{% endfor %}
    </tr>
    {% endfor %}
    </tbody>
  </table>
</section>
{% if multi_article %}
<nav class="card toc" aria-label="Articles">{% for a in articles %}<a href="#{{ a.anchor }}">{{ a.id }}</a>{% endfor %}</nav>
{% endif %}
{% for a in articles %}
<article class="card doc" id="{{ a.anchor }}" data-article="{{ a.id }}">
  <h2>{{ a.id }}</h2>
  <p class="stats">{% if a.date %}{{ a.date }} · {% endif %}{{ a.sentences }} sentences · {{ a.labelled }} with a stance · {{ a.speakers }} speaker{{ "s" if a.speakers != 1 }}{% if not a.exact %} · paragraphs inferred from offsets{% endif %}</p>
  <div class="article-text">
  {% for para in a.paragraphs %}
  <p>{% for p in para %}{% if p.kind == "s" %}<span class="{{ p.classes }}" id="{{ a.anchor }}-s{{ p.rec.index }}" tabindex="0" data-index="{{ p.rec.index }}" data-labels="{{ p.rec.labels|join(' ') }}"{% if p.style %} style="{{ p.style }}"{% endif %} title="{{ p.title }}" data-info="{{ p.info }}">{% if p.who %}<span class="who">{{ p.who }}</span>{% endif %}{% if p.badges %}{{ p.head }}<span class="tail">{{ p.tail }}{% for cls, text in p.badges %}<span class="badge {{ cls }}">{{ text }}</span>{% endfor %}</span>{% else %}{{ p.text }}{% endif %}</span>{% elif p.kind == "br" %}<br>{% else %}{{ p.text }}{% endif %}{% endfor %}</p>
  {% endfor %}
  </div>
</article>
{% endfor %}
</main>
<aside id="detail" class="card" aria-live="polite">
  <h2>Sentence</h2>
  <div class="body"><p class="hint">Click a sentence (or focus it and press Enter) to see who says it, its labels, the model's rationale and where the answer came from.</p></div>
</aside>
</div>
<script>
(function () {
  var panel = document.querySelector("#detail .body");
  function show(el) {
    var dl = document.createElement("dl");
    JSON.parse(el.getAttribute("data-info")).forEach(function (kv) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = kv[0];
      dd.textContent = kv[1];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    panel.replaceChildren(dl);
    document.querySelectorAll(".s.sel").forEach(function (e) { e.classList.remove("sel"); });
    el.classList.add("sel");
  }
  // A sentence's address is the page's fragment, so a link can point at one sentence.
  function pick(el) {
    show(el);
    if (history.replaceState) history.replaceState(null, "", "#" + el.id);
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest(".s");
    if (el) pick(el);
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.classList && e.target.classList.contains("s")) {
      e.preventDefault();
      pick(e.target);
    }
  });
  var first = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (first && first.classList.contains("s")) show(first);
})();
</script>
</body>
</html>
"""
