"""Output that cannot be written: a full disk is a one-line error with its own exit
status, never half a record, and nothing already answered is paid for twice."""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.errors import ExitCode
from tests.fakes import KEY
from tests.faultserver import FaultServer, child_env, stance_command

ARTICLE = "Mexico does not produce fentanyl, the minister said. China is open to cooperation with Mexico.\n"
FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.is_char_device(), reason="no /dev/full on this system")


def _corpus(tmp_path: Path, n: int = 3) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"a{i}", "text": f"Case {i}: {ARTICLE}"}) + "\n" for i in range(n)),
        encoding="utf-8",
    )
    return corpus


def _opts(server: FaultServer) -> list[str]:
    return ["--base-url", server.url, "--model", "m", "--concurrency", "1", "--max-retries", "1"]


@needs_dev_full
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_full_disk_is_exit_4_and_a_rerun_pays_for_nothing_twice(server: FaultServer, tmp_path: Path, fmt: str) -> None:
    corpus = _corpus(tmp_path)
    total = 6
    first = CliRunner().invoke(
        cli, ["classify", str(corpus), "-o", str(FULL), "--format", fmt, *_opts(server)], env={"OPENAI_API_KEY": KEY}
    )
    assert first.exit_code == ExitCode.OUTPUT == 4, first.output
    assert first.stderr.strip().splitlines() == [
        "error: cannot write /dev/full: no space left on device; "
        "the answers received are cached: rerun the same command once it can be written"
    ]
    asked = server.received
    assert asked >= 1
    server.reset_counts()
    out = tmp_path / "out.jsonl"
    again = CliRunner().invoke(cli, ["classify", str(corpus), "-o", str(out), *_opts(server)], env={"OPENAI_API_KEY": KEY})
    assert again.exit_code == 0, again.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    cached = sum(r["cached"] for r in records)
    assert len(records) == total and server.received == total - cached
    # the run stopped at the first record it could not write; every answer it had
    # received comes from the cache (with --concurrency 1, one request may have been
    # in flight when it stopped)
    assert asked - 1 <= cached <= asked < total


@needs_dev_full
def test_standard_output_on_a_full_disk_is_one_line(server: FaultServer, tmp_path: Path) -> None:
    argv = stance_command("classify", str(_corpus(tmp_path)), "--format", "jsonl", *_opts(server))
    env = child_env(OPENAI_API_KEY=KEY, STANCE_CACHE_DIR=str(tmp_path / "cache"))
    with FULL.open("w") as full:
        proc = subprocess.run(argv, env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 4
    assert proc.stderr.strip().splitlines() == [
        "error: cannot write standard output: no space left on device; "
        "the answers received are cached: rerun the same command once it can be written"
    ]


def _limited(server: FaultServer, tmp_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Classify with a file-size limit standing in for a small disk: the write that
    crosses it is cut short, the next one fails, as on a filesystem that fills up."""
    argv = stance_command("classify", str(_corpus(tmp_path, 6)), "-o", str(out), "--no-cache", *_opts(server))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    return subprocess.run(
        argv, env=child_env(OPENAI_API_KEY=KEY), capture_output=True, text=True, timeout=60, preexec_fn=limit
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_file_that_cannot_grow_keeps_only_whole_records(server: FaultServer, tmp_path: Path, fmt: str) -> None:
    """A write that fills the disk mid-record leaves no half line: the file ends with
    the last complete record."""
    out = tmp_path / f"out.{fmt}"
    proc = _limited(server, tmp_path, out)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"error: cannot write {out}: file too large"]
    data = out.read_bytes()
    assert 0 < len(data) <= 1500 and data.endswith(b"\n")
    lines = data.decode().splitlines()
    if fmt == "jsonl":
        assert all(json.loads(line)["error"] is None for line in lines)
    else:
        rows = list(csv.reader(lines))
        assert rows[0][:5] == ["article", "index", "start", "end", "text"]
        assert all(len(row) == len(rows[0]) and row[-3] == "" for row in rows[1:])  # no error
    assert 1 <= len(lines) < 12
    assert os.path.getsize(out) == len(data)


def test_a_report_that_cannot_be_written_leaves_the_old_one(server: FaultServer, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("old report", encoding="utf-8")
    proc = _limited(server, tmp_path, out)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"error: cannot write {out}: file too large"]
    assert out.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "report.html"]  # no temp file left


def test_every_output_carries_the_codebooks_own_target(tmp_path: Path) -> None:
    """With a codebook whose target is ``culprit``: JSONL carries it in ``targets`` and
    nothing of the default codebook; the CSV has a ``culprit`` column; the table shows it."""
    from stance.types import Record
    from tests.fakes import sentence_of

    def answer(request: dict[str, object]) -> dict[str, object]:
        blames = "fault" in sentence_of(request)
        return {"rejects_accusation": False, "assigns_blame": blames, "culprit": "the oil firms" if blames else None,
                "seeks_cooperation": False, "rationale": "r"}

    article = tmp_path / "a.txt"
    article.write_text("It is the fault of the oil firms, she said. Talks ended.\n", encoding="utf-8")
    with FaultServer(api_key=KEY, answer=answer) as server:
        outs = {}
        for fmt in ("jsonl", "csv", "table"):
            res = CliRunner().invoke(
                cli, ["classify", str(article), "--codebook", "contested-issues", "--format", fmt, "-q", *_opts(server)],
                env={"OPENAI_API_KEY": KEY, "COLUMNS": "120"},
            )
            assert res.exit_code == 0, res.output
            outs[fmt] = res.stdout
    lines = [json.loads(line) for line in outs["jsonl"].splitlines()]
    assert [set(r) for r in lines] == [set(Record.model_fields)] * 2
    assert [r["targets"] for r in lines] == [{"culprit": "the oil firms"}, {"culprit": None}]
    assert "blame_target" not in outs["jsonl"]
    rows = list(csv.DictReader(outs["csv"].splitlines()))
    assert [r["culprit"] for r in rows] == ["the oil firms", ""] and "blame_target" not in rows[0]
    assert "the oil firms" in outs["table"]


def test_standard_output_appended_to_is_never_cut_back(server: FaultServer, tmp_path: Path) -> None:
    """``>> results.jsonl`` on a disk that fills up: what was in the file before stays
    (standard output is not stance's to cut back, unlike a file given with -o)."""
    out = tmp_path / "results.jsonl"
    before = b'{"article": "earlier run"}\n' * 20
    out.write_bytes(before)
    argv = stance_command("classify", str(_corpus(tmp_path, 6)), "--format", "jsonl", "--no-cache", *_opts(server))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    fd = os.open(out, os.O_WRONLY | os.O_APPEND)  # as a shell opens it for >>: at offset 0
    try:
        proc = subprocess.run(argv, env=child_env(OPENAI_API_KEY=KEY), stdout=fd, stderr=subprocess.PIPE,
                              text=True, timeout=60, preexec_fn=limit)
    finally:
        os.close(fd)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.strip().splitlines() == ["error: cannot write standard output: file too large"]
    data = out.read_bytes()
    assert data.startswith(before)
    assert len(data) == 1500  # nothing cut back: not even the run's own last, partial line
