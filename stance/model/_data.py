"""Where the shipped data files are: ``prompts/`` inside the installed wheel, or at the
top of a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir() -> Path:
    packaged = resources.files("stance") / "prompts"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "prompts"
