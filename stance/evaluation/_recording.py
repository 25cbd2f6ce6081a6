"""Recording and replaying model responses with vcrpy: the one VCR configuration
(requests matched on method, path and body; credentials scrubbed before anything is
written) and the replay client that notices a request the cassette does not hold."""

from __future__ import annotations

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


def vcr_for(record: bool) -> Any:
    import vcr

    return vcr.VCR(
        record_mode="all" if record else "none",
        match_on=("method", "path", "body"),
        filter_headers=list(SECRET_HEADERS),
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


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


