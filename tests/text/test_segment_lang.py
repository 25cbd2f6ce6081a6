"""Spanish and Chinese segmentation (fixtures/ANNOTATION.md rules 11–15), exact offsets
over the labelled corpus in both languages, and language detection."""

from __future__ import annotations

import json

import pytest

from stance.evaluation import boundary_scores
from stance.text import attribute, detect_language, segment
from stance.text._lang import base_language, check_language, language_name
from tests.attribution_scoring import ROOT

FIXTURES = ROOT / "fixtures"
SPLIT = json.loads((FIXTURES / "split.json").read_text(encoding="utf-8"))["articles"]


def _labelled(lang: str) -> list[tuple[str, str, dict]]:
    out = []
    for f in sorted((FIXTURES / "labels").glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        if gold["lang"] == lang:
            text = (FIXTURES / "articles" / f"{gold['article']}.txt").read_text(encoding="utf-8")
            out.append((gold["article"], text, gold))
    return out


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in segment(text, lang=lang)]


# Made-up examples, one per rule; none is copied from a labelled article.
SPANISH = {
    "titles never end a sentence": (
        "Habló el Mtro. Juan Pérez con la Dra. Ana Ruiz y el Gral. Ortega. Coincidieron.",
        ["Habló el Mtro. Juan Pérez con la Dra. Ana Ruiz y el Gral. Ortega.", "Coincidieron."],
    ),
    "abbreviations before numbers": (
        "Vive en la Av. Reforma núm. 222, según la pág. 12 del acta del 3 de mar. de 2023. Ahí llegó.",
        ["Vive en la Av. Reforma núm. 222, según la pág. 12 del acta del 3 de mar. de 2023.", "Ahí llegó."],
    ),
    "EE.UU. and EE. UU. mid-sentence": (
        "Viajó a EE. UU. y habló con el Sr. Biden sobre EE.UU. Donald Trump no estaba. Volvió.",
        ["Viajó a EE. UU. y habló con el Sr. Biden sobre EE.UU. Donald Trump no estaba.", "Volvió."],
    ),
    "EE.UU. at the end of a sentence": (
        "Los precursores llegan a EE.UU. El gobierno lo niega.",
        ["Los precursores llegan a EE.UU.", "El gobierno lo niega."],
    ),
    "datelines": (
        "Bogotá, 3 mar (EFE).- El ministro habló. Quito.- Nadie respondió.",
        ["Bogotá, 3 mar (EFE).- El ministro habló.", "Quito.- Nadie respondió."],
    ),
    "guillemets: split inside, closer stays": (
        "Dijo: «Vinimos a escuchar. Nos vamos sin nada». Luego se fue.",
        ["Dijo: «Vinimos a escuchar.", "Nos vamos sin nada».", "Luego se fue."],
    ),
    "question and exclamation marks end at the closing mark": (
        "Lo dijo claramente. ¿Y ahora qué? ¡Nada! Fin.",
        ["Lo dijo claramente.", "¿Y ahora qué?", "¡Nada!", "Fin."],
    ),
    "a dialogue dash does not end a sentence": (
        "—¡Basta! —gritó la ministra—. —¿Por qué? —preguntó el periodista.",
        ["—¡Basta! —gritó la ministra—.", "—¿Por qué? —preguntó el periodista."],
    ),
    "a bracketed acronym can end a sentence": (
        "Lo informó la Secretaría de Marina (Semar). El buque llegó.",
        ["Lo informó la Secretaría de Marina (Semar).", "El buque llegó."],
    ),
    "thousands separator": (
        "Murieron 100.000 personas. La cifra es alta.",
        ["Murieron 100.000 personas.", "La cifra es alta."],
    ),
}

CHINESE = {
    "stops need no space": (
        "美方称中方应负责。中方驳斥！真的吗？是的?好!",
        ["美方称中方应负责。", "中方驳斥！", "真的吗？", "是的?", "好!"],
    ),
    "a quotation of several sentences is split; its closing quote stays": (
        "他说：“我们反对。我们支持合作。”记者追问。",
        ["他说：“我们反对。", "我们支持合作。”", "记者追问。"],
    ),
    "corner brackets": ("「我們反對。」他說。", ["「我們反對。」", "他說。"]),
    "semicolons join clauses": (
        "今年3月，美国实施关税；中方回应称不接受。",
        ["今年3月，美国实施关税；中方回应称不接受。"],
    ),
    "numbered points start a segment": (
        "声明如下：一、坚持合作；二、反对霸凌；三、尊重事实。",
        ["声明如下：", "一、坚持合作；", "二、反对霸凌；", "三、尊重事实。"],
    ),
    "bracketed and arabic numbered points": (
        "主要措施：（一）加强管控；（二）扩大合作。要点：1. 加强；2. 合作。",
        ["主要措施：", "（一）加强管控；", "（二）扩大合作。", "要点：", "1. 加强；", "2. 合作。"],
    ),
    "datelines stay; a credit after the stop is its own": (
        "新华社北京5月3日电 外交部发言人表示，中方坚决反对。（完）",
        ["新华社北京5月3日电 外交部发言人表示，中方坚决反对。", "（完）"],
    ),
    "a bracket closed after the stop stays": (
        "他表示（详见附件。）此事已结束。",
        ["他表示（详见附件。）", "此事已结束。"],
    ),
    "decimals and book titles": (
        "据《华尔街日报》报道，增长2.5%。会议开了1.5小时。",
        ["据《华尔街日报》报道，增长2.5%。", "会议开了1.5小时。"],
    ),
    "lines and spaces": (
        "標題沒有句號\n  第一句。 第二句。\n",
        ["標題沒有句號", "第一句。", "第二句。"],
    ),
}


@pytest.mark.parametrize("case", list(SPANISH))
def test_spanish_rules(case: str) -> None:
    text, expected = SPANISH[case]
    assert texts(text, "es") == expected


@pytest.mark.parametrize("case", list(CHINESE))
def test_chinese_rules(case: str) -> None:
    text, expected = CHINESE[case]
    assert texts(text, "zh") == expected


def test_english_rules_are_the_default() -> None:
    text = "Vive en la Av. Reforma. El buque llegó."  # Spanish text, English rules
    assert texts(text, "en") == [s.text for s in segment(text)] == ["Vive en la Av.", "Reforma.", "El buque llegó."]
    assert texts(text, "es") == ["Vive en la Av. Reforma.", "El buque llegó."]
    assert texts(text, "es-MX") == texts(text, "es")
    assert [s.text for s in segment("中方驳斥！真的吗？", lang="zh-Hant")] == ["中方驳斥！", "真的吗？"]


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_offsets_are_exact_over_the_corpus(lang: str) -> None:
    """Every sentence of every labelled article, dev and test: its text is the article's
    text at its offsets, stripped, on one line; every non-space character is in one."""
    articles = _labelled(lang)
    assert articles
    for article_id, text, _ in articles:
        sentences = attribute(text, segment(text, lang=lang))
        covered = 0
        last = 0
        for i, s in enumerate(sentences):
            assert s.index == i
            assert s.text == text[s.start : s.end], article_id
            assert s.text == s.text.strip() and s.text, article_id
            assert "\n" not in s.text
            assert s.start >= last
            assert text[last : s.start].strip() == "", (article_id, text[last : s.start])
            covered += len(s.text)
            last = s.end
        assert text[last:].strip() == ""


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_dev_boundary_f1(lang: str) -> None:
    """Tuned on the dev articles only (fixtures/split.json); eval/segmentation.py prints
    the figures per language and split."""
    tp = fp = fn = 0
    for article_id, text, gold in _labelled(lang):
        if SPLIT[article_id]["split"] != "dev":
            continue
        b = boundary_scores(gold["sentences"], segment(text, lang=lang)).boundary
        tp, fp, fn = tp + b.tp, fp + b.fp, fn + b.fn
    assert tp and 2 * tp / (2 * tp + fp + fn) >= 0.98


# -- detection -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "zh"])
def test_detection_names_every_labelled_article(lang: str) -> None:
    for article_id, text, _ in _labelled(lang):
        assert detect_language(text) == lang, article_id


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("La ministra negó que el país produzca la droga.", "es"),
        ("外交部发言人表示，中方坚决反对。", "zh"),
        ("美國這是在甩鍋他國。", "zh"),  # traditional characters
        ("The minister denied that the country makes the drug.", "en"),
        ("…", "en"),  # nothing to go by
    ],
)
def test_detection_of_short_texts(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_codes() -> None:
    assert base_language("zh-Hant") == "zh" and base_language("ES-mx") == "es"
    assert base_language("yue") == "zh" and base_language(None) is None
    assert language_name("es") == "Spanish (es)" and language_name("zh-Hant") == "Chinese (zh-Hant)"
    assert language_name("tlh") == "tlh"
    assert check_language(" es ") == "es"
    with pytest.raises(Exception, match="not a language code"):
        check_language("spanish!")
