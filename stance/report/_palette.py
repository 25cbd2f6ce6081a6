"""One palette for every report: the HTML page, the terminal tables and the charts give
a label the same colour.

Okabe & Ito's colour-blind-safe palette (black left out); the default codebook's labels
always take the same colours, other labels the next ones in order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from ..types import Record

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"]


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
    """A fixed colour per label: the default codebook's labels always get the same ones."""
    _, default = _default_codebook()
    order = list(default) + [lab for lab in labels if lab not in default]
    return {lab: OKABE_ITO[order.index(lab) % len(OKABE_ITO)] for lab in labels}


