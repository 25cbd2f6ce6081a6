"""`stance batch prepare|submit|status|collect|ingest`. File names and batch ids go to
stdout, one a line (for scripts); counts and notes to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import ExitCode
from ._app import backend_options, cli, settings_from, setup_logging


def _say(message: str) -> None:
    click.echo(message, err=True)


def api_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint of a hosted Batch API; the key comes from the environment."""
    opts = [
        click.option("--base-url", help="Endpoint with the Batch API, e.g. https://api.openai.com/v1 (env OPENAI_BASE_URL)."),
        click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per request (default 60)."),
        click.option("--max-retries", type=click.IntRange(0, 20), help="Retries on rate limits and 5xx (default 4)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


@cli.group()
def batch() -> None:
    """Batch files: the OpenAI Batch API (half price, 24-hour window) and vllm run-batch.

    \b
    stance batch prepare corpus/ -o requests.jsonl --base-url URL --model M
    stance batch submit requests.jsonl       (OpenAI Batch API)  prints the batch id
    stance batch status ID                   progress
    stance batch collect ID                  downloads ID.output.jsonl, ID.errors.jsonl
    stance batch ingest ID.output.jsonl      answers into the cache
    stance classify corpus/ -o out.jsonl --base-url URL --model M

    Or, on a GPU node: vllm run-batch -i requests.jsonl -o results.jsonl --model M,
    then stance batch ingest results.jsonl. Give prepare, ingest and classify the same
    --base-url, --model, --codebook and --batch-size: they are part of every cache key.
    classify then takes every ingested answer from the cache and asks online only for
    what the batch did not answer.
    """


@batch.command("prepare")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Requests file; split into numbered parts (NAME.001.jsonl, …) at the limits.")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html"]), default="auto", show_default=True, help="How to read inputs.")
@click.option("--shard", metavar="I/N", help="Only the articles of shard I of N (stable by article id).")
@click.option("--max-requests", type=click.IntRange(1), default=50_000, show_default=True, help="Requests per file (the OpenAI Batch API's limit).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=200.0, show_default=True, help="Megabytes per file (the OpenAI Batch API's limit).")
@backend_options
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def prepare_cmd(paths: tuple[str, ...], output: str, input_format: str, shard: str | None, max_requests: int, max_mb: float, quiet: bool, **options: Any) -> None:
    """Write a batch input file: one request per sentence not already in the cache
    (K sentences per request with --batch-size K), each the request the online path
    would send, its custom_id the sentence's cache key. PATHS as for classify."""
    from ..batch import Limits, Shard, in_shard, prepare
    from ..pipeline import Classifier
    from ..text import iter_articles

    setup_logging(quiet)
    part = Shard.parse(shard) if shard else None
    settings = settings_from(**options)
    skipped: list[str] = []
    articles = in_shard(iter_articles(paths, fmt=input_format, skipped=skipped), part)  # type: ignore[arg-type]
    limits = Limits(max_requests=max_requests, max_bytes=int(max_mb * 1_000_000))
    with Classifier(settings=settings) as clf:
        stats = prepare(clf, articles, Path(output), limits)
    for path in stats.files:
        click.echo(str(path))
    if not quiet:
        where = ", ".join(str(p) for p in stats.files) or "no file: nothing to ask"
        _say(
            f"{stats.articles} articles, {stats.sentences} sentences: {stats.asked} in "
            f"{stats.requests} requests ({stats.bytes / 1e6:.1f} MB) → {where}; "
            f"{stats.cached} already in the cache"
            + (f"; {stats.repeated} repeated within a file, asked once" if stats.repeated else "")
        )
    code = _bad_input(stats.too_long, skipped)
    if code:
        sys.exit(code)


def _bad_input(too_long: int, skipped: list[str]) -> int:
    """As for classify: input a rerun will not fix is reported after all else is done."""
    from ..pipeline import MAX_SENTENCE_CHARS

    if too_long:
        _say(f"error: {too_long} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters were left out; classify records the error for them")
    if skipped:
        _say(f"error: {len(skipped)} malformed input line(s) skipped; the first: {skipped[0]}")
    return ExitCode.USAGE if too_long or skipped else ExitCode.OK


@batch.command("submit")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@api_options
def submit_cmd(files: tuple[str, ...], **options: Any) -> None:
    """Upload request files (Files API) and start one batch per file on the
    configured endpoint; prints each batch id."""
    from ..batch import submit
    from ..model import BatchAPI

    setup_logging(False)
    with BatchAPI(settings_from(**options)) as api:
        for path, info in zip(files, submit(api, [Path(f) for f in files]), strict=True):
            click.echo(info.id)
            _say(f"{path}: batch {info.id} {info.status}")


@batch.command("status")
@click.argument("ids", nargs=-1, required=True)
@api_options
def status_cmd(ids: tuple[str, ...], **options: Any) -> None:
    """Show where batches stand: status and requests done."""
    from ..batch import progress
    from ..model import BatchAPI

    setup_logging(False)
    with BatchAPI(settings_from(**options)) as api:
        for batch_id in ids:
            info = api.status(batch_id)
            line = f"{info.id}  {info.status}  {progress(info)}"
            if info.errors:
                line += f"  ({info.errors[0]})"
            click.echo(line)


@batch.command("collect")
@click.argument("ids", nargs=-1, required=True)
@click.option("-d", "--directory", type=click.Path(file_okay=False), default=".", show_default=True, help="Where to write ID.output.jsonl and ID.errors.jsonl.")
@api_options
def collect_cmd(ids: tuple[str, ...], directory: str, **options: Any) -> None:
    """Download finished batches' output and error files (a batch that ended failed,
    expired or cancelled hands over what it finished). Exit 75 while one still runs."""
    from ..batch import collect, progress
    from ..model import BatchAPI

    setup_logging(False)
    with BatchAPI(settings_from(**options)) as api:
        for batch_id in ids:
            got = collect(api, batch_id, Path(directory))
            for path in got.files:
                click.echo(str(path))
            note = "" if got.info.status == "completed" else "; stance classify asks the rest online"
            _say(f"batch {batch_id} {got.info.status}: {progress(got.info)}{note}")


@batch.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@backend_options
def ingest_cmd(files: tuple[str, ...], **options: Any) -> None:
    """Store the answers in batch output files (OpenAI Batch API, vllm run-batch) in the
    cache, validated as online; count and report the rest. Ingesting a file twice
    changes nothing."""
    from ..batch import ingest
    from ..pipeline import Classifier

    setup_logging(False)
    with Classifier(settings=settings_from(**options)) as clf:
        st = ingest(clf, [Path(f) for f in files])
    _say(
        f"{st.lines} result lines: {st.stored} answers stored, {st.already} already in the cache"
        + (f", {st.conflicts} differing from the cache (cached answer kept)" if st.conflicts else "")
    )
    kinds = [
        ("failed", "error lines"), ("not_json", "replies not JSON"), ("off_schema", "replies off the schema"),
        ("unusable", "replies refused or cut off"), ("unknown", "packed requests this cache did not prepare"),
        ("unreadable", "lines that are not results of stance requests"),
    ]
    rejected = [(label, n, kind) for kind, label in kinds if (n := getattr(st, kind))]
    if rejected:
        _say("without an answer (stance classify asks their sentences online):")
        for label, n, kind in rejected:
            _say(f"  {label}: {n} (e.g. {st.examples[kind]})")
