"""The gold set: hand-labelled articles and the codebook each one was coded with.

A gold folder holds ``labels/<id>.json`` (the format of ``fixtures/ANNOTATION.md``),
``articles/<id>.txt`` (the texts the offsets refer to), optionally ``split.json``
(``{"articles": {id: {"split": "dev"|"test"}}}``) and optionally
``codebooks/<name>.toml`` for codebooks that do not ship with stance. In a checkout the
default gold folder is ``fixtures/`` and the default cassettes ``eval/cassettes/``; an
installed package has neither and must be told where they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import CodebookError, EvalError
from ..model import Codebook, default_codebook_path, load_codebook, shipped_codebooks

NO_GOLD = (
    "no gold set here (stance is installed, not a checkout): pass --gold DIR "
    "(labels/*.json and articles/*.txt) and --cassettes DIR"
)

NO_CASSETTES = (
    "no recorded responses here (stance is installed, not a checkout): pass --cassettes DIR "
    "(recorded with `stance eval --record --cassettes DIR`)"
)


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None for an installed package."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "fixtures" / "labels").is_dir():
        return root
    return None


def default_gold() -> Path:
    root = checkout_root()
    if root is None:
        raise EvalError(NO_GOLD)
    return root / "fixtures"


def default_cassettes() -> Path:
    root = checkout_root()
    if root is None:
        raise EvalError(NO_CASSETTES)
    return root / "eval" / "cassettes"


@dataclass
class GoldDocument:
    id: str
    text: str
    sentences: list[dict[str, Any]]
    codebook: str  # the codebook's name
    lang: str | None = None
    source: str | None = None
    split: str | None = None  # "dev", "test", or None when the gold set has no split
    meta: dict[str, Any] = field(default_factory=dict)


def read_label_file(path: Path) -> dict[str, Any]:
    """One article's label file, checked for the fields the eval reads."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read label file {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sentences"), list):
        raise EvalError(f"{path} is not a label file (no \"sentences\" list)")
    for key in ("start", "end", "text", "labels"):
        for s in data["sentences"]:
            if not isinstance(s, dict) or key not in s:
                raise EvalError(f"{path}: a sentence has no {key!r}")
    data.setdefault("article", path.stem)
    return data


def read_labels(path: Path) -> dict[str, dict[str, Any]]:
    """Label files by article id: a folder of ``*.json`` or a single file."""
    if path.is_dir():
        files = sorted(path.glob("*.json"))
    elif path.is_file():
        files = [path]
    else:
        raise EvalError(f"no label files at {path}")
    if not files:
        raise EvalError(f"no label files (*.json) in {path}")
    out: dict[str, dict[str, Any]] = {}
    for f in files:
        data = read_label_file(f)
        if data["article"] in out:
            raise EvalError(f"article {data['article']} is labelled twice in {path}")
        out[data["article"]] = data
    return out


def _split_of(gold_dir: Path) -> dict[str, str]:
    path = gold_dir / "split.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: v["split"] for k, v in data["articles"].items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from None


def load_gold(gold_dir: Path, only: Sequence[str] | None = None) -> list[GoldDocument]:
    """Every labelled article of a gold folder (or those named in ``only``), in id order."""
    labels_dir = gold_dir / "labels"
    if not labels_dir.is_dir():
        raise EvalError(f"no hand labels in {labels_dir} (a gold folder holds labels/ and articles/)")
    split = _split_of(gold_dir)
    out = []
    for article, data in sorted(read_labels(labels_dir).items()):
        if only and article not in only:
            continue
        text_path = gold_dir / "articles" / f"{article}.txt"
        try:
            text = text_path.read_text(encoding="utf-8")
        except OSError:
            raise EvalError(f"labels for {article} but no article text at {text_path}") from None
        out.append(
            GoldDocument(
                id=article,
                text=text,
                sentences=data["sentences"],
                codebook=data.get("codebook") or _default_name(),
                lang=data.get("lang"),
                source=data.get("source"),
                split=split.get(article),
                meta={k: v for k, v in data.items() if k not in {"sentences", "article"}},
            )
        )
    if only:
        missing = sorted(set(only) - {g.id for g in out})
        if missing:
            raise EvalError(f"no hand-labelled article {missing[0]} in {labels_dir}")
    if not out:
        raise EvalError(f"no hand labels in {labels_dir}")
    return out


@cache
def shipped_by_name() -> dict[str, Path]:
    folder = default_codebook_path().parent
    paths = [default_codebook_path()] + [folder / f"{n}.toml" for n in shipped_codebooks()]
    out: dict[str, Path] = {}
    for p in paths:
        try:
            out.setdefault(load_codebook(p).name, p)
        except CodebookError:
            continue
    return out


def _default_name() -> str:
    return load_codebook(default_codebook_path()).name


def resolve_codebooks(
    gold: Iterable[GoldDocument], gold_dir: Path, given: Sequence[Codebook] = ()
) -> dict[str, Codebook]:
    """The codebook of every gold article, by name: one given explicitly (``--codebook``),
    else ``<gold>/codebooks/<name>.toml``, else the shipped codebook of that name."""
    explicit = {c.name: c for c in given}
    gold = list(gold)
    count: dict[str, int] = {}
    for g in gold:
        count[g.codebook] = count.get(g.codebook, 0) + 1
    names = sorted(count, key=lambda n: (-count[n], n))  # the most used codebook first
    unused = sorted(set(explicit) - set(names))
    if unused:
        raise EvalError(f"codebook {unused[0]!r} is used by no gold article (they use: {', '.join(names)})")
    out: dict[str, Codebook] = {}
    for name in names:
        if name in explicit:
            out[name] = explicit[name]
            continue
        local = gold_dir / "codebooks" / f"{name}.toml"
        path = local if local.is_file() else shipped_by_name().get(name)
        if path is None:
            raise EvalError(
                f"gold articles use codebook {name!r}, which does not ship with stance: "
                f"pass --codebook FILE or put {name}.toml in {gold_dir / 'codebooks'}"
            )
        codebook = load_codebook(path)
        if codebook.name != name:
            raise EvalError(f"{path} holds codebook {codebook.name!r}, not {name!r}")
        out[name] = codebook
    return out


def speaker_kind(speaker: Mapping[str, Any] | None) -> str:
    """The slice a gold speaker falls in: journalist, person or body (a country
    speaking by metonymy is its government: a body)."""
    if speaker is None:
        return "journalist"
    return "person" if speaker.get("kind") == "person" else "body"
