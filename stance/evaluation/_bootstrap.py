"""Confidence intervals by bootstrapping articles, and paired comparisons.

Every eval figure is a function of counts that add up over articles (true positives,
sentences, correct speakers, …). Each article contributes one row of counts; a
bootstrap resample draws articles with replacement and sums their rows, so a figure is
recomputed per resample from the summed counts (no sentence is resampled on its own:
sentences of one article are not independent).

Resample ``b`` draws the articles ``numpy.random.default_rng(seed).integers(0, n,
size=(resamples, n))[b]``; the interval is the percentile interval
(``numpy.nanpercentile``, linear interpolation) of the resampled figures. A figure
that a resample leaves undefined (a label whose codebook no drawn article uses) is
left out of that percentile. Reproducible: the same counts, resamples and seed give
the same interval.

A paired comparison resamples the same articles for both runs and takes the interval
of the difference B − A; B is "better" when the whole interval is above zero, "worse"
when it is below, else "indistinguishable". All figures are "higher is better".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 20261125
LEVEL = 0.95

Get = Callable[[str], np.ndarray]
Compute = Callable[[Get], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Figure:
    value: float | None  # None: undefined on this data (nothing to score)
    low: float | None
    high: float | None

    def to_json(self) -> dict[str, float | list[float | None] | None]:
        return {"value": self.value, "ci": [self.low, self.high]}


def resample_indices(n: int, resamples: int = RESAMPLES, seed: int = SEED) -> np.ndarray:
    """The articles each resample draws (rows: resamples, columns: draws)."""
    return np.random.default_rng(seed).integers(0, n, size=(resamples, n))


def _weights(n: int, resamples: int, seed: int) -> np.ndarray:
    """How often each article is drawn in each resample, shape (resamples, n)."""
    idx = resample_indices(n, resamples, seed)
    flat = (idx + np.arange(resamples)[:, None] * n).ravel()
    return np.bincount(flat, minlength=resamples * n).reshape(resamples, n).astype(float)


class Counts:
    """Per-article count rows: ``rows[i][column]`` is article ``i``'s count."""

    def __init__(self, rows: Sequence[Mapping[str, float]], columns: Sequence[str] | None = None):
        cols = list(columns) if columns is not None else sorted({c for r in rows for c in r})
        self.columns = {c: j for j, c in enumerate(cols)}
        self.matrix = np.zeros((len(rows), len(cols)))
        for i, row in enumerate(rows):
            for c, v in row.items():
                self.matrix[i, self.columns[c]] = v

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def getter(self, sums: np.ndarray) -> Get:
        zeros = np.zeros(sums.shape[:-1])

        def get(column: str) -> np.ndarray:
            j = self.columns.get(column)
            return zeros if j is None else sums[..., j]

        return get


def _level_bounds(level: float) -> tuple[float, float]:
    tail = (1.0 - level) / 2 * 100
    return tail, 100 - tail


def _num(x: np.ndarray | float) -> float | None:
    v = float(x)
    return None if np.isnan(v) else v


def _interval(samples: np.ndarray, level: float) -> tuple[float | None, float | None]:
    finite = samples[~np.isnan(samples)]
    if finite.size == 0:
        return None, None
    lo, hi = np.percentile(finite, _level_bounds(level))
    return float(lo), float(hi)


def bootstrap(
    counts: Counts, compute: Compute, *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> dict[str, Figure]:
    """Each figure of ``compute`` on all articles, with its bootstrap interval."""
    if len(counts) == 0:
        raise ValueError("no articles to bootstrap")
    point = compute(counts.getter(counts.matrix.sum(axis=0)))
    sums = _weights(len(counts), resamples, seed) @ counts.matrix
    boot = compute(counts.getter(sums))
    out = {}
    for key, value in point.items():
        lo, hi = _interval(np.asarray(boot[key], dtype=float), level)
        out[key] = Figure(_num(value), lo, hi)
    return out


@dataclass(frozen=True)
class Difference:
    a: float | None
    b: float | None
    diff: float | None  # B − A
    low: float | None
    high: float | None

    @property
    def verdict(self) -> str:
        if self.low is None or self.high is None:
            return "undefined"
        if self.low > 0:
            return "B better"
        if self.high < 0:
            return "B worse"
        return "indistinguishable"


def paired(
    a: Counts, b: Counts, compute: Compute, *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> dict[str, Difference]:
    """B − A for each figure, resampling the same articles for both (rows must be the
    same articles in the same order)."""
    if len(a) != len(b) or len(a) == 0:
        raise ValueError("paired counts need the same, non-empty list of articles")
    pa = compute(a.getter(a.matrix.sum(axis=0)))
    pb = compute(b.getter(b.matrix.sum(axis=0)))
    w = _weights(len(a), resamples, seed)
    ba = compute(a.getter(w @ a.matrix))
    bb = compute(b.getter(w @ b.matrix))
    out = {}
    for key in pa.keys() & pb.keys():
        lo, hi = _interval(np.asarray(bb[key], dtype=float) - np.asarray(ba[key], dtype=float), level)
        va, vb = _num(pa[key]), _num(pb[key])
        out[key] = Difference(va, vb, None if va is None or vb is None else vb - va, lo, hi)
    return out


# --- figures from counts -------------------------------------------------------------


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0.0 where den is 0 (scikit-learn's zero_division=0)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def defined(n: np.ndarray, value: np.ndarray) -> np.ndarray:
    """``value`` where there was something to score (n > 0), else nan."""
    return np.where(np.asarray(n) > 0, value, np.nan)


def kappa(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> np.ndarray:
    """Cohen's kappa of a 2×2 table; 1.0 when both raters give one identical constant
    answer (0/0; see ``_metrics._kappa``), nan when the table is empty."""
    n = tp + fp + fn + tn
    n2 = n * n
    chance = (tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)
    p_o = ratio(tp + tn, n)
    p_e = ratio(chance, n2)
    k = np.divide(p_o - p_e, 1.0 - p_e, out=np.ones(np.shape(n)), where=chance != n2)
    return defined(n, k)


def alpha(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> np.ndarray:
    """Krippendorff's alpha for two coders, binary (nominal) values, no missing data,
    from their 2×2 table: 1 − (N − 1)·D / (n₀·n₁) with N = 2n pairable values, D the
    disagreeing units, n₀ and n₁ the values' totals. 1.0 when every value is the same
    (0/0), nan when the table is empty. Checked against the ``krippendorff`` package."""
    n = tp + fp + fn + tn
    d = fp + fn
    n1 = 2 * tp + d
    n0 = 2 * tn + d
    den = n0 * n1
    a = 1.0 - np.divide((2 * n - 1) * d, den, out=np.zeros(np.shape(n)), where=den != 0)
    return defined(n, a)
