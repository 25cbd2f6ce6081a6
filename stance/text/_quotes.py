"""Quoted words, masked so that the clause grammar never reads a quote's own verbs
("“I insist…”") as the sentence's attribution.

Double quotes (curly or straight), guillemets (``«…»``), corner brackets (``「…」``,
``『…』``) and single quotes (‘…’ or '…') are all quotation marks; a single mark counts
only at a word's edge, so the apostrophes of "it's", "US's" and "don’t" are never taken
for one."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile(r"[“”\"‘’'«»「」『』]")
_OPEN_BEFORE = frozenset(" \t([—–-")  # what may stand before an opening single quote
_CLOSE_AFTER = frozenset(" \t,.;:!?)]—–-")  # what may follow a closing one
_NONSPACE = re.compile(r"\S")
_OPENERS = {"“": "”\"", '"': "”\"", "‘": "’'", "'": "’'", "«": "»", "「": "」", "『": "』"}
#: marks that may reopen a quotation at the start of a paragraph
OPENING = frozenset("“\"‘'«「『")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Masked:
    """A sentence with its quoted words replaced by ``_`` (offsets unchanged)."""

    text: str
    inside: str  # the quotation mark still open at the end ("" when none)
    speech: bool  # it quotes speech, not just a scare-quoted word or two


def mask_quotes(s: str, inside: str) -> Masked:
    """Mask quoted words; ``inside``: the mark of a quotation open at the start ("" if none)."""
    out: list[str] = []
    last, speech = 0, bool(inside)
    for m in _MARKS.finditer(s):
        ch, p = m.group(), m.start()
        opens, closes = _single(s, p, ch) if ch in "‘’'" else (True, True)
        if not (opens or closes):
            continue  # an apostrophe: "it's", "US's", "don’t"
        if inside and closes and ch in _OPENERS[inside]:
            span = s[last:p].rstrip()
            # "“We will act,” she said" quotes speech; "a “denial”" does not
            speech = speech or _speechy(span)
            out.append(_NONSPACE.sub("_", s[last:p]))
            last, inside = p, ""
        elif not inside and opens and ch in _OPENERS:
            out.append(s[last : p + 1])
            last, inside = p + 1, ch
    speech = speech or bool(inside)
    out.append(_NONSPACE.sub("_", s[last:]) if inside else s[last:])
    return Masked("".join(out), inside, speech)


def _speechy(span: str) -> bool:
    """Quoted words that are speech, not a scare-quoted word or two: a clause closed by
    punctuation, more than three words, or more than six Chinese characters."""
    if span[-1:] in ",.!?…，。！？；":
        return True
    return len(span.split()) > 3 or len(_CJK.findall(span)) > 6


def _single(s: str, p: int, ch: str) -> tuple[bool, bool]:
    """Whether a single mark may open a quotation (before a word) or close one (after a
    word); neither: an apostrophe."""
    before, after = s[p - 1 : p] if p else "", s[p + 1 : p + 2]
    opens = ch != "’" and (not before or before in _OPEN_BEFORE) and (after.isalnum() or after == "…")
    closes = ch != "‘" and (before.isalnum() or before in ".,!?…%") and (
        not after or after in _CLOSE_AFTER
    )
    return opens, closes


def closes_unopened(s: str) -> bool:
    """A closing double quote with no opening one before it in the sentence: the quote
    began in an earlier sentence whose opening mark the text lost."""
    close = s.find("”")
    if close < 0 or -1 < s.find("“") < close:
        return close >= 0 and s.count("”") > s.count("“")
    depth = 0
    for ch in s:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                return True
            depth -= 1
    return False
