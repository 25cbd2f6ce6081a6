"""The hand labels in fixtures/: offsets, coverage, labels, speakers."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
LABELS = ROOT / "fixtures" / "labels"

# The seed articles are real published text and must stay byte for byte as published.
SEED_SHA256 = {
    "efe-2023-10-05-mexico-fentanyl": "2378e44393449391f38e084c255d1a156b0ccbec2bd9a90dbd4fb0bc283165d6",
    "globaltimes-2023-04-06-mao-ning": "a8e26a94667202bd8a36c6c16f7750bdd8c59047260ad68e309161d909ab945c",
}

LABEL_FILES = sorted(LABELS.glob("*.json"))
IDS = [p.stem for p in LABEL_FILES]

# Sentence-final punctuation directly followed (after an optional closing quote and
# optional spaces) by a capital: a boundary the segmentation rules require a split at.
_UNSPLIT = re.compile(r"[a-z0-9)][.!?][”\"]?\s*[“\"]?[A-Z]")
_FINAL = re.compile(r"[.!?][”\"]?$")


def _codebook() -> dict[str, Any]:
    with (ROOT / "prompts" / "codebook.toml").open("rb") as f:
        return tomllib.load(f)


def _load(article_id: str) -> tuple[str, dict[str, Any]]:
    text = (ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8")
    doc = json.loads((LABELS / f"{article_id}.json").read_text(encoding="utf-8"))
    return text, doc


def test_every_article_has_labels_and_seeds_are_unaltered() -> None:
    assert sorted(p.stem for p in ARTICLES.glob("*.txt")) == IDS
    for article_id, digest in SEED_SHA256.items():
        assert hashlib.sha256((ARTICLES / f"{article_id}.txt").read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("article_id", IDS)
def test_offsets_match_the_article(article_id: str) -> None:
    text, doc = _load(article_id)
    assert doc["article"] == article_id
    for k, s in enumerate(doc["sentences"]):
        assert s["index"] == k
        assert text[s["start"] : s["end"]] == s["text"], s


@pytest.mark.parametrize("article_id", IDS)
def test_sentences_cover_the_text_in_order(article_id: str) -> None:
    text, doc = _load(article_id)
    pos = 0
    for s in doc["sentences"]:
        assert s["start"] >= pos, f"overlap or out of order at {s['index']}"
        assert text[pos : s["start"]].strip() == "", f"uncovered text before {s['index']}"
        assert s["text"] == s["text"].strip() and s["text"], s
        assert "\n" not in s["text"], f"sentence {s['index']} crosses a line break"
        pos = s["end"]
    assert text[pos:].strip() == ""


@pytest.mark.parametrize("article_id", IDS)
def test_segments_follow_the_boundary_rules(article_id: str) -> None:
    text, doc = _load(article_id)
    for s in doc["sentences"]:
        assert not _UNSPLIT.search(s["text"]), f"unsplit boundary in {s['text']!r}"
        # a segment ends at sentence-final punctuation or at the end of its line
        at_line_end = text[s["end"] :].split("\n", 1)[0].strip() == ""
        assert _FINAL.search(s["text"]) or at_line_end, s["text"]


@pytest.mark.parametrize("article_id", IDS)
def test_labels_are_in_the_codebook(article_id: str) -> None:
    _, doc = _load(article_id)
    codebook = _codebook()
    names = {lab["name"] for lab in codebook["labels"]}
    blame = next(lab for lab in codebook["labels"] if lab.get("target") == "blame_target")
    for s in doc["sentences"]:
        assert set(s["labels"]) <= names, s["labels"]
        assert len(set(s["labels"])) == len(s["labels"])
        # a target exactly when someone is blamed
        has_target = isinstance(s["blame_target"], str) and s["blame_target"].strip() != ""
        assert has_target == (blame["name"] in s["labels"]), s["text"]
        assert s["blame_target"] is None or has_target
        # the journalist's own voice carries no stance
        if s["speaker"] is None:
            assert s["labels"] == [], s["text"]


@pytest.mark.parametrize("article_id", IDS)
def test_speakers_are_well_formed_and_consistent(article_id: str) -> None:
    text, doc = _load(article_id)
    seen: dict[str, dict[str, Any]] = {}
    for s in doc["sentences"]:
        sp = s["speaker"]
        if sp is None:
            continue
        assert set(sp) == {"name", "role", "aliases"}, sp
        name, role, aliases = sp["name"], sp["role"], sp["aliases"]
        assert isinstance(name, str) and name == name.strip() and name
        assert not name.lower().startswith("the ") and "(" not in name
        # canonical names, roles and aliases are forms the article itself uses
        assert name in text, name
        assert role is None or (isinstance(role, str) and role in text), role
        assert isinstance(aliases, list) and all(isinstance(a, str) and a in text for a in aliases)
        assert name not in aliases and len(set(aliases)) == len(aliases)
        # one entity, one description throughout the article
        assert seen.setdefault(name, sp) == sp, f"{name} described differently"


@pytest.mark.parametrize("article_id", IDS)
def test_optional_notes_are_text(article_id: str) -> None:
    _, doc = _load(article_id)
    assert set(doc) <= {"article", "coder_note", "sentences"}
    allowed = {"index", "start", "end", "text", "speaker", "labels", "blame_target", "note"}
    for s in doc["sentences"]:
        assert set(s) <= allowed, set(s) - allowed
        assert isinstance(s.get("note", ""), str)
