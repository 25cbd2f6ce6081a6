"""Pipeline: articles in, records out. The :class:`Classifier` holds what runs share
(settings, codebook, prompt, backend, the on-disk answer cache and its keys); each
call to ``stream``/``astream`` is a :class:`Run` that owns its own state (requests in
flight, batch tasks, fatal error, usage, counts), so concurrent runs never interfere.

Imports :mod:`stance.text` and :mod:`stance.model` (and the base modules); nothing
from reporting, evaluation or the interfaces.
"""

from ._cache import AnswerCache, clear_cache, make_key
from ._classifier import Classifier, classify_text
from ._run import MAX_SENTENCE_CHARS, AsyncRun, Run, RunStats, too_long

__all__ = [
    "MAX_SENTENCE_CHARS",
    "AnswerCache",
    "AsyncRun",
    "Classifier",
    "Run",
    "RunStats",
    "classify_text",
    "clear_cache",
    "make_key",
    "too_long",
]
