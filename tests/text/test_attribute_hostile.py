"""Attribution stays close to linear time on hostile text: long runs, many roles,
unnamed bodies, huge transcripts."""

from __future__ import annotations

import time

import pytest

from stance.text import attribute_text, segment

HOSTILE = {
    "one line of 5,000 short sentences": "He said. " * 5_000,
    "5,000 role mentions after 1,000 named people": (
        " ".join(f"Name{i} Person{i}, a minister, said it." for i in range(1_000))
        + " The minister said so." * 5_000
    ),
    "a 100 kB capitalised run": " ".join(["Mexico Said Fentanyl Ministry"] * 3_500) + ".",
    "a 100 kB word": "x" * 100_000 + ". Y said so.",
    "parentheses everywhere": "(DEA) " * 10_000,
    "unbalanced quotes": "“A said, “B " * 3_000 + ".",
    "5,000 unnamed bodies and roles": "The embassy said it. A spokesperson said so. " * 2_500,
    "a transcript of 5,000 turns": "QUESTION: Why, Nora?\nSECRETARY SMITH: Because, Nora.\n" * 2_500,
    "5,000 titled surnames": " ".join(f"Minister Name{i} spoke." for i in range(2_500))
    + " The minister said it." * 2_500,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_takes_linear_time(text: str) -> None:
    """Each takes a fraction of a second; a quadratic step would take tens of seconds."""
    t0 = time.perf_counter()
    got = attribute_text(text)
    assert time.perf_counter() - t0 < 3.0
    assert [(s.start, s.end) for s in got] == [(s.start, s.end) for s in segment(text)]
