"""Coder–coder agreement: two codings of the same articles (label files in the gold
format), aligned sentence by sentence by offsets, with per-label Cohen's κ and
Krippendorff's α, speaker and boundary agreement, each with a 95 % interval from a
bootstrap over articles. Coder A is the reference for the directional figures
(journalist's-voice precision and recall, boundary precision and recall)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from ..errors import EvalError
from ..model import load_codebook
from . import _metrics as metrics
from ._bootstrap import RESAMPLES, SEED, Get, alpha
from ._gold import read_labels, shipped_by_name
from ._report import disagreement_rows, fmt, md_table
from ._scoring import Unit, _lists, figures, label_counts, label_keys, run_bootstrap, target_keys


def same_gold_speaker(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Both the journalist, or the same entity: a name or alias of one is a name or
    alias of the other."""
    if a is None or b is None:
        return a is None and b is None
    names_a = {metrics.normalize_name(x) for x in [a["name"], *(a.get("aliases") or ())]}
    names_b = {metrics.normalize_name(x) for x in [b["name"], *(b.get("aliases") or ())]}
    return bool(names_a & names_b)


def _codebook(name: str, docs: list[dict[str, Any]]) -> Any:
    path = shipped_by_name().get(name)
    if path is not None:
        return load_codebook(path)
    seen = sorted({lab for d in docs for s in d["sentences"] for lab in s["labels"]})
    return SimpleNamespace(label_names=seen, target_fields={})


def _figures(labels: list[str], targets: list[str]) -> Any:
    base = figures(labels, targets, speaker=True, boundary=True)

    def compute(get: Get) -> dict[str, np.ndarray]:
        out = base(get)
        for lab in labels:
            out[f"{lab}.alpha"] = alpha(*(get(f"{lab}:{p}") for p in ("tp", "fp", "fn", "tn")))
        return out

    return compute


def agreement(a_path: Path, b_path: Path, *, resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    a_docs, b_docs = read_labels(a_path), read_labels(b_path)
    common = sorted(a_docs.keys() & b_docs.keys())
    if not common:
        raise EvalError(f"{a_path} and {b_path} label no article in common")
    for i in common:
        ca, cb = a_docs[i].get("codebook"), b_docs[i].get("codebook")
        if ca != cb:
            raise EvalError(f"article {i} is coded with codebook {ca!r} in A but {cb!r} in B")
    count: dict[str, int] = {}
    for i in common:
        count[str(a_docs[i].get("codebook"))] = count.get(str(a_docs[i].get("codebook")), 0) + 1
    names = sorted(count, key=lambda n: (-count[n], n))  # the most used codebook first
    books = {n: _codebook(n, [a_docs[i] for i in common if str(a_docs[i].get("codebook")) == n]) for n in names}
    keys = label_keys(books)
    tkeys = target_keys(books, keys)
    rows, disagreements, unmatched = [], [], 0
    for i in common:
        a, b = a_docs[i], b_docs[i]
        c = str(a.get("codebook"))
        pairs = metrics.align(a["sentences"], b["sentences"])
        unmatched += sum(1 for x, y in pairs if x is None or y is None)
        units = [
            Unit(
                gold=frozenset(keys[(c, x)] for x in a["sentences"][x_]["labels"]),
                pred={"b": frozenset(keys[(c, x)] for x in b["sentences"][y_]["labels"])},
                gold_targets=a["sentences"][x_].get("targets") or {},
                pred_targets=b["sentences"][y_].get("targets") or {},
                gold_speaker=a["sentences"][x_].get("speaker"),
                pred_speaker=b["sentences"][y_].get("speaker"),
                kind="",
            )
            for x_, y_ in pairs
            if x_ is not None and y_ is not None
        ]
        row: dict[str, float] = dict(label_counts(units, [keys[(c, x)] for x in books[c].label_names], "b", tkeys[c]))
        row["speaker_correct"] = sum(same_gold_speaker(u.gold_speaker, u.pred_speaker) for u in units)
        row["journalist_tp"] = sum(u.gold_speaker is None and u.pred_speaker is None for u in units)
        row["journalist_fp"] = sum(u.gold_speaker is not None and u.pred_speaker is None for u in units)
        row["journalist_fn"] = sum(u.gold_speaker is None and u.pred_speaker is not None for u in units)
        seg = metrics.boundary_scores(a["sentences"], b["sentences"])
        row.update(boundary_tp=seg.boundary.tp, boundary_fp=seg.boundary.fp, boundary_fn=seg.boundary.fn)
        rows.append(row)
        for d in metrics.disagreements(a["sentences"], b["sentences"], pairs, books[c].target_fields):
            kinds = d.kinds
            if "speaker" in kinds and d.gold_index is not None and d.pred_index is not None and same_gold_speaker(
                a["sentences"][d.gold_index].get("speaker"), b["sentences"][d.pred_index].get("speaker")
            ):
                kinds = tuple(k for k in kinds if k != "speaker")
            if kinds:
                disagreements.append({"article": i, **_lists(asdict(d)), "kinds": list(kinds)})
    labels = list(keys.values())
    targets = [t.key for ts in tkeys.values() for t in ts]
    figs = run_bootstrap(rows, _figures(labels, targets), resamples, seed)
    support = {k: {"a": 0, "b": 0} for k in labels}
    for r in rows:
        for k in labels:
            support[k]["a"] += int(r.get(f"{k}:tp", 0) + r.get(f"{k}:fn", 0))
            support[k]["b"] += int(r.get(f"{k}:tp", 0) + r.get(f"{k}:fp", 0))
    return {
        "a": str(a_path),
        "b": str(b_path),
        "articles": common,
        "sentences": int(sum(r["n"] for r in rows)),
        "unmatched": unmatched,
        "bootstrap": {"unit": "article", "method": "percentile", "resamples": resamples, "seed": seed},
        "labels": {k: {"codebook": c, "label": lab, "positives": support[k]} for (c, lab), k in keys.items()},
        "targets": targets,
        "figures": figs,
        "disagreements": disagreements,
    }


def agreement_rows(result: dict[str, Any], digits: int = 3) -> list[list[str]]:
    f = result["figures"]
    return [
        [k, fmt(f.get(f"{k}.kappa"), digits), fmt(f.get(f"{k}.alpha"), digits),
         f"{v['positives']['a']} / {v['positives']['b']}"]
        for k, v in result["labels"].items()
    ]


def summary_lines(result: dict[str, Any], digits: int = 3) -> list[str]:
    f = result["figures"]
    lines = [
        f"{len(result['articles'])} articles, {result['sentences']} aligned sentences "
        f"({result['unmatched']} unaligned); 95 % intervals from {result['bootstrap']['resamples']} "
        f"bootstrap resamples of articles (seed {result['bootstrap']['seed']})",
        f"exact label-set agreement {fmt(f.get('exact_match'), digits)} · micro F1 (B against A) "
        f"{fmt(f.get('micro_f1'), digits)} · macro F1 {fmt(f.get('macro_f1'), digits)}",
        f"speaker agreement {fmt(f.get('speaker_accuracy'), digits)} · journalist's voice P "
        f"{fmt(f.get('journalist_precision'), digits)} R {fmt(f.get('journalist_recall'), digits)} · "
        f"boundary F1 {fmt(f.get('boundary_f1'), digits)}",
    ]
    lines += [f"target {t} agreement {fmt(f.get(f'target.{t}'), digits)}" for t in result["targets"]]
    return lines


def agreement_markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Coder agreement: {result['a']} vs {result['b']}",
        "",
        *(f"- {line}" for line in summary_lines(result)),
        "",
        *md_table(["label", "Cohen's κ", "Krippendorff's α", "positives A / B"], agreement_rows(result)),
        "",
        f"## Disagreements ({len(result['disagreements'])})",
        "",
        *md_table(["article", "sentence", "kinds", "A", "B"], disagreement_rows(result["disagreements"]), 5),
    ]
    return "\n".join(lines) + "\n"


def print_agreement(result: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    t = Table("label", "Cohen's κ", "Krippendorff's α", "positives A / B", title="coder agreement (95 % intervals)")
    for r in agreement_rows(result, 2):
        t.add_row(*r)
    console.print(t)
    for line in summary_lines(result, 2):
        console.print(line)
    console.print(f"{len(result['disagreements'])} disagreements (listed with --out)")
