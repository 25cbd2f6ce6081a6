"""Speaker attribution on the constructions of real news copy: roles resolved to the
person or body, metonymy, headlines, statement write-ups, verb forms, secondary
sources, interrupters, false speakers, transcripts and document voice. Every text here
is made up for the test."""

from __future__ import annotations

import pytest

from stance.text import attribute_text


def names(text: str, source: str | None = None) -> list[str | None]:
    return [s.speaker.name if s.speaker else None for s in attribute_text(text, source=source)]


def hows(text: str, source: str | None = None) -> list[str | None]:
    return [s.speaker.how if s.speaker else None for s in attribute_text(text, source=source)]


WANG = "Wang Li"
LEAD = "Trade Ministry spokesperson Wang Li told reporters that exports rose."

# (text, expected speaker per sentence)
CASES: dict[str, tuple[str, list[str | None]]] = {
    # -- roles resolved to the person or the body they speak for ----------------------
    "the spokesperson named before": (f"{LEAD}\nThe spokesperson noted that imports fell.", [WANG, WANG]),
    "a role named after it": (
        "Brazil’s president is disputing the figures.\n"
        "President Rosa Amaral said on Monday that the count was wrong.",
        ["Rosa Amaral", "Rosa Amaral"],
    ),
    "its president, named in the next sentence": (
        "Chile is no transit route, its president said on Tuesday.\n"
        "“We inspect every container,” President Marta Solís said.",
        ["Marta Solís", "Marta Solís"],
    ),
    "a nationality in the role, not another country's": (
        "Peruvian President Ana Ruiz met Chilean President Luis Vidal on Friday.\n"
        "The Chilean president said the border would stay open.",
        [None, "Luis Vidal"],
    ),
    "a minister of the same country": (
        "Canadian Trade Minister Paul Girard arrived in Lima on Sunday.\n"
        "The Canadian minister also said the deal was fair.",
        [None, "Paul Girard"],
    ),
    "a title with a lone surname": (
        "Secretary Lee spoke on Friday with Minister Tran Van Minh.\n"
        "The Secretary underscored the importance of open sea lanes.",
        [None, "Lee"],
    ),
    "an unnamed spokesperson speaks for the ministry": (
        "A spokesperson for the Ministry of Energy said prices would rise.",
        ["Ministry of Energy"],
    ),
    "an unnamed official of a named body": (
        "A Finance Ministry official said the bond sale would go ahead.",
        ["Finance Ministry"],
    ),
    "an official with a body, named later by its acronym": (
        "A senior official with the Federal Customs Service tells the paper that seizures doubled.\n"
        "Rosa Pérez is head of investigations at the FCS.",
        ["Rosa Pérez", None],
    ),
    "an unnamed minister of the government just heard": (
        "Peru rejected the ruling on Monday.\n“We will appeal,” the minister said.",
        ["Peru", "Peru"],
    ),
    "an unnamed senator is nobody's spokesperson": (
        "The Trade Ministry said exports rose.\nThe senator tweeted that the deal was dead.",
        ["Trade Ministry", None],
    ),
    "a bare role word is never a name": (
        "The deputy minister said the roads were closed.",
        [None],
    ),
    "a qualified body in lower case is a name": (
        "In a statement, the foreign ministry said the rules were unfair.",
        ["foreign ministry"],
    ),
    "a bare spokesperson after a government spoke": (
        "Chilean officials said the mine was safe, and Chile would reopen it.\n"
        "“We have nothing to hide,” a spokesperson said.",
        ["Chilean officials", "Chilean officials"],
    ),
    # -- groups --------------------------------------------------------------------------
    "a group speaks under its plural": (
        "Some Peruvian lawmakers say the port is badly run.\nMany Republican senators blamed the agency.",
        ["Peruvian lawmakers", "Republican senators"],
    ),
    "countries and blocs": (
        "Developing countries accused rich nations of backtracking.\n"
        "The G77 and China bloc, which represents 134 countries, said in a statement that talks "
        "were at risk.",
        ["Developing countries", "G77 and China bloc"],
    ),
    "plural bodies": (
        "Environmental groups welcomed the rules.\nShipping companies warned of delays.",
        ["Environmental groups", "Shipping companies"],
    ),
    "officials of a country that speaks elsewhere": (
        "Beijing rejected the report on Monday.\nChinese officials said the claims were baseless.",
        ["China", "China"],
    ),
    "officials pointing back to the body before them": (
        "Peruvian authorities announced a record seizure.\nOfficials said it was the largest in a decade.",
        ["Peruvian authorities", "Peruvian authorities"],
    ),
    "officials of two ministries of one country": (
        "Officials from Japan’s Foreign Ministry and the Ministry of Justice said the rules would change.",
        ["Japan"],
    ),
    # -- metonymy and one name per entity ----------------------------------------------
    "a capital is its country's government": (
        "Ottawa said the duties were unjustified.\n"
        "The Canadian government has repeatedly complained about the duties.",
        ["Canadian government", "Canadian government"],
    ),
    "a capital alone is the country": ("Ottawa said the duties were unjustified.", ["Canada"]),
    "the country's government as the article writes it": (
        "Brazil’s government on Wednesday rejected the rules.\nBrasília said they were unfair.",
        ["Brazil’s government", "Brazil’s government"],
    ),
    "the American side": ("The American side expressed strong opposition to the plan.", ["US"]),
    "a capital that is a surname in the article": (
        "Lima: the budget will balance\n\nFinance Minister Gustavo Lima said the deficit would close.",
        ["Gustavo Lima", "Gustavo Lima"],
    ),
    "a body's own city stays in its name": (
        "Tokyo’s consulate in Lima said visas would resume.",
        ["Tokyo’s consulate in Lima"],
    ),
    # -- headlines -----------------------------------------------------------------------
    "claim: body": (
        "Tariffs on steel are a mistake: Canadian trade ministry\n\n"
        "The Canadian trade ministry said the tariffs would hurt both sides.",
        ["Canadian trade ministry", "Canadian trade ministry"],
    ),
    "claim, role": (
        "Sanctions will not work, FM spokesperson\n\n"
        "Sanctions will not work, Foreign Ministry spokesperson Mei Tan said on Monday.",
        ["Mei Tan", "Mei Tan"],
    ),
    "quote: role on topic": (
        "‘We did nothing wrong’: Brazilian president on the audit\n\n"
        "Brazilian President Rosa Amaral said the audit was political.",
        ["Rosa Amaral", "Rosa Amaral"],
    ),
    "country says": ("Chile says it will cooperate on the inquiry", ["Chile"]),
    "title case": (
        "Peru Says Talks With Chile Will Go On, Urges Calm\n\nPeru said the talks would continue.",
        ["Peru", "Peru"],
    ),
    "capitals of a title-case headline are no names": (
        "U.S. Envoy In Lima Denies Port Deal Stalled, Says Talks Go On\n\n"
        "U.S. envoy Ana Ruiz said the talks would go on.",
        ["Ana Ruiz", "Ana Ruiz"],
    ),
    "an interrupter in a headline": (
        "Chile, reacting to the ruling, promises to appeal\n\nChile said it would appeal.",
        ["Chile", "Chile"],
    ),
    "a headline without speech": ("Peru opens new port in the north", [None]),
    # -- write-ups of a statement or briefing ----------------------------------------
    "figures carried on in the same paragraph": (
        "The Statistics Office reported that 4,000 firms closed. Of those firms, most were small.",
        ["Statistics Office", "Statistics Office"],
    ),
    "a paragraph of a write-up closed by its attribution": (
        "The Peruvian Embassy rejected the report on Monday.\n\n"
        "Peru has always controlled its ports. It was the first country to scan every container, "
        "the embassy said.",
        ["Peruvian Embassy", "Peruvian Embassy", "Peruvian Embassy"],
    ),
    "background before a first attribution": (
        "The ports were privatised years ago. Traffic is slow, the Peruvian Embassy said.",
        [None, "Peruvian Embassy"],
    ),
    "narration of the speaker's acts is the writer's": (
        "Ana Ruiz said the tariff was fair. She raised it to 20% on Friday.",
        ["Ana Ruiz", None],
    ),
    "a date is background": (
        "The port authority said traffic had doubled. The harbour opened in 2019.",
        ["port authority", None],
    ),
    "the writer's comment and contrast": (
        "The Trade Ministry said exports rose. This comes as imports fall.\n"
        "The central bank said rates would hold. But markets fell sharply.",
        ["Trade Ministry", None, "central bank", None],
    ),
    "no write-up after a direct quote": (
        "“We will act,” Ana Ruiz said. Prices rose in the capital.",
        ["Ana Ruiz", None],
    ),
    "the next paragraph is the writer's": (
        "The Trade Ministry said exports rose.\n\nPrices fell in the capital.",
        ["Trade Ministry", None],
    ),
    # -- verb forms and phrases ---------------------------------------------------------
    "progressive and perfect": (
        "Peru is disputing the count. Chile has repeatedly complained about the fees.",
        ["Peru", "Chile"],
    ),
    "expressed, hit back, slammed, blasted, deplores": (
        "Peru expressed strong opposition to the ruling.\nChile hit back at the court.\n"
        "Bolivia slammed the decision.\nEcuador blasted the judges.\nUruguay deplores the violence.",
        ["Peru", "Chile", "Bolivia", "Ecuador", "Uruguay"],
    ),
    "urged, warned, accused of, identified as": (
        "Ana Ruiz urged calm.\nLuis Vidal warned of delays.\n"
        "Marta Solís accused the firm of fraud.\nPaul Girard identified the port as a hub.",
        ["Ana Ruiz", "Luis Vidal", "Marta Solís", "Paul Girard"],
    ),
    "it is reported that X said": (
        "Governor Ana Ruiz visited the border on Monday.\n"
        "It is reported that the governor said the roads were closed.",
        [None, "Ana Ruiz"],
    ),
    "issued a statement, sent a letter": (
        "The Interior Ministry issued a statement rejecting the report.\n"
        "Ana Ruiz sends Chile’s president letter seeking help on the border",
        ["Interior Ministry", "Ana Ruiz"],
    ),
    "an infinitive of speech": (
        "Reporter Tom Hale then cut in to ask, “Has it happened?”\n"
        "Ana Ruiz stood before the cameras to proclaim that the port was clean.",
        ["Tom Hale", "Ana Ruiz"],
    ),
    "an empty it governs no infinitive": (
        "The Peruvian Embassy rejected the report.\nIt is unfair to accuse Peru of hiding the data.",
        ["Peruvian Embassy", None],
    ),
    "speech that did not happen": (
        "Ana Ruiz declined to say whether the port would close.\nChile will add two ships.",
        [None, None],
    ),
    "a base form after a modal is no speech": ("Canada will add 200 officers, Paul Girard said.", ["Paul Girard"]),
    "a position held out": ("Lima’s message has been clear since the vote.", ["Peru"]),
    # -- secondary sources -------------------------------------------------------------
    "a quote relayed by an agency": ("“Our ports are clean,” Okafor said, according to AFP.", ["Okafor"]),
    "according to a body's statement": (
        "Prices will rise, according to a statement from the Ministry of Energy.",
        ["Ministry of Energy"],
    ),
    "posted and tweeted": (
        "Ana Ruiz posted on social media that the port was closed.\nLuis Vidal tweeted that it was open.",
        ["Ana Ruiz", "Luis Vidal"],
    ),
    "a figure according to a body": (
        "Cases rose 12% last year, according to the World Health Organization.",
        ["World Health Organization"],
    ),
    "an anonymous relay of another's position": (
        "A person familiar with the talks said the Trade Ministry rejected the offer.",
        ["Trade Ministry"],
    ),
    # -- interrupters --------------------------------------------------------------------
    "for its part": ("The navy, for its part, announced that patrols would double.", ["navy"]),
    "asked about": ("Ana Ortega, asked about the seizures, said the ports were safe.", ["Ana Ortega"]),
    "a relative clause": (
        "Mayor Luis Pardo, who arrived in Lima, Peru, on Friday, told reporters the bridge would reopen.",
        ["Luis Pardo"],
    ),
    "a statement's own words": (
        "Ministry spokesperson Mei Tan arrived on Monday.\n"
        "Tan’s statement, which was posted online, argued that the fees were legal.",
        [None, "Mei Tan"],
    ),
    "the statement read": (
        "The Peruvian Embassy rejected the charge on Saturday.\n"
        "\"Our exports are ordinary chemicals,\" read the statement.",
        ["Peruvian Embassy", "Peruvian Embassy"],
    ),
    "it: the body the previous sentence was about": (
        "Washington has focused on suppliers abroad.\n"
        "Despite the new rules, it alleges that Lima is not doing enough.",
        [None, "US"],
    ),
    "a shortened first name is the same person": (
        "Deputy adviser Jen Daskal (L) meets Minister Wang Hui in Lima.\n"
        "“We made progress,” Jennifer Daskal, a deputy security adviser, said.\n"
        "“It was productive,” Daskal said.",
        [None, "Jennifer Daskal", "Jennifer Daskal"],
    ),
    # -- false speakers ------------------------------------------------------------------
    "a relative clause is no speaker": (
        "The senator’s proposal, which has caused tension with the ministry, goes to a vote on Monday.",
        [None],
    ),
    "an act, not a statement": ("Japan responded to the duties by raising its own tariffs.", [None]),
    "asking not to be named": (
        "Officials from the Ministry of Justice said the law would pass. "
        "The officials asked not to be identified.",
        ["Ministry of Justice", None],
    ),
    "a report with no claim": ("Radio correspondent Maria Lopes reports.", [None]),
    "a photo caption": (
        "Minister Ana Ruiz (C) announces the new port next to Mayor Luis Pardo (L) in Lima.",
        [None],
    ),
    "a section header": ("What Ruiz is saying\n\nAna Ruiz said the port was clean.", [None, "Ana Ruiz"]),
    # -- quotation marks -----------------------------------------------------------------
    "single quotation marks": (
        "Peru said the vote was fair.\n'We will not repeat it. The count is over,' a spokesperson said.",
        ["Peru", "Peru", "Peru"],
    ),
    "a quote whose opening mark is lost": (
        "Ana Ruiz spoke on Friday.\nExports fell. We must act,” Ms. Ruiz said.",
        [None, "Ana Ruiz", "Ana Ruiz"],
    ),
}


@pytest.mark.parametrize("text,expected", CASES.values(), ids=CASES.keys())
def test_construction(text: str, expected: list[str | None]) -> None:
    assert names(text) == expected


def test_kind_and_mention() -> None:
    got = attribute_text(
        "Ottawa said the duties were unjustified.\n"
        "Trade Minister Paul Girard said talks would go on.\n"
        "The minister added that the duties were illegal.\n"
        "The Chinese Embassy said it had no comment.\n"
        "Some lawmakers say the talks failed."
    )
    seen = [(s.speaker.name, s.speaker.kind, s.speaker.mention) for s in got if s.speaker]
    assert seen == [
        ("Canada", "country", "Ottawa"),
        ("Paul Girard", "person", None),
        ("Paul Girard", "person", "The minister"),
        ("Chinese Embassy", "body", None),
        ("lawmakers", "body", None),
    ]


TRANSCRIPT = """Interview with the minister

QUESTION:  Minister, thank you for coming in. Peru says the port is closed.
MINISTER RUIZ:  Good to be with you, Clara. The port is open.
It was never closed.
QUESTION:  Will it stay open? President Vidal said it would not.
RUIZ:  Clara, it will stay open.
MODERATOR:  This briefing comes to you from the Ministry of Trade in Lima.
We will take two questions.
"""


def test_transcript_turns_by_their_labels() -> None:
    got = attribute_text(TRANSCRIPT)
    assert [(s.speaker.name, s.speaker.how) if s.speaker else None for s in got] == [
        None,
        ("Clara", "turn"),
        ("Peru", "indirect"),  # reported speech inside a turn is its source's
        ("Ruiz", "turn"),
        ("Ruiz", "turn"),
        ("Ruiz", "turn"),
        ("Clara", "turn"),  # named by the answer to an earlier question
        ("Vidal", "indirect"),
        ("Ruiz", "turn"),
        ("Ministry of Trade", "turn"),  # an unnamed label: the body it speaks for
        ("Ministry of Trade", "turn"),
    ]


def test_a_turn_speaker_is_not_he() -> None:
    got = attribute_text(
        "ANCHOR: Tonight, the port. Our reporter Sam Reyes went there.\n"
        "SAM REYES, BYLINE: The harbour master is Omar Haddad. He says the cranes are idle.\n"
        "OMAR HADDAD: Nothing moves."
    )
    assert [s.speaker.name if s.speaker else None for s in got][2:] == [
        "Sam Reyes",
        "Omar Haddad",
        "Omar Haddad",
    ]


RELEASE = """Ministry acts to protect clean water

News release
June 3, 2024 | Lima | Ministry of Health

The ministry is investing in new water labs. Water testing will double by 2026.
“Every family deserves clean water,” said Health Minister Ana Ruiz.
We are working with Chile on shared standards."""


def test_document_voice_from_the_source() -> None:
    got = attribute_text(RELEASE, source="Ministry of Health")
    assert [(s.speaker.name, s.speaker.how) if s.speaker else None for s in got] == [
        ("Ministry of Health", "document"),  # its headline
        None,  # header lines
        None,
        ("Ministry of Health", "document"),
        ("Ministry of Health", "document"),
        ("Ana Ruiz", "direct"),
        ("Ministry of Health", "document"),
    ]
    assert got[0].speaker is not None and got[0].speaker.kind == "body"


def test_news_copy_speaks_in_the_journalist_voice() -> None:
    assert hows(RELEASE)[3:5] == [None, None]


def test_unnamed_question_and_answer_labels_name_no_one() -> None:
    """"Q:" and "A:" with no name anywhere: no speaker is made up from a label or a reply."""
    got = attribute_text("Q: Minister, will Peru extradite them?\nA: The courts decide.\nQ: When?\nA: Soon.")
    assert [s.speaker for s in got] == [None] * 4


def test_a_relative_clause_after_the_name_is_no_role() -> None:
    got = attribute_text("“This is a betrayal,” said Amara Diallo, who chairs the group of small states.")
    assert got[0].speaker is not None and (got[0].speaker.name, got[0].speaker.role) == ("Amara Diallo", None)


def test_a_role_before_a_name_stops_at_the_previous_name() -> None:
    got = attribute_text(
        "Trade Minister Ana Ruiz and Interior Minister Luis Vidal arrived on Friday. "
        "Vidal said the border would reopen."
    )
    assert got[1].speaker is not None and got[1].speaker.role == "Interior Minister"
