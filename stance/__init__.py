"""stance: who says which stance, sentence by sentence, in news text.

>>> import stance
>>> result = stance.classify_text("Mexico does not produce fentanyl, the minister said.")
>>> [(r.speaker and r.speaker.name, r.labels) for r in result.records]

Names are loaded on first use so that ``import stance`` (and the CLI's ``--help``)
stays fast; the model stack is imported only when a request is made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Classifier": "pipeline",
    "classify_text": "pipeline",
    "Run": "pipeline",
    "AsyncRun": "pipeline",
    "RunStats": "pipeline",
    "Settings": "config",
    "resolve_settings": "config",
    "Codebook": "model",
    "Label": "model",
    "load_codebook": "model",
    "parse_reply": "model",
    "segment": "text",
    "attribute": "text",
    "attribute_text": "text",
    "iter_articles": "text",
    "Article": "types",
    "ArticleResult": "types",
    "AttributedSentence": "types",
    "Judgement": "types",
    "Record": "types",
    "Sentence": "types",
    "Speaker": "types",
    "Usage": "types",
    "StanceError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "CodebookError": "errors",
    "BackendError": "errors",
    "AuthError": "errors",
    "ModelOutputError": "errors",
    "OutputError": "errors",
    "ExitCode": "errors",
}

__all__ = [
    "Article",
    "ArticleResult",
    "AsyncRun",
    "AttributedSentence",
    "AuthError",
    "BackendError",
    "Classifier",
    "Codebook",
    "CodebookError",
    "ConfigError",
    "ExitCode",
    "InputError",
    "Judgement",
    "Label",
    "ModelOutputError",
    "OutputError",
    "Record",
    "Run",
    "RunStats",
    "Sentence",
    "Settings",
    "Speaker",
    "StanceError",
    "Usage",
    "__version__",
    "attribute",
    "attribute_text",
    "classify_text",
    "iter_articles",
    "load_codebook",
    "parse_reply",
    "resolve_settings",
    "segment",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"stance.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from .config import Settings, resolve_settings
    from .errors import (
        AuthError,
        BackendError,
        CodebookError,
        ConfigError,
        ExitCode,
        InputError,
        ModelOutputError,
        OutputError,
        StanceError,
    )
    from .model import Codebook, Label, load_codebook, parse_reply
    from .pipeline import AsyncRun, Classifier, Run, RunStats, classify_text
    from .text import attribute, attribute_text, iter_articles, segment
    from .types import (
        Article,
        ArticleResult,
        AttributedSentence,
        Judgement,
        Record,
        Sentence,
        Speaker,
        Usage,
    )
