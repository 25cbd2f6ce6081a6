"""Bootstrap intervals over articles and paired comparisons: hand-computed cases, then
agreement with independent implementations (scikit-learn per resample, scipy's
bootstrap, the krippendorff package) on random data."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from scipy import stats
from sklearn.metrics import cohen_kappa_score, f1_score

from stance.evaluation import Counts, alpha, bootstrap, figures, kappa, paired, resample_indices
from stance.evaluation._bootstrap import _weights

# --- by hand ------------------------------------------------------------------------


def _rows(*articles: tuple[int, int, int, int]) -> list[dict[str, int]]:
    """One label ``x``: (tp, fp, fn, tn) per article."""
    return [
        {"n": sum(a), "exact": a[0] + a[3], "x:tp": a[0], "x:fp": a[1], "x:fn": a[2], "x:tn": a[3]}
        for a in articles
    ]


def test_two_articles_by_hand() -> None:
    """With two articles a resample is AA (1/4), AB or BA (1/2) or BB (1/4), so the
    2.5th and 97.5th percentiles are the figure on A alone and on B alone."""
    # A: exact 3/4 (tp 1, fp 1, tn 2); B: exact 1/2 (tp 1, fn 1, fp 1, tn 1)
    rows = _rows((1, 1, 0, 2), (1, 1, 1, 1))
    figs = bootstrap(Counts(rows), figures(["x"]))
    em = figs["exact_match"]
    assert em.value == pytest.approx(5 / 8)
    assert (em.low, em.high) == (pytest.approx(0.5), pytest.approx(0.75))
    # F1 on A alone 2/3, on B alone 1/2, pooled 4/7
    f1 = figs["x.f1"]
    assert f1.value == pytest.approx(4 / 7)
    assert (f1.low, f1.high) == (pytest.approx(0.5), pytest.approx(2 / 3))
    assert figs["micro_f1"].value == f1.value and figs["macro_f1"].value == f1.value


def test_one_article_has_a_point_interval_and_identical_articles_too() -> None:
    figs = bootstrap(Counts(_rows((2, 1, 1, 6))), figures(["x"]))
    assert figs["x.precision"].value == figs["x.precision"].low == figs["x.precision"].high == pytest.approx(2 / 3)
    figs = bootstrap(Counts(_rows((2, 1, 1, 6), (2, 1, 1, 6), (2, 1, 1, 6))), figures(["x"]))
    assert (figs["x.recall"].low, figs["x.recall"].high) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_a_label_absent_from_a_resample_is_left_out_not_zero() -> None:
    """Label y exists only in article B (another codebook): resamples without B leave
    its F1 undefined, so its interval comes from the resamples that drew B."""
    rows = [
        {"n": 2, "exact": 2, "x:tp": 1, "x:tn": 1},
        {"n": 2, "exact": 2, "y:tp": 1, "y:tn": 1},
    ]
    figs = bootstrap(Counts(rows), figures(["x", "y"]))
    assert (figs["y.f1"].value, figs["y.f1"].low, figs["y.f1"].high) == (1.0, 1.0, 1.0)
    assert (figs["macro_f1"].low, figs["macro_f1"].high) == (1.0, 1.0)


def test_seeded_and_reproducible() -> None:
    rng = np.random.default_rng(1)
    rows = _rows(*(tuple(int(v) for v in rng.integers(0, 5, 4)) for _ in range(20)))
    a = bootstrap(Counts(rows), figures(["x"]), seed=7)
    b = bootstrap(Counts(rows), figures(["x"]), seed=7)
    c = bootstrap(Counts(rows), figures(["x"]), seed=8)
    assert a == b and a != c


def test_paired_by_hand() -> None:
    rows = _rows((1, 1, 0, 2), (1, 1, 1, 1))
    same = paired(Counts(rows), Counts(rows), figures(["x"]))
    assert (same["micro_f1"].diff, same["micro_f1"].low, same["micro_f1"].high) == (0.0, 0.0, 0.0)
    assert same["micro_f1"].verdict == "indistinguishable"
    # B gets every sentence right in both articles: better in every resample
    perfect = _rows((1, 0, 0, 3), (2, 0, 0, 2))
    d = paired(Counts(rows), Counts(perfect), figures(["x"]))["exact_match"]
    # A alone on article 1: 3/4, B 4/4 → +1/4; article 2: 2/4 vs 4/4 → +1/2
    assert d.diff == pytest.approx(1 - 5 / 8)
    assert (d.low, d.high) == (pytest.approx(0.25), pytest.approx(0.5))
    assert d.verdict == "B better"
    assert paired(Counts(perfect), Counts(rows), figures(["x"]))["exact_match"].verdict == "B worse"
    # better on one article, worse on the other: the interval spans zero
    mixed = _rows((1, 0, 0, 3), (0, 2, 1, 1))
    assert paired(Counts(rows), Counts(mixed), figures(["x"]))["exact_match"].verdict == "indistinguishable"


def test_kappa_and_alpha_by_hand() -> None:
    # coder A: 1 1 0 0, coder B: 1 0 0 0 → tp 1, fn 1, fp 0, tn 2
    assert float(alpha(1, 0, 1, 2)) == pytest.approx(1 - 7 * 1 / (5 * 3))
    assert float(kappa(1, 0, 1, 2)) == pytest.approx(0.5)
    # all values identical: 0/0, taken as perfect agreement; nothing coded: undefined
    assert float(alpha(0, 0, 0, 5)) == 1.0 and float(kappa(0, 0, 0, 5)) == 1.0
    assert np.isnan(alpha(0, 0, 0, 0)) and np.isnan(kappa(0, 0, 0, 0))


# --- against independent implementations on random data -----------------------------


def _random_articles(seed: int, n_articles: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per article, gold and predicted 0/1 matrices (sentences × 3 labels)."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_articles):
        k = int(rng.integers(1, 15))
        g = (rng.random((k, 3)) < 0.3).astype(int)
        flip = rng.random((k, 3)) < 0.25
        out.append((g, np.where(flip, 1 - g, g)))
    return out


def _count_rows(articles: list[tuple[np.ndarray, np.ndarray]]) -> list[dict[str, int]]:
    rows = []
    for g, p in articles:
        row = {"n": len(g), "exact": int((g == p).all(axis=1).sum())}
        for j in range(3):
            row[f"l{j}:tp"] = int(((g[:, j] == 1) & (p[:, j] == 1)).sum())
            row[f"l{j}:fp"] = int(((g[:, j] == 0) & (p[:, j] == 1)).sum())
            row[f"l{j}:fn"] = int(((g[:, j] == 1) & (p[:, j] == 0)).sum())
            row[f"l{j}:tn"] = int(((g[:, j] == 0) & (p[:, j] == 0)).sum())
        rows.append(row)
    return rows


def _sentences(articles: list[tuple[np.ndarray, np.ndarray]], draw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([articles[i][0] for i in draw]), np.concatenate([articles[i][1] for i in draw])


@pytest.mark.parametrize("seed", [0, 1])
def test_intervals_equal_a_per_resample_recomputation_with_sklearn(seed: int) -> None:
    """Same draws, figures recomputed from the resampled sentences themselves by
    scikit-learn: the summed-counts shortcut gives the same intervals."""
    articles = _random_articles(seed, 25)
    resamples = 300
    figs = bootstrap(Counts(_count_rows(articles)), figures(["l0", "l1", "l2"]), resamples=resamples, seed=seed)
    micro, macro, k0 = [], [], []
    for draw in resample_indices(len(articles), resamples, seed):
        g, p = _sentences(articles, draw)
        micro.append(f1_score(g, p, average="micro", zero_division=0))
        macro.append(f1_score(g, p, average="macro", zero_division=0))
        k0.append(cohen_kappa_score(g[:, 0], p[:, 0]) if len(set(g[:, 0]) | set(p[:, 0])) > 1 else 1.0)
    for key, values in (("micro_f1", micro), ("macro_f1", macro), ("l0.kappa", k0)):
        low, high = np.percentile(values, [2.5, 97.5])
        assert (figs[key].low, figs[key].high) == (pytest.approx(low), pytest.approx(high)), key
    g, p = _sentences(articles, np.arange(len(articles)))
    assert figs["micro_f1"].value == pytest.approx(f1_score(g, p, average="micro"))


def test_weights_count_the_draws() -> None:
    idx = resample_indices(6, 50, 3)
    w = _weights(6, 50, 3)
    assert np.array_equal(w, np.stack([np.bincount(row, minlength=6) for row in idx]))


@pytest.mark.parametrize("seed", [3, 4])
def test_intervals_agree_with_scipy_bootstrap(seed: int) -> None:
    """scipy's own percentile bootstrap over articles (different draws): the
    intervals agree within resampling noise."""
    articles = _random_articles(seed, 40)
    figs = bootstrap(Counts(_count_rows(articles)), figures(["l0", "l1", "l2"]), resamples=4000, seed=seed)

    def micro(idx: np.ndarray) -> float:
        g, p = _sentences(articles, idx.astype(int))
        tp = int((g & p).sum())
        return 2 * tp / (g.sum() + p.sum()) if g.sum() + p.sum() else 0.0

    ref = stats.bootstrap(
        (np.arange(len(articles)),), micro, vectorized=False, n_resamples=4000, method="percentile",
        random_state=np.random.default_rng(seed + 100),
    ).confidence_interval
    assert figs["micro_f1"].low == pytest.approx(ref.low, abs=0.02)
    assert figs["micro_f1"].high == pytest.approx(ref.high, abs=0.02)


@pytest.mark.parametrize("seed", [5, 6])
def test_paired_intervals_equal_a_per_resample_recomputation(seed: int) -> None:
    a = _random_articles(seed, 20)
    rng = np.random.default_rng(seed)
    b = [(g, np.where(rng.random(p.shape) < 0.1, 1 - p, p)) for g, p in a]
    resamples = 300
    d = paired(Counts(_count_rows(a)), Counts(_count_rows(b)), figures(["l0", "l1", "l2"]), resamples=resamples, seed=seed)
    diffs = []
    for draw in resample_indices(len(a), resamples, seed):
        ga, pa = _sentences(a, draw)
        _, pb = _sentences(b, draw)
        diffs.append(f1_score(ga, pb, average="micro", zero_division=0) - f1_score(ga, pa, average="micro", zero_division=0))
    low, high = np.percentile(diffs, [2.5, 97.5])
    assert (d["micro_f1"].low, d["micro_f1"].high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("seed", range(5))
def test_alpha_agrees_with_the_krippendorff_package(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 200))
    a = (rng.random(n) < rng.random()).astype(int)
    b = np.where(rng.random(n) < 0.2, 1 - a, a)
    if len(set(a) | set(b)) < 2:
        b[0] = 1 - a[0]
    tp, fp = int(((a == 1) & (b == 1)).sum()), int(((a == 0) & (b == 1)).sum())
    fn, tn = int(((a == 1) & (b == 0)).sum()), int(((a == 0) & (b == 0)).sum())
    ref = krippendorff.alpha(reliability_data=np.stack([a, b]), level_of_measurement="nominal")
    assert float(alpha(tp, fp, fn, tn)) == pytest.approx(ref)
    assert float(kappa(tp, fp, fn, tn)) == pytest.approx(cohen_kappa_score(a, b))
