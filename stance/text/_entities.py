"""The article's entities: every person, body and country a sentence may name, under
one canonical name per entity, with the roles the article gives them.

The :class:`Registry` owns resolution: a mention (a name, surname, title, role,
acronym, capital, pronoun, group or message) becomes an entity here and nowhere else.
People take the fullest spelling the article gives; bodies their fullest mention
without "the" or an acronym; a country speaking (``Beijing``, ``the American side``)
the article's name for its government (``Chinese government`` if the article says so,
else ``China``). A role (``the spokesperson``, ``Mexico’s president``) is the person
who holds it, before or after; an unnamed one is the body it speaks for."""

from __future__ import annotations

import re

from ._holders import RANKS, Entity, Holders, Said, initials
from ._lexicon import (
    BARE_GROUPS,
    COUNTRIES,
    COUNTRY_FORMS,
    DOMAIN,
    GENERIC,
    PERSON_HEADS,
    PLURAL_HEADS,
)
from ._phrases import (
    TOKEN,
    Mention,
    bare,
    country_of,
    fold,
    np_start,
    possessive,
    read_phrase,
    role_key,
)

# Groups that speak for their government: "Chinese officials said" is China speaking
# when China speaks elsewhere in the article; "Canadian politicians" stay a group.
_OFFICIAL = frozenset("officials authorities diplomats spokespeople".split())
_NEAR = 4  # sentences
# offices that speak for a government: an unnamed "minister" is his country's
_OFFICES = frozenset("minister president premier chancellor secretary ambassador envoy".split())
# heads that name any body: "the agency" may be the DEA, "the wire service" Reuters
_HYPERNYMS = frozenset("agency service organization organisation body group outlet".split())
# heads of roles and of the bodies every government has: never a name alone
_ROLE_WORDS = frozenset(
    "government ministry department agency office administration authority authorities "
    "embassy consulate commission committee council service organization organisation side "
    "body group".split()
)


def _bare_role(name: str) -> bool:
    """"spokesperson", "deputy minister", "the government": a role, not a name (groups
    such as "Lawmakers" or "Agents" speak under their plural)."""
    words = [bare(w) for w in name.split() if w not in ("the", "a", "an")]
    if not words or not name.islower():  # "Foreign Ministry", "White House" are names
        return False
    head = words[-1]
    if head in _ROLE_WORDS:  # "the ministry", not "the foreign ministry"
        return all(w in _ROLE_WORDS or w in RANKS for w in words)
    return (
        (head in PERSON_HEADS or head in GENERIC)
        and head not in PLURAL_HEADS
        and all(w in DOMAIN or w in GENERIC or w in RANKS for w in words)
    )


class Registry(Holders):
    """The entities of one article, and the resolution of every mention to one."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        super().__init__(text)
        self.entities: dict[str, Entity] = {}
        self._people: dict[str, Entity] = {}
        forms = {self._expand(m.name) for m in mentions if m.kind == "org" and not m.generic}
        self.orgs: list[tuple[frozenset[str], str]] = []
        for f in sorted(forms, key=lambda f: (-len(role_key(f)), f)):
            if not any(role_key(f) <= k for k, _ in self.orgs):
                self.orgs.append((role_key(f), f))
        # countries whose government speaks somewhere in the article
        self.speaking: set[str] = set()
        for m in mentions:
            code = country_of(m.text)
            if code and (m.kind == "country" or (m.kind == "org" and self._government(m.text))):
                self.speaking.add(code)

    def _entity(self, key: str, kind: str, name: str) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(kind, name, first=self.text.find(name))
        return ent

    @staticmethod
    def _government(name: str) -> bool:
        words = [bare(t) for t in name.split()]
        return words[-1:] == ["government"] or words[:2] == ["government", "of"]

    # -- the kinds of entity ----------------------------------------------------------
    def person(self, name: str) -> Entity:
        """The person a name refers to, under the fullest spelling in the article."""
        if name in self._people:
            return self._people[name]
        full = self.spelling(name)
        ent = self._entity("p:" + fold(full), "person", full)
        if ent.role is None and ent.gender is None:
            roles, ent.gender = self.roles(full)
            ent.role = roles[0] if roles else None
        self._people[name] = ent
        return ent

    def country(self, code: str) -> Entity:
        """A country speaking: named as the article names its government, else itself."""
        key = "c:" + code
        if key in self.entities:
            return self.entities[key]
        forms = COUNTRY_FORMS.get(code, (code.title(),))
        adj = COUNTRIES.get(code, "")
        gov = re.search(
            rf"\b(?:{adj}|{'|'.join(map(re.escape, forms))})(?:’s|'s)? government\b",
            self.text,
            re.I,
        ) if adj else None
        if gov:
            name = gov.group()[0].upper() + gov.group()[1:]
        else:
            found = [(self.text.find(f), f) for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", self.text)]
            name = min(found)[1] if found else forms[0]
        ent = self._entity(key, "country", name)
        return ent

    def org(self, name: str) -> Entity:
        name = self._expand(name)
        code = country_of(name)
        if code and self._government(name):
            return self.country(code)
        if re.fullmatch(r"[A-Z][A-Z.]+", name):
            bare_name = name.replace(".", "")
            name = next((f for _, f in self.orgs if initials(f) == bare_name), name)
        else:
            name = next((f for k, f in self.orgs if role_key(name) <= k), name)
        return self._entity("o:" + fold(name), "body", name)

    def group(self, text: str) -> Entity:
        words = text.split()
        while len(words) > 1 and words[0].lower() in RANKS:  # "senior officials": a rank is no name
            words = words[1:]
        return self._entity("g:" + fold(" ".join(words)), "body", " ".join(words))

    def body_named(self, head: str, before: int) -> Entity | None:
        """The nearest body before ``before`` whose name ends in ``head``: "the embassy" →
        "Chinese Embassy in Mexico"."""
        lo = max(0, before - 3000)  # bounded: a hostile text repeats "the embassy said"
        pattern = rf"\b{re.escape(head.capitalize())}\b"
        for tm in reversed(list(re.finditer(pattern, self.text[lo:before]))[-5:]):
            at = lo + tm.start()
            toks = TOKEN.findall(self.text[max(0, at - 120) : at + len(tm.group()) + 40])
            cut = len(TOKEN.findall(self.text[max(0, at - 120) : at + len(tm.group())])) - 1
            start = np_start(toks, cut)
            phrase = toks[start : cut + 1]
            if cut + 2 < len(toks) and toks[cut + 1] == "in" and toks[cut + 2][:1].isupper():
                phrase += toks[cut + 1 : cut + 3]
            m = read_phrase(phrase)
            if m is not None and m.kind == "org":
                return self.org(m.name if m.name != m.text else m.text)
        return None

    # -- resolution ---------------------------------------------------------------------
    def resolve(
        self, m: Mention, at: int, said: list[Said], skip: Entity | None = None, index: int = -1
    ) -> tuple[Entity | None, bool]:
        """The entity a mention names, and whether it points back to an earlier sentence.
        ``said``: the speakers so far; ``skip``: who cannot be meant (a turn's own
        speaker, who says "I"); ``index``: the sentence. A role or head noun that names no one ("the deputy
        minister", "the government" with nobody before it) resolves to None: a
        speaker's name is never a bare role word."""
        ent, back = self._resolve(m, at, said, skip, index)
        if ent is not None and _bare_role(ent.name):
            return None, False
        return ent, back

    def _resolve(
        self, m: Mention, at: int, said: list[Said], skip: Entity | None, index: int
    ) -> tuple[Entity | None, bool]:
        recent = [s for s in said[-50:] if s.entity is not skip]
        if m.kind in ("org", "person") and (m.name or m.text) in self.known_as:
            return self.person(self.known_as[m.name or m.text]), True  # "AMLO said"
        # a bare "the statement", "a spokesperson": only a speaker of the last few sentences
        near = [s for s in recent if index < 0 or index - s.index <= _NEAR]
        if m.kind == "pronoun":
            return self._pronoun(m.text, at, recent, skip), True
        if m.kind == "message":
            return (near[-1].entity if near else None), True
        if m.kind == "country":
            if " " not in m.text and self.by_word.get(fold(m.text)):
                for k in self.by_word[fold(m.text)]:
                    if len(self.runs[k][0]) > 1:  # "Lima" when the article has Gustavo Lima
                        return self.person(m.text), False
            return self.country(country_of(m.text) or fold(m.text)), False
        if m.kind == "group":
            return self._group(m, recent)
        if m.kind == "role":
            return self._role(m, at, recent, near)
        if m.kind == "person":
            ent = self.person(m.name)
            return ent, fold(ent.name) != fold(m.name) and -1 < ent.first < at
        if m.generic:
            head = bare(m.text.split()[-1])
            bodies = [s.entity for s in reversed(recent) if s.entity.kind != "person"]
            back = next((e for e in bodies if head in role_key(e.name)), None)
            if head == "government" and back is None and bodies:
                back = next((e for e in bodies if e.kind == "country"), None)
            back = back or self.body_named(head, at)
            if head == "government" and back is None:  # the government of the leader just heard
                code = next((c for s in reversed(recent) if s.entity.kind == "person" and (c := country_of(s.role or ""))), None)
                back = self.country(code) if code else None
            if back is None and head in _HYPERNYMS:  # "the agency" after the DEA spoke
                back = next((e for e in bodies if e.kind == "body"), None)
            return (back, True) if back is not None else (self.org(m.text), False)
        body = self.org(m.name)
        return body, fold(body.name) != fold(m.name) and -1 < body.first < at

    def _pronoun(self, word: str, at: int, recent: list[Said], skip: Entity | None) -> Entity | None:
        if word in ("he", "she"):
            g = "m" if word == "he" else "f"
            ent = next(
                (
                    s.entity
                    for s in reversed(recent)
                    if s.personal and (s.entity.kind != "person" or s.entity.gender in (None, g))
                ),
                None,
            )
            ent = ent or self.mentioned_before(at, skip, g)
            if ent is not None and ent.kind == "person" and ent.gender is None:
                ent.gender = g
            return ent
        bodies = [s.entity for s in reversed(recent) if s.entity.kind != "person"]
        if word == "they":  # a group or body, or the one person just heard that the article never names
            if recent and recent[-1].entity.unnamed:
                return recent[-1].entity
            return bodies[0] if bodies else None
        return bodies[0] if bodies else (recent[-1].entity if recent else None)

    def _group(self, m: Mention, recent: list[Said]) -> tuple[Entity | None, bool]:
        if m.orgs:
            if len(m.orgs) == 1:
                return self.org(m.orgs[0]), False
            codes = {c for c in map(country_of, m.orgs) if c}
            if len(codes) == 1:
                return self.country(codes.pop()), False
        words = [bare(t) for t in m.text.split()]
        head = words[-1]
        if words[0] in ("others", "these", "those"):  # "Others say", "these experts": the group heard
            groups = [s.entity for s in reversed(recent) if self.entities.get("g:" + fold(s.entity.name)) is s.entity]
            same = next((e for e in groups if words == ["others"] or bare(e.name.split()[-1]) == head), None)
            if same is not None or len(words) == 1:
                return same, same is not None
            return self.group(" ".join(m.text.split()[1:])), False
        code = country_of(m.text)
        if code and head in _OFFICIAL and code in self.speaking:
            return self.country(code), True
        if len(words) == 1 and head in BARE_GROUPS:
            last = recent[-1].entity if recent else None
            return (last, True) if last is not None and last.kind != "person" else (None, False)
        return self.group(m.text), False

    def _role(
        self, m: Mention, at: int, recent: list[Said], near: list[Said]
    ) -> tuple[Entity | None, bool]:
        ent = self.by_role(m, at, recent)
        if ent is not None and m.surface.lower().startswith("another "):
            # "another spokesman": not the one heard, but the body they both speak for
            for r in self.roles(ent.name)[0]:
                held = read_phrase(r.split())
                for org in held.orgs if held is not None else ():
                    words = org.split()
                    return self.org(" ".join(words[1:] if possessive(words[0]) and words[0].islower() else words)), True
            return None, False
        if ent is not None:
            return ent, ent.first < at
        if m.orgs:
            return self.org(m.orgs[0]), False
        key = role_key(m.text) - RANKS
        code = country_of(m.text)
        if code and code in self.speaking and key - {code} <= GENERIC | {"spokesperson"}:
            return self.country(code), True
        if not (key - GENERIC - {"spokesperson"}):  # "a spokesperson": the body just heard
            bodies = [s.entity for s in reversed(near) if s.entity.kind != "person"]
            return (bodies[0], True) if bodies else (None, False)
        if len(key) == 1:  # "the minister": the government just heard, if it is one
            if key <= _OFFICES:
                countries = [s.entity for s in reversed(near) if s.entity.kind == "country"]
                return (countries[0], True) if countries else (None, False)
            return None, False
        # nobody in the article holds that role: "a senior US official" speaks as such
        ent = self._entity("r:" + fold(m.text), "person", m.text)
        ent.unnamed = True
        return ent, False
