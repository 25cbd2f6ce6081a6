"""Chinese noun phrases in speaker position, and the names and roles an article
gives. A title stands before the name (``外交部发言人毛宁``, ``墨西哥总统辛鲍姆``) or
after it (``习近平主席``); a body is named by its head (``…大使馆``, ``外交部``,
``《华尔街日报》``); a side (``中方``, ``美方``) or a country is its government. Names stay
in the article's characters. Without spaces between words, a name is what stands
between a title and the verb, or a subject the article names with a title elsewhere
(:func:`known_names`), or two or three characters after a common surname."""

from __future__ import annotations

import re
from functools import lru_cache

from ._lexicon_zh import (
    CHANNELS,
    COUNTRIES,
    COUNTRY_CHARS,
    FUNCTION_CHARS,
    MARKERS,
    MESSAGE_HEADS,
    ORG_HEADS,
    POINTERS,
    PRONOUNS,
    SURNAMES,
    TITLES,
    VERBS,
)
from ._phrases import Mention

HAN = re.compile(r"[\u3400-\u9fff]")
_NAME = re.compile(r"[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,8}(?:[·‧•・][\u3400-\u9fff]{1,8}){1,3}")


def _alt(words: tuple[str, ...]) -> str:
    """An alternation that fails at once where no word's first character stands."""
    firsts = "".join(sorted({w[0] for w in words}))
    return f"(?=[{re.escape(firsts)}])(?:{'|'.join(map(re.escape, words))})"


_TITLE = re.compile(_alt(TITLES))
_ORG_END = re.compile(f"(?:{_alt(ORG_HEADS)})$")
_CHANNEL_END = re.compile(f"(?:{_alt(CHANNELS)})$")
_MESSAGE_END = re.compile(f"(?:{_alt(MESSAGE_HEADS)})$")
_PUBLICATION = re.compile(r"《([^《》]{1,20})》$")
_COUNTRY_NAMES = tuple(sorted(COUNTRIES, key=len, reverse=True))
# what follows a name: punctuation, a conjunction, or a verb or marker ("郭嘉昆表示")
_FOLLOWERS = frozenset("和与與及、，,。；;：:（( \t\n的等")
_FOLLOW_WORDS: dict[str, tuple[str, ...]] = {}
for _w in (*VERBS, *MARKERS, "主持", "会见", "會見", "出席", "举行", "舉行"):
    _FOLLOW_WORDS[_w[0]] = (*_FOLLOW_WORDS.get(_w[0], ()), _w)
_TRANSLITERATED = re.compile(r"[\u3400-\u9fff]{1,8}(?:[·‧•・][\u3400-\u9fff]{1,8}){1,3}")
#: modifiers before a title that name no body: "高级官员", "前总统"
_MODIFIERS = ("高级", "高級", "资深", "資深", "前", "副", "首席", "现任", "現任", "前任", "一名", "一位")


def title_of(role: str) -> str:
    """The title that heads a role: 分析人士 → 人士, 外交部发言人 → 发言人."""
    found = list(_TITLE.finditer(role))
    return found[-1].group() if found else role


def country_code(phrase: str) -> str | None:
    """The country a phrase starts with: 中国驻墨西哥大使馆 → china, 美驻墨使馆 → us."""
    for name in _COUNTRY_NAMES:
        if phrase.startswith(name):
            return COUNTRIES[name]
    if phrase[1:2] in ("驻", "駐", "方", "国", "國"):
        return COUNTRY_CHARS.get(phrase[:1])
    return None


_NOT_NAME = re.compile(f"{_alt(VERBS)}|{_alt(MARKERS)}|{_alt(TITLES)}|\\d")


def _name_after(text: str, pos: int) -> str | None:
    """The name right after a title: two to four characters up to what follows names,
    or a transliteration with its dots (``布林肯``, ``安东尼·布林肯``)."""
    t = _TRANSLITERATED.match(text, pos)
    if t:
        return t.group()
    for n in (2, 3, 4):
        end = pos + n
        if end > len(text) or not HAN.fullmatch(text[end - 1]):
            return None
        nxt = text[end : end + 1]
        if not nxt or nxt in _FOLLOWERS or any(text.startswith(w, end) for w in _FOLLOW_WORDS.get(nxt, ())):
            return text[pos:end]
    return None


@lru_cache(maxsize=8)
def known_names(text: str) -> frozenset[str]:
    """The names an article gives after a title: 外交部发言人郭嘉昆表示 → 郭嘉昆."""
    names = (_name_after(text, t.end()) for t in _TITLE.finditer(text))
    return frozenset(
        n
        for n in names
        if n and n not in COUNTRIES and not any(c in FUNCTION_CHARS for c in n) and not _NOT_NAME.search(n)
    )


def is_name_zh(s: str, known: frozenset[str] = frozenset()) -> bool:
    if s in known:
        return True
    if not _NAME.fullmatch(s) or s in COUNTRIES or any(c in FUNCTION_CHARS for c in s):
        return False
    return not s.isascii() and ("·" in s or "‧" in s or (len(s) <= 3 and s[0] in SURNAMES))


@lru_cache(maxsize=1 << 12)
def read_zh(s: str, known: frozenset[str] = frozenset()) -> Mention | None:
    """What a subject names: a person (with the role before the name), a role, a body,
    a country, a pronoun or a message."""
    s = s.strip()
    if not s or len(s) > 30:
        return None
    if s in PRONOUNS:
        return Mention("pronoun", PRONOUNS[s], surface=s)
    for p in POINTERS:
        if s.startswith(p) and len(s) > len(p):  # "该馆", "這位發言人": points back
            inner = read_zh(s[len(p) :], known)
            if inner is not None and inner.kind == "org":
                return Mention("org", s, "", surface=s)
            return inner if inner is not None and inner.kind == "role" else None
    pub = _PUBLICATION.search(s)
    if pub and (pub.start() == 0 or s[: pub.start()] in COUNTRIES):
        return Mention("org", s, pub.group(1), surface=s)  # "美国《华尔街日报》"
    if s in COUNTRIES or (s.endswith("方面") and s[:-2] in COUNTRIES):  # "秘鲁方面"
        return Mention("country", s, s, surface=s)
    ch = _CHANNEL_END.search(s)
    if ch and ch.start() > 1:
        s = s[: ch.start()]  # "大使館微信公眾號": the embassy
    if s.endswith("政府") and country_code(s):
        return Mention("country", s, s, surface=s)  # "美国特朗普政府"
    msg = _MESSAGE_END.search(s)
    if msg:
        if msg.start() == 0:
            return Mention("message", s, surface=s)
        owner = read_zh(s[: msg.start()], known)
        return owner if owner is not None and owner.kind in ("person", "org", "country") else None
    titles = list(_TITLE.finditer(s))
    if _ORG_END.search(s) and not (titles and titles[-1].end() == len(s)):
        return Mention("org", s, s, surface=s)  # "…大使馆" holds the title 大使
    if titles:
        return _titled(s, titles[-1], known)
    if is_name_zh(s, known):
        return Mention("person", s, s, surface=s)
    return None


def _titled(s: str, t: re.Match[str], known: frozenset[str]) -> Mention | None:
    if t.end() < len(s):  # "外交部发言人郭嘉昆"
        name = s[t.end() :]
        if name[:1] in ("会", "會"):
            return None  # "记者会": a press conference, not a reporter
        if not (is_name_zh(name, known) or _NAME.fullmatch(name)) or any(c in FUNCTION_CHARS for c in name):
            return None
        return Mention("person", s, name, s[: t.end()], surface=s)
    prefix = s[: t.start()]
    for mod in _MODIFIERS:
        if prefix.endswith(mod):
            prefix = prefix[: -len(mod)]
    if not prefix:
        return Mention("role", s, "", s, surface=s)
    p = read_zh(prefix, known)
    if p is not None and p.kind == "org":
        return Mention("role", s, "", s, orgs=[p.name or p.text], surface=s)
    if p is not None and p.kind == "country":
        return Mention("role", s, "", s, surface=s)
    if p is not None and p.kind == "person" and p.role is None:  # "习近平主席"
        return Mention("person", s, p.name, t.group(), surface=s)
    if p is None and 2 <= len(prefix) <= 6 and HAN.fullmatch(prefix[0]) and not any(c in FUNCTION_CHARS for c in prefix):
        return Mention("role", s, "", s, surface=s)  # a place or body the lists lack: "利马市长"
    return None


def roles_zh(text: str, name: str, known: frozenset[str]) -> list[str]:
    """The roles an article gives ``name``: the longest title phrase right before it
    (``美国总统特朗普`` → 美国总统), or a title right after it (``习近平主席`` → 主席)."""
    roles: list[str] = []
    start = text.find(name)
    seen = 0
    while start >= 0 and seen < 8:
        best = None
        for k in range(2, min(start, 16) + 1):
            cand = text[start - k : start]
            if not HAN.match(cand) or text[start - k - 1 : start - k].isdigit():
                break  # punctuation, or the 日 of a date ("5日外交部发言人")
            m = read_zh(cand, known)
            if m is not None and m.kind == "role":
                best = m.text
        after = _TITLE.match(text, start + len(name))
        if best is None and after is not None:
            best = after.group()
        if best and best not in roles:
            roles.append(best)
        start = text.find(name, start + len(name))
        seen += 1
    return roles
