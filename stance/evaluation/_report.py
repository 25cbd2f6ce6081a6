"""Eval reports: a terminal summary, Markdown and JSON. Every figure is printed with its
95 % bootstrap interval, ``value [low, high]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import EvalError, OutputError

PREDICTOR_NAMES = {"model": "model", "majority": "none (majority)", "keyword": "keyword"}
_LABEL_FIGURES = ("precision", "recall", "f1", "kappa")
_SUMMARY = ("micro_f1", "macro_f1", "exact_match")
_SPEAKER = (
    ("speaker accuracy", "speaker_accuracy"),
    ("journalist's voice P", "journalist_precision"),
    ("journalist's voice R", "journalist_recall"),
    ("boundary P", "boundary_precision"),
    ("boundary R", "boundary_recall"),
    ("boundary F1", "boundary_f1"),
)


def fmt(fig: dict[str, Any] | None, digits: int = 3) -> str:
    """``0.412 [0.301, 0.520]``; an undefined figure is ``–``."""
    if not fig or fig.get("value") is None:
        return "–"
    low, high = fig.get("ci") or (None, None)
    ci = f" [{low:.{digits}f}, {high:.{digits}f}]" if low is not None and high is not None else ""
    return f"{fig['value']:.{digits}f}{ci}"


def headline(scores: dict[str, Any]) -> str:
    m, o, b = scores["meta"], scores["overall"], scores["bootstrap"]
    books = ", ".join(f"{v['ref']} ({v['hash']})" for v in m.get("codebooks", {}).values())
    return (
        f"{m['model']} · prompt {m['prompt_version']} · codebooks {books} · recorded {m['recorded']} · "
        f"{o['articles']} articles, {o['sentences']} gold sentences · 95 % intervals from "
        f"{b['resamples']} bootstrap resamples of articles (seed {b['seed']})"
    )


def label_rows(block: dict[str, Any], scores: dict[str, Any], digits: int = 3) -> list[list[str]]:
    model = block["model"]
    rows = []
    for key, info in scores["labels"].items():
        if f"{key}.f1" not in model:
            continue
        rows.append([key, *(fmt(model.get(f"{key}.{f}"), digits) for f in _LABEL_FIGURES), str(info["support"])])
    return rows


def predictor_rows(scores: dict[str, Any], digits: int = 3) -> list[list[str]]:
    """Per predictor, on all articles and on each split."""
    parts = [("all", scores["overall"]), *scores["slices"].get("split", {}).items()]
    rows = []
    for predictor, name in PREDICTOR_NAMES.items():
        for part, block in parts:
            rows.append([name, part, *(fmt(block[predictor].get(f), digits) for f in _SUMMARY)])
    return rows


def slice_rows(scores: dict[str, Any], digits: int = 3) -> list[list[str]]:
    rows = []
    for name, groups in scores["slices"].items():
        for value, block in groups.items():
            m = block["model"]
            rows.append([
                f"{name}={value}", str(block["articles"]), str(block["sentences"]),
                *(fmt(m.get(f), digits) for f in _SUMMARY),
                fmt(m.get("speaker_accuracy"), digits),
                fmt(block["keyword"].get("micro_f1"), digits),
            ])
    return rows


def article_rows(scores: dict[str, Any]) -> list[list[str]]:
    """Per article: counts only (one article is one bootstrap unit: no interval)."""
    per: dict[str, int] = {}
    for d in scores["disagreements"]:
        per[d["article"]] = per.get(d["article"], 0) + 1
    rows = []
    for a in scores["articles"]:
        c = a["counts"]["model"]
        rows.append([
            a["id"], a["split"] or "–", a["lang"] or "–", a["codebook"], str(c["n"]),
            f"{c['exact']}/{c['n']}", f"{c['speaker_correct']}/{c['n']}", str(per.get(a["id"], 0)),
        ])
    return rows


def md_table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(align) + "|",
        *("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows),
    ]


def _speaker_lines(block: dict[str, Any], scores: dict[str, Any], digits: int = 3) -> list[str]:
    m = block["model"]
    lines = [f"{name}: {fmt(m.get(key), digits)}" for name, key in _SPEAKER]
    lines += [f"target {t}: {fmt(m.get(f'target.{t}'), digits)}" for t in scores["targets"]]
    return lines


def to_markdown(scores: dict[str, Any]) -> str:
    u = scores["usage"]
    lines = [
        f"# Eval: {scores['config']}",
        "",
        headline(scores),
        "",
        "## Stance labels (model)",
        "",
        *md_table(["label", "precision", "recall", "F1", "Cohen's κ", "support"], label_rows(scores["overall"], scores)),
        "",
        "## Model and baselines",
        "",
        *md_table(["predictor", "articles", "micro F1", "macro F1", "exact-set match"], predictor_rows(scores), 2),
        "",
        "Baselines see the gold sentence boundaries; the model sees its own segmentation. "
        "\"none (majority)\" predicts no label; \"keyword\" predicts a label when the sentence "
        "contains one of its codebook keywords.",
        "",
        "## Speakers, targets and segmentation",
        "",
        *(f"- {line}" for line in _speaker_lines(scores["overall"], scores)),
        "",
        "Target agreement: the share of sentences where gold and model both carry the label that "
        "owns the target and name the same target.",
        "",
        "## Slices (model; last column: keyword baseline)",
        "",
        *md_table(["slice", "articles", "sentences", "micro F1", "macro F1", "exact-set match", "speaker accuracy",
                 "keyword micro F1"], slice_rows(scores)),
        "",
        "## Articles",
        "",
        "Counts per article (model); one article is one bootstrap unit, so these carry no interval.",
        "",
        *md_table(["article", "split", "lang", "codebook", "sentences", "exact-set match", "speaker right",
                 "disagreements"], article_rows(scores), 4),
        "",
        "## Usage",
        "",
        f"{u['requests']} requests, {u['prompt_tokens']} prompt + {u['completion_tokens']} completion tokens, "
        f"{u['wall_seconds']:.2f} s; {scores['failed']} sentences failed.",
        "",
        f"## Disagreements ({len(scores['disagreements'])})",
        "",
        *md_table(["article", "sentence", "kinds", "gold", "predicted"], disagreement_rows(scores["disagreements"]), 5),
    ]
    return "\n".join(lines) + "\n"


def disagreement_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for d in items:
        text = d["text"] if len(d["text"]) <= 160 else d["text"][:159] + "…"
        gold = ", ".join(d["gold_labels"]) or "–"
        pred = ", ".join(d["pred_labels"]) or "–"
        if "target" in d["kinds"]:
            gold += "".join(f" · {k}: {v}" for k, v in d["gold_targets"].items())
            pred += "".join(f" · {k}: {v}" for k, v in d["pred_targets"].items())
        if "speaker" in d["kinds"]:
            gold += f" · {d['gold_speaker'] or 'journalist'}"
            pred += f" · {d['pred_speaker'] or 'journalist'}"
        rows.append([d["article"], text, ", ".join(d["kinds"]), gold, pred])
    return rows


def print_summary(scores: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    console.print(f"[bold]{scores['config']}[/bold]  {headline(scores)}")
    t = Table("label", "precision", "recall", "F1", "κ", "support", title="stance labels, model (95 % intervals)")
    for r in label_rows(scores["overall"], scores, 2):
        t.add_row(*r)
    console.print(t)
    t = Table("predictor", "articles", "micro F1", "macro F1", "exact match")
    for r in predictor_rows(scores, 2):
        t.add_row(*r)
    console.print(t)
    t = Table("slice", "art.", "sent.", "micro F1", "macro F1", "exact match", "speaker acc.", "keyword micro F1",
              title="slices (model)")
    for r in slice_rows(scores, 2):
        t.add_row(*r)
    console.print(t)
    u = scores["usage"]
    console.print(" · ".join(_speaker_lines(scores["overall"], scores, 2)))
    console.print(
        f"{len(scores['disagreements'])} disagreements (listed in the Markdown report) · "
        f"{u['requests']} requests, {u['prompt_tokens']}+{u['completion_tokens']} tokens, {u['wall_seconds']:.2f}s"
    )


def write_reports(
    scores: dict[str, Any], out_dir: Path, stem: str | None = None, markdown: str | None = None
) -> tuple[Path, Path]:
    """``<stem>.json`` and ``<stem>.md`` in ``out_dir`` (stem: the config name)."""
    stem = stem or scores["config"]
    j, m = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        j.write_text(json.dumps(scores, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        m.write_text(to_markdown(scores) if markdown is None else markdown, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write reports to {out_dir}: {exc.strerror}") from None
    return j, m


def load_scores(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read eval results {p}: {exc}") from None
    if not isinstance(data, dict) or not {"overall", "articles", "labels", "meta"} <= data.keys():
        raise EvalError(f"{p} is not a `stance eval` JSON report")
    return data
