"""Scoring an eval run against the hand labels."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import Any

from . import _baselines as baselines
from . import _metrics as metrics
from ._harness import EvalRun


@dataclass
class Scores:
    config: str
    meta: dict[str, Any]
    evaluated: str
    articles: list[str]
    labels: dict[str, Any]
    baselines: dict[str, dict[str, Any]]
    speaker: dict[str, Any]
    segmentation: dict[str, Any]
    usage: dict[str, Any]
    failed: int
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_UNALIGNED = "<no matching sentence>"


def _label_block(ls: metrics.LabelScores) -> dict[str, Any]:
    return {
        "n": ls.n,
        "micro_precision": ls.micro_precision,
        "micro_recall": ls.micro_recall,
        "micro_f1": ls.micro_f1,
        "macro_f1": ls.macro_f1,
        "exact_match": ls.exact_match,
        "per_label": {k: asdict(v) for k, v in ls.per_label.items()},
    }


def score(run: EvalRun) -> Scores:
    """Score records against the hand labels. Units are gold sentences: a gold sentence
    with no matching predicted sentence counts as predicted with no labels and a wrong
    speaker."""
    labels = run.codebook.label_names
    gold_sets: list[set[str]] = []
    pred_sets: list[set[str]] = []
    gold_speakers: list[Any] = []
    pred_speakers: list[Any] = []
    gold_spans: list[tuple[int, int]] = []
    pred_spans: list[tuple[int, int]] = []
    texts: list[str] = []
    disagreements: list[dict[str, Any]] = []
    for g in run.gold:
        recs = run.records[g.id]
        pairs = metrics.align(g.sentences, recs)
        for gi, pj in pairs:
            if gi is None:
                continue
            gs = g.sentences[gi]
            p = recs[pj] if pj is not None else None
            gold_sets.append(set(gs["labels"]))
            pred_sets.append(set(p.labels) if p else set())
            gold_speakers.append(gs["speaker"])
            pred_speakers.append((p.speaker.name if p.speaker else None) if p else _UNALIGNED)
            texts.append(gs["text"])
        gold_spans += [(s["start"], s["end"]) for s in g.sentences]
        pred_spans += [(r.start, r.end) for r in recs]
        for d in metrics.disagreements(g.sentences, recs, pairs):
            disagreements.append({"article": g.id, **asdict(d)})
    label_scores = metrics.label_scores(gold_sets, pred_sets, labels)
    keyword_table = {lab.name: lab.keywords for lab in run.codebook.labels}
    base = {"none (majority)": _label_block(metrics.label_scores(gold_sets, baselines.majority(texts), labels))}
    kw = baselines.keyword(texts, keyword_table)
    if kw is not None:
        base["keyword"] = _label_block(metrics.label_scores(gold_sets, kw, labels))
    sp = metrics.speaker_scores(gold_speakers, pred_speakers)
    seg = metrics.boundary_scores(gold_spans, pred_spans)
    failed = sum(1 for recs in run.records.values() for r in recs if r.error)
    return Scores(
        config=run.config,
        meta=run.meta,
        evaluated=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        articles=[g.id for g in run.gold],
        labels=_label_block(label_scores),
        baselines=base,
        speaker={"n": sp.n, "correct": sp.correct, "accuracy": sp.accuracy, "journalist": asdict(sp.journalist)},
        segmentation={"boundary": asdict(seg.boundary), "exact": asdict(seg.exact)},
        usage=run.usage,
        failed=failed,
        disagreements=disagreements,
    )
