"""`stance cache stats|clear`."""

from __future__ import annotations

import sys

import click

from ._app import cli, settings_from


@cli.group()
def cache() -> None:
    """Inspect or clear the answer cache."""


@cache.command("stats")
@click.option("--cache-dir", type=click.Path(file_okay=False))
def cache_stats(cache_dir: str | None) -> None:
    """Entries and size of the cache."""
    from ..config import default_cache_dir
    from ..pipeline import AnswerCache

    s = settings_from(cache_dir=cache_dir)
    c = AnswerCache(s.cache_dir or default_cache_dir())
    st = c.stats()
    click.echo(f"directory: {st['directory']}\nentries:   {st.get('entries', 0)}\nsize:      {st.get('bytes', 0) / 1e6:.1f} MB")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False))
@click.option("--yes", is_flag=True, help="Don't ask.")
def cache_clear(cache_dir: str | None, yes: bool) -> None:
    """Delete every cached answer."""
    from ..config import default_cache_dir
    from ..pipeline import AnswerCache

    s = settings_from(cache_dir=cache_dir)
    directory = s.cache_dir or default_cache_dir()
    if not yes and sys.stdin.isatty():
        click.confirm(f"delete all cached answers in {directory}?", abort=True)
    n = AnswerCache(directory).clear()
    click.echo(f"removed {n} entries from {directory}")


