"""`stance summarize`."""

from __future__ import annotations

import sys

import click

from ._app import cli


@cli.command()
@click.argument("results", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Also write the summary as CSV here (- for stdout).")
@click.option("--chart", type=click.Path(dir_okay=False), help="Draw a chart to this .png or .svg file (needs stance[chart]).")
@click.option("--by", type=click.Choice(["speaker", "affiliation"]), default="speaker", show_default=True, help="Group sentences by speaker, or by the speaker's country or body.")
@click.option("--period", type=click.Choice(["month", "year"]), help="Split the counts by the records' dates.")
@click.option("--aliases", "alias_files", multiple=True, type=click.Path(dir_okay=False), help="A TOML alias table (\"Mao Ning\" = [\"毛宁\", \"Mao\"]) merged over the shipped one, so one speaker is one row across languages. Repeatable.")
@click.option("--no-aliases", is_flag=True, help="Do not use the shipped alias table.")
@click.option("-q", "--quiet", is_flag=True, help="No tables on the terminal.")
def summarize(results: tuple[str, ...], output: str | None, chart: str | None, by: str, period: str | None, alias_files: tuple[str, ...], no_aliases: bool, quiet: bool) -> None:
    """Summarise RESULTS (JSONL from `stance classify`, or - for stdin): who takes
    which stance, who blames whom, and, with --period, how that changes over time.
    Speakers' names are merged across articles and languages by the shipped alias
    table (the actors of the default codebook's debate) and any --aliases files."""
    from rich.console import Console

    from .. import report as sm
    from ..errors import OutputError

    aliases = sm.load_aliases(alias_files, default=not no_aliases)
    s = sm.summarize(sm.read_records(results), by=by, period=period, aliases=aliases)  # type: ignore[arg-type]
    if output == "-":
        sm.write_csv(s, sys.stdout)
    elif output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                sm.write_csv(s, fh)
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {(exc.strerror or str(exc)).lower()}", path=output) from None
    if chart:
        sm.write_chart(s, chart)
    if not quiet and output != "-":
        console = Console(highlight=False)
        for table in sm.render_tables(s):
            console.print(table)
        console.print(sm.footer(s), style="dim")


