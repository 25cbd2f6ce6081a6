"""Speaker attribution: who carries the claim in each sentence.

Rules over wire copy, in this order:

1. A sentence's own cue: a reporting verb with its subject before it (``Mao noted
   that``, ``the DEA claims``) or after it (``,” declared Rosa Icela Rodríguez``), or
   ``according to X``. Quoted words are masked first, so ``I insist`` inside a quote is
   no cue. The main clause wins over a cue after ``as``/``while``/``although``/``that``.
   A speech act with a noun object is speech too (``She also noted the seizure of…``,
   ``Beijing has long rejected the accusations``); an act that is no statement
   (``declared a state of emergency``) and a negated one (``did not confirm``) are not.
2. A quotation spanning sentences (or paragraphs that reopen it) takes the speaker of
   the sentence that attributes it, before or after.
3. A quote with no attribution of its own continues the last speaker, when that
   speaker spoke in the same or the previous paragraph.
4. The press-conference pattern: an uncued sentence between two sentences of the same
   speaker in the same paragraph continues that speaker.
5. A headline line (no final punctuation) in ``Speaker: claim`` form or with its own
   reporting verb (``Mexico tells US …``) gets ``how="headline"``.

``how`` is ``direct`` when the sentence quotes the speaker, ``indirect`` otherwise, and
``continuation`` when the speaker is found through an earlier sentence: a pronoun,
surname, title or role pointing back (the cue then names it: ``she argued``,
``Barcena indicated``), or rules 3 and 4.

Names are canonical within the article: the fullest spelling of a person's name in the
text (``Barcena`` → ``Alicia Bárcena``), an organisation's fullest mention without
``the`` or its acronym, a pronoun or role (``the spokesperson``, ``Mexico’s Secretary of
Security…``) the person introduced with it. A country speaking in a headline is its
government when the article quotes that government. Everything else — background,
captions, sign-offs, sentences that only mention people — is the journalist's voice
(``speaker=None``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import AttributedSentence, Sentence, Speaker
from ._entities import Entity, Registry
from ._lexicon import PLURAL_HEADS
from ._quotes import mask_quotes
from ._segment import segment
from ._speech import (
    SENTENCE_FINAL,
    Cue,
    Mention,
    bare,
    find_cue,
    fold,
    headline_cue,
    role_key,
)


@dataclass
class _Layout:
    """What each sentence is, before anyone is named."""

    para: list[int]  # paragraph number (blank lines are not paragraphs)
    group: list[int | None]  # the quotation spanning several sentences it belongs to
    quote_only: list[bool]  # nothing but quoted words
    headline: list[bool]  # a whole line with no final punctuation
    silent: list[bool]  # a credit, sign-off or byline: never a speaker
    cues: list[Cue | None]


def _layout(text: str, sentences: Sequence[Sentence]) -> _Layout:
    n = len(sentences)
    newlines = [m.end() for m in re.finditer(r"\n", text)]
    line = [bisect_right(newlines, s.start) for s in sentences]
    ordinal = {ln: k for k, ln in enumerate(sorted(set(line)))}
    lay = _Layout(
        [ordinal[ln] for ln in line], [None] * n, [False] * n, [False] * n, [False] * n, [None] * n
    )
    inside, gid = False, -1
    for i, s in enumerate(sentences):
        if i == 0 or lay.para[i] != lay.para[i - 1]:
            inside = inside and s.text[:1] in '“"'  # a new paragraph may reopen the quote
        started = inside
        masked = mask_quotes(s.text, inside)
        inside = masked.inside
        if started or inside:
            gid += not started
            lay.group[i] = gid
        lay.quote_only[i] = not re.search(r"[^\W_]", masked.text)
        if not SENTENCE_FINAL.search(s.text):
            if (i and line[i - 1] == line[i]) or s.text.startswith("By "):
                lay.silent[i] = True  # "…she said. EFE", "EFE/ José Méndez", a byline
                continue
            if i + 1 == n or line[i + 1] != line[i]:
                lay.headline[i] = True
                lay.cues[i] = headline_cue(s.text, masked)
                continue
        lay.cues[i] = find_cue(masked)
    return lay


_Found = tuple[Entity, str, str]  # entity, how, cue


def attribute(
    text: str, sentences: Sequence[Sentence], lang: str | None = None, source: str | None = None
) -> list[AttributedSentence]:
    """Attribute each sentence of ``text`` to its speaker (``None``: the journalist's voice).

    ``sentences`` are ``segment(text)`` or any segmentation of ``text`` with offsets;
    the result has the same order and length.
    """
    n = len(sentences)
    lay = _layout(text, sentences)
    art = Registry(text, [c.mention for c in lay.cues if c is not None])
    speakers: list[Entity] = []
    found: list[_Found | None] = [None] * n
    first_role: dict[int, str] = {}
    # 1. each sentence's own cue
    for i, cue in enumerate(lay.cues):
        if cue is None:
            continue
        ent, back = _resolve(art, cue.mention, sentences[i].start, speakers)
        if ent is None:
            continue
        if cue.mention.role and ent.kind == "person":
            first_role.setdefault(id(ent), cue.mention.role)
        if not speakers or speakers[-1] is not ent:
            speakers.append(ent)
        m = cue.mention.text
        if lay.headline[i]:
            how, label = "headline", f"{m}:" if cue.verb == ":" else cue.verb
        elif back:
            how, label = (
                "continuation",
                (f"according to {m}" if cue.verb.lower() == "according to" else f"{m} {cue.verb}"),
            )
        else:
            how, label = ("direct" if cue.direct else "indirect"), cue.verb
        found[i] = (ent, how, label)
    # 2. a quotation spanning sentences takes its attribution, before or after
    by_group: dict[int, _Found] = {}
    for g, f in zip(lay.group, found, strict=True):
        if g is not None and f is not None:
            by_group.setdefault(g, f)
    for i, g in enumerate(lay.group):
        if g in by_group and found[i] is None:
            found[i] = by_group[g]
    # 3. an unattributed quote continues the speaker of this or the previous paragraph
    last: tuple[int, Entity] | None = None
    for i in range(n):
        f = found[i]
        if f is not None:
            last = (lay.para[i], f[0])
        elif (
            lay.quote_only[i]
            and not lay.silent[i]
            and last is not None
            and lay.para[i] - last[0] <= 1
        ):
            found[i] = (last[1], "continuation", "unattributed quote")
    # 4. press-conference pattern: between two sentences of one speaker in one paragraph
    prev: int | None = None  # the last attributed sentence, if nothing silent came after
    for i in range(n):
        f = found[i]
        if lay.silent[i] or (prev is not None and lay.para[prev] != lay.para[i]):
            prev = None
        if f is None:
            continue
        p = found[prev] if prev is not None else None
        if p is not None and p[0] is f[0] and prev is not None:
            for j in range(prev + 1, i):
                if not lay.headline[j]:
                    found[j] = (f[0], "continuation", "same paragraph")
        prev = i

    out: list[AttributedSentence] = []
    for s, f in zip(sentences, found, strict=True):
        speaker = None
        if f is not None:
            ent, how, label = f
            role = first_role.get(id(ent), ent.role) if ent.kind == "person" else None
            speaker = Speaker(name=ent.name, role=role, how=how, cue=label)  # type: ignore[arg-type]
        out.append(
            AttributedSentence(
                index=s.index, start=s.start, end=s.end, text=s.text, speaker=speaker
            )
        )
    return out


def _resolve(
    art: Registry, m: Mention, start: int, speakers: list[Entity]
) -> tuple[Entity | None, bool]:
    """The entity a mention names, and whether it points back to an earlier sentence."""
    if m.kind == "pronoun":
        if m.text in ("he", "she"):
            g = "m" if m.text == "he" else "f"
            ent = next(
                (
                    e
                    for e in reversed(speakers[-50:])
                    if e.kind == "person" and e.gender in (None, g)
                ),
                None,
            )
            ent = ent or art.mentioned_before(start)
            if ent is not None and ent.gender is None:
                ent.gender = g
            return ent, True
        ent = next((e for e in reversed(speakers[-50:]) if e.kind == "org"), None)
        return ent or (speakers[-1] if speakers else None), True
    if m.kind == "role":
        plural = bare(m.text.split()[-1]) in PLURAL_HEADS
        ent = None if plural else art.by_role(m.text, start, speakers)
        if ent is not None:
            return ent, True
        # nobody earlier holds that role: "a senior US official" speaks as such
        return art._entity("r:" + fold(m.text), "person", m.text), False
    if m.kind == "person":
        ent = art.person(m.name)
        return ent, fold(ent.name) != fold(m.name) and -1 < ent.first < start
    if m.generic:
        head = bare(m.text.split()[-1])
        orgs = [e for e in reversed(speakers[-50:]) if e.kind == "org"]
        ent = next((e for e in orgs if head in role_key(e.name)), orgs[0] if orgs else None)
        return (ent, True) if ent is not None else (art.org(m.text), False)
    ent = art.org(m.name)
    return ent, fold(ent.name) != fold(m.name) and -1 < ent.first < start


def attribute_text(
    text: str, lang: str | None = None, source: str | None = None
) -> list[AttributedSentence]:
    """Segment ``text`` and attribute every sentence."""
    return attribute(text, segment(text), lang, source)
