"""The eval harness: classify every gold article by replaying recorded model responses
(vcrpy cassettes), or record new ones.

Each article is classified with the codebook its labels were coded with (one
:class:`Classifier` per codebook), with its language and source. Cassettes live in
``<cassettes>/<config>/<article>.yaml``, one set per model + prompt version (+ batch
size), with a ``meta.json`` that says how they were recorded. Requests are matched on
their body, so a changed prompt, codebook or schema cannot replay stale answers: it
fails with "cassettes out of date: re-record". Replay needs no endpoint and no key:
the settings it replays with come from ``meta.json``, not from the environment.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import CassettesOutOfDate, EvalError, StanceError
from ..model import Codebook, PromptTemplate, load_prompt, model_name
from ..pipeline import Classifier
from ..types import Article, Record, Usage
from ._gold import GoldDocument, default_cassettes, default_gold, load_gold, resolve_codebooks
from ._recording import Guard, replay_client, vcr_for


def config_name(model: str, prompt_version: str, batch_size: int = 1) -> str:
    batch = f"__batch{batch_size}" if batch_size > 1 else ""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{model}__{prompt_version}{batch}")


@dataclass
class EvalRun:
    config: str
    meta: dict[str, Any]
    gold: list[GoldDocument]
    records: dict[str, list[Record]]
    usage: dict[str, Any]
    codebooks: dict[str, Codebook]


def _settings_for_replay(meta: dict[str, Any]) -> Settings:
    return Settings(
        base_url=None if meta.get("embedded") else meta["base_url"],
        model=meta["model"],
        structured=meta["structured"],
        temperature=meta["temperature"],
        max_tokens=meta["max_tokens"],
        seed=meta.get("seed"),
        no_cache=True,
        concurrency=8,
        # re-asks after invalid output were recorded too: replay them the same way
        max_retries=meta.get("max_retries", Settings().max_retries),
        batch_size=meta.get("batch_size", 1),
    )


def replay_config(settings: Settings | None, prompt: PromptTemplate) -> str:
    """The set a plain replay picks: the configured model (or the embedded default),
    whatever endpoint is configured; replay never talks to it."""
    settings = settings or Settings()
    model = settings.model or model_name(settings.model_copy(update={"base_url": None}))
    return config_name(model, prompt.version, settings.batch_size)


def _recorded(cassettes: Path) -> list[str]:
    return sorted(p.parent.name for p in cassettes.glob("*/meta.json"))


def _load_meta(folder: Path, cassettes: Path) -> dict[str, Any]:
    meta_file = folder / "meta.json"
    if not meta_file.is_file():
        have = _recorded(cassettes)
        raise EvalError(
            f"no recorded responses for {folder.name} in {cassettes}"
            + (f" (recorded: {', '.join(have)}; pick one with --config)" if have else "")
            + "; record them with `stance eval --record`"
        )
    try:
        meta: dict[str, Any] = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(f"cannot read {meta_file}: {exc}") from None
    return meta


def run_eval(
    *,
    gold_dir: Path | None = None,
    cassettes: Path | None = None,
    config: str | None = None,
    record: bool = False,
    settings: Settings | None = None,
    codebooks: Sequence[Codebook] = (),
    prompt: PromptTemplate | None = None,
    articles: Sequence[str] | None = None,
) -> EvalRun:
    """Replay (default) or record the eval over a gold folder; returns records for scoring.

    ``codebooks`` replace the codebook of the same name (a new version of it, or one
    that does not ship with stance); every other gold article uses the codebook its
    label file names. ``settings`` configure the backend when recording; a replay
    takes only the model name and batch size from them, to pick the recorded set.
    """
    gold_dir = gold_dir or default_gold()
    cassettes = cassettes or default_cassettes()
    prompt = prompt or load_prompt()
    gold = load_gold(gold_dir, articles)
    books = resolve_codebooks(gold, gold_dir, codebooks)
    guards: list[Guard] = []

    if record:
        if settings is None:
            raise EvalError("recording needs settings for the model to record")
        # Every request must reach the model to be recorded: no cache.
        settings = settings.model_copy(update={"no_cache": True})
        classifiers = {n: Classifier(settings=settings, codebook=c, prompt=prompt) for n, c in books.items()}
        first = next(iter(classifiers.values()))
        name = config or config_name(first.model, prompt.version, settings.batch_size)
        meta: dict[str, Any] = {
            "config": name,
            "model": first.model,
            "prompt_version": prompt.version,
            "codebooks": {n: {"ref": c.ref, "hash": c.hash} for n, c in books.items()},
            "embedded": settings.embedded,
            "base_url": _base_url_of(first),
            "structured": first.backend.mode,
            "temperature": settings.temperature,
            "max_tokens": settings.max_tokens,
            "seed": settings.seed,
            "max_retries": settings.max_retries,
            "batch_size": settings.batch_size,
            "recorded": _dt.date.today().isoformat(),
        }
    else:
        name = config or replay_config(settings, prompt)
        meta = _load_meta(cassettes / name, cassettes)
        import httpx2

        replay = _settings_for_replay(meta)
        classifiers = {}
        for n, c in books.items():
            guards.append(Guard(httpx2.AsyncHTTPTransport()))
            client = replay_client(meta["base_url"], guards[-1])
            classifiers[n] = Classifier(settings=replay, client=client, codebook=c, prompt=prompt)
    folder = cassettes / name
    if record:
        folder.mkdir(parents=True, exist_ok=True)

    records: dict[str, list[Record]] = {}
    total = Usage()
    started = time.perf_counter()
    current = ""
    vcr = vcr_for(record)
    try:
        for g in gold:
            current = g.id
            cassette = folder / f"{g.id}.yaml"
            if record and cassette.exists():
                cassette.unlink()
            if not record and not cassette.exists():
                raise CassettesOutOfDate(f"no cassette for article {g.id} in {folder}")
            article = Article(id=g.id, text=g.text, lang=g.lang, source=g.source)
            with vcr.use_cassette(str(cassette)):
                run = classifiers[g.codebook].stream([article])
                recs = list(run)
            total.add(run.usage)
            missing = sum(len(guard.missing) for guard in guards)
            if missing:
                raise CassettesOutOfDate(f"{missing} request(s) of {g.id} not recorded")
            records[g.id] = recs
    except StanceError:
        if any(guard.missing for guard in guards):
            raise CassettesOutOfDate(f"a request of {current} was not recorded") from None
        raise
    finally:
        for clf in classifiers.values():
            clf.close()
    wall = time.perf_counter() - started
    if record:
        (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    usage = {
        "requests": total.requests,
        "prompt_tokens": total.prompt_tokens,
        "completion_tokens": total.completion_tokens,
        "cached_prompt_tokens": total.cached_prompt_tokens,
        "wall_seconds": round(wall, 3),
    }
    return EvalRun(name, meta, gold, records, usage, books)


def _base_url_of(clf: Classifier) -> str:
    from ..model import EMBEDDED_BASE_URL

    return EMBEDDED_BASE_URL if clf.settings.embedded else clf.settings.endpoint_id
