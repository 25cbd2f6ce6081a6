"""Codebooks: the labels a model may assign, as a versioned TOML data file.

The response schema is derived from the codebook (one boolean per label, one
nullable string per label target, a short rationale), so a user's own codebook
changes the schema, the prompt and every cache key at once.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import CodebookError, first_problem
from ..types import Record, Speaker
from ._data import data_dir

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
#: Names a label or target may not take: keys of the model's answer besides the labels
#: (a batch item's ``id``, the ``rationale``, a ``labels`` list some models send) and the
#: fields and columns of a record, where target fields become columns.
RESERVED = frozenset(
    {"id", *Record.model_fields, *(f"speaker_{f}" for f in Speaker.model_fields)}
)
_NOT_CODEBOOKS = {"classify-v1", "classify-v2", "aliases"}  # prompt templates and the alias table beside them


class Label(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    definition: str
    examples: list[str] = Field(default_factory=list)
    counter_examples: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    target: str | None = None
    target_definition: str | None = None

    @field_validator("name", "target")
    @classmethod
    def _identifier(cls, v: str | None) -> str | None:
        if v is not None and not _NAME.match(v):
            raise ValueError(f"{v!r} must be a lowercase identifier (a-z, 0-9, _)")
        if v in RESERVED:
            raise ValueError(f"{v!r} is reserved (a key of the answer or a field of the records): rename it")
        return v


class Codebook(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    version: str
    description: str = ""
    labels: list[Label] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _unique(cls, labels: list[Label]) -> list[Label]:
        names = [lab.name for lab in labels] + [lab.target for lab in labels if lab.target]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate label or target names: {', '.join(dupes)}")
        return labels

    @property
    def label_names(self) -> list[str]:
        return [lab.name for lab in self.labels]

    @property
    def target_fields(self) -> dict[str, str]:
        """target field -> the label it belongs to."""
        return {lab.target: lab.name for lab in self.labels if lab.target}

    @cached_property
    def hash(self) -> str:
        """Content hash: any change to a definition, example or keyword changes it."""
        blob = json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    @cached_property
    def json_schema(self) -> dict[str, Any]:
        """Schema for one sentence's answer; valid under OpenAI's strict structured outputs."""
        props: dict[str, Any] = {}
        for lab in self.labels:
            props[lab.name] = {"type": "boolean"}
            if lab.target:
                props[lab.target] = {"type": ["string", "null"]}
        props["rationale"] = {"type": "string"}
        return {
            "type": "object",
            "properties": props,
            "required": list(props),
            "additionalProperties": False,
        }

    @cached_property
    def schema_hash(self) -> str:
        blob = json.dumps(self.json_schema, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def default_codebook_path() -> Path:
    return data_dir() / "codebook.toml"


def shipped_codebooks() -> list[str]:
    """Names of the codebooks that ship with stance (``--codebook NAME`` finds them)."""
    return sorted(p.stem for p in data_dir().glob("*.toml") if p.stem not in _NOT_CODEBOOKS)


def _locate(path: str | Path) -> Path:
    """A path as given, or the shipped codebook of that name (``contested-issues``)."""
    p = Path(path)
    if not p.exists() and p.suffix == "" and p.name == str(path):
        shipped = data_dir() / f"{p.name}.toml"
        if p.name not in _NOT_CODEBOOKS and shipped.is_file():
            return shipped
    return p


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook TOML file (the default one when ``path`` is None)."""
    p = _locate(path) if path is not None else default_codebook_path()
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"codebook not found: {p}") from None
    except OSError as exc:
        raise CodebookError(f"cannot read codebook {p}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CodebookError(f"codebook {p} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"invalid codebook {p}: {exc}") from None
    try:
        return Codebook.model_validate(data)
    except ValidationError as exc:
        raise CodebookError(f"invalid codebook {p}: {first_problem(exc, 'file')}") from None
