"""Batch: corpora past one machine. Batch input files for the OpenAI Batch API and
``vllm run-batch`` (every sentence the cache cannot answer, as the very request the
online path would send, keyed by its cache key), the Batch API round trip (submit,
status, collect), ingest of output files into the answer cache with the online path's
validation, stable shards of a corpus for several machines, and answer caches exported
and imported to pool their work.

Imports :mod:`stance.pipeline`, :mod:`stance.text` and :mod:`stance.model` (and the
base modules); nothing from reporting, evaluation or the interfaces.
"""

from ._ingest import IngestStats, ingest
from ._pool import PoolStats, answer_of, export_answers, import_answers
from ._prepare import (
    MAX_BYTES,
    MAX_REQUESTS,
    Limits,
    PrepareStats,
    is_key,
    is_packed,
    packed_id,
    prepare,
    request_line,
)
from ._remote import Collected, collect, progress, submit
from ._shard import Shard, in_shard

__all__ = [
    "MAX_BYTES",
    "MAX_REQUESTS",
    "Collected",
    "IngestStats",
    "Limits",
    "PoolStats",
    "PrepareStats",
    "Shard",
    "answer_of",
    "collect",
    "export_answers",
    "import_answers",
    "in_shard",
    "ingest",
    "is_key",
    "is_packed",
    "packed_id",
    "prepare",
    "progress",
    "request_line",
    "submit",
]
