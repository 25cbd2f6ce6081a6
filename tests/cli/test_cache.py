"""``stance cache``: clearing asks first (and refuses when it cannot ask), looking
creates nothing, an unreadable cache can still be cleared, and no warning advises
throwing paid answers away."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.pipeline import AnswerCache
from tests.fakes import KEY
from tests.faultserver import FaultServer

ARTICLE = "Mexico does not produce fentanyl, the minister said. China is open to cooperation with Mexico.\n"


def _filled(tmp_path: Path, n: int = 3) -> Path:
    directory = tmp_path / "cache"
    cache = AnswerCache(directory)
    for i in range(n):
        cache.set(f"k{i}", {"labels": []})
    cache.close()
    return directory


def _entries(directory: Path) -> int:
    cache = AnswerCache(directory)
    n = int(cache.stats()["entries"])
    cache.close()
    return n


def test_clear_without_a_terminal_to_ask_on_refuses_without_yes(tmp_path: Path) -> None:
    directory = _filled(tmp_path)
    result = CliRunner().invoke(cli, ["cache", "clear", "--cache-dir", str(directory)], input="y\n")  # piped stdin
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: not clearing {directory} without confirmation: there is no terminal to ask on; pass --yes"
    ]
    assert _entries(directory) == 3
    result = CliRunner().invoke(cli, ["cache", "clear", "--cache-dir", str(directory), "--yes"])
    assert result.exit_code == 0 and result.stdout == f"removed 3 entries from {directory}\n"
    assert _entries(directory) == 0


def test_stats_on_a_missing_directory_creates_nothing(tmp_path: Path) -> None:
    directory = tmp_path / "nowhere" / "cache"
    result = CliRunner().invoke(cli, ["cache", "stats", "--cache-dir", str(directory)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"directory: {directory}\nentries:   0 (no cache there yet)\n"
    assert not (tmp_path / "nowhere").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(cli, ["cache", "stats", "--cache-dir", str(empty)]).exit_code == 0
    assert list(empty.iterdir()) == []  # no database made in someone's directory either


def test_an_unreadable_cache_is_cleared_and_nothing_else_is(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / "cache.db").write_bytes(b"this is not a database " * 500)
    (directory / "notes.txt").write_text("mine\n")
    stats = CliRunner().invoke(cli, ["cache", "stats", "--cache-dir", str(directory)])
    assert stats.exit_code == 2 and stats.stderr.startswith(f"error: the cache at {directory} cannot be read: ")
    result = CliRunner().invoke(cli, ["cache", "clear", "--cache-dir", str(directory), "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"removed the unreadable cache from {directory}\n"
    assert [p.name for p in directory.iterdir()] == ["notes.txt"]
    assert _entries(directory) == 0  # and a fresh cache opens there


@pytest.mark.parametrize("damage", ["garbage-database", "file-not-directory"])
def test_cache_warnings_never_advise_throwing_answers_away(server: FaultServer, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    if damage == "garbage-database":
        cache.mkdir()
        (cache / "cache.db").write_bytes(b"this is not a database " * 500)
    else:
        cache.write_text("I am a file\n")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(  # the directory through the environment: --cache-dir refuses a file itself
        cli, ["classify", str(article), "--format", "jsonl", "--base-url", server.url, "--model", "m"],
        env={"OPENAI_API_KEY": KEY, "STANCE_CACHE_DIR": str(cache)},
    )
    assert result.exit_code == 0, result.output
    warning = result.stderr.strip().splitlines()[0]
    assert warning.startswith(f"WARNING: cache at {cache} unusable") and "not cached this run" in warning
    assert not any(word in warning for word in ("delete", "remove", "clear"))
