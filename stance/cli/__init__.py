"""The ``stance`` command line: thin wrappers that parse options and call library
functions, one module per command group. Heavy imports (openai, llama.cpp, rich) happen
inside commands, so ``stance --help`` is fast. Every :class:`~stance.errors.StanceError`
becomes one line on stderr and its exit code (:class:`~stance.errors.ExitCode`).

May import every other part of stance.
"""

from typing import Any

from ._app import cli, main

__all__ = ["EMBEDDED_NOTE", "cli", "main", "run_classify"]


def __getattr__(name: str) -> Any:
    # what `stance classify` does, loaded on first use so that `stance --help` stays fast
    if name in ("EMBEDDED_NOTE", "run_classify"):
        from . import _run

        return getattr(_run, name)
    raise AttributeError(f"module 'stance.cli' has no attribute {name!r}")
