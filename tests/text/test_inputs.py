"""Reading a JSONL corpus: the fields a line may carry besides its text."""

from __future__ import annotations

import json
from pathlib import Path

from stance.text import iter_articles


def test_jsonl_source_and_lang_reach_the_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        {"id": "release", "text": "We act today.", "source": "Ministry of Health", "lang": "en"},
        {"id": "news", "text": "Officials met."},
        {"id": "blank-source", "text": "Officials met.", "source": "  "},
    ]
    corpus.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    got = {a.id: (a.source, a.lang) for a in iter_articles([str(corpus)])}
    assert got == {
        "release": ("Ministry of Health", "en"),
        "news": (None, None),
        "blank-source": (None, None),
    }
