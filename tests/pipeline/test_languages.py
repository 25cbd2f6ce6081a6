"""Articles in Spanish and Chinese through the pipeline: the language is detected or
given (``--lang``, a JSONL ``lang`` field, ``Article.lang``), recorded in every record,
picks the segmentation rules, and reaches the model in the prompt's context (v2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stance.cli import cli
from stance.model import batch_context, load_prompt, sentence_context
from stance.pipeline import Classifier
from stance.types import Article, AttributedSentence
from tests.fakes import KEY, FakeClient, _user_data
from tests.faultserver import FaultServer

ES = "Ciudad de México.- El Sr. Pérez dijo que el país no produce fentanilo. «Cooperamos con China», añadió.\n"
ZH = "外交部发言人表示：“中方坚决反对。我们愿意合作。”（完）\n"
EN = "Mexico does not produce fentanyl, the minister said. China is open to cooperation.\n"


def clf(fake: Any, **kw: Any) -> Classifier:
    return Classifier(client=fake, model="fake-model", **kw)


def _contexts(fake: FakeClient) -> list[dict[str, Any]]:
    return [_user_data(r) for r in fake.requests]


def test_language_is_detected_recorded_and_picks_the_rules(fake: FakeClient) -> None:
    with clf(fake) as c:
        es = c.classify_text(ES, article_id="es").records
        zh = c.classify_text(ZH, article_id="zh").records
        en = c.classify_text(EN, article_id="en").records
    assert {r.lang for r in es} == {"es"} and {r.lang for r in zh} == {"zh"} and {r.lang for r in en} == {"en"}
    # Spanish rules: "Sr." ends no sentence; Chinese rules: split inside the quotation
    assert [r.text for r in es] == [
        "Ciudad de México.- El Sr. Pérez dijo que el país no produce fentanilo.",
        "«Cooperamos con China», añadió.",
    ]
    assert [r.text for r in zh] == ["外交部发言人表示：“中方坚决反对。", "我们愿意合作。”", "（完）"]
    assert all(ZH[r.start : r.end] == r.text for r in zh)
    languages = [ctx["language"] for ctx in _contexts(fake)]
    assert languages == ["Spanish (es)"] * 2 + ["Chinese (zh)"] * 3 + ["English (en)"] * 2


def test_a_given_language_wins_over_detection(fake: FakeClient) -> None:
    text = "La ministra vive en la Av. Reforma. No produce fentanilo."
    with clf(fake) as c:
        # Spanish text said to be English: English rules split after "Av."
        recs = list(c.stream([Article(id="a", text=text, lang="en")]))
        assert c.classify_text(text).records[0].text.endswith("Av. Reforma.")
    assert {r.lang for r in recs} == {"en"} and recs[0].text.endswith("Av.")
    assert _contexts(fake)[0]["language"] == "English (en)"


def test_the_language_changes_the_cache_key(fake: FakeClient) -> None:
    with clf(fake) as c:
        list(c.stream([Article(id="a", text=EN, lang="en")]))
        again = list(c.stream([Article(id="a", text=EN, lang="en")]))
        other = list(c.stream([Article(id="a", text=EN, lang="es-US")]))
    assert all(r.cached for r in again) and not any(r.cached for r in other)


def test_prompt_v1_still_loads_and_sends_no_language(fake: FakeClient) -> None:
    v1 = load_prompt("classify-v1")
    assert v1.version == "classify-v1" and not v1.context_language
    assert load_prompt().version == "classify-v2" and load_prompt().context_language
    with clf(fake, prompt=v1) as c:
        recs = c.classify_text(ES).records
    assert {r.prompt_version for r in recs} == {"classify-v1"} and {r.lang for r in recs} == {"es"}
    assert all("language" not in ctx for ctx in _contexts(fake))


def test_prompt_v2_asks_for_english_targets() -> None:
    v2 = load_prompt()
    assert "in English whatever the sentence's language" in v2.system
    assert '"language"' in v2.system and '"language"' in v2.batch_system


def test_batch_requests_carry_the_language(fake: FakeClient) -> None:
    with clf(fake, batch_size=4) as c:
        recs = c.classify_text(ZH).records
    assert len(recs) == 3 and all(r.error is None for r in recs)
    (ctx,) = _contexts(fake)
    assert ctx["language"] == "Chinese (zh)" and len(ctx["sentences"]) == 3


def test_sentence_context_names_the_language_first() -> None:
    s = [AttributedSentence(index=0, start=0, end=3, text="Hola")]
    assert list(sentence_context(s, 0, language="Spanish (es)")) == ["language", "speaker", "previous", "sentence", "next"]
    assert "language" not in sentence_context(s, 0)
    assert batch_context([sentence_context(s, 0, language="Spanish (es)")])["language"] == "Spanish (es)"


# -- the command line -------------------------------------------------------------------


def _run(server: FaultServer, *args: str) -> Any:
    opts = ["--base-url", server.url, "--model", "m", "--max-retries", "1", "--format", "jsonl"]
    return CliRunner().invoke(cli, ["classify", *args, *opts], env={"OPENAI_API_KEY": KEY})


def test_cli_lang_option_and_jsonl_field(server: FaultServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "own", "text": ES, "lang": "es-MX"}) + "\n" + json.dumps({"id": "other", "text": ES}) + "\n",
        encoding="utf-8",
    )
    result = _run(server, str(corpus), "--lang", "en")
    assert result.exit_code == 0, result.output
    langs = {(r["article"], r["lang"]) for r in map(json.loads, result.stdout.splitlines())}
    assert langs == {("own", "es-MX"), ("other", "en")}  # the article's own field first
    detected = _run(server, str(corpus))
    assert {json.loads(x)["lang"] for x in detected.stdout.splitlines()} == {"es-MX", "es"}


def test_cli_rejects_a_bad_language(server: FaultServer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(EN, encoding="utf-8")
    result = _run(server, str(article), "--lang", "Spanish!")
    assert result.exit_code == 2 and "not a language code" in result.output
    assert "Traceback" not in result.output
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": EN, "lang": 5}) + "\n" + json.dumps({"id": "y", "text": EN, "lang": "??"}) + "\n" + json.dumps({"id": "z", "text": EN}) + "\n", encoding="utf-8")
    result = _run(server, str(corpus))
    assert result.exit_code == 2  # bad lines skipped and named; the good one classified
    assert {json.loads(x)["article"] for x in result.stdout.splitlines()} == {"z"}
    assert 'line 1: "lang" must be a language code' in result.stderr
    assert "line 2: '??' is not a language code" in result.stderr


@pytest.mark.parametrize("bad", ["", "1"])
def test_article_lang_is_validated(bad: str) -> None:
    with pytest.raises(ValueError):
        Article(id="a", text="x", lang=bad)
