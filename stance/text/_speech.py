"""The clause grammar of attribution: which noun phrase is the subject of which
reporting verb.

Works on one sentence at a time, with quoted words already masked (``mask_quotes``).
A cue is a reporting verb in any of its forms (``says``, ``has repeatedly said``, ``is
disputing``, ``hit back``, ``issued a statement``, ``cut in to ask``) with its subject
before it — past adverbs, time phrases and interrupters (``The navy, for its part,``,
``Trump, who …,``) — or after it (``,” declared Rosa Icela Rodríguez``), or ``according
to X``. ``_entities`` decides, across the article, whom each phrase names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._phrases import (
    TOKEN,
    Mention,
    bare,
    clean,
    fold,
    np_start,
    read_phrase,
)
from ._quotes import Masked
from ._subjects import BACKGROUND, governing_subject, main_subject, subject_after, subject_before
from ._verbs import (
    ANONYMITY,
    ANONYMOUS,
    AUXILIARIES,
    BASE_FORMS,
    CLAUSE_ONLY,
    FINITE,
    HEADLINE_ONLY,
    INFINITIVES,
    INVERTIBLE,
    MESSAGES,
    MODALS,
    NOT_SPOKEN,
    OBJECT_VERBS,
    PARTICIPLES,
    PERFORMATIVE_OBJECTS,
    PHRASAL,
    POSITION_HEADS,
    REACTIONS,
    SKIP,
    TIME_LEADS,
    TIME_WORDS,
    TRAILING_ONLY,
)


def _alternation(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_WORDS = set(FINITE) | set(PHRASAL) | set(PARTICIPLES) | set(OBJECT_VERBS) | set(INFINITIVES)
_WORDS |= CLAUSE_ONLY | TRAILING_ONLY
_WORDS |= {"according to", "According to", "read", "reads"}
# first word -> the verbs that start with it ("pointed" -> "pointed out"), longest first
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _v in sorted(_WORDS | HEADLINE_ONLY, key=len, reverse=True):
    _BY_FIRST.setdefault(_v.split()[0], []).append(tuple(_v.split()))
# a word, with what may glue to it ("Trump’s", "well-known", "said,")
_WORD = re.compile(r"[\w’'-]+")
_FIRSTS = frozenset(_BY_FIRST)


@lru_cache(maxsize=2048)
def _occurrences(word: str) -> re.Pattern[str]:
    """Where a word stands on its own, with the rest of a phrase it may begin."""
    return re.compile(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])((?: [\w’'-]+){{0,2}})")


def _verbs(masked: str, headline: bool) -> list[tuple[str, int, int]]:
    """Every reporting verb in the sentence: (verb, start, end). The sentence's words
    meet the word lists in one set intersection; only the words found are located."""
    present = _FIRSTS.intersection(_WORD.findall(masked))
    out: list[tuple[str, int, int]] = []
    for first in present:
        for m in _occurrences(first).finditer(masked):
            rest = m.group(1).split()
            for cand in _BY_FIRST[first]:
                if list(cand[1:]) != rest[: len(cand) - 1]:
                    continue  # "pointed, out" is not "pointed out"
                verb = " ".join(cand)
                if verb in HEADLINE_ONLY and not headline:
                    break
                tail = len(" ".join(cand[1:])) + (1 if len(cand) > 1 else 0)
                out.append((verb, m.start(), m.start() + len(first) + tail))
                break
    out.sort(key=lambda v: v[1])
    return out


_BE = frozenset("is are was were be been being".split())
# "Beijing’s message has been clear": a position held out as a statement
_POSITION = re.compile(
    r"(?:’s|'s)\s+(" + _alternation(POSITION_HEADS) + r")\s+(?:has been|is|was|remains|remained)\b"
)
# "are confident that", "remain skeptical that": a position the subject holds out
_STANCE = re.compile(
    r"\b(?:is|are|was|were|remains?|remained|(?:has|have|had) been)\s+(?:still\s+|also\s+|deeply\s+)?"
    r"(skeptical|sceptical|confident|convinced|doubtful|adamant)\s+(?:that|whether)\b"
)
# "Data from the CDC showed…": the figures' source speaks, as with "according to" (guide 3.5)
_DATA_FROM = re.compile(
    r"(?P<lead>\b(?:[Dd]ata|[Ff]igures|[Ss]tatistics|[Nn]umbers)\s+(?:released\s+|published\s+)?(?:from|by)\s)"
    r"[^,;:]{3,120}?\s(?P<verb>show|shows|showed|indicate|indicates|indicated)\b"
)
_MESSAGE_FROM = re.compile(
    r"\s+(?:an?|the)\s+(?:\w+\s+)?(?:statement|report|readout|letter|release|post|transcript)"
    r"\s+(?:from|by|of|issued by|released by)(?=\s)"
)
# "added 10 companies to its list": a thing added, not words
_ADDED_TO = re.compile(r"^\s+(?!that\b|on\b|in\b|at\b|during\b)[^,;:“\"]{1,80}?\bto\s+(?:the|its|their|a|his|her)\b")
_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|would|will|could|can|should|must|has|have|had)\b")
_BY_ACTING = re.compile(r"^[^,;]{0,80}?\bby\s+\w+ing\b")  # "responded … by imposing"
# what a pronoun may point back to within its sentence
_ANTECEDENTS = {
    "he": ("person",), "she": ("person",), "it": ("org", "country"), "they": ("group", "org", "country"),
}
SENTENCE_FINAL = re.compile(r"[.!?…][\"”’')\]]*$")


@dataclass
class Cue:
    """A sentence's own attribution: the reporting verb and its subject."""

    verb: str
    mention: Mention
    direct: bool  # the sentence quotes speech
    rank: tuple[int, int]  # (0 main clause | 1 subordinate | 2 participle | 3 relayed, offset)
    trailing: bool = False  # the claim comes first: "…, the embassy said."


# "Delegates from 90 nations attended, underscoring the concern": what a fact shows
EVIDENTIAL = frozenset("underscoring highlighting signaling signalling suggesting".split())


def _last_word(text: str) -> str:
    toks = text.split()
    return toks[-1] if toks else ""


def find_cue(sentence: Masked, headline: bool = False) -> Cue | None:
    """The sentence's own attribution: the best-ranked reporting verb with a subject."""
    best: Cue | None = None
    masked = sentence.text
    seen: list[Mention] = []  # the subjects of the sentence's verbs, in order
    for verb, start, end in _verbs(masked, headline):
        got = _verb_cue(masked, verb, start, end, headline)
        if got is None:
            continue
        mention, rank, trailing = got
        if mention.text in ("we", "i"):
            continue
        if ANONYMOUS & {bare(t) for t in mention.text.split()} and "familiar" in mention.text:
            rank = (3, rank[1])  # "a person familiar said X rejected…": X's voice
        if mention.kind == "pronoun":
            # "While the agency conceded…, it said…": the subject of the clause before
            mention = next((m for m in reversed(seen) if m.kind in _ANTECEDENTS[mention.text]), mention)
        else:
            seen.append(mention)
        if best is None or rank < best.rank:
            best = Cue(verb, mention, sentence.speech, rank, trailing)
            if rank[0] == 0:
                break  # a later verb ranks after a main clause's: (0, earlier offset) wins
    hint = "ptical" in masked or "confident" in masked or "convinced" in masked or "doubtful" in masked or "adamant" in masked
    for sm in _STANCE.finditer(masked) if hint else ():  # "experts remain skeptical that…"
        held = subject_before(masked, sm.start())
        if held is not None and held[0].text != "it" and (best is None or (held[1], sm.start()) < best.rank):
            best = Cue(sm.group(1), held[0], sentence.speech, (held[1], sm.start()))  # not "it is doubtful that"
    if best is not None and best.rank[0] == BACKGROUND:
        best = None  # "The reply came a day after Ruiz said…": the writer's
    hint = "ata " in masked or "igures " in masked or "tatistics " in masked or "umbers " in masked
    for dm in _DATA_FROM.finditer(masked) if hint else ():  # "Data from X showed that…"
        source = subject_after(masked[: dm.start("verb")], dm.end("lead"))
        if source is not None and source.kind in ("org", "country", "group") and (best is None or (2, dm.start()) < best.rank):
            best = Cue(dm.group("verb"), source, sentence.speech, (2, dm.start()))
    for pm in _POSITION.finditer(masked):
        toks = TOKEN.findall(masked[: pm.start() + 2])
        start = np_start(toks, len(toks) - 1)
        m = read_phrase([*toks[start:-1], toks[-1][:-2]]) if start < len(toks) else None
        if m is not None and (best is None or (0, pm.start()) < best.rank):
            best = Cue(pm.group(1), m, sentence.speech, (0, pm.start()))
    return best


def _verb_cue(
    masked: str, verb: str, start: int, end: int, headline: bool
) -> tuple[Mention, tuple[int, int], bool] | None:
    lead = masked[:start].rstrip()
    after = masked[end : end + 120]
    prev = _last_word(lead)
    if verb.lower() == "according to":
        via = _MESSAGE_FROM.match(masked, end)  # "according to a statement from the ministry"
        m = subject_after(masked, via.end() if via else end)
        return None if m is None else (m, (0, start), start > 0)
    if verb in ("read", "reads"):  # "…,” read the statement." / "…,” a statement read."
        if lead[-1:] not in ',”"':
            got = subject_before(masked, start) if not after.strip(" .") else None
            ok = got is not None and got[2] and got[0].kind == "message"
            return (got[0], (got[1], start), True) if got is not None and ok else None
        m = read_phrase(after.split()[:3])
        return (m, (0, start), True) if m is not None and m.kind == "message" else None
    if verb in CLAUSE_ONLY and not _clause_next(after):
        return None  # "charged with fraud", "member states"
    if verb in TRAILING_ONLY:  # "…,” she continued."
        got = subject_before(masked, start) if _trails(True, after) else None
        return (got[0], (got[1], start), True) if got is not None and got[2] else None
    if verb.startswith("declare") and after.split()[:1] and after.split()[0] in PERFORMATIVE_OBJECTS:
        return None  # "declared a state of emergency" is an act, not a statement
    if verb.startswith(("ask", "Ask")) and any(after.lstrip().startswith(a) for a in ANONYMITY):
        return None  # "asked not to be identified"
    if verb.startswith(("respond", "react")) and _BY_ACTING.match(after):
        return None  # "responded to the tariffs by imposing…": an act
    if verb.startswith("react") and bare(after.split()[0] if after.split() else "") not in REACTIONS:
        return None  # "reacted with indignation", not "Markets reacted with alarm"
    added = _ADDED_TO.match(after) if verb in ("add", "adds", "added") else None
    if added and not _CLAUSE_VERB.search(added.group()):
        return None  # "added two chemicals to the list": an act; not "added the deal was a boost to the…"
    if verb in OBJECT_VERBS:
        words = [bare(t) for t in after.split()[:6]]
        if not any(w in MESSAGES for w in words) and not (verb.startswith("post") and "that" in words):
            return None  # "sent troops"; but "posted on social media that…" is speech
    if prev == "to":  # "cut in to ask", "stood before the cameras to proclaim"
        before = lead[:-2].split()
        if verb not in INFINITIVES or not before or bare(before[-1]) in NOT_SPOKEN:
            return None
        gov = governing_subject(masked, lead[:-2])
        return None if gov is None else (gov[0], (gov[1], start), False)
    if verb in INFINITIVES and verb not in FINITE and verb not in CLAUSE_ONLY:
        return None
    if verb in PARTICIPLES:
        toks = lead.split()
        i = len(toks) - 1
        while i >= 0 and toks[i] in SKIP and toks[i] not in AUXILIARIES:
            i -= 1
        if i >= 0 and toks[i] in AUXILIARIES:  # "is disputing", "is still vowing"
            got = subject_before(masked, _offset_of(masked, i))
            return None if got is None else (got[0], (got[1], start), _trails(got[2], after))
        if lead.endswith(",") and verb not in EVIDENTIAL:
            m = main_subject(masked)
            return None if m is None else (m, (2, start), False)
        if lead.endswith(" as"):  # "was quoted as saying"
            m = main_subject(masked)
            return None if m is None else (m, (0, start), False)
        return None
    if (verb in BASE_FORMS or verb in CLAUSE_ONLY) and _after_modal(lead):
        return None  # "Canada will add…", "did not say"
    if verb.endswith(("ed", "id", "ld", "en")) and _passive(lead):
        return None  # "It is reported that…", "was told": not the subject's speech
    got = subject_before(masked, start)
    if got is not None:
        if got[1] == 0 and not got[2] and not after.strip(" .!?”\"’'"):
            return None  # "NPR correspondent Brian Mann reports.": no claim
        return got[0], (got[1], start), _trails(got[2], after)
    if prev == "and" and not headline:  # "It has pointed to its laws and warned that…"
        m = main_subject(masked)
        return None if m is None else (m, (0, start), False)
    if headline and lead.endswith(","):  # "Envoy Dodges Question, Says Talks Go On"
        m = main_subject(masked)
        return None if m is None else (m, (1, start), False)
    if verb in INVERTIBLE and lead[-1:] in ',”"':
        m = subject_after(masked, end)
        return None if m is None else (m, (0, start), True)
    return None


def _clause_next(after: str) -> bool:
    """A reported clause follows, past adverbs and a time phrase: "on Tuesday that"."""
    toks = after.split()[:6]
    k = 0
    while k < len(toks) and (toks[k] in SKIP or toks[k] in TIME_LEADS or toks[k].rstrip(",") in TIME_WORDS):
        k += 1
    return k < len(toks) and (toks[k] in ("that", "whether", "if") or toks[k][:1] in ':“"')


def _trails(after_claim: bool, rest: str) -> bool:
    """The attribution closes the sentence: "…, the embassy said (on Monday)."."""
    words = rest.split()
    return after_claim and len(words) <= 8 and "that" not in words


def _passive(lead: str) -> bool:
    """A form of "be" right before the verb: "is reported", "was told"."""
    for t in reversed(lead.split()[-3:]):
        if t in _BE:
            return True
        if t not in SKIP or t in ("has", "have", "had"):
            return False
    return False


def _after_modal(lead: str) -> bool:
    """A modal or negation right before a base form: "will add", "did not say"."""
    for t in reversed(lead.split()[-4:]):
        if t.lower() in MODALS or t.endswith(("n't", "n’t")):  # "Will Admit" in a headline
            return True
        if t not in SKIP:
            return False
    return False


def _offset_of(masked: str, i: int) -> int:
    """The character offset of token ``i`` of ``masked.split()``."""
    for k, m in enumerate(TOKEN.finditer(masked)):
        if k == i:
            return m.start()
    return len(masked)


def clear_caches() -> None:
    """Empty the word and phrase caches, of every language (benchmarks measure a cold
    start with it)."""
    from ._phrases import is_name_word, possessive, role_key
    from ._phrases_es import _read_phrase, clean_es, is_name_es
    from ._phrases_zh import read_zh
    from ._speech_es import _occurrences, clear_words

    for cached in (fold, clean, bare, role_key, is_name_word, possessive):
        cached.cache_clear()
    for lang_cached in (_read_phrase, clean_es, is_name_es, read_zh, _occurrences):
        lang_cached.cache_clear()
    clear_words()
