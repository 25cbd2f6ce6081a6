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

from ._lexicon import FEMALE, GENERIC, MALE, NATIONALITY, PARTICLES, PLURAL_HEADS, STOP
from ._speech import (
    ACRONYM_DEF,
    APPOSITION,
    DOTTED,
    NAME_RUN,
    SENTENCE_FINAL,
    TOKEN,
    Cue,
    Mention,
    bare,
    classify,
    clean,
    find_cue,
    fold,
    headline_cue,
    is_name_word,
    mask_quotes,
    np_start,
    role_key,
)
from .segment import segment
from .types import AttributedSentence, Sentence, Speaker


@dataclass
class _Entity:
    kind: str  # person | org
    name: str
    role: str | None = None
    gender: str | None = None
    first: int = -1  # where the article first spells the name this way


def _contains(run: tuple[str, ...], toks: tuple[str, ...]) -> bool:
    n = len(toks)
    return any(run[i : i + n] == toks for i in range(len(run) - n + 1))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _expansion(text: str, at: int) -> str | None:
    """The capitalised name right before ``at``: "the US Drug Enforcement Administration (DEA)"."""
    toks = TOKEN.findall(text[max(0, at - 160) : at])
    k = len(toks)
    while k > 0 and (toks[k - 1][:1].isupper() or toks[k - 1] in ("of", "for", "on", "and", "the")):
        if toks[k - 1][-1] in '.,;:!?”"' and k < len(toks) and not DOTTED.fullmatch(toks[k - 1]):
            break  # the end of the previous sentence or clause
        k -= 1
    while k < len(toks) and not toks[k][:1].isupper():
        k += 1
    return " ".join(toks[k:]) or None


class _Article:
    """Article-wide lookups: runs of name words, acronyms, roles, and the entities.

    Every lookup is cached or bounded, so a long or hostile text costs close to linear
    time."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        # maximal runs of name words: (folded tokens, text, start, end)
        self.runs: list[tuple[tuple[str, ...], str, int, int]] = []
        for m in NAME_RUN.finditer(text):
            group: list[tuple[str, int]] = []
            for tm in TOKEN.finditer(m.group()):
                if is_name_word(tm.group()) or (group and tm.group() in PARTICLES):
                    group.append((tm.group(), m.start() + tm.start()))
                else:
                    self._add_run(group)
                    group = []
            self._add_run(group)
        self.run_starts = [r[2] for r in self.runs]
        self.by_word: dict[str, list[int]] = {}  # folded word -> runs holding it
        for k, (run, _, _, _) in enumerate(self.runs):
            for w in set(run):
                self.by_word.setdefault(w, []).append(k)
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for _, name, start, end in self.runs:
            self.spans.setdefault(name, []).append((start, end))
        self.acronyms: dict[str, str] = {}
        for m in ACRONYM_DEF.finditer(text):
            exp = _expansion(text, m.start())
            if exp:
                self.acronyms.setdefault(m.group(1).replace(".", ""), exp)
        self.entities: dict[str, _Entity] = {}
        self._roles: dict[str, tuple[list[str], str | None]] = {}
        self._people: dict[str, _Entity] = {}
        self._holders: dict[tuple[str, int], list[str]] = {}  # (role, runs before) -> names
        forms = {self._expand(m.name) for m in mentions if m.kind == "org" and not m.generic}
        self.orgs: list[tuple[frozenset[str], str]] = []
        for f in sorted(forms, key=lambda f: (-len(role_key(f)), f)):
            if not any(role_key(f) <= k for k, _ in self.orgs):
                self.orgs.append((role_key(f), f))

    def _add_run(self, group: list[tuple[str, int]]) -> None:
        while group and group[-1][0] in PARTICLES:
            group.pop()
        if group:
            toks = [t if re.fullmatch(r"[A-Z]\.", t) else clean(t) for t, _ in group]
            end = group[-1][1] + len(toks[-1])
            self.runs.append((tuple(fold(t) for t in toks), " ".join(toks), group[0][1], end))

    def _expand(self, name: str) -> str:
        """An acronym's expansion when the article gives one; "the" dropped."""
        exp = self.acronyms.get(name.replace(".", ""))
        return re.sub(r"^[Tt]he\s+", "", exp) if exp else name

    def _entity(self, key: str, kind: str, name: str) -> _Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = _Entity(kind, name, first=self.text.find(name))
        return ent

    def person(self, name: str) -> _Entity:
        """The person a name refers to, under the fullest spelling in the article."""
        if name in self._people:
            return self._people[name]
        toks = tuple(fold(clean(t)) for t in name.split() if clean(t) not in STOP)
        best: tuple[tuple[str, ...], str] | None = None
        for k in self.by_word.get(toks[0], []) if toks else []:
            run, text = self.runs[k][:2]
            if _contains(run, toks) and (best is None or len(run) > len(best[0])):
                best = (run, text)
        full = best[1] if best else name
        ent = self._entity("p:" + fold(full), "person", full)
        if ent.role is None and ent.gender is None:
            roles, ent.gender = self.roles(full)
            ent.role = roles[0] if roles else None
        self._people[name] = ent
        return ent

    def org(self, name: str) -> _Entity:
        name = self._expand(name)
        if re.fullmatch(r"[A-Z][A-Z.]+", name):
            bare_name = name.replace(".", "")
            name = next((f for _, f in self.orgs if _initials(f) == bare_name), name)
        elif fold(name) in NATIONALITY:
            nat = NATIONALITY[fold(name)]
            name = next((f for k, f in self.orgs if {nat, "government"} <= k), name)
        else:
            name = next((f for k, f in self.orgs if role_key(name) <= k), name)
        return self._entity("o:" + fold(name), "org", name)

    def roles(self, name: str) -> tuple[list[str], str | None]:
        """The roles the article gives ``name`` (before it or in apposition), and a gender."""
        if name in self._roles:
            return self._roles[name]
        roles: list[str] = []
        gender = None
        for start, end in self.spans.get(name, [])[:8]:
            left = TOKEN.findall(self.text[max(0, start - 160) : start])
            if left and bare(left[-1]) in ("mr", "ms", "mrs"):
                gender = "m" if bare(left[-1]) == "mr" else "f"
            cands = []
            if left:
                first = np_start(left, len(left) - 1, allow_comma=left[-1].endswith(","))
                cands.append(left[first:])
            right = APPOSITION.match(self.text, end)
            if right:
                cands.append(right.group(1).split())
            for toks in cands:
                r = classify(toks)
                if r is not None and r.kind == "role":
                    roles.append(r.text)
                    words = {bare(t) for t in toks}
                    gender = gender or ("m" if words & MALE else "f" if words & FEMALE else None)
        self._roles[name] = (roles, gender)
        return roles, gender

    def _before(self, before: int, limit: int = 200) -> list[tuple[tuple[str, ...], str, int, int]]:
        """The last ``limit`` name runs that start before ``before``, nearest first."""
        k = bisect_right(self.run_starts, before - 1)
        return self.runs[max(0, k - limit) : k][::-1]

    def by_role(self, role: str, before: int, speakers: list[_Entity]) -> _Entity | None:
        """The person introduced earlier with this role: the latest speaker among them,
        else the nearest mention."""
        at = bisect_right(self.run_starts, before - 1)
        names = self._holders.get((role, at))
        if names is None:
            key = role_key(role)
            wanted = key - GENERIC if key & GENERIC else key
            names = self._holders[role, at] = [
                text
                for run, text, _, _ in self._before(before)
                if len(run) > 1 and any(wanted <= role_key(r) for r in self.roles(text)[0])
            ]
        for ent in reversed(speakers[-50:]):
            if ent.name in names:
                return ent
        return self.person(names[0]) if names else None

    def mentioned_before(self, before: int) -> _Entity | None:
        """The last person named with a role before ``before``: "…, Hassan Rouhani-Nejad,
        arrived. He said…"."""
        for run, text, _, _ in self._before(before, 50):
            if len(run) > 1 and self.roles(text)[0]:
                return self.person(text)
        return None


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


_Found = tuple[_Entity, str, str]  # entity, how, cue


def attribute(text: str, sentences: Sequence[Sentence]) -> list[AttributedSentence]:
    """Attribute each sentence of ``text`` to its speaker (``None``: the journalist's voice).

    ``sentences`` are ``segment(text)`` or any segmentation of ``text`` with offsets;
    the result has the same order and length.
    """
    n = len(sentences)
    lay = _layout(text, sentences)
    art = _Article(text, [c.mention for c in lay.cues if c is not None])
    speakers: list[_Entity] = []
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
    last: tuple[int, _Entity] | None = None
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
    art: _Article, m: Mention, start: int, speakers: list[_Entity]
) -> tuple[_Entity | None, bool]:
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


def attribute_text(text: str) -> list[AttributedSentence]:
    """Segment ``text`` and attribute every sentence."""
    return attribute(text, segment(text))
