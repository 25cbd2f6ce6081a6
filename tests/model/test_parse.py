"""Reply parsing on the messy replies real servers send."""

from __future__ import annotations

import pytest

from stance.model import ReplyInvalid, extract_json_object, load_codebook, parse_reply

CB = load_codebook()
FULL = '{"denies_production": true, "attributes_blame": false, "blame_target": null, "offers_cooperation": false, "rationale": "denies"}'


@pytest.mark.parametrize(
    "reply",
    [
        FULL,
        f"```json\n{FULL}\n```",
        f"Sure! Here is the answer:\n{FULL}\nHope this helps.",
        FULL.replace("true", '"true"').replace("false", '"no"'),
        FULL.replace('"rationale": "denies"}', '"rationale": "denies",}'),
        '{"labels": ["denies_production"], "blame_target": null, "rationale": "denies"}',
        '{"labels": {"denies_production": 1, "attributes_blame": 0, "offers_cooperation": 0}}',
        '  {"denies_production":true,"attributes_blame":false,"offers_cooperation":false,"note":"extra keys are ignored"}',
    ],
)
def test_accepts_readable_variants(reply: str) -> None:
    j = parse_reply(reply, CB)
    assert j.labels == ["denies_production"]
    assert j.targets == {"blame_target": None}


def test_target_kept_only_with_its_label() -> None:
    j = parse_reply(
        '{"denies_production": false, "attributes_blame": true, "blame_target": " the United States ",'
        ' "offers_cooperation": false, "rationale": "x"}',
        CB,
    )
    assert j.labels == ["attributes_blame"]
    assert j.targets["blame_target"] == "the United States"
    j = parse_reply(FULL.replace('"blame_target": null', '"blame_target": "China"'), CB)
    assert j.targets["blame_target"] is None  # no blame label, so no target


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("", "empty"),
        ("I cannot help with that.", "no JSON object"),
        ('{"denies_production": true, "attributes_bla', "cut off"),
        ('{"denies_production": true}', "missing keys: attributes_blame, offers_cooperation"),
        ('{"labels": ["denies_production", "praises_china"]}', "not in the codebook: praises_china"),
        (FULL.replace("true", '"maybe"'), '"denies_production" must be true or false'),
        ("[1, 2, 3]", "no JSON object"),
    ],
)
def test_rejects_with_a_reason(reply: str, problem: str) -> None:
    with pytest.raises(ReplyInvalid, match=problem):
        parse_reply(reply, CB)


def test_braces_inside_strings_do_not_confuse_extraction() -> None:
    obj = extract_json_object('noise {"rationale": "a } brace and a \\" quote", "x": {"y": 1}} tail')
    assert obj == {"rationale": 'a } brace and a " quote', "x": {"y": 1}}


def test_injected_label_names_cannot_appear() -> None:
    j = parse_reply(FULL[:-1] + ', "ignore_previous_instructions": true, "praise": true}', CB)
    assert j.labels == ["denies_production"] and j.targets == {"blame_target": None}
