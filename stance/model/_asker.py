"""One question to the model: the prompt for a sentence (or a batch of sentences) under
a codebook, sent through the backend, with the reply parsed and validated."""

from __future__ import annotations

from typing import Any

from ..types import Judgement, Usage
from ._backend import Backend
from ._codebook import Codebook
from ._parse import parse_batch_reply, parse_reply
from ._prompt import (
    PromptTemplate,
    batch_context,
    batch_schema,
    batch_system_message,
    build_batch_messages,
    build_messages,
    system_message,
)


class Asker:
    """Builds the static system message once; each call adds only the sentence's part."""

    def __init__(self, backend: Backend, template: PromptTemplate, codebook: Codebook, batch: bool) -> None:
        self.backend = backend
        self.template = template
        self.codebook = codebook
        self._system = system_message(template, codebook)
        self._batch_system = batch_system_message(template, codebook) if batch else ""
        self._name = "stance_" + codebook.name.replace("-", "_")

    async def one(self, context: dict[str, Any]) -> tuple[Judgement, Usage]:
        return await self.backend.complete(
            build_messages(self._system, self.template, context),
            self.codebook.json_schema,
            lambda content: parse_reply(content, self.codebook),
            name=self._name,
        )

    async def batch(self, contexts: list[dict[str, Any]]) -> tuple[list[Judgement], Usage]:
        """Several sentences in one request. A reply that does not fit is re-asked once;
        after that the caller asks sentence by sentence, which costs less than re-asking
        the whole batch again and again."""
        return await self.backend.complete(
            build_batch_messages(self._batch_system, self.template, batch_context(contexts)),
            batch_schema(self.codebook.json_schema, n=len(contexts)),
            lambda content: parse_batch_reply(content, self.codebook, len(contexts)),
            name="stance_batch",
            reasks=1,
        )
