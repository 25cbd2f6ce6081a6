"""Running batch files on a hosted Batch API: submit, follow, collect.

The output and error files are downloaded as they are (``ID.output.jsonl``,
``ID.errors.jsonl``), ready for :func:`~._ingest.ingest`. A batch that ended
``failed``, ``expired`` or ``cancelled`` still hands over whatever it finished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BackendError, BatchPending, InputError, OutputError
from ..model import BatchAPI, BatchInfo


@dataclass(frozen=True)
class Collected:
    """A finished batch and the files downloaded from it."""

    info: BatchInfo
    files: tuple[Path, ...]


def submit(api: BatchAPI, paths: Iterable[Path]) -> list[BatchInfo]:
    """One batch per file; every file is checked before the first is uploaded."""
    paths = list(paths)
    for path in paths:
        if not path.is_file():
            raise InputError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
        if path.stat().st_size == 0:
            raise InputError(f"{path} is empty: nothing to submit")
    return [api.submit(path) for path in paths]


def collect(api: BatchAPI, batch_id: str, directory: Path) -> Collected:
    """Download a finished batch's output and error files into ``directory``.
    Raises :class:`~stance.errors.BatchPending` while it runs."""
    info = api.status(batch_id)
    if not info.done:
        raise BatchPending(
            f"batch {batch_id} is {info.status} ({progress(info)}): collect it when it is done",
            status=info.status,
        )
    wanted = [(info.output_file_id, "output"), (info.error_file_id, "errors")]
    if not any(file_id for file_id, _ in wanted):
        why = f": {info.errors[0]}" if info.errors else ""
        raise BackendError(f"batch {batch_id} {info.status} with no output to collect{why}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write to {directory}: {exc.strerror}", path=str(directory)) from None
    files = []
    for file_id, what in wanted:
        if file_id:
            dest = directory / f"{_safe(batch_id)}.{what}.jsonl"
            api.download(file_id, dest)
            files.append(dest)
    return Collected(info, tuple(files))


def progress(info: BatchInfo) -> str:
    done = f"{info.completed:,} of {info.total:,} requests done"
    return done + (f", {info.failed:,} failed" if info.failed else "")


def _safe(name: str) -> str:
    """A batch id as a file name: ids are the endpoint's, not ours."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "batch"
