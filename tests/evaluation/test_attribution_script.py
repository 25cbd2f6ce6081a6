"""eval/attribution.py: its breakdown of speaker accuracy by how each speaker was found."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _script() -> Any:
    if "attribution_script" in sys.modules:
        return sys.modules["attribution_script"]
    spec = importlib.util.spec_from_file_location("attribution_script", ROOT / "eval" / "attribution.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_routes_partition_the_gold_sentences_and_their_score() -> None:
    script = _script()
    results = [script.score_doc(d) for d in script.split_docs("dev", ("seeds",))]
    routes = script.by_how(results)
    pred = [p for r in results for p in r.pred]
    overall = script.speaker_scores([g for r in results for g in r.gold], pred)
    assert sum(s.n for s in routes.values()) == overall.n
    assert sum(s.correct for s in routes.values()) == overall.correct
    # the journalist's route is exactly the sentences given no speaker
    assert routes["journalist"].n == sum(p is None for p in pred)
    assert {"direct", "indirect", "continuation"} <= set(routes)
    assert list(routes) == sorted(routes, key=lambda how: -routes[how].n)
