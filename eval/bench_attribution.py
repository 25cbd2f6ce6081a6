"""Benchmark segmentation and attribution, and compare sentence segmenters.

    python eval/bench_attribution.py [--min-sentences 20000] [--no-libraries] [--repeat 3] [--cpu]

The corpus is the synthetic passages (tests/passages/passages.jsonl) plus the seed
articles (fixtures/), repeated until it holds at least ``--min-sentences`` sentences.
Prints sentences per second for segmentation only, attribution only (on text already
segmented) and both, each the fastest of ``--repeat`` runs (3); the speaker scores on
both gold sets; then boundary F1 and speed
for every candidate segmenter that is installed (pysbd, syntok, blingfire, nltk's
Punkt, spaCy's rule sentencizer), each fed one line at a time as ``stance.segment``
splits lines, next to ``stance.segment`` itself. The candidates are not dependencies:
install them in the interpreter that runs this script to compare. Timings depend on
the machine; this is a report, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stance.evaluation import boundary_scores, prf  # noqa: E402
from stance.text import (  # noqa: E402
    attribute,
    attribute_text,
    clear_caches,
    segment,
)
from tests.attribution_scoring import GoldDoc, load_passages, load_seeds, score  # noqa: E402

Spans = list[tuple[int, int]]


REPEAT = 3
CLOCK = time.perf_counter


def _rate(fn: Callable[[], int]) -> float:
    """Sentences per second of the fastest of ``REPEAT`` runs (as ``timeit`` reports):
    on a shared machine the slower runs measure the neighbours, not the code."""
    best = float("inf")
    for _ in range(REPEAT):
        t0 = CLOCK()
        n = fn()
        best = min(best, CLOCK() - t0)
    return n / best


def _by_lines(split: Callable[[str], list[str]]) -> Callable[[str], Spans]:
    """Run a segmenter on each line and map its sentences back to offsets."""

    def run(text: str) -> Spans:
        spans: Spans = []
        offset = 0
        for line in text.split("\n"):
            cursor = 0
            for sent in split(line) if line.strip() else []:
                sent = sent.strip()
                if not sent:
                    continue
                at = line.find(sent, cursor)
                at = cursor if at < 0 else at
                spans.append((offset + at, offset + at + len(sent)))
                cursor = at + len(sent)
            offset += len(line) + 1
        return spans

    return run


def _candidates() -> dict[str, Callable[[str], Spans] | str]:
    """Each installed segmenter, or why it is missing."""
    out: dict[str, Callable[[str], Spans] | str] = {}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = _by_lines(seg.segment)
    except ImportError:
        out["pysbd"] = "not installed"
    try:
        from syntok.segmenter import split as syntok_split
        from syntok.tokenizer import Tokenizer

        tok = Tokenizer()

        def syntok_sentences(line: str) -> list[str]:
            return [
                line[s[0].offset : s[-1].offset + len(s[-1].value)]
                for s in syntok_split(tok.tokenize(line))
            ]

        out["syntok"] = _by_lines(syntok_sentences)
    except ImportError:
        out["syntok"] = "not installed"
    try:
        import blingfire

        def blingfire_sentences(line: str) -> list[str]:
            return [line[a:b] for a, b in blingfire.text_to_sentences_and_offsets(line)[1]]

        out["blingfire"] = _by_lines(blingfire_sentences)
    except ImportError:
        out["blingfire"] = "not installed"
    try:
        import nltk
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        try:
            punkt = nltk.data.load("tokenizers/punkt/english.pickle")
            out["nltk punkt (trained)"] = _by_lines(punkt.tokenize)
        except LookupError:
            # the trained model is a separate download (nltk_data), not on PyPI
            out["nltk punkt (untrained, no data)"] = _by_lines(PunktSentenceTokenizer().tokenize)
    except ImportError:
        out["nltk punkt"] = "not installed"
    try:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        out["spaCy sentencizer"] = _by_lines(lambda line: [s.text for s in nlp(line).sents])
    except ImportError:
        out["spaCy sentencizer"] = "not installed"
    out["stance.segment (syntok + wire rules)"] = lambda text: [
        (s.start, s.end) for s in segment(text)
    ]
    return out


def _corpus(docs: list[GoldDoc], min_sentences: int) -> list[str]:
    n = sum(len(d.sentences) for d in docs)
    return [d.text for d in docs] * (min_sentences // n + 1)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--min-sentences", type=int, default=20_000)
    ap.add_argument("--no-libraries", action="store_true", help="skip the segmenter comparison")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the fastest counts")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="count this process's CPU time, not the wall clock (a machine shared with "
        "other work: what one core does, whatever the load)",
    )
    args = ap.parse_args()
    global REPEAT, CLOCK
    REPEAT = max(1, args.repeat)
    CLOCK = time.process_time if args.cpu else time.perf_counter

    passages, seeds = load_passages(), load_seeds()
    gold = passages + seeds
    corpus = _corpus(gold, args.min_sentences)
    segmented = [segment(t) for t in corpus]
    total = sum(map(len, segmented))
    clock = "CPU time of this process" if args.cpu else "wall clock"
    print(f"corpus: {len(gold)} documents repeated to {len(corpus)} ({total:,} sentences)")
    print(f"timing: fastest of {REPEAT} runs, {clock}\n")

    clear_caches()
    t0 = CLOCK()
    cold = sum(len(attribute_text(d.text)) for d in gold) / (CLOCK() - t0)
    print(
        f"{'segment only':34s} {_rate(lambda: sum(len(segment(t)) for t in corpus)):>10,.0f} sentences/s"
    )
    attr = _rate(lambda: sum(len(attribute(t, s)) for t, s in zip(corpus, segmented, strict=True)))
    print(f"{'attribute only':34s} {attr:>10,.0f} sentences/s")
    both = _rate(lambda: sum(len(attribute_text(t)) for t in corpus))
    print(f"{'segment + attribute':34s} {both:>10,.0f} sentences/s")
    print(
        f"{'segment + attribute, first pass':34s} {cold:>10,.0f} sentences/s (word caches empty)\n"
    )

    for name, docs in (("passages", passages), ("seeds", seeds)):
        s = score(docs)
        j = s.speakers.journalist
        print(
            f"{name:9s} boundary F1 {s.boundary.f1:.3f}  speaker accuracy {s.speakers.accuracy:.3f} "
            f"({s.speakers.correct}/{s.speakers.n})  journalist P {j.precision:.3f} R {j.recall:.3f}"
        )
        for miss in s.misses:
            print(f"    {miss}")
    if args.no_libraries:
        return

    print("\n| segmenter | boundary F1 (P / R) | sentences/s |\n|---|---|---|")
    for name, fn in _candidates().items():
        if isinstance(fn, str):
            print(f"| {name} | {fn} | |")
            continue
        tp = fp = fn_ = 0
        for doc in gold:
            b = boundary_scores(doc.sentences, fn(doc.text)).boundary
            tp, fp, fn_ = tp + b.tp, fp + b.fp, fn_ + b.fn
        f = prf(tp, fp, fn_)
        rate = _rate(lambda fn=fn: sum(len(fn(t)) for t in corpus))  # type: ignore[misc]
        print(f"| {name} | {f.f1:.3f} ({f.precision:.3f} / {f.recall:.3f}) | {rate:,.0f} |")


if __name__ == "__main__":
    main()
