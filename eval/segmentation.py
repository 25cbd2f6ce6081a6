"""Segmentation per language: boundary F1 against the hand labels, and speed.

    python eval/segmentation.py                    # dev articles, every language
    python eval/segmentation.py --split test       # the held-out articles (score once)
    python eval/segmentation.py --speed            # also sentences/s per language
    python eval/segmentation.py --speed --cpu      # … by the process's CPU time

Each labelled article (fixtures/labels/*.json) is segmented with its gold language's
rules (``stance.segment(text, lang=...)``) and scored with ``boundary_scores``: P/R/F1
over sentence end offsets, pooled over the articles of a language and split
(fixtures/split.json). The Spanish and Chinese rules were tuned on the dev articles
only. ``--show`` lists each boundary missed or added (dev only: test errors are not
for tuning).

``--speed`` segments every labelled article of a language over and over (at least
``--min-sentences`` sentences) and prints sentences per second for segmentation alone
and for segmentation plus speaker attribution (by the rules of the article's language).
Timings depend on the machine; on a shared one, ``--cpu`` counts the process's CPU time
instead of the wall clock, which other work does not slow.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.evaluation import boundary_scores, prf  # noqa: E402
from stance.text import attribute, segment  # noqa: E402

FIXTURES = ROOT / "fixtures"


def labelled() -> list[tuple[str, str, str, str, list[dict]]]:
    """(article id, language, split, text, gold sentences) for every labelled article."""
    split = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))["articles"]
    out = []
    for f in sorted((FIXTURES / "labels").glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        aid = gold["article"]
        text = (FIXTURES / "articles" / f"{aid}.txt").read_text(encoding="utf-8")
        out.append((aid, gold["lang"], split[aid]["split"], text, gold["sentences"]))
    return out


def boundary_f1(splits: set[str], show: bool) -> None:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for aid, lang, sp, text, gold in labelled():
        if sp not in splits:
            continue
        pred = segment(text, lang=lang)
        b = boundary_scores(gold, pred).boundary
        c = counts[(lang, sp)]
        c[0] += 1
        c[1] += len(gold)
        c[2], c[3], c[4] = c[2] + b.tp, c[3] + b.fp, c[4] + b.fn
        if show and sp == "dev":
            g = {s["end"] for s in gold}
            p = {s.end for s in pred}
            for kind, ends in (("missed", g - p), ("added", p - g)):
                for e in sorted(ends):
                    print(f"  {lang} {aid}: {kind} …{text[max(0, e - 40):e]!r} | {text[e:e + 30]!r}")
    print(f"{'language':<9} {'split':<5} {'articles':>8} {'sentences':>9} {'precision':>9} {'recall':>7} {'F1':>6}")
    for (lang, sp), (n, sents, tp, fp, fn) in sorted(counts.items()):
        s = prf(tp, fp, fn)
        print(f"{lang:<9} {sp:<5} {n:>8} {sents:>9} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}")


def speed(min_sentences: int, clock: Callable[[], float] = time.perf_counter) -> None:
    """Sentences per second, per language: segmentation, then segmentation + attribution."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for _, lang, _, text, _ in labelled():
        by_lang[lang].append(text)
    print(f"\n{'language':<9} {'sentences':>9} {'segment/s':>10} {'segment+attribute/s':>20}")
    for lang, texts in sorted(by_lang.items()):
        per_pass = sum(len(segment(t, lang=lang)) for t in texts)
        corpus = texts * max(1, -(-min_sentences // per_pass))
        n = per_pass * (len(corpus) // len(texts))
        t0 = clock()
        for t in corpus:
            segment(t, lang=lang)
        seg = n / (clock() - t0)
        t0 = clock()
        for t in corpus:
            attribute(t, segment(t, lang=lang), lang)
        both = n / (clock() - t0)
        print(f"{lang:<9} {n:>9,} {seg:>10,.0f} {both:>20,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    ap.add_argument("--show", action="store_true", help="list the dev articles' wrong boundaries")
    ap.add_argument("--speed", action="store_true", help="also measure sentences per second")
    ap.add_argument("--min-sentences", type=int, default=20_000)
    ap.add_argument("--cpu", action="store_true", help="time by the process's CPU time, not the wall clock")
    args = ap.parse_args()
    boundary_f1({"dev", "test"} if args.split == "all" else {args.split}, args.show)
    if args.speed:
        speed(args.min_sentences, time.process_time if args.cpu else time.perf_counter)


if __name__ == "__main__":
    main()
