"""Text: everything below the model. Reading articles (files, directories, JSONL
corpora, HTML, stdin), splitting them into sentences with exact character offsets, and
attributing each sentence to its speaker, with the word lists those rules use.

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
from ._segment import segment
from ._speech import clear_caches

__all__ = [
    "AFFILIATIONS",
    "MAX_ARTICLE_BYTES",
    "InputFormat",
    "affiliation_of",
    "attribute",
    "attribute_text",
    "clear_caches",
    "country_name",
    "decode",
    "html_to_text",
    "iso_date",
    "iter_articles",
    "not_text",
    "segment",
]
