"""`stance serve`."""

from __future__ import annotations

from typing import Any

import click

from ._app import backend_options, cli, settings_from, setup_logging


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
    from ..serve import Limits, run_server

    setup_logging(quiet)
    limits = Limits(max_body=max_body, max_articles=max_articles, max_requests=max_requests)
    run_server(settings_from(**options), host=host, port=port, limits=limits, log_level="warning" if quiet else "info")


