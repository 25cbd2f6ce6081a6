"""The service under test: started in-process on a free loopback port, against the
fault server, and called over real HTTP."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from stance.config import resolve_settings
from stance.serve import Limits, create_app
from tests.faultserver import FaultServer

SENTINEL = "sk-" + "SENTINEL-7f3a9c0d1e2b"

Answer = tuple[int, dict[str, str], Any]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(base: str, path: str, body: Any = None, *, raw: bytes | None = None,
            method: str | None = None, headers: dict[str, str] | None = None) -> Answer:
    """Status, headers (lower-case names) and the body, parsed when it is JSON."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    hdrs = {"Content-Type": "application/json"} if data is not None else {}
    hdrs.update(headers or {})
    req = urllib.request.Request(base + path, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            code, got, text = resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read().decode()
    except urllib.error.HTTPError as exc:
        code, got, text = exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode()
    try:
        return code, got, json.loads(text)
    except json.JSONDecodeError:
        return code, got, text


@dataclass(frozen=True)
class Call:
    """A running service: ``call(path, body, **options)`` makes one request."""

    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __call__(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return request(self.base, path, body, **kw)


def start_app(settings: Any, limits: Limits | None) -> tuple[Call, Callable[[], None]]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, limits), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)

    return Call(port), stop


@pytest.fixture
def stub() -> Iterator[FaultServer]:
    """The model endpoint, wanting the key the service is given."""
    with FaultServer(api_key=SENTINEL) as server:
        yield server


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Call]]:
    """Start the app on a free loopback port, configured like the CLI: from the environment."""
    stops: list[Callable[[], None]] = []

    def start(stub: FaultServer | None, limits: Limits | None = None, **options: Any) -> Call:
        monkeypatch.setenv("OPENAI_API_KEY", SENTINEL)
        monkeypatch.setenv("OPENAI_BASE_URL", stub.url if stub else f"http://127.0.0.1:{free_port()}/v1")
        monkeypatch.setenv("STANCE_MODEL", "stub-model")
        call, stop = start_app(resolve_settings(**options), limits)
        stops.append(stop)
        return call

    yield start
    for stop in stops:
        stop()
