"""The ``stance`` command line: thin wrappers that parse options and call library
functions, one module per command group. Heavy imports (openai, llama.cpp, rich) happen
inside commands, so ``stance --help`` is fast. Every :class:`~stance.errors.StanceError`
becomes one line on stderr and its exit code (:class:`~stance.errors.ExitCode`).

May import every other part of stance.
"""

from ._app import cli, main
from ._run import EMBEDDED_NOTE, run_classify

__all__ = ["EMBEDDED_NOTE", "cli", "main", "run_classify"]
