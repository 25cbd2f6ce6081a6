"""Comparing two eval reports: each figure's difference B − A with a paired-bootstrap
interval over the articles both were scored on, and a verdict."""

from __future__ import annotations

from typing import Any

from ..errors import EvalError
from ._bootstrap import RESAMPLES, SEED, Counts, Difference, paired
from ._report import headline
from ._scoring import figures

LEAD = "micro_f1"


def compare(a: dict[str, Any], b: dict[str, Any], *, resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """Paired differences of the model's figures, B − A, on the articles both scored."""
    rows_a = {x["id"]: x for x in a["articles"]}
    rows_b = {x["id"]: x for x in b["articles"]}
    common = sorted(rows_a.keys() & rows_b.keys())
    if not common:
        raise EvalError("A and B have no article in common: nothing to compare")
    notes = []
    only = len(rows_a) + len(rows_b) - 2 * len(common)
    if only:
        notes.append(f"{only} article(s) scored in only one of A and B are left out")
    changed = [i for i in common if rows_a[i]["counts"]["model"]["n"] != rows_b[i]["counts"]["model"]["n"]]
    if changed:
        notes.append(f"{len(changed)} article(s) have a different number of gold sentences in A and B")
    books_a = {k: v.get("hash") for k, v in a["meta"].get("codebooks", {}).items()}
    books_b = {k: v.get("hash") for k, v in b["meta"].get("codebooks", {}).items()}
    if books_a != books_b:
        notes.append("A and B used different codebooks")
    labels = [k for k in a["labels"] if k in b["labels"]]
    targets = [k for k in a["targets"] if k in b["targets"]]
    compute = figures(labels, targets, speaker=True, boundary=True)
    ca = Counts([rows_a[i]["counts"]["model"] for i in common])
    cb = Counts([rows_b[i]["counts"]["model"] for i in common])
    diffs = paired(ca, cb, compute, resamples=resamples, seed=seed)
    order = list(compute(ca.getter(ca.matrix.sum(axis=0))))
    return {
        "articles": len(common),
        "notes": notes,
        "bootstrap": {"unit": "article", "method": "paired percentile", "resamples": resamples, "seed": seed},
        "differences": {k: _json(diffs[k]) for k in order},
        "verdict": verdict(diffs),
    }


def _json(d: Difference) -> dict[str, Any]:
    return {"a": d.a, "b": d.b, "diff": d.diff, "ci": [d.low, d.high], "verdict": d.verdict}


def verdict(diffs: dict[str, Difference]) -> str:
    """One line: the lead figure's verdict, then how many figures go which way."""
    lead = diffs.get(LEAD)
    counts = {"B better": 0, "B worse": 0, "indistinguishable": 0}
    for d in diffs.values():
        if d.verdict in counts:
            counts[d.verdict] += 1
    head = "undefined"
    if lead is not None and lead.diff is not None and lead.low is not None and lead.high is not None:
        word = {"B better": "B is better than A", "B worse": "B is worse than A"}.get(
            lead.verdict, "A and B are indistinguishable"
        )
        head = f"{word} on micro F1 ({lead.diff:+.3f}, 95 % CI [{lead.low:+.3f}, {lead.high:+.3f}])"
    return (
        f"{head}; over all {sum(counts.values())} figures B is better on {counts['B better']}, "
        f"worse on {counts['B worse']}, indistinguishable on {counts['indistinguishable']}"
    )


def _num(x: float | None, sign: bool = False) -> str:
    if x is None:
        return "–"
    return f"{x:+.3f}" if sign else f"{x:.3f}"


def print_compare(a: dict[str, Any], b: dict[str, Any], result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    console.print(f"A: {a['config']} — {headline(a)}")
    console.print(f"B: {b['config']} — {headline(b)}")
    for note in result["notes"]:
        console.print(f"[yellow]note: {note}[/yellow]")
    t = Table("figure", "A", "B", "B − A", "95 % CI", "verdict",
              title=f"paired bootstrap over {result['articles']} articles")
    for key, d in result["differences"].items():
        style = {"B better": "green", "B worse": "red"}.get(d["verdict"])
        ci = f"[{_num(d['ci'][0], True)}, {_num(d['ci'][1], True)}]" if d["ci"][0] is not None else "–"
        t.add_row(key, _num(d["a"]), _num(d["b"]), _num(d["diff"], True), ci, d["verdict"], style=style)
    console.print(t)
    console.print(result["verdict"])
