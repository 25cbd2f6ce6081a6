"""Evaluation: how far the labels and speakers can be trusted. The harness replays
recorded model responses (vcrpy cassettes) over the hand-labelled gold set or records
new ones; scoring, metrics and baselines turn records into figures; reports print and
write them.

Imports the pipeline, the model, the text stage and the base modules.
"""

from ._baselines import keyword, majority
from ._harness import (
    EvalRun,
    GoldDocument,
    config_name,
    default_cassettes,
    default_fixtures,
    load_gold,
    repo_root,
    run_eval,
)
from ._metrics import (
    PRF,
    BoundaryScores,
    Disagreement,
    LabelScore,
    LabelScores,
    SpeakerScores,
    align,
    boundary_scores,
    disagreements,
    label_scores,
    normalize_name,
    prf,
    same_speaker,
    speaker_scores,
)
from ._recording import SECRET_HEADERS, vcr_for
from ._report import load_scores, print_compare, print_summary, to_markdown, write_reports
from ._scoring import Scores, score

__all__ = [
    "PRF",
    "SECRET_HEADERS",
    "BoundaryScores",
    "Disagreement",
    "EvalRun",
    "GoldDocument",
    "LabelScore",
    "LabelScores",
    "Scores",
    "SpeakerScores",
    "align",
    "boundary_scores",
    "config_name",
    "default_cassettes",
    "default_fixtures",
    "disagreements",
    "keyword",
    "label_scores",
    "load_gold",
    "load_scores",
    "majority",
    "normalize_name",
    "prf",
    "print_compare",
    "print_summary",
    "repo_root",
    "run_eval",
    "same_speaker",
    "score",
    "speaker_scores",
    "to_markdown",
    "vcr_for",
    "write_reports",
]
