"""Bad input through the CLI: a one-line error on stderr and exit 2, never a traceback;
pieces of a corpus that cannot be read are skipped and reported while the rest is
classified; large inputs stream in bounded memory."""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stance.cli import cli
from stance.pipeline import MAX_SENTENCE_CHARS
from stance.text import MAX_ARTICLE_BYTES
from tests.fakes import KEY
from tests.faultserver import CLOSE, FaultServer, child_env, hang

ARTICLE = "Mexico does not produce fentanyl, the minister said. China is open to cooperation with Mexico.\n"



def run(server: FaultServer | None, *args: str, stdin: bytes | None = None, **env: str) -> Result:
    url = server.url if server else "http://127.0.0.1:9/v1"
    opts = ["--base-url", url, "--model", "m", "--max-retries", "1", "--concurrency", "1"]
    env = {"OPENAI_API_KEY": KEY, **env}
    return CliRunner().invoke(cli, ["classify", *args, *opts], input=stdin, env=env)


def one_line_error(result: Result, *fragments: str) -> str:
    """Exit 2 and exactly one stderr line, an ``error:`` that names the problem."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


# -- paths and files -----------------------------------------------------------------------


def test_missing_path(server: FaultServer, tmp_path: Path) -> None:
    one_line_error(run(server, str(tmp_path / "nope.txt")), "no such file or directory", "nope.txt")
    assert server.received == 0


def test_directory_without_text_files(server: FaultServer, tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    one_line_error(run(server, str(tmp_path)), "no text files", str(tmp_path))


def test_mixed_directory_skips_other_files_with_a_warning(server: FaultServer, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run(server, str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "skipping 1 file(s) that are not text" in result.stderr and "photo.png" in result.stderr
    assert [r["labels"] for r in records(result)] == [["denies_production"], ["offers_cooperation"]]


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n   \n"], ids=["empty", "whitespace"])
def test_empty_file(server: FaultServer, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    one_line_error(run(server, str(path)), "is empty", str(path))


def test_an_empty_file_stops_a_directory_run_before_any_request(server: FaultServer, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    one_line_error(run(server, str(tmp_path)), "b.txt is empty")
    assert server.received == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "looks like a binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF, not text"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip-compressed"),
        # no NUL byte at all: caught by its control characters after decoding
        (bytes(b for b in random.Random(5).randbytes(4000) if b not in (0, 0x81, 0x8D, 0x8F, 0x90, 0x9D)), "looks like a binary file"),
    ],
    ids=["png", "pdf", "gzip", "random-bytes"],
)
def test_binary_file(server: FaultServer, tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    one_line_error(run(server, str(path)), says)


def test_windows_1252_text_is_read_with_a_warning_naming_the_byte(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Mexico’s minister said the café does not produce fentanyl.\n".encode("cp1252"))
    result = run(server, str(path))
    assert result.exit_code == 0, result.output
    assert "is not UTF-8 (byte 0x92 at offset 6); read it as Windows-1252" in result.stderr
    assert records(result)[0]["text"] == "Mexico’s minister said the café does not produce fentanyl."


def test_undecodable_text_names_the_byte(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Mexico does not produce fentanyl \x81 at all.\n")
    one_line_error(run(server, str(path)), "is not UTF-8 text (byte 0x81 at offset 33)")


def test_utf16_with_a_byte_order_mark_is_read(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    result = run(server, str(path))
    assert result.exit_code == 0, result.output
    assert [r["labels"] for r in records(result)] == [["denies_production"], ["offers_cooperation"]]


def test_html_is_reduced_to_its_visible_text(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>Site</title><script>var s = 'China offers cooperation.';</script>"
        "<style>p { color: red }</style></head><body><nav><a href='/'>Home</a></nav>"
        "<p>Mexico does not produce fentanyl, the minister&nbsp;said.</p>"
        "<p>China is open to <b>cooperation</b> with Mexico.</p></body></html>",
        encoding="utf-8",
    )
    result = run(server, str(path))
    assert result.exit_code == 0, result.output
    texts = [r["text"] for r in records(result)]
    assert texts[-2:] == ["Mexico does not produce fentanyl, the minister said.", "China is open to cooperation with Mexico."]
    assert not any("<" in t or "var s" in t or "color" in t for t in texts)


def test_html_without_text(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><script>alert(1)</script></head><body> </body></html>", encoding="utf-8")
    one_line_error(run(server, str(path)), "is empty (no text in the HTML)")


# -- size --------------------------------------------------------------------------------


def test_an_enormous_text_file_is_refused_before_any_work(server: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    line = b"Mexico does not produce fentanyl, the minister said.\n"
    path.write_bytes(line * (MAX_ARTICLE_BYTES // len(line) + 10_000))
    message = one_line_error(run(server, str(path)), "one article may be at most 5 MB", "JSONL")
    assert "book.txt is 5.5 MB" in message
    assert server.received == 0


def test_enormous_standard_input_is_refused(server: FaultServer) -> None:
    one_line_error(run(server, "-", stdin=b"a. " * (MAX_ARTICLE_BYTES // 3 + 10)), "stdin is over 5 MB")


def test_a_sentence_too_long_to_send_is_recorded_and_the_rest_proceeds(server: FaultServer, tmp_path: Path) -> None:
    """Decided: a "sentence" over MAX_SENTENCE_CHARS (text without sentence punctuation)
    is not sent; its record carries the error, the rest is classified, and the exit
    status is 2 (bad input: a rerun would not help)."""
    blob = " ".join(["fentanyl"] * 5_600)  # 50 kB, no full stop
    path = tmp_path / "a.txt"
    path.write_text(
        f"Mexico does not produce fentanyl, the minister said.\n\n{blob}\n\n"
        "China is open to cooperation with Mexico.\n",
        encoding="utf-8",
    )
    result = run(server, str(path))
    assert result.exit_code == 2, result.output
    out = records(result)
    assert [r["labels"] for r in out] == [["denies_production"], [], ["offers_cooperation"]]
    assert out[1]["error"].startswith(f"sentence too long: {len(blob):,} characters, over the {MAX_SENTENCE_CHARS:,} limit")
    assert out[1]["text"] == blob and out[0]["error"] is None and out[2]["error"] is None
    assert "error: 1 sentence(s) longer than 5,000 characters were not sent" in result.stderr
    assert server.received == 2 and server.count(blob[:100]) == 0
    # the neighbours' requests carry a bounded excerpt of it, not all 50 kB
    assert all(len(json.dumps(r.body)) < 20_000 for r in server.log)


def test_jsonl_streams_in_bounded_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    text = "Mexico does not produce fentanyl, the minister said. " * 200  # ~10 kB an article
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(6_000):
            fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    size_mb = corpus.stat().st_size / 1e6
    script = (
        "import resource, sys\n"
        "from stance.text import iter_articles\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in iter_articles([sys.argv[1]]))\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(n, (after - before) / 1024)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(corpus)], env=child_env(), capture_output=True, text=True, timeout=60)
    n, grew_mb = proc.stdout.split()
    assert int(n) == 6_000
    assert size_mb > 50 and float(grew_mb) < 10, (size_mb, grew_mb)


def test_an_over_long_jsonl_line_is_skipped(server: FaultServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": "x " * (MAX_ARTICLE_BYTES // 2 + 10)}) + "\n")
        fh.write(json.dumps({"id": "ok", "text": ARTICLE}) + "\n")
    result = run(server, str(corpus))
    assert result.exit_code == 2
    assert [r["article"] for r in records(result)] == ["ok", "ok"]
    assert "corpus.jsonl line 1 is over 5 MB" in result.stderr


# -- JSONL -------------------------------------------------------------------------------


def test_malformed_jsonl_lines_are_skipped_reported_and_exit_2(server: FaultServer, tmp_path: Path) -> None:
    """Decided: one bad line must not stop (or lose) a corpus run; every good line is
    classified and written, each bad one is named, and the exit status is 2."""
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "first", "text": ARTICLE}),
        '{"id": "broken", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text", "body": ARTICLE}),
        json.dumps({"id": "last", "text": ARTICLE}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(server, str(corpus))
    assert result.exit_code == 2, result.output
    assert [r["article"] for r in records(result)] == ["first", "first", "last", "last"]
    assert "line 2: invalid JSON" in result.stderr
    assert 'line 3: expected an object with a "text" string' in result.stderr
    assert 'line 4: expected an object with a "text" string' in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: 3 malformed input line(s) skipped; the first: ") and "line 2" in last
    assert "Traceback" not in result.output


@pytest.mark.parametrize("field", ["text", "id", "date"])
def test_a_lone_surrogate_skips_its_line_only(server: FaultServer, tmp_path: Path, field: str) -> None:
    """JSON can escape half of a UTF-16 pair ("\\ud800"), which is no character at all and
    cannot be written as UTF-8: that line is skipped and named; the lines around it are
    classified, written and cached."""
    corpus = tmp_path / "corpus.jsonl"
    bad = {"id": "bad", "text": ARTICLE, "date": "2023-10-05"}
    bad[field] = bad[field][:6] + "\ud800" + bad[field][6:]
    lines = [
        json.dumps({"id": "first", "text": ARTICLE}),
        json.dumps(bad, ensure_ascii=True).replace("\\\\ud800", "\\ud800"),
        json.dumps({"id": "last", "text": "China does not produce fentanyl, Mao said."}),
    ]
    assert "\\ud800" in lines[1] and "\\\\ud800" not in lines[1]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(server, str(corpus))
    assert result.exit_code == 2, result.output
    assert [r["article"] for r in records(result)] == ["first", "first", "last"]
    assert all(r["error"] is None for r in records(result))
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: 1 malformed input line(s) skipped") and f"line 2: {field!r}" in last
    assert "surrogate" in last and "Traceback" not in result.output
    asked = server.received
    assert run(server, str(corpus)).exit_code == 2 and server.received == asked  # all cached


def test_a_jsonl_file_with_no_valid_line(server: FaultServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("id,text\n1,Mexico does not produce fentanyl\n", encoding="utf-8")
    result = run(server, str(corpus))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == "error: " + f"{corpus} has no articles with text (2 malformed lines)"
    assert server.received == 0


# -- codebooks ---------------------------------------------------------------------------


def _codebook(tmp_path: Path, body: str) -> str:
    path = tmp_path / "codebook.toml"
    path.write_text(body, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "Offers Cooperation"\ndefinition = "d"\n', "must be a lowercase identifier"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "rationale"\ndefinition = "d"\n', "labels.0.name: 'rationale' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ntarget = "id"\n', "labels.0.target: 'id' is reserved"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\n[[labels]]\nname = "a"\ndefinition = "e"\n', "duplicate label"),
        ('name = "x"\nversion = "1"\nlabels = []\n', "labels"),
        ('name = "x"\nversion = "1"\n[[labels]]\nname = "a"\ndefinition = "d"\ncolour = "red"\n', "colour"),
    ],
    ids=["label-not-an-identifier", "reserved-label", "reserved-target", "duplicate-label", "no-labels", "unknown-field"],
)
def test_unknown_or_invalid_codebook_labels(server: FaultServer, tmp_path: Path, body: str, says: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    one_line_error(run(server, str(article), "--codebook", _codebook(tmp_path, body)), "invalid codebook", says)
    assert server.received == 0


@pytest.mark.parametrize(
    ("body", "says"),
    [("this is [not toml", "invalid codebook"), (None, "codebook not found"), ("\udcff", "not UTF-8")],
    ids=["not-toml", "missing", "not-utf8"],
)
def test_invalid_codebook_file(server: FaultServer, tmp_path: Path, body: str | None, says: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "codebook.toml"
    if body is not None:
        path.write_bytes(body.encode("utf-8", "surrogateescape"))
    one_line_error(run(server, str(article), "--codebook", str(path)), says)


# -- endpoint ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "localhost:8000/v1", "ftp://example.com/v1", "http://", "http://[bad/v1",
        "http://127.0.0.1:99999/v1", "http://local host/v1",
    ],
)
def test_malformed_base_url(tmp_path: Path, url: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["classify", str(article), "--base-url", url, "--model", "m"])
    one_line_error(result, "invalid base URL")


def test_unreachable_base_url(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["classify", str(article), "--base-url", f"http://127.0.0.1:{port}/v1", "--model", "m", "--max-retries", "1"]
    )
    one_line_error(result, f"endpoint http://127.0.0.1:{port}/v1 unreachable after 2 attempts", "--base-url")


def test_endpoint_that_never_answers_is_named_as_timed_out(server: FaultServer, tmp_path: Path) -> None:
    server.on("", hang(5.0))  # accepts every connection, answers nothing
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run(server, str(article), "--timeout", "0.2")
    one_line_error(result, f"endpoint {server.url} timed out after 2 attempts")


def test_endpoint_that_closes_the_connection_is_named_so(server: FaultServer, tmp_path: Path) -> None:
    server.on("", CLOSE)  # reads every request, then hangs up without an answer
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run(server, str(article))
    line = one_line_error(result, f"endpoint {server.url} closed the connection after 2 attempts", "--base-url")
    assert "timed out" not in line


def test_wrong_api_key_is_named_and_not_retried(server: FaultServer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run(server, str(article), OPENAI_API_KEY="sk-" + "wrong-0123456789abcdef")
    line = one_line_error(result, "authentication failed", "HTTP 401", "OPENAI_API_KEY")
    assert "sk-wrong" not in result.output and "sk-wrong" not in line
    assert server.received == 1
