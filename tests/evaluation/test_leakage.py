"""No leakage: no example a model or a coder is shown (a codebook's examples and
counter-examples, the examples of the annotation guide) matches a gold sentence,
neither as normalised text nor by a long shared run of words (8 words; 8 characters
of Chinese, which has no spaces). Whole-sentence matches count from four words up: the
guide names agency sign-offs such as `EFE`, which are one-word segments of the gold
too, and a name is no leaked sentence."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from stance.model import shipped_codebooks

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "fixtures" / "ANNOTATION.md"
NGRAM = 8
MIN_TOKENS = 4
# one token per word, or per character of a script written without spaces
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "(culprit: rich nations)" after an example
_QUOTED = re.compile(r"`([^`\n]+)`|“([^”\n]+)”|\"([^\"\n]+)\"")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def normalised(text: str) -> str:
    return " ".join(tokens(text))


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    t = tokens(text)
    return {tuple(t[i : i + n]) for i in range(len(t) - n + 1)}


def codebook_examples(path: Path) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for label in data.get("labels", []):
        for ex in [*label.get("examples", []), *label.get("counter_examples", [])]:
            out.append(_NOTE.sub("", ex))
    return out


def guide_examples(path: Path) -> list[str]:
    """Every quoted or backticked passage of the guide."""
    text = path.read_text(encoding="utf-8")
    return [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]


def gold_sentences() -> list[tuple[str, str]]:
    out = []
    for folder in ("labels", "labels-second"):
        for p in sorted((ROOT / "fixtures" / folder).glob("*.json")):
            doc = json.loads(p.read_text(encoding="utf-8"))
            out += [(doc["article"], s["text"]) for s in doc["sentences"]]
    return out


def leaks(examples: list[str], gold: list[tuple[str, str]]) -> list[str]:
    """Each example that matches a gold sentence, and how."""
    whole = {normalised(text): (article, text) for article, text in gold}
    index: dict[tuple[str, ...], tuple[str, str]] = {}
    for article, text in gold:
        for g in ngrams(text):
            index.setdefault(g, (article, text))
    found = []
    for ex in examples:
        norm = normalised(ex)
        if len(norm.split()) >= MIN_TOKENS and norm in whole:
            found.append(f"{ex!r} is the gold sentence of {whole[norm][0]}")
            continue
        shared = next((g for g in ngrams(ex) if g in index), None)
        if shared is not None:
            article, text = index[shared]
            found.append(f"{ex!r} shares {' '.join(shared)!r} with {article}: {text!r}")
    return found


def _codebooks() -> list[Path]:
    # every shipped codebook, found the way `--codebook NAME` finds them
    return [ROOT / "prompts" / f"{name}.toml" for name in shipped_codebooks()]


@pytest.fixture(scope="module")
def gold() -> list[tuple[str, str]]:
    return gold_sentences()


@pytest.mark.parametrize("path", _codebooks(), ids=lambda p: p.name)
def test_no_codebook_example_matches_a_gold_sentence(path: Path, gold: list[tuple[str, str]]) -> None:
    examples = codebook_examples(path)
    assert examples, f"{path.name} has no examples to check"
    assert leaks(examples, gold) == []


def test_no_guide_example_matches_a_gold_sentence(gold: list[tuple[str, str]]) -> None:
    examples = guide_examples(GUIDE)
    assert len(examples) > 50  # the guide's examples were found
    assert leaks(examples, gold) == []


def test_a_pasted_gold_sentence_fails_the_check(gold: list[tuple[str, str]], tmp_path: Path) -> None:
    article, sentence = next((a, s) for a, s in gold if len(tokens(s)) > 12)
    codebook = (ROOT / "prompts" / "codebook.toml").read_text(encoding="utf-8")
    pasted = tmp_path / "codebook.toml"
    pasted.write_text(codebook.replace("examples = [\n", f"examples = [\n    {json.dumps(sentence)},\n", 1), encoding="utf-8")
    found = leaks(codebook_examples(pasted), gold)
    assert len(found) == 1 and article in found[0]
    # reworded at both ends but keeping a run of eight words: still found
    words = sentence.split()
    reworded = "Officials insisted that " + " ".join(words[1:10]) + " and nothing else."
    assert leaks([reworded], gold)
    # pasted into the guide, between backticks
    guide = tmp_path / "ANNOTATION.md"
    guide.write_text(GUIDE.read_text(encoding="utf-8") + f"\nFor example `{sentence}`.\n", encoding="utf-8")
    assert len(leaks(guide_examples(guide), gold)) == 1


def test_tokens_and_ngrams() -> None:
    assert normalised("“We did NOT,” she said.") == "we did not she said"
    assert leaks(["EFE"], [("a", "EFE")]) == [] and leaks(["We did not, she said."], [("a", "We did NOT she said")])
    assert tokens("我们反对。") == ["我", "们", "反", "对"]
    assert ngrams("one two three", n=2) == {("one", "two"), ("two", "three")}
