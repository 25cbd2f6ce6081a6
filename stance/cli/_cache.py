"""`stance cache stats|clear|export|import`."""

from __future__ import annotations

import sys

import click

from ._app import cli, settings_from, setup_logging


@cli.group()
def cache() -> None:
    """Inspect, clear or pool the answer cache."""


@cache.command("stats")
@click.option("--cache-dir", type=click.Path(file_okay=False))
def cache_stats(cache_dir: str | None) -> None:
    """Entries and size of the cache."""
    from ..config import default_cache_dir
    from ..errors import CacheError
    from ..pipeline import AnswerCache

    setup_logging(quiet=True)
    s = settings_from(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    c = AnswerCache(directory, create=False)  # looking creates nothing
    st = c.stats()
    c.close()
    if "error" in st:
        raise CacheError(f"the cache at {directory} cannot be read: {st['error']}")
    if not c.enabled:
        click.echo(f"directory: {directory}\nentries:   0 (no cache there yet)")
        return
    click.echo(f"directory: {st['directory']}\nentries:   {st['entries']}\nsize:      {st['bytes'] / 1e6:.1f} MB")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False))
@click.option("--yes", is_flag=True, help="Don't ask (needed when there is no terminal to ask on).")
def cache_clear(cache_dir: str | None, yes: bool) -> None:
    """Delete every cached answer."""
    from ..config import default_cache_dir
    from ..errors import ConfigError
    from ..pipeline import clear_cache

    s = settings_from(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    if not yes:
        if not sys.stdin.isatty():
            raise ConfigError(f"not clearing {directory} without confirmation: there is no terminal to ask on; pass --yes")
        click.confirm(f"delete all cached answers in {directory}?", abort=True)
    n = clear_cache(directory)
    if n is None:
        click.echo(f"removed the unreadable cache from {directory}")
    else:
        click.echo(f"removed {n} entries from {directory}")


@cache.command("export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="Answers file (JSONL); - for stdout.")
@click.option("--cache-dir", type=click.Path(file_okay=False))
def cache_export(output: str, cache_dir: str | None) -> None:
    """Write every cached answer, with its key, to a JSONL file for another machine's
    `stance cache import`."""
    from ..batch import export_answers
    from ..config import default_cache_dir
    from ..errors import CacheError
    from ..pipeline import AnswerCache

    s = settings_from(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    source = AnswerCache(directory)
    if not source.enabled:
        raise CacheError(f"cannot use the cache at {directory}")
    n = export_answers(source, output)
    click.echo(f"exported {n} answers from {directory}" + ("" if output == "-" else f" to {output}"), err=True)


@cache.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--cache-dir", type=click.Path(file_okay=False))
def cache_import(files: tuple[str, ...], cache_dir: str | None) -> None:
    """Add the answers of exported files to the cache. A key the cache holds already
    keeps its answer (a different one is counted as a conflict); importing a file
    twice changes nothing. Exit 2 if some lines were not answers (the rest are added)."""
    from pathlib import Path

    from ..batch import import_answers
    from ..config import default_cache_dir
    from ..errors import CacheError, ExitCode
    from ..pipeline import AnswerCache

    s = settings_from(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    target = AnswerCache(directory)
    if not target.enabled:
        raise CacheError(f"cannot use the cache at {directory}")
    st = import_answers(target, [Path(f) for f in files])
    click.echo(
        f"{st.lines} lines: {st.added} answers added, {st.same} already there"
        + (f", {st.conflicts} conflicting (the cached answer kept)" if st.conflicts else ""),
        err=True,
    )
    if st.bad:
        click.echo(f"error: {st.bad} line(s) were not answers and were skipped; the first: {st.first_bad}", err=True)
        sys.exit(ExitCode.USAGE)
