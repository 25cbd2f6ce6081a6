"""The HTML report: structure and escaping, the atomic writer, and what headless
Chromium actually renders (layout, colours, the details panel, inert injected markup).

The Chromium tests need Debian's ``chromium`` package and skip without it.
``UPDATE_DOCS=1`` also refreshes ``docs/report.png`` from the seed articles.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stance.errors import ExitCode, OutputError
from stance.report import (
    OKABE_ITO,
    HtmlWriter,
    open_writer,
    pick_format,
    render_report,
    write_atomic,
)
from stance.report._html import label_class
from stance.types import Article, Record, Speaker
from tests.browser import needs_chromium, run_chromium
from tests.report.test_summarize import SEEDS, hand_records

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "fixtures" / "articles"

EVIL_TEXT = (
    "Officials met on Monday.\n\n"
    "“We do not produce fentanyl <script>document.body.setAttribute('data-pwned','1')</script>,”"
    " said Jane Roe, Mexico's envoy.The root cause is in the US, "
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> she said."
)


def _seed_texts() -> dict[str, str]:
    return {stem: (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8") for stem in SEEDS}


def evil_records() -> list[Record]:
    """An article whose text, speaker and rationale all carry live-looking markup."""
    parts = [
        "Officials met on Monday.",
        "“We do not produce fentanyl <script>document.body.setAttribute('data-pwned','1')</script>,” said Jane Roe, Mexico's envoy.",
        "The root cause is in the US, <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> she said.",
    ]
    speaker = Speaker(name="Jane <b onmouseover=alert(1)>Roe</b>", role="Mexico's envoy", how="direct", cue="said")
    out = []
    for i, (text, labels, target) in enumerate(
        [(parts[0], [], None), (parts[1], ["denies_production"], None), (parts[2], ["attributes_blame", "denies_production"], "United States")]
    ):
        start = EVIL_TEXT.index(text)
        out.append(Record(
            article="evil", index=i, start=start, end=start + len(text), text=text,
            speaker=None if i == 0 else speaker, labels=labels, targets={"blame_target": target},
            rationale=f"rationale {i} </span><script>document.body.setAttribute('data-pwned','3')</script>",
            model="m", prompt_version="classify-v1", codebook="fentanyl-diplomacy@2", codebook_hash="h",
            cached=i == 1,
        ))
    return out


class _Text(HTMLParser):
    """Visible article text: sentence and gap text, without speaker chips and badges."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.out: list[str] = []
        self.paragraphs = 0
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "script":
            self.scripts += 1
        if tag == "p" and "doc" in self.stack:
            self.paragraphs += 1
            self.out.append("\n\n")
        if tag == "br":
            self.out.append("\n")
            return
        self.stack.append("skip" if {"who", "badge"} & set(cls.split()) else ("doc" if "article-text" in cls.split() else tag))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "doc" in self.stack and "skip" not in self.stack:
            self.out.append(data)


def test_text_between_sentences_is_reproduced_exactly() -> None:
    texts = _seed_texts()
    for aid, text in texts.items():
        records = [r for r in hand_records() if r.article == aid]
        parser = _Text()
        parser.feed(render_report(records, {aid: text}))
        shown = "".join(parser.out)
        # Same words in the same order, run-together sentences ("fentanyl.According") included.
        assert shown.split() == text.split()
        assert "fentanyl.According" in shown or aid.startswith("efe")
        assert parser.paragraphs == len([p for p in re.split(r"\n\s*\n", text) if p.strip()])


def test_paragraphs_are_inferred_from_offsets_without_the_text() -> None:
    records = [r for r in hand_records() if r.article.startswith("efe")]
    parser = _Text()
    page = render_report(records)
    parser.feed(page)
    text = (ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt").read_text(encoding="utf-8")
    assert parser.paragraphs == len(re.split(r"\n\n", text.strip()))
    assert "paragraphs inferred from offsets" in page


def test_every_sentence_carries_its_labels_speaker_and_details() -> None:
    records = hand_records()
    page = render_report(records, _seed_texts())
    spans = re.findall(r'<span class="(s[^"]*)" id="[^"]+" tabindex="0" data-index="(\d+)" data-labels="([^"]*)"', page)
    assert len(spans) == len(records)
    for (classes, _, labels), r in zip(spans, records, strict=True):
        assert labels.split() == r.labels
        assert {label_class(lab) for lab in r.labels} <= set(classes.split())
        assert ("quoted" in classes.split()) == (r.speaker is not None)
    # Multi-label sentences get stripes made of both labels' colours.
    assert page.count("repeating-linear-gradient(135deg,rgba(230,159,0,0.42)") >= 2
    assert '<span class="badge lab-attributes_blame">attributes blame → US</span>' in page
    assert '<span class="who">Mao Ning</span>' in page
    for colour in OKABE_ITO[:3]:
        assert colour in page  # legend swatches


def test_markup_in_the_article_is_escaped() -> None:
    page = render_report(evil_records(), {"evil": EVIL_TEXT})
    parser = _Text()
    parser.feed(page)
    assert parser.scripts == 1  # the report's own script, nothing else
    assert "<img" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;document.body.setAttribute" in page
    assert "data-pwned" in "".join(parser.out)  # shown as text


def test_html_is_picked_by_suffix_and_by_flag() -> None:
    assert pick_format("report.html", None) == "html"
    assert pick_format("report.HTM", None) == "html"
    assert pick_format(None, "html") == "html"


def test_writer_replaces_the_report_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old report", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_writer(str(out), "html", console=None) as w:
        w.write(evil_records()[0])
        raise KeyboardInterrupt
    assert out.read_text(encoding="utf-8") == "old report"  # an interrupted run leaves it alone
    with open_writer(str(out), "html", console=None) as w:
        assert isinstance(w, HtmlWriter)
        w.add_article(Article(id="evil", text=EVIL_TEXT))
        for r in evil_records():
            w.write(r)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Officials met on Monday." in page
    assert "paragraphs inferred" not in page  # the article text was used
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp file left behind
    assert out.stat().st_mode & 0o644 == 0o644


def test_a_report_to_a_pipe_or_a_link_leaves_them_in_place(tmp_path: Path) -> None:
    """A pipe (or a device such as /dev/stdout) is written in place, never renamed over;
    a symbolic link's target gets the report and the link stays."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_atomic(str(fifo), "<!doctype html>page")
    reader.join(10)
    assert got == ["<!doctype html>page"] and stat.S_ISFIFO(fifo.stat().st_mode)
    real, link = tmp_path / "real.html", tmp_path / "link.html"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    write_atomic(str(link), "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_unwritable_report_fails_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no such directory") as info:
        HtmlWriter(str(tmp_path / "missing" / "r.html"))
    assert info.value.exit_code == ExitCode.OUTPUT == 4


# Appended to a copy of the page: measures what is drawn and leaves it in the DOM for --dump-dom.
_MEASURE = """<script>
(function () {
  function box(sel) { var r = document.querySelector(sel).getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  var out = {overflow: document.documentElement.scrollWidth - window.innerWidth,
    legend: box("#legend"), speakers: box("#speakers"), detail: box("#detail"), article: box("article.doc"),
    panel: document.querySelector("#detail .body").innerText, pwned: document.body.getAttribute("data-pwned"),
    sentences: [], swatches: {}, badges: {}, table: {}};
  document.querySelectorAll(".s").forEach(function (e) {
    var cs = getComputedStyle(e);
    out.sentences.push({id: e.id, labels: e.dataset.labels, bg: cs.backgroundColor, img: cs.backgroundImage,
      title: e.title, text: e.innerText, shown: e.getClientRects().length > 0});
  });
  document.querySelectorAll("#legend .key .sw[class*=lab-]").forEach(function (e) {
    out.swatches[e.className.split(" ")[1]] = getComputedStyle(e).backgroundColor; });
  document.querySelectorAll(".badge[class*=lab-]").forEach(function (e) {
    out.badges[e.className.split(" ")[1]] = getComputedStyle(e, "::before").backgroundColor; });
  document.querySelectorAll("#speakers tbody tr").forEach(function (tr) {
    var row = {}; tr.querySelectorAll("td[data-label]").forEach(function (td) { row[td.dataset.label] = td.innerText; });
    out.table[tr.dataset.speaker] = row; });
  var pre = document.createElement("pre"); pre.id = "measure"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = hand_records() + evil_records()
    texts = {**_seed_texts(), "evil": EVIL_TEXT}
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(records, texts), encoding="utf-8")
    return path


@needs_chromium
def test_chromium_renders_what_a_reader_needs(page: Path, tmp_path: Path) -> None:
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    target = next(s for s in re.findall(r'id="(a-evil-[^"]+-s2)"', page.read_text(encoding="utf-8")))
    dom = run_chromium("--dump-dom", url=measured.as_uri() + "#" + target)
    m = json.loads(html.unescape(re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S).group(1)))  # type: ignore[union-attr]

    assert m["pwned"] is None  # no injected script or handler ran
    evil = [s for s in m["sentences"] if s["id"].startswith("a-evil")]
    assert "<script>document.body.setAttribute" in evil[1]["text"]  # visible as text
    # Layout at 1280 px: nothing scrolls sideways; legend and table above the articles; panel on the right.
    assert m["overflow"] <= 0
    assert m["legend"]["y"] < m["speakers"]["y"] < m["article"]["y"]
    assert m["detail"]["x"] >= m["legend"]["x"] + m["legend"]["w"]
    # The fragment selected a sentence: its rationale, speaker and provenance are in the panel.
    assert "rationale 2 </span><script>" in m["panel"] and "Roe</b>" in m["panel"]
    assert "classify-v1" in m["panel"] and "blame target" in m["panel"].lower()
    # Every label has its own colour, and badges use the legend's colours.
    assert len(set(m["swatches"].values())) == len(m["swatches"]) == 3
    for cls, colour in m["badges"].items():
        assert colour == m["swatches"][cls]
    for s in m["sentences"]:
        assert s["shown"]
        labels = s["labels"].split()
        if len(labels) > 1:
            assert s["img"].startswith("repeating-linear-gradient")
        elif labels:
            assert s["bg"] != "rgba(0, 0, 0, 0)"
        else:
            assert s["bg"] == "rgba(0, 0, 0, 0)" and s["img"] == "none"
        assert "classify-v1" in s["title"]  # hover shows provenance
    mao = next(s for s in m["sentences"] if "root cause of the fentanyl" in s["text"])
    assert "rationale:" in mao["title"] and "blame target: US" in mao["title"]
    # The per-speaker table counts what the sentences show.
    assert m["table"]["Mao Ning"]["attributes_blame"].startswith("3")
    assert m["table"]["Rosa Icela Rodríguez"]["denies_production"].startswith("3")


@needs_chromium
def test_chromium_screenshot_shows_the_highlights(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    run_chromium(f"--screenshot={shot}", url=page.as_uri(), height=4000)
    with Image.open(shot) as im:
        assert im.size == (1280, 4000)
        pixels = [(n, list(c)) for n, c in im.convert("RGB").getcolors(1 << 22) or [] if isinstance(c, tuple)]

    def near(rgb: list[int]) -> int:
        return sum(n for n, c in pixels if max(abs(a - b) for a, b in zip(c, rgb, strict=True)) <= 6)

    # Each label's tint (its Okabe–Ito colour at 32 % over white) fills whole sentences.
    for hex_colour in OKABE_ITO[:3]:
        rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
        assert near([round(255 + (c - 255) * 0.32) for c in rgb]) > 2000, hex_colour
    if os.environ.get("UPDATE_DOCS"):
        _update_docs_screenshot(tmp_path)


def _update_docs_screenshot(tmp_path: Path) -> None:
    """docs/report.png: the Global Times article first (stripes, blame), one sentence open."""
    from PIL import Image

    records = sorted(hand_records(), key=lambda r: not r.article.startswith("globaltimes"))
    page = tmp_path / "docs.html"
    source = render_report(records, _seed_texts())
    target = re.search(r'id="(a-globaltimes[^"]+-s1)"', source).group(1)  # type: ignore[union-attr]
    # A click opens the details panel without scrolling, as a reader would see it.
    # (after load: a fragment set while loading would make Chromium scroll to it)
    click = f'<script>addEventListener("load", () => document.getElementById("{target}").click());</script>'
    page.write_text(source.replace("</body>", click + "</body>"), encoding="utf-8")
    shot = tmp_path / "docs.png"
    run_chromium(f"--screenshot={shot}", "--virtual-time-budget=2000", url=page.as_uri())
    docs = ROOT / "docs" / "report.png"
    docs.parent.mkdir(exist_ok=True)
    with Image.open(shot) as im:
        im.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(docs, optimize=True)
    assert docs.stat().st_size < 300_000
