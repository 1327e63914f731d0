"""The dcat-ap and mobilitydcat-ap profiles agree with the official shapes run by pyshacl directly.

citylint takes the shapes and vocabularies from its standards cache (here laid over the shared mirror) and
resolves the shapes' owl:imports locally; the reference run reads the same official files in place, imports
the DCAT-AP shapes by hand, and mixes the vocabularies into the data graph (as pyshacl's ``ont_graph`` would). Both must report the
same validation results (focus node, path, constraint component, severity, value), as many times each.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.term import Node

from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli

SH = Namespace("http://www.w3.org/ns/shacl#")
PROFILES = FIXTURES / "metadata" / "_profiles"
VOCABULARIES = ("application-layer-protocol", "communication-method", "conditions-for-access-and-usage",
                "energy-fuel-type", "georeferencing-method", "intended-information-service",
                "mobility-data-standard", "mobility-theme", "network-coverage", "transport-mode")

Result = tuple[str, str, str, str, str]


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:"  # blank node labels differ from one parse to the next
    return node.n3() if isinstance(node, Literal) else str(node)


def reference(data: Path, shapes: list[Path], background: list[Path]) -> Counter[Result]:
    from pyshacl import validate

    shapes_graph = Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    data_graph = Graph().parse(data, format="turtle")
    for path in background:  # what pyshacl's ont_graph does: the vocabularies mixed into the data graph
        data_graph.parse(path, format="turtle")
    _, report, _ = validate(data_graph, shacl_graph=shapes_graph, inference="none", do_owl_imports=False)
    assert isinstance(report, Graph)
    out: Counter[Result] = Counter()
    for result in report.objects(None, SH.result):
        out[(_text(report.value(result, SH.focusNode)), _text(report.value(result, SH.resultPath)),
             str(report.value(result, SH.sourceConstraintComponent)),
             str(report.value(result, SH.resultSeverity)).rpartition("#")[2], _text(report.value(result, SH.value)))] += 1
    return out


def citylint_results(data: Path, profile: str, tmp_path: Path) -> tuple[Counter[Result], dict[str, object]]:
    out = tmp_path / "report.json"
    code, _, err = run_cli("check", str(data), "--profile", profile, "--format", "json", "--output", str(out),
                           "--max-samples", "100000", "--quiet", "--date", VALIDATION_DATE)
    assert code in (0, 1), err
    report = json.loads(out.read_text())
    found: Counter[Result] = Counter()
    for notice in report["notices"]:
        for sample in notice["sampleNotices"]:
            if "sourceConstraintComponent" not in sample:
                continue  # citylint's own metadata rules
            value = sample.get("value", "")
            found[(sample["focusNode"] if not sample["focusNode"].startswith("_:") else "_:",
                   sample.get("resultPath", ""), sample["sourceConstraintComponent"], sample["resultSeverity"],
                   "_:" if value.startswith("_:") else value)] += 1
    return found, report["summary"]["shacl"]


@pytest.fixture
def mirror(monkeypatch: pytest.MonkeyPatch) -> Path:
    data = corpus("data")
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(data))
    return data


@pytest.mark.corpus
def test_dcat_ap_agrees_with_the_official_shapes(mirror: Path, tmp_path: Path) -> None:
    data = PROFILES / "dcat-ap.ttl"
    found, summary = citylint_results(data, "dcat-ap", tmp_path)
    expected = reference(data, [mirror / "metadata/dcat-ap/3.0.1/dcat-ap-SHACL.ttl"], [])
    assert expected, "the fixture is meant to break some DCAT-AP constraints"
    assert found == expected
    assert summary["owlImportsNotFollowed"] == []


@pytest.mark.corpus
def test_mobilitydcat_ap_agrees_with_the_official_shapes_and_vocabularies(mirror: Path, tmp_path: Path) -> None:
    data = PROFILES / "mobilitydcat-ap.ttl"
    found, summary = citylint_results(data, "mobilitydcat-ap", tmp_path)
    shapes = [mirror / "metadata/mobilitydcat-ap/1.1.0-validation-repo/mobilitydcat-ap-shacl.ttl",
              mirror / "metadata/dcat-ap/3.0.1/dcat-ap-SHACL.ttl"]  # its owl:imports, resolved by hand
    vocabularies = [mirror / f"metadata/mobilitydcat-ap/controlled-vocabularies/{v}.ttl" for v in VOCABULARIES]
    expected = reference(data, shapes, vocabularies)
    assert expected
    assert found == expected
    # the DCAT-AP shapes came through owl:imports from the cache; the ontologies it imports are not shapes
    assert any(str(f).endswith("dcat-ap-SHACL.ttl") for f in summary["shapesFiles"])  # type: ignore[attr-defined]
    # without the vocabularies, the theme and transport mode would fail sh:class skos:Concept
    assert not any("mobility-theme/timetables" in r[4] for r in found)


@pytest.mark.corpus
def test_metadata_shapes_run_offline(mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    found, _ = citylint_results(PROFILES / "mobilitydcat-ap.ttl", "mobilitydcat-ap", tmp_path)
    assert found
