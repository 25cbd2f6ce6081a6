"""`stance eval`, `stance eval compare`, `stance eval agreement`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ._app import backend_options, cli, settings_from, setup_logging


@cli.group("eval", invoke_without_command=True)
@click.option("--record", is_flag=True, help="Run the configured backend for real and write new cassettes.")
@click.option("--config", "config", help="Which recorded set to replay (default: the --model given, else the embedded model, + prompt version).")
@click.option("--gold", "gold", type=click.Path(file_okay=False, exists=True), help="Gold folder: labels/*.json, articles/*.txt, optional split.json and codebooks/ (default in a checkout: fixtures/).")
@click.option("--cassettes", type=click.Path(file_okay=False), help="Recorded responses (default in a checkout: eval/cassettes/).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Where to write <config>.md and <config>.json (default: the current directory).")
@click.option("--article", "articles", multiple=True, help="Only this article id (repeatable).")
@click.option("--prompt", "prompt_file", type=click.Path(dir_okay=False, exists=True), help="A prompt template of your own (a copy of prompts/classify-v2.toml with a new version); its version names the recorded set.")
@backend_options
@click.pass_context
def eval_cmd(ctx: click.Context, record: bool, config: str | None, gold: str | None, cassettes: str | None,
             out_dir: str | None, articles: tuple[str, ...], prompt_file: str | None, **options: Any) -> None:
    """Score the classifier against a hand-labelled gold set, with 95 % intervals.

    By default this replays recorded model responses: offline, no endpoint, no key,
    seconds. Replay reads no environment variable: it picks the recorded set from
    --config, or from --model and --batch-size. --record runs the configured backend
    (embedded by default, or --base-url/--model) and re-records.

    \b
    stance eval compare A.json B.json      B − A per figure, paired bootstrap, verdict
    stance eval agreement A/ B/            agreement between two human codings
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    from ..evaluation import default_cassettes, print_summary, run_eval, score, write_reports
    from ..model import load_codebook, load_prompt

    setup_logging(False)
    console = Console(highlight=False)
    codebooks = [load_codebook(options["codebook"])] if options.get("codebook") else []
    if record:
        settings = settings_from(**options)
    else:
        if options.get("base_url"):
            console.print("note: --base-url is used only with --record; replay needs no endpoint", style="yellow")
        from ..config import resolve_settings

        # replay talks to no endpoint: only the set's name matters, from explicit options
        settings = resolve_settings(env={}, model=options.get("model"), batch_size=options.get("batch_size"),
                                    model_path=options.get("model_path"))
    run = run_eval(
        gold_dir=Path(gold) if gold else None,
        cassettes=Path(cassettes) if cassettes else None,
        config=config,
        record=record,
        settings=settings,
        codebooks=codebooks,
        prompt=load_prompt(prompt_file) if prompt_file else None,
        articles=list(articles) or None,
    )
    scores = score(run)
    print_summary(scores, console)
    json_path, md_path = write_reports(scores, Path(out_dir) if out_dir else Path.cwd())
    console.print(f"reports: {md_path}  {json_path}", style="dim")
    if record:
        console.print(f"cassettes written to {(Path(cassettes) if cassettes else default_cassettes()) / run.config}", style="dim")


@eval_cmd.command("compare")
@click.argument("a", type=click.Path(dir_okay=False))
@click.argument("b", type=click.Path(dir_okay=False))
def eval_compare(a: str, b: str) -> None:
    """Two eval JSON reports: each figure's B − A with a paired-bootstrap 95 % interval
    over the articles both scored, and a verdict (B better / worse / indistinguishable)."""
    from rich.console import Console

    from ..evaluation import compare, load_scores, print_compare

    sa, sb = load_scores(a), load_scores(b)
    print_compare(sa, sb, compare(sa, sb), Console(highlight=False))


@eval_cmd.command("agreement")
@click.argument("a", type=click.Path(exists=True))
@click.argument("b", type=click.Path(exists=True))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Also write agreement.md (every disagreement) and agreement.json here.")
def eval_agreement(a: str, b: str, out_dir: str | None) -> None:
    """Agreement between two codings (label files or folders of them), on the articles
    both coded: per-label Cohen's κ and Krippendorff's α, speaker and boundary agreement,
    with 95 % intervals from a bootstrap over articles."""
    from rich.console import Console

    from ..evaluation import agreement, agreement_markdown, print_agreement, write_reports

    console = Console(highlight=False)
    result = agreement(Path(a), Path(b))
    print_agreement(result, console)
    if out_dir:
        j, m = write_reports(result, Path(out_dir), "agreement", agreement_markdown(result))
        console.print(f"reports: {m}  {j}", style="dim")
