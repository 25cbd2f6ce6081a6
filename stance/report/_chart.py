"""A corpus summary as a matplotlib chart (PNG, SVG or PDF); needs ``stance[chart]``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ._palette import OKABE_ITO, distinct_colours, label_colours
from ._summary import UNDATED, Summary
from ._writers import cannot_write


def write_chart(s: Summary, path: str | Path, top: int = 10) -> None:
    """A PNG or SVG (by suffix): per label, how many sentences each group has, or with a
    period, one line per group over time. Needs ``stance[chart]`` (matplotlib)."""
    suffix = Path(path).suffix.lower()
    if suffix not in {".png", ".svg", ".pdf"}:
        raise ConfigError(f"--chart {path}: use a .png, .svg or .pdf file name")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError("charts need matplotlib: pip install 'stance[chart]'") from None
    # SVG text stays text (editable and searchable in the report it is dropped into).
    # Chinese names need a CJK font after the default one: matplotlib falls back glyph
    # by glyph along the list (and an SVG names the same list for its viewer).
    with plt.rc_context({"svg.fonttype": "none", "font.family": ["sans-serif", *cjk_fonts()]}):
        fig = _draw(s, plt, top)
        try:
            fig.savefig(path, dpi=150, bbox_inches="tight", metadata={"Date": None} if suffix == ".svg" else None)
        except OSError as exc:
            raise cannot_write(str(path), exc) from None
        finally:
            plt.close(fig)


#: CJK fonts in order of preference; the installed ones follow the default font.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "Microsoft YaHei",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "SimHei", "Arial Unicode MS",
)


def cjk_fonts() -> list[str]:
    """The CJK fonts from :data:`CJK_FONTS` that matplotlib can find here (on Debian:
    ``apt-get install fonts-wqy-microhei`` or ``fonts-noto-cjk``)."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in known]


def _draw(s: Summary, plt: Any, top: int) -> Any:
    labels = s.labels or ["(no labels)"]
    colours = label_colours(s.labels)
    # The groups that took most stances; the rest would be empty bars.
    totals: Counter[str] = Counter()
    for row in s.rows:
        totals[row.group] += row.labelled
    groups = [g for g, n in totals.most_common() if n][:top] or [g for g, _ in totals.most_common(top)]
    cut = f" (top {len(groups)} of {len(totals)} {s.by}s)" if len(groups) < len(totals) else ""
    n = len(labels)
    if s.period is None:
        fig, axes = plt.subplots(1, n, figsize=(3.2 * n + 1.5, 0.42 * len(groups) + 1.6), sharey=True, squeeze=False)
        by_group = {row.group: row for row in s.rows}
        for ax, lab in zip(axes[0], labels, strict=True):
            counts = [by_group[g].counts[lab] if g in by_group else 0 for g in groups]
            bars = ax.barh(range(len(groups)), counts, color=colours.get(lab, "#999999"))
            for bar, g, c in zip(bars, groups, counts, strict=True):
                if c:
                    ax.annotate(f"{c} ({by_group[g].share(lab):.0%})", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                                xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
            ax.set_title(lab.replace("_", " "), fontsize=10)
            ax.set_xlabel("sentences")
            ax.set_xlim(0, max([*counts, 1]) * 1.35)
            _tidy(ax)
        axes[0][0].set_yticks(range(len(groups)), groups)
        axes[0][0].invert_yaxis()
    else:
        periods = _span({row.period or UNDATED for row in s.rows})
        fig, axes = plt.subplots(1, n, figsize=(3.6 * n + 2.5, 3.4), sharey=True, squeeze=False)
        line_colours = distinct_colours(len(groups))
        for ax, lab in zip(axes[0], labels, strict=True):
            for i, g in enumerate(groups):
                ys = [sum(r.counts[lab] for r in s.rows if r.group == g and (r.period or UNDATED) == p) for p in periods]
                ax.plot(periods, ys, color=line_colours[i], label=g, **_line_style(i))
            ax.set_title(lab.replace("_", " "), fontsize=10)
            ax.tick_params(axis="x", labelrotation=45)
            _tidy(ax)
        axes[0][0].set_ylabel("sentences")
        axes[0][-1].legend(title=s.by, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
    fig.suptitle(f"Stances by {s.by}: {s.records - s.failed} sentences, {s.articles} article(s){cut}", fontsize=11, x=0.01, ha="left")
    fig.tight_layout()
    return fig


def _line_style(i: int) -> dict[str, str]:
    """Solid with round markers while the colours are colour-blind-safe; past them, the
    line and the marker change too, so no two lines rely on colour alone."""
    if i < len(OKABE_ITO):
        return {"linestyle": "-", "marker": "o"}
    j = i - len(OKABE_ITO)
    return {"linestyle": ("--", ":", "-.")[j % 3], "marker": ("s", "^", "D", "v", "P")[j % 5]}


def _span(periods: set[str]) -> list[str]:
    """Every month or year from the first to the last, so a quiet period shows as zero
    instead of vanishing from the time axis; ``undated`` goes last."""
    dated = sorted(p for p in periods if p != UNDATED)
    out = dated[:1]
    while dated and out[-1] < dated[-1]:
        y, _, m = out[-1].partition("-")
        if m:
            nxt = f"{int(y) + int(m) // 12}-{int(m) % 12 + 1:02d}"
        else:
            nxt = str(int(y) + 1)
        out.append(nxt)
        if len(out) > 600:  # decades of months: plot the periods that have data
            out = dated
            break
    return out + ([UNDATED] if UNDATED in periods else [])


def _tidy(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x" if ax.get_xlabel() == "sentences" else "y", alpha=0.3)
    ax.set_axisbelow(True)
