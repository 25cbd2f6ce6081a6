"""Chinese text in every report: the terminal table keeps its columns, the chart and
the HTML report draw real glyphs (a CJK font after the default one), and a Chinese
sentence with badges wraps instead of running off the page.

Whether glyphs are real is checked against the same text in unassigned code points
(U+2FE0…), which every font lacks: without a CJK font both draw the same empty boxes.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from stance.report import render_report, render_table, render_tables, summarize, write_chart
from stance.text import segment
from stance.types import Record, Speaker
from tests.browser import REQUIRED, needs_chromium, run_chromium

HAS_CJK_FONT = bool(shutil.which("fc-list")) and bool(
    subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip()
)
needs_cjk_font = pytest.mark.skipif(
    not HAS_CJK_FONT and not REQUIRED,
    reason="no CJK font installed (apt-get install -y fonts-wqy-microhei)",
)

# Made up for these tests.
ZH = (
    "外交部发言人郭嘉昆表示，中方对继续同美方合作持开放态度，美方应采取实际行动，为双方合作创造必要条件，"
    "而不是一再把芬太尼问题的责任推给别国。\n\n"
    "郭嘉昆指出：“中国是禁毒最坚决的国家之一。我们愿意合作。”\n"
)


def _unassigned(text: str) -> str:
    """Every CJK character replaced by an unassigned code point, for glyph comparison."""
    return "".join(chr(0x2FE0 + ord(c) % 16) if "\u3400" <= c <= "\u9fff" else c for c in text)


def zh_records(text: str = ZH) -> list[Record]:
    speaker = Speaker(name="郭嘉昆", role="外交部发言人", how="indirect", cue="表示")
    labels = [["offers_cooperation", "attributes_blame"], ["denies_production"], ["offers_cooperation"]]
    out = []
    for s, labs in zip(segment(text, lang="zh"), labels, strict=True):
        out.append(
            Record(
                article="waijiaobu", index=s.index, start=s.start, end=s.end, text=s.text,
                speaker=Speaker(name=_unassigned(speaker.name), role=speaker.role) if text != ZH else speaker,
                labels=labs, targets={"blame_target": "United States" if "attributes_blame" in labs else None},
                model="m", prompt_version="classify-v2", codebook="fentanyl-diplomacy@2",
                codebook_hash="h", lang="zh", date="2025-10-29",
            )
        )
    return out


# -- the terminal table ------------------------------------------------------------------


def _lines(renderable: object, width: int = 80) -> list[str]:
    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text().rstrip("\n").splitlines()


def test_table_keeps_cjk_columns_within_the_terminal() -> None:
    from rich.cells import cell_len

    lines = _lines(render_table(zh_records(), title="waijiaobu"))
    assert max(cell_len(line) for line in lines) <= 80  # wide characters count twice
    assert any(cell_len(line) > len(line) + 10 for line in lines)  # … and there are some
    header = next(line for line in lines if "sentence" in line and "speaker" in line)
    col = cell_len(header[: header.index("sentence")])
    rows = [line for line in lines if "郭嘉昆" in line]
    assert rows
    for line in rows:  # each row's sentence starts where the header says
        i = next(i for i, ch in enumerate(line) if cell_len(line[:i]) >= col)
        assert cell_len(line[:i]) == col and not line[i - 1].strip() and line[i].strip(), line


def test_summary_tables_keep_cjk_columns() -> None:
    from rich.cells import cell_len

    for table in render_tables(summarize(zh_records())):
        lines = _lines(table, width=100)
        widths = {cell_len(line) for line in lines if line.strip() and not line.startswith(("Stances", "Who"))}
        assert len(widths) == 1, lines  # every row of the box as wide as the others


# -- the chart -----------------------------------------------------------------------------


@needs_cjk_font
def test_chart_draws_chinese_names_with_a_cjk_font(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from PIL import Image, ImageChops

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_chart(summarize(zh_records()), tmp_path / "zh.png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unassigned code points are missing, as intended
        write_chart(summarize(zh_records(_unassigned(ZH))), tmp_path / "boxes.png")
    with Image.open(tmp_path / "zh.png") as a, Image.open(tmp_path / "boxes.png") as b:
        assert a.size == b.size and ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
    write_chart(summarize(zh_records()), tmp_path / "zh.svg")
    svg = (tmp_path / "zh.svg").read_text(encoding="utf-8")
    assert "郭嘉昆" in svg  # text stays text
    assert re.search(r"font-family: [^;]*(WenQuanYi|Noto Sans CJK|Source Han|Droid Sans Fallback)", svg)


# -- the HTML report -----------------------------------------------------------------------


_MEASURE = """<script>
(function () {
  var out = {overflow: document.documentElement.scrollWidth - window.innerWidth,
             lang: document.querySelector("article.doc").lang, widest: 0};
  document.querySelectorAll(".s").forEach(function (e) {
    out.widest = Math.max(out.widest, e.getBoundingClientRect().right); });
  out.text = document.querySelector("article.doc").getBoundingClientRect().right;
  var pre = document.createElement("pre"); pre.id = "measure"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@needs_chromium
@needs_cjk_font
def test_html_report_shows_chinese_glyphs(tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    shots = []
    for name, text in (("zh", ZH), ("boxes", _unassigned(ZH))):
        page = tmp_path / f"{name}.html"
        page.write_text(render_report(zh_records(text), {"waijiaobu": text}), encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        run_chromium(f"--screenshot={shot}", url=page.as_uri(), height=1200)
        shots.append(shot)
    with Image.open(shots[0]) as a, Image.open(shots[1]) as b:
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
    assert diff is not None  # real glyphs, not the boxes of a missing font


@needs_chromium
def test_html_report_wraps_chinese_sentences_and_names_the_language(tmp_path: Path) -> None:
    page = tmp_path / "zh.html"
    page.write_text(render_report(zh_records(), {"waijiaobu": ZH}).replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = run_chromium("--dump-dom", url=page.as_uri(), width=800, height=1200)
    m = json.loads(html.unescape(re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S).group(1)))  # type: ignore[union-attr]
    assert m["lang"] == "zh"
    # a long sentence without spaces, badges at its end, stays inside its column
    assert m["overflow"] <= 0 and m["widest"] <= m["text"]
