"""The seams the style guide asks for, checked on the source: GTFS rule families never import one another
(what several of them need lives in ``validators/gtfs/frames/``)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT
from tests.import_graph import cycles, import_graph

FAMILIES = ROOT / "citylint" / "validators" / "gtfs" / "families"
FAMILY_PACKAGE = "citylint.validators.gtfs.families"


def _imported_modules(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_gtfs_family_imports_another_family() -> None:
    offenders = {}
    for module in sorted(FAMILIES.glob("*.py")):
        if module.name == "__init__.py":
            continue
        imported = _imported_modules(ast.parse(module.read_text(encoding="utf-8")))
        siblings = sorted(
            m for m in imported if m.startswith(FAMILY_PACKAGE + ".") and m.split(".")[4] != module.stem
        )
        if siblings:
            offenders[module.name] = siblings
    assert offenders == {}


def test_the_graph_sees_function_level_imports_and_skips_type_checking_blocks() -> None:
    graph = import_graph()
    # ShaclValidator.validate imports the run inside the method; the registry imports validators in a function
    assert "citylint.validators.rdf.shacl.run" in graph["citylint.validators.rdf.shacl.validator"]
    assert "citylint.validators.rdf.shacl.validator" in graph["citylint.registry"]
    # the engines package names the engine interface only for type checking
    assert "citylint.validators.rdf.shacl.engines.base" not in graph["citylint.validators.rdf.shacl.engines"]


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles in citylint/:\n" + "\n".join(" -> ".join(c) for c in found)
