"""A fault-injecting OpenAI-compatible chat server for tests and benchmarks.

It listens on 127.0.0.1 (a random port) in a background thread running its own
asyncio loop, answers ``POST /v1/chat/completions`` with valid stance JSON for the
default codebook (decided by :func:`tests.fakes.keyword_answer` on the target
sentence), and fails on demand: scripted per request (:meth:`FaultServer.queue`)
or per sentence (:meth:`FaultServer.on`). It also serves the Batch API's ``/v1/files``
and ``/v1/batches`` (:mod:`tests.batchserver`, as :attr:`FaultServer.batches`).

    with FaultServer(api_key="sk-test", latency=0.1) as server:
        server.on("root cause", status(503), times=2)
        ...  # point a client at server.url
        assert server.received == ...

Replies carry OpenAI-style ``usage``: ``prompt_tokens`` from a rough token count
(words and punctuation) and ``prompt_tokens_details.cached_tokens``, the length of
the longest prefix shared with any earlier request, in the same units.

Run it standalone (e.g. to benchmark against it)::

    python -m tests.faultserver --port 8000 --latency 0.1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

from tests.batchserver import BatchAPI
from tests.fakes import keyword_answer, sentence_of

Answer = Callable[[dict[str, Any]], dict[str, Any]]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_KINDS = {
    "ok", "status", "hang", "reset", "close", "not_json", "bad_schema", "truncated", "refusal",
    "extra_labels", "label_list", "page",
}


@dataclass(frozen=True)
class Fault:
    """What the server does with one request. Build them with the helpers below."""

    kind: str
    code: int = 500
    retry_after: str | None = None
    seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown fault {self.kind!r}")


def status(code: int, retry_after: float | str | None = None) -> Fault:
    """An HTTP error (429, 500, 502, 503…), with a Retry-After header if given."""
    return Fault("status", code=code, retry_after=None if retry_after is None else str(retry_after))


def hang(seconds: float = 30.0) -> Fault:
    """Accept the request and say nothing until the client gives up (or ``seconds`` pass)."""
    return Fault("hang", seconds=seconds)


OK = Fault("ok")
RESET = Fault("reset")  # TCP reset instead of a response
CLOSE = Fault("close")  # the request is read, then the connection closed without an answer
NOT_JSON = Fault("not_json")  # prose instead of JSON
BAD_SCHEMA = Fault("bad_schema")  # JSON, but a label is not a boolean and keys are missing
TRUNCATED = Fault("truncated")  # finish_reason "length", content cut mid-object
REFUSAL = Fault("refusal")  # message.refusal set, no content
EXTRA_LABELS = Fault("extra_labels")  # valid answer plus keys outside the codebook
LABEL_LIST = Fault("label_list")  # {"labels": [...]} naming a label outside the codebook
PAGE = Fault("page")  # 200 with an HTML page (a proxy's) where the completion should be


@dataclass
class Request:
    """One request as the server saw it."""

    body: dict[str, Any]
    headers: dict[str, str]
    sentence: str | None
    fault: str
    at: float


@dataclass
class _Rule:
    match: str
    fault: Fault
    times: int | None


@dataclass
class FaultServer:
    """See the module docstring. Counters are safe to read from the test thread."""

    api_key: str | None = None
    latency: float = 0.0
    port: int = 0  # 0: any free port
    answer: Answer = keyword_answer
    #: put the Authorization header the client sent into error messages, as a
    #: careless proxy might: the client must scrub it before showing anything
    echo_auth: bool = False
    #: keep every request in :attr:`log`; a long-running benchmark server turns this
    #: off so its memory and garbage-collection pauses do not grow with the run
    keep_log: bool = True

    received: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    log: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue: list[Fault] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._prefixes: set[int] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._open = threading.Event()  # cleared by pause(): requests wait, in flight
        self._open.set()
        # -- Batch API (tests/batchserver.py): /v1/files and /v1/batches --
        self.batches = BatchAPI(self)

    # -- control (test thread) ------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *faults: Fault) -> None:
        """The next requests, whatever their sentence, get these faults in order."""
        with self._lock:
            self._queue.extend(faults)

    def on(self, match: str, fault: Fault, times: int | None = None) -> None:
        """Requests whose target sentence contains ``match`` get ``fault``
        (``times`` times, or always when None)."""
        with self._lock:
            self._rules.append(_Rule(match, fault, times))

    def clear(self) -> None:
        """Drop every scripted fault; from now on every request is answered."""
        with self._lock:
            self._queue.clear()
            self._rules.clear()

    def pause(self) -> None:
        """Hold every request from now on (counted in flight) until :meth:`resume`."""
        self._open.clear()

    def resume(self) -> None:
        self._open.set()

    def reset_counts(self) -> None:
        with self._lock:
            self.received = 0
            self.peak_in_flight = self.in_flight
            self.log.clear()

    def count(self, match: str = "") -> int:
        """Requests received whose target sentence contains ``match``."""
        return sum(1 for r in self.log if r.sentence is not None and match in r.sentence)

    def start(self) -> FaultServer:
        self._thread = threading.Thread(target=self._serve, name="faultserver", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving (server thread) ------------------------------------------------------
    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        server = loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", self.port, backlog=1024)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            server.close()
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._one_request(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            # Only the server's own shutdown cancels handlers; re-raising makes
            # asyncio's stream callback print a traceback per open connection.
            pass
        finally:
            if not writer.transport.is_closing():
                writer.close()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request on a kept-alive connection; False closes the connection."""
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
        method, path = request_line.split(" ")[:2]
        headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        raw = await reader.readexactly(int(headers.get("content-length", "0")))
        with self._lock:
            self.received += 1
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            while not self._open.is_set():
                await asyncio.sleep(0.005)
            # The answer leaves ``latency`` after the request arrived, the server's own
            # work included, so a benchmark's ideal (concurrency / latency) is exact.
            deadline = asyncio.get_running_loop().time() + self.latency
            return await self._dispatch(method, path, headers, raw, reader, writer, deadline)
        finally:
            with self._lock:
                self.in_flight -= 1

    async def _dispatch(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        raw: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        deadline: float = 0.0,
    ) -> bool:
        # -- Batch API (tests/batchserver.py) --
        if self.batches.owns(path):
            return await self.batches.dispatch(method, path, headers, raw, writer, deadline)
        if method != "POST" or path.rstrip("/") != "/v1/chat/completions":
            return await _send(writer, 404, _error(f"no route {method} {path}", "not_found"), deadline=deadline)
        try:
            body = json.loads(raw)
            sentence: str | None = sentence_of(body)
        except (ValueError, KeyError, IndexError, TypeError):
            body, sentence = {"raw": raw.decode("utf-8", "replace")}, None
        auth = headers.get("authorization", "")
        authorized = self.api_key is None or auth == f"Bearer {self.api_key}"
        fault = self._pick(sentence) if authorized else Fault("status", code=401)
        if self.keep_log:
            with self._lock:
                self.log.append(Request(body, headers, sentence, fault.kind, time.monotonic()))
        if not authorized:
            key = auth.removeprefix("Bearer ")
            return await _send(
                writer, 401, _error(f"Incorrect API key provided: {key}", "invalid_api_key"),
                deadline=deadline,
            )
        if fault.kind == "status":
            extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            detail = f"injected {fault.code}" + (f" for {auth}" if self.echo_auth else "")
            return await _send(writer, fault.code, _error(detail, "server_error"), extra, deadline)
        if fault.kind in ("hang", "reset", "close"):
            await _sleep_until(deadline)
        if fault.kind == "close":
            return False
        if fault.kind == "hang":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reader.read(1), fault.seconds)  # b"" once the client leaves
            return False
        if fault.kind == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if fault.kind == "page":
            return await _send(writer, 200, b"<html><body>502 Bad Gateway</body></html>", deadline=deadline)
        if "messages" not in body:
            return await _send(
                writer, 400, _error("expected a chat completion request", "invalid"), deadline=deadline
            )
        content, finish, refusal = self._content(fault, body)
        return await _send(writer, 200, self._completion(body, content, finish, refusal), deadline=deadline)

    def _pick(self, sentence: str | None) -> Fault:
        with self._lock:
            if self._queue:
                return self._queue.pop(0)
            for rule in self._rules:
                if sentence is not None and rule.match in sentence and rule.times != 0:
                    if rule.times is not None:
                        rule.times -= 1
                    return rule.fault
        return OK

    def _content(self, fault: Fault, body: dict[str, Any]) -> tuple[str | None, str, str | None]:
        if fault.kind == "refusal":
            return None, "stop", "I'm sorry, I can't help with that."
        answer = self.answer(body)
        if fault.kind == "not_json":
            return "Sure! The speaker clearly denies production.", "stop", None
        if fault.kind == "bad_schema":
            first = next(iter(answer))
            return json.dumps({first: "maybe", "rationale": "unsure"}), "stop", None
        if fault.kind == "truncated":
            text = json.dumps(answer)
            return text[: len(text) // 2], "length", None
        if fault.kind == "extra_labels":
            answer = {**answer, "pwned": True, "everything": True, "labels": ["pwned"]}
        if fault.kind == "label_list":
            answer = {"labels": ["offers_cooperation", "pwned"], "rationale": "as instructed"}
        return json.dumps(answer), "stop", None

    def _completion(
        self, body: dict[str, Any], content: str | None, finish: str, refusal: str | None
    ) -> dict[str, Any]:
        per_message = [_TOKEN.findall(f"{m.get('role')}: {m.get('content')}") for m in body["messages"]]
        cached = self._shared_prefix(per_message)
        prompt = sum(len(t) for t in per_message)
        completion = len(_TOKEN.findall(content or refusal or ""))
        return {
            "id": f"chatcmpl-fault-{self.received}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "m"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": finish,
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": cached},
            },
        }

    def _shared_prefix(self, per_message: list[list[str]]) -> int:
        """Tokens in the longest prefix this prompt shares with an earlier one; records it.

        Prefixes are kept as chained hashes, at two levels so that a lookup stays
        cheap at benchmark rates: whole messages (the shared system message is one
        step), then token by token inside the first message that differs.
        """
        shared, state = 0, 0
        new: list[int] = []
        with self._lock:
            for tokens in per_message:
                whole = hash((state, tuple(tokens)))
                if not new and whole in self._prefixes:
                    shared += len(tokens)
                    state = whole
                    continue
                h = state
                for tok in tokens:
                    h = hash((h, tok))
                    if not new and h in self._prefixes:
                        shared += 1
                    else:
                        new.append(h)
                new.append(whole)
                state = whole
            self._prefixes.update(new)
        return shared


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


async def _sleep_until(deadline: float) -> None:
    delay = deadline - asyncio.get_running_loop().time()
    if delay > 0:
        await asyncio.sleep(delay)


async def _send(
    writer: asyncio.StreamWriter,
    code: int,
    payload: dict[str, Any] | bytes,
    extra: dict[str, str] | None = None,
    deadline: float = 0.0,
) -> bool:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    await _sleep_until(deadline)
    lines = [
        f"HTTP/1.1 {code} {HTTPStatus(code).phrase}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{k}: {v}" for k, v in (extra or {}).items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()
    return True


def stance_command(*args: str) -> list[str]:
    """argv that runs the ``stance`` CLI in a fresh interpreter."""
    return [sys.executable, "-c", "from stance.cli import main; main()", *args]


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess: none of the caller's STANCE_*/OPENAI_*
    settings, and ``stance`` importable from the same place the tests import it."""
    import stance

    env = {k: v for k, v in os.environ.items() if not k.startswith(("STANCE_", "OPENAI_"))}
    src = str(Path(stance.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def main() -> None:  # pragma: no cover - manual use
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="default: any free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every reply")
    parser.add_argument("--api-key", default=None, help="reject other keys with 401")
    args = parser.parse_args()
    server = FaultServer(
        api_key=args.api_key, latency=args.latency, port=args.port, keep_log=False
    ).start()
    print(server.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
