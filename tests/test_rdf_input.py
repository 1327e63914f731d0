"""RDF input: kind detection (by extension and by content), parsing without the network, syntax errors as
findings with line and column, and the shacl validator's options through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal

from citylint.detect import detect_kind
from citylint.validators.rdf.formats import sniff_format
from citylint.validators.rdf.load import RdfDocument, RdfNetworkRefused, RdfSyntaxError, parse
from tests.conftest import run_cli, totals

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "a lamp needs a name"@en ] ;
    sh:property [ sh:path ex:watts ; sh:maxInclusive 100 ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:colour ; sh:maxCount 1 ; sh:severity sh:Info ] .
"""
TURTLE = """@prefix ex: <http://example.org/ns#> .
ex:l1 a ex:Lamp ; ex:watts 120 ; ex:colour "red", "blue" .
"""
NTRIPLES = (
    "<http://example.org/ns#l1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<http://example.org/ns#Lamp> .\n"
    "<http://example.org/ns#l1> <http://example.org/ns#watts> "
    '"120"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
)
JSONLD = json.dumps(
    {"@context": {"ex": "http://example.org/ns#"}, "@id": "ex:l1", "@type": "ex:Lamp", "ex:watts": 120}
)
RDFXML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/ns#">
  <ex:Lamp rdf:about="http://example.org/ns#l1"><ex:watts rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">120</ex:watts></ex:Lamp>
</rdf:RDF>
"""
TRIG = """@prefix ex: <http://example.org/ns#> .
ex:g1 { ex:l1 a ex:Lamp . }
ex:g2 { ex:l1 ex:watts 120 . }
"""
NQUADS = (
    "<http://example.org/ns#l1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<http://example.org/ns#Lamp> "
    "<http://example.org/g> .\n"
)


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPES)
    return path


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("d.ttl", TURTLE, "turtle"),
        ("d.nt", NTRIPLES, "nt"),
        ("d.jsonld", JSONLD, "json-ld"),
        ("d.rdf", RDFXML, "xml"),
        ("d.trig", TRIG, "trig"),
        ("d.nq", NQUADS, "nquads"),
        # the extension lies: content decides
        ("d.rdf", TURTLE, "turtle"),
        ("d.json", JSONLD, "json-ld"),
        ("d.txt", NTRIPLES, "nt"),
        ("d.ttl", RDFXML, "xml"),
        ("d.data", TRIG, "trig"),
        ("d.xml", RDFXML, "xml"),
    ],
)
def test_format_by_extension_and_content(tmp_path: Path, name: str, text: str, fmt: str) -> None:
    path = _write(tmp_path, name, text)
    assert sniff_format(path) == fmt
    assert detect_kind(path) == "rdf"
    assert len(parse(RdfDocument.of(path))) >= 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("d.json", '{"system_id": "x", "data": {"bikes": []}}'),
        ("d.xml", '<?xml version="1.0"?><PublicationDelivery xmlns="http://www.netex.org.uk/netex"/>'),
        ("d.csv", "a,b\n1,2\n"),
    ],
)
def test_other_files_are_not_rdf(tmp_path: Path, name: str, text: str) -> None:
    assert sniff_format(_write(tmp_path, name, text)) is None


@pytest.mark.parametrize(
    ("name", "text", "line", "column"),
    [
        ("bad.ttl", "@prefix ex: <http://example.org/ns#> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n", 3, 1),
        (
            "bad.nt",
            (
                "<http://a.org/s> <http://a.org/p> <http://a.org/o> .\n<http://a.org/s> <http://a.org/p> "
                '"open '
                ".\n"
            ),
            2,
            36,
        ),
        ("bad.jsonld", '{"@id": "http://a.org/s",\n  "http://a.org/p": [1, }', 2, 25),
        (
            "bad.rdf",
            (
                '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://a.org/s">\n</rdf:RDF>\n'
            ),
            4,
            2,
        ),
    ],
)
def test_syntax_error_is_a_finding_with_line_and_column(
    tmp_path: Path,
    shapes: Path,
    check_json,  # type: ignore[no-untyped-def]
    name: str,
    text: str,
    line: int,
    column: int,
) -> None:
    code, report, _ = check_json(_write(tmp_path, name, text), "--shapes", str(shapes))
    assert code == 1
    assert totals(report) == {"rdf_syntax_error": 1}
    sample = report["notices"][0]["sampleNotices"][0]
    assert (sample["filename"], sample["lineNumber"], sample["columnNumber"]) == (name, line, column)
    assert sample["message"] and "Traceback" not in sample["message"]


@pytest.mark.parametrize(
    ("name", "text"),
    [("d.ttl", TURTLE), ("d.nt", NTRIPLES), ("d.jsonld", JSONLD), ("d.rdf", RDFXML), ("d.trig", TRIG)],
)
def test_each_syntax_is_validated(tmp_path: Path, shapes: Path, check_json, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(_write(tmp_path, name, text), "--shapes", str(shapes))
    assert code == 1
    found = totals(report)
    assert found["shacl_min_count"] == 1 and found["shacl_max_inclusive"] == 1
    assert report["summary"]["shacl"]["conforms"] is False


def test_severity_message_and_location(tmp_path: Path, shapes: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(_write(tmp_path, "d.ttl", TURTLE), "--shapes", str(shapes))
    assert code == 1
    by_code = {n["code"]: n for n in report["notices"]}
    assert by_code["shacl_min_count"]["severity"] == "ERROR"
    assert by_code["shacl_max_inclusive"]["severity"] == "WARNING"
    assert by_code["shacl_max_count"]["severity"] == "INFO"
    sample = by_code["shacl_min_count"]["sampleNotices"][0]
    assert sample["resultMessage"] == "a lamp needs a name"
    assert sample["citylint"]["location"] == {
        "file": "d.ttl",
        "focus_node": "http://example.org/ns#l1",
        "path": "http://example.org/ns#name",
    }
    assert sample["sourceShape"] == "[ sh:path http://example.org/ns#name ]"
    watts = by_code["shacl_max_inclusive"]["sampleNotices"][0]
    assert watts["value"] == '"120"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert watts["citylint"]["message"].startswith("ex:l1 ex:watts: ")
    # --fail-on error: warnings and infos alone do not fail
    fixed = _write(tmp_path, "fixed.ttl", TURTLE.replace("a ex:Lamp ;", 'a ex:Lamp ; ex:name "L1" ;'))
    code, report, _ = check_json(fixed, "--shapes", str(shapes))
    assert code == 0 and totals(report) == {"shacl_max_inclusive": 1, "shacl_max_count": 1}


def test_same_code_with_two_severities_is_counted_apart(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    shapes = _write(
        tmp_path,
        "s.ttl",
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:severity sh:Warning ] .
""",
    )
    code, report, _ = check_json(_write(tmp_path, "d.ttl", TURTLE), "--shapes", str(shapes))
    severities = sorted((n["code"], n["severity"], n["totalNotices"]) for n in report["notices"])
    assert severities == [("shacl_min_count", "ERROR", 1), ("shacl_min_count", "WARNING", 1)]
    assert report["summary"]["findingCounts"]["WARNING"] == 1 and code == 1


def test_profile_severity_override_wins(tmp_path: Path, shapes: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    profile = _write(
        tmp_path, "p.yaml", "name: mine\ntitle: mine\nextends: [shacl]\nseverity:\n  shacl_min_count: info\n"
    )
    code, report, _ = check_json(
        _write(tmp_path, "d.ttl", TURTLE), "--shapes", str(shapes), "--profile", str(profile)
    )
    assert {n["code"]: n["severity"] for n in report["notices"]}["shacl_min_count"] == "INFO"
    assert code == 0


def test_profile_shapes_are_relative_to_the_profile_and_add_to_cli_shapes(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "prof" / "shapes").mkdir(parents=True)
    (tmp_path / "prof" / "shapes" / "lamp.ttl").write_text(SHAPES)
    profile = _write(
        tmp_path / "prof",
        "lamps.yaml",
        "name: lamps\ntitle: Lamps\nextends: [shacl]\nvalidators:\n  shacl:\n    shapes: [shapes/lamp.ttl]\n",
    )
    extra = _write(
        tmp_path,
        "extra.ttl",
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
ex:X a sh:NodeShape ; sh:targetClass ex:Lamp ; sh:property [ sh:path ex:serial ; sh:minCount 1 ] .
""",
    )
    data = _write(tmp_path, "d.ttl", TURTLE)
    _, report, _ = check_json(data, "--profile", str(profile))
    assert totals(report)["shacl_min_count"] == 1
    _, report, _ = check_json(data, "--profile", str(profile), "--shapes", str(extra))
    assert totals(report)["shacl_min_count"] == 2
    assert len(report["summary"]["shacl"]["shapesFiles"]) == 2


def test_no_shapes_or_bad_shapes_cannot_validate(tmp_path: Path) -> None:
    data = _write(tmp_path, "d.ttl", TURTLE)
    code, _, err = run_cli("check", str(data), "--quiet")
    assert code == 2 and "give --shapes FILE" in err
    broken = _write(tmp_path, "s.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y\n")
    code, _, err = run_cli("check", str(data), "--shapes", str(broken), "--quiet")
    assert code == 2 and "shapes file" in err and "line" in err and "Traceback" not in err
    ill = _write(
        tmp_path,
        "ill.ttl",
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
ex:S a sh:PropertyShape ; sh:targetClass ex:Lamp ; sh:path ex:a, ex:b ; sh:minCount 1 .
""",
    )
    code, _, err = run_cli("check", str(data), "--shapes", str(ill), "--quiet")
    assert code == 2 and "not well-formed SHACL" in err


def test_shacl_report_is_the_raw_validation_report(tmp_path: Path, shapes: Path) -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF

    from citylint.validators.rdf.shacl.engines.base import SH

    out = tmp_path / "report.ttl"
    code, _, _ = run_cli(
        "check",
        str(_write(tmp_path, "d.ttl", TURTLE)),
        "--shapes",
        str(shapes),
        "--shacl-report",
        str(out),
        "--quiet",
    )
    assert code == 1
    graph = Graph().parse(out, format="turtle")
    report = graph.value(None, RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    assert len(list(graph.objects(report, SH.result))) == 3


def test_remote_jsonld_context_is_refused_without_network(tmp_path: Path, shapes: Path) -> None:
    doc = _write(
        tmp_path,
        "d.jsonld",
        json.dumps({"@context": "https://example.invalid/context.jsonld", "@id": "http://example.org/ns#l1"}),
    )
    with pytest.raises(RdfNetworkRefused):
        parse(RdfDocument.of(doc))
    code, _, err = run_cli("check", str(doc), "--shapes", str(shapes), "--quiet")
    assert code == 2 and "--allow-network" in err and "example.invalid" in err


def test_local_jsonld_context_is_inlined(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "ctx.jsonld",
        json.dumps({"@context": {"ex": "http://example.org/ns#", "watts": "ex:watts"}}),
    )
    doc = _write(tmp_path, "d.jsonld", json.dumps({"@context": "ctx.jsonld", "@id": "ex:l1", "watts": 5}))
    graph = parse(RdfDocument.of(doc))
    assert len(graph) == 1
    mapped = _write(
        tmp_path,
        "m.jsonld",
        json.dumps({"@context": "https://example.invalid/c.jsonld", "@id": "ex:l1", "watts": 5}),
    )
    graph = parse(
        RdfDocument.of(mapped), contexts={"https://example.invalid/c.jsonld": tmp_path / "ctx.jsonld"}
    )
    assert len(graph) == 1


def test_rdfxml_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = _write(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    doc = _write(
        tmp_path,
        "x.rdf",
        f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY leak SYSTEM "{secret.as_uri()}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/ns#">
  <rdf:Description rdf:about="http://example.org/ns#a"><ex:p>&leak;</ex:p></rdf:Description>
</rdf:RDF>
""",
    )
    try:
        graph = parse(RdfDocument.of(doc))
    except RdfSyntaxError:
        return  # refusing the document is as safe as skipping the entity
    assert all("TOP-SECRET" not in str(o) for o in graph.objects())


def test_shacl_report_holds_one_report_per_input(tmp_path: Path, shapes: Path) -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF

    from citylint.validators.rdf.shacl.engines.base import SH

    out = tmp_path / "reports.ttl"
    first, second = _write(tmp_path, "a.ttl", TURTLE), _write(tmp_path, "b.nt", NTRIPLES)
    code, _, _ = run_cli(
        "check", str(first), str(second), "--shapes", str(shapes), "--shacl-report", str(out), "--quiet"
    )
    assert code == 1
    graph = Graph().parse(out, format="turtle")
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 2
    assert sorted(len(list(graph.objects(r, SH.result))) for r in reports) == [2, 3]


def test_custom_severity_counts_as_error_and_messages_are_generated_when_absent(
    tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    from citylint.validators.rdf.shacl.engines.base import SH, ShaclResult
    from citylint.validators.rdf.shacl.run import _message

    shapes = _write(
        tmp_path,
        "s.ttl",
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity ex:Critical ] .
""",
    )
    code, report, _ = check_json(_write(tmp_path, "d.ttl", TURTLE), "--shapes", str(shapes))
    [notice] = report["notices"]
    assert notice["severity"] == "ERROR" and code == 1
    assert notice["sampleNotices"][0]["resultSeverity"] == "http://example.org/ns#Critical"
    bare = ShaclResult(
        focus_node=URIRef("http://example.org/ns#l1"),
        severity=SH.Violation,
        source_constraint_component=SH.MaxInclusiveConstraintComponent,
        source_shape=URIRef("x:S"),
        value=Literal(120),
    )
    assert (
        _message(bare)
        == 'does not satisfy MaxInclusive (value "120"^^<http://www.w3.org/2001/XMLSchema#integer>)'
    )


OWL_XML = """<?xml version="1.0"?>
<Ontology xmlns="http://www.w3.org/2002/07/owl#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
     ontologyIRI="https://city.example/ontology">
    <Declaration><Class IRI="https://city.example/ontology#Kitchen"/></Declaration>
</Ontology>
"""


@pytest.mark.parametrize("name", ["ontology.owl", "ontology.xml"])
def test_owl_xml_is_named_as_such(tmp_path: Path, name: str, check_json) -> None:  # type: ignore[no-untyped-def]
    """OWL/XML is not RDF/XML: the finding says what the file is and how to convert it, not an RDF/XML
    error."""
    data = tmp_path / name
    data.write_text(OWL_XML, encoding="utf-8")
    code, report, _ = check_json(data, "--profile", "vocabulary")
    assert code == 1 and [n["code"] for n in report["notices"]] == ["rdf_syntax_error"]
    message = report["notices"][0]["sampleNotices"][0]["message"]
    assert "OWL/XML" in message and "Turtle" in message and "{position}" not in message
