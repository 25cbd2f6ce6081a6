"""`stance eval`, `stance eval compare`."""

from __future__ import annotations

from typing import Any

import click

from ._app import backend_options, cli, settings_from, setup_logging


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

    from ..evaluation import (
        default_cassettes,
        print_summary,
        repo_root,
        run_eval,
        score,
        write_reports,
    )

    setup_logging(False)
    run = run_eval(
        fixtures=Path(fixtures) if fixtures else None,
        cassettes=Path(cassettes) if cassettes else None,
        config=config,
        record=record,
        settings=settings_from(**options),
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

    from ..evaluation import load_scores, print_compare

    print_compare(load_scores(a), load_scores(b), Console(highlight=False))
