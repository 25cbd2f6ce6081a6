"""Which country or international body a name or role belongs to, and one name per
country. The patterns are data (:data:`AFFILIATIONS`); summaries use them to group
speakers and to merge blame targets ("US", "the United States", "America")."""

from __future__ import annotations

import re

#: (affiliation, pattern). Case-sensitive on purpose: "US" is the country, "us" is not.
#: The Spanish and Chinese names let speakers of all three languages share a row.
AFFILIATIONS: list[tuple[str, str]] = [
    ("China", r"China|Chinese|Beijing|PRC|中国|中方|北京|外交部|商务部|中國|外交部發言人"),
    ("Mexico", r"Mexico|Mexican|México|López Obrador|Lopez Obrador|AMLO|mexicano|mexicana|墨西哥"),
    ("United States", r"United States|U\.S\.|US|USA|American|America|White House|Washington|"
                      r"DEA|Drug Enforcement Administration|State Department|Pentagon|Biden|Trump|"
                      r"Estados Unidos|EE\.UU\.|EEUU|estadounidense|Casa Blanca|美国|美方|美國|白宫|白宮"),
    ("Canada", r"Canada|Canadian|Ottawa|Canadá|加拿大"),
    ("United Nations", r"United Nations|UN|UNODC|ONU|联合国|聯合國"),
]
_RES = [(name, re.compile(rf"(?<!\w)(?:{pat})(?!\w)")) for name, pat in AFFILIATIONS]
_CJK_RES = [(name, re.compile(pat)) for name, pat in AFFILIATIONS]  # no word boundaries in CJK
_ARTICLE = re.compile(r"^(?:the|The|el|El|los|Los|la|La)\s+")


def affiliation_of(*texts: str | None) -> str | None:
    """The country or body named earliest in the first text that names one (pass the
    role first, then the name), or None."""
    for text in texts:
        if not text:
            continue
        res = _CJK_RES if _has_cjk(text) else _RES
        hits = [(m.start(), name) for name, rx in res if (m := rx.search(text))]
        if hits:
            return min(hits)[1]
    return None


def country_name(target: str) -> str:
    """Whitespace collapsed, a leading article dropped, and a bare country alias ("US",
    "the United States", "America", "EE.UU.") mapped to one name; anything longer
    ("Mexican cartels") is kept as written."""
    t = _ARTICLE.sub("", " ".join(target.split()))
    for name, rx in _RES:
        if rx.fullmatch(t):
            return name
    return t


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)
