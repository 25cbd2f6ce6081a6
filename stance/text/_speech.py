"""The clause grammar of attribution: reporting verbs and noun phrases.

Works on one sentence at a time, with quoted words already masked (``mask_quotes``),
and says which noun phrase is the subject of which reporting verb; ``attribute`` then
decides, across the article, whom each phrase names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ._lexicon import (
    AGENCIES,
    CONNECT,
    COUNTRY_NAMES,
    DAYS,
    DETERMINERS,
    DOMAIN,
    FINITE,
    FOLLOWERS,
    HONORIFICS,
    INVERTIBLE,
    NATIONALITY,
    NP_LINKS,
    ORG_HEADS,
    PARTICIPLES,
    PARTICLES,
    PERSON_HEADS,
    PHRASAL,
    PRONOUNS,
    SKIP,
    STOP,
    SUBORDINATORS,
)
from ._quotes import Masked

_VERB_RE = re.compile(
    r"(?<![\w’'-])(according to|According to|"
    + "|".join(sorted(PHRASAL + tuple(FINITE) + PARTICIPLES, key=len, reverse=True))
    + r")(?![\w-])"
)


# "declared a state of emergency", "declared war": an act, not a statement
_PERFORMATIVE = re.compile(r"\s+(?:a|an|war|martial|independence|bankruptcy|curfew)\b")
SENTENCE_FINAL = re.compile(r"[.!?…][\"”’)\]]*$")
TOKEN = re.compile(r"\S+")
NAME_RUN = re.compile(
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?)(?:[ \t]+(?:(?:de|del|la|da|do|dos|van|von|der|bin|al|y)[ \t]+)?"
    r"(?:(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w’'-]*\.?))*"
)
# "(DEA)" after the name it abbreviates; the name is read back from there, word by word
ACRONYM_DEF = re.compile(r"\(([A-Z][A-Z.]+)\)")
_HEADLINE_COLON = re.compile(r"^([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s+\S")
_TRAIL = '.,;:!?”"’)]'
DOTTED = re.compile(r"(?:[A-Z]\.)+")
ACRONYM = re.compile(r"[A-Z][A-Z.]*[A-Z]\.?|(?:[A-Z]\.){2,}")


@lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")


@lru_cache(maxsize=1 << 16)
def clean(tok: str) -> str:
    if DOTTED.fullmatch(tok.rstrip(",;:")):
        return tok.rstrip(",;:")  # keep the dots of "U.S." and "U.N."
    return tok.strip(_TRAIL + "“‘(")


def _possessive(tok: str) -> bool:
    return clean(tok).endswith(("’s", "'s"))


@lru_cache(maxsize=1 << 16)
def bare(tok: str) -> str:
    """A token folded for the word lists: no possessive, no trailing dot."""
    t = fold(clean(tok))
    return t[:-2] if t.endswith("'s") else t


@lru_cache(maxsize=1 << 14)
def role_key(phrase: str) -> frozenset[str]:
    """Content words of a role or organisation, countries folded to one form."""
    words = {bare(t) for t in phrase.replace("-", " ").split()} - CONNECT - {"a", "an", "s"}
    out = {NATIONALITY.get(w, w) for w in words}
    return frozenset("spokesperson" if w.startswith("spokes") else w for w in out)


@dataclass
class Mention:
    """A noun phrase in speaker position, split into name and role."""

    kind: str  # pronoun | person | role | org | country
    text: str  # as written, without a leading article
    name: str = ""
    role: str | None = None
    acronym: str | None = None

    @property
    def generic(self) -> bool:
        """A bare head noun that points back: "the agency", "the government"."""
        return self.kind == "org" and all(not w[:1].isupper() for w in self.text.split())


@dataclass
class Cue:
    """A sentence's own attribution: the reporting verb and its subject."""

    verb: str
    mention: Mention
    direct: bool  # the sentence quotes speech
    rank: tuple[int, int]  # (0 main clause | 1 subordinate | 2 participle, offset)


def is_name_word(tok: str) -> bool:
    """A word that can be part of a person's name (not a title, country or acronym)."""
    b = bare(tok)
    return (
        tok[:1].isupper()
        and not ACRONYM.fullmatch(clean(tok))
        and b not in DOMAIN
        and b not in NATIONALITY
        and not _possessive(tok)
        and clean(tok) not in STOP
    )


def read_phrase(toks: list[str]) -> Mention | None:
    """Split a noun phrase into its name and role parts and say what it names."""
    toks = [t for t in toks if t]
    acronym = None
    indefinite = bool(toks) and toks[0] in ("a", "A", "an", "An")
    if toks and toks[0] in DETERMINERS:
        toks = toks[1:]
    if "in" in toks[1:]:  # "the Chinese Embassy in Washington": drop the locative
        toks = toks[: toks.index("in", 1)]
    kept = []
    for t in toks:
        if t.startswith("(") and t.endswith(")"):
            acronym = t[1:-1]
        else:
            kept.append(clean(t))
    toks = [t for t in kept if t]
    if not toks:
        return None
    text = " ".join(toks)
    if len(toks) == 1 and toks[0] in PRONOUNS:
        return Mention("pronoun", toks[0].lower())
    if fold(text) in COUNTRY_NAMES:
        return Mention("country", text, text)
    if ACRONYM.fullmatch(toks[-1]) and (len(toks) == 1 or toks[-1] in AGENCIES):
        return Mention("org", text, toks[-1], None, acronym)
    n = len(toks)
    while n > 0 and (is_name_word(toks[n - 1]) or (toks[n - 1] in PARTICLES and n < len(toks))):
        n -= 1
    name, role_toks = " ".join(toks[n:]), toks[:n]
    core = role_toks[: next((k for k, t in enumerate(role_toks) if t in ("of", "for", "on")), None)]
    heads = [bare(t) for t in core if bare(t) in PERSON_HEADS or bare(t) in ORG_HEADS]
    head = heads[-1] if heads else None
    role = " ".join(t for t in role_toks if bare(t) not in HONORIFICS) or None
    if name:
        if head in ORG_HEADS or name in AGENCIES:  # "Mexico’s state oil company Pemex"
            return Mention("org", text, name, role, acronym)
        return Mention("person", text, name, role)
    if head in ORG_HEADS:
        m = Mention("org", text, text, None, acronym)
        return None if indefinite and m.generic else m  # "a group called Hamas"
    if head in PERSON_HEADS:
        return Mention("role", text, "", text)
    return None


def np_start(toks: list[str], i: int, allow_comma: bool = False) -> int:
    """Index of the first token of the noun phrase ending at ``toks[i]``."""
    k, head = i, False
    while k >= 0:
        t = toks[k].rstrip(",") if allow_comma and k == i else toks[k]
        if t[-1:] in ',;:”"' and not DOTTED.fullmatch(t):
            break
        if t.startswith("(") and t.endswith(")"):
            k -= 1
            continue
        if t in DETERMINERS:
            if k > 0 and toks[k - 1] in ("of", "to"):  # "Minister of the Interior"
                k -= 1
                continue
            return k
        c, low = clean(t), bare(t)
        if "(" in t or ")" in t:  # "(EFE).-": a dateline, not part of a name
            break
        ok = (c[:1].isupper() and c not in STOP) or low in DOMAIN or low in HONORIFICS
        ok = ok or _possessive(t)
        if k < i and (c in ("of", "and", "for", "on") or c in PARTICLES):
            ok = k > 0 and (toks[k - 1][:1].isupper() or bare(toks[k - 1]) in DOMAIN)
        elif k < i and c in ("in", "to"):  # "Embassy in Washington", "Ambassador to the U.N."
            ok = k > 0 and (bare(toks[k - 1]) in ORG_HEADS or bare(toks[k - 1]) in PERSON_HEADS)
        elif not ok and head and c.isalpha() and c.islower():
            # a few plain modifiers after an article or possessive: "Venezuela’s opposition leader"
            j = k
            while j > k - 3 and j > 0 and toks[j].isalpha() and toks[j].islower():
                j -= 1
            if toks[j] in DETERMINERS or _possessive(toks[j]):
                k = j
                continue
        if not ok:
            break
        head = head or low in PERSON_HEADS or low in ORG_HEADS
        k -= 1
    return k + 1


def _clause_ok(toks: list[str], j: int) -> int | None:
    """0 main clause, 1 subordinate or reported clause, None: not a subject position."""
    if j < 0:
        return 0
    t = toks[j]
    if t in SUBORDINATORS:
        return 1
    if t[-1:] in ',;:”"—-' or t in ("and", "but", "And", "But", "–", "—", "-"):
        return 0
    return None


def _subject_before(masked: str, pos: int) -> tuple[Mention, int] | None:
    """The subject of a verb at ``pos`` and its clause rank: adverbs and "on Thursday"
    may stand between, an appositive may follow it ("Mao Ning, a spokesperson, said")."""
    toks = TOKEN.findall(masked[max(0, pos - 240) : pos])
    i = len(toks) - 1
    while i >= 0:
        if toks[i] in SKIP:
            i -= 1
        elif toks[i] in DAYS and i > 0 and toks[i - 1] in ("on", "last", "this", "earlier"):
            i -= 2
        else:
            break
    if i < 0:
        return None
    if toks[i] in PRONOUNS:
        rank = _clause_ok(toks, i - 1)
        return None if rank is None else (Mention("pronoun", toks[i].lower()), rank)
    if toks[i].endswith(","):  # "Name, role," or "role, Name,"
        k = i - 1
        while k > i - 14 and k >= 0 and not toks[k].endswith(","):
            k -= 1
        if k < 0 or not toks[k].endswith(","):
            return None
        inner = toks[k + 1 : i + 1]
        start = np_start(toks, k, allow_comma=True)
        a, b = read_phrase(inner), read_phrase(toks[start : k + 1])
        rank = _clause_ok(toks, start - 1)
        if a is None or b is None or rank is None:
            return None
        if b.kind in ("person", "org") and a.kind in ("role", "org"):
            return Mention(b.kind, b.text, b.name, b.role or a.text, b.acronym), rank
        if a.kind == "person" and b.kind in ("role", "org"):
            return Mention("person", a.text, a.name, b.text), rank
        return None
    start = np_start(toks, i)
    if start > i:
        return None
    rank = _clause_ok(toks, start - 1)
    m = read_phrase(toks[start : i + 1])
    return None if m is None or rank is None else (m, rank)


def _subject_after(masked: str, pos: int) -> Mention | None:
    """The noun phrase after an inverted verb or "according to", with its appositive."""
    toks = TOKEN.findall(masked[pos : pos + 240])
    np: list[str] = []
    for t in toks:
        c = clean(t)
        low = bare(t)
        if not np and t in DETERMINERS:
            np.append(t)
            continue
        if (
            (c[:1].isupper() and c not in STOP)
            or low in DOMAIN
            or _possessive(t)
            or (np and c in NP_LINKS)
        ):
            np.append(t)
            if t[-1:] in ",.;:" and not DOTTED.fullmatch(t):
                break
        else:
            if c.isalpha() and c.islower() and c not in FOLLOWERS:
                return None  # "according to official figures": the phrase goes on
            break
    if not np:
        return None
    m = read_phrase(np)
    if m is None or not np[-1].endswith(","):
        return m
    second: list[str] = []
    for t in toks[len(np) :]:
        second.append(t)
        if t[-1:] in ",.;:":
            break
    r = read_phrase(second)
    if r is None:
        return m
    if m.kind == "person" and r.kind in ("role", "org"):
        return Mention("person", m.text, m.name, m.role or r.text)
    if m.kind in ("role", "org") and r.kind == "person" and not r.role:
        return Mention("person", r.text, r.name, m.text)
    return m


def find_cue(sentence: Masked) -> Cue | None:
    """The sentence's own attribution: the best-ranked reporting verb with a subject."""
    best: Cue | None = None
    masked = sentence.text
    for vm in _VERB_RE.finditer(masked):
        verb, start, end = vm.group(), vm.start(), vm.end()
        mention, rank = None, (0, start)
        if verb.startswith("declare") and _PERFORMATIVE.match(masked, end):
            continue  # "declared a state of emergency" is an act, not a statement
        if verb.lower() == "according to":
            mention = _subject_after(masked, end)
        elif verb in PARTICIPLES:
            lead = masked[:start].rstrip()
            if lead.endswith(","):
                mention, rank = _main_subject(masked), (2, start)
            elif lead.endswith(" as"):  # "was quoted as saying"
                mention = _main_subject(masked)
        else:
            got = _subject_before(masked, start)
            if got is not None:
                mention, rank = got[0], (got[1], start)
            elif verb in INVERTIBLE and masked[:start].rstrip()[-1:] in ',”"':
                mention = _subject_after(masked, end)
        if mention is None or mention.text in ("we", "i"):
            continue
        if best is None or rank < best.rank:
            best = Cue(verb, mention, sentence.speech, rank)
    return best


def _main_subject(masked: str) -> Mention | None:
    """The subject of the sentence's first clause, for "…, saying that …"."""
    for tm in TOKEN.finditer(masked):
        t = tm.group()
        if t[:1].islower() and bare(t) not in DOMAIN and t not in CONNECT:
            got = _subject_before(masked, tm.start())
            if got is not None:
                return got[0]
            if t not in SKIP:
                return None
    return None


APPOSITION = re.compile(r",\s+((?:[^,;:()“”\".]|(?<=[A-Z])\.){3,90}?)(?=[,.;:]|\s*$)")


def headline_cue(text: str, masked: Masked) -> Cue | None:
    m = _HEADLINE_COLON.match(text)
    # "Mao Ning: US should look at itself", not "Published: Apr 12, 2024 09:14 PM"
    if m and m.group(1).split()[0] not in STOP and re.search(r"\b[a-z]+\b", text[m.end() - 1 :]):
        mention = read_phrase(m.group(1).split())
        if mention is not None and mention.kind != "role":
            return Cue(":", mention, False, (0, 0))
    return find_cue(masked)


def clear_caches() -> None:
    """Empty the word caches (benchmarks measure a cold start with it)."""
    for cached in (fold, clean, bare, role_key):
        cached.cache_clear()
