"""Statements reproduced in an article: their sentences are the issuer's own, as one
long quotation, cues inside them included (``美方称…`` inside the embassy's statement is
still the embassy speaking).

* After a lead-in such as ``原文如下：`` ("the original text follows"), every sentence to
  the end of the article, credits aside, is the issuer's: the speaker of the lead-in,
  else of the sentence before it, else whoever that sentence says issued a statement
  (``…大使馆通过官网发布关于…的严正声明。原文如下：``).
* A statement's numbered points (``一、``, ``（二）``, ``3.``) after a lead-in that ends
  in a colon (``外交部发言人表示：``) are its speaker's, paragraph by paragraph, until a
  paragraph that is no numbered point.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ..types import Sentence
from ._entities import Entity, Registry, Said
from ._phrases import Mention

_POINT = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d))")
_COLON = re.compile(r"[：:]\s*$")


def reproduced(
    sentences: Sequence[Sentence],
    para: Sequence[int],
    silent: Sequence[bool],
    found: list[Any],
    lead_in: re.Pattern[str],
    issuer: Callable[[int], Mention | None],
    art: Registry,
    said: list[Said],
) -> None:
    """Give the sentences of a reproduced statement to its issuer (in place)."""
    n = len(sentences)

    def issued(j: int) -> Entity | None:
        if found[j] is not None:
            return found[j][0]  # type: ignore[no-any-return]
        m = issuer(j)
        return art.resolve(m, sentences[j].start, said, None, j)[0] if m is not None else None

    for i, s in enumerate(sentences):
        if lead_in.search(s.text):
            ent = issued(i) or (issued(i - 1) if i > 0 else None)
            if ent is not None:
                for k in range(i + 1, n):
                    if not silent[k]:
                        found[k] = (ent, "direct", s.text.strip(), None)
                return
        elif found[i] is not None and _COLON.search(s.text) and i + 1 < n and _POINT.match(sentences[i + 1].text):
            ent, label = found[i][0], s.text.strip()
            k = i + 1
            while k < n and (para[k] == para[k - 1] or _POINT.match(sentences[k].text)):
                if not silent[k]:
                    found[k] = (ent, "continuation", label, None)
                k += 1
