"""Benchmark: throughput, warm-cache speed, tokens, memory, batch files and start-up of `stance`.

    python eval/bench.py                 # everything (about 6 minutes on 2 cores)
    python eval/bench.py --quick         # smaller corpora, same table
    python eval/bench.py --only tokens   # re-measure one section: throughput, warm, tokens, memory,
                                         #   embedded, batch-embedded, batch-files, help

Prints a table and writes eval/bench-results.json. Not a test: figures depend on
the machine; the README quotes a run on the 2-core reference machine.

Throughput runs against a local OpenAI-compatible server (tests/faultserver.py in a
separate process) that answers every request after a fixed latency, so the ideal
is concurrency ÷ latency sentences per second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = ["Mexico", "China", "the United States", "Canada", "India", "the ministry", "the embassy"]
CLAIMS = [
    "does not produce fentanyl",
    "is willing to strengthen cooperation with its neighbours",
    "blames the root cause of the crisis on demand abroad",
    "reported the seizure of {n} kilograms of precursors",
    "held talks on security for the {n}th time",
]
SPEAKERS = ["Mao Ning", "Rosa Icela Rodríguez", "Alicia Bárcena", "Antony Blinken", "the spokesperson"]


def make_corpus(path: Path, sentences: int, per_article: int = 8, seed: int = 0) -> Path:
    """A JSONL corpus of distinct wire-style sentences (distinct so nothing is a cache hit)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        n = 0
        article = 0
        while n < sentences:
            k = min(per_article, sentences - n)
            parts = []
            for _ in range(k):
                claim = rng.choice(CLAIMS).format(n=n + 1)
                parts.append(f"{rng.choice(SUBJECTS).capitalize()} {claim}, {rng.choice(SPEAKERS)} said on day {n + 1}.")
                n += 1
            fh.write(json.dumps({"id": f"a{article}", "text": " ".join(parts)}) + "\n")
            article += 1
    return path


class Server:
    """tests/faultserver.py in its own process, so it does not share our GIL."""

    def __init__(self, latency: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faultserver", "--latency", str(latency)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _articles(path: Path) -> Any:
    from stance.text import iter_articles

    return iter_articles([str(path)])


def run_corpus(corpus: Path, warm_up: bool = False, **settings: Any) -> tuple[float, int, Any]:
    from stance import Classifier

    with Classifier(**settings) as clf:
        if warm_up:  # imports and the first connection are start-up, not throughput
            clf.classify_text("Warm-up sentence number zero.", article_id="warm-up")
            clf.usage = type(clf.usage)()
        start = time.perf_counter()
        n = 0
        for rec in clf.stream(_articles(corpus)):
            if rec.error:
                raise SystemExit(f"benchmark request failed: {rec.error}")
            n += 1
        usage = clf.usage
    return time.perf_counter() - start, n, usage


def bench_throughput(tmp: Path, quick: bool, latency: float = 0.1) -> list[dict[str, Any]]:
    rows = []
    server = Server(latency)
    try:
        for conc in (1, 4, 16, 64):
            n = 2000 if not quick else 400
            if conc == 1:
                n = 200 if not quick else 50  # 2,000 at one request per 100 ms would be 200 s
            corpus = make_corpus(tmp / f"tp-{conc}.jsonl", n, seed=conc)
            wall, count, _ = run_corpus(
                corpus, warm_up=True, base_url=server.url, model="bench", api_key="bench", concurrency=conc,
                no_cache=True, max_retries=0,
            )
            rate = count / wall
            ideal = conc / latency
            rows.append({"concurrency": conc, "sentences": count, "seconds": round(wall, 2),
                         "sentences_per_s": round(rate, 1), "ideal": ideal, "ratio": round(rate / ideal, 3)})
            print(f"  concurrency {conc:>2}: {rate:7.1f} sentences/s  (ideal {ideal:.0f}, ratio {rate / ideal:.2f})", flush=True)
    finally:
        server.close()
    return rows


def bench_warm(tmp: Path, quick: bool) -> dict[str, Any]:
    """Fill a cache, then time the full CLI path (read, segment, attribute, look up, write)."""
    from stance.cli import run_classify
    from stance.config import resolve_settings

    n = 10_000 if not quick else 2_000
    corpus = make_corpus(tmp / "warm-corpus.jsonl", n, seed=7)
    cache = tmp / "warm-cache"
    server = Server(0.0)
    try:
        settings = resolve_settings(base_url=server.url, model="bench", api_key="bench", concurrency=64, cache_dir=cache)
        run_classify([str(corpus)], settings=settings, output=str(tmp / "out-cold.jsonl"), quiet=True)
        start = time.perf_counter()
        code = run_classify([str(corpus)], settings=settings, output=str(tmp / "out-warm.jsonl"), quiet=True)
        wall = time.perf_counter() - start
    finally:
        server.close()
    cached = sum(json.loads(line)["cached"] for line in (tmp / "out-warm.jsonl").open())
    assert code == 0 and cached == n, "warm run was not fully cached"
    print(f"  warm cache: {n / wall:,.0f} sentences/s end to end ({n} sentences, {wall:.2f}s)", flush=True)
    return {"sentences": n, "seconds": round(wall, 3), "sentences_per_s": round(n / wall)}


def bench_tokens(tmp: Path) -> list[dict[str, Any]]:
    """Prompt, cached-prefix and completion tokens per sentence, single vs batch (K=8),
    from the server's usage figures, on the seed articles."""
    from stance import Classifier, Usage
    from stance.text import iter_articles

    rows = []
    labels: dict[int, list[tuple[str, int, tuple[str, ...]]]] = {}
    for k in (1, 8):
        server = Server(0.0)  # a fresh server: its prefix cache starts empty
        try:
            with Classifier(base_url=server.url, model="bench", api_key="bench", batch_size=k, no_cache=True) as clf:
                recs = list(clf.stream(iter_articles([str(ROOT / "fixtures" / "articles")])))
                u: Usage = clf.usage
            n = len(recs)
            labels[k] = [(r.article, r.index, tuple(r.labels)) for r in recs]
            rows.append({
                "batch_size": k, "sentences": n, "requests": u.requests,
                "prompt_per_sentence": round(u.prompt_tokens / n, 1),
                "cached_prefix_share": round(u.cached_prompt_tokens / max(1, u.prompt_tokens), 3),
                "uncached_prompt_per_sentence": round((u.prompt_tokens - u.cached_prompt_tokens) / n, 1),
                "completion_per_sentence": round(u.completion_tokens / n, 1),
            })
        finally:
            server.close()
    same = sum(a == b for a, b in zip(labels[1], labels[8], strict=True))
    for r in rows:
        r["same_labels_as_single"] = f"{same}/{len(labels[1])}"
        print(f"  batch {r['batch_size']}: {r['prompt_per_sentence']} prompt tokens/sentence "
              f"({r['cached_prefix_share']:.0%} cached prefix), {r['completion_per_sentence']} completion", flush=True)
    print(f"  single ÷ batch prompt tokens: {rows[0]['prompt_per_sentence'] / rows[1]['prompt_per_sentence']:.1f}x; "
          f"same labels {same}/{len(labels[1])}", flush=True)
    return rows


_MEMORY_CHILD = """
import json, resource, sys
sys.path.insert(0, {root!r})
from tests.fakes import FakeClient
from stance import Classifier
from stance.text import iter_articles
with Classifier(client=FakeClient(keep_requests=False), model="bench", no_cache=True, concurrency=16) as clf:
    n = sum(1 for _ in clf.stream(iter_articles([{corpus!r}])))
try:  # Linux: this process's own high-water mark (ru_maxrss carries the parent's over exec)
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"sentences": n, "peak_rss_mb": peak / 1024}}))
"""


def bench_memory(tmp: Path, quick: bool) -> list[dict[str, Any]]:
    """Peak RSS of a whole corpus run (in-process fake model, so only our pipeline counts)."""
    rows = []
    for n in ((10_000, 100_000) if not quick else (2_000, 20_000)):
        corpus = make_corpus(tmp / f"mem-{n}.jsonl", n, seed=n)
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD.format(root=str(ROOT), corpus=str(corpus))],
            capture_output=True, text=True, check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"  {n:>7,} sentences: peak RSS {row['peak_rss_mb']:.0f} MB", flush=True)
    rows.append({"ratio": round(rows[1]["peak_rss_mb"] / rows[0]["peak_rss_mb"], 3)})
    print(f"  ratio: {rows[-1]['ratio']:.2f}", flush=True)
    return rows


_BATCH_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from stance.batch import ingest, prepare
from stance.pipeline import Classifier
from stance.text import iter_articles
with Classifier(base_url="http://bench.invalid/v1", model="bench", cache_dir={cache!r}) as clf:
    start = time.perf_counter()
    if {step!r} == "prepare":
        st = prepare(clf, iter_articles([{corpus!r}]), Path({requests!r}))
        n, files, size = st.asked, [str(p) for p in st.files], st.bytes
    else:
        st = ingest(clf, [Path({results!r})])
        n, files, size = st.stored, [], 0
    wall = time.perf_counter() - start
try:
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"sentences": n, "seconds": wall, "peak_rss_mb": peak / 1024, "files": files, "bytes": size}}))
"""

_BATCH_ANSWERS = [
    {"denies_production": True, "attributes_blame": False, "blame_target": None, "offers_cooperation": False,
     "rationale": "The speaker denies that the country produces fentanyl."},
    {"denies_production": False, "attributes_blame": True, "blame_target": "United States", "offers_cooperation": False,
     "rationale": "The speaker places the root cause abroad."},
    {"denies_production": False, "attributes_blame": False, "blame_target": None, "offers_cooperation": True,
     "rationale": "The speaker offers to work together."},
]


def _batch_results(requests: list[Path], out: Path) -> Path:
    """An output file as the OpenAI Batch API writes it: one successful chat completion
    per request, in its own order."""
    import re

    custom_id = re.compile(rb'\{"custom_id":"([0-9a-fp]+)"')
    contents = [json.dumps(a) for a in _BATCH_ANSWERS]
    with out.open("w", encoding="utf-8") as fo:
        n = 0
        for path in requests:
            with path.open("rb") as fi:
                for line in fi:
                    m = custom_id.match(line)
                    assert m, "not a request line"
                    completion = {
                        "id": f"chatcmpl-{n}", "object": "chat.completion", "created": 0, "model": "bench",
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": contents[n % 3], "refusal": None}}],
                        "usage": {"prompt_tokens": 800, "completion_tokens": 40, "total_tokens": 840},
                    }
                    fo.write(json.dumps({"id": f"batch_req_{n}", "custom_id": m.group(1).decode(), "response": {
                        "status_code": 200, "request_id": f"req_{n}", "body": completion}, "error": None}) + "\n")
                    n += 1
    return out


def _batch_step(step: str, **paths: str) -> dict[str, Any]:
    code = _BATCH_CHILD.format(root=str(ROOT), step=step, **paths)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_batch_files(tmp: Path, quick: bool) -> list[dict[str, Any]]:
    """``stance batch prepare`` and ``ingest`` over a JSONL corpus, each step in a fresh
    process (its own high-water mark): rates at the smaller size, peak memory at both."""
    import shutil

    rows = []
    for n in ((100_000, 1_000_000) if not quick else (10_000, 100_000)):
        work = tmp / f"batch-{n}"
        work.mkdir()
        corpus = make_corpus(work / "corpus.jsonl", n, seed=n)
        cache = str(work / "cache")
        prep = _batch_step("prepare", corpus=str(corpus), cache=cache, requests=str(work / "requests.jsonl"), results="")
        assert prep["sentences"] == n, "prepare did not ask every sentence"
        results = _batch_results([Path(p) for p in prep["files"]], work / "results.jsonl")
        for p in prep["files"]:
            Path(p).unlink()  # a million requests is about 5 GB
        ing = _batch_step("ingest", corpus="", cache=cache, requests="", results=str(results))
        assert ing["sentences"] == n, "ingest did not store every answer"
        shutil.rmtree(work)
        row = {
            "sentences": n, "request_files": len(prep["files"]), "request_mb": round(prep["bytes"] / 1e6),
            "prepare_per_s": round(n / prep["seconds"]), "prepare_peak_mb": round(prep["peak_rss_mb"], 1),
            "ingest_per_s": round(n / ing["seconds"]), "ingest_peak_mb": round(ing["peak_rss_mb"], 1),
        }
        rows.append(row)
        print(f"  {n:>9,} sentences: prepare {row['prepare_per_s']:,}/s ({row['request_files']} files, "
              f"{row['request_mb']:,} MB), peak {row['prepare_peak_mb']:.0f} MB; ingest {row['ingest_per_s']:,}/s, "
              f"peak {row['ingest_peak_mb']:.0f} MB", flush=True)
    ratios = {f"{step}_ratio": round(rows[1][f"{step}_peak_mb"] / rows[0][f"{step}_peak_mb"], 3) for step in ("prepare", "ingest")}
    rows.append(ratios)
    print(f"  peak memory ratio, {rows[1]['sentences']:,} vs {rows[0]['sentences']:,}: prepare "
          f"{ratios['prepare_ratio']:.2f}, ingest {ratios['ingest_ratio']:.2f}", flush=True)
    return rows


def bench_embedded(tmp: Path) -> dict[str, Any]:
    corpus = ROOT / "fixtures" / "articles" / "globaltimes-2023-04-06-mao-ning.txt"
    try:
        wall, n, usage = run_corpus(corpus, no_cache=True, concurrency=2)
    except Exception as exc:  # the embedded extra may not be installed
        print(f"  embedded: skipped ({exc})", flush=True)
        return {"skipped": str(exc)}
    print(f"  embedded SmolLM2-135M: {n / wall:.2f} sentences/s ({n} sentences, {wall:.1f}s, "
          f"{usage.completion_tokens / n:.0f} completion tokens/sentence)", flush=True)
    return {"sentences": n, "seconds": round(wall, 2), "sentences_per_s": round(n / wall, 3)}


def bench_batch_embedded(tmp: Path) -> list[dict[str, Any]]:
    """Single vs batch (K=8) with the embedded model on the seed articles: tokens, and
    whether the labels stay the same (they need not: the model sees a different prompt)."""
    from stance import Classifier
    from stance.evaluation import align, load_gold
    from stance.text import iter_articles

    gold = {g.id: g for g in load_gold(ROOT / "fixtures")}
    rows, labels = [], {}
    for k in (1, 8):
        start = time.perf_counter()
        try:
            with Classifier(batch_size=k, no_cache=True, concurrency=2) as clf:
                recs = list(clf.stream(iter_articles([str(ROOT / "fixtures" / "articles")])))
                u = clf.usage
        except Exception as exc:  # the embedded extra may not be installed
            print(f"  embedded batch: skipped ({exc})", flush=True)
            return [{"skipped": str(exc)}]
        wall = time.perf_counter() - start
        labels[k] = [tuple(r.labels) for r in recs]
        hits = total = 0
        for article_id, g in gold.items():
            mine = [r for r in recs if r.article == article_id]
            for gi, pj in align(g.sentences, mine):
                if gi is not None:
                    total += 1
                    hits += pj is not None and set(mine[pj].labels) == set(g.sentences[gi]["labels"])
        rows.append({
            "batch_size": k, "sentences": len(recs), "requests": u.requests, "seconds": round(wall, 1),
            "prompt_per_sentence": round(u.prompt_tokens / len(recs), 1),
            "completion_per_sentence": round(u.completion_tokens / len(recs), 1),
            "failed": sum(1 for r in recs if r.error), "exact_match_vs_hand_labels": round(hits / total, 3),
        })
    same = sum(a == b for a, b in zip(labels[1], labels[8], strict=True))
    for r in rows:
        r["same_labels_as_single"] = f"{same}/{len(labels[1])}"
        print(f"  embedded batch {r['batch_size']}: {r['prompt_per_sentence']} prompt tokens/sentence, "
              f"{r['requests']} requests, {r['seconds']}s, exact match vs hand labels {r['exact_match_vs_hand_labels']}",
              flush=True)
    print(f"  same labels as single mode: {same}/{len(labels[1])}", flush=True)
    return rows


def bench_help() -> dict[str, Any]:
    exe = Path(sys.executable).with_name("stance")
    cmd = [str(exe), "--help"] if exe.exists() else [sys.executable, "-m", "stance.cli", "--help"]
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    print(f"  stance --help: {med * 1000:.0f} ms (median of 7)", flush=True)
    return {"median_s": round(med, 3), "runs": [round(t, 3) for t in times]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["throughput", "warm", "tokens", "memory", "embedded", "batch-embedded", "batch-files", "help"])
    parser.add_argument("--out", default=str(ROOT / "eval" / "bench-results.json"))
    args = parser.parse_args()
    os.environ.pop("OPENAI_API_KEY", None)
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d"), "quick": args.quick}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        os.environ["STANCE_CACHE_DIR"] = str(tmp / "cache")
        sections = {
            "throughput": lambda: bench_throughput(tmp, args.quick),
            "warm": lambda: bench_warm(tmp, args.quick),
            "tokens": lambda: bench_tokens(tmp),
            "memory": lambda: bench_memory(tmp, args.quick),
            "embedded": lambda: bench_embedded(tmp),
            "batch-embedded": lambda: bench_batch_embedded(tmp),
            "batch-files": lambda: bench_batch_files(tmp, args.quick),
            "help": bench_help,
        }
        for name, fn in sections.items():
            if args.only and name != args.only:
                continue
            print(f"{name}:", flush=True)
            results[name] = fn()
    out = Path(args.out)
    if args.only and out.is_file():  # one section re-measured: the others stay as they were
        results = {**json.loads(out.read_text(encoding="utf-8")), **results}
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
