"""Sentence segmentation for wire copy.

syntok decides the hard boundaries (abbreviations, initials, numbers); a thin layer
of wire-copy rules vetoes and adds boundaries around it:

* lines are split on their own: no sentence crosses a line break;
* a boundary must follow sentence-final ``. ! ? …`` (syntok also splits at ``;`` and
  after ``(L-R)`` or ``(AP) —``, which wire copy uses mid-sentence);
* no boundary inside an ``(EFE).-`` dateline, after a title (``Gov.``, ``Lt.``), an
  initial (``Thomas J. Keller``), ``No. 5`` or ``Oct. 5``;
* no boundary between ``“Why?”`` and the attribution that follows it
  (``“Why?” Tariq Hussain, Pakistan’s information minister, said``);
* a boundary where the next sentence follows with no space (``fentanyl.According``,
  ``Mexico.Global Times``) and after an ellipsis that ends a sentence.

syntok's tokenizer is most of the cost, so it only runs on lines with a doubtful
candidate: a full stop after a short or dotted word, a known abbreviation, a number
or a single letter. A full stop after an ordinary word followed by a capital is a
boundary for syntok too (the tests check that the two paths agree). On such a line it
runs only on the stretches between cuts (see ``_is_cut``) that need it, with the same
result as one run over the line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

from syntok.segmenter import split as _syntok_split
from syntok.tokenizer import Tokenizer

from ..types import Sentence
from ._lexicon import (
    ABBREVIATIONS_AMBIGUOUS,
    AGENCIES,
    MONTHS_BEFORE_NUMBERS,
    SENTENCE_OPENERS,
    STATE_ABBREVIATIONS,
    TAIL_VERBS,
    TITLE_ABBREVIATIONS,
)

_TOKENIZER = Tokenizer()

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_CLOSERS = '"”’)]»\''
# sentence-final punctuation, then any closing quotes or brackets, at the end of a head
_FINAL = re.compile(r"(?:[.!?]+|\.\.\.|…)[\"”’)\]»']*$")
_DATELINE = re.compile(r"\)\.[-–—]+$")
# "(EFE). The minister…": an agency in brackets before the full stop is a dateline too
_AGENCY_DOT = re.compile(r"\((?:" + "|".join(sorted(AGENCIES)) + r")\)\.$")
# "Calif. (AP) —": what follows is the rest of a dateline, never a new sentence
_DATELINE_NEXT = re.compile(r"\s*\([A-Z][A-Za-z]*\)\s*[-–—]")
# "the remarks 'serious.' Ana Ruiz…": a straight single quote closing a sentence
_SINGLE_CLOSE = re.compile(r"(?<=[a-z]{2})[.!?]'(?=\s+[\"“]?[A-ZÀ-ÖØ-Þ])")
_WORD_BEFORE_DOT = re.compile(r"(?:^|[\s(\"“‘])([^\s(\"“‘]+)\.[\"”’)\]]*$")
_NEXT_WORD = re.compile(r"\s*[\"“‘(]?([^\s\"”’“‘(),;:]+)")

# "“Why?” Tariq Hussain, Pakistan’s information minister, said" is one sentence.
_ATTRIBUTION_TAIL = re.compile(
    r"\s+(?:[A-Z][\w’'.-]*\s+){0,4}?[A-Z][\w’'.-]*(?:,[^,.!?\"“”]{1,80},)?\s+"
    r"(?:also\s+)?(?:" + "|".join(sorted(TAIL_VERBS)) + r")\b"
)
# The next sentence follows with no space: "fentanyl.According", "Mexico.Global Times".
_NO_SPACE = re.compile(r"[a-zß-öø-ÿ\d%]{2}[.!?]+[\"”’)]*(?=[A-ZÀ-ÖØ-Þ“])")
# a full stop, ? or ! (plus closing quotes) followed by a space: what syntok may split
_CANDIDATE = re.compile(r"(?P<word>[^\s.!?]{0,40})(?P<punct>[.!?]+)[\"”’)\]]*(?=\s)")
_SYNTOK_ABBREVIATIONS: frozenset[str] | None
try:  # syntok's own lists, so that the fast path never contradicts it
    from syntok._segmentation_states import State as _SyntokState

    _SYNTOK_ABBREVIATIONS = _SyntokState.abbreviations | _SyntokState.months
    _SYNTOK_MONTHS: frozenset[str] = _SyntokState.months
    _OPENING = re.compile("[" + re.escape("".join(sorted(_SyntokState.opening_brackets))) + "]")
except (ImportError, AttributeError):  # pragma: no cover - a future syntok: always ask it
    _SYNTOK_ABBREVIATIONS = None  # no candidate is clear, no full stop a cut
    _SYNTOK_MONTHS, _OPENING = frozenset(), re.compile(r"\(")
# an ellipsis glued to a word ends a sentence; "of … China" and "“… We" stand for omitted words
_ELLIPSIS = re.compile(r"(?<=[^\s“\"‘(\[])(?:\.\.\.|…)[\"”’]*(?=\s+[\"“]?[A-ZÀ-ÖØ-Þ])")
_STOP = re.compile(r"[!?…]|(?<!\d)\.|\.(?!\d)")  # . ! ? … but a decimal point
_PIECE = re.compile(r"[^ ]*\w[^ ]*")  # text between spaces: one syntok token or more


def segment(text: str, lang: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with character offsets (``text[start:end]``),
    stripped of surrounding whitespace, never crossing a line break. ``lang``
    (``es``, ``zh``; see :func:`segment_by_language`) picks a language's own rules;
    English rules are the default."""
    if lang is not None and (own := segment_by_language(lang)) is not None:
        return own(text)
    return by_lines(text, lambda line: _candidate_ends(line))  # looked up per call: tests swap it


def by_lines(text: str, line_ends: Callable[[str], Iterable[int]]) -> list[Sentence]:
    """Sentences of ``text`` line by line: ``line_ends(line)`` gives the offsets just past
    each sentence of a line (the line's end need not be among them); each piece is
    stripped, and empty ones are dropped. Every language's rules end here, so offsets
    work the same way for all of them."""
    out: list[Sentence] = []
    for m in _LINE.finditer(text):
        line = m.group()
        if line.isspace():
            continue
        base = m.start()
        start = 0
        for end in sorted({*line_ends(line), len(line.rstrip())}):
            a, b = start, end
            while a < b and line[a].isspace():
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(Sentence(index=len(out), start=base + a, end=base + b, text=line[a:b]))
            start = end
    return out


def _candidate_ends(line: str, use_syntok: bool | None = None) -> set[int]:
    """Boundaries inside ``line`` (offsets just past the closing punctuation).

    ``use_syntok`` forces (True) or skips (False) syntok; by default it runs only
    when a candidate is doubtful."""
    clear: set[int] = set()
    candidates = list(_CANDIDATE.finditer(line))
    doubtful = False
    for m in candidates:
        if _is_clear(line, m):
            clear.add(m.end())
        else:
            doubtful = True
    if use_syntok or (use_syntok is None and doubtful):
        quotes = [m.start() for m in re.finditer('"', line)]
        found = _syntok_ends(line) if use_syntok else _syntok_ends_by_stretch(line, candidates)
        clear.update(_absorb_closers(line, e, quotes) for e in found)
    stop = len(line.rstrip())
    # a boundary past the text ends nothing (by_lines ends the last sentence at stop)
    ends = {e for e in clear if e <= stop and _keep(line, e, stop)}
    ends.update(m.end() for m in _NO_SPACE.finditer(line) if _keep(line, m.end(), stop))
    ends.update(m.end() for m in _ELLIPSIS.finditer(line))
    ends.update(m.end() for m in _SINGLE_CLOSE.finditer(line) if _keep(line, m.end(), stop))
    return ends


def _is_clear(line: str, m: re.Match[str]) -> bool:
    """A candidate that every segmenter splits: ``word. Capital`` or ``word? Capital``."""
    nxt = line[m.end() + 1 : m.end() + 2] if m.end() < len(line) else ""
    if not (nxt.isupper() or nxt in '“"‘'):
        return False
    punct = m.group("punct")
    if punct != ".":
        return punct in ("?", "!")
    word = m.group("word")
    return (
        _SYNTOK_ABBREVIATIONS is not None
        and word.isalpha()
        and len(word) > 2
        and word not in _SYNTOK_ABBREVIATIONS
        and word.lower() not in TITLE_ABBREVIATIONS
        and word.lower() not in ABBREVIATIONS_AMBIGUOUS
    )


def _syntok_ends(line: str) -> list[int]:
    return [s[-1].offset + len(s[-1].value) for s in _syntok_split(_TOKENIZER.tokenize(line))]


def _syntok_ends_by_stretch(line: str, candidates: list[re.Match[str]]) -> list[int]:
    """``_syntok_ends(line)``, give or take boundaries that ``_keep`` rejects, with syntok
    run only where needed. syntok ends a sentence at each cut (``_is_cut``) and starts
    afresh after it, so its runs over the stretches between cuts add up to its run over
    the line; a stretch with no ``. ! ? …`` (decimal points aside) before its last
    character has no other boundary that ``_keep`` accepts, so it needs no run."""
    opens = [m.start() for m in _OPENING.finditer(line)]
    pieces = [m.start() for m in _PIECE.finditer(line)] if opens else []
    stop = len(line.rstrip())
    ends: list[int] = []
    start = 0
    for end in [*(m.end() for m in candidates if _is_cut(line, m, opens, pieces)), len(line)]:
        if _STOP.search(line, start, min(end, stop) - 1):
            ends.extend(start + e for e in _syntok_ends(line[start:end]))
        elif end < len(line):
            ends.append(end)
        start = end
    return ends


def _is_cut(line: str, m: re.Match[str], opens: list[int], pieces: list[int]) -> bool:
    """A full stop where syntok ends the sentence whatever came before: ``word. Capital``
    (a lowercase word, not an abbreviation to syntok) or ``day 5. Capital`` (not a month;
    a lone ``5.`` is a list item), more than 60 tokens after the last opening bracket
    (syntok skips asides of up to 50). ``opens``, ``pieces``: where the line's opening
    brackets and its space-separated pieces start."""
    start, end, word = m.start(), m.end(), m.group("word")
    nxt = line[end + 1 : end + 2]
    if not (
        _SYNTOK_ABBREVIATIONS is not None
        and m.group() == word + "."  # no closing quote or bracket
        and line[end] == " "
        and nxt.isupper()
        and nxt.isalpha()
        and line[start - 1 : start] in ("", " ")
    ):
        return False
    i = bisect_left(opens, start)
    if i and bisect_left(pieces, start) - bisect_right(pieces, opens[i - 1]) <= 60:
        return False
    if word.isascii() and word.isdigit():
        month = any(line[end + 1 : end + 1 + k] in _SYNTOK_MONTHS for k in range(1, 7))
        return start > 1 and line[start - 2].isalnum() and not month
    return (  # a single token to syntok, neither a roman numeral nor a letter
        len(word) > 2
        and word.isalpha()
        and (word[0].isupper() or word[0].islower())
        and all(c.islower() for c in word[1:])
        and word not in _SYNTOK_ABBREVIATIONS
    )


def _absorb_closers(line: str, end: int, quotes: list[int]) -> int:
    """Move a boundary past closing quotes glued to the full stop (``clear.”``);
    ``quotes``: the offsets of the line's straight quotes."""
    n = len(line)
    while end < n and line[end] in _CLOSERS and end > 0 and not line[end - 1].isspace():
        if line[end] == '"' and bisect_left(quotes, end) % 2 == 0:
            break  # an even count before it: this straight quote opens the next sentence
        end += 1
    return end


def _keep(line: str, end: int, stop: int) -> bool:
    """Whether a proposed boundary at ``end`` survives the wire-copy rules; ``stop`` is
    where the line's text ends. The rules look a bounded way back and ahead, so a long
    line costs linear time."""
    if end >= stop:
        return True
    head = line[max(0, end - 120) : end].rstrip()
    rest = line[end : end + 240]
    final = _FINAL.search(head)
    if final is None:
        return False
    if _DATELINE.search(head) or (head.endswith(").") and rest.lstrip()[:1] in "-–—"):
        return False
    if _AGENCY_DOT.search(head) or _DATELINE_NEXT.match(rest):
        return False
    if final.group()[:1] in ".…" and final.group().startswith(("…", "...")):
        before = head[: final.start()][-1:]
        if not before or before.isspace() or before in "“\"‘([":
            return False  # "of … China", "“… We": words left out, not an end
    punct = final.group().rstrip(_CLOSERS)
    if punct[-1] in "?!" and final.group()[-1] in '"”’' and _ATTRIBUTION_TAIL.match(rest):
        return False
    if punct[-1] != "." or punct.endswith(".."):
        return True
    word_m = _WORD_BEFORE_DOT.search(head)
    if word_m is None:
        return True
    word = word_m.group(1)
    low = word.lower().rstrip(".")
    nxt_m = _NEXT_WORD.match(rest)
    nxt = nxt_m.group(1) if nxt_m else ""
    if low in TITLE_ABBREVIATIONS:
        return False
    if word.rstrip(".") in STATE_ABBREVIATIONS and nxt not in SENTENCE_OPENERS:
        return False  # "Boise, Ida. (AP)", "Salem, Ore., and…"
    if low in MONTHS_BEFORE_NUMBERS and nxt[:1].isdigit():
        return False
    if len(word) == 1 and word.isupper() and nxt[:1].isupper() and nxt not in SENTENCE_OPENERS:
        return False  # an initial: "Thomas J. Keller"
    if (low in ABBREVIATIONS_AMBIGUOUS or _is_dotted(word)) and nxt not in SENTENCE_OPENERS:
        return False
    return True


def _is_dotted(word: str) -> bool:
    """``U.S``, ``p.m`` (the final dot already stripped): letters joined by dots."""
    parts = word.split(".")
    return len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts)


def segment_by_language(lang: str) -> Callable[[str], list[Sentence]] | None:
    """The segmenter with a language's own rules (Spanish, Chinese), or None for
    the default (English) rules."""
    from ._lang import base_language

    base = base_language(lang)
    if base == "es":
        from ._segment_es import segment_es

        return segment_es
    if base == "zh":
        from ._segment_zh import segment_zh

        return segment_zh
    return None
