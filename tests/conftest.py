from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from stance.evaluation import vcr_for
from stance.model import set_backoff
from tests.fakes import KEY, FakeClient
from tests.faultserver import FaultServer

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
EFE = ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt"
GT = ARTICLES / "globaltimes-2023-04-06-mao-ning.txt"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test sees the user's keys, endpoints or cache."""
    for var in list(os.environ):
        if var.startswith(("STANCE_", "OPENAI_")):
            monkeypatch.delenv(var)
    cache = tmp_path / "cache"
    monkeypatch.setenv("STANCE_CACHE_DIR", str(cache))
    # retries happen at once in-process; tests that time the backoff patch it themselves
    set_backoff(lambda state: 0.0)
    yield cache
    set_backoff(None)


@pytest.fixture
def fake() -> FakeClient:
    return FakeClient()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """The fault-injecting OpenAI-compatible server, expecting the key ``tests.fakes.KEY``."""
    with FaultServer(api_key=KEY) as s:
        yield s


@pytest.fixture
def recorder() -> Callable[[bool], Any]:
    """The one VCR configuration, the eval harness's own: requests matched on method,
    path and body; credentials scrubbed before anything is written. ``recorder(True)``
    records, ``recorder(False)`` replays (record mode none)."""
    return vcr_for
