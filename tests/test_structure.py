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
    # the rules name the fast engine's handler types only for type checking (the engine imports the rules)
    assert "citylint.validators.rdf.shacl.fast.engine" not in graph["citylint.validators.rdf.shacl.rules"]
    assert "citylint.validators.rdf.shacl.rules" in graph["citylint.validators.rdf.shacl.fast.engine"]


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles in citylint/:\n" + "\n".join(" -> ".join(c) for c in found)


LOCKIN = ROOT / "citylint" / "lockin"


def test_lockin_imports_nothing_from_the_validators() -> None:
    """``citylint/lockin`` reads catalogues and evidence the validators hand it; it never reaches up into them
    (the GTFS catalogue and its suggestions live in ``validators/gtfs/extensions.py``)."""
    offenders = {}
    for module in sorted(LOCKIN.rglob("*.py")):
        imported = _imported_modules(ast.parse(module.read_text(encoding="utf-8")))
        upward = sorted(
            m for m in imported if m == "citylint.validators" or m.startswith("citylint.validators.")
        )
        if upward:
            offenders[module.name] = upward
    assert offenders == {}
    assert (LOCKIN / "attribution.py").is_file()  # the scan looked at the package


def test_every_output_format_has_the_one_renderer_signature() -> None:
    """Every format's ``render`` takes the reports and the same keyword-only settings (reports.Renderer), so
    that nothing inspects a renderer at run time to know whether it takes ``lang``."""
    import inspect

    from citylint.reports import REPORTERS, Renderer

    expected = inspect.signature(Renderer.__call__)
    wanted = [(p.name, p.kind, p.default) for p in expected.parameters.values() if p.name != "self"]
    for fmt in REPORTERS:
        got = inspect.signature(REPORTERS[fmt]).parameters.values()
        assert [(p.name, p.kind, p.default) for p in got] == wanted, fmt


def test_report_sections_are_contributed_by_their_modules() -> None:
    """The lock-in and scorecard parts of a report are written by lockin/ and eif/ (reports/section.py); the
    report formats do not import those modules' writers themselves."""
    from citylint.reports.section import SECTIONS

    assert [s.key for s in SECTIONS] == ["lockin", "scorecard"]
    for name in ("text", "json_report", "sarif", "markdown", "html"):
        source = (ROOT / "citylint" / "reports" / f"{name}.py").read_text(encoding="utf-8")
        imported = _imported_modules(ast.parse(source))
        assert not {m for m in imported if m.startswith(("citylint.lockin", "citylint.eif"))}, name
