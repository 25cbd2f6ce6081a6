"""Speaker attribution in Chinese copy: each construction, on made-up text, in
simplified and traditional characters."""

from __future__ import annotations

import pytest

from stance.text import attribute_text
from stance.text._phrases_zh import known_names, read_zh

LIN = "林若溪"
LEAD = "新华社北京3月5日电 外交部发言人林若溪5日在例行记者会上表示，中方坚决反对美方的无端指责。"


def speakers(text: str, lang: str = "zh") -> list[str | None]:
    return [s.speaker.name if s.speaker else None for s in attribute_text(text, lang=lang)]


# (text, expected speaker per sentence)
CASES = {
    "a title before the name, a dateline and 在…上表示": (LEAD, [LIN]),
    "a country's title before the name": ("秘鲁总统巴尔加斯周二说，秘鲁不生产芬太尼。", ["巴尔加斯"]),
    "她 continues the speaker": (f"{LEAD}她强调，中方一直积极开展禁毒合作。", [LIN, LIN]),
    "a role continues the person who holds it": (
        f"{LEAD}\n\n发言人还指出，中美双方保持着沟通。",
        [LIN, LIN],
    ),
    "…时表示": ("林若溪在回答记者提问时表示，中方愿同各方加强合作。", [LIN]),
    "据…报道": ("据新华社报道，两国官员将在下月会面。", ["新华社"]),
    "the main clause's speaker, not a when-clause's": (
        "美方指责中国纵容出口后，外交部发言人林若溪表示，这一说法毫无根据。",
        [LIN],
    ),
    "a relay gives way to the voice it relays": (
        "据新华社报道，外交部发言人林若溪表示，中方愿意合作。",
        [LIN],
    ),
    "a quotation of several sentences": (
        "林若溪说：“芬太尼是美国的问题。美方应该反躬自省。”",
        [LIN, LIN],
    ),
    "a quote closed before its attribution": (
        "「我們不接受這種說法。」外交部發言人林若溪稱。",
        [LIN, LIN],
    ),
    "traditional characters": ("外交部發言人林若溪強調，中方從未放鬆管制。", [LIN]),
    "a gloss in brackets and a date in Taiwan's style": (
        "美國總統當選人巴克（Tom Buck）今（25）日在社群平台發文表示，將加徵關稅。",
        ["巴克"],
    ),
    "據…報導 with a publication": ("據《聯合報》報導，雙方將於下週會談。", ["聯合報"]),
    "a dropped subject is the speaker heard last": (
        "林若溪表示，中方反对无端指责。还强调，中方愿意合作。",
        [LIN, LIN],
    ),
    "a statement's numbered points continue its issuer": (
        "商务部新闻发言人何思远表示：\n\n一、中方将加强出口管制。\n\n二、中方愿与各方加强合作。",
        ["何思远", "何思远", "何思远"],
    ),
    "a statement reproduced after 原文如下": (
        "5月3日，中国驻秘鲁大使馆通过官网发布严正声明。原文如下：\n\n"
        "近期，个别媒体炒作所谓化学前体来自中国。这一说法毫无根据。\n\n美方称中方纵容出口。",
        [None, None, "中国驻秘鲁大使馆", "中国驻秘鲁大使馆", "中国驻秘鲁大使馆"],
    ),
    "issuing a statement that says what it does is speech": (
        "中国驻秘鲁大使馆发布驳斥美方言论的声明。",
        ["中国驻秘鲁大使馆"],
    ),
    "中方 is the one Chinese body that speaks": (
        "美驻秘使馆发表不实言论 中方驳斥\n\n中国驻秘鲁大使馆称，美方的指责毫无根据。",
        ["中国驻秘鲁大使馆", "中国驻秘鲁大使馆"],
    ),
    "a headline with its source before a colon": ("外交部：中方坚决反对无端指责", ["外交部"]),
    "a short name for a body is its fullest one": (
        "中国驻秘鲁使馆严正声明\n\n中国驻秘鲁大使馆称，美方的指责毫无根据。",
        ["中国驻秘鲁大使馆", "中国驻秘鲁大使馆"],
    ),
    "experts speak as a group, not as the last speaker": (
        f"{LEAD}专家认为，此举将影响两国关系。",
        [LIN, "专家"],
    ),
    "a reporter's question is the outlet's": (
        "法新社记者追问，中方对此有何评论？",
        ["法新社"],
    ),
    "a bracketed dateline, a list of bodies, a later clause's verb": (
        "【某某日報／綜合報導】中國商務部、海關總署10日聯合發布公告，宣布加強出口管理。",
        ["中國商務部"],
    ),
    "a notice speaks for its issuer; a body's short name is its full one": (
        "中国商务部10日发布公告，宣布加强出口管理。公告指出，出口须取得许可证。商务部表示，此举旨在履行国际义务。",
        ["中国商务部", "中国商务部", "中国商务部"],
    ),
    "analysts speak as a group": ("分析人士认为，此举可能为谈判创造条件。", ["分析人士"]),
    "a caption whose main clause threatens": (
        "秘魯總統巴爾加斯揚言對所有進口商品加徵關稅，圖為利馬港口的貨櫃。",
        ["巴爾加斯"],
    ),
    "an unnamed spokesperson replies for the ministry": (
        "秘魯總統巴爾加斯表示，中方未履行承諾。對此，外交部發言人3日晚間回覆，先稱中方管制最嚴，並稱願意合作。",
        ["巴爾加斯", "外交部"],
    ),
    "what a body publishes after 發布，is what it says": (
        "秘魯商務部發布，決定對三種化學品實施出口管制。",
        ["秘魯商務部"],
    ),
    "a notice speaks for its issuer, named where only its title is given": (
        "秘魯商務部發布，決定加強出口管制。\n\n秘魯禁毒辦公室10日也發布「關於防範化學品流失的通告」。"
        "\n\n通告要求，相關企業應增強法律意識。\n\n通告也提到，企業可向使館求助。",
        ["秘魯商務部", None, "秘魯禁毒辦公室", "秘魯禁毒辦公室"],
    ),
    "中方 is the country when two of its bodies speak, one through a notice": (
        "中國商務部發布，決定加強出口管制。\n\n中國禁毒辦公室10日也發布「關於防範化學品流失的通告」。"
        "\n\n兩國元首會晤後，中方承諾阻止化學品外流。",
        ["中國商務部", None, "中國"],
    ),
    "a date after another subject ends a write-up": (
        "秘魯承諾阻止化學品流入美國。美國於4日調降關稅。",
        ["秘魯", None],
    ),
    # no one's speech
    "reporting that a statement on a topic came out": ("大使馆通过官网发布关于芬太尼问题的声明。", [None]),
    "a noun that holds a verb's character": ("这一说法毫无根据，混淆视听。", [None]),
    "据悉 has no source": ("据悉，双方将于下周举行会谈。", [None]),
    "a photo note and a credit": ("（相关资料图）\n\n双方将于下周会谈。（完）", [None, None, None]),
}


@pytest.mark.parametrize("name", CASES)
def test_construction(name: str) -> None:
    text, expected = CASES[name]
    assert speakers(text) == expected


def test_briefing_transcript_turns() -> None:
    text = (
        "2025年3月5日外交部发言人林若溪主持例行记者会\n\n"
        "法新社记者问：中方对此有何回应？\n\n"
        "答：这一说法毫无根据。中方一贯严格管控易制毒化学品。\n\n"
        "林若溪：我们愿意开展合作。"
    )
    got = [(s.speaker.name, s.speaker.how) if s.speaker else None for s in attribute_text(text, lang="zh")]
    assert got == [None, ("法新社", "turn"), (LIN, "turn"), (LIN, "turn"), (LIN, "turn")]


def test_one_labelled_line_is_no_transcript() -> None:
    assert speakers("林若溪：我们愿意开展合作。", lang="zh") == [None]


def test_english_rules_read_none_of_it() -> None:
    """The English grammar finds no Chinese speaker: the cases hold because of the Chinese one."""
    assert speakers(LEAD, lang="en") == [None]


def test_role_and_cue() -> None:
    (s,) = attribute_text(LEAD, lang="zh")
    assert s.speaker is not None
    assert (s.speaker.role, s.speaker.kind, s.speaker.how, s.speaker.cue) == (
        "外交部发言人",
        "person",
        "indirect",
        "表示",
    )


def test_role_from_elsewhere_in_the_article() -> None:
    text = "秘鲁总统巴尔加斯在利马会见来访官员。\n\n巴尔加斯周三回应时指，秘鲁不生产芬太尼。"
    s = attribute_text(text, lang="zh")[1]
    assert s.speaker is not None and (s.speaker.name, s.speaker.role) == ("巴尔加斯", "秘鲁总统")


def test_script_variant_reads_as_chinese() -> None:
    assert speakers("外交部發言人林若溪稱，中方反對。", lang="zh-Hant") == [LIN]


@pytest.mark.parametrize(
    ("phrase", "kind", "name", "role"),
    [
        ("外交部发言人林若溪", "person", "林若溪", "外交部发言人"),
        ("习近平主席", "person", "习近平", "主席"),
        ("中国驻墨西哥大使馆", "org", "中国驻墨西哥大使馆", None),
        ("中國駐墨西哥大使館微信公眾號", "org", "中國駐墨西哥大使館", None),
        ("美国《华尔街日报》", "org", "华尔街日报", None),
        ("中方", "country", "中方", None),
        ("美国特朗普政府", "country", "美国特朗普政府", None),
        ("外交部发言人", "role", "", "外交部发言人"),
    ],
)
def test_read_zh(phrase: str, kind: str, name: str, role: str | None) -> None:
    m = read_zh(phrase)
    assert m is not None
    assert (m.kind, m.name, m.role) == (kind, name, role)


def test_known_names_stop_at_what_follows_a_name() -> None:
    text = "美国总统巴克在会见时表示。外交部发言人林若溪主持记者会。该负责人还说，措施有效。"
    assert known_names(text) == {"巴克", "林若溪"}
