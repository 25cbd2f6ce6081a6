"""prepare → submit → status → collect → ingest → classify, offline against the fault
server's Batch API: ingested answers serve classify with no model request and the same
output as the online path; bad and partial batch output is counted, reported and asked
online; ingesting twice changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stance.cli import cli
from stance.errors import ExitCode
from tests.fakes import KEY, keyword_answer, sentence_of
from tests.faultserver import BAD_SCHEMA, NOT_JSON, REFUSAL, TRUNCATED, FaultServer, status

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "fixtures" / "articles"
SEED = [ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt", ARTICLES / "globaltimes-2023-04-06-mao-ning.txt"]
N = 33  # sentences in SEED


def stance(cache: Path, *args: str) -> Result:
    env = {"OPENAI_API_KEY": KEY, "STANCE_CACHE_DIR": str(cache)}
    return CliRunner().invoke(cli, list(args), env=env)


def model_opts(server: FaultServer, *extra: str) -> list[str]:
    return ["--base-url", server.url, "--model", "m", "--max-retries", "0", *extra]


def classify(server: FaultServer, cache: Path, out: Path, *extra: str) -> list[dict[str, Any]]:
    res = stance(cache, "classify", *map(str, SEED), "-o", str(out), *model_opts(server, *extra))
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def without_cached(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "cached"} for r in records]


def online(server: FaultServer, tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    """What the online path writes for the same answers, from a cache of its own."""
    records = classify(server, tmp_path / "online-cache", tmp_path / "online.jsonl", *extra)
    server.reset_counts()
    return records


def prepare(server: FaultServer, cache: Path, out: Path, *extra: str) -> list[Path]:
    res = stance(cache, "batch", "prepare", *map(str, SEED), "-o", str(out), *model_opts(server, *extra))
    assert res.exit_code == 0, res.output
    return [Path(p) for p in res.stdout.split()]


def submit_and_collect(server: FaultServer, cache: Path, files: list[Path], where: Path) -> list[Path]:
    api = ["--base-url", server.url]
    sub = stance(cache, "batch", "submit", *map(str, files), *api)
    assert sub.exit_code == 0, sub.output
    collected = []
    for batch_id in sub.stdout.split():
        done = stance(cache, "batch", "collect", batch_id, "-d", str(where), *api)
        assert done.exit_code == 0, done.output
        collected += [Path(p) for p in done.stdout.split()]
    return collected


def ingest(server: FaultServer, cache: Path, files: list[Path], *extra: str) -> Result:
    res = stance(cache, "batch", "ingest", *map(str, files), *model_opts(server, *extra))
    assert res.exit_code == 0, res.output
    return res


def exported(cache: Path, tmp_path: Path) -> str:
    out = tmp_path / "export.jsonl"
    assert stance(cache, "cache", "export", "-o", str(out)).exit_code == 0
    return out.read_text(encoding="utf-8")


def test_a_completed_batch_serves_classify_with_no_model_request(server: FaultServer, tmp_path: Path) -> None:
    expected = online(server, tmp_path)
    cache = tmp_path / "cache"
    files = prepare(server, cache, tmp_path / "requests.jsonl")
    server.batches.script(polls=2)
    api = ["--base-url", server.url]
    sub = stance(cache, "batch", "submit", *map(str, files), *api)
    assert sub.exit_code == 0, sub.output
    (batch_id,) = sub.stdout.split()
    st = stance(cache, "batch", "status", batch_id, *api)
    assert st.exit_code == 0 and f"{batch_id}  in_progress" in st.stdout
    early = stance(cache, "batch", "collect", batch_id, "-d", str(tmp_path), *api)
    assert early.exit_code == ExitCode.PENDING and "in_progress" in early.stderr
    assert not list(tmp_path.glob("*.output.jsonl"))
    done = stance(cache, "batch", "collect", batch_id, "-d", str(tmp_path), *api)
    assert done.exit_code == 0, done.output
    assert done.stdout.split() == [str(tmp_path / f"{batch_id}.output.jsonl")]
    assert server.received and not server.log  # the batch ran through the Batch API alone
    res = ingest(server, cache, [tmp_path / f"{batch_id}.output.jsonl"])
    assert f"{N} answers stored" in res.stderr
    server.reset_counts()
    after = classify(server, cache, tmp_path / "out.jsonl")
    assert server.received == 0
    assert all(r["cached"] for r in after)
    assert without_cached(after) == without_cached(expected)


def test_bad_and_partial_output_is_counted_and_asked_online(server: FaultServer, tmp_path: Path) -> None:
    expected = online(server, tmp_path)
    cache = tmp_path / "cache"
    files = prepare(server, cache, tmp_path / "requests.jsonl")
    # The batch expires after 25 requests; of those, some replies are unusable.
    faults = {"That is very clear": NOT_JSON, "does not produce": BAD_SCHEMA, "counternarcotics": status(500),
              "EFE/": REFUSAL, "Mexico tells US": TRUNCATED}
    for match, fault in faults.items():
        server.on(match, fault)
    first = [sentence_of(json.loads(line)["body"]) for line in files[0].read_text().splitlines()[:25]]
    bad = sum(any(m in s for m in faults) for s in first)
    server.batches.script(status="expired", answered=25, garbage=2)
    collected = submit_and_collect(server, cache, files, tmp_path)
    assert sorted(p.name for p in collected) == ["batch_0001.errors.jsonl", "batch_0001.output.jsonl"]
    server.clear()
    before = exported(cache, tmp_path)
    res = ingest(server, cache, collected)
    out_lines = (tmp_path / "batch_0001.output.jsonl").read_text().splitlines()
    err_lines = (tmp_path / "batch_0001.errors.jsonl").read_text().splitlines()
    stored = int(res.stderr.split(" answers stored")[0].split()[-1])
    assert stored == 25 - bad and bad >= len(faults)
    assert f"{len(out_lines) + len(err_lines)} result lines" in res.stderr
    assert f"error lines: {len(err_lines)} (e.g. batch_0001.errors.jsonl line 1: HTTP 500" in res.stderr
    assert "lines that are not results of stance requests: 2" in res.stderr
    for what in ("replies not JSON: ", "replies off the schema: ", "replies refused or cut off: "):
        assert what in res.stderr
    counted = sum(int(line.split(": ")[1].split()[0]) for line in res.stderr.splitlines() if line.startswith("  "))
    assert counted == len(out_lines) + len(err_lines) - stored  # every line is accounted for
    assert "asks their sentences online" in res.stderr
    assert exported(cache, tmp_path).count("\n") == before.count("\n") + stored
    # the same files again: nothing changes
    snapshot = exported(cache, tmp_path)
    again = ingest(server, cache, collected)
    assert "0 answers stored" in again.stderr and f"{stored} already in the cache" in again.stderr
    assert exported(cache, tmp_path) == snapshot
    server.reset_counts()
    after = classify(server, cache, tmp_path / "out.jsonl")
    assert server.received == N - stored  # exactly the sentences without a good answer
    assert sum(r["cached"] for r in after) == stored
    assert without_cached(after) == without_cached(expected)


@pytest.mark.parametrize("end", ["failed", "cancelled"])
def test_a_batch_that_ends_early_hands_over_what_it_finished(server: FaultServer, tmp_path: Path, end: str) -> None:
    expected = online(server, tmp_path)
    cache = tmp_path / "cache"
    files = prepare(server, cache, tmp_path / "requests.jsonl")
    server.batches.script(status=end, answered=10)
    collected = submit_and_collect(server, cache, files, tmp_path)
    assert "10 answers stored" in ingest(server, cache, collected).stderr
    server.reset_counts()
    after = classify(server, cache, tmp_path / "out.jsonl")
    assert server.received == N - 10
    assert without_cached(after) == without_cached(expected)


def test_a_batch_with_no_output_is_a_clear_error(server: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (files,) = [prepare(server, cache, tmp_path / "requests.jsonl")]
    lines = files[0].read_text(encoding="utf-8").splitlines()
    # a file the Batch API rejects as a whole: two models in it
    other = json.loads(lines[1])
    other["body"]["model"] = "another-model"
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], json.dumps(other)]) + "\n", encoding="utf-8")
    sub = stance(cache, "batch", "submit", str(mixed), "--base-url", server.url)
    res = stance(cache, "batch", "collect", sub.stdout.strip(), "-d", str(tmp_path), "--base-url", server.url)
    assert res.exit_code == ExitCode.FAILED
    assert res.stderr.count("\n") == 1 and "failed with no output" in res.stderr and "several models" in res.stderr


def test_batch_api_errors_are_one_line(server: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    unknown = stance(cache, "batch", "status", "batch_nope", "--base-url", server.url)
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: not found") and unknown.stderr.count("\n") == 1
    wrong = "sk-" + "wrong-0123456789abcdef"
    env = {"OPENAI_API_KEY": wrong, "STANCE_CACHE_DIR": str(cache)}
    for args in (["batch", "status", "b"], ["batch", "submit", str(SEED[0]), "--max-retries", "0"]):
        bad_key = CliRunner().invoke(cli, [*args, "--base-url", server.url], env=env)
        assert bad_key.exit_code == 2 and "authentication failed" in bad_key.stderr
        assert wrong not in bad_key.output and "0123456789abcdef" not in bad_key.output
    no_url = stance(cache, "batch", "submit", str(SEED[0]))
    assert no_url.exit_code == 2 and "--base-url" in no_url.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    nothing = stance(cache, "batch", "submit", str(empty), "--base-url", server.url)
    assert nothing.exit_code == 2 and "empty" in nothing.stderr and not server.batches.files
    missing = stance(cache, "batch", "ingest", str(tmp_path / "nope.jsonl"), *model_opts(server))
    assert missing.exit_code == 2 and missing.stderr.startswith("error: no such file")


def vllm_results(requests: list[Path], out: Path, answer: Any = keyword_answer) -> Path:
    """A results file as ``vllm run-batch`` writes it (vLLM's BatchRequestOutput): one
    line per request, ids and request ids of vLLM's own making, the body a chat
    completion as vLLM's server returns it."""
    with out.open("w", encoding="utf-8") as fh:
        for n, line in enumerate(line for p in requests for line in p.read_text(encoding="utf-8").splitlines()):
            req = json.loads(line)
            content = json.dumps(answer(req["body"]))
            completion = {
                "id": f"chatcmpl-{n:032x}", "object": "chat.completion", "created": 1767225600,
                "model": req["body"]["model"],
                "choices": [{
                    "index": 0, "logprobs": None, "finish_reason": "stop", "stop_reason": None,
                    "message": {"role": "assistant", "content": content, "refusal": None,
                                "tool_calls": [], "reasoning_content": None},
                }],
                "usage": {"prompt_tokens": 700, "total_tokens": 760, "completion_tokens": 60,
                          "prompt_tokens_details": None},
                "prompt_logprobs": None,
            }
            fh.write(json.dumps({
                "id": f"vllm-{n:032x}", "custom_id": req["custom_id"],
                "response": {"status_code": 200, "request_id": f"vllm-batch-{n:032x}", "body": completion},
                "error": None,
            }) + "\n")
    return out


@pytest.mark.parametrize("batch_size", ["1", "4"])
def test_a_vllm_run_batch_results_file_is_ingested(server: FaultServer, tmp_path: Path, batch_size: str) -> None:
    extra = ("--batch-size", batch_size)
    expected = online(server, tmp_path, *extra)
    cache = tmp_path / "cache"
    requests = prepare(server, cache, tmp_path / "requests.jsonl", *extra)
    results = vllm_results(requests, tmp_path / "results.jsonl")
    res = ingest(server, cache, [results], *extra)
    assert f"{N} answers stored" in res.stderr and "without an answer" not in res.stderr
    server.reset_counts()
    after = classify(server, cache, tmp_path / "out.jsonl", *extra)
    assert server.received == 0
    assert without_cached(after) == without_cached(expected)


def test_a_packed_request_unknown_to_the_cache_is_reported(server: FaultServer, tmp_path: Path) -> None:
    requests = prepare(server, tmp_path / "cache", tmp_path / "requests.jsonl", "--batch-size", "4")
    results = vllm_results(requests, tmp_path / "results.jsonl")
    res = ingest(server, tmp_path / "elsewhere", [results])
    assert "0 answers stored" in res.stderr and "packed requests this cache did not prepare: " in res.stderr


def test_an_answer_the_cache_holds_is_kept(server: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    requests = prepare(server, cache, tmp_path / "requests.jsonl")
    first = classify(server, cache, tmp_path / "first.jsonl")
    contrary = vllm_results(requests, tmp_path / "results.jsonl", lambda body: {
        "denies_production": True, "attributes_blame": False, "blame_target": None,
        "offers_cooperation": True, "rationale": "contrary"})
    res = ingest(server, cache, [contrary])
    assert "0 answers stored" in res.stderr and f"{N} differing from the cache (cached answer kept)" in res.stderr
    server.reset_counts()
    assert without_cached(classify(server, cache, tmp_path / "again.jsonl")) == without_cached(first)
    assert server.received == 0


def test_the_batch_api_is_retried_only_where_that_is_safe(server: FaultServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = prepare(server, cache, tmp_path / "requests.jsonl")
    server.batches.refuse(429, 503)  # the upload is refused twice, then goes through
    sub = stance(cache, "batch", "submit", *map(str, files), "--base-url", server.url)
    assert sub.exit_code == 0, sub.output
    assert server.batches.calls == ["POST /v1/files"] * 3 + ["POST /v1/batches"]
    assert len([f for f in server.batches.files.values() if f[1] == "batch"]) == 1
    server.batches.refuse(500, 500)
    gave_up = stance(cache, "batch", "submit", *map(str, files), "--base-url", server.url, "--max-retries", "1")
    assert gave_up.exit_code == ExitCode.FAILED and "HTTP 500" in gave_up.stderr
    assert len(server.batches.batches) == 1
