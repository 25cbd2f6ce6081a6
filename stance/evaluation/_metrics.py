"""Evaluation metrics: sentence alignment, boundary, label and speaker scores.

Pure functions over plain data: spans are ``(start, end)`` pairs or objects with
``start``/``end`` attributes (``Sentence``, ``Record``); gold sentences are the
dicts of ``fixtures/labels/*.json``; predictions may be dicts or model objects.

Zero divisions follow scikit-learn's ``zero_division=0``: a precision with no
predicted positives, a recall with no true positives, and an F1 with neither are
0.0, so an absent label can never look good. See :func:`label_scores` for kappa.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class _HasSpan(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Span = tuple[int, int] | Mapping[str, Any] | _HasSpan
Pair = tuple[int | None, int | None]


@dataclass(frozen=True)
class PRF:
    """Counts and precision/recall/F1 for one positive class."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class BoundaryScores:
    boundary: PRF  # over the set of sentence end offsets
    exact: PRF  # over the set of (start, end) spans


@dataclass(frozen=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int
    tn: int
    support: int  # gold positives, as scikit-learn reports it
    precision: float
    recall: float
    f1: float
    kappa: float


@dataclass(frozen=True)
class LabelScores:
    n: int
    per_label: dict[str, LabelScore]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    exact_match: float  # share of sentences whose whole label set is right


@dataclass(frozen=True)
class SpeakerScores:
    n: int
    correct: int
    accuracy: float
    journalist: PRF  # positive class: the journalist's own voice (speaker None)


@dataclass(frozen=True)
class Disagreement:
    gold_index: int | None
    pred_index: int | None
    text: str
    kinds: tuple[str, ...]  # among: unmatched_gold, unmatched_pred, labels, speaker, target
    gold_labels: tuple[str, ...]
    pred_labels: tuple[str, ...]
    gold_speaker: str | None
    pred_speaker: str | None
    gold_targets: dict[str, str]  # the codebook's target fields that are set
    pred_targets: dict[str, str]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1 from counts; every 0/0 is 0.0."""
    # 2tp/(2tp+fp+fn) equals the harmonic mean whenever both are defined and is 0.0
    # exactly where scikit-learn's zero_division=0 gives 0.0.
    return PRF(
        tp, fp, fn, _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)
    )


def _span(s: Span) -> tuple[int, int]:
    if isinstance(s, tuple):
        start, end = s
    elif isinstance(s, Mapping):
        start, end = s["start"], s["end"]
    else:
        start, end = s.start, s.end
    if not 0 <= start <= end:
        raise ValueError(f"invalid span ({start}, {end})")
    return int(start), int(end)


def align(gold: Sequence[Span], pred: Sequence[Span]) -> list[Pair]:
    """Match predicted sentences to gold sentences by character offsets.

    Exact span matches first. Then, greedily by overlap size (largest first, ties to
    the earlier gold, then the earlier prediction), each remaining gold sentence takes
    the unmatched prediction it overlaps most, provided the overlap is at least half
    the gold sentence's length. So a prediction that merges two gold sentences matches
    the one it overlaps most (the earlier on a tie) and the other gold sentence is
    unmatched; a gold sentence split in two matches its larger part if that part covers
    at least half of it, and every other part is an unmatched prediction.

    Returns ``(gold_index, pred_index)`` pairs, ``None`` on the unmatched side, in
    text order (by the gold start, or the prediction's start when unmatched).
    """
    g = [_span(s) for s in gold]
    p = [_span(s) for s in pred]
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, s in enumerate(p):
        by_span.setdefault(s, []).append(j)
    match: dict[int, int] = {}
    used: set[int] = set()
    for i, s in enumerate(g):
        free = [j for j in by_span.get(s, []) if j not in used]
        if free:
            match[i] = free[0]
            used.add(free[0])
    candidates: list[tuple[int, int, int]] = []
    for i, (gs, ge) in enumerate(g):
        if i in match:
            continue
        for j, (ps, pe) in enumerate(p):
            if j in used:
                continue
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0 and 2 * overlap >= ge - gs:
                candidates.append((-overlap, i, j))
    for _, i, j in sorted(candidates):
        if i not in match and j not in used:
            match[i] = j
            used.add(j)
    # sort key: (start, gold before unmatched prediction, index on that side)
    keyed: list[tuple[tuple[int, int, int], Pair]] = [
        ((g[i][0], 0, i), (i, match.get(i))) for i in range(len(g))
    ]
    keyed += [((p[j][0], 1, j), (None, j)) for j in range(len(p)) if j not in used]
    return [pair for _, pair in sorted(keyed)]


def boundary_scores(gold_spans: Sequence[Span], pred_spans: Sequence[Span]) -> BoundaryScores:
    """Sentence-boundary P/R/F1 over the set of end offsets, plus exact-span P/R/F1.

    End offsets alone determine a segmentation of stripped, gap-free sentences (each
    start is the first non-space after the previous end), so a boundary is its end
    offset. The text's final end is counted like any other; with both sides covering
    the whole text it is always a true positive. A wrong start with a right end (say,
    a leading space kept) shows only in the exact-span scores.
    """
    g_spans = {_span(s) for s in gold_spans}
    p_spans = {_span(s) for s in pred_spans}
    g_ends = {e for _, e in g_spans}
    p_ends = {e for _, e in p_spans}
    return BoundaryScores(
        boundary=prf(len(g_ends & p_ends), len(p_ends - g_ends), len(g_ends - p_ends)),
        exact=prf(len(g_spans & p_spans), len(p_spans - g_spans), len(g_spans - p_spans)),
    )


def _kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    n = tp + fp + fn + tn
    chance = (tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)  # p_e * n^2, exact
    if chance == n * n:
        # Both raters gave the same constant answer: kappa is 0/0 (scikit-learn returns
        # nan). They agree on every sentence, so 1.0; nan would poison averages and JSON.
        return 1.0
    p_o = (tp + tn) / n
    p_e = chance / (n * n)
    return (p_o - p_e) / (1.0 - p_e)


def label_scores(
    gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]], labels: Sequence[str]
) -> LabelScores:
    """Multi-label scores over paired sentences (``gold[k]`` and ``pred[k]`` are label sets).

    Per label: counts, precision/recall/F1 (zero divisions give 0.0) and Cohen's kappa
    between gold and prediction; kappa is 1.0 when both give the same constant answer
    on every sentence (see :func:`_kappa`), and comes out as 0.0 by the formula when
    they are constant and opposite. Micro F1 pools the counts of all labels; macro F1
    is the plain mean of per-label F1, including labels with no gold and no predicted
    positive (F1 0.0), as scikit-learn's ``average='macro'`` does. A label outside
    ``labels`` is an error, not silently ignored.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold label sets but {len(pred)} predicted")
    if not gold:
        raise ValueError("no sentences to score")
    if not labels or len(set(labels)) != len(labels):
        raise ValueError("labels must be a non-empty list of distinct names")
    known = set(labels)
    g_sets = [set(s) for s in gold]
    p_sets = [set(s) for s in pred]
    for side, sets in (("gold", g_sets), ("predicted", p_sets)):
        unknown = set().union(*sets) - known
        if unknown:
            raise ValueError(f"{side} labels not in the label list: {sorted(unknown)}")
    n = len(g_sets)
    per: dict[str, LabelScore] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(g_sets, p_sets, strict=True) if lab in g and lab in p)
        fp = sum(1 for g, p in zip(g_sets, p_sets, strict=True) if lab not in g and lab in p)
        fn = sum(1 for g, p in zip(g_sets, p_sets, strict=True) if lab in g and lab not in p)
        tn = n - tp - fp - fn
        s = prf(tp, fp, fn)
        per[lab] = LabelScore(
            lab, tp, fp, fn, tn, tp + fn, s.precision, s.recall, s.f1, _kappa(tp, fp, fn, tn)
        )
    micro = prf(*(sum(getattr(x, k) for x in per.values()) for k in ("tp", "fp", "fn")))
    return LabelScores(
        n=n,
        per_label=per,
        micro_precision=micro.precision,
        micro_recall=micro.recall,
        micro_f1=micro.f1,
        macro_f1=sum(x.f1 for x in per.values()) / len(per),
        exact_match=sum(1 for g, p in zip(g_sets, p_sets, strict=True) if g == p) / n,
    )


_PAREN = re.compile(r"\([^()]*\)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalize_name(s: str) -> str:
    """Fold a speaker name for comparison: no accents, casefolded, no leading "the ",
    no parentheticals, single spaces; curly apostrophes become straight ones."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().translate(_APOSTROPHES)
    s = _PAREN.sub(" ", s)
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


def _speaker_name(x: Any) -> str | None:
    """The name of a speaker given as None, a string, a dict or a ``Speaker``."""
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, Mapping):
        return x.get("name")
    return getattr(x, "name", None)


def same_speaker(pred_name: Any, gold_speaker: Mapping[str, Any] | None) -> bool:
    """True when the prediction names the gold speaker (or one of its aliases), or when
    both are the journalist's voice (None)."""
    name = _speaker_name(pred_name)
    if gold_speaker is None or name is None:
        return gold_speaker is None and name is None
    accepted = {normalize_name(gold_speaker["name"])}
    accepted |= {normalize_name(a) for a in gold_speaker.get("aliases") or ()}
    return normalize_name(name) in accepted


def speaker_scores(
    gold_speakers: Sequence[Mapping[str, Any] | None], pred_speakers: Sequence[Any]
) -> SpeakerScores:
    """Speaker accuracy over paired sentences, and journalist-voice P/R/F1
    (positive class: speaker None)."""
    if len(gold_speakers) != len(pred_speakers):
        raise ValueError(f"{len(gold_speakers)} gold speakers but {len(pred_speakers)} predicted")
    if not gold_speakers:
        raise ValueError("no sentences to score")
    correct = sum(
        1 for g, p in zip(gold_speakers, pred_speakers, strict=True) if same_speaker(p, g)
    )
    g_none = [g is None for g in gold_speakers]
    p_none = [_speaker_name(p) is None for p in pred_speakers]
    tp = sum(1 for g, p in zip(g_none, p_none, strict=True) if g and p)
    fp = sum(1 for g, p in zip(g_none, p_none, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(g_none, p_none, strict=True) if g and not p)
    n = len(gold_speakers)
    return SpeakerScores(n, correct, correct / n, prf(tp, fp, fn))


def _field(x: Any, key: str, default: Any = None) -> Any:
    if isinstance(x, Mapping):
        return x.get(key, default)
    return getattr(x, key, default)


def _targets(x: Any) -> dict[str, str]:
    """The non-null string targets of a sentence (gold dict or ``Record``)."""
    t = _field(x, "targets") or {}
    return {k: v for k, v in t.items() if isinstance(v, str)}


def disagreements(
    gold: Sequence[Any],
    pred: Sequence[Any],
    alignment: Sequence[Pair] | None = None,
    target_fields: Mapping[str, str] | None = None,
) -> list[Disagreement]:
    """Sentences where gold and prediction differ, in text order.

    ``gold`` and ``pred`` are sentences with ``start``, ``end``, ``text``, ``labels``,
    ``speaker`` and optionally ``targets`` (dicts or objects such as ``Record``). Pairs
    come from :func:`align` unless given. A pair differs in ``labels`` (label sets),
    ``speaker`` (:func:`same_speaker`) or ``target`` (for a field of ``target_fields``,
    the codebook's ``{target field: label}``, both carry the label but name different
    targets after :func:`normalize_name`); unmatched sentences are always listed.
    """
    fields = dict(target_fields or {})
    pairs = align(gold, pred) if alignment is None else alignment
    out: list[Disagreement] = []
    for gi, pj in pairs:
        g = gold[gi] if gi is not None else None
        p = pred[pj] if pj is not None else None
        g_labels = tuple(sorted(_field(g, "labels") or ())) if g is not None else ()
        p_labels = tuple(sorted(_field(p, "labels") or ())) if p is not None else ()
        g_speaker = _field(g, "speaker") if g is not None else None
        p_speaker = _field(p, "speaker") if p is not None else None
        g_targets = _targets(g) if g is not None else {}
        p_targets = _targets(p) if p is not None else {}
        kinds: list[str] = []
        if g is None:
            kinds.append("unmatched_pred")
        elif p is None:
            kinds.append("unmatched_gold")
        else:
            if set(g_labels) != set(p_labels):
                kinds.append("labels")
            if not same_speaker(p_speaker, g_speaker):
                kinds.append("speaker")
            if any(
                label in g_labels
                and label in p_labels
                and normalize_name(g_targets.get(f, "")) != normalize_name(p_targets.get(f, ""))
                for f, label in fields.items()
            ):
                kinds.append("target")
        if kinds:
            out.append(
                Disagreement(
                    gold_index=gi,
                    pred_index=pj,
                    text=_field(g if g is not None else p, "text", ""),
                    kinds=tuple(kinds),
                    gold_labels=g_labels,
                    pred_labels=p_labels,
                    gold_speaker=_speaker_name(g_speaker),
                    pred_speaker=_speaker_name(p_speaker),
                    gold_targets={f: g_targets[f] for f in fields if f in g_targets},
                    pred_targets={f: p_targets[f] for f in fields if f in p_targets},
                )
            )
    return out
