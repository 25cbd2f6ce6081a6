"""Keeps the garbage collector's full passes short while requests are in flight.

Once the ``openai`` client is built the process holds about 100,000 objects that
live as long as it does (classes, schemas, modules). Each full collection walks them
all, about 50–70 ms on a small machine, and stalls every request in flight; against
a fast endpoint at high concurrency that costs a tenth of the throughput. A run
therefore freezes what exists when its first request is about to go (those objects
leave the collector's view) and unfreezes it when the run ends, so nothing is kept
from collection for longer than the run. A process that froze objects itself is
left alone.
"""

from __future__ import annotations

import gc

_runs = 0  # runs that froze and have not ended; the last one to end unfreezes


def freeze() -> bool:
    """Freeze the objects alive now; True if this run must call :func:`unfreeze`."""
    global _runs
    if _runs == 0:
        if gc.get_freeze_count():  # frozen by someone else: theirs to manage
            return False
        gc.freeze()
    _runs += 1
    return True


def unfreeze() -> None:
    global _runs
    _runs -= 1
    if _runs == 0:
        gc.unfreeze()
