"""Noun phrases in speaker position: tokens, folding for comparison, and what a phrase
names — a person with a role, a role alone, a body, a country, a group, a pronoun or a
message ("the statement"). Works on one phrase at a time; ``_speech`` finds the phrases
and ``_entities`` decides whom they name across the article."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ._lexicon import (
    AGENCIES,
    APPROXIMATORS,
    CAPITAL_OF,
    CONNECT,
    COUNTRY_HEADS,
    COUNTRY_NAMES,
    DETERMINERS,
    DOMAIN,
    HONORIFICS,
    NATIONALITY,
    NUMBER_WORDS,
    ORG_HEADS,
    PARTICLES,
    PERSON_HEADS,
    PLURAL_HEADS,
    PRONOUNS,
    QUANTITY_NOUNS,
    STOP,
    SUBORDINATORS,
)
from ._verbs import FINITE, MESSAGE_HEADS, PARTICIPLES

VERB_WORDS = FINITE | frozenset(PARTICIPLES)

TOKEN = re.compile(r"\S+")
_NUMERAL = re.compile(r"\d[\d,.]*\+?")
_NUMBERED = re.compile(r"[A-Z]{1,5}\d{1,4}")  # "G20", "COP28": a group or a meeting, never a person
# words that close off a phrase's plain modifiers: "…, and experts say", "but analysts"
_FUNCTION = SUBORDINATORS | frozenset("and but or nor so yet then also still now not of".split())


# what may open a phrase before the words that name: "the", "Over 130", "More than 40"
_LEADERS = DETERMINERS | APPROXIMATORS | NUMBER_WORDS | {"More", "more", "than"}


def numeral(tok: str) -> bool:
    """"130", "1,200", "one": a count before a noun, like a determiner."""
    return tok in NUMBER_WORDS or (tok[:1].isdigit() and bool(_NUMERAL.fullmatch(tok)))


def _quantity_start(toks: list[str], k: int) -> int:
    """Where a count that ends at ``toks[k]`` starts: "Over 130", "More than 40"."""
    if k > 0 and toks[k - 1] in APPROXIMATORS:
        return k - 1
    if k > 1 and [t.lower() for t in toks[k - 2 : k]] in (["more", "than"], ["at", "least"], ["fewer", "than"]):
        return k - 2
    return k
NAME_RUN = re.compile(
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?)(?:[ \t]+(?:(?:de|del|la|da|do|dos|van|von|der|bin|al|y)[ \t]+)?"
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?))*"
)
# "(DEA)" after the name it abbreviates; the name is read back from there, word by word
ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z.]+)\)")
_TRAIL = '.,;:!?”"’)]'
DOTTED = re.compile(r"(?:[A-Z]\.)+")
ACRONYM = re.compile(r"[A-Z][A-Z.]*[A-Z]\.?|(?:[A-Z]\.){2,}")
APPOSITION = re.compile(r",\s+((?:[^,;:()“”\".]|(?<=[A-Z])\.){3,90}?)(?=[,.;:]|\s*$)")
# "Matthew Donahue is head of operations for the DEA": a role given by a copula
COPULA_ROLE = re.compile(r"\s+(?:is|was)\s+((?:the|a|an)\s+)?([^,;:()“”\".]{3,90}?)(?=[,.;:]|\s*$)")
_PREPOSITIONS = ("of", "for", "on", "with", "from", "at")
# plural names of parties and camps: a group, never a person
PARTY_GROUPS = frozenset(
    "republicans democrats conservatives liberals tories socialists communists greens "
    "nationalists progressives".split()
)


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")


@lru_cache(maxsize=1 << 16)
def clean(tok: str) -> str:
    if DOTTED.fullmatch(tok.rstrip(",;:")):
        return tok.rstrip(",;:")  # keep the dots of "U.S." and "U.N."
    return tok.strip(_TRAIL + "“‘(")


@lru_cache(maxsize=1 << 16)
def possessive(tok: str) -> bool:
    return clean(tok).endswith(("’s", "'s"))


@lru_cache(maxsize=1 << 16)
def bare(tok: str) -> str:
    """A token folded for the word lists: no possessive, no trailing dot."""
    t = fold(clean(tok))
    t = t[:-2] if t.endswith("'s") else t
    return t.rstrip(".") if not DOTTED.fullmatch(clean(tok)) else t


@lru_cache(maxsize=1 << 14)
def role_key(phrase: str) -> frozenset[str]:
    """Content words of a role or organisation, countries folded to one form."""
    words = {bare(t) for t in phrase.replace("-", " ").split()} - CONNECT - {"a", "an", "s"}
    out = {NATIONALITY.get(w, w) for w in words}
    out = {"ambassador" if w == "amb" else w for w in out}
    return frozenset("spokesperson" if w.startswith("spokes") else w for w in out)


def country_of(phrase: str) -> str | None:
    """The country a phrase names or qualifies by its nationality: "Mexico’s", "Chinese"."""
    for t in phrase.replace("-", " ").split():
        b = bare(t)
        if b in NATIONALITY:
            return NATIONALITY[b]
    low = fold(phrase)
    return CAPITAL_OF.get(low) or NATIONALITY.get(low)


@dataclass
class Mention:
    """A noun phrase in speaker position, split into name and role."""

    kind: str  # pronoun | person | role | org | country | group | message
    text: str  # as written, without a leading article
    name: str = ""
    role: str | None = None
    acronym: str | None = None
    # the bodies a role or group belongs to: "official with the DEA" → ["DEA"]
    orgs: list[str] = field(default_factory=list)
    surface: str = ""  # as written in the sentence, article included
    gender: str | None = None  # "m" or "f" where the phrase shows it ("la mandataria")

    @property
    def generic(self) -> bool:
        """A bare head noun that points back: "the agency", "the government"."""
        return self.kind == "org" and all(not w[:1].isupper() for w in self.text.split())


@lru_cache(maxsize=1 << 16)
def is_name_word(tok: str) -> bool:
    """A word that can be part of a person's name (not a title, country or acronym)."""
    b = bare(tok)
    return (
        tok[:1].isupper()
        and b.split("-")[0] not in DOMAIN
        and not ACRONYM.fullmatch(clean(tok))
        and b not in DOMAIN
        and b not in NATIONALITY
        and b not in HONORIFICS
        and not possessive(tok)
        and clean(tok) not in STOP
        and not any(ch.isdigit() for ch in tok)  # "COP21", "G20": events and groups, not people
    )


def _drop_brackets(toks: list[str]) -> tuple[list[str], str | None]:
    """Tokens outside brackets ("(D-N.J.)", "(center L)"), and a bracketed acronym."""
    if not any("(" in t or ")" in t for t in toks):
        return toks, None
    out: list[str] = []
    acronym, depth = None, 0
    for t in toks:
        core = t.rstrip(",;:.")
        if depth or t.startswith("("):
            if t.startswith("(") and core.endswith(")") and ACRONYM.fullmatch(core[1:-1]):
                acronym = core[1:-1]
            depth += t.count("(") - t.count(")")
            depth = max(depth, 0)
            if out and t[-1:] in ",;:" and not depth:
                out[-1] += t[-1]  # "Menendez (D-N.J.)," keeps its comma
            continue
        out.append(t)
    return out, acronym


def _affiliations(toks: list[str], before_head: bool = True) -> list[str]:
    """The bodies named in a role: after a preposition ("official with the DEA",
    "spokesperson for the trade ministry") or before the head ("Foreign Ministry official";
    not for a group: "Trump administration officials" speak as such)."""
    out: list[str] = []
    for k, t in enumerate(toks):
        if t in _PREPOSITIONS:
            rest = [x for x in toks[k + 1 :] if x not in DETERMINERS]
            parts: list[list[str]] = [[]]
            for x in rest:
                if x == "and":
                    parts.append([])
                elif x in _PREPOSITIONS and parts[-1] and not _is_org(parts[-1]):
                    parts[-1] = []  # "head of operations for the DEA": the DEA
                else:
                    parts[-1].append(x)
            found = [" ".join(clean(x) for x in p) for p in parts if p and _is_org(p)]
            if found:
                return found
    lead = [t for t in toks if clean(t)[:1].isupper() or bare(t) in ORG_HEADS]
    named = any(clean(t)[:1].isupper() for t in lead)  # "Foreign Ministry", not "government"
    if before_head and lead and named and _is_org(lead) and bare(lead[-1]) in ORG_HEADS:
        return [" ".join(clean(t) for t in lead)]
    return out


def _is_org(toks: list[str]) -> bool:
    if not toks:
        return False
    last = clean(toks[-1])
    proper = all(clean(t)[:1].isupper() or t in CONNECT for t in toks)
    return (
        bare(last) in ORG_HEADS
        or (proper and any(bare(t) in ORG_HEADS for t in toks))
        or (bool(ACRONYM.fullmatch(last)) and bare(last) not in NATIONALITY)
        or last in AGENCIES
    )


def read_phrase(toks: list[str]) -> Mention | None:
    """Split a noun phrase into its name and role parts and say what it names."""
    toks, acronym = _drop_brackets([t for t in toks if t])
    surface = " ".join(toks)
    indefinite = bool(toks) and toks[0] in ("a", "A", "an", "An")
    # "the", "Over 130", "A handful of", "Some of the": how many speak, not who
    while toks:
        if len(toks) > 2 and toks[1] == "of" and (bare(toks[0]) in QUANTITY_NOUNS or numeral(toks[0])):
            toks = toks[2:]  # "Some of the officials", "One of the ministers"
        elif toks[0] in _LEADERS or (toks[0][:1].isdigit() and numeral(toks[0])):
            toks = toks[1:]
        else:
            break
    if len(toks) == 1 and bare(toks[0]) == "others":
        return Mention("group", "others", "others", surface=surface)  # more of the group just heard
    if "in" in toks[1:]:  # "the trade minister in Lima": drop the locative, but not a
        k = toks.index("in", 1)  # body's own: "the Chinese Embassy in Mexico"
        own = bare(toks[k - 1]) in ORG_HEADS and not any(bare(t) in PERSON_HEADS for t in toks[:k])
        if not own or not toks[k + 1 : k + 2] or not toks[k + 1][:1].isupper():
            toks = toks[:k]
    toks = [c for c in (clean(t) for t in toks) if c]
    if not toks:
        return None
    m = _read(toks, acronym, indefinite)
    if m is not None:
        m.surface = surface.rstrip(",;:")
    return m


def _read(toks: list[str], acronym: str | None, indefinite: bool) -> Mention | None:
    text = " ".join(toks)
    if len(toks) == 1 and toks[0] in PRONOUNS:
        return Mention("pronoun", toks[0].lower())
    low = fold(text)
    if low in COUNTRY_NAMES or (bare(toks[-1]) in COUNTRY_HEADS and country_of(text)):
        return Mention("country", text, text)
    last = bare(toks[-1])
    if last in MESSAGE_HEADS and not toks[-1][:1].isupper():
        owner = [t for t in toks[:-1] if t not in DETERMINERS]
        if owner and possessive(owner[-1]):
            return read_phrase([*owner[:-1], owner[-1][:-2]])  # "Jian’s statement" → Jian
        if owner and all(t[:1].isupper() for t in owner):
            return read_phrase(owner)  # "a UN report" → UN
        return Mention("message", text)
    if ACRONYM.fullmatch(toks[-1]) and (len(toks) == 1 or toks[-1] in AGENCIES):
        return Mention("org", text, toks[-1], None, acronym)
    if len(toks) == 1 and _NUMBERED.fullmatch(toks[0]):
        return Mention("org", text, text)  # "The G20 said"
    of = _country_tail(toks)  # "President Ana Ruiz of Peru": the country is part of the role
    n = of
    while n > 0 and (is_name_word(toks[n - 1]) or (toks[n - 1] in PARTICLES and n < of)):
        n -= 1
    name, role_toks = " ".join(toks[n:of]), toks[:n]
    if name and of < len(toks) and role_toks and bare(role_toks[-1]) in PERSON_HEADS:
        return Mention("person", text, name, " ".join([*role_toks, *toks[of:]]))
    cut = next((k for k, t in enumerate(role_toks) if t in _PREPOSITIONS), None)
    core = role_toks[:cut]
    heads = [bare(t) for t in core if bare(t) in PERSON_HEADS or bare(t) in ORG_HEADS]
    head = heads[-1] if heads else None
    role = " ".join(t for t in role_toks if bare(t) not in HONORIFICS) or None
    if name:
        proper = all(t[:1].isupper() or t in CONNECT for t in toks)
        if (head in ORG_HEADS or head is None) and proper and role_toks[-1:] == ["and"]:
            return Mention("org", text, text, None, acronym)  # "Centers for … and Prevention"
        if head in ORG_HEADS and role_toks[-1] == "in":  # "Chinese Embassy in Washington"
            return Mention("org", text, text, None, acronym)
        if head in ORG_HEADS or name in AGENCIES:  # "Mexico’s state oil company Pemex"
            return Mention("org", text, name, role, acronym)
        if role_toks[-1:] in (["and"], ["&"]):
            return None  # "Smith and Jones": two speakers, neither alone
        if n == len(toks) - 1 and bare(name) in PARTY_GROUPS:
            return Mention("group", text, text)  # "Some Republicans have said"
        return Mention("person", text, name, role)
    if head in PLURAL_HEADS:
        return Mention("group", text, text, None, None, _affiliations(role_toks, before_head=False))
    if head in ORG_HEADS:
        m = Mention("org", text, text, None, acronym)
        return None if indefinite and m.generic else m  # "a group called Hamas"
    if head in PERSON_HEADS:
        return Mention("role", text, "", text, None, _affiliations(role_toks))
    return None


def _country_tail(toks: list[str]) -> int:
    """Where "of <country>" closes a titled name ("President Ana Ruiz of Peru"), else
    the phrase's length."""
    k = len(toks) - 2
    while k > 1 and toks[k] != "of":
        k -= 1
    if k > 1 and toks[k] == "of" and is_name_word(toks[k - 1]) and country_of(" ".join(toks[k + 1 :])):
        return k
    return len(toks)


def np_start(toks: list[str], i: int, allow_comma: bool = False) -> int:
    """Index of the first token of the noun phrase ending at ``toks[i]``."""
    k, head = i, False
    while k >= 0:
        t = toks[k].rstrip(",") if allow_comma and k == i else toks[k]
        if t[-1:] in ',;:”"' and not DOTTED.fullmatch(t):
            break
        if t.rstrip(",;:").endswith(")") and "(" not in t[1:]:
            j = k
            while j > max(k - 6, -1) and not toks[j].startswith("("):
                j -= 1
            if j > max(k - 6, -1) and (j < k or t.startswith("(")):
                k = j - 1  # "Bob Menendez (D-N.J.)", "Wang Xiaohong (center L)"
                continue
            break
        if t in DETERMINERS or (k < i and numeral(t)):
            if k > 0 and toks[k - 1] in ("of", "to"):  # "Minister of the Interior"
                k -= 1
                continue
            return _quantity_start(toks, k)
        c, low = clean(t), bare(t)
        if "(" in t or ")" in t:  # "(EFE).-": a dateline, not part of a name
            break
        ok = (c[:1].isupper() and c not in STOP) or low in DOMAIN or low in HONORIFICS
        ok = ok or possessive(t) or (k == i and low in MESSAGE_HEADS)  # "Jian’s statement"
        ok = ok or (k == i and low in COUNTRY_HEADS and k > 0 and bare(toks[k - 1]) in NATIONALITY)
        if k < i and (c in ("of", "and", "for", "on") or c in PARTICLES):
            ok = k > 0 and (toks[k - 1][:1].isupper() or bare(toks[k - 1]) in DOMAIN)
        elif k < i and c in ("in", "to"):  # "Embassy in Washington", "Ambassador to the U.N."
            ok = k > 0 and (bare(toks[k - 1]) in ORG_HEADS or bare(toks[k - 1]) in PERSON_HEADS)
        elif not ok and head and c.isalpha() and c.islower() and toks[k + 1][:1].islower():
            # a few plain modifiers after an article or possessive: "Venezuela’s opposition leader"
            j = k
            while j > k - 3 and j > 0 and toks[j].isalpha() and toks[j].islower():
                if toks[j] in VERB_WORDS or toks[j] in DETERMINERS or toks[j] in _FUNCTION:
                    break  # "A person familiar said Trump’s team": a clause, not a phrase
                j -= 1
            if toks[j] in DETERMINERS or possessive(toks[j]) or numeral(toks[j]):
                k = j
                continue
            if j < k and toks[j + 1] not in _FUNCTION and (
                toks[j][-1:] in ",;" or (toks[j] == "of" and bare(toks[j - 1]) in QUANTITY_NOUNS)
            ):
                return j + 1  # "…, policy experts remain", "dozens of island nations"
        if not ok:
            break
        head = head or low in PERSON_HEADS or low in ORG_HEADS or low in MESSAGE_HEADS
        k -= 1
    return k + 1


def pp_start(toks: list[str], start: int) -> int:
    """Widen a phrase back over the head it qualifies: "[A top official] with [the DEA]",
    "[Officials] from [China’s Foreign Ministry] and [the Ministry of Public Security]"."""
    for _ in range(3):
        j = start - 1
        if j > 0 and toks[j] == "of" and (bare(toks[j - 1]) in QUANTITY_NOUNS or numeral(toks[j - 1])):
            start = j - 1  # "[A handful] of [Republican lawmakers]"
            if start > 0 and toks[start - 1] in DETERMINERS:
                start -= 1
            continue
        if j > 0 and toks[j] == "and" and clean(toks[j - 1])[:1].isupper():
            inner = np_start(toks, j - 1)
            if inner <= j - 1:
                start, j = inner, inner - 1
        if j > 0 and toks[j] in ("with", "from", "at", "of", "for"):
            b = bare(toks[j - 1])
            if b in PERSON_HEADS or b in PLURAL_HEADS:
                start = np_start(toks, j - 1)
                continue
        break
    return start
