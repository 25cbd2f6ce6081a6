"""Speaker attribution: who carries the claim in each sentence.

Rules over news copy, in this order, the same for every language; what a language
reads its own way (quotes, cues, headlines, names, roles) comes from its grammar
(``_grammar``: English, Spanish, Chinese):

1. A sentence's own cue (``_speech``, ``_headlines``): a reporting verb with its subject,
   ``according to X``, or a headline's ``Speaker: claim`` / ``claim: Speaker`` form.
   Quoted words are masked first, so ``I insist`` inside a quote is no cue. The subject
   is resolved by the article's :class:`~._entities.Registry`; a pronoun with no body
   heard before it is the body the previous sentence was about.
2. A quotation spanning sentences (or paragraphs that reopen it) takes the speaker of
   the sentence that attributes it, before or after; a closing quote whose opening mark
   is missing takes the sentences before it in its paragraph along.
3. A quote with no attribution of its own continues the last speaker, when that
   speaker spoke in the same or the previous paragraph.
4. The press-conference pattern: an uncued sentence between two sentences of the same
   speaker in the same paragraph continues that speaker.
5. A write-up of a statement: an uncued sentence right after a speaker's reported
   (not quoted) speech in the same paragraph carries on that speaker's claims, unless
   it narrates what the speaker did (``He doubled the tariff.``), gives a date, comments
   on the report (``This comes as…``) or turns from it (``But…``); inside a write-up of
   a speaker heard before, an uncued sentence that opens a paragraph closed by ``…, the
   embassy said`` is the embassy's. Not in a document with a ``source``, whose own
   sentences are its own.
6. A transcript turn (``_transcripts``, ``_transcripts_zh``) is its labelled
   speaker's, ``how="turn"``.
7. A document with a ``source`` (a ministry's own press release) speaks in that
   source's voice, ``how="document"``; news copy's own voice is the journalist's.

Before 2–5, a role that spoke before anyone holding it was named is the person named
for it (``_later``): a headline's ``Envoy: …`` is the body's first speaker who holds the
office; ``The US ambassador told…`` the person named in the next sentence. Where a
grammar says so: a statement reproduced after a lead-in (``原文如下：``) or its numbered
points after a colon are its issuer's (``_reproduced``); a document named without its
content (``…发布「…的通告」``) makes ``通告要求…`` its issuer's; a sentence broken over
lines is read whole; a quote closed before its attribution sentence
(``「…。」外交部发言人毛宁称。``) takes it.

``how`` is ``direct`` when the sentence quotes the speaker, ``indirect`` otherwise,
``continuation`` when the speaker is found through an earlier sentence (a pronoun,
surname, title or role pointing back, or rules 3–5), ``headline``, ``turn`` or
``document``. Captions, credits, sign-offs, header lines, background and sentences that
only mention people are the journalist's voice (``speaker=None``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import AttributedSentence, Sentence, Speaker
from ._entities import Entity, Said
from ._grammar import Grammar, grammar_for
from ._later import named_later
from ._lexicon import DETERMINERS
from ._phrases import fold
from ._quotes import OPENING, Masked, closes_unopened
from ._reproduced import reproduced
from ._segment import segment
from ._speech import Cue
from ._subjects import main_subject
from ._transcripts import Turn, find_turns, name_turns

# "(C)", "(center L)", "(L-R)": a photo caption describing who stands where
_CAPTION = re.compile(r"\((?:[LRC]|L-R|R-L|(?:center|centre|left|right|front|back)(?: [LR])?)\)")
_WORDY = re.compile(r"[^\W_]")  # a letter or digit left once quotes are masked


@dataclass
class _Layout:
    """What each sentence is, before anyone is named."""

    para: list[int]  # paragraph number (blank lines are not paragraphs)
    line_start: list[bool]  # the first sentence of its line
    group: list[int | None]  # the quotation spanning several sentences it belongs to
    quote_only: list[bool]  # nothing but quoted words
    headline: list[bool]  # a whole line with no final punctuation
    silent: list[bool]  # a credit, sign-off, byline, caption or header line
    cues: list[Cue | None]
    masked: list[str]


def _layout(text: str, sentences: Sequence[Sentence], g: Grammar, ctx: object) -> _Layout:
    n = len(sentences)
    newlines = [m.end() for m in re.finditer(r"\n", text)]
    line = [bisect_right(newlines, s.start) for s in sentences]
    ordinal = {ln: k for k, ln in enumerate(sorted(set(line)))}
    lay = _Layout(
        [ordinal[ln] for ln in line],
        [i == 0 or line[i - 1] != line[i] for i in range(n)],
        [None] * n, [False] * n, [False] * n, [False] * n, [None] * n, [""] * n,
    )  # fmt: skip
    inside, gid = "", -1
    for i, s in enumerate(sentences):
        if lay.line_start[i]:
            inside = inside if s.text[:1] in OPENING else ""  # a new paragraph may reopen it
        started = inside
        masked = g.mask(s.text, inside)
        inside = masked.inside
        lay.masked[i] = masked.text
        if started or inside:
            gid += not started
            lay.group[i] = gid
        elif closes_unopened(s.text):  # "…the drug. But…,” Mr. Biden said." with no “
            gid += 1
            j = i
            while j > 0 and not lay.line_start[j] and lay.group[j - 1] is None:
                j -= 1
            for k in range(j, i + 1):
                lay.group[k] = gid
        lay.quote_only[i] = not _WORDY.search(masked.text)
        if _CAPTION.search(s.text):
            lay.silent[i] = True
            continue
        if not g.final.search(s.text):
            if not lay.line_start[i] or s.text.startswith("By "):
                lay.silent[i] = True  # "…she said. EFE", "EFE/ José Méndez", a byline
                continue
            if i + 1 == n or line[i + 1] != line[i]:
                lay.headline[i] = True
                if g.short_line(s.text):
                    lay.silent[i] = True  # "News release", "June 5 | Ottawa | Health Canada"
                    continue
                lay.cues[i] = g.headline_cue(s.text, masked, ctx)
                continue
        lay.cues[i] = g.find_cue(masked, ctx)
    if g.broken_lines:
        _join_broken(sentences, line, lay, g, ctx)
    if not g.english:  # "「我们反对。」" | "外交部发言人毛宁称。": the quote and its attribution
        for i in range(n - 1):
            cue = lay.cues[i + 1]
            if lay.quote_only[i] and line[i] == line[i + 1] and cue is not None and cue.trailing:
                if lay.group[i] is None:
                    gid += 1
                    lay.group[i] = gid
                lay.group[i + 1] = lay.group[i]
    return lay


def _join_broken(sentences: Sequence[Sentence], line: list[int], lay: _Layout, g: Grammar, ctx: object) -> None:
    """A sentence broken over lines ("El pasado 5 de mayo, el presidente mexicano" /
    "Andrés Manuel López Obrador dijo que…" / "detectaron…") is read whole: a line
    without final punctuation, after the body has begun, that the next line continues
    (in lowercase, or through another such line)."""
    n = len(sentences)
    broken = [False] * n
    for i in range(n - 2, -1, -1):
        broken[i] = (
            lay.headline[i]
            and line[i + 1] == line[i] + 1
            and lay.line_start[i + 1]
            and (sentences[i + 1].text[:1].islower() or broken[i + 1])
        )
    body = next((i for i in range(n) if g.final.search(sentences[i].text)), n)
    i = body
    while i < n:
        if not broken[i]:
            i += 1
            continue
        j = i
        while broken[j]:
            j += 1
        joined = " ".join(lay.masked[k] for k in range(i, j + 1))
        speech = any(lay.group[k] is not None for k in range(i, j + 1))
        cue = g.find_cue(Masked(joined, "", speech), ctx)
        for k in range(i, j + 1):
            lay.cues[k], lay.headline[k], lay.silent[k], lay.para[k] = cue, False, False, lay.para[i]
        i = j + 1


_Found = tuple[Entity, str, str, str | None]  # entity, how, cue, mention as written


def attribute(
    text: str, sentences: Sequence[Sentence], lang: str | None = None, source: str | None = None
) -> list[AttributedSentence]:
    """Attribute each sentence of ``text`` to its speaker (``None``: the journalist's voice).

    ``sentences`` are ``segment(text)`` or any segmentation of ``text`` with offsets;
    the result has the same order and length. ``source`` is the body whose own voice
    the text is (a ministry for its own press release): its uncued sentences are then
    that body's. ``lang`` picks the clause grammar and word lists (``_grammar``):
    Spanish and Chinese have their own, any other language is read as English.
    """
    n = len(sentences)
    g = grammar_for(lang)
    ctx = g.prepare(text)
    lay = _layout(text, sentences, g, ctx)
    mentions = [c.mention for c in lay.cues if c is not None]
    # the issuers of documents named without their content: "…也发布「…的通告」"
    docs = [g.documents(s.text, ctx) if g.documents is not None and c is None else None for s, c in zip(sentences, lay.cues, strict=True)]
    mentions += [d for d in docs if d is not None]
    if g.issuer is not None and g.lead_in is not None and g.lead_in.search(text):
        issuers = (g.issuer(Masked(m, "", False), ctx) for m in lay.masked)
        mentions += [m for m in issuers if m is not None]
    art = g.registry(text, mentions)
    if g.turns is not None:
        turns = g.turns(sentences, lay.line_start, art, ctx)
    else:
        turns = find_turns(sentences, lay.line_start)
        name_turns(turns, sentences, art)
    turn_of: list[Turn | None] = [None] * n
    for t in turns:
        for i in t.sentences:
            turn_of[i] = t
    found: list[_Found | None] = [None] * n
    said: list[Said] = []
    first_role: dict[int, str] = {}
    # 1. each sentence's own cue
    for i, cue in enumerate(lay.cues):
        turn = turn_of[i]
        if turn is not None and turn.first == i and turn.speaker is not None:
            said.append(Said(turn.speaker, i, True))
        if cue is None:
            issued = docs[i]
            if issued is not None:  # no content, but "通告要求" follows: the notice is theirs
                ent = art.resolve(issued, sentences[i].start, said, None, i)[0]
                if ent is not None:
                    said.append(Said(ent, i, False))
            continue
        skip = turn.speaker if turn is not None else None
        ent, back = art.resolve(cue.mention, sentences[i].start, said, skip, i)
        if ent is None and g.english and cue.mention.kind == "pronoun" and cue.mention.text in ("it", "they"):
            # "Washington has been focusing on… It alleges that…": the body last spoken of
            prev = main_subject(lay.masked[i - 1]) if i else None
            if prev is not None and prev.kind in ("org", "country", "group"):
                ent, back = art.resolve(prev, sentences[i].start, said, skip, i)[0], True
        if ent is None:
            continue
        role = cue.mention.text if cue.mention.kind == "role" else cue.mention.role
        if not g.english and cue.mention.kind != "role":
            role = role or ent.role  # the role the article gives the name, if this cue gives none
        if role and cue.mention.kind in ("person", "role") and ent.kind == "person":
            first_role.setdefault(id(ent), role)
        # "he" may point back to a sentence whose speaker was named as a person or role,
        # or as "he" or "she" — not "it" or "they"
        said.append(Said(ent, i, cue.mention.kind in ("person", "role") or cue.mention.text in ("he", "she", ""), role))
        m = cue.mention.name if cue.mention.kind == "person" else cue.mention.surface or cue.mention.text
        m = m.rstrip(",;:")
        if m.endswith(".") and len(m.split()[-1]) > 4 and not m.split()[-1].isupper():
            m = m[:-1]  # "the World Health Organization." — but "U.S. Amb."
        if lay.headline[i]:
            how, label = "headline", f"{m}:" if cue.verb == ":" else cue.verb
        elif back:
            how, label = "continuation", g.label(m, cue.verb)
        else:
            how, label = ("direct" if cue.direct else "indirect"), cue.verb
        found[i] = (ent, how, label, m)
    if g.lead_in is not None and g.issuer is not None:
        issuer = g.issuer
        reproduced(
            sentences, lay.para, lay.silent, found, g.lead_in,
            lambda i: issuer(Masked(lay.masked[i], "", False), ctx), art, said,
        )  # fmt: skip
    named_later(sentences, lay.cues, lay.headline, found, lambda name: art.roles(name)[0], first_role)
    _spread(lay, found, turn_of, source is not None, g)
    # 6. transcript turns, 7. the document's own voice
    doc = Entity("body", source.strip()) if source and source.strip() else None
    for i in range(n):
        if found[i] is not None or lay.silent[i]:
            continue
        turn = turn_of[i]
        if turn is not None:
            if turn.speaker is not None:
                found[i] = (turn.speaker, "turn", turn.label + ":", None)
                if turn.title and turn.speaker.role is None:
                    first_role.setdefault(id(turn.speaker), turn.title)
        elif doc is not None:
            found[i] = (doc, "document", "source", None)
    return [_record(s, f, first_role) for s, f in zip(sentences, found, strict=True)]


def _spread(
    lay: _Layout, found: list[_Found | None], turn_of: list[Turn | None], document: bool, gram: Grammar
) -> None:
    """Rules 2–5: speakers carried from one sentence to the next."""
    n = len(found)
    # 2. a quotation spanning sentences takes its attribution, before or after
    by_group: dict[int, _Found] = {}
    for g, f in zip(lay.group, found, strict=True):
        if g is not None and f is not None:
            by_group.setdefault(g, f)
    for i, g in enumerate(lay.group):
        if g is not None and g in by_group and found[i] is None:
            found[i] = by_group[g]
    free = [turn_of[i] is None and not lay.silent[i] and not lay.headline[i] for i in range(n)]
    # 3. an unattributed quote continues the speaker of this or the previous paragraph
    last: tuple[int, Entity] | None = None
    for i in range(n):
        f = found[i]
        if f is not None:
            last = (lay.para[i], f[0])
        elif lay.quote_only[i] and free[i] and last is not None and lay.para[i] - last[0] <= 1:
            found[i] = (last[1], "continuation", "unattributed quote", None)
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
                if free[j] and not gram.acts(lay.masked[j], f[0]):
                    found[j] = (f[0], "continuation", "same paragraph", None)
        prev = i
    if document:
        return  # a release's own sentences are its own, not its last speaker's
    # 5. a write-up: uncued sentences after a speaker's in the same paragraph, and an
    # uncued paragraph opening closed by "…, the embassy said."
    for i in range(1, n):
        p, cue = found[i - 1], lay.cues[i - 1]
        if (
            found[i] is None
            and free[i]
            and p is not None
            and cue is not None
            and not cue.direct  # after a quote, the next sentence is the writer's again
            and p[1] != "headline"
            and lay.para[i] == lay.para[i - 1]
            and not gram.narrates(lay.masked[i], p[0], cue.mention.text)
        ):
            found[i] = (p[0], "continuation", "statement", None)
    for i in range(n - 1):
        nxt, cue = found[i + 1], lay.cues[i + 1]
        if (
            found[i] is None
            and free[i]
            and lay.line_start[i]
            and nxt is not None
            and cue is not None
            and cue.trailing
            and not cue.direct
            and lay.para[i] == lay.para[i + 1]
            # a write-up of theirs, heard before in the body
            and any(f is not None and f[0] is nxt[0] and not lay.headline[k] for k, f in enumerate(found[:i]))
            and not gram.narrates(lay.masked[i], nxt[0], cue.mention.text)
        ):
            found[i] = (nxt[0], "continuation", "statement", None)


def _record(s: Sentence, f: _Found | None, first_role: dict[int, str]) -> AttributedSentence:
    speaker = None
    if f is not None:
        ent, how, label, mention = f
        role = first_role.get(id(ent), ent.role) if ent.kind == "person" else None
        shown = " ".join(w for w in mention.split() if w not in DETERMINERS) if mention else None
        speaker = Speaker(
            name=ent.name,
            role=role,
            kind=ent.kind,  # type: ignore[arg-type]
            mention=mention if shown and fold(shown) != fold(ent.name) else None,
            how=how,  # type: ignore[arg-type]
            cue=label,
        )
    return AttributedSentence(index=s.index, start=s.start, end=s.end, text=s.text, speaker=speaker)


def attribute_text(
    text: str, lang: str | None = None, source: str | None = None
) -> list[AttributedSentence]:
    """Segment ``text`` (by the rules of its language) and attribute every sentence."""
    return attribute(text, segment(text, lang=lang), lang, source)
