"""``stance serve`` over loopback HTTP, against the fault-injecting stub endpoint:
records, shared cache, limits, error bodies, and no key in anything sent back."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.config import resolve_settings
from stance.serve import Limits
from tests.faultserver import FaultServer, status
from tests.serve.conftest import SENTINEL, Call, free_port, request, start_app

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "“Mexico does not produce fentanyl,” the minister said.\n\n"
    "The root cause of the problem lies within the US itself, Mao said. "
    "China is open to cooperation with Mexico.\n"
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FaultServer, Call]]:
    """One stub and one server with small limits, for the tests that change nothing."""
    with FaultServer(api_key=SENTINEL) as stub:
        settings = resolve_settings(env={}, base_url=stub.url, model="stub-model", api_key=SENTINEL,
                                    cache_dir=str(tmp_path_factory.mktemp("cache")))
        call, stop = start_app(settings, Limits(max_body=4096, max_articles=2))
        yield stub, call
        stop()


def test_health_names_what_is_loaded(shared: tuple[FaultServer, Call]) -> None:
    code, _, body = shared[1]("/healthz")
    assert code == 200
    assert body == {"status": "ok", "model": "stub-model", "backend": "endpoint", "codebook": "fentanyl-diplomacy@2",
                    "prompt_version": "classify-v2", "in_flight": 0, "max_requests": 4}


def test_classify_returns_the_jsonl_records_and_shares_the_cache(stub: FaultServer, serve: Callable[..., Call], tmp_path: Path) -> None:
    call = serve(stub)
    code, _, body = call("/v1/classify", {"text": TEXT, "id": "a1", "date": "2023-10-05"})
    assert code == 200, body
    recs = body["records"]
    assert body["failed"] == 0 and len(recs) == 3 and stub.received == 3
    assert [r["labels"] for r in recs] == [["denies_production"], ["attributes_blame"], ["offers_cooperation"]]
    assert recs[1]["targets"]["blame_target"] == "United States" and recs[1]["speaker"]["name"] == "Mao"
    assert all(r["article"] == "a1" and r["date"] == "2023-10-05" and TEXT[r["start"]:r["end"]] == r["text"] for r in recs)
    # `stance classify` with the same settings: answered from the server's cache, same records.
    (tmp_path / "a1.txt").write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(cli, ["classify", str(tmp_path / "a1.txt"), "--format", "jsonl", "-q"])
    assert res.exit_code == 0, res.output
    jsonl = [json.loads(line) for line in res.output.splitlines()]
    assert stub.received == 3
    assert all(j.pop("cached") and not r.pop("cached") for j, r in zip(jsonl, recs, strict=True))
    assert [{**r, "date": None} for r in recs] == jsonl  # the file name carries no date


def test_articles_keep_order_ids_and_dates(stub: FaultServer, serve: Callable[..., Call]) -> None:
    call = serve(stub)
    arts = [{"text": "China is open to cooperation with Mexico, Mao said.", "date": "2023-04-06"},
            {"id": "efe", "text": "Mexico does not produce fentanyl, the minister said."},
            {"text": "It rained."}]
    code, _, body = call("/v1/classify", {"articles": arts})
    assert code == 200
    assert [(r["article"], r["date"], r["labels"]) for r in body["records"]] == [
        ("1", "2023-04-06", ["offers_cooperation"]), ("efe", None, ["denies_production"]), ("3", None, [])]


def test_concurrent_requests_get_their_own_records(stub: FaultServer, serve: Callable[..., Call]) -> None:
    stub.latency = 0.05
    call = serve(stub, concurrency=2, no_cache=True)
    texts = [f"China is open to cooperation with Mexico number {i}, Mao said." for i in range(4)]
    results: dict[int, Any] = {}

    def go(i: int) -> None:
        results[i] = call("/v1/classify", {"text": texts[i], "id": f"t{i}"})

    threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for i in range(4):
        code, _, body = results[i]
        assert code == 200 and [(r["article"], r["text"]) for r in body["records"]] == [(f"t{i}", texts[i])]
    assert stub.peak_in_flight >= 2  # they really overlapped


def test_saturated_server_answers_503_with_retry_after(stub: FaultServer, serve: Callable[..., Call]) -> None:
    stub.latency = 0.3
    call = serve(stub, Limits(max_requests=1, retry_after=3), no_cache=True)
    first: list[Any] = []
    t = threading.Thread(target=lambda: first.append(call("/v1/classify", {"text": "It rained."})))
    t.start()
    deadline = time.monotonic() + 10
    while stub.in_flight == 0:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    code, headers, body = call("/v1/classify", {"text": "It snowed."})
    assert code == 503 and headers["retry-after"] == "3" and "busy" in body["detail"]
    assert call("/healthz")[2]["in_flight"] == 1  # health stays answerable
    t.join(10)
    assert first[0][0] == 200
    assert call("/v1/classify", {"text": "It snowed."})[0] == 200  # the slot is free again


@pytest.mark.parametrize(
    ("kwargs", "code", "detail"),
    [
        ({"raw": b"{not json"}, 400, "not valid JSON"),
        ({"body": {}}, 422, 'either "text" or "articles"'),
        ({"body": {"text": "x.", "articles": []}}, 422, 'either "text" or "articles"'),
        ({"body": {"articles": [{"text": "x."}], "id": "a"}}, 422, "inside each article"),
        ({"body": {"text": "x.", "concurrency": 64}}, 422, "concurrency: Extra inputs are not permitted"),
        ({"body": {"text": 42}}, 422, "text: Input should be a valid string"),
        ({"body": {"text": "   "}}, 422, "empty article"),
        ({"body": {"articles": [{"id": "a", "text": "x."}, {"id": "a", "text": "y."}]}}, 422, "duplicate id 'a'"),
        ({"body": {"articles": [{"text": "x."}] * 3}}, 413, "at most 2 per request"),
        ({"raw": b'{"text": "' + b"x" * 5000 + b'"}'}, 413, "larger than 4096 bytes"),
        ({"raw": b'{"text": "Mexico \\ud800 said."}'}, 422, "text: holds a lone surrogate (\\ud800 at character 7)"),
        ({"raw": b'{"text": "x.", "id": "a\\udfff"}'}, 422, "id: holds a lone surrogate"),
        ({"raw": b'{"articles": [{"text": "x.", "date": "\\ud800"}]}'}, 422, "articles.0.date: holds a lone surrogate"),
        ({"body": {"text": "x.", "date": "yesterday"}}, 422, "date: expected a date as YYYY-MM-DD"),
        ({"body": {"articles": [{"text": "x.", "date": "2023-02-30"}]}}, 422, "articles.0.date: expected a date as YYYY-MM-DD"),
    ],
)
def test_bad_requests_get_a_clear_4xx(shared: tuple[FaultServer, Call], kwargs: dict[str, Any], code: int, detail: str) -> None:
    stub, call = shared
    stub.reset_counts()
    got, headers, body = call("/v1/classify", **kwargs)
    assert got == code and headers["content-type"] == "application/json"
    assert isinstance(body["detail"], str) and detail in body["detail"]
    assert stub.received == 0


@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_a_body_not_sent_as_json_is_told_so(shared: tuple[FaultServer, Call], content_type: str | None) -> None:
    """``curl -d`` without ``-H 'content-type: application/json'`` gets a 415 that says
    what to send, not a 422 about the body's shape."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", shared[1].port, timeout=30)
    headers = {"Content-Type": content_type} if content_type else {}
    conn.request("POST", "/v1/classify", body=b'{"text": "It rained."}', headers=headers)
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    assert resp.status == 415 and resp.getheader("content-type") == "application/json"
    assert body["detail"].startswith("send the body as JSON with Content-Type: application/json")
    assert (content_type or "no Content-Type") in body["detail"]


def test_chunked_body_over_the_limit_is_cut_off(shared: tuple[FaultServer, Call]) -> None:
    call = shared[1]
    chunks = iter([b'{"text": "', b"x" * 3000, b"x" * 3000, b'"}'])
    code, _, body = call("/v1/classify", raw=chunks, headers={"Transfer-Encoding": "chunked"})  # type: ignore[arg-type]
    assert code == 413 and "larger than 4096" in body["detail"]


def test_unknown_routes_and_methods_are_json(shared: tuple[FaultServer, Call]) -> None:
    call = shared[1]
    assert call("/v2/nothing")[0::2] == (404, {"detail": "Not Found"})
    assert call("/v1/classify", method="GET")[0::2] == (405, {"detail": "Method Not Allowed"})


def test_the_key_is_never_sent_back(serve: Callable[..., Call]) -> None:
    # The endpoint wants another key and, like some proxies, echoes the one it got.
    with FaultServer(api_key="sk-" + "the-right-one-0000", echo_auth=True) as stub:
        call = serve(stub, max_retries=0)
        bodies = [call(p) for p in ("/healthz", "/openapi.json", "/docs")]
        code, _, body = call("/v1/classify", {"text": TEXT})
        assert code == 502 and "authentication failed" in body["detail"]
        bodies.append((code, {}, body))
    with FaultServer(echo_auth=True) as stub:
        stub.on("root cause", status(500))
        call = serve(stub, max_retries=0, no_cache=True)
        code, _, body = call("/v1/classify", {"text": TEXT})
        assert code == 200 and body["failed"] == 1
        assert "HTTP 500" in body["records"][1]["error"] and "Bearer" in body["records"][1]["error"]
        bodies.append((code, {}, body))
    for _code, headers, body in bodies:
        assert SENTINEL not in json.dumps(body) and SENTINEL not in json.dumps(headers)
        assert "Traceback" not in json.dumps(body)


def test_unreachable_endpoint_is_a_502(serve: Callable[..., Call]) -> None:
    call = serve(None, max_retries=0)
    code, _, body = call("/v1/classify", {"text": "Mexico does not produce fentanyl, the minister said."})
    assert code == 502 and "unreachable" in body["detail"]


def test_openapi_documents_the_api(shared: tuple[FaultServer, Call]) -> None:
    call = shared[1]
    code, _, spec = call("/openapi.json")
    assert code == 200 and {"/v1/classify", "/healthz"} <= set(spec["paths"])
    post = spec["paths"]["/v1/classify"]["post"]
    assert {"200", "413", "422", "502", "503"} <= set(post["responses"])
    assert "articles" in spec["components"]["schemas"]["ClassifyRequest"]["properties"]
    assert call("/docs")[0] == 200


def test_stance_serve_command(stub: FaultServer, tmp_path: Path) -> None:
    """The real command in a subprocess: starts, serves, stops on SIGTERM, logs no key."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCE_", "OPENAI_"))}
    env.update(OPENAI_API_KEY=SENTINEL, STANCE_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-c", "from stance.cli import main; main()", "serve", "--port", str(port),
           "--base-url", stub.url, "--model", "stub-model", "--max-requests", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                code, _, health = request(base, "/healthz")
                break
            except urllib.error.URLError:
                assert proc.poll() is None and time.monotonic() < deadline, "stance serve did not start"
                time.sleep(0.1)
        assert code == 200 and health["max_requests"] == 2
        code, _, body = request(base, "/v1/classify", {"text": TEXT})
        assert code == 200 and len(body["records"]) == 3
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
    assert proc.returncode in (0, 130)
    assert "POST /v1/classify" in out and SENTINEL not in out


def test_stance_serve_on_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-c", "from stance.cli import main; main()", "serve", "--port", str(port),
               "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--cache-dir", str(tmp_path / "cache")]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCE_", "OPENAI_"))}
        out = subprocess.run(cmd, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines() == [
        f"error: cannot listen on 127.0.0.1:{port}: address already in use; pick another with --port"
    ]
