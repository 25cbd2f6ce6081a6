"""The layout of the package and its import rule.

``stance`` is cut by pipeline stage. A stage may import only the stages below it::

    errors, types           base: no stance imports (config imports errors)
    config                  settings, read from arguments and the environment
    text                    reading, segmentation, attribution        → base
    model                   codebook, prompt, parse, backend          → base, config
    pipeline                classifier, runs, cache                   → text, model, base
    report                  writers, HTML, summaries, palette         → text, model, base
    evaluation              harness, metrics, baselines, reports      → pipeline, report, text, model, base
    batch                   batch files, shards, pooled caches        → pipeline, text, model, base
    serve                   the HTTP service                          → everything but cli
    cli                     the command line                          → everything

Between stages only the package's public names are used (``stance.text``, never
``stance.text._segment``). Tests import public names too, except the unit tests of one
stage, which live in ``tests/<stage>/`` and may use that stage's private modules;
``eval/`` scripts use public names only. No module is longer than 400 lines.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import stance

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "stance"
BASE = {"errors", "types", "config"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "types": set(),
    "config": {"errors"},
    "text": {"errors", "types"},
    "model": BASE,
    "pipeline": BASE | {"text", "model"},
    "report": BASE | {"text", "model"},
    "evaluation": BASE | {"text", "model", "pipeline", "report"},
    "batch": BASE | {"text", "model", "pipeline"},
    "serve": BASE | {"text", "model", "pipeline", "report", "evaluation", "batch"},
    "cli": BASE | {"text", "model", "pipeline", "report", "evaluation", "batch", "serve"},
}
ALLOWED["__main__"] = ALLOWED["cli"] | {"cli"}  # python -m stance
STAGES = {k for k in ALLOWED if k not in BASE and k != "__main__"}
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


def _imports(path: Path, package: str) -> list[str]:
    """Every stance module a file imports (lazy and TYPE_CHECKING imports included)."""
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] == "stance"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "stance":
                continue
            if node.module is None or mod in ("stance", *(f"stance.{s}" for s in STAGES)):
                # "from . import _gc", "from .. import report": the names may be modules
                out += [f"{mod}.{a.name}" if not a.name[0].isupper() else mod for a in node.names]
            else:
                out.append(mod)
    return out


def _stage(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _package_of(path: Path) -> str:
    parts = ["stance", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts if path.name == "__init__.py" else parts[:-1])


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_stage_imports_only_the_stages_below_it(path: Path) -> None:
    stage = _stage(path)
    assert stage in ALLOWED, f"{stage} is not a stage of the import rule: add it to the docstring and ALLOWED"
    for mod in _imports(path, _package_of(path)):
        parts = mod.split(".")
        if len(parts) < 2 or parts[1].startswith("__"):
            continue  # stance itself: __version__
        target = parts[1]
        if target == stage:
            continue
        assert target in ALLOWED[stage], f"{path.name}: {stage} may not import {mod}"
        assert not any(p.startswith("_") for p in parts[2:]), f"{path.name}: {mod} is private to {target}"


@pytest.mark.parametrize("path", sorted(ROOT.glob("tests/**/*.py")) + sorted(ROOT.glob("eval/*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_tests_and_scripts_use_public_names(path: Path) -> None:
    rel = path.relative_to(ROOT).parts
    own = rel[1] if rel[0] == "tests" and len(rel) > 2 else None
    for mod in _imports(path, "tests"):
        parts = mod.split(".")
        private = [p for p in parts[1:] if p.startswith("_") and p != "__version__"]
        if private:
            assert own is not None and parts[1] == own, f"{path.name} imports {mod}, private to stance.{parts[1]}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("stage", sorted(s for s in STAGES if (PACKAGE / s).is_dir()))
def test_every_stage_says_what_it_owns_and_exports_names_that_exist(stage: str) -> None:
    module = importlib.import_module(f"stance.{stage}")
    assert module.__doc__ and len(module.__doc__.split()) > 20, f"stance.{stage} needs a docstring"
    assert sorted(module.__all__) == sorted(set(module.__all__))
    for name in module.__all__:
        assert hasattr(module, name), f"stance.{stage}.__all__ names {name}, which it lacks"
    assert not [p for p in (PACKAGE / stage).glob("*.py") if not p.name.startswith("_")], (
        f"implementation modules of stance.{stage} are private (_name.py)"
    )


def test_the_public_api_resolves() -> None:
    for name in stance.__all__:
        assert getattr(stance, name) is not None
    assert sorted(dir(stance)) == sorted(stance.__all__)


def test_the_rule_would_catch_a_crossing(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text("from ..pipeline import Classifier\nfrom ..model._backend import scrub\n")
    found = _imports(bad, "stance.text")
    assert "stance.pipeline" in found and "stance.model._backend" in found
    assert "pipeline" not in ALLOWED["text"]
