"""Text: everything below the model. Reading articles (files, directories, JSONL
corpora, HTML, stdin), splitting them into sentences with exact character offsets, and
attributing each sentence to its speaker, with the word lists those rules use; an
article's language (given or detected) picks the segmentation rules.

Imports only :mod:`stance.errors` and :mod:`stance.types`; nothing here knows of
models, prompts or caches.
"""

from ._attribute import attribute, attribute_text
from ._countries import AFFILIATIONS, affiliation_of, country_name
from ._inputs import (
    MAX_ARTICLE_BYTES,
    InputFormat,
    decode,
    html_to_text,
    iso_date,
    iter_articles,
    not_text,
)
from ._lang import (
    LANGUAGE_NAMES,
    base_language,
    check_language,
    detect_language,
    language_name,
)
from ._segment import segment
from ._speech import clear_caches

__all__ = [
    "AFFILIATIONS",
    "LANGUAGE_NAMES",
    "MAX_ARTICLE_BYTES",
    "InputFormat",
    "affiliation_of",
    "attribute",
    "attribute_text",
    "base_language",
    "check_language",
    "clear_caches",
    "country_name",
    "decode",
    "detect_language",
    "html_to_text",
    "iso_date",
    "iter_articles",
    "language_name",
    "not_text",
    "segment",
]
