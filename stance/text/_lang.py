"""An article's language: given (``--lang``, a JSONL ``lang`` field) or detected.

Detection is py3langid (a maintained fork of langid.py): on the labelled corpus it
names the language of every article right and of 677 of 694 single sentences, loads
in about half a second and needs little memory; lingua does a little better on very
short English lines but takes seconds and a gigabyte to load (measured by
``eval/lang_detect.py``; the README has the table). The model is loaded on the first
detection, not at import, so ``stance --help`` stays fast.

Codes are ISO 639 (``en``, ``es``, ``zh``); an explicit code may carry a region or
script (``es-MX``, ``zh-Hant``), and :func:`base_language` drops it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import InputError
from ..types import LANGUAGE_CODE

# The written varieties that langid's model tells apart from Mandarin (Wu, Cantonese)
# are read with the same rules and the same prompt: Chinese script.
_CHINESE = frozenset({"zh", "wuu", "yue", "cmn", "lzh", "gan", "hak", "nan"})
_CODE = re.compile(LANGUAGE_CODE)
#: Detection reads at most this much of an article: the opening paragraphs name its
#: language, and a long article costs no more than a short one.
DETECT_CHARS = 4_000

#: English names for the languages most likely to come up, for prompts and reports.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "ru": "Russian",
    "ar": "Arabic",
    "ja": "Japanese",
    "ko": "Korean",
    "hi": "Hindi",
    "nl": "Dutch",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}


def check_language(code: str, where: str = "--lang") -> str:
    """``code`` if it is a language code (``es``, ``zh-Hant``), else an InputError."""
    code = code.strip()
    if not _CODE.match(code):
        raise InputError(f"{where}: {code!r} is not a language code (expected e.g. en, es, zh)")
    return code


def base_language(code: str | None) -> str | None:
    """The primary subtag, lowercased: ``zh-Hant`` → ``zh``, ``es-MX`` → ``es``."""
    if not code:
        return None
    base = code.split("-", 1)[0].lower()
    return "zh" if base in _CHINESE else base


def language_name(code: str | None) -> str | None:
    """``Spanish (es)`` for ``es``; the code alone for a language without a name here."""
    base = base_language(code)
    if base is None:
        return None
    name = LANGUAGE_NAMES.get(base)
    return f"{name} ({code})" if name else code


def detect_language(text: str) -> str:
    """The ISO 639 code of the language ``text`` is written in (``en`` for text with
    no letters to go by). Chinese varieties are reported as ``zh``."""
    sample = text[:DETECT_CHARS]
    if not any(c.isalpha() for c in sample):
        return "en"
    code, _ = _identifier().classify(sample)
    return "zh" if code in _CHINESE else str(code)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        # py3langid unpacks its model through a temporary file, which keeps memory low
        return LanguageIdentifier.from_model_file(MODEL_FILE)
    except OSError:
        # no room for that file (a full disk, a file-size limit): unpack in memory instead
        return _identifier_in_memory(LanguageIdentifier, MODEL_FILE)


def _identifier_in_memory(cls: Any, model_file: str) -> Any:
    import io
    import lzma
    from pathlib import Path

    import numpy as np
    from py3langid.langid import MODEL_DIR
    from py3langid.modelio import _to_array

    path = Path(model_file) if Path(model_file).is_absolute() else Path(MODEL_DIR) / model_file
    with lzma.open(path) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as data:
        return cls(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _to_array(data["nextmove"]), data["out_feat"].tolist(),
            tk_row=_to_array(data["nextmove_row"]),
        )
