"""`stance cache stats|clear`."""

from __future__ import annotations

import sys

import click

from ._app import cli, settings_from, setup_logging


@cli.group()
def cache() -> None:
    """Inspect or clear the answer cache."""


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
