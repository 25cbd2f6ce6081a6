"""Who holds a role in an article: the people it names with their roles, and the
entities and speakers that resolution works with. A role (``the spokesperson``,
``Mexico’s president``) is the person introduced with it, before or after; a lone
surname with its title (``Secretary Lee``) as a last resort."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ._lexicon import GENERIC, NATIONALITY
from ._names import Names
from ._phrases import Mention, bare, clean, role_key

RANKS = frozenset("top senior high-ranking high ranking".split())
NATIONS = frozenset(NATIONALITY.values())


@dataclass
class Entity:
    kind: str  # person | body | country
    name: str
    role: str | None = None
    gender: str | None = None
    first: int = -1  # where the article first spells the name this way
    unnamed: bool = False  # a role the article names no one for: "a senior US official"


@dataclass
class Said:
    """One sentence's speaker, as later sentences may point back to it."""

    entity: Entity
    index: int  # the sentence
    personal: bool  # named by a person, a role or a pronoun: "he" may point back to it
    role: str | None = None  # the role the sentence gives the speaker: "Peru’s president"


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _compatible(wanted: frozenset[str], have: frozenset[str]) -> bool:
    """A role mention fits a role the article gave: its words are there, countries aside,
    and no other country is: "the Mexican president" fits "President", not "Chinese
    President"."""
    w_nat, h_nat = wanted & NATIONS, have & NATIONS
    return (wanted - NATIONS) <= have and not (w_nat and h_nat and not w_nat & h_nat)


class Holders(Names):
    """The article's names with their roles, and the person holding a role."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._holders: dict[tuple[str, int, bool, bool], list[str]] = {}

    def person(self, name: str) -> Entity:
        raise NotImplementedError

    def by_role(self, m: Mention, at: int, said: list[Said]) -> Entity | None:
        """The person introduced with this role: the latest speaker among them, else the
        nearest mention before, else the first after."""
        k_at = bisect_right(self.run_starts, at - 1)
        key = role_key(m.text)
        wanted = key - GENERIC - RANKS if key & GENERIC else key
        orgs = m.orgs
        # full names first; a lone surname with its title ("Secretary Lee") as a last resort
        for ahead, single in ((False, False), (True, False), (False, True)):
            names = self._holders.get((m.text, k_at, ahead, single))
            if names is None:
                runs = self._after(at) if ahead else self._before(at)
                names = self._holders[m.text, k_at, ahead, single] = [
                    text
                    for run, text, _, _ in runs
                    if (len(run) == 1) == single and self._fits(text, wanted, orgs)
                ]
            if not ahead:
                for s in reversed(said[-50:]):
                    if s.entity.kind == "person" and s.entity.name in names:
                        return s.entity
                names = [n for n in names if n not in {s.entity.name for s in said}] or names
            if names:
                return self.person(names[0])
        return None

    def _fits(self, name: str, wanted: frozenset[str], orgs: list[str]) -> bool:
        for r in self.roles(name)[0]:
            have = role_key(r)
            # "FM spokesperson" for "Foreign Ministry spokesperson"
            have |= {w for w in wanted if len(w) > 1 and w.upper() in initials(r)}
            if orgs:
                if any(self._same_body(o, r) for o in orgs):
                    return True
                continue
            if wanted and _compatible(wanted, have):
                return True
        return False

    def _same_body(self, org: str, role: str) -> bool:
        """A role names the body: "official with the U.S. Drug Enforcement
        Administration" and "head of operations for the DEA"."""
        o = role_key(self._expand(org)) - NATIONS
        words = [self._expand(clean(t)) for t in role.split()]
        have = role_key(" ".join(words)) - NATIONS
        if o and (o <= have or len(o & have) >= max(2, len(o) - 1)):
            return True
        short = initials(" ".join(w for w in self._expand(org).split() if bare(w) not in NATIONALITY))
        return len(short) > 1 and any(clean(t) == short for t in role.split())

    def mentioned_before(self, before: int, skip: Entity | None = None, gender: str | None = None) -> Entity | None:
        """The last person named before ``before``: "…, Hassan Rouhani-Nejad, arrived.
        He said…"; with a role first, else any full name; not one of the other gender
        ("Ms. Ruiz" for "he")."""
        plain = None
        for run, text, _, _ in self._before(before, 50):
            if skip is not None and self.person(text) is skip:
                continue
            if gender and self.person(text).gender not in (None, gender):
                continue
            if self.roles(text)[0]:  # "President Ruiz": a surname with its title too
                return self.person(text)
            if len(run) > 1:
                plain = plain or text
        return self.person(plain) if plain else None
