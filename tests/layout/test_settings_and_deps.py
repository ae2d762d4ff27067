"""Clean configuration: the settings do not look for pytest (tests choose their data dir in
tests/conftest.py), and every third-party package the runtime imports is declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "meldungen"


def test_tests_run_on_a_data_dir_of_their_own():
    from django.conf import settings

    assert "pytest" not in (PACKAGE / "settings.py").read_text(encoding="utf-8")
    assert settings.TESTING
    assert (REPO / "var").resolve() != settings.DATA_DIR


def _top_level_imports(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"meldungen", "__future__"}


def _declared(group: str | None = None) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["optional-dependencies"][group] if group else project["dependencies"]
    names = {re.split(r"[<>=!\[; ]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}
    return names


def _distributions(module: str) -> set[str]:
    return {d.lower().replace("_", "-") for d in packages_distributions().get(module, [module])}


def test_every_imported_package_is_declared():
    runtime = [p for p in PACKAGE.rglob("*.py") if "training" not in p.relative_to(PACKAGE).parts]
    training = list((PACKAGE / "training").rglob("*.py"))
    declared = _declared()
    missing = {m for m in _top_level_imports(runtime) if not _distributions(m) & declared}
    assert missing == set()
    # training also reads german-nouns, installed apart by `make train-deps` (see pyproject)
    extra = declared | _declared("train") | {"german-nouns"}
    missing = {m for m in _top_level_imports(training) if not _distributions(m) & extra}
    assert missing == set()


def test_every_package_the_tests_import_is_declared_for_them():
    tests = REPO / "tests"
    local = {p.stem for p in tests.rglob("*.py")} | {"tests"}  # helpers beside the tests
    declared = _declared() | _declared("test")
    imported = _top_level_imports(tests.rglob("*.py")) - local
    missing = {m for m in imported if not _distributions(m) & declared}
    assert missing == set()
