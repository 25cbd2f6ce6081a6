"""One palette for every report: the HTML page, the terminal tables and the charts give
a label the same colour, and no two labels (or lines of a chart) the same one.

Okabe & Ito's colour-blind-safe palette (black left out) comes first, then Paul Tol's
muted palette, then hues spread around the colour wheel for as many more as needed. The
default codebook's labels always take the same colours; other labels the next free ones
in order.
"""

from __future__ import annotations

import colorsys
import functools
from collections.abc import Iterable, Sequence

from ..types import Record

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]


def distinct_colours(n: int) -> list[str]:
    """``n`` colours, none twice: the colour-blind-safe ones first."""
    out = [*OKABE_ITO, *TOL_MUTED][:n]
    i = 0
    while len(out) < n:
        # golden-angle hues at three lightness levels: neighbours stay far apart
        hue, light = (i * 0.618034) % 1.0, (0.35, 0.55, 0.72)[i % 3]
        r, g, b = colorsys.hls_to_rgb(hue, light, 0.65)
        colour = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
        if colour not in out:
            out.append(colour)
        i += 1
    return out


@functools.cache
def _default_codebook() -> tuple[str, list[str]]:
    from ..model import load_codebook

    try:
        cb = load_codebook()
    except Exception:  # a broken install must not stop a summary
        return "", []
    return cb.ref, cb.label_names


def label_order(records: Iterable[Record]) -> list[str]:
    """Labels to show: the default codebook's (all of them when its records are
    present, so a stance nobody took still gets a column of zeros), in its order,
    then any other label seen, alphabetically."""
    ref, default = _default_codebook()
    recs = list(records)
    seen = {lab for r in recs for lab in r.labels}
    uses_default = any(r.codebook == ref for r in recs)
    first = [lab for lab in default if uses_default or lab in seen]
    return first + sorted(seen - set(default))


def label_colours(labels: Sequence[str]) -> dict[str, str]:
    """A colour per label, none twice: the default codebook's labels always get the same
    ones; a codebook of your own starts at the first colour."""
    _, default = _default_codebook()
    colours = distinct_colours(len(default) + len(labels))
    out = {lab: colours[default.index(lab)] for lab in labels if lab in default}
    free = iter(c for c in colours if c not in out.values())
    for lab in labels:
        if lab not in out:
            out[lab] = next(free)
    return out


