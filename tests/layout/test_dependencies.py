"""One-way dependencies, read from the source (every import, at the top or inside a function):
the pure core (text, ingest, enrich, stories) imports no Django and nothing of the shell; the
text module imports nothing else of the core; search does not import web or the API; web does
not import the API."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "meldungen"


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of the modules `path` imports (relative imports resolved)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    return {
        _module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts
    }


def _offending(modules: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    out = {}
    for name, imported in graph().items():
        if name == modules or name.startswith(modules + "."):
            bad = sorted(
                i for i in imported if any(i == f or i.startswith(f + ".") for f in forbidden)
            )
            if bad:
                out[name] = bad
    return out


def test_the_reader_sees_relative_and_function_imports():
    found = imports_of(PACKAGE / "web" / "feeds.py")
    assert "meldungen.web.caching" in found and "meldungen.search.service" in found


def test_pure_core_imports_no_django_and_no_shell():
    shell = ("django", "meldungen.news", "meldungen.web", "meldungen.search", "meldungen.api")
    for core in ("meldungen.text", "meldungen.ingest", "meldungen.enrich", "meldungen.stories"):
        assert _offending(core, shell) == {}, core


def test_the_text_module_is_the_bottom_of_the_core():
    """meldungen.text is used by ingest, enrich, stories and search and imports none of them."""
    others = ("meldungen.ingest", "meldungen.enrich", "meldungen.stories", "meldungen.training")
    assert _offending("meldungen.text", others) == {}
    assert any("meldungen.text" in i for i in imports_of(PACKAGE / "stories" / "similarity.py"))


def test_search_imports_neither_web_nor_api():
    assert _offending("meldungen.search", ("meldungen.web", "meldungen.api")) == {}


def test_web_does_not_import_the_api():
    assert _offending("meldungen.web", ("meldungen.api",)) == {}


def test_news_imports_no_publishing_app():
    """news is below web, search and the API: it tells them of changes by signals
    (meldungen.news.signals), it never calls them."""
    publishing = ("meldungen.web", "meldungen.search", "meldungen.api")
    assert _offending("meldungen.news", publishing) == {}
