"""Model: one question to a language model and its answer. The codebook (labels as a
versioned TOML file, and the response schema derived from it), the prompt template,
prompt building and reply parsing (separate, pure functions), the backend that sends
requests through the ``openai`` client with retries, and the embedded in-process model.
The request body is built in one place, so batch files carry exactly what the online
path sends, and the Batch API client (files and batches) lives here too.

Imports only :mod:`stance.errors`, :mod:`stance.types` and :mod:`stance.config`:
it knows nothing of articles, caches or runs.
"""

from ._asker import Asker
from ._backend import Backend, endpoint_id, model_name, set_backoff
from ._batchapi import BATCH_ENDPOINT, BatchAPI, BatchInfo
from ._codebook import Codebook, Label, default_codebook_path, load_codebook, shipped_codebooks
from ._data import data_dir
from ._embedded import EMBEDDED_BASE_URL
from ._failures import scrub
from ._parse import ReplyInvalid, extract_json_object, parse_batch_reply, parse_reply
from ._prompt import (
    DEFAULT_PROMPT,
    Message,
    PromptTemplate,
    batch_context,
    batch_schema,
    build_batch_messages,
    build_messages,
    load_prompt,
    sentence_context,
    system_message,
)
from ._request import body_bytes

__all__ = [
    "BATCH_ENDPOINT",
    "DEFAULT_PROMPT",
    "EMBEDDED_BASE_URL",
    "Asker",
    "Backend",
    "BatchAPI",
    "BatchInfo",
    "Codebook",
    "Label",
    "Message",
    "PromptTemplate",
    "ReplyInvalid",
    "batch_context",
    "batch_schema",
    "body_bytes",
    "build_batch_messages",
    "build_messages",
    "data_dir",
    "default_codebook_path",
    "endpoint_id",
    "extract_json_object",
    "load_codebook",
    "load_prompt",
    "model_name",
    "parse_batch_reply",
    "parse_reply",
    "scrub",
    "sentence_context",
    "set_backoff",
    "shipped_codebooks",
    "system_message",
]
