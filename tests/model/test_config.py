from __future__ import annotations

from pathlib import Path

import pytest

from stance.config import resolve_settings
from stance.errors import ConfigError


def test_explicit_beats_environment_beats_default() -> None:
    env = {"STANCE_MODEL": "env-model", "OPENAI_BASE_URL": "http://env:1/v1", "STANCE_CONCURRENCY": "9"}
    s = resolve_settings(env=env)
    assert (s.model, s.base_url, s.concurrency) == ("env-model", "http://env:1/v1", 9)
    s = resolve_settings(env=env, model="arg-model", concurrency=2)
    assert (s.model, s.concurrency) == ("arg-model", 2)
    assert resolve_settings(env={}).concurrency == 4 and resolve_settings(env={}).embedded


def test_stance_variables_win_over_openai_ones() -> None:
    s = resolve_settings(env={"STANCE_BASE_URL": "http://a/v1", "OPENAI_BASE_URL": "http://b/v1"})
    assert s.base_url == "http://a/v1"


def test_environment_is_read_at_call_time_not_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANCE_MODEL", "late")
    assert resolve_settings().model == "late"


def test_key_is_secret_and_endpoint_id_has_no_credentials() -> None:
    s = resolve_settings(env={"OPENAI_API_KEY": "sk-" + "test-abcdefghijklmnop", "OPENAI_BASE_URL": "https://user:pw@host.example:8443/v1/"})
    assert "sk-test" not in repr(s) and "sk-test" not in s.model_dump_json()
    assert s.endpoint_id == "https://host.example:8443/v1"


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host/v1", "http://", "not a url"])
def test_bad_base_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="invalid base URL"):
        resolve_settings(env={}, base_url=url)


@pytest.mark.parametrize("url", ["http://host.test/v1?api-key=sk-hidden-123456", "http://host.test/v1#frag", "http://host.test/v1?"])
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str) -> None:
    """It would be mangled into every request's path (and the query echoed in errors)."""
    with pytest.raises(ConfigError) as info:
        resolve_settings(env={}, base_url=url)
    assert str(info.value) == (
        "invalid base URL 'http://host.test/v1': it has a query string or fragment (?… or #…), "
        "which an OpenAI-compatible base URL does not take"
    )
    with pytest.raises(ConfigError, match="query string"):
        resolve_settings(env={"OPENAI_BASE_URL": url})


def test_invalid_numbers_are_one_line_errors() -> None:
    with pytest.raises(ConfigError, match="concurrency"):
        resolve_settings(env={"STANCE_CONCURRENCY": "lots"})
    with pytest.raises(ConfigError, match="concurrency"):
        resolve_settings(env={}, concurrency=0)


def test_cache_dir_and_no_cache(tmp_path: Path) -> None:
    s = resolve_settings(env={"STANCE_CACHE_DIR": str(tmp_path), "STANCE_NO_CACHE": "1"})
    assert s.cache_dir == tmp_path and s.no_cache
