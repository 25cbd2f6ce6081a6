"""The eval harness: classify the hand-labelled seed articles by replaying recorded
model responses (vcrpy cassettes), score them against the hand labels, and report.

Cassettes live in ``eval/cassettes/<config>/`` — one set per model + prompt version,
with a ``meta.json`` that says how they were recorded. Requests are matched on their
body, so a changed prompt, codebook or schema cannot replay stale answers: it fails
with "cassettes out of date: re-record". Credentials are scrubbed before anything
is written.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings, resolve_settings
from ..errors import CassettesOutOfDate, EvalError, StanceError
from ..model import Codebook, PromptTemplate, load_codebook, load_prompt, model_name
from ..pipeline import Classifier
from ..types import Article, Record, Usage
from ._recording import Guard, replay_client, vcr_for


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_fixtures() -> Path:
    return repo_root() / "fixtures"


def default_cassettes() -> Path:
    return repo_root() / "eval" / "cassettes"


def config_name(model: str, prompt_version: str, batch_size: int = 1) -> str:
    batch = f"__batch{batch_size}" if batch_size > 1 else ""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{model}__{prompt_version}{batch}")


@dataclass
class GoldDocument:
    id: str
    text: str
    sentences: list[dict[str, Any]]


def load_gold(fixtures: Path, only: list[str] | None = None) -> list[GoldDocument]:
    labels_dir = fixtures / "labels"
    files = sorted(labels_dir.glob("*.json"))
    if not files:
        raise EvalError(f"no hand labels in {labels_dir}")
    out = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        article_id = data["article"]
        if only and article_id not in only:
            continue
        text = (fixtures / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
        out.append(GoldDocument(article_id, text, data["sentences"]))
    if not out:
        raise EvalError(f"no hand-labelled article matches {only}")
    return out


@dataclass
class EvalRun:
    config: str
    meta: dict[str, Any]
    gold: list[GoldDocument]
    records: dict[str, list[Record]]
    usage: dict[str, Any]
    codebook: Codebook


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


def run_eval(
    *,
    fixtures: Path | None = None,
    cassettes: Path | None = None,
    config: str | None = None,
    record: bool = False,
    settings: Settings | None = None,
    codebook: Codebook | None = None,
    prompt: PromptTemplate | None = None,
    articles: list[str] | None = None,
) -> EvalRun:
    """Replay (default) or record the eval; returns records for scoring."""
    fixtures = fixtures or default_fixtures()
    cassettes = cassettes or default_cassettes()
    codebook = codebook or load_codebook(settings.codebook if settings else None)
    prompt = prompt or load_prompt()
    gold = load_gold(fixtures, articles)
    settings = settings or resolve_settings()

    if record:
        # Every request must reach the model to be recorded: no cache.
        settings = settings.model_copy(update={"no_cache": True})
        clf = Classifier(settings=settings, codebook=codebook, prompt=prompt)
        name = config or config_name(clf.model, prompt.version, settings.batch_size)
        folder = cassettes / name
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "config": name,
            "model": clf.model,
            "prompt_version": prompt.version,
            "codebook": codebook.ref,
            "codebook_hash": codebook.hash,
            "embedded": settings.embedded,
            "base_url": _base_url_of(clf),
            "structured": clf.backend.mode,
            "temperature": settings.temperature,
            "max_tokens": settings.max_tokens,
            "seed": settings.seed,
            "max_retries": settings.max_retries,
            "batch_size": settings.batch_size,
            "recorded": _dt.date.today().isoformat(),
        }
        guard = None
    else:
        name = config or config_name(model_name(settings), prompt.version, settings.batch_size)
        folder = cassettes / name
        meta_file = folder / "meta.json"
        if not meta_file.is_file():
            have = sorted(p.name for p in cassettes.glob("*/meta.json") for p in [p.parent])
            raise EvalError(
                f"no recorded responses for {name} in {cassettes}"
                + (f" (recorded: {', '.join(have)}; pick one with --config)" if have else "")
                + "; record them with `stance eval --record`"
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        import httpx2

        guard = Guard(httpx2.AsyncHTTPTransport())
        clf = Classifier(
            settings=_settings_for_replay(meta),
            client=replay_client(meta["base_url"], guard),
            codebook=codebook,
            prompt=prompt,
        )

    records: dict[str, list[Record]] = {}
    total = Usage()
    started = time.perf_counter()
    try:
        with clf:
            for g in gold:
                cassette = folder / f"{g.id}.yaml"
                if record and cassette.exists():
                    cassette.unlink()
                if not record and not cassette.exists():
                    raise CassettesOutOfDate(f"no cassette for article {g.id}")
                with vcr_for(record).use_cassette(str(cassette)):
                    run = clf.stream([Article(id=g.id, text=g.text)])
                    recs = list(run)
                total.add(run.usage)
                if guard is not None and guard.missing:
                    raise CassettesOutOfDate(f"{len(guard.missing)} request(s) of {g.id} not recorded")
                records[g.id] = recs
    except StanceError:
        if guard is not None and guard.missing:
            raise CassettesOutOfDate(f"a request of {g.id} was not recorded") from None
        raise
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
    return EvalRun(name, meta, gold, records, usage, codebook)


def _base_url_of(clf: Classifier) -> str:
    from ..model import EMBEDDED_BASE_URL

    return EMBEDDED_BASE_URL if clf.settings.embedded else clf.settings.endpoint_id


