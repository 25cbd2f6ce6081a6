"""Subjects of reporting verbs: the noun phrase before a verb (past adverbs, time
phrases, appositives and interrupters such as ``The navy, for its part,`` or ``Trump,
who …,``), after an inverted verb or ``according to``, or of the sentence's first
clause (``…, saying that …``)."""

from __future__ import annotations

from ._lexicon import (
    CONNECT,
    DETERMINERS,
    DOMAIN,
    PERSON_HEADS,
    PLURAL_HEADS,
    PRONOUNS,
    STOP,
    SUBORDINATORS,
)
from ._phrases import (
    DOTTED,
    TOKEN,
    Mention,
    bare,
    clean,
    np_start,
    possessive,
    pp_start,
    read_phrase,
)
from ._verbs import FINITE, FOLLOWERS, SKIP, TIME_LEADS, TIME_WORDS

# prepositions of a phrase fronted before the subject: "In March", "after the summit"
_FRONTED = frozenset(
    "In On After Before During At Since Following Amid in on after before during at since "
    "following amid".split()
)
_OPENING_ADVERBS = frozenset(
    "First Then Later Also Meanwhile Separately Earlier Still Now Instead Finally Second "
    "Third Previously Recently Today Yesterday".split()
)
# the words that open an interrupter between a subject and its verb
_INTERRUPTERS = frozenset(
    "who which whose for in asked reacting responding speaking writing meanwhile however "
    "though too like citing according meeting visiting addressing known".split()
)


_RELATIVES = frozenset("who whom which whose".split())
BACKGROUND = 4  # a clause rank below all others: its cue stands only if no other does, and then not at all
# "according to their estimates": the owner of the figures is the source
_OWNERS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_FIGURES = frozenset("estimate estimates figures figure data count calculations statistics records".split())


def _clause_ok(toks: list[str], j: int) -> int | None:
    """0 main clause, 1 subordinate or reported clause, None: not a subject position."""
    if j < 0:
        return 0
    t = toks[j]
    if j == 0 and t in _OPENING_ADVERBS:
        return 0  # "First it issued a report"
    if t in _RELATIVES:
        return None  # "…Kelly, who a White House official said were sent": a relative clause's voice
    if t in ("after", "before", "After", "Before"):
        return BACKGROUND  # "The reply came a day after Ruiz said…": a voice in a clause of time
    if t in SUBORDINATORS or t in FINITE:
        return 1  # "…that X said", "A person familiar said [Trump’s team] rejected"
    if j > 0 and toks[j - 1] in _FRONTED and (t in STOP or t in TIME_WORDS):
        return _clause_ok(toks, j - 2)  # "In March President López Obrador said"
    for k in range(j, max(j - 6, -1), -1):  # "and after the summit President Xi said"
        if toks[k] in _FRONTED and (
            k == 0 or toks[k - 1][-1:] in ",;" or toks[k - 1] in ("and", "but", "And", "But")
        ):
            return 0
        if not toks[k].isalpha():
            break
    if t[-1:] in ",;:”\"—-'’" or t in ("and", "but", "And", "But", "–", "—", "-", "then", "Then"):
        return 0
    return None


def _skip_back(toks: list[str], i: int) -> int:
    """Step back over adverbs, auxiliaries and time phrases ("late last month")."""
    while i >= 0:
        t = toks[i]
        if t in SKIP:
            i -= 1
        elif t in TIME_WORDS or (bare(t) in TIME_WORDS and t[:1].islower()):
            i -= 1
            while i >= 0 and toks[i] in TIME_LEADS:
                i -= 1
        else:
            break
    return i


def _interrupter(toks: list[str], i: int) -> int | None:
    """The subject's last token when ``toks[i]`` closes an interrupter ("Trump, who will
    begin his term on Jan. 20, said"), else None."""
    for k in range(i - 1, max(i - 30, -1), -1):
        if toks[k].endswith(",") and k + 1 <= i:
            first = toks[k + 1]
            if first in _INTERRUPTERS or (
                first.islower() and first.isalpha() and first.endswith(("ing", "ed", "ly"))
            ):  # "…, who …,", "…, reacting to …,", "…, commonly known as AMLO,"
                return k
    return None


def subject_before(masked: str, pos: int) -> tuple[Mention, int, bool] | None:
    """The subject of a verb at ``pos``, its clause rank, and whether a claim precedes it."""
    toks = TOKEN.findall(masked[max(0, pos - 300) : pos])
    i = _skip_back(toks, len(toks) - 1)
    if i < 0:
        return None
    if toks[i] in PRONOUNS:
        rank = _clause_ok(toks, i - 1)
        return None if rank is None else (Mention("pronoun", toks[i].lower()), rank, i > 0)
    if toks[i].endswith(","):
        k = _interrupter(toks, i)
        if k is not None:
            toks = toks[: k + 1]
            toks[k] = toks[k][:-1]
            i = k
        else:
            return _apposition(toks, i)
    start = np_start(toks, i)
    if start > i:
        start = _pp_subject(toks, i)
        if start > i:
            return _open_apposition(toks, i)
    start = pp_start(toks, start)
    rank = _clause_ok(toks, start - 1)
    m = read_phrase(toks[start : i + 1])
    if m is None or rank is None:
        return _open_apposition(toks, i)
    return m, rank, start > 0 and toks[start - 1][-1:] in ",”\"'’"


def _pp_subject(toks: list[str], i: int) -> int:
    """A plural or role head with a plain prepositional tail: "Participants at the
    ministerial". Returns the phrase's start, or ``i + 1`` when there is none."""
    for j in range(i, max(i - 4, 0), -1):
        if toks[j] in ("at", "from", "with", "of") and j > 0:
            if bare(toks[j - 1]) in PLURAL_HEADS or bare(toks[j - 1]) in PERSON_HEADS:
                if all(t.isalpha() for t in toks[j + 1 : i + 1]):
                    return np_start(toks, j - 1)
    return i + 1


def _apposition(toks: list[str], i: int) -> tuple[Mention, int, bool] | None:
    """"Name, role," or "role, Name," before the verb."""
    k = i - 1
    while k > i - 14 and k >= 0 and not toks[k].endswith(","):
        k -= 1
    if k < 0 or not toks[k].endswith(","):
        return None
    inner = toks[k + 1 : i + 1]
    start = np_start(toks, k, allow_comma=True)
    a, b = read_phrase(inner), read_phrase(toks[start : k + 1])
    rank = _clause_ok(toks, start - 1)
    if a is not None and a.kind == "person" and (b is None or rank is None):
        # "The Danish chair of the climate summit, Ana Ruiz,": a role of more words than
        # a name's, from the clause's start
        start = _clause_start(toks, k)
        b, rank = read_phrase(toks[start : k + 1]), _clause_ok(toks, start - 1)
        b = b if b is not None and b.kind == "role" else None
    if a is None or b is None or rank is None:
        return None
    trailing = start > 0
    if b.kind in ("person", "org") and a.kind in ("role", "org"):
        return Mention(b.kind, b.text, b.name, b.role or a.text, b.acronym, b.orgs, b.surface), rank, trailing
    if a.kind == "person" and b.kind in ("role", "org"):
        return Mention("person", a.text, a.name, b.text, surface=a.surface), rank, trailing
    return None


def _clause_start(toks: list[str], k: int) -> int:
    """The first token of the clause that ``toks[k]`` closes (at most 14 tokens back)."""
    j = k - 1
    while j >= max(0, k - 14) and toks[j][-1:] not in ",;:”\"" and toks[j] not in SUBORDINATORS:
        j -= 1
    return j + 1


def _open_apposition(toks: list[str], i: int) -> tuple[Mention, int, bool] | None:
    """"Name, a role … said" whose closing comma is missing: "Ana Ruiz, a Chilean
    diplomat representing the island group said"."""
    k = i
    while k > i - 14 and k >= 0 and not toks[k].endswith(","):
        k -= 1
    if k < 1 or not toks[k].endswith(",") or toks[k + 1 : k + 2] not in (["a"], ["an"], ["the"]):
        return None
    inner = toks[k + 1 : i + 1]
    if any(t in FINITE or t in SUBORDINATORS for t in inner):
        return None  # "…, a diplomat who said": a clause of its own
    role = next((m for n in range(2, min(len(inner), 6) + 1) if (m := read_phrase(inner[:n])) and m.kind == "role"), None)
    start = np_start(toks, k, allow_comma=True)
    b = read_phrase(toks[start : k + 1])
    rank = _clause_ok(toks, start - 1)
    if role is None or b is None or b.kind != "person" or rank is None:
        return None
    return Mention("person", b.text, b.name, b.role or role.text, surface=b.surface), rank, start > 0


def subject_after(masked: str, pos: int) -> Mention | None:
    """The noun phrase after an inverted verb or "according to", with its appositive."""
    toks = TOKEN.findall(masked[pos : pos + 240])
    if len(toks) > 1 and toks[0] in _OWNERS and bare(toks[1]) in _FIGURES:
        return Mention("pronoun", _OWNERS[toks[0]])  # "according to their estimates"
    np: list[str] = []
    for t in toks:
        c = clean(t)
        low = bare(t)
        if not np and (t in DETERMINERS or t in ("these", "those")):
            np.append(t)
            continue
        title = not np and c == "Under" and bare(toks[1] if len(toks) > 1 else "") in PERSON_HEADS
        if (
            (c[:1].isupper() and (c not in STOP or title))
            or low in DOMAIN
            or possessive(t)
            or (np and c in ("of", "and", "for", "on", "the"))
            or (np and t.startswith("("))
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
    if second[:1] and second[0] in ("who", "which", "whose", "that"):
        return m  # "…, who chairs the group,": a relative clause, not a role
    r = read_phrase(second)
    if r is None:
        return m
    if m.kind == "person" and r.kind in ("role", "org"):
        return Mention("person", m.text, m.name, m.role or r.text, surface=m.surface)
    if m.kind in ("role", "org") and r.kind == "person" and not r.role:
        return Mention("person", r.text, r.name, m.text, surface=r.surface)
    return m


def main_subject(masked: str) -> Mention | None:
    """The subject of the sentence's first clause, for "…, saying that …"."""
    for tm in TOKEN.finditer(masked):
        t = tm.group()
        if t[:1].islower() and bare(t) not in DOMAIN and t not in CONNECT:
            got = subject_before(masked, tm.start())
            if got is not None:
                return got[0]
            if t not in SKIP:
                return None
    return None


def governing_subject(masked: str, lead: str) -> tuple[Mention, int] | None:
    """The subject of the verb an infinitive depends on: "Engle then cut in [to ask]",
    "Obrador stood before the cameras [to proclaim]"."""
    spans = list(TOKEN.finditer(lead))
    for tm in reversed(spans[-8:]):
        if tm.group()[:1].islower() and tm.group() not in SKIP:
            got = subject_before(masked, tm.start())
            if got is not None:
                # "It is unfair to accuse…": an empty "it" governs nothing that speaks
                return None if got[0].text == "it" else (got[0], got[1])
    return None


