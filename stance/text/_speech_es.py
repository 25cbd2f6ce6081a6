"""The clause grammar of Spanish attribution: which noun phrase is the subject of
which reporting verb.

A cue is a reporting verb in the forms news copy uses (``dijo``, ``afirmó``, ``ha
señalado``, ``había avanzado que``) with its subject before it (``el secretario de
Estado criticó``, ``Mao Ning, portavoz del…, afirmó``), after it (``«…», afirmó el
secretario``, ``expuso este viernes el secretario de Marina, José Rafael Ojeda``) or
left out (``Señaló que…``, ``", dijo.``: the speaker heard last), or ``según X`` /
``de acuerdo con X``. Quoted words are masked first (``_quotes_es``). A verb under
``se`` (``se le preguntó``), after ``no``, or inside a question (``¿Qué declaró
Trump…?``) reports no one's speech.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from ._entities import Entity
from ._lexicon_es import (
    ACCORDING,
    ADVERBS,
    AUXILIARIES,
    CLAUSE_OPENERS,
    CLITICS,
    CONJUNCTIONS,
    DETERMINERS,
    MESSAGE_HEADS,
    NEGATIONS,
    PARTICIPLE_ENDINGS,
    PREPOSITIONS,
    ROLE_HEADS,
    SUBORDINATORS,
    TIME_LEADS,
    TIME_WORDS,
    VERBS,
    WITH_CLAUSE,
    fold_plain,
)
from ._phrases import TOKEN, Mention, fold
from ._phrases_es import clean_es, is_name_es, read_es, tail_np
from ._quotes import Masked
from ._speech import Cue

_WORD = re.compile(r"[^\W\d_]+")
_ACCORDING = re.compile(r"(?<!\w)(?:seg[úu]n|de acuerdo con|a decir de|en palabras de)(?!\w)", re.I)
_MAY_ACCORD = re.compile("eg[úu]n|cuerdo con|decir de|palabras de")  # cheap before _ACCORDING
_ENDS = ",;:”»\"—–"
_MAY_PUBLISH = re.compile("ublic|ifund|miti|ivulg")  # cheap before _PUBLISHED
_PUBLISHED = re.compile(
    r"(?<!\w)(?P<verb>publicad[oa]|public[óo]|publicaron|difundid[oa]|difundi[óo]|difundieron|emitid[oa]|"
    r"emiti[óo]|emitieron|divulgad[oa]|divulg[óo]|divulgaron)\s+(?:un|una|el|la)\s+(?P<msg>\w+)(?:\s+\w+)?\s+"
    r"(?:donde|en (?:el|la) (?:que|cual))\s"
)
_INTERRUPTERS = frozenset("quien quienes que cual cuyo cuya tras al durante en ante por segun".split())
_LEADING = re.compile(r"^([^:]{2,60}?)\s*:\s+\S")
_TRAILING = re.compile(r"[:,]\s+((?:\S+\s+){0,5}\S+)\s*$")
# a date or an earlier event: background the journalist supplies
_DATED = re.compile(
    r"(?i:\b(?:el|este|esta|ayer|hoy|pasado|en)\s+(?:lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre|(?:19|20)\d\d)\b|\bhace\s+(?:\w+\s+)?(?:días|semanas|meses|años)\b|"
    r"\b\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre)\b)"
)
_CONTRAST = frozenset("pero sin no obstante aunque".split())
_COMMENT = frozenset("esto eso ello este esta estos estas él ella".split())
Found = tuple[Mention, tuple[int, int], bool]  # subject, rank, trailing


def find_cue_es(sentence: Masked, ctx: object = None) -> Cue | None:
    """The sentence's own attribution: the best-ranked reporting verb with a subject."""
    text = sentence.text
    best: Cue | None = None
    for word in _verb_words(set(_WORD.findall(text))):
        for m in _occurrences(word).finditer(text):
            got = _verb_cue(text, fold(word), m.start(), m.end())
            if got is not None and (best is None or got[1] < best.rank):
                best = Cue(word, got[0], sentence.speech, got[1], got[2])
    for m in islice(_PUBLISHED.finditer(text), 20) if _MAY_PUBLISH.search(text) else ():
        # "ha publicado una hoja informativa donde…": the issuer says what the document does
        if fold(m.group("msg")) in MESSAGE_HEADS:
            got = _verb_cue(text, fold(m.group("verb")), m.start("verb"), m.end("verb"))
            if got is not None and (best is None or got[1] < best.rank):
                best = Cue(m.group("verb"), got[0], sentence.speech, got[1], False)
    if best is not None and best.rank[0] == _BACKGROUND:
        best = None  # "La respuesta llega un día después de que Trump dijo…": the writer's
    # a sentence names a handful of sources: a hostile one is read no further than 20
    for m in islice(_ACCORDING.finditer(text), 20) if _MAY_ACCORD.search(text) else ():
        after = text[m.end() :].split()[:1]
        if after and fold(clean_es(after[0])) in VERBS:
            continue  # "según dijo el ministro": the verb has it
        subj = subject_after(text, m.end())
        # a relay: the voice it relays wins ("Según Reuters, el ministro dijo…": the minister)
        if subj is not None and subj.kind != "pronoun" and (best is None or (2, m.start()) < best.rank):
            lead = text[: m.start()].rstrip()
            best = Cue(text[m.start() : m.end()], subj, sentence.speech, (2, m.start()), lead[-1:] == ",")
    return best


# Words as written, once looked up: all of them, and those that are a reporting verb's
# form. Set operations find a sentence's verbs without a Python step per known word.
_SEEN: set[str] = set()
_VERB_WORDS: set[str] = set()


def _verb_words(words: set[str]) -> set[str]:
    """The words of a sentence that are reporting verbs' forms."""
    new = words - _SEEN
    if new:
        if len(_SEEN) > 50_000:
            clear_words()  # bounded: a hostile text cannot grow it without end
        _SEEN.update(new)
        # str.translate folds without a Unicode decomposition for every word
        _VERB_WORDS.update(w for w in new if fold_plain(w) in VERBS or fold_plain(w) in WITH_CLAUSE)
    return words & _VERB_WORDS


def clear_words() -> None:
    _SEEN.clear()
    _VERB_WORDS.clear()


@lru_cache(maxsize=1024)
def _occurrences(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])")


def _verb_cue(text: str, f: str, start: int, end: int) -> Found | None:
    q = text.rfind("¿", 0, start)
    if q >= 0 and text.find("?", q, start) < 0:
        return None  # "¿Qué declaró Trump…?": a question about speech
    toks = TOKEN.findall(text[max(0, start - 300) : start])
    i = len(toks) - 1
    if f.endswith(PARTICIPLE_ENDINGS):
        while i >= 0 and fold(toks[i]) in ADVERBS:
            i -= 1
        if i < 0 or fold(toks[i]) not in AUXILIARIES:
            return None  # "lo dicho", "el acuerdo firmado": no verb of speech
        i -= 1
    if f in WITH_CLAUSE and not _clause_follows(text, end) and not (toks and toks[-1][-1:] in _ENDS):
        return None  # "las tropas avanzaron"
    while i >= 0:
        t = toks[i]
        w = fold(clean_es(t))
        if t[-1:] in _ENDS or ".-" in t:
            break
        if w == "se" or w in NEGATIONS:
            return None  # "se le preguntó", "no dijo cuándo"
        if w in CLITICS or w in ADVERBS or w in AUXILIARIES:
            i -= 1
        elif w in TIME_WORDS and i > 0 and fold(toks[i - 1]) in TIME_LEADS:
            i -= 2
        else:
            break
    dropped = (Mention("pronoun", ""), (0, start), False)
    if i < 0 or ".-" in toks[i]:
        subj = subject_after(text, end)
        return (subj, (0, start), False) if subj is not None else dropped
    t = toks[i]
    w = fold(clean_es(t))
    if t[-1:] in _ENDS or w in CONJUNCTIONS:
        subj = subject_after(text, end)
        if subj is not None:
            return subj, (0, start), t[-1:] in ",”»\"" and _trails(text[end:])
        if w in CONJUNCTIONS:  # "El ministro llegó a Lima y aseguró…"
            subj = _opening_subject(toks[:i])
            return (subj, (0, start), False) if subj is not None else dropped
        if t.endswith(","):
            got = _comma_subject(toks, i, start)
            if got is not None:
                return got
        return dropped
    if w in ("que", "cual") and _in_message(toks, i):  # "un comunicado en el que rechaza…"
        subj = _opening_subject(toks[:i])
        return None if subj is None else (subj, (0, start), False)
    k = tail_np(toks, i)
    subj = read_es(toks[k : i + 1]) if k <= i else None
    if subj is None:
        after = subject_after(text, end)
        return None if after is None else (after, (0, start), False)
    rank = _rank(toks, k - 1)
    return None if rank is None else (subj, (rank, start), False)


def _in_message(toks: list[str], i: int) -> bool:
    """``toks[i]`` ("que") opens what a message says: "…un comunicado en el que"."""
    words = [fold(clean_es(t)) for t in toks[max(0, i - 4) : i]]
    while words and words[-1] in ("el", "la", "los", "las", "en", "lo"):
        words.pop()
    return bool(words) and words[-1] in MESSAGE_HEADS


def _opening_subject(toks: list[str]) -> Mention | None:
    """The noun phrase that opens the sentence, when a verb follows it."""
    for n in range(1, min(len(toks), 10)):
        if toks[n - 1][-1:] in _ENDS or ".-" in toks[n - 1]:
            break
        nxt = clean_es(toks[n])
        if nxt[:1].islower() and fold(nxt) not in ("de", "del", "en"):
            m = read_es(toks[:n])
            if m is not None and m.kind != "message":
                return m  # the shortest phrase that names someone: "El funcionario"
    return None


def _clause_follows(text: str, end: int) -> bool:
    """"avanzó que", "calificó de", "consideró este lunes que"."""
    for t in text[end : end + 80].split()[:4]:
        w = fold(clean_es(t))
        if w in CLAUSE_OPENERS or t.startswith(":"):
            return True
        if w not in ADVERBS and w not in TIME_WORDS and w not in TIME_LEADS:
            return False
    return False


def _rank(toks: list[str], j: int) -> int | None:
    """0: the subject opens a main clause; 1: a subordinate one ("algo que Pekín
    negó"); None: not a subject at all ("la carta de Trump dijo")."""
    while j >= 0:
        t = toks[j]
        w = fold(clean_es(t))
        if t[-1:] in _ENDS or ".-" in t:
            return 0
        if w in SUBORDINATORS:
            # "un día después de que Trump dijo…": a voice in a clause of time is background
            return _BACKGROUND if w == "que" and _AFTER.search(" ".join(toks[max(0, j - 3) : j])) else 1
        if w in CONJUNCTIONS:
            return 0
        if w in ADVERBS or w in TIME_WORDS or w in TIME_LEADS:
            j -= 1
            continue
        return None if w in PREPOSITIONS else 0
    return 0


_AFTER = re.compile(r"(?i)(?:despu[ée]s|antes|luego)(?: de)?$")
_BACKGROUND = 4  # a rank below all others: the cue stands only if no other does, and then not at all


def _trails(rest: str) -> bool:
    words = rest.split()
    return len(words) <= 8 and "que" not in words


def _comma_subject(toks: list[str], i: int, start: int) -> Found | None:
    """A verb after a comma: the subject is before an apposition ("Mao Ning, portavoz
    del…, afirmó") or an interrupter ("Trump, en declaraciones a la prensa, dijo")."""
    s1 = i
    while s1 > 0 and toks[s1 - 1][-1:] not in _ENDS and ".-" not in toks[s1 - 1]:
        s1 -= 1
    chunk = [*toks[s1:i], toks[i][:-1]]
    first = fold(clean_es(chunk[0]))
    if s1 == 0 or not toks[s1 - 1].endswith(","):
        return None  # "En ese sentido, criticó…": no subject before the verb
    j = s1 - 1
    before = [*toks[:j], toks[j][:-1]]
    k = tail_np(before, j)
    b = read_es(before[k:]) if k <= j else None
    if b is None:
        return None
    if first in _INTERRUPTERS or first.endswith(("ando", "iendo")):
        if b.kind == "person" and not b.role and k > 0 and before[k - 1].endswith(","):
            got = _comma_subject(before, k - 1, start)  # "La ministra, Ana Ruiz, quien…, dijo"
            if got is not None:
                return got
        rank = _rank(toks, k - 1)
        return (b, (rank, start), False) if b.kind != "message" and rank is not None else None
    rank = _rank(toks, k - 1)
    if rank is None:
        return None
    a = read_es(chunk)
    if a is None:
        return None
    if a.kind == "person" and b.kind in ("role", "org") and not a.role:
        return Mention("person", a.text, a.name, b.text, gender=b.gender, surface=a.surface), (rank, start), False
    if b.kind == "person" and a.kind in ("role", "org") and not b.role:
        return Mention("person", b.text, b.name, a.text, gender=a.gender, surface=b.surface), (rank, start), False
    return None


def subject_after(text: str, pos: int) -> Mention | None:
    """The noun phrase after an inverted verb or ``según``, with its apposition."""
    toks = TOKEN.findall(text[pos : pos + 240])
    j = 0
    while j < len(toks) and toks[j][-1:] not in _ENDS:
        w = fold(clean_es(toks[j]))
        q = j
        while q < len(toks) and fold(toks[q]) in TIME_LEADS:
            q += 1
        if w in ADVERBS:
            j += 1
        elif q < len(toks) and fold(clean_es(toks[q])) in TIME_WORDS:
            j = q + 1  # "afirmó este viernes el secretario"
        else:
            break
    np: list[str] = []
    for n, t in enumerate(toks[j:], j):
        c = clean_es(t)
        w = fold(c)
        nxt = toks[n + 1] if n + 1 < len(toks) else ""
        if not np:
            if not (w in DETERMINERS or is_name_es(c) or c.lower() in ("él", "ella") or read_es([c])):
                return None
        elif w in ("de", "del") or (w == "en" and clean_es(nxt)[:1].isupper()):
            pass  # "secretario de Marina", "Embajada de China en México"
        elif c[:1].isupper():
            pass
        elif w in PREPOSITIONS or w in SUBORDINATORS or w in CONJUNCTIONS or w in ADVERBS or w in TIME_LEADS:
            break
        elif np and clean_es(np[-1])[:1].isupper() and fold(clean_es(np[-1])) not in ("de", "del"):
            break  # "López Obrador aseguró…": the phrase ended at the name
        np.append(t)
        if t[-1:] in ",.;:—–" or (t.endswith(".") and not c.isupper()):
            break
    while np and fold(clean_es(np[-1])) in ("de", "del", "en", "la", "el", "los", "las"):
        np.pop()
    m = read_es(np) if np else None
    if m is None or not np[-1].endswith(","):
        return m
    rest: list[str] = []
    for t in toks[j + len(np) :]:
        rest.append(t)
        if t[-1:] in ",.;:":
            break
    if not rest or fold(clean_es(rest[0])) in SUBORDINATORS or fold(clean_es(rest[0])) in DETERMINERS:
        return m
    r = read_es(rest)
    if r is None:
        return m
    if m.kind in ("role", "org") and r.kind == "person" and not r.role:
        return Mention("person", r.text, r.name, m.text, gender=m.gender, surface=m.surface)
    if m.kind == "person" and r.kind in ("role", "org") and not m.role:
        return Mention("person", m.text, m.name, r.text, gender=m.gender, surface=m.surface)
    return m


def headline_cue_es(text: str, masked: Masked, ctx: object = None) -> Cue | None:
    """``Sheinbaum: no habrá intervención``, ``EEUU acusa a China…``, ``…: cancillería``."""
    lead = _LEADING.match(text)
    if lead:
        words = lead.group(1).split()
        if "a" in words[1:]:  # "Sheinbaum a Trump: …": the first speaks to the second
            words = words[: words.index("a", 1)]
        m = read_es(words)
        if m is not None and m.kind in ("person", "org", "country", "group"):
            return Cue(":", m, False, (0, 0))
    cue = find_cue_es(masked, ctx)
    if cue is not None:
        return cue
    t = _TRAILING.search(masked.text)
    if t and t.start() > 8:
        m = read_es(t.group(1).split())
        if m is not None and m.kind in ("person", "org", "country", "role", "group"):
            return Cue(masked.text[t.start()], m, False, (0, t.start()), True)
    return None


def narrates_es(masked: str, ent: Entity, mention: str = "") -> bool:
    """An uncued sentence after a speaker's that tells what happened or what the
    speaker did, rather than carrying on what they said."""
    if _DATED.search(masked):
        return True
    words = [fold(clean_es(w)) for w in masked.split()[:4]]
    if not words:
        return False
    if words[0] in _CONTRAST or words[0] in _COMMENT:
        return True
    head = masked.split(",", 1)[1] if "," in masked[:40] else masked  # past "Pese a la crítica,"
    first = [fold(clean_es(w)) for w in head.split()[:2]]
    if len(first) == 2 and first[0] in ("el", "la") and first[1] in ROLE_HEADS:
        return True  # "el mandatario no respondió…": what the speaker did
    words = [w for w in words if w not in DETERMINERS and w not in CONJUNCTIONS]
    return bool(words) and words[0] in fold(ent.name).split() + fold(mention).split()


def acts_es(masked: str, ent: Entity) -> bool:
    """The sentence tells what the speaker did: "Él viajó…", "Blinken viajó…"."""
    words = [w for w in masked.split()[:3] if fold(w) not in CONJUNCTIONS and fold(w) not in ADVERBS]
    return bool(words) and (words[0] in ("Él", "Ella") or fold(clean_es(words[0])) in fold(ent.name).split())


def label_es(mention: str, verb: str) -> str:
    """How a cue through an earlier sentence is shown: "según la legación", "el
    funcionario dijo"."""
    if fold(verb) in ACCORDING:
        return f"{verb} {mention}"
    return f"{mention} {verb}".strip()
