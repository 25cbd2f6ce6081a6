"""Transcripts of interviews and briefings: each turn is its speaker's, by the
transcript's own labels (``QUESTION:``, ``SECRETARY SMITH:``, ``MANN:``).

A named label is that person, spelled as the article spells them elsewhere (``MANN`` →
``Brian Mann``). ``QUESTION:`` is the questioner, named when the answer addresses them
(``Good to be with you, Nora.``). An unnamed label (``MODERATOR:``, ``UNIDENTIFIED
REPORTER:``) is the body it speaks for, when the turn or the next one says so
(``Greetings from the State Department…``, ``That report from CBS News.``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Sentence
from ._entities import Entity, Registry
from ._lexicon import DOMAIN, HONORIFICS, PERSON_HEADS, STOP
from ._phrases import bare, read_phrase

_LABEL = re.compile(
    r"([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,5})(?:, ?[A-Z][A-Z ]*[A-Z])?:\s"
)
_NOT_LABELS = frozenset(
    "NOTE UPDATE CORRECTION PHOTO PHOTOS WATCH RELATED READ ALSO SOURCE SOURCES CREDIT "
    "BREAKING EXCLUSIVE WARNING ADVISORY VIDEO AUDIO LISTEN FILE".split()
)
_QUESTIONERS = frozenset("QUESTION Q QUESTIONER INTERVIEWER".split())
_UNNAMED = frozenset(
    "MODERATOR OPERATOR HOST ANCHOR NARRATOR INTERPRETER UNIDENTIFIED SPEAKER PARTICIPANT "
    "REPORTER VOICE STAFF".split()
)
_TITLES = PERSON_HEADS | HONORIFICS | DOMAIN | frozenset("assistant under vice".split())
# words that open a reply without naming anyone: "Well, first, Amna, …"
_OPENERS = frozenset(
    "Well Yes No Oh Look First Second Third So Now Thanks Thank Sure Okay OK Right Again "
    "Also Indeed Absolutely Listen Good Great Sir Madam Please Yeah Of Actually Frankly".split()
)
# "Nora, this is…" or "…, Nora." / "Well, first, Amna, what…"
_VOCATIVE = re.compile(r"^([A-Z][a-z’'-]+),|[,—–]\s*([A-Z][a-z’'-]+)(?=[,.!?]|\s*$)")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?([A-Z][\w.’'&-]*(?:\s+(?:of|for|and|the|[A-Z][\w.’'&-]*)){0,8})")


@dataclass
class Turn:
    label: str  # as printed, without the colon
    first: int  # the sentence that carries the label
    sentences: list[int]
    speaker: Entity | None = None
    title: str | None = None  # the label's title words: "SECRETARY"


def find_turns(sentences: Sequence[Sentence], line_start: Sequence[bool]) -> list[Turn]:
    """The labelled turns of a transcript (none unless two lines carry a label);
    ``line_start``: whether each sentence begins its line."""
    turns: list[Turn] = []
    current: Turn | None = None
    for i, s in enumerate(sentences):
        m = _LABEL.match(s.text) if line_start[i] else None
        if m and not (set(m.group(1).split()) & _NOT_LABELS):
            current = Turn(m.group(1), i, [i])
            turns.append(current)
        elif current is not None:
            current.sentences.append(i)
    return turns if len(turns) >= 2 else []


def name_turns(turns: list[Turn], sentences: Sequence[Sentence], art: Registry) -> None:
    """Give each turn its speaker; turns under one label share it (a questioner named
    in one answer is named in all)."""
    for k, turn in enumerate(turns):
        nxt = turns[k + 1] if k + 1 < len(turns) else None
        words = turn.label.split()
        if words[0] in _QUESTIONERS:
            turn.speaker = _addressed(nxt, sentences, art) if nxt else None
        elif words[0] in _UNNAMED:
            turn.speaker = _body_from(turn, nxt, sentences, art)
        else:
            titles = [w for w in words if bare(w) in _TITLES]
            name = [w for w in words if bare(w) not in _TITLES]
            if not name or len("".join(name)) < 2:
                continue  # "A:" answers without a name
            turn.speaker = art.person(" ".join(w.capitalize() for w in name))
            turn.title = " ".join(titles) or None
    by_label = {t.label: t.speaker for t in turns if t.speaker is not None}
    for t in turns:
        t.speaker = t.speaker or by_label.get(t.label)


def _body_of(text: str, art: Registry) -> Entity | None:
    m = _FROM.search(text)
    if not m:
        return None
    words = m.group(1).split()
    for k, w in enumerate(words):
        if w.endswith(("’s", "'s")):
            words = [*words[:k], w[:-2]]
            break
    while words and words[-1] in ("of", "for", "and", "the"):
        words.pop()
    got = read_phrase(words)
    if got is None or got.kind not in ("org", "country"):
        return None
    return art.org(got.text) if got.kind == "org" else art.country(got.text.lower())


def _body_from(turn: Turn, nxt: Turn | None, sentences: Sequence[Sentence], art: Registry) -> Entity | None:
    for t in (turn, nxt):
        if t is not None:
            got = _body_of(sentences[t.sentences[0]].text, art)
            if got is not None:
                return got
    return None


def _addressed(turn: Turn, sentences: Sequence[Sentence], art: Registry) -> Entity | None:
    """The one-word name an answer addresses: "Good to be with you, Nora."."""
    for i in turn.sentences[:3]:
        text = _LABEL.sub("", sentences[i].text, count=1)
        for m in _VOCATIVE.finditer(text):
            w = m.group(1) or m.group(2)
            if w not in _OPENERS and w not in STOP and bare(w) not in _TITLES:
                return art.person(w)
    return None
