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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import baselines, metrics
from .classify import Classifier
from .codebook import Codebook, load_codebook
from .config import Settings, resolve_settings
from .errors import CassettesOutOfDate, EvalError, StanceError
from .llm import model_name
from .prompt import PromptTemplate, load_prompt
from .types import Article, Record

SECRET_HEADERS = (
    "authorization", "api-key", "x-api-key", "openai-organization", "openai-project",
    "cookie", "set-cookie", "proxy-authorization", "x-goog-api-key",
)
_REPLAY_KEY = "replay-needs-no-key"


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
class GoldArticle:
    id: str
    text: str
    sentences: list[dict[str, Any]]


def load_gold(fixtures: Path, only: list[str] | None = None) -> list[GoldArticle]:
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
        out.append(GoldArticle(article_id, text, data["sentences"]))
    if not out:
        raise EvalError(f"no hand-labelled article matches {only}")
    return out


# -- recording and replay ----------------------------------------------------------------


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def _vcr(record: bool) -> Any:
    import vcr

    return vcr.VCR(
        record_mode="all" if record else "none",
        match_on=("method", "path", "body"),
        filter_headers=list(SECRET_HEADERS),
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


class _Guard:
    """Wraps the HTTP transport to notice a request the cassette does not hold (the
    openai client would otherwise report it as a connection error)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.missing: list[str] = []

    async def handle_async_request(self, request: Any) -> Any:
        from vcr.errors import CannotOverwriteExistingCassetteException

        try:
            return await self.inner.handle_async_request(request)
        except CannotOverwriteExistingCassetteException as exc:
            self.missing.append(f"{request.method} {request.url.path}")
            # a StanceError under the client's connection error: not retried, run stops
            raise CassettesOutOfDate(f"a request to {request.url.path} was not recorded") from exc

    async def aclose(self) -> None:
        await self.inner.aclose()


def _replay_client(base_url: str, guard: _Guard) -> Any:
    import httpx2
    import openai

    http = httpx2.AsyncClient(transport=guard, base_url=base_url)  # type: ignore[arg-type]
    return openai.AsyncOpenAI(base_url=base_url, api_key=_REPLAY_KEY, max_retries=0, http_client=http)


@dataclass
class EvalRun:
    config: str
    meta: dict[str, Any]
    gold: list[GoldArticle]
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

        guard = _Guard(httpx2.AsyncHTTPTransport())
        clf = Classifier(
            settings=_settings_for_replay(meta),
            client=_replay_client(meta["base_url"], guard),
            codebook=codebook,
            prompt=prompt,
        )

    records: dict[str, list[Record]] = {}
    started = time.perf_counter()
    try:
        with clf:
            for g in gold:
                cassette = folder / f"{g.id}.yaml"
                if record and cassette.exists():
                    cassette.unlink()
                if not record and not cassette.exists():
                    raise CassettesOutOfDate(f"no cassette for article {g.id}")
                with _vcr(record).use_cassette(str(cassette)):
                    recs = list(clf.stream([Article(id=g.id, text=g.text)]))
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
        "requests": clf.usage.requests,
        "prompt_tokens": clf.usage.prompt_tokens,
        "completion_tokens": clf.usage.completion_tokens,
        "cached_prompt_tokens": clf.usage.cached_prompt_tokens,
        "cache_hits": clf.cache.hits,
        "wall_seconds": round(wall, 3),
    }
    return EvalRun(name, meta, gold, records, usage, codebook)


def _base_url_of(clf: Classifier) -> str:
    from .embedded import EMBEDDED_BASE_URL

    return EMBEDDED_BASE_URL if clf.settings.embedded else clf.settings.endpoint_id


# -- scoring -----------------------------------------------------------------------------


@dataclass
class Scores:
    config: str
    meta: dict[str, Any]
    evaluated: str
    articles: list[str]
    labels: dict[str, Any]
    baselines: dict[str, dict[str, Any]]
    speaker: dict[str, Any]
    segmentation: dict[str, Any]
    usage: dict[str, Any]
    failed: int
    disagreements: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_UNALIGNED = "<no matching sentence>"


def _label_block(ls: metrics.LabelScores) -> dict[str, Any]:
    return {
        "n": ls.n,
        "micro_precision": ls.micro_precision,
        "micro_recall": ls.micro_recall,
        "micro_f1": ls.micro_f1,
        "macro_f1": ls.macro_f1,
        "exact_match": ls.exact_match,
        "per_label": {k: asdict(v) for k, v in ls.per_label.items()},
    }


def score(run: EvalRun) -> Scores:
    """Score records against the hand labels. Units are gold sentences: a gold sentence
    with no matching predicted sentence counts as predicted with no labels and a wrong
    speaker."""
    labels = run.codebook.label_names
    gold_sets: list[set[str]] = []
    pred_sets: list[set[str]] = []
    gold_speakers: list[Any] = []
    pred_speakers: list[Any] = []
    gold_spans: list[tuple[int, int]] = []
    pred_spans: list[tuple[int, int]] = []
    texts: list[str] = []
    disagreements: list[dict[str, Any]] = []
    for g in run.gold:
        recs = run.records[g.id]
        pairs = metrics.align(g.sentences, recs)
        for gi, pj in pairs:
            if gi is None:
                continue
            gs = g.sentences[gi]
            p = recs[pj] if pj is not None else None
            gold_sets.append(set(gs["labels"]))
            pred_sets.append(set(p.labels) if p else set())
            gold_speakers.append(gs["speaker"])
            pred_speakers.append((p.speaker.name if p.speaker else None) if p else _UNALIGNED)
            texts.append(gs["text"])
        gold_spans += [(s["start"], s["end"]) for s in g.sentences]
        pred_spans += [(r.start, r.end) for r in recs]
        for d in metrics.disagreements(g.sentences, recs, pairs):
            disagreements.append({"article": g.id, **asdict(d)})
    label_scores = metrics.label_scores(gold_sets, pred_sets, labels)
    keyword_table = {lab.name: lab.keywords for lab in run.codebook.labels}
    base = {"none (majority)": _label_block(metrics.label_scores(gold_sets, baselines.majority(texts), labels))}
    kw = baselines.keyword(texts, keyword_table)
    if kw is not None:
        base["keyword"] = _label_block(metrics.label_scores(gold_sets, kw, labels))
    sp = metrics.speaker_scores(gold_speakers, pred_speakers)
    seg = metrics.boundary_scores(gold_spans, pred_spans)
    failed = sum(1 for recs in run.records.values() for r in recs if r.error)
    return Scores(
        config=run.config,
        meta=run.meta,
        evaluated=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        articles=[g.id for g in run.gold],
        labels=_label_block(label_scores),
        baselines=base,
        speaker={"n": sp.n, "correct": sp.correct, "accuracy": sp.accuracy, "journalist": asdict(sp.journalist)},
        segmentation={"boundary": asdict(seg.boundary), "exact": asdict(seg.exact)},
        usage=run.usage,
        failed=failed,
        disagreements=disagreements,
    )
