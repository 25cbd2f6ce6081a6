"""Speaker attribution: each construction, the seed articles, the passage set."""

from __future__ import annotations

from collections import Counter

import pytest

from stance.text import attribute, attribute_text, segment
from stance.types import Sentence
from tests.attribution_scoring import ROOT, load_passages, load_seeds, score

ARTICLES = ROOT / "fixtures" / "articles"
EFE = (ARTICLES / "efe-2023-10-05-mexico-fentanyl.txt").read_text(encoding="utf-8")
GT = (ARTICLES / "globaltimes-2023-04-06-mao-ning.txt").read_text(encoding="utf-8")

RUIZ = "Ana Ruiz"
PERU = "Lima, May 3 (EFE).- Peru’s trade minister, Ana Ruiz, met Chilean officials on Friday."


def names(text: str) -> list[str | None]:
    return [s.speaker.name if s.speaker else None for s in attribute_text(text)]


def hows(text: str) -> list[str | None]:
    return [s.speaker.how if s.speaker else None for s in attribute_text(text)]


# (text, expected speaker per sentence, expected ``how`` per sentence or None to skip)
CASES = {
    "verb after the quote": (
        "“We will act,” said Ana Ruiz, Peru’s trade minister.",
        [RUIZ],
        ["direct"],
    ),
    "surname after the quote": (
        f"{PERU}\n\n“We will act,” Ruiz said.",
        [None, RUIZ],
        [None, "continuation"],
    ),
    "verb before the quote": (
        "Peru’s trade minister Ana Ruiz said: “We will act.”",
        [RUIZ],
        ["direct"],
    ),
    "inverted order with a role": (
        "“Mexico does not produce fentanyl,” declared Rosa Icela Rodríguez, Mexico’s secretary of security.",
        ["Rosa Icela Rodríguez"],
        ["direct"],
    ),
    "noted that": ("Ana Ruiz noted that exports rose.", [RUIZ], ["indirect"]),
    "pointed out that, after a time phrase": (
        "Ana Ruiz on Monday pointed out that exports rose.",
        [RUIZ],
        ["indirect"],
    ),
    "denied that, with an appositive": (
        "Peru’s trade minister, Ana Ruiz, denied that talks had failed.",
        [RUIZ],
        ["indirect"],
    ),
    "refuted that": (
        f"{PERU} Ruiz refuted that there is a “crisis” in the talks.",
        [None, RUIZ],
        [None, "continuation"],
    ),
    "according to": (
        "According to Peru’s trade minister, Ana Ruiz, exports will rise 4.5%.",
        [RUIZ],
        ["indirect"],
    ),
    "trailing said": (
        "Exports will rise this year, Peru’s trade minister Ana Ruiz said on Friday.",
        [RUIZ],
        ["indirect"],
    ),
    "quote split around its attribution": (
        "“We support the deal,” Ana Ruiz said, “but not at any price.”",
        [RUIZ],
        ["direct"],
    ),
    "multi-sentence quote named in its last sentence": (
        "“Exports fell. Imports rose. We must act,” said Ana Ruiz.",
        [RUIZ, RUIZ, RUIZ],
        ["direct"] * 3,
    ),
    "multi-sentence quote named in its first sentence": (
        "Ana Ruiz said: “Exports fell. We must act.”",
        [RUIZ, RUIZ],
        ["direct"] * 2,
    ),
    "quote reopened in the next paragraph": (
        "Ana Ruiz told the summit: “Exports fell.\n\n“We must act.”",
        [RUIZ, RUIZ],
        None,
    ),
    "pronoun across a paragraph": (
        f"{PERU}\n\nShe argued that the deal was fair.",
        [None, RUIZ],
        [None, "continuation"],
    ),
    "pronoun picks the speaker of the right gender": (
        "Mark Ellison said sanctions worked. Rachel Stein, a State Department spokeswoman, "
        "told the committee that allies must act. He said assets were frozen.",
        ["Mark Ellison", "Rachel Stein", "Mark Ellison"],
        None,
    ),
    "surname without its accent": (
        "Mexican Foreign Secretary Alicia Bárcena spoke on Thursday.\nBarcena indicated that ports were the route.",
        [None, "Alicia Bárcena"],
        [None, "continuation"],
    ),
    "title and surname": (
        f"{PERU}\nMinister Ruiz said exports rose.",
        [None, RUIZ],
        None,
    ),
    "role pointing back": (
        "“Exports rose,” said Ana Ruiz, Peru’s trade minister.\nThe minister added that imports fell.",
        [RUIZ, RUIZ],
        ["direct", "continuation"],
    ),
    "spokesperson for spokeswoman": (
        "Chinese Foreign Ministry spokeswoman Liu Hong urged Japan to stop.\nThe spokesperson said the plan was wrong.",
        ["Liu Hong", "Liu Hong"],
        None,
    ),
    "nationality in a role": (
        "Mexico’s foreign minister, Beatriz Solano, said the talks went well.\n"
        "The Mexican official insisted that migration must be shared.",
        ["Beatriz Solano", "Beatriz Solano"],
        None,
    ),
    "organisation and its acronym": (
        "The US Drug Enforcement Administration (DEA) said it seized 4,000 pounds.\nThe DEA claims that labs are in Mexico.",
        ["US Drug Enforcement Administration"] * 2,
        ["indirect", "continuation"],
    ),
    "acronym by its initials": (
        "The World Trade Organization said trade would grow.\nThe WTO warned of risks.",
        ["World Trade Organization"] * 2,
        None,
    ),
    "embassy in a city": (
        "The Chinese Embassy in Washington said China opposed drug abuse.",
        ["Chinese Embassy in Washington"],
        None,
    ),
    "statement": (
        "The White House said in a statement that the release followed talks.",
        ["White House"],
        None,
    ),
    "wire service": (
        "Reuters reported that tankers changed course.\nThe wire service reports that they carried diesel.",
        ["Reuters", "Reuters"],
        ["indirect", "continuation"],
    ),
    "government, then the government": (
        "The Colombian government insisted that a ceasefire was needed.\nThe government said it would send a negotiator.",
        ["Colombian government"] * 2,
        None,
    ),
    "organisation as it": (
        "The European Commission said the probe would take a year.\nIt warned that duties could follow.",
        ["European Commission"] * 2,
        None,
    ),
    "data are not a speaker": (
        "Homicides rose 20% in 2023, according to official figures.",
        [None],
        None,
    ),
    "a group speaks as a group": (
        "Mexico’s foreign minister, Beatriz Solano, said talks went well.\n"
        "US officials said they would judge Mexico by its actions.",
        ["Beatriz Solano", "US officials"],
        None,
    ),
    "speech act with a noun object": (
        "Beijing has long rejected the accusations.\n"
        "Mexico’s security secretary, Rosa Icela Rodríguez, arrived first.\n"
        "She also noted the seizure of 7.6 tons of fentanyl.",
        ["China", None, "Rosa Icela Rodríguez"],
        None,
    ),
    "unnamed official": (
        "“The package is defensive,” a senior US official told reporters.",
        ["senior US official"],
        None,
    ),
    "headline in Speaker: claim form": (
        "Mao Ning: US should look at itself\n\nThe US should act, Chinese Foreign Ministry spokesperson Mao Ning said.",
        ["Mao Ning", "Mao Ning"],
        ["headline", "indirect"],
    ),
    "headline with a country that tells": (
        "Mexico tells US it has no fentanyl production\n\nThe Mexican government insisted that fentanyl is not produced there.",
        ["Mexican government", "Mexican government"],
        ["headline", "indirect"],
    ),
    "main clause over the subordinate one": (
        "During talks, the Mexican government insisted that fentanyl is not produced in the country, "
        "as US officials affirm that cartels make it.",
        ["Mexican government"],
        None,
    ),
    "subordinate cue when it is the only one": (
        "Although the US Drug Enforcement Administration (DEA) claims that cartels produce fentanyl.",
        ["US Drug Enforcement Administration"],
        None,
    ),
    "reported speech inside a report": (
        "Reuters reported that two officials said the deal was signed.",
        ["Reuters"],
        None,
    ),
    "participle after the main clause": (
        "The Moroccan government rejected criticism on Sunday, saying all offers had been reviewed.",
        ["Moroccan government"],
        None,
    ),
    "press conference: same paragraph continues": (
        "China opposes the tariffs, spokesperson Mao Ning said.The measures violate WTO rules.China will respond, Mao said.",
        ["Mao Ning"] * 3,
        ["indirect", "continuation", "continuation"],
    ),
    "background between paragraphs of one speaker": (
        "“We will act,” said Ana Ruiz, Peru’s trade minister.\n\nExports fell in May.\n\n“We must,” Ruiz added.",
        [RUIZ, None, RUIZ],
        None,
    ),
    "unattributed quote in the next paragraph": (
        "Exports will rise, Peru’s trade minister Ana Ruiz said.\n\n“We have done the hard part.”",
        [RUIZ, RUIZ],
        ["indirect", "continuation"],
    ),
    "mention is not speech": (
        "The meeting, which included Secretary of State Antony Blinken, lasted four hours.\n"
        "Ministers discussed aid.",
        [None, None],
        None,
    ),
    "speech inside a quote is not a cue": (
        "“In Mexico, I insist, precursors are not produced,” Ana Ruiz said.",
        [RUIZ],
        None,
    ),
    "no comment is not speech": (
        "The company did not respond to a request for comment.\nNeither government has confirmed the signing.",
        [None, None],
        None,
    ),
    "declaring an emergency is an act, not a statement": (
        "Honduras declared a state of emergency in its prisons on Wednesday.",
        [None],
        None,
    ),
    "sign-offs, credits and bylines": (
        "By Marta Ruiz\nFirefighters battle a fire near Viña del Mar, Chile. REUTERS/Rodrigo Garrido\n"
        "“It burned in minutes,” said Diego Fernández, the mayor. EFE",
        [None, None, None, "Diego Fernández", None],
        None,
    ),
}


@pytest.mark.parametrize("text,expected,expected_how", CASES.values(), ids=CASES.keys())
def test_construction(
    text: str, expected: list[str | None], expected_how: list[str | None] | None
) -> None:
    assert names(text) == expected
    if expected_how is not None:
        assert hows(text) == expected_how


def test_cue_and_role_fields() -> None:
    got = attribute_text(
        f"{PERU}\n\n“We will act,” she argued.\n\nAccording to Ruiz, exports rose."
    )
    assert got[1].speaker is not None and got[1].speaker.cue == "she argued"
    assert got[1].speaker.role == "Peru’s trade minister"
    assert got[2].speaker is not None and got[2].speaker.cue == "according to Ruiz"
    direct = attribute_text("“We will act,” declared Ana Ruiz, Peru’s trade minister.")[0].speaker
    assert direct is not None and (direct.cue, direct.how) == ("declared", "direct")


def test_attribute_keeps_given_sentences() -> None:
    sents = segment(EFE)
    got = attribute(EFE, sents)
    assert [(s.index, s.start, s.end, s.text) for s in got] == [
        (s.index, s.start, s.end, s.text) for s in sents
    ]
    assert attribute_text(EFE) == got
    # any segmentation with offsets works, one sentence per line here
    lines = [Sentence(index=0, start=0, end=len(EFE.splitlines()[0]), text=EFE.splitlines()[0])]
    assert len(attribute(EFE, lines)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", []), ("   ", []), ("“", ["“"]), ("said.", ["said."]),
     ("He said. She said.", ["He said.", "She said."]), ("According to", ["According to"])],
)
def test_odd_input(text: str, expected: list[str]) -> None:
    """Nothing to attribute to: every piece is the journalist's, none is lost or made up."""
    got = attribute_text(text)
    assert [(s.text, s.speaker) for s in got] == [(t, None) for t in expected]


EFE_SPEAKERS = {
    0: None,  # photo caption
    1: None,  # photo credit
    2: ("Mexican government", "headline"),
    3: ("Mexican government", "indirect"),  # main clause, not "as US officials affirm"
    4: ("Rosa Icela Rodríguez", "direct"),
    5: None,  # background between two Rodríguez paragraphs
    6: ("Rosa Icela Rodríguez", "continuation"),  # by her role
    7: ("Rosa Icela Rodríguez", "continuation"),  # "She also noted"
    9: ("Alicia Bárcena", "direct"),  # second sentence of her quote
    10: ("Alicia Bárcena", "continuation"),  # "Barcena indicated"
    11: ("US Drug Enforcement Administration", "indirect"),
    13: ("Rosa Icela Rodríguez", "continuation"),  # quote closed by "she argued"
    17: ("Alicia Bárcena", "continuation"),
    19: None,  # sign-off
}


@pytest.mark.parametrize("index,expected", EFE_SPEAKERS.items())
def test_efe_seed(index: int, expected: tuple[str, str] | None) -> None:
    s = attribute_text(EFE)[index].speaker
    assert (s.name, s.how) == expected if s else expected is None


def test_global_times_seed() -> None:
    got = attribute_text(GT)
    assert got[0].speaker is None and got[-1].speaker is None
    assert all(s.speaker is not None and s.speaker.name == "Mao Ning" for s in got[1:-1])
    assert (
        got[1].speaker is not None
        and got[1].speaker.role == "Chinese Foreign Ministry spokesperson"
    )
    # no cue of their own: between two of her sentences in the same paragraph
    assert [got[i].speaker.cue for i in (3, 5, 8)] == ["same paragraph"] * 3  # type: ignore[union-attr]


def test_passage_set_shape() -> None:
    passages = load_passages()
    assert len(passages) >= 80
    assert len({p.id for p in passages}) == len(passages)
    for p in passages:
        assert 2 <= len(p.sentences) <= 6, p.id
        for i, s in enumerate(p.sentences):
            assert s["index"] == i and p.text[s["start"] : s["end"]] == s["text"], p.id
    tags = Counter(t for p in passages for t in p.tags)
    every = [
        "attr_quote_after", "attr_quote_before", "attr_inverted", "attr_indirect_that",
        "attr_according_to", "attr_trailing_said", "attr_split_quote", "attr_multi_quote_last",
        "attr_pronoun", "attr_surname", "attr_accent", "attr_role", "attr_title_surname",
        "attr_org", "attr_headline_colon", "attr_headline_verb", "attr_journalist_background",
        "attr_mention_only", "attr_press_conference", "attr_paragraph_break", "attr_main_clause",
        "attr_orphan_quote", "seg_abbrev", "seg_decimal", "seg_dateline", "seg_signoff",
        "seg_nospace", "seg_headline", "seg_byline", "seg_caption", "seg_header", "seg_ellipsis",
        "seg_question", "attr_multi_quote_first", "attr_multi_paragraph_quote", "attr_told",
    ]  # fmt: skip
    assert {t: tags[t] for t in every if tags[t] < 3} == {}


@pytest.mark.parametrize("name,docs", [("passages", load_passages), ("seeds", load_seeds)])
def test_aggregate_speaker_scores(name: str, docs) -> None:  # type: ignore[no-untyped-def]
    s = score(docs())
    assert s.speakers.accuracy >= 0.97, s.misses
    assert s.speakers.journalist.precision >= 0.95, s.misses
    assert s.speakers.journalist.recall >= 0.95, s.misses
