"""The Batch API part of the fault server (:mod:`tests.faultserver` mounts it): the
``/v1/files`` and ``/v1/batches`` routes, enough to run prepare → submit → status →
collect → ingest offline.

A batch's requests are answered by the fault server's own chat logic, so its faults
apply line by line: a status fault becomes an error-file line with that HTTP status,
``NOT_JSON`` or ``BAD_SCHEMA`` an output line with that reply. How the next batch ends
is scripted with :meth:`BatchAPI.script`, and the Batch API calls themselves can be
refused with :meth:`BatchAPI.refuse`::

    server.batches.script(status="expired", answered=10, polls=1)
    server.batches.refuse(429, 503)  # the next two Batch API calls

The input file is validated as the OpenAI Batch API does (a JSON object per line,
unique ``custom_id``, ``POST`` to the batch's endpoint, one model); a file that fails
ends ``failed`` with the problems in ``errors`` and no output.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from tests.fakes import sentence_of

if TYPE_CHECKING:
    from tests.faultserver import FaultServer

_FILE = re.compile(r"/v1/files/([\w-]+)(/content)?")
_BATCH = re.compile(r"/v1/batches/([\w-]+)")
_UNFINISHED = {
    "expired": ("batch_expired", "This request could not be executed before the completion window expired."),
    "cancelled": ("batch_cancelled", "This request was not executed because the batch was cancelled."),
}


@dataclass
class Script:
    """How a batch ends: its final ``status``, how many requests it ``answered`` before
    that (None: all), ``garbage`` lines appended to its output file, and how many
    status reads (``polls``) still find it ``in_progress``."""

    status: str = "completed"
    answered: int | None = None
    garbage: int = 0
    polls: int = 0


@dataclass
class _Batch:
    id: str
    input_file_id: str
    endpoint: str
    script: Script
    created_at: int
    status: str = "validating"
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "batch", "endpoint": self.endpoint, "errors":
            {"object": "list", "data": self.errors} if self.errors else None,
            "input_file_id": self.input_file_id, "completion_window": "24h", "status": self.status,
            "output_file_id": self.output_file_id, "error_file_id": self.error_file_id,
            "created_at": self.created_at, "request_counts":
            {"total": self.total, "completed": self.completed, "failed": self.failed},
            "metadata": None,
        }


class BatchAPI:
    """Files and batches, kept in memory. Counters are safe to read from the test thread."""

    def __init__(self, server: FaultServer) -> None:
        self.server = server
        self.files: dict[str, tuple[str, str, bytes]] = {}  # id -> (name, purpose, content)
        self.batches: dict[str, _Batch] = {}
        self.answered = 0  # batch requests answered, all batches together
        self.calls: list[str] = []  # "METHOD path" of every Batch API request
        self._next = Script()
        self._refuse: list[int] = []

    def refuse(self, *codes: int) -> None:
        """Answer the next Batch API requests with these HTTP statuses, doing nothing."""
        self._refuse.extend(codes)

    def script(self, **how: Any) -> None:
        """How the next batch created ends (see :class:`Script`)."""
        self._next = Script(**how)

    @staticmethod
    def owns(path: str) -> bool:
        return path.startswith(("/v1/files", "/v1/batches"))

    async def dispatch(
        self, method: str, path: str, headers: dict[str, str], raw: bytes,
        writer: asyncio.StreamWriter, deadline: float,
    ) -> bool:
        key = self.server.api_key
        auth = headers.get("authorization", "")
        if key is not None and auth != f"Bearer {key}":  # the key echoed, as OpenAI does
            given = auth.removeprefix("Bearer ")
            return await _send(writer, 401, _error(f"Incorrect API key provided: {given}", "invalid_api_key"))
        path = path.split("?")[0].rstrip("/")
        self.calls.append(f"{method} {path}")
        if self._refuse:
            code = self._refuse.pop(0)
            return await _send(writer, code, _error(f"injected {code}", "server_error"))
        route: Callable[[], tuple[int, Any]]
        if method == "POST" and path == "/v1/files":
            route = lambda: self._upload(headers, raw)  # noqa: E731
        elif method == "POST" and path == "/v1/batches":
            route = lambda: self._create(raw)  # noqa: E731
        elif method == "GET" and (m := _FILE.fullmatch(path)):
            route = lambda: self._file(m.group(1), bool(m.group(2)))  # noqa: E731
        elif method == "GET" and (b := _BATCH.fullmatch(path)):
            route = lambda: self._retrieve(b.group(1))  # noqa: E731
        else:
            return await _send(writer, 404, _error(f"no route {method} {path}", "not_found"))
        code, payload = route()
        return await _send(writer, code, payload)

    # -- routes ---------------------------------------------------------------------
    def _upload(self, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        form = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + headers.get("content-type", "").encode() + b"\r\n\r\n" + raw
        )
        fields: dict[str, tuple[str | None, bytes]] = {}
        for part in form.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            fields[str(name)] = (part.get_filename(), part.get_payload(decode=True) or b"")
        if "file" not in fields or "purpose" not in fields:
            return 400, _error("expected multipart fields file and purpose", "invalid_request")
        name, content = fields["file"]
        purpose = fields["purpose"][1].decode()
        file_id = f"file-{len(self.files) + 1:04d}"
        self.files[file_id] = (name or "upload", purpose, content)
        return 200, self._file_json(file_id)

    def _file_json(self, file_id: str) -> dict[str, Any]:
        name, purpose, content = self.files[file_id]
        return {"id": file_id, "object": "file", "bytes": len(content), "created_at": int(time.time()),
                "filename": name, "purpose": purpose, "status": "processed"}

    def _file(self, file_id: str, content: bool) -> tuple[int, Any]:
        if file_id not in self.files:
            return 404, _error(f"No such File object: {file_id}", "not_found")
        return 200, self.files[file_id][2] if content else self._file_json(file_id)

    def _create(self, raw: bytes) -> tuple[int, Any]:
        req = json.loads(raw)
        file_id = req.get("input_file_id")
        if file_id not in self.files or self.files[file_id][1] != "batch":
            return 400, _error(f"input file {file_id} is not a batch file", "invalid_request")
        if req.get("completion_window") != "24h":
            return 400, _error("completion_window must be 24h", "invalid_request")
        batch = _Batch(f"batch_{len(self.batches) + 1:04d}", file_id, req.get("endpoint", ""),
                       self._next, int(time.time()))
        self._next = Script()
        self.batches[batch.id] = batch
        return 200, batch.json()

    def _retrieve(self, batch_id: str) -> tuple[int, Any]:
        batch = self.batches.get(batch_id)
        if batch is None:
            return 404, _error(f"No batch with id {batch_id}", "not_found")
        if batch.status in ("validating", "in_progress"):
            if batch.script.polls > 0:
                batch.script.polls -= 1
                batch.status = "in_progress"
            else:
                self._run(batch)
        return 200, batch.json()

    # -- running a batch ---------------------------------------------------------------
    def _run(self, batch: _Batch) -> None:
        lines = self.files[batch.input_file_id][2].splitlines()
        requests, problems = _validate(lines, batch.endpoint)
        batch.total = len(requests)
        if problems:
            batch.status, batch.errors = "failed", problems[:10]
            return
        answered = len(requests) if batch.script.answered is None else batch.script.answered
        out: list[bytes] = []
        err: list[bytes] = []
        for n, (custom_id, body) in enumerate(requests):
            if n < answered:
                line, ok = self._answer(custom_id, body, n)
                (out if ok else err).append(line)
            elif batch.script.status in _UNFINISHED:
                code, message = _UNFINISHED[batch.script.status]
                err.append(_line(custom_id, n, None, {"code": code, "message": message}))
        batch.completed, batch.failed = len(out), len(err)
        out += [b'{"id": "batch_req_garbage", "custom_id": ' for _ in range(batch.script.garbage)]
        batch.output_file_id = self._store(out, batch.id, "output")
        batch.error_file_id = self._store(err, batch.id, "errors")
        batch.status = batch.script.status

    def _answer(self, custom_id: str, body: dict[str, Any], n: int) -> tuple[bytes, bool]:
        server = self.server
        try:
            sentence: str | None = sentence_of(body)
        except (ValueError, KeyError, IndexError, TypeError):
            sentence = None
        fault = server._pick(sentence)
        self.answered += 1
        if fault.kind in ("status", "hang", "reset"):
            code = fault.code if fault.kind == "status" else 500
            response = {"status_code": code, "request_id": f"req_{n}",
                        "body": _error(f"injected {code}", "server_error")}
            return _line(custom_id, n, response, None), False
        completion = server._completion(body, *server._content(fault, body))
        return _line(custom_id, n, {"status_code": 200, "request_id": f"req_{n}", "body": completion}, None), True

    def _store(self, lines: list[bytes], batch_id: str, what: str) -> str | None:
        if not lines:
            return None
        file_id = f"file-{len(self.files) + 1:04d}"
        self.files[file_id] = (f"{batch_id}_{what}.jsonl", "batch_output", b"".join(x + b"\n" for x in lines))
        return file_id


def _validate(lines: list[bytes], endpoint: str) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    requests: list[tuple[str, dict[str, Any]]] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    models: set[str] = set()
    for n, raw in enumerate(lines, start=1):
        try:
            obj = json.loads(raw)
        except ValueError:
            problems.append({"code": "invalid_json_line", "message": "not JSON", "line": n})
            continue
        custom_id, body = obj.get("custom_id"), obj.get("body")
        if not isinstance(custom_id, str) or custom_id in seen:
            problems.append({"code": "duplicate_custom_id", "message": f"custom_id {custom_id!r} repeated or missing", "line": n})
        elif obj.get("method") != "POST" or obj.get("url") != endpoint or not isinstance(body, dict):
            problems.append({"code": "invalid_request", "message": "expected a POST to the batch's endpoint", "line": n})
        else:
            seen.add(custom_id)
            models.add(str(body.get("model")))
            requests.append((custom_id, body))
    if len(models) > 1:
        problems.append({"code": "mismatched_model", "message": f"several models: {sorted(models)}", "line": None})
    return requests, problems


def _line(custom_id: str, n: int, response: dict[str, Any] | None, error: dict[str, Any] | None) -> bytes:
    return json.dumps({"id": f"batch_req_{n}", "custom_id": custom_id, "response": response, "error": error}).encode()


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


async def _send(writer: asyncio.StreamWriter, code: int, payload: Any) -> bool:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    kind = "application/octet-stream" if isinstance(payload, bytes) else "application/json"
    head = f"HTTP/1.1 {code} {HTTPStatus(code).phrase}\r\nContent-Type: {kind}\r\nContent-Length: {len(raw)}\r\n\r\n"
    writer.write(head.encode("latin-1") + raw)
    await writer.drain()
    return True
