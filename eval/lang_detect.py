"""Compare language detectors on the labelled corpus.

    python eval/lang_detect.py

Truth is the ``lang`` of each file in fixtures/labels/ (English, Spanish and Chinese
articles). Every detector is scored on whole articles, on every hand-labelled
sentence, and on the short ones (at most 40 characters: headlines, credits, sign-offs),
each per language, and timed; each runs in a fresh process so that its load time and
peak memory (``VmHWM``, the process's high-water mark) are its own. Chinese varieties
(Wu, Cantonese) count as Chinese, as ``stance`` reports them; "unknown" counts as wrong.

Candidates: ``stance`` (py3langid as stance uses it), py3langid, lingua (high and low
accuracy mode, all languages) and pycld2. Only py3langid is a dependency: install the
others in the interpreter that runs this script to compare them; a missing one is
reported as such. Timings depend on the machine; this is a report, not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CANDIDATES = ["stance", "py3langid", "lingua-high", "lingua-low", "pycld2"]
CHINESE = {"zh", "zh-Hant", "zh-Hans", "wuu", "yue"}
SHORT = 40


def _data() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    fixtures = ROOT / "fixtures"
    articles, sentences = [], []
    for f in sorted((fixtures / "labels").glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        text = (fixtures / "articles" / f"{gold['article']}.txt").read_text(encoding="utf-8")
        articles.append((gold["lang"], text))
        sentences += [(gold["lang"], s["text"]) for s in gold["sentences"]]
    return articles, sentences


def _detector(name: str) -> Callable[[str], str | None]:
    if name == "stance":
        from stance.text import detect_language

        return detect_language
    if name == "py3langid":
        import py3langid

        return lambda t: str(py3langid.classify(t)[0])
    if name.startswith("lingua"):
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages()
        if name == "lingua-low":
            builder = builder.with_low_accuracy_mode()
        detector = builder.build()

        def lingua(t: str) -> str | None:
            lang = detector.detect_language_of(t)
            return lang.iso_code_639_1.name.lower() if lang is not None else None

        return lingua
    if name == "pycld2":
        import pycld2

        def cld2(t: str) -> str | None:
            try:
                _, _, found = pycld2.detect(t)
            except pycld2.error:
                return None
            return str(found[0][1]) if found[0][1] != "un" else None

        return cld2
    raise ValueError(name)


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(name: str) -> dict:
    """Run in a child process: scores, speed, load time and peak memory of one detector."""
    articles, sentences = _data()
    t0 = time.perf_counter()
    detect = _detector(name)
    detect("El ministro habló.")  # models load on first use
    load = time.perf_counter() - t0
    out: dict = {"name": name, "load_s": load}
    short = [x for x in sentences if len(x[1]) <= SHORT]
    for key, items in (("articles", articles), ("sentences", sentences), ("short", short)):
        t0 = time.perf_counter()
        pred = [detect(t) for _, t in items]
        elapsed = time.perf_counter() - t0
        per: dict[str, list[int]] = {}
        for p, (gold, _) in zip(pred, items, strict=True):
            p = "zh" if p in CHINESE else p
            hit = per.setdefault(gold, [0, 0])
            hit[0] += p == gold
            hit[1] += 1
        out[key] = {"per_lang": per, "per_s": len(items) / elapsed}
    out["peak_mb"] = _peak_mb()
    return out


def _cell(score: dict) -> str:
    ok = sum(v[0] for v in score["per_lang"].values())
    n = sum(v[1] for v in score["per_lang"].values())
    langs = " ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(score["per_lang"].items()))
    return f"{ok}/{n} ({langs})"


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    print("| detector | articles | sentences | sentences ≤ 40 chars | articles/s | load | peak memory |")
    print("|---|---|---|---|---:|---:|---:|")
    for name in CANDIDATES:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            print(f"| {name} | {'not installed' if 'ModuleNotFoundError' in last else last} | | | | | |")
            continue
        r = json.loads(proc.stdout)
        print(
            f"| {name} | {_cell(r['articles'])} | {_cell(r['sentences'])} | {_cell(r['short'])} | "
            f"{r['articles']['per_s']:,.0f} | {r['load_s']:.2f} s | {r['peak_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
