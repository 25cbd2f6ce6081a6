"""The article's entities: every person and body a sentence may name, under one
canonical name per entity (the fullest spelling the article gives), with the roles the
article gives them. Pronouns, surnames, titles, roles and acronyms are resolved here."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ._lexicon import FEMALE, GENERIC, MALE, NATIONALITY, PARTICLES, STOP
from ._speech import (
    ACRONYM_DEF,
    APPOSITION,
    DOTTED,
    NAME_RUN,
    TOKEN,
    Mention,
    bare,
    clean,
    fold,
    is_name_word,
    np_start,
    read_phrase,
    role_key,
)


@dataclass
class Entity:
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


class Registry:
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
        self.entities: dict[str, Entity] = {}
        self._roles: dict[str, tuple[list[str], str | None]] = {}
        self._people: dict[str, Entity] = {}
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

    def _entity(self, key: str, kind: str, name: str) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(kind, name, first=self.text.find(name))
        return ent

    def person(self, name: str) -> Entity:
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

    def org(self, name: str) -> Entity:
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
                r = read_phrase(toks)
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

    def by_role(self, role: str, before: int, speakers: list[Entity]) -> Entity | None:
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

    def mentioned_before(self, before: int) -> Entity | None:
        """The last person named with a role before ``before``: "…, Hassan Rouhani-Nejad,
        arrived. He said…"."""
        for run, text, _, _ in self._before(before, 50):
            if len(run) > 1 and self.roles(text)[0]:
                return self.person(text)
        return None


