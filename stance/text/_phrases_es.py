"""Spanish noun phrases in speaker position: what a phrase names (a person with a
role, a role alone, a body, a country, a group, a pronoun or a message), and the roles
an article gives a name. Spanish phrases put the head first (``el secretario de
Estado``, ``la Embajada de China en México``, ``la presidenta Claudia Sheinbaum``);
``_speech_es`` finds the phrases and the article's Registry decides whom they name."""

from __future__ import annotations

import re
from functools import lru_cache

from ._lexicon import NATIONALITY
from ._lexicon_es import (
    ADVERBS,
    CONJUNCTIONS,
    COUNTRY_FORMS,
    DETERMINERS,
    DOMAIN,
    FEMININE,
    MASCULINE,
    MESSAGE_HEADS,
    ORG_HEADS,
    PLURAL_HEADS,
    PREPOSITIONS,
    ROLE_HEADS,
    STOP,
    SUBORDINATORS,
)
from ._lexicon_es import NATIONALITY as NATIONALITY_ES
from ._phrases import TOKEN, Mention, fold

_TRAIL = '.,;:!?”"’)]»…—–_'
_LEAD = "“‘(«¿¡\"'"
_PARTICLES = frozenset("de del la las los y e".split())
_PRONOUNS = {"él": "he", "ella": "she", "ellos": "they", "ellas": "they"}
#: "el país norteamericano", "la parte china": a country by its side
_COUNTRY_HEADS = frozenset("pais nacion parte lado".split())
#: words that open a phrase without belonging to it ("pero entonces Mao Ning")
_LEADERS = ADVERBS | CONJUNCTIONS | frozenset("por su parte".split())
#: prepositions inside a name or a role: "Embajada de China en México"
_INSIDE = frozenset("de del en".split())
_COUNTRY_WORDS = frozenset(NATIONALITY_ES) | {
    fold(f) for forms in COUNTRY_FORMS.values() for f in forms
}


@lru_cache(maxsize=1 << 14)
def clean_es(tok: str) -> str:
    return tok.strip(_TRAIL).lstrip(_LEAD)


@lru_cache(maxsize=1 << 14)
def is_name_es(tok: str) -> bool:
    """A word that can belong to a person's name: capitalised, not a title, an
    institution, a country, an acronym or a word that opens sentences."""
    c = clean_es(tok)
    if not c[:1].isupper() or c in STOP or (len(c) > 1 and c.isupper()):
        return False
    f = fold(c)
    return (
        f not in DOMAIN
        and f not in ROLE_HEADS
        and f not in ORG_HEADS
        and f not in NATIONALITY
        and f not in _COUNTRY_WORDS
        and "." not in c
    )


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.replace(".", "").isalpha() and word.replace(".", "").isupper()


def _affiliations(words: list[str]) -> list[str]:
    """The body a role belongs to: "portavoz del Ministerio chino de Asuntos
    Exteriores" → ["Ministerio chino de Asuntos Exteriores"]."""
    for k, w in enumerate(words):
        if fold(w) in ("de", "del") and k + 1 < len(words):
            rest = [x for x in words[k + 1 :] if fold(x) not in ("el", "la", "los", "las")]
            if rest and rest[0][:1].isupper() and (fold(rest[0]) in ORG_HEADS or _acronym(rest[0])):
                return [" ".join(rest)]
    return []


def read_es(toks: list[str]) -> Mention | None:
    """Split a Spanish noun phrase into its name and role and say what it names (the
    same phrase, the same answer: callers never change what they get)."""
    return _read_phrase(tuple(toks))


@lru_cache(maxsize=1 << 13)
def _read_phrase(toks: tuple[str, ...]) -> Mention | None:
    surface = " ".join(toks).rstrip(",;:—–_")
    words = [c for c in (clean_es(t) for t in toks) if c]
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return Mention("pronoun", _PRONOUNS[words[0].lower()], surface=surface)
    gender, indefinite = None, False
    while words and (fold(words[0]) in DETERMINERS or fold(words[0]) in _LEADERS):
        f = fold(words[0])
        gender = "f" if f in FEMININE else "m" if f in MASCULINE else gender
        indefinite = indefinite or f.startswith("un")
        words = words[1:]
    if not words or len(words) > 12:
        return None
    m = _read(words, gender, indefinite)
    if m is not None:
        m.surface = surface
    return m


def _read(words: list[str], gender: str | None, indefinite: bool) -> Mention | None:
    text = " ".join(words)
    low = fold(text)
    head = fold(words[0])
    if low in _COUNTRY_WORDS:
        return Mention("country", text, text)
    if head in _COUNTRY_HEADS and len(words) == 2 and fold(words[1]) in NATIONALITY:
        return Mention("country", text, text)  # "el país norteamericano"
    if head in MESSAGE_HEADS:
        k = next((k for k, w in enumerate(words) if fold(w) in ("de", "del")), None)
        owner = read_es(words[k + 1 :]) if k is not None else None
        if owner is not None and owner.kind in ("person", "org", "country"):
            return owner  # "el comunicado de la embajada": the embassy
        return Mention("message", text)
    if head in ORG_HEADS:
        m = Mention("org", text, text, gender=gender)
        return None if indefinite and m.generic else m
    if head in PLURAL_HEADS:
        return Mention("group", text, text, orgs=_affiliations(words), gender=gender)
    n = len(words)
    while n > 0 and (is_name_es(words[n - 1]) or (fold(words[n - 1]) in _PARTICLES and n < len(words))):
        n -= 1
    while n < len(words) and fold(words[n]) in _PARTICLES:
        n += 1  # a name never starts with "de"
    name, role = words[n:], words[:n]
    if head in ROLE_HEADS:
        if name and len(name) <= 5:
            g = gender or ("f" if head.endswith("a") and head not in ("papa", "agente") else None)
            return Mention("person", text, " ".join(name), " ".join(role), gender=g)
        if name:
            return None
        g = gender or ("f" if head.endswith("a") else None)
        return Mention("role", text, "", text, orgs=_affiliations(words), gender=g)
    if not role and name:
        if len(name) == 1 and _acronym(name[0]):
            return Mention("org", text, text)
        return Mention("person", text, text, gender=gender) if len(name) <= 5 else None
    if len(words) == 1 and _acronym(words[0]):
        return Mention("org", text, text)  # "la DEA", "la SRE"
    return None


def tail_np(toks: list[str], i: int) -> int:
    """Index of the first token of the noun phrase that ends at ``toks[i]``; ``i + 1``
    when there is none. Stops at punctuation, a subordinator, an adverb or a
    determiner that opens the phrase (``de la`` and ``en la`` stay inside)."""
    k = i
    while k >= 0:
        t = toks[k]
        if k < i and (t[-1:] in ",;:”»\"—–" or ".-" in t or t.endswith(")")):
            break
        f = fold(clean_es(t))
        if f in SUBORDINATORS or f in _LEADERS or not f or (f in PREPOSITIONS and f not in _INSIDE):
            break  # "instruyó al secretario de Economía": the phrase starts after "al"
        if f in DETERMINERS:
            if k > 0 and fold(toks[k - 1]) in PREPOSITIONS:
                k -= 1
                continue
            return k
        if i - k > 10:
            break
        k -= 1
    return k + 1


def roles_es(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], str | None]:
    """The roles an article gives a name, and a gender: ``el presidente de México,
    Andrés Manuel López Obrador``, ``la presidenta Claudia Sheinbaum``, ``Mao Ning,
    portavoz del Ministerio…``."""
    roles: list[str] = []
    gender = None
    for start, end in spans[:8]:
        left = TOKEN.findall(text[max(0, start - 160) : start])
        cands: list[Mention | None] = []
        if left and left[-1].endswith(",") and len(left) > 1:
            left[-1] = left[-1][:-1]
            cands.append(read_es(left[tail_np(left, len(left) - 1) :]))
        elif left:
            k = tail_np(left, len(left) - 1)
            if k < len(left):
                whole = read_es([*left[k:], *text[start:end].split()])
                cands.append(whole if whole is not None and whole.kind == "person" else None)
        after = text[end : end + 160]
        if after.startswith(","):  # "Mao Ning, portavoz del…," — closed, and no clause
            chunk = re.match(r",([^,.;:]{3,100})[,.;:]", after)
            words = chunk.group(1).split() if chunk else []
            if words and not any(fold(clean_es(w)) in SUBORDINATORS for w in words):
                cands.append(read_es(words))
        for m in cands:
            if m is None:
                continue
            if m.kind == "role":
                roles.append(m.text)
                gender = gender or m.gender
            elif m.kind == "person" and m.role:
                roles.append(m.role)
                gender = gender or m.gender
    return roles, gender
