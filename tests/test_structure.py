"""The seams the style guide asks for, checked on the source: GTFS rule families never import one another
(what several of them need lives in ``validators/gtfs/frames/``)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

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
