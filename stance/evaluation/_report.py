"""Eval reports: a terminal summary, Markdown, JSON, and a side-by-side comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import EvalError


def _pct(x: float) -> str:
    return f"{x:.3f}"


def label_rows(block: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, s in block["per_label"].items():
        rows.append([name, _pct(s["precision"]), _pct(s["recall"]), _pct(s["f1"]), _pct(s["kappa"]), str(s["support"])])
    return rows


def summary_rows(scores: dict[str, Any]) -> list[list[str]]:
    """One row per predictor: the model, then each baseline."""
    rows = []
    for name, block in [("model", scores["labels"]), *scores["baselines"].items()]:
        rows.append([name, _pct(block["micro_f1"]), _pct(block["macro_f1"]), _pct(block["exact_match"])])
    return rows


def headline(scores: dict[str, Any]) -> str:
    m = scores["meta"]
    return (
        f"{m['model']} · prompt {m['prompt_version']} · codebook {m['codebook']} "
        f"({m['codebook_hash']}) · recorded {m['recorded']} · {len(scores['articles'])} articles, "
        f"{scores['labels']['n']} hand-labelled sentences"
    )


def to_markdown(scores: dict[str, Any]) -> str:
    sp, seg, u = scores["speaker"], scores["segmentation"], scores["usage"]
    lines = [
        f"# Eval: {scores['config']}",
        "",
        headline(scores),
        "",
        "## Stance labels",
        "",
        "| label | precision | recall | F1 | Cohen's κ | support |",
        "|---|---:|---:|---:|---:|---:|",
        *("| " + " | ".join(r) + " |" for r in label_rows(scores["labels"])),
        "",
        "| predictor | micro F1 | macro F1 | exact-set match |",
        "|---|---:|---:|---:|",
        *("| " + " | ".join(r) + " |" for r in summary_rows(scores)),
        "",
        "Baselines see the hand-labelled sentence boundaries; the model sees its own segmentation.",
        "",
        "## Speakers and segmentation",
        "",
        f"- speaker accuracy: {_pct(sp['accuracy'])} ({sp['correct']}/{sp['n']})",
        f"- journalist's voice: precision {_pct(sp['journalist']['precision'])}, recall {_pct(sp['journalist']['recall'])}",
        f"- sentence boundaries: precision {_pct(seg['boundary']['precision'])}, recall {_pct(seg['boundary']['recall'])}, F1 {_pct(seg['boundary']['f1'])}",
        "",
        "## Usage",
        "",
        f"{u['requests']} requests, {u['prompt_tokens']} prompt + {u['completion_tokens']} completion tokens, "
        f"{u['wall_seconds']:.2f} s; {scores['failed']} sentences failed.",
        "",
        f"## Disagreements ({len(scores['disagreements'])})",
        "",
        "| article | sentence | kinds | gold | predicted |",
        "|---|---|---|---|---|",
    ]
    for d in scores["disagreements"]:
        text = d["text"].replace("|", "\\|")
        if len(text) > 120:
            text = text[:119] + "…"
        gold = ", ".join(d["gold_labels"]) or "–"
        pred = ", ".join(d["pred_labels"]) or "–"
        if "speaker" in d["kinds"]:
            gold += f" · {d['gold_speaker'] or 'journalist'}"
            pred += f" · {d['pred_speaker'] or 'journalist'}"
        lines.append(f"| {d['article']} | {text} | {', '.join(d['kinds'])} | {gold} | {pred} |")
    return "\n".join(lines) + "\n"


def print_summary(scores: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    console.print(f"[bold]{scores['config']}[/bold]  {headline(scores)}")
    t = Table("label", "precision", "recall", "F1", "κ", "support", title="stance labels (hand labels as gold)")
    for r in label_rows(scores["labels"]):
        t.add_row(*r)
    console.print(t)
    t = Table("predictor", "micro F1", "macro F1", "exact match")
    for r in summary_rows(scores):
        t.add_row(*r)
    console.print(t)
    sp, seg, u = scores["speaker"], scores["segmentation"], scores["usage"]
    console.print(
        f"speaker accuracy {_pct(sp['accuracy'])} · journalist voice P {_pct(sp['journalist']['precision'])} "
        f"R {_pct(sp['journalist']['recall'])} · boundary F1 {_pct(seg['boundary']['f1'])} · "
        f"{len(scores['disagreements'])} disagreements · {u['requests']} requests, "
        f"{u['prompt_tokens']}+{u['completion_tokens']} tokens, {u['wall_seconds']:.2f}s"
    )


def write_reports(scores: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    j = out_dir / f"{scores['config']}.json"
    m = out_dir / f"{scores['config']}.md"
    j.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    m.write_text(to_markdown(scores), encoding="utf-8")
    return j, m


def load_scores(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read eval results {p}: {exc}") from None
    if not isinstance(data, dict) or "labels" not in data or "meta" not in data:
        raise EvalError(f"{p} is not a `stance eval` JSON report")
    return data


def compare_rows(a: dict[str, Any], b: dict[str, Any]) -> list[list[str]]:
    """Per label and overall: A, B and B − A."""

    def row(name: str, x: float, y: float) -> list[str]:
        return [name, _pct(x), _pct(y), f"{y - x:+.3f}"]

    rows = []
    la, lb = a["labels"]["per_label"], b["labels"]["per_label"]
    for lab in sorted(set(la) | set(lb), key=lambda k: (k not in la, k)):
        x, y = la.get(lab, {}).get("f1", 0.0), lb.get(lab, {}).get("f1", 0.0)
        rows.append(row(f"{lab} F1", x, y))
        x, y = la.get(lab, {}).get("kappa", 0.0), lb.get(lab, {}).get("kappa", 0.0)
        rows.append(row(f"{lab} κ", x, y))
    for key in ("micro_f1", "macro_f1", "exact_match"):
        rows.append(row(key.replace("_", " "), a["labels"][key], b["labels"][key]))
    rows.append(row("speaker accuracy", a["speaker"]["accuracy"], b["speaker"]["accuracy"]))
    rows.append(row("boundary F1", a["segmentation"]["boundary"]["f1"], b["segmentation"]["boundary"]["f1"]))
    return rows


def print_compare(a: dict[str, Any], b: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    console.print(f"A: {a['config']} — {headline(a)}")
    console.print(f"B: {b['config']} — {headline(b)}")
    if a["meta"].get("codebook_hash") != b["meta"].get("codebook_hash"):
        console.print("[yellow]note: A and B used different codebooks[/yellow]")
    t = Table("metric", "A", "B", "B − A")
    for r in compare_rows(a, b):
        style = "green" if r[3].startswith("+") and r[3] != "+0.000" else ("red" if r[3].startswith("-") else None)
        t.add_row(*r, style=style)
    console.print(t)
