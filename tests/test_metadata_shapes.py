"""The dcat-ap and mobilitydcat-ap profiles agree with the official shapes run by pyshacl directly.

citylint takes the shapes and vocabularies from its standards cache (here laid over the shared mirror) and
resolves the shapes' owl:imports locally; the reference run reads the same official files in place, imports
the DCAT-AP shapes by hand, and mixes the vocabularies into the data graph (as pyshacl's ``ont_graph`` would).
Both must report the same validation results (focus node, path, constraint component, severity, value), as
many times each.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli

pytestmark = pytest.mark.slow  # pyshacl on the official DCAT-AP shapes

SH = Namespace("http://www.w3.org/ns/shacl#")
PROFILES = FIXTURES / "metadata" / "_profiles"
VOCABULARIES = (
    "application-layer-protocol",
    "communication-method",
    "conditions-for-access-and-usage",
    "energy-fuel-type",
    "georeferencing-method",
    "intended-information-service",
    "mobility-data-standard",
    "mobility-theme",
    "network-coverage",
    "transport-mode",
)

Result = tuple[str, str, str, str, str]


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "_:"  # blank node labels differ from one parse to the next
    return node.n3() if isinstance(node, Literal) else str(node)


# The EU tables the fixtures use, merged whole into the data graph as the ITB merges what mdr_imports.ttl
# imports, with the range class added to every concept of the table's scheme as DCAT-AP-SE-Processor's
# RDFVocabularyBuilder.applySchemeBridges does (SCHEME_BRIDGE_TYPES): an implementation independent of
# citylint's index, which adds the same triples for the values the data uses only.
DCT = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
TABLES = {  # scheme -> (files in metadata/eu-vocabularies/, class)
    "file-type": (
        ["file-type__scheme-index__20260318-0.rdf", "file-type__filetypes-skos__20221214-0.rdf"],
        DCT.MediaTypeOrExtent,
    ),
    "language": (["language__scheme-index__20260617-0.rdf"], DCT.LinguisticSystem),
    "licence": (["licence__licences-skos__20230927-0.rdf"], DCT.LicenseDocument),
    "frequency": (
        ["frequency__scheme-index__20260617-0.rdf", "frequency__frequencies-skos-ap-act__20161225-1.rdf"],
        DCT.Frequency,
    ),
    "country": (["country__countries-skos__20230915-0.rdf"], DCT.Location),
}


def bridged_tables(mirror: Path, data: Graph) -> Graph:
    from rdflib.namespace import RDF

    used = {
        str(o).rsplit("/", 1)[0].removeprefix(AUTHORITY)
        for o in data.objects()
        if str(o).startswith(AUTHORITY)
    }
    out = Graph()
    for name in sorted(used & set(TABLES)):
        files, cls = TABLES[name]
        table = Graph()
        for file in files:
            table.parse(mirror / "metadata/eu-vocabularies" / file, format="xml")
        for concept in set(table.subjects(SKOS.inScheme, URIRef(AUTHORITY + name))):
            out.add((concept, RDF.type, cls))
        out += table
    if any(str(o).startswith("http://purl.org/adms/") for o in data.objects()):
        # DCAT-AP 3.0.1 mdr_imports.ttl imports ADMS_SKOS_v1.00.rdf, whose concepts are skos:Concept already
        out.parse(mirror / "metadata/eu-vocabularies/adms__ADMS_SKOS_v1.00.rdf", format="xml")
    return out


def reference(
    data: Path, shapes: list[Path], background: list[Path], mirror: Path | None = None
) -> Counter[Result]:
    from pyshacl import validate

    shapes_graph = Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    data_graph = Graph().parse(data, format="turtle")
    own = set(data_graph.all_nodes())
    for path in background:  # what pyshacl's ont_graph does: the vocabularies mixed into the data graph
        data_graph.parse(path, format="turtle")
    if mirror is not None:
        data_graph += bridged_tables(mirror, data_graph)
    _, report, _ = validate(data_graph, shacl_graph=shapes_graph, inference="none", do_owl_imports=False)
    assert isinstance(report, Graph)
    out: Counter[Result] = Counter()
    for result in report.objects(None, SH.result):
        if mirror is not None and report.value(result, SH.focusNode) not in own:
            continue  # a result on a concept of a merged table that the data does not use
        out[
            (
                _text(report.value(result, SH.focusNode)),
                _text(report.value(result, SH.resultPath)),
                str(report.value(result, SH.sourceConstraintComponent)),
                str(report.value(result, SH.resultSeverity)).rpartition("#")[2],
                _text(report.value(result, SH.value)),
            )
        ] += 1
    return out


def citylint_results(data: Path, profile: str, tmp_path: Path) -> tuple[Counter[Result], dict[str, object]]:
    out = tmp_path / "report.json"
    code, _, err = run_cli(
        "check",
        str(data),
        "--profile",
        profile,
        "--format",
        "json",
        "--output",
        str(out),
        "--max-samples",
        "100000",
        "--quiet",
        "--date",
        VALIDATION_DATE,
    )
    assert code in (0, 1), err
    report = json.loads(out.read_text())
    found: Counter[Result] = Counter()
    for notice in report["notices"]:
        for sample in notice["sampleNotices"]:
            if "sourceConstraintComponent" not in sample:
                continue  # citylint's own metadata rules
            value = sample.get("value", "")
            found[
                (
                    sample["focusNode"] if not sample["focusNode"].startswith("_:") else "_:",
                    sample.get("resultPath", ""),
                    sample["sourceConstraintComponent"],
                    sample["resultSeverity"],
                    "_:" if value.startswith("_:") else value,
                )
            ] += 1
    return found, report["summary"]["shacl"]


@pytest.fixture
def mirror(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    data = corpus("data")
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the tables' index is written there
    return data


@pytest.mark.corpus
def test_dcat_ap_agrees_with_the_official_shapes(mirror: Path, tmp_path: Path) -> None:
    data = PROFILES / "dcat-ap.ttl"
    found, summary = citylint_results(data, "dcat-ap", tmp_path)
    expected = reference(data, [mirror / "metadata/dcat-ap/3.0.1/dcat-ap-SHACL.ttl"], [], mirror)
    assert expected, "the fixture is meant to break some DCAT-AP constraints"
    assert found == expected
    assert summary["owlImportsNotFollowed"] == []


@pytest.mark.corpus
def test_mobilitydcat_ap_agrees_with_the_official_shapes_and_vocabularies(
    mirror: Path, tmp_path: Path
) -> None:
    data = PROFILES / "mobilitydcat-ap.ttl"
    found, summary = citylint_results(data, "mobilitydcat-ap", tmp_path)
    shapes = [
        mirror / "metadata/mobilitydcat-ap/1.1.0-validation-repo/mobilitydcat-ap-shacl.ttl",
        mirror / "metadata/dcat-ap/3.0.1/dcat-ap-SHACL.ttl",
    ]  # its owl:imports, resolved by hand
    vocabularies = [
        mirror / f"metadata/mobilitydcat-ap/controlled-vocabularies/{v}.ttl" for v in VOCABULARIES
    ]
    expected = reference(data, shapes, vocabularies, mirror)
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
