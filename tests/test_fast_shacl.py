"""The fast SHACL engine (pyoxigraph + SPARQL) gives the same validation results as pyshacl.

Each comparison runs both engines on the same graph (the store's triples handed to pyshacl, so blank nodes
carry the same labels) and compares the full result sets: focus node, result path, value, severity, source
shape and constraint component. The fixtures also check pyshacl on the file as rdflib parses it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from citylint.validators.rdf.shacl.fast import applies, lexical_forms_kept, load_store, supports, validate
from citylint.validators.rdf.shacl.fast.store import data_supports
from tests.conftest import FIXTURES, corpus
from tests.fast_shacl_support import both, masked, reference_on_file

ENGINE_FIXTURES = FIXTURES / "shacl-engine"
SH = "http://www.w3.org/ns/shacl#"

# Which components each fixture must trigger, so that a fixture that stops exercising them fails.
EXPECTED = {
    "targets.ttl": {"Class", "MinCount", "NodeKind"},
    "paths.ttl": {"MinCount", "MaxCount", "HasValue", "NodeKind", "Class"},
    "values.ttl": {
        "Class",
        "Datatype",
        "NodeKind",
        "MinInclusive",
        "MaxInclusive",
        "MinExclusive",
        "MaxExclusive",
        "MinLength",
        "MaxLength",
        "Pattern",
        "LanguageIn",
        "UniqueLang",
        "In",
    },
    "pairs.ttl": {"Equals", "Disjoint", "LessThan", "LessThanOrEquals"},
    "logical.ttl": {"Node", "Not", "And", "Or", "Xone", "QualifiedMinCount", "QualifiedMaxCount"},
    "closed-meta.ttl": {"Closed", "MaxCount", "Pattern"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_results_identical_to_pyshacl(name: str) -> None:
    path = ENGINE_FIXTURES / name
    compared = both([path], path)
    assert not isinstance(compared, str), compared
    fast, reference, _ = compared
    assert fast == reference
    components = {key[5].removeprefix(SH).removesuffix("ConstraintComponent") for key in reference}
    assert components == EXPECTED[name]
    assert masked(fast) == masked(reference_on_file(path, path))


def test_severity_messages_and_deactivation_are_carried() -> None:
    path = ENGINE_FIXTURES / "closed-meta.ttl"
    results = validate(load_store([path]), Graph().parse(path))
    by_component = {r.source_constraint_component.removeprefix(SH): r for r in results}
    colour = by_component["MaxCountConstraintComponent"]
    assert colour.severity == SH + "Warning"
    assert set(colour.messages) == {"no colour", "pas de couleur"}
    assert by_component["PatternConstraintComponent"].severity == SH + "Info"
    closed = by_component["ClosedConstraintComponent"]
    assert (closed.result_path, closed.value) == ("<http://example.org/vendorExt>", '"x"')
    assert "MinLengthConstraintComponent" not in by_component  # both the shape and the constraint are off


@pytest.mark.parametrize(
    "shapes, reason",
    [
        (
            'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this {}" ] .',
            "sh:sparql",
        ),
        ("ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:p ] .", "ConstraintComponent"),
        ("ex:S a sh:NodeShape ; sh:target [ a ex:T ] .", "sh:target"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:datatype rdfs:Datatype .", "rdfs:Datatype"),
        ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:frobnicate 3 .", "frobnicate"),
        ("ex:S a sh:NodeShape ; sh:targetNode [ ex:p 1 ] .", "blank node"),
        ('ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:pattern "^(?=a)" .', "sh:pattern"),
        (
            (
                "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:not ex:T . ex:T sh:property [ sh:path ex:p ; "
                "sh:closed true ] ."
            ),
            "sh:closed on a property shape",
        ),
    ],
)
def test_unsupported_shapes_name_the_reason(shapes: str, reason: str) -> None:
    prefixes = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    )
    support = supports(Graph().parse(data=prefixes + shapes, format="turtle"))
    assert not support
    assert reason in support.reason


def test_supported_shapes_are_truthy() -> None:
    assert supports(Graph().parse(ENGINE_FIXTURES / "logical.ttl"))


def test_data_with_rewritten_datatypes_is_left_to_the_reference(tmp_path: Path) -> None:
    shapes = Graph().parse(ENGINE_FIXTURES / "values.ttl")
    data = tmp_path / "d.ttl"
    data.write_text(
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <http://a> <http://p> "5"^^xsd:int .\n'
    )
    assert not data_supports([data])
    assert "integer-derived" in applies(shapes, [data]).reason
    data.write_text('<http://a> <http://p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
    assert data_supports([data])
    assert applies(shapes, [data])


MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


def _core_suite() -> list[tuple[str, Path, Path]]:
    root = Path(__file__).resolve().parents[2] / "shared" / "data" / "shacl-test-suite" / "tests" / "core"
    cases = []
    for manifest in sorted(root.rglob("*.ttl")) if root.exists() else []:
        graph = Graph().parse(manifest)
        for entry in graph.subjects(RDF.type, SHT.Validate):
            action = graph.value(entry, MF.action)
            files = [
                Path(str(graph.value(action, p)).removeprefix("file://"))
                for p in (SHT.dataGraph, SHT.shapesGraph)
            ]
            cases.append((str(manifest.relative_to(root)), files[0], files[1]))
    return cases


CORE_SUITE = _core_suite()
# Cases the fast engine hands to pyshacl: the data has "c"^^xsd:byte, a datatype the store rewrites.
FALLBACK = {"property/datatype-ill-formed.ttl"}


@pytest.mark.corpus
@pytest.mark.parametrize("case", CORE_SUITE or [("absent", Path(), Path())], ids=lambda c: c[0])
def test_w3c_core_suite_identical_to_pyshacl(case: tuple[str, Path, Path]) -> None:
    corpus("data/shacl-test-suite/tests/core")
    name, data, shapes = case
    compared = both([data], shapes)
    assert isinstance(compared, str) == (name in FALLBACK), compared
    if isinstance(compared, str):
        return  # the caller validates this case with pyshacl
    fast, reference, _ = compared
    assert fast == reference
    assert masked(fast) == masked(reference_on_file(data, shapes))


@pytest.mark.corpus
def test_generated_sensor_graph_identical_to_pyshacl(tmp_path: Path) -> None:
    generator = corpus("bench/gen_rdf.py")
    shapes = corpus("bench/sensor-shapes.ttl")
    data = tmp_path / "sensors.nt"
    subprocess.run([sys.executable, str(generator), "3000", str(data)], check=True, capture_output=True)
    compared = both([data], shapes)
    assert not isinstance(compared, str), compared
    fast, reference, conforms = compared
    assert fast == reference
    assert not conforms and len(reference) > 50  # ~1 % of 3000 nodes per violation kind
    assert masked(fast) == masked(reference_on_file(data, shapes))
    # the values in these results (IRIs, plain strings) are exactly as written: the fast path applies as is
    assert lexical_forms_kept(validate(load_store([data]), Graph().parse(shapes)))


def test_rewritten_lexical_forms_are_flagged() -> None:
    path = ENGINE_FIXTURES / "lexical.ttl"
    results = validate(load_store([path]), Graph().parse(path))
    assert [r.value for r in results] == ['"12.34"^^<http://www.w3.org/2001/XMLSchema#decimal>']
    file_values = {key[2] for key in reference_on_file(path, path)}
    assert file_values == {'"12.340"^^<http://www.w3.org/2001/XMLSchema#decimal>'}  # what pyshacl reports
    assert not lexical_forms_kept(results)
    meta = ENGINE_FIXTURES / "closed-meta.ttl"  # IRIs and plain strings only
    assert lexical_forms_kept(validate(load_store([meta]), Graph().parse(meta)))


@pytest.mark.parametrize(
    ("text", "rewritten", "supported"),
    [
        ('ex:a ex:label "Route 001" .', set(), True),  # digits inside a string are text
        ('ex:a ex:label """line\n 001""" ; ex:note \'x 0.50\' .', set(), True),
        ("ex:a ex:n 001 .", {"value"}, True),  # a Turtle number the store rewrites
        ("ex:a wgs84:long 2.35 ; geo:long 2.3 .", set(), True),  # properties named long, not xsd:long
        ('ex:a ex:n "5"^^xsd:long .', set(), False),
        ('ex:a ex:n "5"^^x:unsignedInt .', set(), False),  # any prefix bound to XSD
        ('ex:a ex:d "2024-01-01"^^ex:date .', set(), True),  # ex:date is not xsd:date
        ('ex:a ex:d "2024-01-01"^^x:date .', {"value"}, True),
    ],
)
def test_literal_scans_read_typed_values_and_whole_iris(
    tmp_path: Path, text: str, rewritten: set[str], supported: bool
) -> None:
    from citylint.validators.rdf.shacl.fast.literals import rewritten_literals

    path = tmp_path / "data.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix x: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n"
        "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n" + text + "\n"
    )
    assert rewritten_literals([path]) == rewritten
    assert data_supports([path]) is supported
