"""The API key never reaches output files, the cache, logs or error messages.

A sentinel key goes in through ``OPENAI_API_KEY`` to CLI runs against the fault
server, which echoes the Authorization header it received in its error bodies (as a
careless proxy might) and the key it rejected in its 401. Logging runs at debug
level for every library. Then every byte written and printed is searched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.faultserver import FaultServer, child_env, status

# Not "sk-…": the pattern scrub() also masks cannot rescue this one, only removing
# the configured key itself can.
SENTINEL = "gsk_SENTINEL7f3a9c1e5b2d8a6f4c0e"
ARTICLE = (
    "Mexico does not produce fentanyl, the minister said. "
    "The root cause of the crisis lies within the United States, Mao said. "
    "China is open to cooperation with Mexico.\n"
)
# The CLI with every logger at DEBUG on stderr (the CLI itself sets WARNING).
_DEBUG_CLI = (
    "import logging, sys\n"
    "import stance.cli as cli\n"
    "cli._setup_logging = lambda *a, **k: None\n"
    "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format='%(name)s %(levelname)s %(message)s')\n"
    "sys.argv[0] = 'stance'\n"
    "cli.main()\n"
)


def _stance(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = child_env(OPENAI_API_KEY=SENTINEL, OPENAI_LOG="debug", STANCE_CACHE_DIR=str(cwd / "cache"))
    return subprocess.run(
        [sys.executable, "-c", _DEBUG_CLI, "classify", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=60,
    )


def test_the_key_appears_in_no_file_log_or_message(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    with FaultServer(api_key=SENTINEL, echo_auth=True) as server:
        opts = ["--base-url", server.url, "--model", "m", "--max-retries", "1", "--timeout", "5"]
        server.on("root cause", status(500))  # its error text carries the echoed header
        first = _stance(str(article), "-o", "out.jsonl", *opts, cwd=tmp_path)
        assert first.returncode == 1, first.stderr
        server.clear()
        second = _stance(str(article), "-o", "out.csv", *opts, cwd=tmp_path)
        assert second.returncode == 0, second.stderr
        sent = {r.headers.get("authorization") for r in server.log}
    assert sent == {f"Bearer {SENTINEL}"}  # the key really was in use

    with FaultServer(api_key="sk-" + "the-right-one-000000") as other:
        rejected = _stance(
            str(article), "-o", "rejected.jsonl", "--base-url", other.url, "--model", "m",
            "--concurrency", "1", cwd=tmp_path,
        )
        assert rejected.returncode == 2
        assert other.received == 1 and SENTINEL in json.dumps(other.log[0].headers)

    printed = [p.stdout + p.stderr for p in (first, second, rejected)]
    # the runs did what is being checked: errors, records, cache and debug logs exist
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert "HTTP 500" in (records[1]["error"] or "") and "Bearer ***" in records[1]["error"]
    assert "authentication failed" in rejected.stderr
    assert "DEBUG" in printed[0] and "HTTP Request: POST" in printed[0]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != article]
    assert {"out.jsonl", "out.csv", "cache.db"} <= {p.name for p in written}

    needle = SENTINEL.encode()
    leaks = [str(p.relative_to(tmp_path)) for p in written if needle in p.read_bytes()]
    leaks += [f"output of run {i}" for i, text in enumerate(printed) if SENTINEL in text]
    assert leaks == []
