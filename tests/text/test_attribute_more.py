"""Speaker attribution on more constructions of English news copy: speakers named in
an appositive after their role, pronouns that follow the right antecedent, speech
verbs and phrases, quantified and modified groups, roles named later, relative and
temporal clauses, acts that are no speech, and headlines. Every text here is made up
for the test."""

from __future__ import annotations

import pytest

from stance.text import attribute_text


def names(text: str) -> list[str | None]:
    return [s.speaker.name if s.speaker else None for s in attribute_text(text)]


# (text, expected speaker per sentence)
CASES: dict[str, tuple[str, list[str | None]]] = {
    # -- a speaker named in an appositive after a role ------------------------------------
    "role of an event, then the name": (
        "The Peruvian chair of the regional fisheries summit, Marta Quispe, rejected the figures.",
        ["Marta Quispe"],
    ),
    "role of a bloc with a title and a name": (
        "The head of the Andean + Caribbean bloc, Ambassador Rosa Amaral, blamed rich nations for the delay.",
        ["Rosa Amaral"],
    ),
    "an appositive whose closing comma is missing": (
        "At a separate briefing Tomas Eriksen, a Norwegian diplomat speaking for the Arctic Council said the plan was weak.",
        ["Tomas Eriksen"],
    ),
    # -- pronouns follow the right antecedent ---------------------------------------------
    "she after a woman named in an appositive": (
        "Carlos Mendez, the envoy of the island states, said the talks had failed.\n\n"
        "The Chilean host of the talks, Laura Vidal, denied that the mood was tense.\n"
        "“We met them twice and it was friendly,” she said.",
        ["Carlos Mendez", "Laura Vidal", "Laura Vidal"],
    ),
    "he is a person named last, not the body heard last": (
        "The Peruvian Foreign Ministry said it would ask the UN for help.\n"
        "“We cannot do it alone,” it added.\n"
        "The request came after President Ruiz’s warning in which he threatened to close the port.\n\n"
        "“The port will close unless they act,” he said in a post.",
        ["Peruvian Foreign Ministry", "Peruvian Foreign Ministry", None, "Ruiz"],
    ),
    "he is the last man named, not a woman named after him": (
        "The port reopened after Governor Luis Vidal met Ms. Ana Ruiz, the mayor.\n"
        "“We lost a month,” he said.",
        [None, "Luis Vidal"],
    ),
    "it is the body of the clause before it": (
        "The Fisheries Agency said the catch fell by half.\n"
        "While the Coastal Research Office conceded last year that stocks had recovered, it said "
        "the quotas were still too high.\n"
        "Rather than a ban, it said, the boats need new nets.",
        ["Fisheries Agency", "Coastal Research Office", "Coastal Research Office"],
    ),
    "they for an unnamed person": (
        "One Asian trade negotiator expressed surprise at the tone of the meeting.\n"
        "The chair had been calm the day before, they said.",
        ["Asian trade negotiator", "Asian trade negotiator"],
    ),
    # -- speech verbs and phrases ----------------------------------------------------------
    "charged that, and a verb that is a noun": (
        "Opponents charged that the new quota was a gift to the fleets.\n"
        "The island states, which fish the area, were not consulted.\n"
        "The suspect was charged with fraud.",
        ["Opponents", None, None],
    ),
    "anticipated that, question whether, worry that": (
        "Chile anticipated on Monday that the talks would fail.\n"
        "Some economists worry that prices will rise.\n"
        "They question whether the bank can act.\n"
        "Peru anticipated the move.",
        ["Chile", "economists", "economists", None],
    ),
    "signalled anger, expressed surprise, reacted with": (
        "Dozens of island nations signalled their anger at the offer.\n"
        "The minister Ana Ruiz reacted with dismay when several senators called for a ban.\n"
        "Markets reacted with alarm.",
        ["island nations", "Ana Ruiz", None],
    ),
    "have called for, brushed aside, speak of": (
        "A handful of Liberal senators have called for an inquiry.\n"
        "The Foreign Office on Monday brushed aside the report.\n"
        "Prices rose, and official Chilean institutions also speak of shortages.",
        ["Liberal senators", "Foreign Office", "official Chilean institutions"],
    ),
    "she continued": (
        "“The audit is political,” Ana Ruiz said. “It was ordered by the opposition,” she continued.\n"
        "Talks continued on Friday.",
        ["Ana Ruiz", "Ana Ruiz", None],
    ),
    "remain skeptical that": (
        "While the deal is a win for the mayor, transport experts remain skeptical that it will last.",
        ["transport experts"],
    ),
    # -- groups ------------------------------------------------------------------------------
    "officials named by their body speak as a group, without their rank": (
        "Senior Trade Ministry officials accused the port of hiding losses, and they said an audit was due.\n"
        "Officials from the Ministry of Energy said prices would rise.",
        ["Trade Ministry officials", "Ministry of Energy"],
    ),
    "a number before the group, and others of it": (
        "More than 40 fishing groups rejected the plan.\nSome analysts say it will pass.\n"
        "Others say it will fail, according to these analysts.",
        ["fishing groups", "analysts", "analysts"],
    ),
    # -- names, titles and owners --------------------------------------------------------------
    "a title and its country stay out of the name": (
        "Prime Minister Ana Ruiz of Peru asserted that the port was safe.\n"
        "“We inspect every ship,” Ruiz said.",
        ["Ana Ruiz", "Ana Ruiz"],
    ),
    "an owner is no title": (
        "The Trade Ministry said exports rose.\n"
        "The figures follow Governor Vidal’s Facebook post in which he attacked the ministry.\n\n"
        "“The ministry lies,” he said in a second post.",
        ["Trade Ministry", None, "Vidal"],
    ),
    # -- relative clauses, coordinated verbs, sources after "according to" and "said" ----------
    "a voice inside a relative clause is not the sentence's": (
        "The ruling was a blow to Ana Ruiz and Luis Vidal, who a palace official said were sent "
        "to calm the markets.",
        [None],
    ),
    "a voice in a clause of time is background; a fronted phrase of time is not a clause": (
        "The reply came a day after Ana Ruiz said the port was closed.\n"
        "Peru denied the charge after Ana Ruiz accused it of smuggling.\n"
        "And after the summit President Vidal said the talks had gone well.\n"
        "After Ana Ruiz said the port was closed, prices rose.",
        [None, "Peru", "Vidal", None],
    ),
    "a second verb of the same subject": (
        "Chile said on Monday the quotas were fair.\n"
        "It has pointed to its strict fishing laws and warned that new duties would “hurt both sides”.",
        ["Chile", "Chile"],
    ),
    "according to their estimates": (
        "The Peruvian Navy said it had seized a boat.\n"
        "In 2021, the navy raided a dock that, according to their estimates, shipped 40 tons a year.",
        ["Peruvian Navy", "Peruvian Navy"],
    ),
    "a statement read": (
        "The Peruvian Navy said it had seized a boat.\n"
        "“The boat carried 2 tons,” a statement read.\n"
        "The sailors read the charges.",
        ["Peruvian Navy", "Peruvian Navy", None],
    ),
    "figures from a body": (
        "Data from the Peruvian Statistics Institute (INEI) showed that exports fell by 4%.\n"
        "Chilean data shows a small decline, and the Peruvian Navy says the ports are calm.\n"
        "Figures from the Peruvian Statistics Institute show a rise, the Finance Ministry said.",
        ["Peruvian Statistics Institute", "Peruvian Navy", "Finance Ministry"],
    ),
    "said the body ahead of an event; said an official familiar with it": (
        "Talks will resume, said the Foreign Office ahead of the summit in Lima.\n"
        "Chile had already acted, said a Foreign Office official familiar with the talks.",
        ["Foreign Office", "Foreign Office"],
    ),
    # -- roles named later -------------------------------------------------------------------
    "a headline's role is the body's first speaker who holds it": (
        "Envoy: Chile ‘will not back down’ on fishing rights\n\n"
        "The Chilean ambassador to Peru, Tomas Vidal, met the trade minister on Monday.\n"
        "Vidal said Chile would not back down.\n"
        "The chief envoy of the island states, Rosa Amaral, said nothing.",
        ["Tomas Vidal", None, "Tomas Vidal", "Rosa Amaral"],
    ),
    "a lower-case role before a headline's colon": (
        "Lead negotiator: ‘no deal yet’\n\n"
        "Luis Vidal, the negotiator for the island group, told reporters that talks had stalled.",
        ["Luis Vidal", "Luis Vidal"],
    ),
    "a role described first, named in the next sentence": (
        "The Chilean ambassador to Peru told reporters on Monday that the talks were “going nowhere”.\n"
        "“We have seen no progress,” Tomas Vidal said.",
        ["Tomas Vidal", "Tomas Vidal"],
    ),
    "a meeting's name before a headline's colon is no speaker, nor a person": (
        "COP30: the finance row goes on\n\nThe talks resumed on Friday. The G20 said it would act.",
        [None, None, "G20"],
    ),
    "one of a group, some of them": (
        "Two of the companies said they would appeal.",
        ["companies"],
    ),
    "a country that seeks, in a headline": (
        "Peru seeks Chile’s help on port security\n\nPeru said it would ask Chile for help.",
        ["Peru", "Peru"],
    ),
    # -- acts that are no speech ---------------------------------------------------------------
    "added to a list": (
        "In 2021, Peru added six chemicals to the list of controlled substances.\n"
        "Peru added that the list would grow.\n"
        "Chile added the rules were a boost to the region.",
        [None, "Peru", "Chile"],
    ),
    # -- who speaks for whom ---------------------------------------------------------------
    "the government of the leader just heard": (
        "President Ana Ruiz of Peru asserted that the mines were clean.\n"
        "The government has acknowledged in the past that some ore is smuggled.",
        ["Ana Ruiz", "Peru"],
    ),
    "another spokesperson is the body they both speak for": (
        "“Talks are over,” said Luis Vidal, a spokesman for the country’s trade ministry.\n"
        "“The fault lies with them,” another spokesman added.",
        ["Luis Vidal", "trade ministry"],
    ),
    "a short name the article gives": (
        "On Monday Ana María Ortega, commonly known as AMO, said that the port was safe.\n"
        "The navy is in talks with the harbour board, AMO said.",
        ["Ana María Ortega", "Ana María Ortega"],
    ),
    "an unnamed voice ends a write-up": (
        "The Peruvian Navy said it seized 2 tons of cocaine. "
        "Among experts it is hardly disputed that most of it comes from the north.\n\n"
        "Chile and Peru reportedly resumed talks. "
        "Peru has always controlled its ports, the Peruvian Navy said.",
        ["Peruvian Navy", None, None, "Peruvian Navy"],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_construction(text: str, expected: list[str | None]) -> None:
    assert names(text) == expected
