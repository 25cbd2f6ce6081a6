"""Colours and charts: no two labels share a colour, whatever the codebook's size; no
two lines of a chart look alike; a chart that leaves groups out says so."""

from __future__ import annotations

from typing import Any

import pytest

from stance.report import OKABE_ITO, label_colours, summarize
from stance.report._chart import _draw
from stance.types import Record, Speaker

pytest.importorskip("matplotlib", reason="charts need the chart extra (matplotlib)")


def _records(speakers: int, labels: list[str], dated: bool = False) -> list[Record]:
    out = []
    for s in range(speakers):
        for i in range(s + 1):  # speaker s takes s + 1 stances: a clear order
            out.append(Record(
                article=f"a{s}", index=i, start=0, end=1, text="x", speaker=Speaker(name=f"Speaker {s:02d}"),
                labels=[labels[(s + i) % len(labels)]], model="m", prompt_version="p", codebook="c@1",
                codebook_hash="h", date=f"2024-{1 + i % 3:02d}-01" if dated else None,
            ))
    return out


@pytest.mark.parametrize("n", [3, 9, 20, 40])
def test_no_two_labels_share_a_colour(n: int) -> None:
    labels = [f"label_{i}" for i in range(n)]
    colours = label_colours(labels)
    assert len(set(colours.values())) == n
    # a codebook of one's own starts with the colour-blind-safe colours
    assert [colours[lab] for lab in labels[:7]] == OKABE_ITO[: min(n, 7)]


def test_the_default_codebooks_labels_keep_their_colours() -> None:
    a = label_colours(["denies_production", "attributes_blame", "offers_cooperation"])
    b = label_colours(["offers_cooperation", "mine", "denies_production"])
    assert a["offers_cooperation"] == b["offers_cooperation"] and a["denies_production"] == b["denies_production"]
    assert len(set(b.values())) == 3


def _looks(fig: Any) -> list[list[tuple[Any, ...]]]:
    """Per panel, each line's colour, line style and marker."""
    return [[(line.get_color(), line.get_linestyle(), line.get_marker()) for line in ax.get_lines()] for ax in fig.axes]


def test_no_two_lines_of_a_chart_look_alike() -> None:
    import matplotlib.pyplot as plt

    s = summarize(_records(10, ["a", "b"], dated=True), period="month")
    fig = _draw(s, plt, top=10)
    try:
        for panel in _looks(fig):
            assert len(panel) == 10
            assert len({colour for colour, _, _ in panel}) == 10  # no colour twice
        first = _looks(fig)[0]
        # past the colour-blind-safe colours, the line style changes too
        assert {style for _, style, _ in first[:7]} == {"-"} and "-" not in {style for _, style, _ in first[7:]}
    finally:
        plt.close(fig)


@pytest.mark.parametrize("period", [None, "month"])
def test_a_chart_that_leaves_groups_out_says_so(period: str | None) -> None:
    import matplotlib.pyplot as plt

    s = summarize(_records(12, ["a", "b", "c"], dated=True), period=period)  # type: ignore[arg-type]
    fig = _draw(s, plt, top=10)
    try:
        title = fig._suptitle.get_text()
        assert title.endswith(" (top 10 of 12 speakers)")
        shown = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()} if period is None else {
            t.get_text() for t in fig.axes[-1].get_legend().get_texts()
        }
        assert {f"Speaker {i:02d}" for i in range(2, 12)} <= shown and "Speaker 00" not in shown
    finally:
        plt.close(fig)
    fig = _draw(summarize(_records(4, ["a"]), period=None), plt, top=10)
    try:
        assert "top" not in fig._suptitle.get_text()
    finally:
        plt.close(fig)
