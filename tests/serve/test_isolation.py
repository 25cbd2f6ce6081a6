"""Nothing one caller of the service does can break another: concurrent batched requests,
a request whose text the endpoint refuses, and a client that hangs up — each beside
clean requests whose answers must be complete and correct."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from stance.serve import Limits
from tests.fakes import expected_labels
from tests.faultserver import FaultServer, status
from tests.serve.conftest import Answer, Call


def _text(name: str, n: int) -> str:
    kinds = [
        "Mexico does not produce fentanyl, says official {i} of {name}.",
        "The root cause lies within the US itself, speaker {i} of {name} said.",
        "China is open to cooperation, aide {i} of {name} said.",
        "The meeting {i} of {name} ended at noon.",
    ]
    return " ".join(kinds[i % 4].format(i=i, name=name) for i in range(n))


def _check_complete(answer: Answer, article: str, text: str) -> None:
    code, _, body = answer
    assert code == 200, body
    recs = body["records"]
    assert body["failed"] == 0 and len(recs) == text.count(". ") + 1
    assert [r["index"] for r in recs] == list(range(len(recs)))
    for r in recs:
        assert r["article"] == article and text[r["start"] : r["end"]] == r["text"] and r["error"] is None
        labels, targets = expected_labels(r["text"])
        assert (r["labels"], r["targets"]) == (labels, targets), r["text"]


def _all_at_once(call: Call, bodies: list[dict[str, Any]]) -> list[Answer]:
    results: list[Any] = [None] * len(bodies)
    go = threading.Barrier(len(bodies))

    def one(i: int) -> None:
        go.wait()
        results[i] = call("/v1/classify", bodies[i])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_concurrent_batched_requests_each_get_all_their_records(stub: FaultServer, serve: Callable[..., Call]) -> None:
    """Requests of different lengths: the short ones finish while the long ones still
    have batches in flight (they used to be cancelled: HTTP 500 for 7 of 8)."""
    stub.latency = 0.02
    call = serve(stub, Limits(max_requests=8), batch_size=4, concurrency=2, no_cache=True)
    texts = {f"r{i}": _text(f"r{i}", 3 + 3 * i) for i in range(8)}
    answers = _all_at_once(call, [{"id": k, "text": t} for k, t in texts.items()])
    for (article, text), answer in zip(texts.items(), answers, strict=True):
        _check_complete(answer, article, text)
    assert stub.peak_in_flight >= 4


def test_a_request_the_endpoint_refuses_fails_alone(stub: FaultServer, serve: Callable[..., Call]) -> None:
    """One article's text gets 403 from the endpoint (as a provider's moderation can):
    that request is a 502 naming the status; the seven beside it are complete."""
    stub.latency = 0.02
    stub.on("poisoned", status(403))
    call = serve(stub, Limits(max_requests=8), batch_size=4, concurrency=2, no_cache=True)
    texts = {f"r{i}": _text(f"r{i}", 12) for i in range(8)}
    texts["r3"] = "This one is poisoned. " + texts["r3"]
    answers = _all_at_once(call, [{"id": k, "text": t} for k, t in texts.items()])
    code, _, body = answers[3]
    assert code == 502 and (body["kind"], body["upstream_status"]) == ("auth", 403)
    for (article, text), answer in zip(texts.items(), answers, strict=True):
        if article != "r3":
            _check_complete(answer, article, text)


def _post_and_hang_up(port: int, body: dict[str, Any]) -> socket.socket:
    data = json.dumps(body).encode()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(data)}\r\n\r\n".encode() + data
    )
    return sock


def test_a_client_that_hangs_up_stops_its_model_requests(stub: FaultServer, serve: Callable[..., Call]) -> None:
    """The abandoned request sends nothing more to the model and frees its slot at once;
    a request made meanwhile is complete."""
    stub.latency = 0.1
    call = serve(stub, Limits(max_requests=2), concurrency=2, no_cache=True)
    sock = _post_and_hang_up(call.port, {"id": "gone", "text": _text("gone", 80)})
    deadline = time.monotonic() + 10
    while stub.count("gone") < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    sock.close()
    sent_before = stub.count("gone")
    other = _text("other", 6)
    _check_complete(call("/v1/classify", {"id": "other", "text": other}), "other", other)
    deadline = time.monotonic() + 5
    while call("/healthz")[2]["in_flight"]:
        assert time.monotonic() < deadline, "the abandoned request still holds its slot"
        time.sleep(0.02)
    settled = stub.count("gone")
    assert settled <= sent_before + 2  # at most what was already in flight
    time.sleep(0.3)
    assert stub.count("gone") == settled < 80
