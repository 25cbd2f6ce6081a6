"""Gold data and scoring for segmentation and speaker attribution.

Two gold sets: the synthetic passages in ``tests/passages/passages.jsonl`` and the
hand-labelled seed articles in ``fixtures/``. Both give sentences with offsets and a
speaker (``{"name", "role", "aliases"}`` or ``None``) per sentence. Scores use
``stance.metrics``: predicted sentences are aligned to gold by offsets; a gold sentence
with no aligned prediction counts as a wrong speaker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.evaluation import PRF, SpeakerScores, align, boundary_scores, prf, speaker_scores
from stance.text import attribute_text

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = ROOT / "tests" / "passages" / "passages.jsonl"
SEED_IDS = ("efe-2023-10-05-mexico-fentanyl", "globaltimes-2023-04-06-mao-ning")

_UNMATCHED = "\x00unmatched"  # a speaker name no gold name equals


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    sentences: list[dict[str, Any]]
    tags: tuple[str, ...] = ()


@dataclass
class Score:
    boundary: PRF
    speakers: SpeakerScores
    misses: list[str] = field(default_factory=list)  # readable, for failure messages


def load_passages() -> list[GoldDoc]:
    docs = []
    for line in PASSAGES.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append(GoldDoc(d["id"], d["text"], d["sentences"], tuple(d["tags"])))
    return docs


def load_seeds() -> list[GoldDoc]:
    docs = []
    for aid in SEED_IDS:
        text = (ROOT / "fixtures" / "articles" / f"{aid}.txt").read_text(encoding="utf-8")
        gold = json.loads(
            (ROOT / "fixtures" / "labels" / f"{aid}.json").read_text(encoding="utf-8")
        )
        docs.append(GoldDoc(aid, text, gold["sentences"]))
    return docs


def score(docs: list[GoldDoc]) -> Score:
    """Boundary P/R/F1 (pooled over documents) and speaker scores over gold sentences."""
    tp = fp = fn = 0
    gold_speakers: list[dict[str, Any] | None] = []
    pred_speakers: list[str | None] = []
    misses: list[str] = []
    for doc in docs:
        pred = attribute_text(doc.text)
        b = boundary_scores(doc.sentences, pred).boundary
        tp, fp, fn = tp + b.tp, fp + b.fp, fn + b.fn
        for gi, pj in align(doc.sentences, pred):
            if gi is None:
                continue
            gold = doc.sentences[gi]["speaker"]
            sp = pred[pj].speaker if pj is not None else None
            name = _UNMATCHED if pj is None else (sp.name if sp else None)
            gold_speakers.append(gold)
            pred_speakers.append(name)
            if name != _UNMATCHED and speaker_scores([gold], [name]).correct:
                continue
            misses.append(
                f"{doc.id}[{gi}] gold={gold and gold['name']!r} pred={name!r}: "
                f"{doc.sentences[gi]['text'][:90]}"
            )
    return Score(prf(tp, fp, fn), speaker_scores(gold_speakers, pred_speakers), misses)
