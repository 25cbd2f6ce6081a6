"""Spanish quotes, masked so that the clause grammar never reads a quote's own verbs
as the sentence's attribution: ``«…»`` and ``“…”`` as in every language, and a
dialogue's speech around its dashes (``—No lo aceptamos —dijo el canciller—.``). An
attribution between dashes inside a quote stays readable (``«No —dijo el canciller—,
es falso»``); any other parenthetical between dashes or brackets (``el canciller —que
llegó ayer— dijo``) is blanked, so the subject reads through it."""

from __future__ import annotations

import re

from ._lexicon_es import VERBS, fold_plain
from ._quotes import Masked, mask_quotes

_WORD = re.compile(r"[^\W\d_]+")
_BLANK = re.compile(r"(?<=\s)[—–][^—–\n]{1,160}[—–](?=[\s,.;:])|\([^()\n]{1,80}\)")
# an attribution between dashes inside a quote: "—dijo el canciller—"
_INCISO = re.compile(r"(?<=\s)[—–]([a-záéíóúñ]+)\b[^—–\n]{0,80}(?:[—–]|$)")


def mask_es(s: str, inside: str) -> Masked:
    """Quoted words masked (``_``), and a dialogue's speech; a parenthetical blanked."""
    if inside == "—" or (not inside and s[:1] in "—–"):
        return _dialogue(s)
    m = mask_quotes(s, inside)
    if "—" in m.text or "–" in m.text or "(" in m.text:
        m.text = _BLANK.sub(_blank, m.text)
    if m.speech and ("—" in s or "–" in s):  # «No lo aceptamos —dijo el canciller—, es falso»
        for inc in _INCISO.finditer(s):
            if fold_plain(inc.group(1)) in VERBS:
                m.text = m.text[: inc.start()] + inc.group() + m.text[inc.end() :]
    return m


def _blank(b: re.Match[str]) -> str:
    """A parenthetical as spaces, unless it is the attribution (``«…» —dijo X—.``)."""
    if any(fold_plain(w) in VERBS for w in _WORD.findall(b.group())):
        return b.group()
    return " " * len(b.group())


def _dialogue(s: str) -> Masked:
    """A dialogue line: speech until `` —`` and a lowercase word (``—dijo el
    ministro``), narration until the next dash, speech again after it."""
    out = list(s)
    speaking = True
    for p, ch in enumerate(s):
        if ch in "—–":
            if p == 0:
                continue
            if speaking and s[p - 1] == " " and s[p + 1 : p + 2].islower():
                speaking = False
            elif not speaking:
                speaking = True
        elif speaking and not ch.isspace():
            out[p] = "_"
    return Masked("".join(out), "—" if speaking else "", True)
