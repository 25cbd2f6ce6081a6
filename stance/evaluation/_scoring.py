"""Scoring an eval run against the gold: per-article counts, figures with bootstrap
intervals, slices and disagreements, as one JSON-ready dict.

Units are gold sentences: a gold sentence with no matching predicted sentence counts
as predicted with no labels and a wrong speaker. Each label is scored on the articles
of its own codebook only. Baselines see the gold sentence boundaries.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from . import _baselines as baselines
from . import _metrics as metrics
from ._bootstrap import LEVEL, RESAMPLES, SEED, Counts, Get, bootstrap, defined, kappa, ratio
from ._gold import speaker_kind
from ._harness import EvalRun

PREDICTORS = ("model", "majority", "keyword")
_UNALIGNED = "<no matching sentence>"


@dataclass(frozen=True)
class Target:
    key: str  # as reported
    field: str  # as the codebook names it
    label: str  # the key of the label that owns it


@dataclass
class Unit:
    """One gold sentence and what each predictor said about it."""

    gold: frozenset[str]
    pred: dict[str, frozenset[str]]
    gold_targets: Mapping[str, Any]
    pred_targets: Mapping[str, Any]
    gold_speaker: Mapping[str, Any] | None
    pred_speaker: Any
    kind: str


def label_keys(codebooks: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """``(codebook, label) -> key``: the label's name, or ``codebook:label`` when two
    codebooks of the run use the same name."""
    pairs = [(c, lab) for c, book in codebooks.items() for lab in book.label_names]
    names = [lab for _, lab in pairs]
    return {(c, lab): lab if names.count(lab) == 1 else f"{c}:{lab}" for c, lab in pairs}


def target_keys(codebooks: Mapping[str, Any], labels: Mapping[tuple[str, str], str]) -> dict[str, list[Target]]:
    fields = [(c, f, owner) for c, book in codebooks.items() for f, owner in book.target_fields.items()]
    names = [f for _, f, _ in fields]
    out: dict[str, list[Target]] = {c: [] for c in codebooks}
    for c, f, owner in fields:
        key = f if names.count(f) == 1 else f"{c}:{f}"
        out[c].append(Target(key, f, labels[(c, owner)]))
    return out


def label_counts(units: Sequence[Unit], labels: Sequence[str], predictor: str, targets: Sequence[Target] = ()) -> dict[str, int]:
    c: dict[str, int] = {"n": len(units), "exact": 0}
    for lab in labels:
        for part in ("tp", "fp", "fn", "tn"):
            c[f"{lab}:{part}"] = 0
    for t in targets:
        c[f"target:{t.key}:both"] = c[f"target:{t.key}:same"] = 0
    for u in units:
        p = u.pred[predictor]
        c["exact"] += u.gold == p
        for lab in labels:
            c[f"{lab}:" + ("tp" if lab in u.gold and lab in p else "fn" if lab in u.gold else "fp" if lab in p else "tn")] += 1
        for t in targets:
            if t.label in u.gold and t.label in p:
                c[f"target:{t.key}:both"] += 1
                same = metrics.normalize_name(str(u.gold_targets.get(t.field) or "")) == metrics.normalize_name(
                    str(u.pred_targets.get(t.field) or "")
                )
                c[f"target:{t.key}:same"] += same
    return c


def speaker_counts(units: Sequence[Unit]) -> dict[str, int]:
    c = {"speaker_correct": 0, "journalist_tp": 0, "journalist_fp": 0, "journalist_fn": 0}
    for u in units:
        c["speaker_correct"] += metrics.same_speaker(u.pred_speaker, u.gold_speaker)
        g, p = u.gold_speaker is None, u.pred_speaker is None
        c["journalist_tp"] += g and p
        c["journalist_fp"] += p and not g
        c["journalist_fn"] += g and not p
    return c


def figures(labels: Sequence[str], targets: Sequence[str] = (), speaker: bool = False, boundary: bool = False) -> Callable[[Get], dict[str, np.ndarray]]:
    """The figures computed from summed counts (see :mod:`._bootstrap`)."""

    def compute(get: Get) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        f1s = []
        tps = fps = fns = np.zeros(np.shape(get("n")))
        for lab in labels:
            tp, fp, fn, tn = (get(f"{lab}:{p}") for p in ("tp", "fp", "fn", "tn"))
            n = tp + fp + fn + tn
            out[f"{lab}.precision"] = defined(n, ratio(tp, tp + fp))
            out[f"{lab}.recall"] = defined(n, ratio(tp, tp + fn))
            out[f"{lab}.f1"] = defined(n, ratio(2 * tp, 2 * tp + fp + fn))
            out[f"{lab}.kappa"] = kappa(tp, fp, fn, tn)
            f1s.append(out[f"{lab}.f1"])
            tps, fps, fns = tps + tp, fps + fp, fns + fn
        n = get("n")
        if labels:
            out["micro_precision"] = defined(n, ratio(tps, tps + fps))
            out["micro_recall"] = defined(n, ratio(tps, tps + fns))
            out["micro_f1"] = defined(n, ratio(2 * tps, 2 * tps + fps + fns))
            stacked = np.stack(f1s)
            have = (~np.isnan(stacked)).sum(axis=0)
            out["macro_f1"] = defined(have, ratio(np.nansum(stacked, axis=0), have))
            out["exact_match"] = defined(n, ratio(get("exact"), n))
        for t in targets:
            both = get(f"target:{t}:both")
            out[f"target.{t}"] = defined(both, ratio(get(f"target:{t}:same"), both))
        if speaker:
            out["speaker_accuracy"] = defined(n, ratio(get("speaker_correct"), n))
            jt, jf, jn = (get(f"journalist_{p}") for p in ("tp", "fp", "fn"))
            out["journalist_precision"] = defined(n, ratio(jt, jt + jf))
            out["journalist_recall"] = defined(n, ratio(jt, jt + jn))
        if boundary:
            bt, bf, bn = (get(f"boundary_{p}") for p in ("tp", "fp", "fn"))
            seen = bt + bf + bn
            out["boundary_precision"] = defined(seen, ratio(bt, bt + bf))
            out["boundary_recall"] = defined(seen, ratio(bt, bt + bn))
            out["boundary_f1"] = defined(seen, ratio(2 * bt, 2 * bt + bf + bn))
        return out

    return compute


def run_bootstrap(rows: Sequence[Mapping[str, float]], compute: Callable[[Get], dict[str, np.ndarray]], resamples: int, seed: int) -> dict[str, Any]:
    figs = bootstrap(Counts(rows), compute, resamples=resamples, seed=seed)
    return {k: v.to_json() for k, v in figs.items()}


@dataclass
class _Article:
    id: str
    split: str | None
    lang: str | None
    codebook: str
    units: list[Unit]
    rows: dict[str, dict[str, int]]  # predictor -> counts


def score(run: EvalRun, *, resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """Score records against the gold: a JSON-ready report (see :mod:`._report`)."""
    keys = label_keys(run.codebooks)
    tkeys = target_keys(run.codebooks, keys)
    book_labels = {c: [keys[(c, lab)] for lab in b.label_names] for c, b in run.codebooks.items()}
    articles: list[_Article] = []
    disagreements: list[dict[str, Any]] = []
    failed = 0
    for g in run.gold:
        book = run.codebooks[g.codebook]
        recs = run.records[g.id]
        failed += sum(1 for r in recs if r.error)
        pairs = metrics.align(g.sentences, recs)
        matched = [(g.sentences[gi], recs[pj] if pj is not None else None) for gi, pj in pairs if gi is not None]
        texts = [gs["text"] for gs, _ in matched]
        kw = baselines.keyword(texts, {lab.name: lab.keywords for lab in book.labels})
        units = []
        for k, (gs, p) in enumerate(matched):
            pred = {
                "model": frozenset(keys[(g.codebook, x)] for x in (p.labels if p else ())),
                "majority": frozenset(),
                "keyword": frozenset(keys[(g.codebook, x)] for x in (kw[k] if kw else ())),
            }
            units.append(
                Unit(
                    gold=frozenset(keys[(g.codebook, x)] for x in gs["labels"]),
                    pred=pred,
                    gold_targets=gs.get("targets") or {},
                    pred_targets=p.targets if p else {},
                    gold_speaker=gs["speaker"],
                    pred_speaker=(p.speaker.name if p.speaker else None) if p else _UNALIGNED,
                    kind=speaker_kind(gs["speaker"]),
                )
            )
        seg = metrics.boundary_scores(g.sentences, recs)
        labels = book_labels[g.codebook]
        rows = {
            "model": {
                **label_counts(units, labels, "model", tkeys[g.codebook]),
                **speaker_counts(units),
                "boundary_tp": seg.boundary.tp,
                "boundary_fp": seg.boundary.fp,
                "boundary_fn": seg.boundary.fn,
            },
            "majority": label_counts(units, labels, "majority"),
            "keyword": label_counts(units, labels, "keyword"),
        }
        articles.append(_Article(g.id, g.split, g.lang, g.codebook, units, rows))
        for d in metrics.disagreements(g.sentences, recs, pairs, book.target_fields):
            disagreements.append({"article": g.id, **_lists(asdict(d))})

    def block(subset: Sequence[_Article], kind: str | None = None) -> dict[str, Any]:
        books = sorted({a.codebook for a in subset}, key=list(run.codebooks).index)
        labels = [lab for c in books for lab in book_labels[c]]
        targets = [t.key for c in books for t in tkeys[c]]
        out: dict[str, Any] = {"articles": len(subset)}
        for predictor in PREDICTORS:
            if kind is None:
                rows = [a.rows[predictor] for a in subset]
            else:
                rows = []
                for a in subset:
                    units = [u for u in a.units if u.kind == kind]
                    r = label_counts(units, book_labels[a.codebook], predictor, tkeys[a.codebook] if predictor == "model" else ())
                    rows.append({**r, **speaker_counts(units)} if predictor == "model" else r)
            is_model = predictor == "model"
            compute = figures(labels, targets if is_model else (), speaker=is_model, boundary=is_model and kind is None)
            out[predictor] = run_bootstrap(rows, compute, resamples, seed)
        out["sentences"] = int(sum(r["n"] for r in rows))
        return out

    slices: dict[str, dict[str, Any]] = {}
    for name in ("split", "lang", "codebook"):
        groups = _groups(articles, name)
        if len(groups) > 1 or name == "split":
            slices[name] = {str(k): block(v) for k, v in groups.items() if k is not None}
    kinds = sorted({u.kind for a in articles for u in a.units})
    slices["speaker_kind"] = {
        k: block([a for a in articles if any(u.kind == k for u in a.units)], kind=k) for k in kinds
    }
    support = {key: 0 for key in keys.values()}
    for a in articles:
        for u in a.units:
            for lab in u.gold:
                support[lab] += 1
    return {
        "config": run.config,
        "meta": run.meta,
        "evaluated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "bootstrap": {"unit": "article", "method": "percentile", "resamples": resamples, "seed": seed, "level": LEVEL},
        "labels": {
            key: {"codebook": c, "label": lab, "support": support[key]} for (c, lab), key in keys.items()
        },
        "targets": {t.key: {"codebook": c, "field": t.field, "label": t.label} for c, ts in tkeys.items() for t in ts},
        "overall": block(articles),
        "slices": slices,
        "articles": [
            {"id": a.id, "split": a.split, "lang": a.lang, "codebook": a.codebook, "counts": a.rows} for a in articles
        ],
        "disagreements": disagreements,
        "usage": run.usage,
        "failed": failed,
    }


def _lists(d: dict[str, Any]) -> dict[str, Any]:
    """Tuples as lists: the report reads the same in memory and from its JSON file."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def _groups(items: Iterable[_Article], attr: str) -> dict[Any, list[_Article]]:
    out: dict[Any, list[_Article]] = {}
    for a in items:
        out.setdefault(getattr(a, attr), []).append(a)
    return dict(sorted(out.items(), key=lambda kv: str(kv[0])))
