"""Headlines and subheads: lines without final punctuation. Besides a reporting verb
(``Mexico tells US…``, ``China, reacting to tariffs, promises…``), a headline names its
speaker before a colon (``Mao Ning: US should look at itself``) or after the claim
(``Shipments are a smear: trade ministry``, ``‘We did nothing wrong’: envoy on the
seizure``, ``Claim here, FM spokesperson``). Title-case headlines (``China Says US Owes
…``) are read with their verbs in lower case.
"""

from __future__ import annotations

import re

from ._lexicon import STOP
from ._phrases import TOKEN, read_phrase
from ._quotes import Masked
from ._speech import Cue, find_cue
from ._verbs import FINITE, HEADLINE_ONLY, PARTICIPLES

_LEADING = re.compile(r"^([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s+\S")
_LEADING_ROLE = re.compile(r"^([A-Z][\w’'.-]*(?:\s+[\w’'.-]+){0,3})\s*:\s+\S")  # "Chief negotiator: …"
# "…: Chinese Embassy in Mexico", "…, FM spokesperson": a short phrase closing the line
_TRAILING = re.compile(r"(?::|,)\s+((?:[\w’'.()-]+\s+){0,6}[\w’'.()-]+)\s*$")
_VERBS = {
    w.capitalize(): w
    for w in FINITE | HEADLINE_ONLY | set(PARTICIPLES)
    if " " not in w and w not in ("states", "reports")  # "United States", "Reports"
}
# and the small words of title case: "Envoy In Lima Denies…" reads "Envoy in Lima denies…"
_VERBS |= {w.capitalize(): w for w in "in on to of for and at with from by the a an as over".split()}
_SOURCES = ("person", "org", "country", "role", "group")


def headline_cue(text: str, masked: Masked) -> Cue | None:
    m = _LEADING.match(text) or _LEADING_ROLE.match(text)
    # "Mao Ning: US should look at itself", not "Published: Apr 12, 2024 09:14 PM"
    # "COP30: …", "G20: …": a meeting's name labels the story, it does not speak
    label = m is not None and any(ch.isdigit() for ch in m.group(1))
    if m and not label and m.group(1).split()[0] not in STOP and re.search(r"\b[a-z]+\b", text[m.end() - 1 :]):
        mention = read_phrase(m.group(1).split())
        capitals = all(w[:1].isupper() for w in m.group(1).split())
        # a role is the body's first speaker who holds it (_later)
        if mention is not None and (capitals or mention.kind == "role"):
            return Cue(":", mention, False, (0, 0))
    cue = find_cue(_lowered(masked), headline=True)
    if cue is not None:
        return cue
    t = _TRAILING.search(masked.text)
    if t and t.start() > 8 and TOKEN.findall(masked.text[: t.start() + 1])[-1].strip(":,") not in STOP:
        words = t.group(1).split()
        if "on" in words[1:]:  # "‘We did nothing wrong’: envoy on the seizure"
            words = words[: words.index("on", 1)]
        mention = read_phrase(words)
        if mention is not None and mention.kind in _SOURCES:
            sep = masked.text[t.start()]
            if sep == ":" or mention.kind in ("role", "group"):
                return Cue(sep, mention, False, (0, t.start()), True)
    return None


def _lowered(masked: Masked) -> Masked:
    """In a title-case line, the capitalised verbs in lower case (same offsets)."""
    words = [w for w in TOKEN.findall(masked.text) if w[:1].isalpha()]
    long = [w for w in words if len(w) > 3]
    if not long or sum(w[:1].isupper() for w in long) < 0.7 * len(long):
        return masked
    out = TOKEN.sub(lambda m: _VERBS.get(m.group(), m.group()) if m.start() else m.group(), masked.text)
    return Masked(out, masked.inside, masked.speech)
