"""Errors raised by stance, and the exit codes of the ``stance`` command.

Every error is a :class:`StanceError`. What a caller needs to act on is in typed fields,
never in the message text: ``kind`` (a short stable name), ``exit_code``, ``fatal``
(whether later requests would fail the same way, so a run stops), and for endpoint
failures ``status`` (HTTP status), ``attempts`` and ``usage`` (tokens spent). The CLI
prints ``str(error)`` on one line and exits with ``exit_code``.

::

    StanceError                    kind            exit
    ├── ConfigError                config          2   bad option or setting
    ├── InputError                 input           2   unreadable, empty, binary or malformed input
    ├── CodebookError              codebook        2   invalid codebook file
    ├── OutputError                output          4   the output cannot be written (disk full…)
    ├── BackendError               backend         1   the model endpoint failed for one request
    │   ├── AuthError              auth            2   key or request refused (401/403); never retried
    │   ├── NotFoundError          not_found       2   no such endpoint path or model (404)
    │   ├── ModelOutputError       model_output    1   reply not valid for the schema after re-asking
    │   ├── EndpointUnreachable    unreachable     2   no request ever got through
    │   └── EmbeddedUnavailable    embedded        2   the embedded model extra is not installed
    ├── CacheError                 cache           2   cache directory unusable
    ├── BatchPending               pending         75  a batch has not finished yet: try later
    └── EvalError                  eval            2   eval fixtures or cassettes unusable
        └── CassettesOutOfDate     cassettes       2   a request is not in the recorded cassettes
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Exit status of every ``stance`` command; defined here and only here."""

    OK = 0
    #: some sentences failed at the endpoint; their records carry the error
    FAILED = 1
    #: bad usage or input; rerunning will not help
    USAGE = 2
    #: a bug (STANCE_DEBUG=1 shows the traceback)
    INTERNAL = 3
    #: the output could not be written (disk full, read-only); answers are in the cache
    OUTPUT = 4
    #: a batch has not finished yet; the same command later will find it done
    #: (75 is EX_TEMPFAIL in sysexits.h: a temporary failure, retry later)
    PENDING = 75
    INTERRUPTED = 130


class StanceError(Exception):
    kind = "error"
    exit_code: ExitCode = ExitCode.USAGE
    #: errors that make every later request fail too: the run stops instead of
    #: recording the same failure for every sentence
    fatal = True

    def __init__(self, message: str = "", **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        for name, value in fields.items():
            if not hasattr(type(self), name):
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            setattr(self, name, value)


class ConfigError(StanceError):
    kind = "config"


class InputError(StanceError):
    kind = "input"


class CodebookError(StanceError):
    kind = "codebook"


class OutputError(StanceError):
    kind = "output"
    exit_code = ExitCode.OUTPUT
    #: the path that could not be written
    path: str | None = None


class BackendError(StanceError):
    kind = "backend"
    exit_code = ExitCode.FAILED
    fatal = False
    #: the HTTP status of the last failed attempt, when there was one
    status: int | None = None
    #: requests sent for this answer, the failed ones included
    attempts: int | None = None
    #: requests and tokens spent before giving up (a stance.types.Usage), when known
    usage: Any = None


class AuthError(BackendError):
    kind = "auth"
    exit_code = ExitCode.USAGE
    fatal = True


class NotFoundError(BackendError):
    kind = "not_found"
    exit_code = ExitCode.USAGE
    fatal = True


class ModelOutputError(BackendError):
    kind = "model_output"


class EndpointUnreachable(BackendError):
    kind = "unreachable"
    exit_code = ExitCode.USAGE
    fatal = True


class EmbeddedUnavailable(BackendError):
    kind = "embedded"
    exit_code = ExitCode.USAGE
    fatal = True


class CacheError(StanceError):
    kind = "cache"


class BatchPending(StanceError):
    kind = "pending"
    exit_code = ExitCode.PENDING
    fatal = False
    #: the batch's status at the endpoint (validating, in_progress, finalizing…)
    status: str | None = None


class EvalError(StanceError):
    kind = "eval"


class CassettesOutOfDate(EvalError):
    kind = "cassettes"

    def __init__(self, detail: str = "") -> None:
        msg = "cassettes out of date: re-record with `stance eval --record`"
        super().__init__(f"{msg} ({detail})" if detail else msg)


def first_problem(exc: Any, default: str = "value") -> str:
    """``where: what`` for the first error of a pydantic ValidationError, on one line."""
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err["loc"]) or default
    return f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
