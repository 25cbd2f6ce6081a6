"""One name for a person or body across articles and languages.

Records name a speaker as their article does (``毛宁`` in a Chinese article, ``Mao
Ning`` in an English one): names are canonical within an article, in its script. An
alias table merges them where a corpus is summarised, so that ``stance summarize``
counts one person once. It is TOML, one canonical name per key::

    "Mao Ning" = ["毛宁", "毛寧", "Mao"]
    "Mexican government" = ["Gobierno de México", "墨西哥政府"]

Names are compared folded: case, accents, curly apostrophes and extra spaces do not
matter. The table shipped in ``prompts/aliases.toml`` covers the actors of the default
codebook's debate; more files add to it, a later file winning for a name that two
tables map differently.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..model import data_dir


def default_aliases_path() -> Path:
    return data_dir() / "aliases.toml"


def fold(name: str) -> str:
    """``López Obrador`` and ``lopez  obrador`` alike; CJK characters are left as they are."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class Aliases:
    """Folded alias → canonical name."""

    table: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        return self.table.get(fold(name), name)

    def __len__(self) -> int:
        return len(set(self.table.values()))


def parse_aliases(data: Mapping[str, object], source: str) -> dict[str, str]:
    """Folded alias → canonical name from a parsed table; ConfigError on a bad entry or
    a name given to two canonical names in the same table."""
    out: dict[str, str] = {}
    for canonical, names in data.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(f"invalid alias file {source}: {canonical!r} must map to a list of names")
        for name in [canonical, *names]:
            key = fold(name)
            other = out.get(key)
            if other is not None and other != canonical:
                raise ConfigError(
                    f"invalid alias file {source}: {name!r} is an alias of both {other!r} and {canonical!r}"
                )
            out[key] = canonical
    return out


def load_aliases(paths: Iterable[str | Path] = (), *, default: bool = True) -> Aliases:
    """The shipped table (unless ``default`` is false) with each file in ``paths`` merged
    over it in order."""
    files = [default_aliases_path()] if default else []
    files += [Path(p) for p in paths]
    table: dict[str, str] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"no such alias file: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read alias file {path}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid alias file {path}: {exc}") from None
        table.update(parse_aliases(data, str(path)))
    return Aliases(table)
