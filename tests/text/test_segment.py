"""Sentence segmentation: the wire-copy rules, the seed articles, the passage set."""

from __future__ import annotations

import importlib
import re
from functools import partial

import pytest

from stance.text import segment
from stance.text._segment import _candidate_ends
from tests.attribution_scoring import ROOT, load_passages, load_seeds, score

ARTICLES = ROOT / "fixtures" / "articles"
EFE = (ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt").read_text(encoding="utf-8")
GT = (ARTICLES / "globaltimes-2023-04-06-mao-ning.txt").read_text(encoding="utf-8")


def texts(text: str) -> list[str]:
    return [s.text for s in segment(text)]


# (text, expected sentences)
CASES = {
    "no space after full stop": (
        "Mao said so.According to Mao, talks continue.",
        ["Mao said so.", "According to Mao, talks continue."],
    ),
    "no space before a sign-off": (
        "Mao added that ties were good.Global Times",
        ["Mao added that ties were good.", "Global Times"],
    ),
    "dateline stays with its sentence": (
        "Mexico City, Oct 5 (EFE).- During the talks, Mexico insisted. It was clear.",
        ["Mexico City, Oct 5 (EFE).- During the talks, Mexico insisted.", "It was clear."],
    ),
    "agency dateline with a dash": (
        "BOGOTA (AP) — The minister met Mr. Thompson, the U.S. ambassador, on Friday.",
        ["BOGOTA (AP) — The minister met Mr. Thompson, the U.S. ambassador, on Friday."],
    ),
    "titles and months": (
        "Gov. Gavin Newsom met Dr. Ana Ruiz on Jan. 5 in St. Louis. They talked.",
        ["Gov. Gavin Newsom met Dr. Ana Ruiz on Jan. 5 in St. Louis.", "They talked."],
    ),
    "U.S. mid-sentence and at the end": (
        "The U.S. Treasury acted. The drugs were made in the U.S. The company denied it.",
        ["The U.S. Treasury acted.", "The drugs were made in the U.S.", "The company denied it."],
    ),
    "initials": (
        "US Commerce Secretary Thomas J. Keller spoke. Keller left.",
        ["US Commerce Secretary Thomas J. Keller spoke.", "Keller left."],
    ),
    "decimals and thousands": (
        "It seized 1,435.6 tons and 7.6 tons. Prices rose 3.2%.",
        ["It seized 1,435.6 tons and 7.6 tons.", "Prices rose 3.2%."],
    ),
    "No. before a number, and No. as an answer": (
        "“Is it for sale? No. It lives at No. 10 Downing St. in London.”",
        ["“Is it for sale?", "No.", "It lives at No. 10 Downing St. in London.”"],
    ),
    "etc. mid-sentence": (
        "Precursors for cosmetics, pharmaceuticals, etc., take an illegal path.",
        ["Precursors for cosmetics, pharmaceuticals, etc., take an illegal path."],
    ),
    "closing quote belongs to the sentence it closes": (
        "She noted, “Mexico does not produce precursors. That is very clear.” “They arrive by sea,” she said.",
        [
            "She noted, “Mexico does not produce precursors.",
            "That is very clear.”",
            "“They arrive by sea,” she said.",
        ],
    ),
    "straight quotes": (
        '"China opposes drugs. We have strict controls," the embassy said. "Yes."',
        ['"China opposes drugs.', 'We have strict controls," the embassy said.', '"Yes."'],
    ),
    "question inside a quote before its attribution": (
        "“Why should we pay?” Tariq Hussain, Pakistan’s information minister, said. Floods hit.",
        [
            "“Why should we pay?” Tariq Hussain, Pakistan’s information minister, said.",
            "Floods hit.",
        ],
    ),
    "question before a lowercase attribution": (
        "“Where will we find soldiers?” asked Oksana Melnyk.",
        ["“Where will we find soldiers?” asked Oksana Melnyk."],
    ),
    "ellipsis mid-sentence": (
        "“We waited... and waited… and nothing happened,” he said.",
        ["“We waited... and waited… and nothing happened,” he said."],
    ),
    "ellipsis ending a sentence": (
        "The talks stalled… Then Mexico left.",
        ["The talks stalled…", "Then Mexico left."],
    ),
    "semicolons and (L-R) do not split": (
        "(L-R) Antony Blinken; Merrick Garland and Alicia Bárcena attend. EFE/ José Méndez",
        ["(L-R) Antony Blinken; Merrick Garland and Alicia Bárcena attend.", "EFE/ José Méndez"],
    ),
    "header line is one segment without its leading space": (
        " date 2023-04-06 Spokesperson Mao Ning Photo: Ministry of Foreign Affairs\n\nText.",
        ["date 2023-04-06 Spokesperson Mao Ning Photo: Ministry of Foreign Affairs", "Text."],
    ),
    "a line break always ends a sentence": (
        "Mexico tells US it has no fentanyl\nMexico City, Oct 5 (EFE).- It said so",
        ["Mexico tells US it has no fentanyl", "Mexico City, Oct 5 (EFE).- It said so"],
    ),
    "CRLF line endings": ("First line.\r\nSecond line.\r\n", ["First line.", "Second line."]),
    "AP dateline with a state abbreviation": (
        "SALEM, Ore. (AP) — The governor signed the bill. It takes effect in May.",
        ["SALEM, Ore. (AP) — The governor signed the bill.", "It takes effect in May."],
    ),
    "state abbreviation before a dateline in the middle of a line": (
        "Photo credit. WOODSIDE, Calif. (AP) — Leaders met on Friday.",
        ["Photo credit.", "WOODSIDE, Calif. (AP) — Leaders met on Friday."],
    ),
    "a state abbreviation ends a sentence before an opener": (
        "The plant is in Dayton, Ohio, and Boise, Ida. The company said so.",
        ["The plant is in Dayton, Ohio, and Boise, Ida.", "The company said so."],
    ),
    "an acronym in brackets ends a sentence": (
        "It falls under the Public Safety Act (PSA). These rules follow an order.",
        ["It falls under the Public Safety Act (PSA).", "These rules follow an order."],
    ),
    "single closing quote after the full stop": (
        "He called the remarks 'serious.' Ana Ruiz said nothing.",
        ["He called the remarks 'serious.'", "Ana Ruiz said nothing."],
    ),
    "ellipsis standing for omitted words": (
        "“We trust all nations, above all … Peru,” she said. “… We ask for help,” she added.",
        ["“We trust all nations, above all … Peru,” she said.", "“… We ask for help,” she added."],
    ),
    "sign-off after a quote": (
        "“It is methamphetamine,” she said. EFE",
        ["“It is methamphetamine,” she said.", "EFE"],
    ),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_wire_copy_rules(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("text", ["", " ", "\n\n \n", "\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert segment(text) == []


def _check_invariants(text: str) -> None:
    sents = segment(text)
    assert [s.index for s in sents] == list(range(len(sents)))
    prev_end = 0
    for s in sents:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text and "\r" not in s.text
        assert s.start >= prev_end
        # nothing but whitespace between sentences: no text is dropped
        assert not text[prev_end : s.start].strip()
        prev_end = s.end
    assert not text[prev_end:].strip()


def test_invariants_on_every_gold_text() -> None:
    for doc in load_passages() + load_seeds():
        _check_invariants(doc.text)


@pytest.mark.parametrize(
    "text",
    [
        "“Unclosed quote. Next one",
        'a "b. c" d.” e? f! ...',
        "...",
        "U.S.",
        "Mr.",
        "(EFE).-",
        "x" * 3000 + ". " + "y" * 3000,
        "Ünïcödé. Ärger! ¿Qué? Sí.",
    ],
)
def test_invariants_on_odd_input(text: str) -> None:
    _check_invariants(text)


def test_fast_path_agrees_with_syntok() -> None:
    """Lines without a doubtful full stop skip syntok; it would split them the same way."""
    lines = [ln for doc in load_passages() + load_seeds() for ln in doc.text.splitlines()]
    lines += [t for t, _ in CASES.values()]
    for line in lines:
        end = len(line.rstrip())
        assert _candidate_ends(line) | {end} == _candidate_ends(line, use_syntok=True) | {end}, line


def _number_heavy(quotes: bool) -> str:
    """200 wire sentences on one line, most ending in a number or an abbreviation."""
    out = []
    for i in range(1, 201):
        if quotes:
            out.append(
                f"“We met on day {i},” Mexico said. "
                f'"It seized {i}.5 tons on Oct. {i % 28 + 1}." The U.S. agreed on day {i + 1}. '
                f"(A note on day {i}. Mexico said so.) “Why?” Ana Ruiz asked. “No. {i}.”"
            )
        else:
            out.append(
                f"Officials met on day {i}. Mexico said it seized {i}.5 tons on Oct. {i % 28 + 1}. "
                f"The U.S. agreed. Talks ended in {1900 + i}. May {i}. Ana met Gov. Ruiz on day {i}. "
                f"They left. XIV. Louis XIV. He said on day 5. 5. Then it ended."
            )
    return " ".join(out)


NUMBER_HEAVY = [_number_heavy(False), _number_heavy(True)]
# where syntok does not end a sentence, or ends one that a fresh run would not
NUMBER_HEAVY.append(
    " ".join(
        f"Louis XIV. B. The plan ended on day {i}. Then plan b. Mexico saw it on day {i}. "
        f"Mexico said a?Then met on day {i}. See Fig. Mexico on day {i}. The U.S.Army. Mexico "
        f"left on day {i}. Ana said “it is ‘over.’” Mexico agreed on day {i}."
        for i in range(1, 51)
    )
)


def test_syntok_on_stretches_agrees_with_syntok_on_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a line with a doubtful candidate syntok runs only between sure boundaries,
    and only where a boundary could hide: the sentences are the same as with syntok
    run over every whole line."""
    texts_ = [doc.text for doc in load_passages() + load_seeds()] + [EFE, GT, *NUMBER_HEAVY]
    texts_ += [t for t, _ in CASES.values()]
    fast = [segment(t) for t in texts_]
    module = importlib.import_module("stance.text._segment")
    monkeypatch.setattr(module, "_candidate_ends", partial(_candidate_ends, use_syntok=True))
    for text, got in zip(texts_, fast, strict=True):
        assert got == segment(text), text[:80]


def test_syntok_skips_plain_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-line article whose sentences all end in a number needs no syntok run."""
    module = importlib.import_module("stance.text._segment")
    runs: list[str] = []
    real = module._syntok_ends
    monkeypatch.setattr(module, "_syntok_ends", lambda line: runs.append(line) or real(line))
    line = " ".join(f"Mexico held talks, Ana Ruiz said on day {i}." for i in range(1, 101))
    assert len(segment(line)) == 100
    assert runs == []
    line = line.replace("on day 7.", "in the U.S. on day 7.")
    assert len(segment(line)) == 100
    assert runs == [" Mexico held talks, Ana Ruiz said in the U.S. on day 7."]


def test_efe_seed_tricky_sentences() -> None:
    got = texts(EFE)
    assert got[1] == "EFE/ José Méndez"
    assert got[2] == "Mexico tells US it has no fentanyl production"
    assert got[3].startswith("Mexico City, Oct 5 (EFE).- During the High-Level Security Dialogue")
    assert (
        got[8]
        == "Mexican Foreign Secretary Alicia Bárcena also noted, “Mexico does not produce fentanyl precursors."
    )
    assert got[9] == "That is very clear.”"
    assert got[-1] == "EFE"
    assert any("1,435.6 tons" in s and s.startswith("She also noted") for s in got)
    assert any("pharmaceuticals, etc., that take" in s for s in got)


def test_global_times_seed_tricky_sentences() -> None:
    got = texts(GT)
    assert (
        got[0]
        == "date 2023-04-06 Foreign Ministry Spokesperson Mao Ning Photo: Ministry of Foreign Affairs"
    )
    assert got[2].startswith("According to Mao, the authorities")
    assert got[-1] == "Global Times"
    assert got[-2].endswith("against Mexico.")
    assert len(got) == 13
    assert not any(re.search(r"[a-z]\.[A-Z]", s) for s in got)  # every glued boundary split


@pytest.mark.parametrize("name,docs", [("passages", load_passages), ("seeds", load_seeds)])
def test_boundary_f1(name: str, docs) -> None:  # type: ignore[no-untyped-def]
    assert score(docs()).boundary.f1 >= 0.99


def test_the_pinned_syntok_still_has_the_lists_the_fast_path_reads() -> None:
    """The fast path reads syntok's own abbreviation and month lists from a private
    module; pyproject pins syntok to 1.4.x, and this fails loudly if they move."""
    module = importlib.import_module("stance.text._segment")
    assert module._SYNTOK_ABBREVIATIONS is not None and "Dr" in module._SYNTOK_ABBREVIATIONS
    assert module._SYNTOK_MONTHS and "Oct" in module._SYNTOK_MONTHS
