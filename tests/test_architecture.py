"""The shape of the code base: apps import each other in one direction only.

Every import counts, including those inside functions. The layers are those of
``docs/decisions/0010-app-layout.md``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.source

# Layers, lowest first: an app may import the apps of the layers below its own, never
# one of its own layer or above. Layers cannot form a cycle.
LAYERS = [
    ["core"],
    ["access"],
    ["easyread", "translations", "search", "sso", "personaldata", "twofactor"],
    ["home", "kennisbank"],
    ["werkgroepen"],
    ["demo", "portal"],
]
ALLOWED = {
    app: {lower for below in LAYERS[:level] for lower in below}
    for level, layer in enumerate(LAYERS)
    for app in layer
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


def test_other_apps_use_only_the_public_interface_of_search():
    wrong = sorted(
        f"{path}: {module}"
        for source, path, module in _imports()
        if source != "search"
        and module.split(".")[0] == "search"
        and ".".join(module.split(".")[:2]) not in SEARCH_PUBLIC
    )
    assert wrong == []
