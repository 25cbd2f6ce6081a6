"""Quoted words, masked so that the clause grammar never reads a quote's own verbs
("“I insist…”") as the sentence's attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = re.compile(r"[“”\"]")
_NONSPACE = re.compile(r"\S")


@dataclass
class Masked:
    """A sentence with its quoted words replaced by ``_`` (offsets unchanged)."""

    text: str
    inside: bool  # a quotation is still open at the end
    speech: bool  # it quotes speech, not just a scare-quoted word or two


def mask_quotes(s: str, inside: bool) -> Masked:
    """Mask quoted words; ``inside``: the sentence starts inside an open quotation."""
    out: list[str] = []
    last, speech = 0, inside
    for m in _QUOTES.finditer(s):
        ch, p = m.group(), m.start()
        if inside and ch in '”"':
            span = s[last:p].rstrip()
            # "“We will act,” she said" quotes speech; "a “denial”" does not
            speech = speech or span[-1:] in ",.!?…" or len(span.split()) > 3
            out.append(_NONSPACE.sub("_", s[last:p]))
            last, inside = p, False
        elif not inside and ch in '“"':
            out.append(s[last : p + 1])
            last, inside = p + 1, True
    speech = speech or inside
    out.append(_NONSPACE.sub("_", s[last:]) if inside else s[last:])
    return Masked("".join(out), inside, speech)


