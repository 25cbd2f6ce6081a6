"""Sentence segmentation for Spanish (fixtures/ANNOTATION.md, section 2, rules 11–12).

Spanish wire copy shares most of its punctuation with English, so the English
segmentation (syntok plus the wire-copy rules, datelines such as ``Quito.-`` and
``Bogotá, 3 mar (EFE).-`` included) runs first, and a few Spanish rules adjust its
boundaries on each line:

* no boundary after a title or an abbreviation that never ends a sentence (``Sr.``,
  ``Lic.``, ``Gral.``, ``Mtro.``, ``Dra.``, ``Av.``), after one that points to a number
  when a number follows (``núm. 5``, ``pág. 12``, ``5 de mar. de 2023``), or after
  ``EE.UU.``/``EE. UU.`` unless a word that opens sentences follows (``…a EE.UU. El
  gobierno…``), where there is one;
* no boundary before a dialogue dash and its attribution (``—¡Basta! —gritó la
  ministra—.``), nor after ``?``/``!`` when the sentence goes on in lowercase
  (``¿por qué? se preguntó``);
* a boundary after a bracketed acronym that ends a sentence (``…de Marina (Semar). El
  buque…``), agencies in a dateline (``(EFE).-``) excepted.

``«…»`` quotations follow the English rules for quotes: the closing guillemet stays
with the sentence it closes; ``¿…?`` and ``¡…!`` end a sentence at the closing mark.
"""

from __future__ import annotations

import re

from ..types import Sentence
from ._segment import segment

#: Titles and abbreviations that a name or a noun always follows.
TITLES = frozenset(
    """sr sra srta sres sras lic lcdo lcda dr dra dres gral mtro mtra ing arq prof profa
    pdte pdta cnel tte cap cmdte almte sgto excmo excma ilmo ilma mons fr sto sta av avda
    cd col dip sen gob edo ud uds vd vds dña""".split()
)
#: Abbreviations that a number follows: ``núm. 5``, ``pág. 12``, ``art. 27``, ``3 de mar. de 2023``.
BEFORE_NUMBERS = frozenset(
    """núm num nº pág pag págs art arts fracc frac cap vol tel fig inc ene feb mar abr
    may jun jul ago sep sept set oct nov dic""".split()
)
#: Words that open a sentence, so a boundary after ``EE.UU.`` stands before them.
OPENERS = frozenset(
    """el la los las lo un una unos unas en por para con sin según de del desde durante
    tras ante este esta estos estas ese esa esos esas eso esto aquel además asimismo
    también pero y no sí ya así al nosotros yo él ella ellos ellas hoy ayer luego después
    entonces cuando si aunque mientras hasta ni otro otra cada todo todos toda su sus
    mi nuestro nuestra""".split()
)
#: News agencies whose ``(AGENCY).`` is a dateline, not the end of a sentence.
AGENCIES = frozenset(
    "EFE AP AFP Reuters Notimex Xinhua ANSA DPA Europa Press Sputnik Prensa Latina".split()
)

_BREAK = re.compile(r"[\n\r\u2028\u2029\x0b\x0c\x85]")
_WORD_BEFORE_DOT = re.compile(r"(?:^|[\s(«“\"¿¡—–-])([^\s(«“\"¿¡—–-]+)\.$")
_EEUU = re.compile(r"(?:^|[\s(«“\"])EE\.\s?UU\.$")
_FIRST_WORD = re.compile(r"[«“\"¿¡(]*([^\s,;:.!?»”\"()]+)")
_DASH_ATTRIBUTION = re.compile(r"^[—–]\s*[a-záéíóúüñ]")
_OPEN_QUESTION = re.compile(r"[?!][»”\"’)]*$")
# "(Semar). El buque": a bracketed name closing a sentence; "(EFE).-" is a dateline
_BRACKET_END = re.compile(
    r"\(([^()\n]{1,40})\)\.(?=\s+[¿¡«“\"]?[A-ZÁÉÍÓÚÑ])"
)
_EEUU_END = re.compile(r"EE\.\s?UU\.(?=\s+(\w+))")


def segment_es(text: str) -> list[Sentence]:
    """Split Spanish ``text`` into sentences with character offsets
    (``text[start:end]``), stripped, never crossing a line break."""
    spans: list[tuple[int, int]] = []
    for s in segment(text):
        spans.extend(_split(text, s.start, s.end))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _joins(text, merged[-1], (start, end)):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [Sentence(index=i, start=a, end=b, text=text[a:b]) for i, (a, b) in enumerate(merged)]


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut where a Spanish sentence ends that the English rules kept."""
    cuts: list[int] = []
    for m in _BRACKET_END.finditer(text, start, end):
        if m.group(1).strip() not in AGENCIES:
            cuts.append(m.end())
    for m in _EEUU_END.finditer(text, start, end):
        if m.group(1).lower() in OPENERS:
            cuts.append(m.end())
    out: list[tuple[int, int]] = []
    for cut in sorted(cuts):
        nxt = cut
        while nxt < end and text[nxt].isspace():
            nxt += 1
        out.append((start, cut))
        start = nxt
    out.append((start, end))
    return out


def _joins(text: str, prev: tuple[int, int], cur: tuple[int, int]) -> bool:
    """Whether the boundary between two sentences on one line is no boundary in Spanish."""
    if _BREAK.search(text, prev[1], cur[0]):
        return False
    head = text[prev[0] : prev[1]]
    rest = text[cur[0] : cur[1]]
    if _DASH_ATTRIBUTION.match(rest):
        return True  # "—¿Por qué? —preguntó el periodista."
    if _OPEN_QUESTION.search(head):
        return rest[:1].islower()  # "¿por qué? se preguntó"
    nxt = _FIRST_WORD.match(rest)
    first = nxt.group(1) if nxt else ""
    if _EEUU.search(head) or (head.endswith("EE.") and rest.startswith("UU.")):
        return first.lower() not in OPENERS
    word_m = _WORD_BEFORE_DOT.search(head)
    if word_m is None:
        return False
    word = word_m.group(1).lower()
    if word in TITLES:
        return True
    return word in BEFORE_NUMBERS and first[:1].isdigit()
