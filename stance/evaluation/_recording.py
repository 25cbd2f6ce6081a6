"""Recording and replaying model responses with vcrpy: the one VCR configuration
(requests matched on method, path and body; credentials scrubbed before anything is
written) and the replay client that notices a request the cassette does not hold."""

from __future__ import annotations

import json
from typing import Any

from ..errors import CassettesOutOfDate

_REPLAY_KEY = "replay-needs-no-key"
SECRET_HEADERS = (
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project",
    "cookie", "set-cookie", "proxy-authorization", "x-goog-api-key",
)


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def _body_key(request: Any) -> Any:
    """The request body as compared: parsed JSON (so key order and spacing do not
    matter, as in vcrpy's own body matcher), computed once per request object. vcrpy
    compares each request with every recorded one, several times; parsing both bodies
    on every comparison made replay spend most of its time re-reading prompts."""
    key = request.__dict__.get("_stance_body_key")
    if key is None:
        raw = request.body or b""
        try:
            key = json.dumps(json.loads(raw), sort_keys=True, ensure_ascii=False)
        except (ValueError, UnicodeDecodeError):
            key = raw
        request.__dict__["_stance_body_key"] = key
    return key


def _same_body(r1: Any, r2: Any) -> bool:
    return bool(_body_key(r1) == _body_key(r2))


def vcr_for(record: bool) -> Any:
    import vcr

    v = vcr.VCR(
        record_mode="all" if record else "none",
        match_on=("method", "path", "json_body"),
        filter_headers=list(SECRET_HEADERS),
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    v.register_matcher("json_body", _same_body)
    return v


class Guard:
    """Wraps the HTTP transport to notice a request the cassette does not hold (the
    openai client would otherwise report it as a connection error)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.missing: list[str] = []

    async def handle_async_request(self, request: Any) -> Any:
        from vcr.errors import CannotOverwriteExistingCassetteException

        try:
            return await self.inner.handle_async_request(request)
        except CannotOverwriteExistingCassetteException as exc:
            self.missing.append(f"{request.method} {request.url.path}")
            # a StanceError under the client's connection error: not retried, run stops
            raise CassettesOutOfDate(f"a request to {request.url.path} was not recorded") from exc

    async def aclose(self) -> None:
        await self.inner.aclose()


def replay_client(base_url: str, guard: Guard) -> Any:
    import httpx2
    import openai

    http = httpx2.AsyncClient(transport=guard, base_url=base_url)  # type: ignore[arg-type]
    return openai.AsyncOpenAI(base_url=base_url, api_key=_REPLAY_KEY, max_retries=0, http_client=http)


