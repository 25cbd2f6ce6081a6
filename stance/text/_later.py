"""Speakers described before they are named (guide 3.10, 3.13): a role that no one in
the article held when it spoke is the person the article names for it afterwards.

* A headline's ``Role: claim`` (``Envoy: talks will go on``) is the body's first
  speaker who holds that role (``the ambassador, Ana Ruiz,`` — an envoy and an
  ambassador are one office).
* A role that speaks before anyone holding it is named (``The US ambassador told
  reporters…``) is the person who speaks in the next sentence, when the article names
  that person there for the first time and gives them no role of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..types import Sentence
from ._entities import Entity
from ._phrases import bare
from ._speech import Cue

# one office under two names
_SAME_OFFICE = {"envoy": "ambassador", "spokesman": "spokesperson", "spokeswoman": "spokesperson"}


_REACH = 60  # sentences: a headline's speaker speaks early in the body (bounded for a hostile text)


def _head(role: str) -> str:
    words = [bare(w) for w in role.split()]
    cut = next((k for k, w in enumerate(words) if w in ("of", "for", "to", "at", "with")), len(words))
    head = words[cut - 1] if cut else ""
    return _SAME_OFFICE.get(head, head)


def named_later(
    sentences: Sequence[Sentence],
    cues: Sequence[Cue | None],
    headline: Sequence[bool],
    found: list[Any],
    roles: Callable[[str], list[str]],
    first_role: dict[int, str],
) -> None:
    """Give roles that spoke before they were named to the person named (in place)."""
    n = len(found)
    renamed: dict[int, Entity] = {}  # an unnamed role's entity (by id) → the person named for it
    for i in range(n):
        cue, f = cues[i], found[i]
        if cue is None or cue.mention.kind != "role":
            continue
        if headline[i]:
            head = _head(cue.mention.text)
            for j in range(i + 1, min(n, i + _REACH)):
                g = found[j]
                if g is not None and not headline[j] and g[0].kind == "person" and not g[0].unnamed:
                    if any(_head(r) == head for r in [*roles(g[0].name), first_role.get(id(g[0]), "")]):
                        if f is not None and f[0].unnamed:
                            renamed[id(f[0])] = g[0]
                        found[i] = (g[0], "headline", f"{cue.mention.text}:", cue.mention.text)
                        break
        elif f is not None and f[0].unnamed and i + 1 < n and found[i + 1] is not None:
            ent: Entity = found[i + 1][0]
            if ent.kind == "person" and not ent.unnamed and ent.first >= sentences[i + 1].start and not roles(ent.name):
                first_role.setdefault(id(ent), f[0].name)
                renamed.setdefault(id(f[0]), ent)
    for k, f in enumerate(found) if renamed else ():  # one pass, however many roles were named
        if f is not None and id(f[0]) in renamed:
            found[k] = (renamed[id(f[0])], *f[1:])
