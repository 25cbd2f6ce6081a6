"""Pydantic models shared by every stage: sentences, speakers, records."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: An ISO 639 language code, optionally with a script or region: ``en``, ``es-MX``, ``zh-Hant``.
LANGUAGE_CODE = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"

How = Literal["direct", "indirect", "continuation", "headline", "document", "turn"]
SpeakerKind = Literal["person", "body", "country"]


class Article(BaseModel):
    """One input text. ``id`` names it in every record (file stem, JSONL id, or ``-``).

    ``lang`` is the article's language (``en``, ``es``, ``zh``; detected when not given);
    ``source`` is the body whose own voice the text is (a ministry for its own press
    release), or ``None`` for news copy, where the text's own voice is the journalist's.
    """

    id: str
    text: str
    date: str | None = None
    lang: str | None = Field(default=None, pattern=LANGUAGE_CODE)
    source: str | None = None


class Sentence(BaseModel):
    """A sentence with character offsets into the original article text: ``text == article[start:end]``."""

    model_config = ConfigDict(frozen=True)

    index: int
    start: int
    end: int
    text: str


class Speaker(BaseModel):
    """Who carries the claim in a sentence, and the evidence for that decision.

    ``name`` is the canonical name of the person or body within the article, ``kind``
    says which it is, and ``mention`` is the surface form in this sentence when it
    differs (``Ottawa`` for the Canadian government, ``the spokesperson`` for Mao Ning).
    ``how`` is the construction that decided it: a direct quote, indirect speech,
    continuation from an earlier sentence (pronoun, surname, title or role), a
    ``Speaker: claim`` headline, the document's own voice (its ``source``), or a turn
    of a transcript. ``cue`` is the verb or phrase that decided it. A sentence in the
    journalist's own voice has no Speaker at all (``None``).
    """

    model_config = ConfigDict(frozen=True)

    name: str
    role: str | None = None
    kind: SpeakerKind | None = None
    mention: str | None = None
    how: How = "direct"
    cue: str | None = None


class AttributedSentence(Sentence):
    speaker: Speaker | None = None


class Usage(BaseModel):
    """Token and request counts as the server reported them."""

    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0

    def add(self, other: Usage) -> None:
        self.requests += other.requests
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cached_prompt_tokens += other.cached_prompt_tokens


class Judgement(BaseModel):
    """The model's answer for one sentence, after validation against the codebook."""

    labels: list[str] = Field(default_factory=list)
    targets: dict[str, str | None] = Field(default_factory=dict)
    rationale: str | None = None


class Record(BaseModel):
    """One output line: a sentence, its speaker, and its stance labels.

    ``error`` is set (and ``labels`` empty) when the sentence could not be classified;
    the rest of the article is unaffected.
    """

    article: str
    index: int
    start: int
    end: int
    text: str
    speaker: Speaker | None
    labels: list[str] = Field(default_factory=list)
    targets: dict[str, str | None] = Field(default_factory=dict)
    rationale: str | None = None
    model: str
    prompt_version: str
    codebook: str
    codebook_hash: str
    cached: bool = False
    error: str | None = None
    date: str | None = None
    lang: str | None = None


class ArticleResult(BaseModel):
    """One article's records, and the requests and tokens its classification cost."""

    article: str
    records: list[Record]
    usage: Usage = Field(default_factory=Usage)

    @property
    def failed(self) -> list[Record]:
        return [r for r in self.records if r.error is not None]
