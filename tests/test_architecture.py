"""The shape of the code base: apps import each other in one direction only.

Every import counts, including those inside functions. The layers are those of
``docs/decisions/0010-app-layout.md``; an app may import its own layer's shared
apps only where the table below allows it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.source

# app: the portal apps it may import (besides itself).
ALLOWED = {
    "core": set(),
    "access": {"core"},
    "easyread": {"core", "access"},
    "translations": {"core", "access"},
    "search": {"core", "access"},
    "home": {"core", "access", "easyread", "translations", "search"},
    "kennisbank": {"core", "access", "easyread", "translations", "search"},
    "werkgroepen": {"core", "access", "easyread", "translations", "search", "home", "kennisbank"},
    "demo": {
        "core",
        "access",
        "easyread",
        "translations",
        "search",
        "home",
        "kennisbank",
        "werkgroepen",
    },
    "portal": {
        "core",
        "access",
        "easyread",
        "translations",
        "search",
        "home",
        "kennisbank",
        "werkgroepen",
        "demo",
    },
}
# The only modules of ``search`` other apps may import.
SEARCH_PUBLIC = {"search", "search.api"}


def _modules_imported(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def _sources(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imports():
    for app in ALLOWED:
        for path in _sources(app):
            for module in _modules_imported(path):
                yield app, path.relative_to(ROOT), module


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_only_the_apps_below_it(app):
    wrong = sorted(
        f"{path}: {module}"
        for source, path, module in _imports()
        if source == app
        and module.split(".")[0] in ALLOWED
        and module.split(".")[0] != app
        and module.split(".")[0] not in ALLOWED[app]
    )
    assert wrong == []


def test_the_allowed_imports_have_no_cycle():
    seen, done = set(), set()

    def visit(app, trail):
        assert app not in trail, " -> ".join([*trail, app])
        if app in done:
            return
        for other in ALLOWED[app]:
            visit(other, [*trail, app])
        done.add(app)

    for app in ALLOWED:
        visit(app, [])
        seen.add(app)
    assert seen == set(ALLOWED)


def test_other_apps_use_only_the_public_interface_of_search():
    wrong = sorted(
        f"{path}: {module}"
        for source, path, module in _imports()
        if source != "search"
        and module.split(".")[0] == "search"
        and ".".join(module.split(".")[:2]) not in SEARCH_PUBLIC
        # ``from search import api`` names the public module itself
        and module not in {"search.api"}
    )
    assert wrong == []
