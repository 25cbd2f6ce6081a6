"""`stance classify`."""

from __future__ import annotations

import sys
from typing import Any

import click

from ._app import backend_options, cli, settings_from, setup_logging


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..errors import InputError
    from ..text import check_language

    if value is None:
        return None
    try:
        return check_language(value)
    except InputError as exc:
        raise click.BadParameter(str(exc).removeprefix("--lang: ")) from None


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Write here instead of stdout (format from the suffix: .jsonl, .csv, .html).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table", "html"]), help="Output format (default: a table on a terminal, JSONL otherwise; html: a self-contained report).")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html"]), default="auto", show_default=True, help="How to read inputs.")
@click.option("--lang", metavar="CODE", callback=_language, help="The articles' language (en, es, zh…) for those that do not give their own (a JSONL \"lang\" field). Default: detected per article.")
@click.option("--shard", metavar="I/N", help="Only the articles of shard I of N (1 <= I <= N), assigned by a digest of the article id: N machines with --shard 1/N … N/N cover a corpus once.")
@backend_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (endpoint, model, mode; never the key).")
def classify(paths: tuple[str, ...], output: str | None, fmt: str | None, input_format: str, lang: str | None, shard: str | None, quiet: bool, verbose: bool, **options: Any) -> None:
    """Classify articles: PATHS are text/HTML files, directories, JSONL corpora
    ({"id", "text", "date", "lang"} per line) or - for stdin.

    \b
    Examples:
      stance classify article.txt                      a table on the terminal
      stance classify corpus/ -o results.jsonl         one JSON object per sentence
      stance classify corpus.jsonl -o report.html      a self-contained HTML report
      cat article.txt | stance classify - --format csv
      stance classify article.txt --base-url http://localhost:11434/v1 --model llama3.1
      stance classify article.txt --codebook my-stances.toml
      stance classify nota.txt --lang es               skip language detection
      stance classify corpus.jsonl --shard 2/4 -o part2.jsonl   one machine of four

    \b
    Exit status: 0 all sentences classified; 1 some failed (their records carry
    "error", the rest are written); 2 bad usage or input; 4 the output could not be
    written (a full disk: the answers received are cached); 130 interrupted
    (everything finished so far is written, and cached unless --no-cache: rerun to
    resume)."""
    from ..batch import Shard
    from ._run import run_classify

    setup_logging(quiet, verbose)
    code = run_classify(
        paths, output=output, fmt=fmt, input_format=input_format, quiet=quiet, lang=lang,
        settings=settings_from(**options), shard=Shard.parse(shard) if shard else None,
    )
    sys.exit(code)


