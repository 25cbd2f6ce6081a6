"""Sentence segmentation for Chinese (fixtures/ANNOTATION.md, section 2, rules 13–15).

Chinese needs no word-level decisions: a sentence ends at ``。！？`` (or ``!?``,
also the half-width ideographic stop ``｡``), with any closing quotes glued to it
(``他说：“我们反对。”`` is one sentence; a quotation of several sentences is split
into them). Closing brackets stay too when they close a bracket of the sentence
itself; a credit in brackets after the full stop (``（完）``) is a segment of its own.
``；`` joins clauses, except right before a numbered point (``……；二、……``), and a
numbered point (``一、``, ``（二）``, ``1.``) after a colon or semicolon starts a new
segment. Datelines (``新华社北京5月3日电``, ``【中央社台北3日电】``) have no stop and
stay with their sentence. As in every language, no sentence crosses a line break and
segments are stripped of surrounding whitespace.
"""

from __future__ import annotations

import re

from ..types import Sentence
from ._segment import by_lines

_NUMERAL = "一二三四五六七八九十"
# sentence-final punctuation, then whatever closes a quotation or bracket right after it
_STOP = re.compile(r"[。！？!?｡]+([”’」』》〉】）)\]\"'»]*)")
_OPENERS = {"）": "（", ")": "(", "]": "[", "】": "【", "》": "《", "〉": "〈"}
# a numbered point after a semicolon or colon: "；二、", "：（一）", "：1."
_POINT = re.compile(
    rf"[；;：:]\s*(?=[{_NUMERAL}]{{1,3}}、|[（(][{_NUMERAL}\d]{{1,3}}[）)]|\d{{1,2}}[.、．](?!\d))"
)


def segment_zh(text: str) -> list[Sentence]:
    """Split Chinese ``text`` into sentences with character offsets
    (``text[start:end]``), stripped, never crossing a line break."""
    return by_lines(text, lambda line: [*_stops(line), *(p.end() for p in _POINT.finditer(line))])


def _stops(line: str) -> list[int]:
    """Offsets just past each sentence-final stop and the closers that belong to it."""
    ends: list[int] = []
    start = 0
    for m in _STOP.finditer(line):
        end = m.start(1)
        for ch in m.group(1):
            opener = _OPENERS.get(ch)
            # a bracket closes only a bracket opened in this sentence; "（完）" is not
            # glued to the stop before it (its opener comes after)
            if opener is not None and line.count(opener, start, end) <= line.count(ch, start, end):
                break
            # a straight quote after the stop closes one only if one is open
            if ch in "\"'" and line.count(ch, start, end) % 2 == 0:
                break
            end += 1
        ends.append(end)
        start = end
    return ends
