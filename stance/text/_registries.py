"""The article's entities in Spanish and Chinese copy: the English :class:`Registry`
with what the two languages read differently.

Both drop subjects (``Señaló que…``, ``还表示``): a dropped subject is the speaker heard
last. A role that names no holder (``el funcionario``, ``la mandataria federal``,
``发言人``) is the person who spoke in the last few sentences, of the role's gender
where it shows one; an indefinite one (``un funcionario``) is the body it names, else
speaks as such. Spanish reads its own roles around names (``el presidente de México,
Andrés Manuel López Obrador``) and heads first (``el aparato diplomático`` after the
embassy spoke is the embassy). Chinese takes a body's fullest spelling in the article
(``中国驻墨西哥使馆`` → ``中国驻墨西哥大使馆``), and a side (``中方``) is the one body of
that country that speaks in the article, else the country."""

from __future__ import annotations

import re

from ._entities import Entity, Registry, Said
from ._lexicon_es import ADJECTIVES, HYPERNYMS
from ._lexicon_es import COUNTRY_FORMS as FORMS_ES
from ._lexicon_es import NATIONALITY as NATIONALITY_ES
from ._lexicon_es import SPOKESPEOPLE as SPOKESPEOPLE_ES
from ._lexicon_zh import COUNTRIES as COUNTRIES_ZH
from ._lexicon_zh import COUNTRY_FORMS as FORMS_ZH
from ._lexicon_zh import GENERIC_TITLES
from ._lexicon_zh import SPOKESPEOPLE as SPOKESPEOPLE_ZH
from ._phrases import Mention, country_of, fold, role_key
from ._phrases_es import is_name_es, roles_es
from ._phrases_zh import country_code, known_names, read_zh, roles_zh, title_of

_INDEFINITE = frozenset("un una unos unas".split())
_OFFICIAL_ES = frozenset("funcionarios autoridades diplomaticos fuentes".split())


class _Dropping(Registry):
    """What Spanish and Chinese share: dropped subjects and roles without a holder."""

    def _pronoun(self, word: str, at: int, recent: list[Said], skip: Entity | None) -> Entity | None:
        if word == "":  # a dropped subject: whoever spoke last
            return recent[-1].entity if recent else self.mentioned_before(at, skip)
        return super()._pronoun(word, at, recent, skip)

    SPOKESPEOPLE: frozenset[str] = frozenset()

    def _holder(self, m: Mention, recent: list[Said], near: list[Said]) -> Entity | None:
        """The role's holder when the article names none: a spokesperson is the body
        heard in the last few sentences, if one was; else the latest speaking person of
        the role's gender and country ("el mandatario estadounidense")."""
        if self._head(m) in self.SPOKESPEOPLE:
            for s in reversed(near):
                if s.entity.kind == "body":
                    return s.entity
        code = country_of(m.text)
        people = [s.entity for s in reversed(recent) if s.entity.kind == "person"]
        # a holder of the role's gender first ("la mandataria"), then one of no known gender
        for genders in ((m.gender,), (m.gender, None)) if m.gender else ((None, "m", "f"),):
            for e in people:
                codes = {country_of(r) for r in self.roles(e.name)[0]} - {None}
                if e.gender in genders and not (code and codes and code not in codes):
                    if e.gender is None:
                        e.gender = m.gender  # "el mandatario" tells his gender
                    return e
        return None

    @staticmethod
    def _head(m: Mention) -> str:
        return fold(m.text.split()[0]) if m.text else ""


class RegistryEs(_Dropping):
    name_word = staticmethod(is_name_es)
    SPOKESPEOPLE = SPOKESPEOPLE_ES

    def roles(self, name: str) -> tuple[list[str], str | None]:
        if name not in self._roles:
            self._roles[name] = roles_es(self.text, self.spans.get(name, []))
        return self._roles[name]

    @staticmethod
    def _government(name: str) -> bool:
        return fold(name).split()[:1] == ["gobierno"]

    def country(self, code: str) -> Entity:
        key = "c:" + code
        if key in self.entities:
            return self.entities[key]
        forms = FORMS_ES.get(code, (code.title(),))
        alt = "|".join(re.escape(f) for f in forms)
        adj = ADJECTIVES.get(code)
        gov = re.search(rf"\b[Gg]obierno (?:de (?:{alt})|{adj})\b" if adj else rf"\b[Gg]obierno de (?:{alt})\b", self.text)
        if gov:
            name = gov.group()[0].upper() + gov.group()[1:]
        else:
            name = next((f for f in forms if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", self.text)), forms[0])
        return self._entity(key, "country", name)

    def _resolve(
        self, m: Mention, at: int, said: list[Said], skip: Entity | None, index: int
    ) -> tuple[Entity | None, bool]:
        if m.kind == "org" and m.generic:  # "la embajada", "el aparato diplomático"
            head = fold(m.text.split()[0])
            recent = [s.entity for s in reversed(said[-50:]) if s.entity is not skip]
            code = country_of(m.text)
            bodies = [e for e in recent if e.kind != "person" and (not code or country_of(e.name) == code)]
            if code and head == "gobierno":  # "el gobierno mexicano"
                return self.country(code), False
            back = next((e for e in bodies if head in role_key(e.name)), None)
            if back is None and head == "gobierno":
                back = next((e for e in bodies if e.kind == "country"), None)
            if back is None and head in HYPERNYMS and bodies:
                back = bodies[0]
            if back is None and code:  # "la cancillería peruana": named as the article does
                return self._entity("o:" + fold(m.text), "body", m.text), False
            return back, back is not None
        if m.kind == "country":  # "EEUU", "EU", "Pekín", "el país norteamericano"
            if " " not in m.text and any(len(self.runs[k][0]) > 1 for k in self.by_word.get(fold(m.text), [])):
                return self.person(m.text), False  # "Lima" where the article has Gustavo Lima
            code = NATIONALITY_ES.get(fold(m.text)) or country_of(m.text)
            return self.country(code or fold(m.text)), False
        if m.kind == "group":
            code = country_of(m.text)
            if code and fold(m.text.split()[0]) in _OFFICIAL_ES and code in self.speaking:
                return self.country(code), True  # "funcionarios chinos" when China speaks
        return super()._resolve(m, at, said, skip, index)

    def _role(
        self, m: Mention, at: int, recent: list[Said], near: list[Said]
    ) -> tuple[Entity | None, bool]:
        ent = self.by_role(m, at, recent)
        if ent is not None:
            return ent, ent.first < at
        indefinite = bool(m.surface) and fold(m.surface.split()[0]) in _INDEFINITE
        if not indefinite:
            ent = self._holder(m, recent, near)
            if ent is not None:
                return ent, True
        if m.orgs:
            return self.org(m.orgs[0]), False
        if indefinite:  # "un funcionario estadounidense": speaks as such
            return self._entity("r:" + fold(m.text), "person", m.text), False
        ent = self.mentioned_before(at)
        return (ent, True) if ent is not None else (None, False)


class RegistryZh(_Dropping):
    SPOKESPEOPLE = SPOKESPEOPLE_ZH

    @staticmethod
    def _head(m: Mention) -> str:
        return m.text

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        super().__init__(text, mentions)
        self.known = known_names(text)
        self.bodies: list[str] = sorted(
            {m.name for m in mentions if m.kind == "org" and m.name}, key=len, reverse=True
        )
        # the bodies of each country that speak: "中方" is the embassy when only it does
        self.sides: dict[str, set[str]] = {}
        for b in self.bodies:
            code = country_code(b)
            if code:
                self.sides.setdefault(code, set()).add(self._fullest(b))

    def roles(self, name: str) -> tuple[list[str], str | None]:
        if name not in self._roles:
            self._roles[name] = (roles_zh(self.text, name, self.known), None)
        return self._roles[name]

    def _fullest(self, name: str) -> str:
        """The article's fullest spelling of a body: 中国驻墨西哥使馆 → 中国驻墨西哥大使馆."""
        for f in self.bodies:  # longest first
            if len(f) >= len(name) and f[-1:] == name[-1:] and (
                (f[:1] == name[:1] and _subsequence(name, f))
                or (f.endswith(name) and f[: -len(name)] in COUNTRIES_ZH)  # 商务部: 中国商务部
            ):
                return f
        return name

    def country(self, code: str) -> Entity:
        key = "c:" + code
        if key not in self.entities:
            forms = FORMS_ZH.get(code) or tuple(n for n, c in COUNTRIES_ZH.items() if c == code) or (code,)
            name = next((f for f in forms if f in self.text), forms[0])
            self._entity(key, "country", name)
        return self.entities[key]

    def org(self, name: str) -> Entity:
        m = read_zh(name, self.known)
        if m is not None and m.kind == "country":
            return self.country(country_code(name) or name)
        name = self._fullest(name)
        return self._entity("o:" + name, "body", name)

    def _resolve(
        self, m: Mention, at: int, said: list[Said], skip: Entity | None, index: int
    ) -> tuple[Entity | None, bool]:
        recent = [s for s in said[-50:] if s.entity is not skip]
        if m.kind == "country":
            code = country_code(m.text)
            sides = self.sides.get(code or "", set())
            if m.text.endswith("方") and len(sides) == 1:
                return self.org(next(iter(sides))), False
            return self.country(code or m.text), False
        if m.kind == "org" and not m.name:  # "该馆": the body just heard
            head = m.text[-1:]
            bodies = [s.entity for s in reversed(recent) if s.entity.kind == "body"]
            back = next((e for e in bodies if e.name.endswith(head)), bodies[0] if bodies else None)
            return back, back is not None
        if m.kind == "org":
            return self.org(m.name), False
        if m.kind == "person":
            return self.person(m.name), False
        return super()._resolve(m, at, said, skip, index)

    def _role(
        self, m: Mention, at: int, recent: list[Said], near: list[Said]
    ) -> tuple[Entity | None, bool]:
        def fits(e: Entity) -> bool:
            return any(r.endswith(m.text) or m.text.endswith(r) for r in self.roles(e.name)[0])

        for s in reversed(recent):
            if s.entity.kind == "person" and fits(s.entity):
                return s.entity, True
        for name in sorted(self.known, key=self.text.find):
            if any(r.endswith(m.text) for r in self.roles(name)[0]):
                return self.person(name), self.text.find(name) < at
        if m.orgs:
            return self.org(m.orgs[0]), False
        if len(m.text) <= 3 and title_of(m.text) not in GENERIC_TITLES:
            ent = self._holder(m, recent, near)  # "发言人": the one who spoke
            if ent is not None:
                return ent, True
        if country_code(m.text) or title_of(m.text) in GENERIC_TITLES:  # "美方官员", "分析人士": as a group
            return self.group(m.text), False
        return self._entity("r:" + m.text, "person", m.text), False


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)
