"""mypy's strict list is the pure rules core, the same modules the import contract keeps pure,
and every one of them is in the files mypy checks (make lint runs it; pyproject.toml)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _pure_rules_contract() -> set[str]:
    contracts = CONFIG["tool"]["importlinter"]["contracts"]
    (pure,) = [c for c in contracts if c["name"].startswith("The pure rules")]
    return set(pure["source_modules"])


def _strict_modules() -> set[str]:
    mypy = CONFIG["tool"]["mypy"]
    (strict,) = [o for o in mypy["overrides"] if o.get("disallow_untyped_defs")]
    assert strict["disallow_any_generics"] and strict["warn_return_any"]
    return set(strict["module"])


def test_mypy_is_strict_on_exactly_the_pure_rules_core():
    assert _strict_modules() == _pure_rules_contract()


def test_every_strict_module_and_every_service_is_checked():
    files = set(CONFIG["tool"]["mypy"]["files"])
    for module in _strict_modules():
        assert module.replace(".", "/") + ".py" in files
    for package in ("plans/services", "coaching/services", "accounts/services"):
        assert package in files
    for path in files:
        assert (ROOT / path).exists(), path


def test_make_lint_runs_mypy():
    lint = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/mypy" in lint
