"""Chinese briefing transcripts: each turn is its speaker's, by the transcript's own
labels at the start of a line (``问：``, ``答：``, ``毛宁：``, ``法新社记者：``).

``答`` (the answer) is the briefing's spokesperson, the person the article gives a
spokesperson's title (``外交部发言人毛宁主持例行记者会``); ``问`` (the question) is the
outlet its label names (``法新社记者问``), else no one named; a named label is that
person or body. Two labelled lines at least make a transcript."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Sentence
from ._entities import Entity, Registry
from ._phrases_zh import read_zh
from ._transcripts import Turn

_LABEL = re.compile(r"^([^\s：:，,。]{1,12})[：:]")
_QUESTION = re.compile(r"(?:问|問|提问|提問|Q)$")
_ANSWER = frozenset("答 A".split())
_SPOKESPERSON = ("发言人", "發言人")


def find_turns_zh(
    sentences: Sequence[Sentence], line_start: Sequence[bool], art: Registry, known: frozenset[str]
) -> list[Turn]:
    """The labelled turns of a Chinese transcript, named (none unless two lines carry a label)."""
    turns: list[Turn] = []
    current: Turn | None = None
    for i, s in enumerate(sentences):
        m = _LABEL.match(s.text) if line_start[i] else None
        label = m.group(1) if m else ""
        if m and (_QUESTION.search(label) or label in _ANSWER or _speaker(label, known) is not None):
            current = Turn(label, i, [i])
            turns.append(current)
        elif current is not None:
            current.sentences.append(i)
    if len(turns) < 2:
        return []
    for t in turns:
        t.speaker = _name(t.label, art, known)
    return turns


def _speaker(label: str, known: frozenset[str]) -> str | None:
    m = read_zh(label, known)
    return m.kind if m is not None and m.kind in ("person", "org", "role") else None


def _name(label: str, art: Registry, known: frozenset[str]) -> Entity | None:
    if label in _ANSWER:
        for name in sorted(known, key=art.text.find):
            if any(r.endswith(_SPOKESPERSON) for r in art.roles(name)[0]):
                return art.person(name)
        return None
    q = _QUESTION.search(label)
    m = read_zh(label[: q.start()] if q else label, known)
    if m is None:
        return None
    if m.kind == "person":
        return art.person(m.name)
    if m.kind == "org":
        return art.org(m.name)
    if m.kind == "role" and m.orgs:  # "法新社记者": the outlet
        return art.org(m.orgs[0])
    if m.kind == "role":
        return next((art.person(n) for n in known if any(r.endswith(m.text) for r in art.roles(n)[0])), None)
    return None
