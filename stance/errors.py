"""Errors raised by stance. Every error is a :class:`StanceError`; the CLI prints its
message on one line and exits with its ``exit_code``.

::

    StanceError                    exit 2 unless noted
    ├── ConfigError                bad option or setting (base URL, concurrency, model path)
    ├── InputError                 unreadable, empty, binary or malformed article input
    ├── CodebookError              invalid codebook file or unknown label
    ├── BackendError               the model endpoint failed            exit 1
    │   ├── AuthError              key rejected (401/403); never retried exit 2
    │   ├── ModelOutputError       reply not valid for the schema after re-asking
    │   ├── EndpointUnreachable    no request ever got through          exit 2
    │   └── EmbeddedUnavailable    embedded model extra not installed   exit 2
    ├── CacheError                 cache directory unusable
    └── EvalError                  eval fixtures or cassettes unusable
        └── CassettesOutOfDate     a request is not in the recorded cassettes
"""

from __future__ import annotations

from typing import Any


class StanceError(Exception):
    exit_code = 2
    #: errors that make every later request fail too: the run stops instead of
    #: recording the same failure for every sentence
    fatal = True


class ConfigError(StanceError):
    pass


class InputError(StanceError):
    pass


class CodebookError(StanceError):
    pass


class BackendError(StanceError):
    exit_code = 1
    fatal = False
    #: requests and tokens spent before giving up (a stance.types.Usage), when known
    usage: Any = None


class AuthError(BackendError):
    exit_code = 2
    fatal = True


class ModelOutputError(BackendError):
    pass


class EndpointUnreachable(BackendError):
    exit_code = 2
    fatal = True


class EmbeddedUnavailable(BackendError):
    exit_code = 2
    fatal = True


class CacheError(StanceError):
    pass


class EvalError(StanceError):
    pass


class CassettesOutOfDate(EvalError):
    def __init__(self, detail: str = "") -> None:
        msg = "cassettes out of date: re-record with `stance eval --record`"
        super().__init__(f"{msg} ({detail})" if detail else msg)


def first_problem(exc: Any, default: str = "value") -> str:
    """``where: what`` for the first error of a pydantic ValidationError, on one line."""
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err["loc"]) or default
    return f"{where}: {err['msg']}"
