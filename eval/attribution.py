"""Score segmentation and speaker attribution against the hand labels.

    python eval/attribution.py --split dev           # en dev articles + the two seeds
    python eval/attribution.py --set seeds           # the two seed articles
    python eval/attribution.py --set passages        # tests/passages/passages.jsonl
    python eval/attribution.py --split dev --articles --errors
    python eval/attribution.py --split dev --by-how  # accuracy by how the speaker was found

``--split dev|test`` reads the split from ``fixtures/split.json`` and the gold from
``fixtures/labels/``; by default it takes the English folders (``en`` and the seeds for
dev, ``en`` and ``en-other`` for test; ``--folders`` picks others). Each article is
attributed with the ``lang`` and ``source`` of its label file, as a corpus line carrying
them would be. Prints speaker accuracy, journalist-voice precision and recall (the
journalist's voice, speaker ``None``, is the positive class) and boundary F1, with
counts; ``--articles`` adds a per-article table and ``--errors`` every sentence whose
speaker or boundaries disagree with the gold; ``--by-how`` splits speaker accuracy by
the construction that decided each predicted speaker (``Speaker.how``; ``journalist``
where none was found), which says which attributions most need checking by hand. The
test split is scored once, with the rules frozen.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.evaluation import align, boundary_scores, prf, same_speaker, speaker_scores  # noqa: E402
from stance.text import attribute_text  # noqa: E402

FIXTURES = ROOT / "fixtures"
PASSAGES = ROOT / "tests" / "passages" / "passages.jsonl"
FOLDERS = {"dev": ("en", "seeds"), "test": ("en", "en-other")}


@dataclass
class Doc:
    id: str
    text: str
    sentences: list[dict[str, Any]]
    lang: str | None = None
    source: str | None = None


@dataclass
class Result:
    doc: Doc
    gold: list[dict[str, Any] | None]  # gold speaker per gold sentence
    pred: list[Any]  # predicted speaker per gold sentence ("<unmatched>" when none aligns)
    how: list[str]  # how each predicted speaker was found ("journalist": none was)
    tp: int
    fp: int
    fn: int
    errors: list[str]


_UNMATCHED = "\x00<no matching sentence>"


def _label_doc(article_id: str) -> Doc:
    data = json.loads((FIXTURES / "labels" / f"{article_id}.json").read_text(encoding="utf-8"))
    text = (FIXTURES / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    return Doc(article_id, text, data["sentences"], data.get("lang"), data.get("source"))


def split_docs(split: str, folders: tuple[str, ...]) -> list[Doc]:
    table = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))["articles"]
    ids = sorted(a for a, v in table.items() if v["split"] == split and v["folder"] in folders)
    return [_label_doc(a) for a in ids]


def passage_docs() -> list[Doc]:
    docs = []
    for line in PASSAGES.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs.append(Doc(d["id"], d["text"], d["sentences"]))
    return docs


def _show(sp: Any) -> str:
    if sp is None:
        return "—"
    if isinstance(sp, str):
        return sp
    return f"{sp.name} [{sp.how}: {sp.cue}]"


def score_doc(doc: Doc) -> Result:
    pred = attribute_text(doc.text, lang=doc.lang, source=doc.source)
    b = boundary_scores(doc.sentences, pred).boundary
    gold_sp: list[dict[str, Any] | None] = []
    pred_sp: list[Any] = []
    hows: list[str] = []
    errors: list[str] = []
    for gi, pj in align(doc.sentences, pred):
        if gi is None:
            p = pred[pj] if pj is not None else None
            errors.append(f"  extra sentence [{p.start}:{p.end}]: {p.text[:100]!r}" if p else "")
            continue
        g = doc.sentences[gi]
        sp = pred[pj].speaker if pj is not None else _UNMATCHED
        name = sp if isinstance(sp, str) else (sp.name if sp else None)
        gold_sp.append(g["speaker"])
        pred_sp.append(name)
        hows.append("unmatched" if isinstance(sp, str) else sp.how if sp else "journalist")
        if pj is None:
            errors.append(f"  [{gi}] unmatched gold sentence: {g['text'][:100]!r}")
        elif not same_speaker(name, g["speaker"]):
            gname = g["speaker"]["name"] if g["speaker"] else "—"
            errors.append(f"  [{gi}] gold {gname} | pred {_show(sp)}\n      {g['text'][:160]}")
    return Result(doc, gold_sp, pred_sp, hows, b.tp, b.fp, b.fn, [e for e in errors if e])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    which = ap.add_mutually_exclusive_group(required=True)
    which.add_argument("--split", choices=("dev", "test"))
    which.add_argument("--set", choices=("seeds", "passages"))
    ap.add_argument("--folders", help="comma-separated corpus folders for --split")
    ap.add_argument("--articles", action="store_true", help="per-article table")
    ap.add_argument("--errors", action="store_true", help="list every disagreement")
    ap.add_argument("--by-how", action="store_true", help="speaker accuracy by how the speaker was found")
    args = ap.parse_args(argv)

    if args.set == "passages":
        docs, title = passage_docs(), "passages (tests/passages/)"
    elif args.set == "seeds":
        docs, title = split_docs("dev", ("seeds",)), "seed articles"
    else:
        folders = tuple(args.folders.split(",")) if args.folders else FOLDERS[args.split]
        docs, title = split_docs(args.split, folders), f"{args.split} split ({', '.join(folders)})"
    results = [score_doc(d) for d in docs]

    gold = [g for r in results for g in r.gold]
    pred = [p for r in results for p in r.pred]
    sp = speaker_scores(gold, pred)
    j = sp.journalist
    b = prf(sum(r.tp for r in results), sum(r.fp for r in results), sum(r.fn for r in results))
    if args.articles:
        print(f"{'article':62s} {'sent':>4s} {'speaker':>7s} {'bound F1':>8s}")
        for r in results:
            s = speaker_scores(r.gold, r.pred)
            f = prf(r.tp, r.fp, r.fn)
            print(f"{r.doc.id[:62]:62s} {s.n:4d} {s.accuracy:7.3f} {f.f1:8.3f}")
        print()
    if args.errors:
        for r in results:
            if r.errors:
                print(r.doc.id)
                print("\n".join(r.errors))
        print()
    print(f"{title}: {len(docs)} documents, {sp.n} gold sentences")
    print(f"  speaker accuracy        {sp.accuracy:.3f} ({sp.correct}/{sp.n})")
    print(
        f"  journalist voice        P {j.precision:.3f} ({j.tp}/{j.tp + j.fp})  "
        f"R {j.recall:.3f} ({j.tp}/{j.tp + j.fn})"
    )
    print(f"  boundary F1             {b.f1:.3f} (tp {b.tp}, fp {b.fp}, fn {b.fn})")
    if args.by_how:
        print_by_how(results)
    return 0


def by_how(results: list[Result]) -> dict[str, Any]:
    """Speaker scores per route (``Speaker.how``, ``journalist``, ``unmatched``), the
    most frequent first."""
    groups: dict[str, tuple[list[Any], list[Any]]] = {}
    for r in results:
        for g, p, how in zip(r.gold, r.pred, r.how, strict=True):
            gold, pred = groups.setdefault(how, ([], []))
            gold.append(g)
            pred.append(p)
    ordered = sorted(groups.items(), key=lambda kv: -len(kv[1][0]))
    return {how: speaker_scores(gold, pred) for how, (gold, pred) in ordered}


def print_by_how(results: list[Result]) -> None:
    routes = by_how(results)
    total = sum(s.n for s in routes.values())
    print("  by how the speaker was found:")
    for how, s in routes.items():
        print(f"    {how:14s} {s.n:4d} ({s.n / total:4.0%})  right {s.accuracy:.3f} ({s.correct}/{s.n})")


if __name__ == "__main__":
    sys.exit(main())
