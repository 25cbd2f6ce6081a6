"""Reference predictors that any model must beat.

- :func:`majority` predicts the empty label set for every sentence. It is the fair
  "majority" baseline for a multi-label codebook: most news sentences carry no stance
  (the empty set is the most frequent label set in the seed gold), and predicting it
  needs no knowledge of the gold. It scores 0.0 F1 on every label, so its value lies
  in exact-match ratio and kappa, which show how much of a model's agreement is free.
- :func:`keyword` predicts a label when the casefolded sentence contains one of the
  label's codebook ``keywords`` as a substring.

The codebook is taken as plain data, ``{label: keywords}`` or ``[(label, keywords)]``,
e.g. ``{lab.name: lab.keywords for lab in codebook.labels}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

# {label: keywords} or [(label, keywords), ...]
KeywordTable = Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]


def majority(texts: Sequence[str]) -> list[set[str]]:
    """The empty label set for every sentence."""
    return [set() for _ in texts]


def _table(codebook: KeywordTable) -> list[tuple[str, list[str]]]:
    items = codebook.items() if isinstance(codebook, Mapping) else codebook
    table: list[tuple[str, list[str]]] = []
    for name, keywords in items:
        if isinstance(keywords, str):
            raise TypeError(f"keywords of {name!r} must be a list of strings, not a string")
        table.append((name, [k.casefold() for k in keywords if k.strip()]))
    return table


def keyword(texts: Sequence[str], codebook: KeywordTable) -> list[set[str]] | None:
    """Label sets from keyword matches; ``None`` when no label has keywords.

    A label without keywords is never predicted; a codebook with no keywords at all has
    no keyword baseline (``None``), rather than a baseline that predicts nothing and
    would duplicate :func:`majority`.
    """
    table = _table(codebook)
    if not any(kws for _, kws in table):
        return None
    out: list[set[str]] = []
    for text in texts:
        folded = text.casefold()
        out.append({name for name, kws in table if any(k in folded for k in kws)})
    return out
