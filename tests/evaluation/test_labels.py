"""The hand labels in fixtures/: offsets, coverage, labels, speakers, the split."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
LABELS = FIXTURES / "labels"
SECOND = FIXTURES / "labels-second"
CODEBOOKS = {"fentanyl-diplomacy": "codebook.toml", "contested-issues": "contested-issues.toml"}

# The seed articles are real published text and must stay byte for byte as published.
SEED_SHA256 = {
    "efe-2023-10-05-mexico-fentanyl": "2378e44393449391f38e084c255d1a156b0ccbec2bd9a90dbd4fb0bc283165d6",
    "globaltimes-2023-04-06-mao-ning": "a8e26a94667202bd8a36c6c16f7750bdd8c59047260ad68e309161d909ab945c",
}

LABEL_FILES = sorted(LABELS.glob("*.json")) + sorted(SECOND.glob("*.json"))
IDS = [f"{p.parent.name}/{p.stem}" for p in LABEL_FILES]

# Sentence-final punctuation directly followed (after an optional closing quote and
# optional spaces) by a capital: a boundary the segmentation rules require a split at.
_UNSPLIT = {
    "en": re.compile(r"[a-z0-9)][.!?][”\"]?\s*[“\"]?[A-Z]"),
    "es": re.compile(r"[a-záéíóúñ0-9)][.!?][”\"»]?\s*[“\"«¿¡]?[A-ZÁÉÍÓÚÑ]"),
    "zh": re.compile(r"[。！？][”」』]*(?=[^”」』\s])"),
}
# Abbreviations (rule 3) are the exception: "Mr. Ortega", "Gov. Smith", "Sr. López".
_ABBREVIATION = re.compile(
    r"(?:^|[\s(“\"])(?:Mr|Ms|Mrs|Dr|St|Sr|Sra|Lic|Gen|Gral|Gov|Sen|Rep|Lt|Col|Adm|Capt|Cmdr|Sgt|Maj|Brig|Hon|Rev|Fr|Pres|Amb|Atty|Sec|Insp|Supt|Messrs|Prof|Jr|No|vs|[A-Z])$"
)
_FINAL = re.compile(r"[.!?。！？…][”\"’'»」』)]*$")


def _codebook(name: str) -> dict[str, Any]:
    with (ROOT / "prompts" / CODEBOOKS[name]).open("rb") as f:
        return tomllib.load(f)


def _load(key: str) -> tuple[str, dict[str, Any]]:
    folder, article_id = key.split("/")
    doc = json.loads((FIXTURES / folder / f"{article_id}.json").read_text(encoding="utf-8"))
    text = (ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8")
    return text, doc


def test_every_article_of_the_split_has_labels_and_seeds_are_unaltered() -> None:
    split = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))["articles"]
    assert sorted(p.stem for p in ARTICLES.glob("*.txt")) == sorted(split)
    assert sorted(p.stem for p in LABELS.glob("*.json")) == sorted(split)
    assert {p.stem for p in SECOND.glob("*.json")} <= set(split)
    for article_id, digest in SEED_SHA256.items():
        assert hashlib.sha256((ARTICLES / f"{article_id}.txt").read_bytes()).hexdigest() == digest


def test_the_split_is_what_the_seeded_script_makes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("split", ROOT / "eval" / "split.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))
    if not module.CORPUS.is_dir():
        pytest.skip("the source corpus is not beside this checkout")
    assert module.split() == committed


@pytest.mark.parametrize("key", IDS)
def test_offsets_match_the_article(key: str) -> None:
    text, doc = _load(key)
    assert doc["article"] == key.split("/")[1]
    for k, s in enumerate(doc["sentences"]):
        assert s["index"] == k
        assert text[s["start"] : s["end"]] == s["text"], s


@pytest.mark.parametrize("key", IDS)
def test_sentences_cover_the_text_in_order(key: str) -> None:
    text, doc = _load(key)
    pos = 0
    for s in doc["sentences"]:
        assert s["start"] >= pos, f"overlap or out of order at {s['index']}"
        assert text[pos : s["start"]].strip() == "", f"uncovered text before {s['index']}"
        assert s["text"] == s["text"].strip() and s["text"], s
        assert "\n" not in s["text"], f"sentence {s['index']} crosses a line break"
        pos = s["end"]
    assert text[pos:].strip() == ""


@pytest.mark.parametrize("key", IDS)
def test_segments_follow_the_boundary_rules(key: str) -> None:
    text, doc = _load(key)
    unsplit = _UNSPLIT[doc["lang"]]
    for s in doc["sentences"]:
        for m in unsplit.finditer(s["text"]):
            before = s["text"][: m.start() + 1]
            assert _ABBREVIATION.search(before), f"unsplit boundary in {s['text']!r}"
        # a segment ends at sentence-final punctuation or at the end of its line
        at_line_end = text[s["end"] :].split("\n", 1)[0].strip() == ""
        numbered_point_next = re.match(r"\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", text[s["end"] :])
        assert _FINAL.search(s["text"]) or at_line_end or numbered_point_next, s["text"]


@pytest.mark.parametrize("key", IDS)
def test_labels_are_in_the_codebook(key: str) -> None:
    _, doc = _load(key)
    codebook = _codebook(doc["codebook"])
    names = {lab["name"] for lab in codebook["labels"]}
    owners = {lab["target"]: lab["name"] for lab in codebook["labels"] if lab.get("target")}
    for s in doc["sentences"]:
        assert set(s["labels"]) <= names, s["labels"]
        assert len(set(s["labels"])) == len(s["labels"])
        assert set(s["targets"]) == set(owners), s["targets"]
        for field, owner in owners.items():
            value = s["targets"][field]
            # a target exactly when its label is given
            has_target = isinstance(value, str) and value.strip() != ""
            assert has_target == (owner in s["labels"]), s["text"]
            assert value is None or has_target
        # the journalist's own voice carries no stance
        if s["speaker"] is None:
            assert s["labels"] == [], s["text"]


@pytest.mark.parametrize("key", IDS)
def test_speakers_are_well_formed_and_consistent(key: str) -> None:
    text, doc = _load(key)
    seen: dict[str, dict[str, Any]] = {}
    for s in doc["sentences"]:
        sp = s["speaker"]
        if sp is None:
            continue
        assert set(sp) == {"name", "role", "kind", "aliases"}, sp
        name, role, aliases = sp["name"], sp["role"], sp["aliases"]
        assert sp["kind"] in ("person", "body", "country"), sp
        assert isinstance(name, str) and name == name.strip() and name
        assert not name.lower().startswith("the ") and "(" not in name
        # canonical names, roles and aliases are forms the article itself uses
        assert name in text, name
        assert role is None or (isinstance(role, str) and role in text), role
        assert isinstance(aliases, list) and all(isinstance(a, str) and a in text for a in aliases)
        assert name not in aliases and len(set(aliases)) == len(aliases)
        # one entity, one description throughout the article
        assert seen.setdefault(name, sp) == sp, f"{name} described differently"


@pytest.mark.parametrize("key", IDS)
def test_file_fields(key: str) -> None:
    text, doc = _load(key)
    assert set(doc) <= {"article", "lang", "codebook", "source", "coder", "coder_note", "sentences"}
    assert doc["lang"] in ("en", "es", "zh") and doc["codebook"] in CODEBOOKS
    assert doc["coder"] == ("B" if key.startswith("labels-second/") else "A")
    assert doc.get("source") is None or doc["source"] in text
    allowed = {"index", "start", "end", "text", "speaker", "labels", "targets", "note"}
    for s in doc["sentences"]:
        assert set(s) <= allowed, set(s) - allowed
        assert isinstance(s.get("note", ""), str)
