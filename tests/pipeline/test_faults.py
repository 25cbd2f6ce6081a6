"""Behaviour under endpoint faults, against the fault-injecting server through the
real ``openai`` client: bounded retries, Retry-After, per-sentence failure records,
exit codes, resuming from the cache, and interrupted runs."""

from __future__ import annotations

import asyncio
import gc
import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance import Article
from stance.cli import cli
from stance.errors import AuthError
from stance.model import set_backoff
from stance.pipeline import Classifier
from tests.fakes import KEY, FakeClient
from tests.faultserver import (
    BAD_SCHEMA,
    NOT_JSON,
    PAGE,
    REFUSAL,
    RESET,
    TRUNCATED,
    Fault,
    FaultServer,
    child_env,
    hang,
    stance_command,
    status,
)

TEXT = (
    "Mexico does not produce fentanyl, the minister said. "
    "The root cause of the crisis lies within the United States, Mao said. "
    "China is open to cooperation with Mexico. "
    "The meeting ended at noon.\n"
)
EXPECTED = [["denies_production"], ["attributes_blame"], ["offers_cooperation"], []]


@pytest.fixture(autouse=True)
def _fast_backoff() -> list[float]:
    """Backoff waits are recorded and shortened; Retry-After is left alone."""
    calls: list[float] = []

    def backoff(state: Any) -> float:
        calls.append(time.monotonic())
        return 0.01

    set_backoff(backoff)
    return calls



def classifier(server: FaultServer, **kw: Any) -> Classifier:
    opts: dict[str, Any] = {
        "base_url": server.url, "model": "m", "api_key": KEY,
        "max_retries": 2, "timeout": 2.0, "concurrency": 1,
    }
    return Classifier(**{**opts, **kw})


def test_clean_run_labels_every_sentence_and_reports_usage(server: FaultServer) -> None:
    with classifier(server) as clf:
        result = clf.classify_text(TEXT)
        records, usage = result.records, result.usage
    assert [r.labels for r in records] == EXPECTED
    assert records[1].targets.get("blame_target") == "United States"
    assert server.received == 4 and usage.requests == 4
    # the static system prefix is reported as cached from the second request on
    assert 0 < usage.cached_prompt_tokens < usage.prompt_tokens


def test_the_server_reports_the_shared_prompt_prefix_as_cached_tokens(server: FaultServer) -> None:
    import openai

    async def usage(user: str) -> Any:
        client = openai.AsyncOpenAI(base_url=server.url, api_key=KEY, max_retries=0)
        messages: Any = [{"role": "system", "content": "Label the sentence. " * 50}, {"role": "user", "content": user}]
        reply = await client.chat.completions.create(model="m", messages=messages)
        await client.close()
        return reply.usage

    first = asyncio.run(usage('{"sentence": "China offers cooperation."}'))
    same = asyncio.run(usage('{"sentence": "China offers cooperation."}'))
    other = asyncio.run(usage('{"sentence": "Mexico does not produce fentanyl."}'))
    assert first.prompt_tokens_details.cached_tokens == 0
    assert same.prompt_tokens_details.cached_tokens == same.prompt_tokens == first.prompt_tokens
    # shared: "system", ":", 50 x ("Label", "the", "sentence", "."), then the 8 tokens
    # "user", ":", "{", '"', "sentence", '"', ":", '"' before the first differing word
    assert other.prompt_tokens_details.cached_tokens == 2 + 4 * 50 + 8


@pytest.mark.parametrize(
    "fault",
    [status(429), status(500), status(502), status(503), RESET, hang(), NOT_JSON, BAD_SCHEMA, TRUNCATED, REFUSAL],
    ids=lambda f: f.kind + (str(f.code) if f.kind == "status" else ""),
)
def test_transient_faults_are_retried_until_the_answer_comes(server: FaultServer, fault: Fault) -> None:
    server.on("root cause", fault, times=2)
    with classifier(server, timeout=0.3) as clf:
        records = clf.classify_text(TEXT).records
    assert [r.error for r in records] == [None] * 4
    assert [r.labels for r in records] == EXPECTED
    assert server.count("root cause") == 3  # two faults, then the answer
    assert server.count() == 6


@pytest.mark.parametrize(
    ("fault", "waits"),
    [(NOT_JSON, 0), (BAD_SCHEMA, 0), (TRUNCATED, 0), (PAGE, 2), (status(503), 2)],
    ids=["not-json", "bad-schema", "truncated", "html-page", "503"],
)
def test_a_model_reply_is_re_asked_at_once_a_struggling_server_after_a_backoff(
    server: FaultServer, fault: Fault, waits: int, _fast_backoff: list[float]
) -> None:
    server.on("root cause", fault, times=2)
    with classifier(server) as clf:
        records = clf.classify_text(TEXT).records
    assert [r.labels for r in records] == EXPECTED
    assert len(_fast_backoff) == waits


def test_invalid_output_is_shown_to_the_model_when_re_asking(server: FaultServer) -> None:
    server.on("root cause", NOT_JSON, times=1)
    with classifier(server) as clf:
        clf.classify_text(TEXT)
    first, second = [r.body["messages"] for r in server.log if r.sentence and "root cause" in r.sentence]
    assert len(first) == 2 and second[:2] == first
    assert second[2] == {"role": "assistant", "content": "Sure! The speaker clearly denies production."}
    assert "no JSON object" in second[3]["content"]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (status(503), "HTTP 503"),
        (status(429), "HTTP 429"),
        (hang(), "timed out"),
        (RESET, "connection to"),
        (NOT_JSON, "invalid model output after 3 attempts"),
        (TRUNCATED, "cut off"),
        (REFUSAL, "refused"),
    ],
    ids=["503", "429", "hang", "reset", "not-json", "truncated", "refusal"],
)
def test_a_sentence_that_keeps_failing_is_recorded_and_the_rest_complete(
    server: FaultServer, fault: Fault, error: str, _fast_backoff: list[float]
) -> None:
    server.on("root cause", fault)  # every time
    articles = [TEXT, TEXT.replace("noon", "one")]
    with classifier(server, timeout=0.2) as clf:
        results = [clf.classify_text(t, article_id=f"a{i}") for i, t in enumerate(articles)]
    for result in results:
        failed = result.records[1]
        assert failed.error is not None and error in failed.error
        assert failed.labels == [] and failed.targets.get("blame_target") is None
        assert [r.labels for r in result.records[::2]] == [EXPECTED[0], EXPECTED[2]]
        assert result.failed == [failed]
    assert server.count("root cause") == 2 * 3  # max_retries=2: three attempts per article
    if fault in (NOT_JSON, TRUNCATED, REFUSAL):
        assert _fast_backoff == []  # the model's reply is re-asked at once
    else:
        assert len(_fast_backoff) >= 2 * 2  # the backoff timed every retry of a server fault


def test_retry_after_is_honoured(server: FaultServer, _fast_backoff: list[float]) -> None:
    server.on("root cause", status(429, retry_after=0.5), times=1)
    with classifier(server) as clf:
        records = clf.classify_text(TEXT).records
    assert records[1].labels == ["attributes_blame"]
    first, second = [r.at for r in server.log if r.sentence and "root cause" in r.sentence]
    assert 0.5 <= second - first < 2.0
    assert _fast_backoff == []  # the server's wait replaced the backoff


def test_without_retry_after_the_backoff_decides(server: FaultServer, _fast_backoff: list[float]) -> None:
    server.on("root cause", status(429), times=1)
    with classifier(server) as clf:
        clf.classify_text(TEXT)
    assert len(_fast_backoff) == 1


def test_a_wrong_key_is_an_auth_error_and_is_never_retried(server: FaultServer) -> None:
    with classifier(server, api_key="sk-" + "wrong-key-0000000000", max_retries=4) as clf:
        with pytest.raises(AuthError, match=r"authentication failed .*HTTP 401") as info:
            clf.classify_text(TEXT)
    assert server.received == 1
    assert "sk-wrong" not in str(info.value)


def test_requests_in_flight_never_exceed_the_concurrency(server: FaultServer) -> None:
    server.latency = 0.05
    text = " ".join(f"China offers cooperation on case {i}." for i in range(12))
    with classifier(server, concurrency=3) as clf:
        records = clf.classify_text(text).records
    assert len(records) == 12 and all(r.labels == ["offers_cooperation"] for r in records)
    assert server.peak_in_flight == 3


# -- the CLI -----------------------------------------------------------------------------


def _corpus(tmp_path: Path, n: int = 2) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(n):
        (folder / f"article{i}.txt").write_text(TEXT.replace("noon", f"{i} o'clock"), encoding="utf-8")
    return folder


def _classify(server: FaultServer, *args: str) -> Any:
    opts = ["--base-url", server.url, "--model", "m", "--max-retries", "1", "--timeout", "2"]
    return CliRunner().invoke(cli, ["classify", *args, *opts], env={"OPENAI_API_KEY": KEY})


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_exits_1_on_failures_and_a_rerun_requests_only_those(
    server: FaultServer, tmp_path: Path
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out.jsonl"
    server.on("root cause", status(500))
    first = _classify(server, str(corpus), "-o", str(out))
    assert first.exit_code == 1, first.output
    assert "2 sentence(s) failed; rerun the same command" in first.stderr
    records = _records(out)
    assert len(records) == 8 and sum(r["error"] is not None for r in records) == 2
    assert server.count("root cause") == 2 * 2  # max-retries 1

    server.clear()
    server.reset_counts()
    second = _classify(server, str(corpus), "-o", str(out))
    assert second.exit_code == 0, second.output
    assert server.received == 2 and server.count("root cause") == 2
    again = _records(out)
    assert [r["cached"] for r in again] == [r["error"] is None for r in records]
    assert [r["labels"] for r in again] == EXPECTED * 2


def _jsonl_corpus(path: Path, n: int) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"China offers cooperation in round {i}. Mexico does not produce fentanyl, case {i}."
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    return 2 * n


def _interrupt(server: FaultServer, argv: list[str], env: dict[str, str], sig: signal.Signals) -> tuple[int, str]:
    """Start ``argv``, send ``sig`` once ten requests have reached ``server``."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while server.received < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err


@pytest.mark.parametrize(
    ("sig", "resume"),
    # SIGTERM takes SIGINT's path (a KeyboardInterrupt), so its resume is not re-run;
    # SIGKILL allows no cleanup at all, so the cache must be consistent without it.
    [(signal.SIGINT, True), (signal.SIGTERM, False), (signal.SIGKILL, True)],
    ids=["SIGINT", "SIGTERM", "SIGKILL"],
)
def test_an_interrupted_run_leaves_valid_output_and_resumes_from_the_cache(
    tmp_path: Path, sig: signal.Signals, resume: bool
) -> None:
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out.jsonl"
    total = _jsonl_corpus(corpus, 20)
    env = child_env(OPENAI_API_KEY=KEY, STANCE_CACHE_DIR=str(tmp_path / "cache"))
    with FaultServer(api_key=KEY, latency=0.02) as server:
        argv = stance_command(
            "classify", str(corpus), "-o", str(out), "--base-url", server.url, "--model", "m",
            "--concurrency", "2",
        )
        code, err = _interrupt(server, argv, env, sig)
        if sig == signal.SIGKILL:
            assert code == -signal.SIGKILL
        else:
            assert code == 130, err
            assert err.strip().splitlines() == [
                "interrupted: finished sentences are in the cache; rerun the same command to resume"
            ]
        written = _records(out)  # every line is complete JSON
        assert 0 < len(written) < total
        assert all(r["error"] is None for r in written)
        if not resume:
            return
        server.reset_counts()
        rerun = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        assert rerun.returncode == 0, rerun.stderr
    final = _records(out)
    assert len(final) == total
    cached = sum(r["cached"] for r in final)
    assert cached >= len(written)  # nothing written before the interrupt is asked again
    assert server.received == total - cached  # and nothing is asked twice
    assert [(r["article"], r["index"]) for r in final[: len(written)]] == [
        (r["article"], r["index"]) for r in written
    ]


def test_an_interrupted_run_without_a_cache_does_not_promise_a_resume(tmp_path: Path) -> None:
    corpus, out, cache = tmp_path / "corpus.jsonl", tmp_path / "out.jsonl", tmp_path / "cache"
    total = _jsonl_corpus(corpus, 20)
    env = child_env(OPENAI_API_KEY=KEY, STANCE_CACHE_DIR=str(cache))
    with FaultServer(api_key=KEY, latency=0.02) as server:
        argv = stance_command(
            "classify", str(corpus), "-o", str(out), "--base-url", server.url, "--model", "m",
            "--concurrency", "2", "--no-cache",
        )
        code, err = _interrupt(server, argv, env, signal.SIGINT)
    assert code == 130, err
    assert err.strip().splitlines() == [
        "interrupted: nothing was cached (--no-cache): a rerun asks the model for every sentence again"
    ]
    assert 0 < len(_records(out)) < total  # what was finished is still written
    assert not cache.exists()


class _InterruptedWrite(FakeClient):
    """Ctrl-C lands in a task of the HTTP client's (writing a request body), not in the
    run's own step."""

    async def post(self, path: str, **kw: Any) -> Any:
        async def write() -> None:
            raise KeyboardInterrupt

        asyncio.ensure_future(write())  # noqa: RUF006 (dropped, as the HTTP client drops its own)
        await asyncio.sleep(5)
        return await super().post(path, **kw)


def test_ctrl_c_inside_an_http_task_is_reported_once_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with Classifier(client=_InterruptedWrite(), model="m", no_cache=True) as clf:
        with pytest.raises(KeyboardInterrupt):
            list(clf.stream([Article(id="a", text="Mexico does not produce fentanyl.")]))
    gc.collect()  # the task still holding the interrupt is collected: nothing is logged
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []
