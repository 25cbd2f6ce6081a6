"""Evaluation: how far the labels and speakers can be trusted. The harness replays
recorded model responses (vcrpy cassettes) over a hand-labelled gold set, each article
with its own codebook, or records new ones; scoring, metrics and baselines turn
records into figures with bootstrap intervals over articles; reports print and write
them, compare two runs, and measure agreement between two human codings.

Imports the pipeline, the model, the text stage and the base modules.
"""

from ._agreement import agreement, agreement_markdown, print_agreement, same_gold_speaker
from ._baselines import keyword, majority
from ._bootstrap import (
    LEVEL,
    RESAMPLES,
    SEED,
    Counts,
    Difference,
    Figure,
    alpha,
    bootstrap,
    kappa,
    paired,
    resample_indices,
)
from ._compare import compare, print_compare
from ._gold import (
    NO_GOLD,
    GoldDocument,
    checkout_root,
    default_cassettes,
    default_gold,
    load_gold,
    read_labels,
    resolve_codebooks,
    speaker_kind,
)
from ._harness import EvalRun, config_name, replay_config, run_eval
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
from ._report import load_scores, print_summary, to_markdown, write_reports
from ._scoring import figures, score

__all__ = [
    "LEVEL",
    "NO_GOLD",
    "PRF",
    "RESAMPLES",
    "SECRET_HEADERS",
    "SEED",
    "BoundaryScores",
    "Counts",
    "Difference",
    "Disagreement",
    "EvalRun",
    "Figure",
    "GoldDocument",
    "LabelScore",
    "LabelScores",
    "SpeakerScores",
    "agreement",
    "agreement_markdown",
    "align",
    "alpha",
    "bootstrap",
    "boundary_scores",
    "checkout_root",
    "compare",
    "config_name",
    "default_cassettes",
    "default_gold",
    "disagreements",
    "figures",
    "kappa",
    "keyword",
    "label_scores",
    "load_gold",
    "load_scores",
    "majority",
    "normalize_name",
    "paired",
    "prf",
    "print_agreement",
    "print_compare",
    "print_summary",
    "read_labels",
    "replay_config",
    "resample_indices",
    "resolve_codebooks",
    "run_eval",
    "same_gold_speaker",
    "same_speaker",
    "score",
    "speaker_kind",
    "speaker_scores",
    "to_markdown",
    "vcr_for",
    "write_reports",
]
