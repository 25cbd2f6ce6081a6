"""The Batch API of an OpenAI-compatible endpoint: upload a batch input file (Files API,
``purpose="batch"``), create the batch on ``/v1/chat/completions`` with a 24-hour
window, read its progress, and download its output and error files.

Retries follow the backend's policy (:mod:`._backend`: backoff with jitter,
Retry-After honoured), except that a request which creates something (an upload, a
batch) is repeated only after the server answered 429 or 5xx: repeating one that timed
out might create a second batch, paid for twice. Errors become the same typed
:class:`~stance.errors.StanceError`\\ s as for chat requests, scrubbed of the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from tenacity import Retrying, retry_if_exception, stop_after_attempt

from ..config import Settings
from ..errors import (
    AuthError,
    BackendError,
    ConfigError,
    EndpointUnreachable,
    InputError,
    OutputError,
)
from ._backend import _is_transient, _wait
from ._failures import _short_message, how_it_failed, scrub

if TYPE_CHECKING:
    import openai

T = TypeVar("T")

#: the one endpoint stance's batch files call
BATCH_ENDPOINT: Final = "/v1/chat/completions"
#: statuses after which a batch changes no more
FINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchInfo:
    """What the endpoint says about one batch."""

    id: str
    status: str
    total: int = 0
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    #: the batch's own errors (a file that failed validation), one line each
    errors: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return self.status in FINAL_STATUSES


class BatchAPI:
    """Files and batches at the configured endpoint (``settings.base_url``, key from
    ``settings.api_key``). Pass ``client`` (an ``openai.OpenAI``) to use your own."""

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        if settings.base_url is None and client is None:
            raise ConfigError(
                "the Batch API needs an endpoint: pass --base-url (e.g. https://api.openai.com/v1) "
                "or set OPENAI_BASE_URL"
            )
        self.settings = settings
        self._client = client
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None
        self._where = settings.endpoint_id

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            import openai

            key = self.settings.api_key.get_secret_value() if self.settings.api_key else "not-needed"
            self._client = openai.OpenAI(
                base_url=self.settings.base_url, api_key=key, max_retries=0, timeout=self.settings.timeout
            )
        return self._client

    def submit(self, path: Path) -> BatchInfo:
        """Upload ``path`` and create a batch from it."""

        def upload() -> Any:
            with path.open("rb") as fh:  # streamed, not read into memory
                return self.client.files.create(file=(path.name, fh, "application/jsonl"), purpose="batch")

        try:
            uploaded = self._call(upload, creates=True)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        batch = self._call(
            lambda: self.client.batches.create(
                input_file_id=uploaded.id, endpoint=BATCH_ENDPOINT, completion_window="24h"
            ),
            creates=True,
        )
        return _info(batch)

    def status(self, batch_id: str) -> BatchInfo:
        return _info(self._call(lambda: self.client.batches.retrieve(batch_id)))

    def download(self, file_id: str, dest: Path) -> int:
        """Stream a file's content to ``dest`` (whole or not at all); returns its size."""
        part = dest.with_name(dest.name + ".part")

        def fetch() -> int:
            size = 0
            with self.client.files.with_streaming_response.content(file_id) as response, part.open("wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
                    size += len(chunk)
            return size

        try:
            size = self._call(fetch)
            part.replace(dest)
        except OSError as exc:
            raise OutputError(f"cannot write {dest}: {exc.strerror}", path=str(dest)) from None
        finally:
            part.unlink(missing_ok=True)
        return size

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> BatchAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, fn: Callable[[], T], creates: bool = False) -> T:
        try:
            for attempt in Retrying(
                stop=stop_after_attempt(self.settings.max_retries + 1),
                wait=_wait,
                retry=retry_if_exception(_refused if creates else _is_transient),
                reraise=True,
            ):
                with attempt:
                    return fn()
        except OSError:
            raise  # a local file, not the endpoint: the caller names it
        except Exception as exc:
            raise self._translate(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _translate(self, exc: Exception) -> Exception:
        import openai

        where = self._where
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return AuthError(
                f"authentication failed at {where} (HTTP {exc.status_code}): check OPENAI_API_KEY",
                status=exc.status_code,
            )
        if isinstance(exc, openai.NotFoundError):
            detail = scrub(_short_message(exc), self._secret)
            return ConfigError(
                f"not found at {where} (HTTP 404: {detail}): a wrong batch id, or an endpoint "
                "without the Batch API (a vLLM server has none: use vllm run-batch)"
            )
        if isinstance(exc, openai.APIConnectionError):
            return EndpointUnreachable(f"endpoint {where} {how_it_failed(exc)}: check --base-url")
        if isinstance(exc, openai.APIStatusError):
            detail = scrub(_short_message(exc), self._secret)
            return BackendError(f"HTTP {exc.status_code} from {where}: {detail}", status=exc.status_code)
        return BackendError(scrub(f"{type(exc).__name__}: {exc}", self._secret))


def _refused(exc: BaseException) -> bool:
    """The server answered that it did nothing (a rate limit, an overloaded server)."""
    import openai

    return isinstance(exc, openai.APIStatusError) and (exc.status_code == 429 or exc.status_code >= 500)


def _info(batch: Any) -> BatchInfo:
    counts = getattr(batch, "request_counts", None)
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return BatchInfo(
        id=batch.id,
        status=str(batch.status),
        total=int(getattr(counts, "total", 0) or 0),
        completed=int(getattr(counts, "completed", 0) or 0),
        failed=int(getattr(counts, "failed", 0) or 0),
        output_file_id=batch.output_file_id or None,
        error_file_id=batch.error_file_id or None,
        errors=tuple(
            f"line {e.line}: {e.message}" if getattr(e, "line", None) else str(e.message or e.code)
            for e in errors
        ),
    )
