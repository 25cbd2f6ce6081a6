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
    "Classifier": "classify",
    "classify_text": "classify",
    "Settings": "config",
    "resolve_settings": "config",
    "Codebook": "codebook",
    "Label": "codebook",
    "load_codebook": "codebook",
    "segment": "segment",
    "attribute": "attribute",
    "attribute_text": "attribute",
    "parse_reply": "parse",
    "iter_articles": "inputs",
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
}

__all__ = [
    "Article",
    "ArticleResult",
    "AttributedSentence",
    "AuthError",
    "BackendError",
    "Classifier",
    "Codebook",
    "CodebookError",
    "ConfigError",
    "InputError",
    "Judgement",
    "Label",
    "ModelOutputError",
    "Record",
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
    from .attribute import attribute, attribute_text
    from .classify import Classifier, classify_text
    from .codebook import Codebook, Label, load_codebook
    from .config import Settings, resolve_settings
    from .errors import (
        AuthError,
        BackendError,
        CodebookError,
        ConfigError,
        InputError,
        ModelOutputError,
        StanceError,
    )
    from .inputs import iter_articles
    from .parse import parse_reply
    from .segment import segment
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
