"""One question to the model: the prompt for a sentence (or a batch of sentences) under
a codebook, sent through the backend, with the reply parsed and validated.

The same question can also be written down instead of sent (:meth:`Asker.one_body`,
:meth:`Asker.batch_body`: the body the online path would send) and its answer read from
a chat completion that came back some other way (:meth:`Asker.read_one`,
:meth:`Asker.read_batch`: validated as the online path validates a reply)."""

from __future__ import annotations

from typing import Any

from ..types import Judgement, Usage
from ._backend import Backend
from ._codebook import Codebook
from ._parse import parse_batch_reply, parse_reply
from ._prompt import (
    Message,
    PromptTemplate,
    batch_context,
    batch_schema,
    batch_system_message,
    build_batch_messages,
    build_messages,
    system_message,
)
from ._request import read_completion

_Question = tuple[list[Message], dict[str, Any], str]  # messages, schema, schema name


class Asker:
    """Builds the static system message once; each call adds only the sentence's part."""

    def __init__(self, backend: Backend, template: PromptTemplate, codebook: Codebook, batch: bool) -> None:
        self.backend = backend
        self.template = template
        self.codebook = codebook
        self._system = system_message(template, codebook)
        self._batch_system = batch_system_message(template, codebook) if batch else ""
        self._name = "stance_" + codebook.name.replace("-", "_")

    def _one(self, context: dict[str, Any]) -> _Question:
        messages = build_messages(self._system, self.template, context)
        return messages, self.codebook.json_schema, self._name

    def _batch(self, contexts: list[dict[str, Any]]) -> _Question:
        if not self._batch_system:  # an asker made for single questions, asked for a batch
            self._batch_system = batch_system_message(self.template, self.codebook)
        messages = build_batch_messages(self._batch_system, self.template, batch_context(contexts))
        return messages, batch_schema(self.codebook.json_schema, n=len(contexts)), "stance_batch"

    def _parse_one(self, content: str) -> Judgement:
        return parse_reply(content, self.codebook)

    async def one(self, context: dict[str, Any]) -> tuple[Judgement, Usage]:
        messages, schema, name = self._one(context)
        return await self.backend.complete(messages, schema, self._parse_one, name=name)

    async def batch(self, contexts: list[dict[str, Any]]) -> tuple[list[Judgement], Usage]:
        """Several sentences in one request. A reply that does not fit is re-asked once;
        after that the caller asks sentence by sentence, which costs less than re-asking
        the whole batch again and again."""
        messages, schema, name = self._batch(contexts)
        n = len(contexts)
        return await self.backend.complete(
            messages, schema, lambda content: parse_batch_reply(content, self.codebook, n), name=name, reasks=1
        )

    def one_body(self, context: dict[str, Any]) -> dict[str, Any]:
        """The request body :meth:`one` sends first for this sentence."""
        return self.backend.request_body(*self._one(context))

    def batch_body(self, contexts: list[dict[str, Any]]) -> dict[str, Any]:
        """The request body :meth:`batch` sends first for these sentences."""
        return self.backend.request_body(*self._batch(contexts))

    def read_one(self, completion: Any) -> Judgement:
        """The answer in a chat completion's JSON to :meth:`one_body`; ReplyInvalid if
        the online path would have rejected it."""
        return read_completion(completion, self._parse_one)

    def read_batch(self, completion: Any, n: int) -> list[Judgement]:
        """The ``n`` answers in a chat completion's JSON to :meth:`batch_body`."""
        return read_completion(completion, lambda content: parse_batch_reply(content, self.codebook, n))
