from __future__ import annotations

import os
from pathlib import Path

import pytest

from stance import llm
from tests.fakes import FakeClient

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
EFE = ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt"
GT = ARTICLES / "globaltimes-2023-04-06-mao-ning.txt"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test sees the user's keys, endpoints or cache."""
    for var in list(os.environ):
        if var.startswith(("STANCE_", "OPENAI_")):
            monkeypatch.delenv(var)
    cache = tmp_path / "cache"
    monkeypatch.setenv("STANCE_CACHE_DIR", str(cache))
    # retries happen at once in-process; tests that time the backoff patch it themselves
    monkeypatch.setattr(llm, "_backoff", lambda state: 0.0)
    return cache


@pytest.fixture
def fake() -> FakeClient:
    return FakeClient()
