"""What ``stance classify`` does, as a library function: read, classify, write,
report. Output is streamed record by record; nothing finished is lost on failure."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import ExitCode, OutputError
from ..pipeline import MAX_SENTENCE_CHARS
from ..report import open_writer, pick_format
from ..text import iter_articles

if TYPE_CHECKING:
    from ..batch import Shard

# Measured by `stance eval` on the seed hand labels; shown wherever the bundled model is used.
# Figures from `stance eval` on the shipped cassettes; tests/test_eval.py keeps them honest.
EMBEDDED_NOTE = (
    "note: labels from the embedded SmolLM2-135M model, which is tiny and weak: on 694 "
    "hand-labelled sentences of 60 real news articles it scores micro-F1 0.22, no better "
    "than chance (Cohen's kappa about 0 per label; a keyword baseline: 0.28). "
    "For research use --base-url and --model with a capable model."
)


def run_classify(
    paths: Sequence[str],
    *,
    settings: Settings,
    output: str | None = None,
    fmt: str | None = None,
    input_format: str = "auto",
    quiet: bool = False,
    client: Any = None,
    lang: str | None = None,
    shard: Shard | None = None,
) -> int:
    """Classify ``paths`` and write records; returns the exit status: 0; 1 if any
    sentence failed (rerun to retry only those); 2 if some input was bad — a JSONL
    line that could not be read, or a sentence too long to send. Bad pieces are
    skipped and reported, everything else is still classified and written. ``lang``
    is the language of every article that does not give its own (else it is detected).
    With ``shard``, only the articles of that shard (see :class:`stance.batch.Shard`)."""
    from rich.console import Console

    from ..batch import in_shard
    from ..pipeline import Classifier

    err = Console(stderr=True, highlight=False)
    out_fmt = pick_format(output, fmt)
    skipped: list[str] = []
    articles = in_shard(iter_articles(paths, fmt=input_format, skipped=skipped), shard)  # type: ignore[arg-type]
    if lang is not None:
        articles = (a if a.lang else a.model_copy(update={"lang": lang}) for a in articles)
    first = next(articles, None)  # fail on unreadable input before loading any model
    if first is None:
        return ExitCode.OK
    started = time.perf_counter()
    with Classifier(settings=settings, client=client) as clf:
        note_embedded = settings.embedded and settings.model_path is None and client is None
        progress = _progress(err, quiet)
        targets = clf.codebook.target_fields
        run = None
        try:
            with progress as bar, open_writer(output, out_fmt, Console(highlight=False), targets) as writer:
                task = bar.add_task("classifying", total=0) if bar else None

                def on_sentences(article: Any, n: int) -> None:
                    writer.add_article(article)
                    if bar is not None and task is not None:
                        bar.update(task, total=(bar.tasks[0].total or 0) + n)

                run = clf.stream(_chain(first, articles), on_sentences=on_sentences)
                for record in run:
                    writer.write(record)
                    if bar is not None and task is not None:
                        bar.advance(task)
        except KeyboardInterrupt as exc:
            exc.add_note(_what_is_kept(settings, clf.cache.enabled))
            raise
        except OutputError as exc:
            # The run stopped there (nothing more is sent); what was answered is cached.
            if run is None or not run.usage.requests or not clf.cache.enabled:
                raise
            raise OutputError(
                f"{exc}; the answers received are cached: rerun the same command once it can be written",
                path=exc.path,
            ) from None
        stats = run.stats
        if not quiet:
            u = run.usage
            elapsed = time.perf_counter() - started
            err.print(
                f"{stats.records} sentences ({stats.cached} from cache, {stats.failed} failed) "
                f"in {elapsed:.1f}s · model {clf.model} · {u.requests} requests, "
                f"{u.prompt_tokens} prompt + {u.completion_tokens} completion tokens",
                style="dim",
            )
            if note_embedded:
                err.print(EMBEDDED_NOTE, style="yellow", soft_wrap=True)
            if stats.failed > stats.too_long:
                err.print(
                    f"{stats.failed - stats.too_long} sentence(s) failed; "
                    "rerun the same command to retry only those",
                    style="red",
                    soft_wrap=True,
                )
    # Bad input is an error even with --quiet: rerunning will not fix it.
    if stats.too_long:
        err.print(
            f"error: {stats.too_long} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters "
            "were not sent; their records carry the error",
            markup=False,
            soft_wrap=True,
        )
    if skipped:
        err.print(
            f"error: {len(skipped)} malformed input line(s) skipped; the first: {skipped[0]}",
            markup=False,
            soft_wrap=True,
        )
    if stats.too_long or skipped:
        return ExitCode.USAGE
    return ExitCode.FAILED if stats.failed else ExitCode.OK


def _what_is_kept(settings: Settings, cached: bool) -> str:
    if cached:
        return "finished sentences are in the cache; rerun the same command to resume"
    why = "--no-cache" if settings.no_cache else "the cache directory could not be used"
    return f"nothing was cached ({why}): a rerun asks the model for every sentence again"


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(console: Any, quiet: bool) -> Any:
    if quiet or not console.is_terminal:
        return _NoProgress()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )
