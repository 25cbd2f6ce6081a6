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
    "5,000 headlines with a role before a colon": "Envoy: talks go on\n" * 5_000,
    "2,000 roles named in the next sentence": " ".join(
        f"The envoy told reporters it was over. “No,” Ann Bee{i} said." for i in range(2_000)
    ),
    "5,000 figures from bodies": "Data from the Statistics Office and the Finance Ministry " * 5_000 + "showed it.",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_takes_linear_time(text: str) -> None:
    """Each takes a fraction of a second; a quadratic step would take tens of seconds."""
    t0 = time.perf_counter()
    got = attribute_text(text)
    assert time.perf_counter() - t0 < 3.0
    assert [(s.start, s.end) for s in got] == [(s.start, s.end) for s in segment(text)]


HOSTILE_LANG = {
    "Spanish: one line of 20,000 verbs": ("es", "dijo " * 20_000),
    "Spanish: 10,000 según": ("es", "Según " * 10_000),
    "Spanish: 3,000 dialogue dashes": ("es", " —dijo el ministro— " * 3_000),
    "Spanish: 5,000 appositions": ("es", "el secretario, " * 5_000 + "dijo."),
    "Spanish: a 20,000-line broken sentence": ("es", "Uno dijo.\n" + "y el secretario\n" * 20_000 + "dijo."),
    "Chinese: one line of 20,000 verbs": ("zh", "表示" * 20_000),
    "Chinese: 5,000 titles before one verb": ("zh", "外交部发言人" * 5_000 + "表示。"),
    "Chinese: 10,000 sides speaking": ("zh", "中方称" * 10_000),
    "Chinese: 5,000 relays": ("zh", "据新华社" * 5_000 + "报道。"),
    "Chinese: 2,000 lead-ins": ("zh", "原文如下：\n" * 2_000),
    "Chinese: a transcript of 5,000 turns": ("zh", "问：为什么？\n答：因为。\n" * 2_500),
    "Chinese: 5,000 notices": ("zh", "商务部发布「关于出口的通告」。通告要求，企业守法。" * 2_500),
    "Spanish: 5,000 published documents": ("es", "La embajada publicó un comunicado donde " * 5_000 + "dijo."),
}


@pytest.mark.parametrize(("lang", "text"), HOSTILE_LANG.values(), ids=HOSTILE_LANG.keys())
def test_hostile_spanish_and_chinese_take_linear_time(lang: str, text: str) -> None:
    t0 = time.perf_counter()
    got = attribute_text(text, lang=lang)
    assert time.perf_counter() - t0 < 3.0
    assert [(s.start, s.end) for s in got] == [(s.start, s.end) for s in segment(text, lang=lang)]
