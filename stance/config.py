"""Settings: explicit arguments win, then ``STANCE_*`` / ``OPENAI_*`` environment
variables, then defaults. The environment is read in :func:`resolve_settings` only,
never at import time.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigError, first_problem

StructuredMode = Literal["auto", "json_schema", "json_object", "none"]

# name in Settings -> environment variables, first set wins
_ENV: dict[str, tuple[str, ...]] = {
    "base_url": ("STANCE_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("STANCE_API_KEY", "OPENAI_API_KEY"),
    "model": ("STANCE_MODEL",),
    "model_path": ("STANCE_MODEL_PATH",),
    "cache_dir": ("STANCE_CACHE_DIR",),
    "no_cache": ("STANCE_NO_CACHE",),
    "concurrency": ("STANCE_CONCURRENCY",),
    "timeout": ("STANCE_TIMEOUT",),
    "max_retries": ("STANCE_MAX_RETRIES",),
    "codebook": ("STANCE_CODEBOOK",),
    "structured": ("STANCE_STRUCTURED",),
    "n_ctx": ("STANCE_N_CTX",),
    "batch_size": ("STANCE_BATCH_SIZE",),
}


class Settings(BaseModel):
    """Everything that configures a :class:`stance.Classifier`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    model_path: Path | None = None
    cache_dir: Path | None = None
    no_cache: bool = False
    concurrency: int = Field(default=4, ge=1, le=1024)
    timeout: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=4, ge=0, le=20)
    codebook: Path | None = None
    structured: StructuredMode = "auto"
    temperature: float = 0.0
    max_tokens: int = Field(default=256, ge=16)
    seed: int | None = 0
    n_ctx: int = Field(default=4096, ge=512)
    batch_size: int = Field(default=1, ge=1, le=64)

    @property
    def embedded(self) -> bool:
        """No endpoint configured: run a GGUF in-process."""
        return self.base_url is None

    @property
    def endpoint_id(self) -> str:
        """The endpoint as it goes into cache keys: no credentials, no query string."""
        if self.base_url is None:
            return "embedded"
        return redact_url(self.base_url)


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stance"))


def resolve_settings(
    env: Mapping[str, str] | None = None, **explicit: Any
) -> Settings:
    """Build Settings from explicit arguments (``None`` means not given) and the environment."""
    env = os.environ if env is None else env
    unknown = sorted(set(explicit) - set(Settings.model_fields))
    if unknown:
        close = difflib.get_close_matches(unknown[0], Settings.model_fields, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"unknown setting {unknown[0]!r}{hint}")
    values: dict[str, Any] = {}
    for name, var_names in _ENV.items():
        for var in var_names:
            raw = env.get(var)
            if raw is not None and raw.strip() != "":
                values[name] = raw.strip()
                break
    if "no_cache" in values:
        values["no_cache"] = values["no_cache"].lower() in {"1", "true", "yes", "on"}
    values.update({k: v for k, v in explicit.items() if v is not None})
    base_url = values.get("base_url")
    if base_url is not None:
        _check_base_url(str(base_url))
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(f"invalid setting {first_problem(exc)}") from None


def _check_base_url(url: str) -> None:
    expected = "expected http(s)://host[:port]/v1"
    try:
        parts = urlsplit(url)
        _ = parts.port  # parsed lazily: raises for a port out of range
    except ValueError as exc:  # e.g. "http://[bad": the URL cannot be shown redacted
        raise ConfigError(f"invalid base URL ({exc}): {expected}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or any(c.isspace() for c in url):
        raise ConfigError(f"invalid base URL {redact_url(url)!r}: {expected}")
    if "?" in url or "#" in url:  # the SDK would paste it into every request's path
        raise ConfigError(
            f"invalid base URL {redact_url(url)!r}: it has a query string or fragment (?… or #…), "
            "which an OpenAI-compatible base URL does not take"
        )
