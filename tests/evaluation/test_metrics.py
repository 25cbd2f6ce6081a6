"""Metric and baseline tests: hand-computed cases, then agreement with scikit-learn."""

from __future__ import annotations

import math
import random
import warnings

import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    f1_score,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)

from stance.evaluation import (
    align,
    boundary_scores,
    disagreements,
    keyword,
    label_scores,
    majority,
    normalize_name,
    prf,
    same_speaker,
    speaker_scores,
)
from stance.types import Sentence

ROD = {
    "name": "Rosa Icela Rodríguez",
    "role": "Mexico’s secretary of security and citizen protection",
    "aliases": ["Rodríguez", "Secretary Rodríguez"],
}
GOV = {"name": "Mexican government", "role": None, "aliases": ["Mexico"]}
MAO = {"name": "Mao Ning", "role": "Chinese Foreign Ministry spokesperson", "aliases": ["Mao"]}
DEA = {
    "name": "US Drug Enforcement Administration",
    "role": None,
    "aliases": ["DEA", "Drug Enforcement Administration"],
}


# --- precision / recall / F1 ------------------------------------------------------


def test_prf_zero_divisions_are_zero() -> None:
    s = prf(0, 0, 0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    # no predictions: precision 0/0 -> 0.0, recall 0/3 = 0.0
    s = prf(0, 0, 3)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    # tp=2 fp=1 fn=3: P = 2/3, R = 2/5, F1 = 2*2/(2*2+1+3) = 4/8 = 0.5
    s = prf(2, 1, 3)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 5)
    assert s.f1 == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))


# --- label scores, by hand ----------------------------------------------------------


def test_empty_label_sets_on_both_sides() -> None:
    r = label_scores([set(), set()], [set(), set()], ["a", "b"])
    for lab in ("a", "b"):
        s = r.per_label[lab]
        # tp=fp=fn=0, tn=2: every ratio is 0/0 -> 0.0
        assert (s.tp, s.fp, s.fn, s.tn, s.support) == (0, 0, 0, 2, 0)
        assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
        # both raters constant and identical: p_e = 1, kappa defined as 1.0
        assert s.kappa == 1.0
    assert (r.micro_precision, r.micro_recall, r.micro_f1, r.macro_f1) == (0.0, 0.0, 0.0, 0.0)
    assert r.exact_match == 1.0
    assert r.n == 2


def test_mixed_case_with_a_label_without_support() -> None:
    gold = [{"a"}, {"a", "b"}, set(), {"b"}]
    pred = [{"a"}, {"b"}, {"c"}, {"a", "b"}]
    r = label_scores(gold, pred, ["a", "b", "c"])
    a, b, c = r.per_label["a"], r.per_label["b"], r.per_label["c"]
    # a: s0 tp, s1 fn, s2 tn, s3 fp -> tp=1 fp=1 fn=1 tn=1
    #    P = 1/2, R = 1/2, F1 = 2/(2+1+1) = 0.5
    #    p_o = (1+1)/4 = 0.5; p_e = ((1+1)(1+1) + (1+1)(1+1))/16 = 0.5; kappa = 0/0.5 = 0
    assert (a.tp, a.fp, a.fn, a.tn, a.support) == (1, 1, 1, 1, 2)
    assert (a.precision, a.recall, a.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert a.kappa == pytest.approx(0.0)
    # b: s1 tp, s3 tp, s0 and s2 tn -> tp=2 tn=2; P = R = F1 = 1
    #    p_o = 1; p_e = (2*2 + 2*2)/16 = 0.5; kappa = 0.5/0.5 = 1
    assert (b.tp, b.fp, b.fn, b.tn, b.support) == (2, 0, 0, 2, 2)
    assert (b.precision, b.recall, b.f1, b.kappa) == pytest.approx((1.0, 1.0, 1.0, 1.0))
    # c: no gold support, one false positive (s2) -> tp=0 fp=1 fn=0 tn=3
    #    P = 0/1 = 0, R = 0/0 -> 0, F1 = 0/(0+1+0) = 0
    #    p_o = 3/4; p_e = ((0+1)(0+0) + (3+0)(3+1))/16 = 12/16; kappa = 0/(1/4) = 0
    assert (c.tp, c.fp, c.fn, c.tn, c.support) == (0, 1, 0, 3, 0)
    assert (c.precision, c.recall, c.f1, c.kappa) == pytest.approx((0.0, 0.0, 0.0, 0.0))
    # micro: tp = 1+2+0 = 3, fp = 1+0+1 = 2, fn = 1+0+0 = 1
    #    P = 3/5, R = 3/4, F1 = 6/(6+2+1) = 2/3
    assert r.micro_precision == pytest.approx(0.6)
    assert r.micro_recall == pytest.approx(0.75)
    assert r.micro_f1 == pytest.approx(2 / 3)
    # macro: (0.5 + 1 + 0)/3 = 0.5; exact match: only s0 -> 1/4
    assert r.macro_f1 == pytest.approx(0.5)
    assert r.exact_match == pytest.approx(0.25)


def test_all_correct() -> None:
    gold = [{"a"}, {"b"}, {"a", "b"}, set()]
    r = label_scores(gold, [set(s) for s in gold], ["a", "b"])
    # each label: tp=2 tn=2; p_e = (2*2+2*2)/16 = 0.5, p_o = 1 -> kappa 1
    for s in r.per_label.values():
        assert (s.tp, s.fp, s.fn, s.tn) == (2, 0, 0, 2)
        assert (s.precision, s.recall, s.f1, s.kappa) == (1.0, 1.0, 1.0, 1.0)
    assert (r.micro_f1, r.macro_f1, r.exact_match) == (1.0, 1.0, 1.0)


def test_all_wrong() -> None:
    gold = [{"a"}, {"b"}, {"a", "b"}, set()]
    pred = [{"b"}, {"a"}, set(), {"a", "b"}]
    r = label_scores(gold, pred, ["a", "b"])
    # each label: tp=0 fp=2 fn=2 tn=0; P = R = F1 = 0
    # p_o = 0; p_e = ((0+2)(0+2) + (0+2)(0+2))/16 = 0.5; kappa = (0-0.5)/0.5 = -1
    for s in r.per_label.values():
        assert (s.tp, s.fp, s.fn, s.tn) == (0, 2, 2, 0)
        assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
        assert s.kappa == pytest.approx(-1.0)
    assert (r.micro_f1, r.macro_f1, r.exact_match) == (0.0, 0.0, 0.0)


def _sets(flags: list[int], label: str = "x") -> list[set[str]]:
    return [{label} if f else set() for f in flags]


def test_kappa_by_hand() -> None:
    # tp=4, fp=1, fn=2, tn=3 over 10 sentences
    gold = _sets([1, 1, 1, 1, 0, 1, 1, 0, 0, 0])
    pred = _sets([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    s = label_scores(gold, pred, ["x"]).per_label["x"]
    assert (s.tp, s.fp, s.fn, s.tn) == (4, 1, 2, 3)
    # p_o = (4+3)/10 = 0.7
    # p_e = ((tp+fp)(tp+fn) + (tn+fn)(tn+fp))/n^2 = (5*6 + 5*4)/100 = 0.5
    # kappa = (0.7-0.5)/(1-0.5) = 0.4
    assert s.kappa == pytest.approx(0.4)


def test_kappa_constant_raters() -> None:
    # same constant positive answer: p_e = 1 -> defined as 1.0
    s = label_scores(_sets([1, 1, 1]), _sets([1, 1, 1]), ["x"]).per_label["x"]
    assert s.kappa == 1.0
    # constant and opposite: p_o = 0, p_e = (0*3 + 3*0)/9 = 0 -> kappa = 0/1 = 0
    s = label_scores(_sets([1, 1, 1]), _sets([0, 0, 0]), ["x"]).per_label["x"]
    assert s.kappa == 0.0
    # one rater constant, the other not: p_o = 2/3, p_e = (0*1 + 3*2)/9 = 2/3 -> 0
    s = label_scores(_sets([0, 0, 0]), _sets([1, 0, 0]), ["x"]).per_label["x"]
    assert s.kappa == pytest.approx(0.0)


def test_label_scores_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="not in the label list"):
        label_scores([{"a"}], [{"typo"}], ["a"])
    with pytest.raises(ValueError, match="gold label sets"):
        label_scores([{"a"}], [], ["a"])
    with pytest.raises(ValueError, match="no sentences"):
        label_scores([], [], ["a"])
    with pytest.raises(ValueError, match="distinct"):
        label_scores([{"a"}], [{"a"}], ["a", "a"])


# --- boundaries and alignment ----------------------------------------------------


def test_boundary_scores_merged_sentence() -> None:
    # "Aa. Bb. Cc.": gold (0,3) (4,7) (8,11); the prediction merges the first two
    b = boundary_scores([(0, 3), (4, 7), (8, 11)], [(0, 7), (8, 11)])
    # ends: gold {3, 7, 11}, pred {7, 11} -> tp=2 fp=0 fn=1; P=1, R=2/3, F1=4/5
    assert (b.boundary.tp, b.boundary.fp, b.boundary.fn) == (2, 0, 1)
    assert b.boundary.precision == 1.0
    assert b.boundary.recall == pytest.approx(2 / 3)
    assert b.boundary.f1 == pytest.approx(0.8)
    # spans: only (8,11) shared -> tp=1 fp=1 fn=2; P=1/2, R=1/3, F1=2/(2+1+2)=0.4
    assert (b.exact.tp, b.exact.fp, b.exact.fn) == (1, 1, 2)
    assert b.exact.f1 == pytest.approx(0.4)


def test_boundary_scores_split_and_identical() -> None:
    # the prediction splits "Mr. Smith arrived." after "Mr."
    b = boundary_scores([(0, 18), (19, 28)], [(0, 3), (4, 18), (19, 28)])
    # ends: gold {18, 28}, pred {3, 18, 28} -> tp=2 fp=1 fn=0; P=2/3, R=1, F1=4/5
    assert (b.boundary.precision, b.boundary.recall) == pytest.approx((2 / 3, 1.0))
    assert b.boundary.f1 == pytest.approx(0.8)
    same = boundary_scores([(0, 18), (19, 28)], [(0, 18), (19, 28)])
    assert same.boundary.f1 == 1.0 and same.exact.f1 == 1.0


def test_align_merged_sentence() -> None:
    gold = [(0, 3), (4, 7), (8, 11)]
    pred = [(0, 7), (8, 11)]
    # (8,11) matches exactly; (0,7) covers all of gold 0 and gold 1 (3 chars each,
    # >= 50%), and the tie goes to the earlier gold sentence
    assert align(gold, pred) == [(0, 0), (1, None), (2, 1)]


def test_align_split_sentence() -> None:
    text = "Mr. Smith arrived. He spoke."
    gold = [
        Sentence(index=0, start=0, end=18, text=text[0:18]),
        Sentence(index=1, start=19, end=28, text=text[19:28]),
    ]
    pred = [{"start": 0, "end": 3}, {"start": 4, "end": 18}, {"start": 19, "end": 28}]
    # gold 0 (18 chars) overlaps pred 0 by 3 and pred 1 by 14 >= 9: it takes pred 1;
    # pred 0 is unmatched and listed at its position in the text
    assert align(gold, pred) == [(0, 1), (None, 0), (1, 2)]


def test_align_even_split_below_half_is_unmatched() -> None:
    # gold (0,7) "Aa. Bb." split into (0,3) and (4,7): best overlap 3 < 7/2
    assert align([(0, 7)], [(0, 3), (4, 7)]) == [(0, None), (None, 0), (None, 1)]


def test_align_prefers_exact_then_largest_overlap() -> None:
    # pred 0 is exact for gold 1; gold 0 (0,10) overlaps pred 1 (2,10) by 8 and
    # pred 2 (0,6) by 6: it takes pred 1
    assert align([(0, 10), (11, 20)], [(11, 20), (2, 10), (0, 6)]) == [(0, 1), (None, 2), (1, 0)]
    assert align([], []) == []
    assert align([(0, 5)], []) == [(0, None)]
    with pytest.raises(ValueError):
        align([(5, 2)], [])


# --- speakers ----------------------------------------------------------------------


def test_normalize_name() -> None:
    assert (
        normalize_name("  The  US Drug Enforcement\nAdministration (DEA) ")
        == "us drug enforcement administration"
    )
    assert normalize_name("Alicia Bárcena") == normalize_name("ALICIA BARCENA") == "alicia barcena"
    assert normalize_name("Mexico’s secretary") == normalize_name("Mexico's Secretary")
    # only a leading article word is dropped, not a prefix of a word
    assert normalize_name("Theodore Roosevelt") == "theodore roosevelt"


def test_same_speaker() -> None:
    assert same_speaker(None, None)
    assert not same_speaker("Mao Ning", None)
    assert not same_speaker(None, MAO)
    assert same_speaker("Rosa Icela Rodriguez", ROD)
    assert same_speaker("secretary rodríguez", ROD)
    assert same_speaker("The Drug Enforcement Administration (DEA)", DEA)
    assert same_speaker("Mexico", GOV)
    assert not same_speaker("Alicia Bárcena", ROD)
    assert not same_speaker("Mexican", GOV)


def test_speaker_scores_by_hand() -> None:
    gold = [None, ROD, ROD, None, GOV, MAO]
    pred = [
        None,
        "Rosa Icela Rodriguez",
        "The Secretary  Rodríguez",
        "Mao Ning",
        None,
        {"name": "Mao (Chinese FM)"},
    ]
    s = speaker_scores(gold, pred)
    # right: s0 (None/None), s1 (accents), s2 (alias), s5 (alias after dropping the
    # parenthetical); wrong: s3 (journalist given to Mao), s4 (government missed)
    assert (s.correct, s.n) == (4, 6)
    assert s.accuracy == pytest.approx(4 / 6)
    # journalist voice: gold None at 0, 3; predicted None at 0, 4 -> tp=1 fp=1 fn=1
    assert (s.journalist.tp, s.journalist.fp, s.journalist.fn) == (1, 1, 1)
    assert s.journalist.f1 == pytest.approx(0.5)
    with pytest.raises(ValueError):
        speaker_scores([None], [])


def test_disagreements_lists_each_kind() -> None:
    gold = [
        {"start": 0, "end": 3, "text": "Aa.", "speaker": None, "labels": [], "targets": {"blame_target": None}},
        {
            "start": 4,
            "end": 7,
            "text": "Bb.",
            "speaker": MAO,
            "labels": ["attributes_blame"],
            "targets": {"blame_target": "US"},
        },
        {
            "start": 8,
            "end": 11,
            "text": "Cc.",
            "speaker": MAO,
            "labels": ["offers_cooperation"],
            "targets": {"blame_target": None},
        },
        {
            "start": 12,
            "end": 15,
            "text": "Dd.",
            "speaker": None,
            "labels": [],
            "targets": {"blame_target": None},
        },
    ]
    pred = [
        {"start": 0, "end": 3, "text": "Aa.", "speaker": None, "labels": []},
        {
            "start": 4,
            "end": 7,
            "text": "Bb.",
            "speaker": {"name": "Mao"},
            "labels": ["attributes_blame"],
            "targets": {"blame_target": "China"},
        },
        {"start": 8, "end": 15, "text": "Cc. Dd.", "speaker": "Mao Ning", "labels": []},
    ]
    fields = {"blame_target": "attributes_blame"}
    d = disagreements(gold, pred, target_fields=fields)
    assert [(x.gold_index, x.pred_index, x.kinds) for x in d] == [
        (1, 1, ("target",)),
        (2, 2, ("labels",)),
        (3, None, ("unmatched_gold",)),
    ]
    assert (d[0].gold_targets, d[0].pred_targets) == ({"blame_target": "US"}, {"blame_target": "China"})
    # without the codebook's target fields no target is compared
    assert [x.gold_index for x in disagreements(gold, pred)] == [2, 3]
    assert (d[1].gold_labels, d[1].pred_labels, d[1].text) == (("offers_cooperation",), (), "Cc.")
    assert d[1].pred_speaker == "Mao Ning" and d[1].gold_speaker == "Mao Ning"
    # an extra prediction, and a wrong speaker
    pred2 = [
        dict(pred[0], speaker="Mao Ning"),
        pred[1],
        {"start": 8, "end": 11, "text": "Cc.", "speaker": MAO, "labels": ["offers_cooperation"]},
        {"start": 12, "end": 15, "text": "Dd.", "speaker": None, "labels": []},
        {"start": 16, "end": 20, "text": "Ee.", "speaker": None, "labels": []},
    ]
    kinds = [x.kinds for x in disagreements(gold, pred2, target_fields=fields)]
    assert kinds == [("speaker",), ("target",), ("unmatched_pred",)]


def test_disagreements_compare_the_codebooks_own_target_fields() -> None:
    """A codebook whose target is ``culprit``: its targets are compared, and no name
    of the default codebook is needed."""
    gold = [{"start": 0, "end": 3, "text": "Aa.", "speaker": None, "labels": ["assigns_blame"],
             "targets": {"culprit": "the rich nations"}}]
    same = [dict(gold[0], targets={"culprit": "Rich Nations"})]
    other = [dict(gold[0], targets={"culprit": "the poor nations"})]
    fields = {"culprit": "assigns_blame"}
    assert disagreements(gold, same, target_fields=fields) == []
    (d,) = disagreements(gold, other, target_fields=fields)
    assert d.kinds == ("target",)
    assert (d.gold_targets, d.pred_targets) == ({"culprit": "the rich nations"}, {"culprit": "the poor nations"})


# --- agreement with scikit-learn on random multi-label data -------------------------


def _random_data(seed: int, n: int, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    # per-label densities from 0 (no support at all) to dense, so zero divisions occur
    dens_true = [rng.choice([0.0, 0.05, 0.3, 0.7, 1.0]) for _ in range(n_labels)]
    dens_pred = [rng.choice([0.0, 0.05, 0.3, 0.7, 1.0]) for _ in range(n_labels)]
    y_true = np.array([[int(rng.random() < d) for d in dens_true] for _ in range(n)])
    y_pred = y_true.copy()
    for i in range(n):  # predictions agree with gold often, but not always
        for k in range(n_labels):
            if rng.random() < 0.4:
                y_pred[i, k] = int(rng.random() < dens_pred[k])
    return y_true, y_pred


def _to_sets(y: np.ndarray, names: list[str]) -> list[set[str]]:
    return [{names[k] for k in range(len(names)) if row[k]} for row in y]


# scikit-learn reads a one-column indicator array as binary targets, so at least two labels
CASES = [
    (seed, n, k) for seed in range(6) for n, k in ((1, 3), (7, 2), (25, 3), (120, 5), (400, 8))
]


@pytest.mark.parametrize(("seed", "n", "n_labels"), CASES)
def test_label_scores_agree_with_sklearn(seed: int, n: int, n_labels: int) -> None:
    y_true, y_pred = _random_data(seed, n, n_labels)
    names = [f"l{k}" for k in range(n_labels)]
    r = label_scores(_to_sets(y_true, names), _to_sets(y_pred, names), names)

    p, rc, f, sup = precision_recall_fscore_support(
        y_true, y_pred, average=None, labels=list(range(n_labels)), zero_division=0
    )
    for k, name in enumerate(names):
        s = r.per_label[name]
        assert (s.precision, s.recall, s.f1) == pytest.approx((p[k], rc[k], f[k]))
        assert s.support == sup[k]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # undefined kappa warns, then returns nan
            kappa = cohen_kappa_score(y_true[:, k], y_pred[:, k], labels=[0, 1])
        if math.isnan(kappa):
            # undefined in scikit-learn only when both columns are the same constant
            assert len({*y_true[:, k], *y_pred[:, k]}) == 1
            assert s.kappa == 1.0
        else:
            assert s.kappa == pytest.approx(kappa)
    assert r.micro_f1 == pytest.approx(f1_score(y_true, y_pred, average="micro", zero_division=0))
    assert r.micro_precision == pytest.approx(
        precision_score(y_true, y_pred, average="micro", zero_division=0)
    )
    assert r.micro_recall == pytest.approx(
        recall_score(y_true, y_pred, average="micro", zero_division=0)
    )
    assert r.macro_f1 == pytest.approx(f1_score(y_true, y_pred, average="macro", zero_division=0))
    assert r.exact_match == pytest.approx(accuracy_score(y_true, y_pred))


@pytest.mark.parametrize("seed", range(5))
def test_journalist_voice_agrees_with_sklearn(seed: int) -> None:
    rng = random.Random(seed)
    people = [None, ROD, MAO, GOV]
    gold = [rng.choice(people) for _ in range(60)]
    pred = [
        g["name"] if g and rng.random() < 0.8 else rng.choice([None, "Mao", "Mexico"]) for g in gold
    ]
    s = speaker_scores(gold, pred)
    y_true = [int(g is None) for g in gold]
    y_pred = [int(p is None) for p in pred]
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    assert (s.journalist.precision, s.journalist.recall, s.journalist.f1) == pytest.approx(
        (p, r, f)
    )


# --- baselines -------------------------------------------------------------------------


def test_majority_predicts_empty_sets() -> None:
    assert majority(["a", "b", "c"]) == [set(), set(), set()]
    assert majority([]) == []


def test_keyword_baseline() -> None:
    table = {
        "denies_production": ["not produce", "No Fentanyl"],
        "offers_cooperation": ["cooperat"],
        "quiet": [],
    }
    texts = ["Mexico does NOT produce fentanyl.", "No fentanyl here; we cooperate.", "Nothing."]
    assert keyword(texts, table) == [
        {"denies_production"},
        {"denies_production", "offers_cooperation"},
        set(),
    ]
    # the same table as (name, keywords) pairs
    assert keyword(texts, list(table.items())) == keyword(texts, table)
    # no keywords anywhere: no keyword baseline
    assert keyword(texts, {"a": [], "b": []}) is None
    with pytest.raises(TypeError):
        keyword(texts, {"a": "cooperation"})
