"""The clause grammar of Chinese attribution: which subject goes with which reporting
verb.

A cue is a reporting verb (``表示``, ``说``, ``指出``, ``强调``, ``称``, ``回应`` and the
like, in simplified or traditional characters) with the subject of its clause, read
from the clause's start up to the first word that begins what the subject did (``在…时``,
``就…``, ``对此``, ``周三``, ``还``): ``外交部发言人郭嘉昆在例行记者会上表示`` → 郭嘉昆;
``据…报道`` / ``據…披露`` names its source; ``发布…声明`` is speech when the sentence says
what the statement does (``发布驳斥…的声明``), not when it gives only its topic. A verb
with nothing before it in its clause (``还表示``) has the speaker heard last. Quotes
(``“…”``, ``「…」``) are masked first.
"""

from __future__ import annotations

import re

from ._entities import Entity
from ._lexicon_zh import (
    ACCORDING_TAILS,
    CLAUSE_VERBS,
    CONTENT,
    DROPPABLE,
    MARKERS,
    MESSAGES,
    NOT_SPEECH,
    OBJECT_VERBS,
    OPENERS,
    VERBS,
)
from ._phrases import Mention
from ._phrases_zh import HAN, known_names, read_zh
from ._quotes import Masked
from ._speech import Cue


def _alt(words: tuple[str, ...]) -> str:
    """An alternation that fails at once where no word's first character stands."""
    firsts = "".join(sorted({w[0] for w in words}))
    return f"(?=[{re.escape(firsts)}])(?:{'|'.join(map(re.escape, words))})"


_VERB = re.compile(_alt(VERBS))
_OBJECT = re.compile(_alt(OBJECT_VERBS))
_MESSAGE = re.compile(_alt(MESSAGES))
_CONTENT = re.compile(_alt(CONTENT))
_NOT_SPEECH = re.compile(_alt(NOT_SPEECH))
_ACCORDING = re.compile(f"[据據]([^，,。；;：:！？!?\\s“”「」]{{1,24}}?)({_alt(ACCORDING_TAILS)})")
_NO_SOURCE = frozenset("悉 了解 报道 報導 報道 称 稱 介绍 介紹 消息 统计 統計".split())
# what ends a clause: the subject of a verb starts after the last of these
_BOUNDARY = re.compile(r"[，,。；;：:！？!?、\s”’」』\"_—（）()【】／/]")
_OPENING = re.compile(
    f"^(?:{_alt(OPENERS)}|\\d{{1,4}}年|\\d{{1,2}}月|\\d{{1,2}}日|当地时间|當地時間|\\d+时|【[^】]{{0,30}}】)+"
)
# a marker that is also a surname (曾, 向) ends a subject only where no name can start
_SURNAME_MARKERS = frozenset("曾向")
_MARKER = re.compile(
    f"{_alt(tuple(m for m in MARKERS if m not in ('于', '於')))}|[于於](?=\\d)|\\d{{1,4}}[年月日号號]|[时時]$"
)
_DECLARES = re.compile(r"如下|[：:，,。]|$")
_DATED = re.compile(r"^(?:\d{2,4}年|\d{1,2}月|今年|去年|上周|上週|本周|本週|周[一二三四五六日]|週[一二三四五六日]|昨天|当天|當天|日前)")
_CONTRAST = ("但", "然而", "不过", "不過")
_TEMPORAL = re.compile(r"(?:后|後|之后|之後|以后|以後|之前|以前|期间|期間)$")
_GLOSS = re.compile(r"[（(][^（）()]{1,40}[）)]")
_SHORT = re.compile(r"^[（(【\[].*[）)】\]]$")
_CLAUSE_MARKS = frozenset("，,：:")
# "美國於4日調降…": another subject and a date, what happened rather than what was said
_DATED_LATER = re.compile(r"^[^，,。：:]{1,8}?(?:於|于)?(?:\d{1,2}月)?\d{1,2}日")
Found = tuple[Mention, tuple[int, int], bool]


def prepare_zh(text: str) -> frozenset[str]:
    """What the cue grammar needs of the whole article: the names it gives with a title."""
    return known_names(text)


def find_cue_zh(sentence: Masked, known: frozenset[str] | None = None) -> Cue | None:
    """The sentence's own attribution: the first reporting verb (of a main clause,
    before a ``…时`` one) whose subject names someone."""
    # "美國總統川普（Donald Trump）今（3）日表示": a bracketed gloss is no boundary
    s = _GLOSS.sub("", sentence.text) if "（" in sentence.text or "(" in sentence.text else sentence.text
    known = known or frozenset()
    best: Cue | None = None
    for m in _ACCORDING.finditer(s):
        src = m.group(1)
        if src in _NO_SOURCE:
            continue
        subj = read_zh(src, known)
        if subj is not None and subj.kind in ("person", "org", "country", "role") and (
            best is None or (2, m.start()) < best.rank
        ):
            # a relay: the voice it relays wins ("据新华社报道，官员称…": the officials)
            best = Cue(m.group()[0] + m.group(2), subj, sentence.speech, (2, m.start()))
    for m in _VERB.finditer(s):
        got = _verb_cue(s, m.group(), m.start(), m.end(), known)
        if got is not None and (best is None or got[1] < best.rank):
            best = Cue(m.group(), got[0], sentence.speech, got[1], got[2])
    for m in _OBJECT.finditer(s):
        if s[m.end() : m.end() + 1] in _CLAUSE_MARKS:  # "商务部发布，决定…": what follows is what it says
            who, _ = _subject(s[_clause(s, m.start()) : m.start()])
            issuer = read_zh(who, known) if who else None
            issuer = issuer if issuer is not None and issuer.kind in ("org", "person", "country", "role") else None
        else:
            issuer = _issued(s, m.start(), m.end(), known, content=True)
        if issuer is not None and (best is None or (0, m.start()) < best.rank):
            best = Cue(m.group(), issuer, sentence.speech, (0, m.start()))
    return best


def issued_zh(text: str, known: frozenset[str] | None = None) -> Mention | None:
    """Who issues the document a sentence names, even with none of its content (quotes
    unmasked: ``发布「关于…的通告」``), so that ``通告要求`` is the issuer's."""
    for m in _OBJECT.finditer(text):
        got = _issued(text, m.start(), m.end(), known or frozenset(), content=False)
        if got is not None:
            return got
    return None


def issuer_zh(sentence: Masked, known: frozenset[str] | None = None) -> Mention | None:
    """Who issues the statement the sentence reports, if it reports one."""
    for m in _OBJECT.finditer(sentence.text):
        got = _issued(sentence.text, m.start(), m.end(), known or frozenset(), content=False)
        if got is not None:
            return got
    cue = find_cue_zh(sentence, known)
    return cue.mention if cue is not None else None


_REACH = 60  # characters: a subject stands near its verb; bounded for a hostile text


def _clause(s: str, a: int) -> int:
    """Where the clause of the verb at ``a`` starts (at most ``_REACH`` back)."""
    for k in range(a - 1, max(-1, a - 1 - _REACH), -1):
        if _BOUNDARY.match(s, k):
            return k + 1
    return max(0, a - _REACH)


def _subject(clause: str) -> tuple[str, str]:
    """The subject at the clause's start, and what stands between it and the verb."""
    clause = _OPENING.sub("", clause)
    for m in _MARKER.finditer(clause, clause.rfind("》") + 1):  # not inside 《紐約時報》
        if m.group() in _SURNAME_MARKERS and m.start() == 0 and len(clause) > 1:
            continue
        return clause[: m.start()], clause[m.start() :]
    return clause, ""


def _verb_cue(s: str, verb: str, a: int, b: int, known: frozenset[str]) -> Found | None:
    for n in _NOT_SPEECH.finditer(s, max(0, a - 3), b + 3):
        if n.start() < b and n.end() > a and n.group() != verb:
            return None  # "说法", "名称", "据称", "指导"
    nxt = s[b : b + 1]
    if verb in CLAUSE_VERBS and nxt not in _CLAUSE_MARKS:
        return None  # "应美方要求": a request, not "通告要求，…"
    if nxt in ("的", "之") or s[a - 1 : a] in ("何", "的", "之") or (verb == "指" and nxt not in "，,：:"):
        return None  # "表示的", "有何回应", "的声明": nouns and attributes
    c = _clause(s, a)
    if s[c : c + 1] in ("据", "據"):
        return None  # "据新华社报道": the source, read by _ACCORDING
    subj, between = _subject(s[c:a])
    if verb in ("声明", "聲明") and (not _DECLARES.match(s, b) or re.search("[的发發关關]", between)):
        return None  # "发布…的严正声明": a noun
    rest = s[b : b + 30]
    end = _BOUNDARY.search(rest)
    clause_after = rest[: end.start()] if end else rest
    if re.search("[时時]", clause_after[:12]) or _TEMPORAL.search(clause_after):
        return None  # "在宣布制裁时", "美方指责中国后，": a when-clause; the main verb follows
    rank = 0
    trailing = not HAN.search(s[b:])  # "…。”外交部发言人毛宁称。": the claim came first
    if not subj:
        opening = _opening_subject(s, c, known)
        if opening is not None:  # "商务部发布公告，宣布…": the sentence's subject
            return opening, (rank, a), trailing
        # "还表示": the speaker heard last
        return (Mention("pronoun", ""), (rank, a), trailing) if verb in DROPPABLE else None
    m = read_zh(subj, known)
    if m is None:
        return None
    return m, (rank, a), trailing


def _opening_subject(s: str, c: int, known: frozenset[str]) -> Mention | None:
    """The subject of the sentence's first clause, for a verb that opens a later one."""
    if c == 0:
        return None
    first = re.search(r"[，,。；;：:！？!?\s]", s)
    subj, between = _subject(s[: first.start()] if first else s)
    subj = subj.split("、")[0]  # "商务部、海关总署…联合发布": the first of them
    m = read_zh(subj, known) if subj and between else None
    return m if m is not None and m.kind in ("person", "org", "country", "role") else None


def _issued(s: str, a: int, b: int, known: frozenset[str], content: bool) -> Mention | None:
    """``X发布…声明``: X, when a message follows in the clause (and, with ``content``,
    when a word before the message says what it does)."""
    rest = s[b : b + 60]
    end = re.search(r"[，,。；;！？!?]", rest)
    rest = rest[: end.start()] if end else rest
    msgs = list(_MESSAGE.finditer(rest))
    if not msgs or (content and not _CONTENT.search(rest, 0, msgs[-1].start())):
        return None
    subj, _ = _subject(s[_clause(s, a) : a])
    m = read_zh(subj, known) if subj else None
    return m if m is not None and m.kind in ("org", "person", "country", "role") else None


def headline_cue_zh(text: str, masked: Masked, known: frozenset[str] | None = None) -> Cue | None:
    """``外交部：中国禁毒坚决`` (the source before a colon), else the verb's subject."""
    for m in re.finditer(r"[：:]", masked.text):
        c = _clause(masked.text, m.start())
        subj = read_zh(masked.text[c : m.start()], known or frozenset())
        if subj is not None and subj.kind in ("person", "org", "country", "role") and HAN.search(masked.text[m.end() :]):
            return Cue(":", subj, False, (0, c))
    return find_cue_zh(masked, known)


def narrates_zh(masked: str, ent: Entity, mention: str = "") -> bool:
    """An uncued sentence that gives a date, turns from the report (``但…``) or tells
    what the speaker did (``他…``, the speaker's name first)."""
    s = masked.lstrip()
    if _DATED.match(s) or _DATED_LATER.match(s) or s.startswith(_CONTRAST) or s.startswith(("他", "她")):
        return True
    return bool(ent.name and s.startswith(ent.name)) or bool(mention and s.startswith(mention))


def acts_zh(masked: str, ent: Entity) -> bool:
    s = masked.lstrip()
    return s.startswith(("他", "她")) or bool(ent.name and s.startswith(ent.name))


def label_zh(mention: str, verb: str) -> str:
    if verb[:1] in ("据", "據"):
        return f"{verb[0]}{mention}{verb[1:]}"
    return f"{mention}{verb}"


def short_line_zh(text: str) -> bool:
    """A header line that says nothing: a few characters, or a bracketed note
    (``(相关资料图)``)."""
    return len(HAN.findall(text)) <= 4 or bool(_SHORT.match(text.strip()))
