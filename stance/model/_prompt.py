"""Prompt building: pure functions from (template, codebook, sentence context) to chat messages.

The system message (instructions + codebook) is byte-identical for every request,
so providers' prompt caching applies; the per-sentence part is a short JSON object
in the user message, which also keeps article text from passing as instructions.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from string import Template
from typing import Any

from ..errors import ConfigError
from ..types import AttributedSentence, Speaker
from ._codebook import Codebook
from ._data import data_dir

Message = dict[str, str]
_MAX_NEIGHBOUR_CHARS = 1_000
#: The prompt used when none is named; ``classify-v1`` (English articles, no language
#: in the context) still loads by name or path.
DEFAULT_PROMPT = "classify-v2"


@dataclass(frozen=True)
class PromptTemplate:
    version: str
    system: str
    user: str
    batch_system: str = ""
    batch_user: str = ""
    #: whether the per-sentence context names the article's language (v2 on)
    context_language: bool = False

    @cached_property
    def hash(self) -> str:
        blob = json.dumps([self.version, self.system, self.user, self.batch_system, self.batch_user])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def load_prompt(path: str | Path | None = None) -> PromptTemplate:
    """A prompt template from a TOML file, or a shipped one by version
    (``classify-v1``); the default is :data:`DEFAULT_PROMPT`."""
    name = str(path) if path is not None else DEFAULT_PROMPT
    shipped = data_dir() / f"{name}.toml"
    p = shipped if "/" not in name and not name.endswith(".toml") and shipped.is_file() else Path(name)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
        return PromptTemplate(
            version=data["version"],
            system=data["system"],
            user=data["user"],
            batch_system=data.get("batch_system", ""),
            batch_user=data.get("batch_user", ""),
            context_language=bool(data.get("context_language", False)),
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise ConfigError(f"invalid prompt template {p}: {exc}") from None


def render_codebook(codebook: Codebook) -> str:
    parts = []
    for lab in codebook.labels:
        lines = [f"## {lab.name}", lab.definition]
        if lab.target:
            meaning = lab.target_definition or "whom or what the label is aimed at (null when no one)"
            lines.append(f"Target field `{lab.target}`: {meaning}")
        lines += [f"- Example: {ex}" for ex in lab.examples]
        lines += [f"- Not this label: {ex}" for ex in lab.counter_examples]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def system_message(template: PromptTemplate, codebook: Codebook) -> str:
    keys = ", ".join(f'"{k}"' for k in codebook.json_schema["properties"])
    return Template(template.system).substitute(
        codebook_name=codebook.name,
        codebook_version=codebook.version,
        codebook_description=codebook.description,
        codebook=render_codebook(codebook),
        keys=keys,
        label_list=", ".join(codebook.label_names),
    )


def batch_system_message(template: PromptTemplate, codebook: Codebook) -> str:
    if not template.batch_system or not template.batch_user:
        raise ConfigError(f"prompt {template.version} has no batch_system/batch_user: use --batch-size 1")
    return system_message(template, codebook) + template.batch_system


def batch_schema(schema: dict[str, Any], n: int | None = None) -> dict[str, Any]:
    """The per-sentence schema with an ``id``, as an array under ``answers``: exactly
    ``n`` of them when ``n`` is given, so a server that enforces the schema cannot
    return a short list."""
    item = {
        **schema,
        "properties": {"id": {"type": "integer"}, **schema["properties"]},
        "required": ["id", *schema["required"]],
    }
    answers: dict[str, Any] = {"type": "array", "items": item}
    if n is not None:
        answers.update(minItems=n, maxItems=n)
    return {
        "type": "object",
        "properties": {"answers": answers},
        "required": ["answers"],
        "additionalProperties": False,
    }


def batch_context(contexts: list[dict[str, Any]]) -> dict[str, Any]:
    """Several consecutive sentences' contexts folded into one object."""
    lang = {"language": contexts[0]["language"]} if "language" in contexts[0] else {}
    return {
        **lang,
        "previous": contexts[0]["previous"],
        "sentences": [
            {"id": i + 1, "speaker": c["speaker"], "sentence": c["sentence"]}
            for i, c in enumerate(contexts)
        ],
        "next": contexts[-1]["next"],
    }


def build_batch_messages(system: str, template: PromptTemplate, context: dict[str, Any]) -> list[Message]:
    data = _data_json(context)
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": Template(template.batch_user).substitute(context=data)},
    ]


def speaker_context(speaker: Speaker | None) -> str:
    if speaker is None:
        return "none: the journalist's own voice"
    role = f" ({speaker.role})" if speaker.role else ""
    return f"{speaker.name}{role}"


def sentence_context(
    sentences: list[AttributedSentence], i: int, window: int = 1, language: str | None = None
) -> dict[str, Any]:
    """The per-sentence data the model sees; also part of the cache key. ``language``
    (``Spanish (es)``), for prompts that ask for it, comes first."""
    s = sentences[i]
    # neighbours are context only: a runaway one must not blow up every prompt near it
    before = " ".join(x.text for x in sentences[max(0, i - window) : i])[-_MAX_NEIGHBOUR_CHARS:]
    after = " ".join(x.text for x in sentences[i + 1 : i + 1 + window])[:_MAX_NEIGHBOUR_CHARS]
    lang = {"language": language} if language is not None else {}
    return {
        **lang,
        "speaker": speaker_context(s.speaker),
        "previous": before,
        "sentence": s.text,
        "next": after,
    }


def _data_json(context: dict[str, Any]) -> str:
    """Article data as JSON for a user message. ``<`` and ``>`` are written as
    ``\\u003c``/``\\u003e`` (the same JSON) so that chat-template delimiters in the
    text (``<|im_end|>``, ``</s>``, ``<|eot_id|>``) reach no tokenizer as control
    tokens: llama.cpp and vLLM parse special tokens inside message content."""
    return json.dumps(context, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def user_message(template: PromptTemplate, context: dict[str, Any]) -> str:
    data = _data_json(context)
    return Template(template.user).substitute(context=data)


def build_messages(system: str, template: PromptTemplate, context: dict[str, Any]) -> list[Message]:
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": user_message(template, context)},
    ]


def repair_messages(messages: list[Message], bad_reply: str, problem: str) -> list[Message]:
    """Re-ask after an invalid reply: show the model its reply and what was wrong."""
    return [
        *messages,
        {"role": "assistant", "content": bad_reply[:2000]},
        {
            "role": "user",
            "content": f"That reply was not valid: {problem}. Reply again with only the JSON object.",
        },
    ]
