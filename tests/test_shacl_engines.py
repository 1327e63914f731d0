"""The SHACL engines behind ``--engine``: fast and auto give pyshacl's findings, and the summary says which
ran.

Every SHACL fixture (``fixtures/shacl/<code>/{bad,good}``) is checked through the real CLI with each engine;
the findings (code, severity, focus node, path, value, source shape, message, location) must be the same
set. ``--engine fast`` is compared where it applies (it declines SHACL-SPARQL and custom components);
``auto`` is compared everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, corpus, run_cli

SHACL_FIXTURES = FIXTURES / "shacl"
CASES = sorted(p for p in SHACL_FIXTURES.glob("shacl_*/*") if (p / "case.json").is_file())
# Fields that name the run rather than the finding.
RUN_FIELDS = {"fingerprint"}


def _check(tmp_path: Path, data: Path, shapes: Path, engine: str) -> tuple[int, dict[str, Any], str]:
    out = tmp_path / f"report-{engine}.json"
    code, _, err = run_cli(
        "check",
        str(data),
        "--shapes",
        str(shapes),
        "--engine",
        engine,
        "--format",
        "json",
        "--output",
        str(out),
        "--quiet",
        "--date",
        "2026-01-01",
    )
    return code, (json.loads(out.read_text()) if out.exists() else {}), err


def _findings(report: dict[str, Any]) -> list[str]:
    """Every finding of a report, all its fields, as comparable text (sorted: duplicates count)."""
    out = []
    for notice in report["notices"]:
        assert notice["totalNotices"] == len(notice["sampleNotices"])
        for sample in notice["sampleNotices"]:
            fields = {k: v for k, v in sample.items() if k != "citylint"}
            citylint = {k: v for k, v in sample["citylint"].items() if k not in RUN_FIELDS}
            out.append(json.dumps([notice["code"], notice["severity"], fields, citylint], sort_keys=True))
    return sorted(out)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_findings_are_the_same_with_every_engine(case: Path, tmp_path: Path) -> None:
    data, shapes = case / "data.ttl", case / "shapes.ttl"
    code, reference, err = _check(tmp_path, data, shapes, "pyshacl")
    assert reference["summary"]["shacl"]["engine"] == "pyshacl", err
    code_auto, auto, _ = _check(tmp_path, data, shapes, "auto")
    assert _findings(auto) == _findings(reference)
    assert code_auto == code
    code_fast, fast, err = _check(tmp_path, data, shapes, "fast")
    if code_fast == 2:  # the fast engine declines these inputs: then auto must have used pyshacl
        assert "the fast SHACL engine would not give the reference results here" in err
        assert auto["summary"]["shacl"]["engine"] == "pyshacl"
        assert auto["summary"]["shacl"]["engineReason"]
        return
    assert fast["summary"]["shacl"]["engine"] == "fast"
    assert _findings(fast) == _findings(reference)
    assert code_fast == code


def test_the_fast_engine_applies_to_most_fixtures(tmp_path: Path) -> None:
    """Guards the comparison above: it must not pass because auto always falls back to pyshacl."""
    engines = [
        _check(tmp_path, c / "data.ttl", c / "shapes.ttl", "auto")[1]["summary"]["shacl"]["engine"]
        for c in CASES
        if c.name == "bad"
    ]
    assert engines.count("fast") >= len(engines) - 3, engines  # sparql, custom component, sh:js: pyshacl


def test_summary_names_the_engine_and_why(tmp_path: Path) -> None:
    case = SHACL_FIXTURES / "shacl_min_count" / "bad"
    _, report, _ = _check(tmp_path, case / "data.ttl", case / "shapes.ttl", "auto")
    shacl = report["summary"]["shacl"]
    # counts on one predicate: evaluated on the parsed triples' columns, no store
    assert shacl["engine"] == "fast" and "column by column" in shacl["engineReason"]
    pattern = SHACL_FIXTURES / "shacl_pattern" / "bad"  # sh:pattern: compiled to SPARQL over the store
    _, report, _ = _check(tmp_path, pattern / "data.ttl", pattern / "shapes.ttl", "auto")
    shacl = report["summary"]["shacl"]
    assert shacl["engine"] == "fast" and "compiles to SPARQL" in shacl["engineReason"]
    sparql = SHACL_FIXTURES / "shacl_sparql" / "bad"
    _, report, _ = _check(tmp_path, sparql / "data.ttl", sparql / "shapes.ttl", "auto")
    shacl = report["summary"]["shacl"]
    assert shacl["engine"] == "pyshacl" and "does not apply" in shacl["engineReason"]
    _, report, _ = _check(tmp_path, case / "data.ttl", case / "shapes.ttl", "pyshacl")
    assert report["summary"]["shacl"]["engine"] == "pyshacl"


def test_auto_is_the_default_engine(tmp_path: Path) -> None:
    case = SHACL_FIXTURES / "shacl_min_count" / "bad"
    out = tmp_path / "report.json"
    run_cli(
        "check",
        str(case / "data.ttl"),
        "--shapes",
        str(case / "shapes.ttl"),
        "-f",
        "json",
        "-o",
        str(out),
        "--quiet",
    )
    assert json.loads(out.read_text())["summary"]["shacl"]["engine"] == "fast"


def _with_data(tmp_path: Path, case: Path, data_text: str, name: str = "data.ttl") -> Path:
    data = tmp_path / name
    data.write_text(data_text)
    return data


def test_auto_reruns_pyshacl_when_the_store_rewrites_a_literal(tmp_path: Path) -> None:
    """A value the store would write canonically ("01.50" → "1.5") is reported as the data wrote it."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ;\n"
        "  sh:property [ sh:path ex:watts ; sh:maxInclusive 1 ] .\n"
    )
    data = _with_data(
        tmp_path,
        shapes,
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:l1 a ex:Lamp ; ex:watts "01.50"^^xsd:decimal .\n',
    )
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    _, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    assert auto["summary"]["shacl"]["engine"] == "pyshacl"
    assert "reports a literal" in auto["summary"]["shacl"]["engineReason"]
    assert _findings(auto) == _findings(reference) and len(_findings(auto)) == 1


def _lamps(
    tmp_path: Path, values: str, shape: str, more: str = ""
) -> tuple[Path, Path, dict[str, Any], dict[str, Any]]:
    """A lamp with these ex:watts values against one property shape on ex:watts: data, shapes and the
    reports of ``auto`` and ``pyshacl``."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ; sh:property [ sh:path ex:watts ; {shape} ] .\n"
    )
    data = _with_data(
        tmp_path,
        shapes,
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"ex:l1 a ex:Lamp ; ex:watts {values} .\n{more}",
    )
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    _, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    return data, shapes, auto, reference


@pytest.mark.parametrize(
    ("values", "shape", "reason"),
    [
        # two forms of one value: one term in the store, two in the data: maxCount must still see two
        # (sh:minInclusive, which finds nothing here, keeps the shapes on the store path: maxCount alone is
        # evaluated without a store, test_columnar_evaluation_keeps_the_data_forms)
        ('"1.50"^^xsd:decimal, "1.5"^^xsd:decimal', "sh:maxCount 1 ; sh:minInclusive 0", "merged"),
        ("2.50, 2.5", "sh:maxCount 1 ; sh:minInclusive 0", "merged"),
        # a string test would read the store's canonical form
        ('"0.650"^^xsd:decimal', 'sh:pattern "5$"', "sh:pattern"),
        ('"a"@EN, "b"@en', "sh:uniqueLang true", "sh:uniqueLang"),
    ],
)
def test_auto_leaves_rewritten_literals_to_pyshacl(
    tmp_path: Path, values: str, shape: str, reason: str
) -> None:
    data, shapes, auto, reference = _lamps(tmp_path, values, shape)
    assert (
        auto["summary"]["shacl"]["engine"] == "pyshacl" and reason in auto["summary"]["shacl"]["engineReason"]
    )
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) >= 1
    code, _, err = _check(tmp_path, data, shapes, "fast")
    assert code == 2 and "--engine auto" in err


def test_auto_counts_n_triples_merged_by_the_store(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Lamp ;\n"
        # sh:minInclusive (no finding here) keeps the shapes on the store path, whose merging is tested here
        "  sh:property [ sh:path ex:watts ; sh:maxCount 1 ; sh:minInclusive 0 ] .\n"
    )
    lamp, watts = "<http://example.org/l1>", "<http://example.org/watts>"
    decimal = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
    data = _with_data(
        tmp_path,
        shapes,
        f"{lamp} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f'<http://example.org/Lamp> .\n{lamp} {watts} "1.50"{decimal} .\n'
        f'{lamp} {watts} "1.5"{decimal} .\n',
        name="data.nt",
    )
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    _, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    assert (
        auto["summary"]["shacl"]["engine"] == "pyshacl"
        and "merged" in auto["summary"]["shacl"]["engineReason"]
    )
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) == 1
    # The same values in canonical form, one each: the fast engine applies and agrees.
    data.write_text(data.read_text().replace('"1.50"', '"2.5"'))
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    _, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    assert auto["summary"]["shacl"]["engine"] == "fast"
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) == 1


@pytest.mark.parametrize(
    ("values", "shape", "found", "columnar"),
    [
        ('"1.50"^^xsd:decimal, "1.5"^^xsd:decimal', "sh:maxCount 1", 1, True),  # two terms, as in rdflib
        ('"12.340"^^xsd:decimal', "sh:datatype xsd:integer", 1, True),  # reported as written, not "12.34"
        ('"0.650"^^xsd:decimal, "x"', "sh:datatype xsd:decimal", 1, True),
        ('"12"^^xsd:int', "sh:datatype xsd:integer", 1, True),  # the store would write xsd:integer
        ('"high"^^xsd:decimal, "2"^^xsd:decimal', "sh:datatype xsd:decimal", 1, True),  # ill-formed
        ("ex:a, ex:b", "sh:in ( ex:a ) ; sh:nodeKind sh:IRI ; sh:class ex:Thing", 2, True),
        ('"x", ex:a', "sh:nodeKind sh:Literal ; sh:hasValue ex:c ; sh:minCount 3", 3, True),
        # rdflib writes these in its own form ("1.50", "1", "true"): left to the store path and its checks
        ('"01.50"^^xsd:decimal', "sh:datatype xsd:integer", 1, False),
        ('"+1"^^xsd:integer, "1"^^xsd:integer', "sh:maxCount 1", 1, False),
        ('"1"^^xsd:boolean', "sh:in ( true )", 1, False),
        # an ambiguous lexical form (engines may judge it differently): left to the store path
        ('"5."^^xsd:decimal', "sh:datatype xsd:decimal", 0, False),
    ],
)
def test_columnar_evaluation_keeps_the_data_forms(
    tmp_path: Path, values: str, shape: str, found: int, columnar: bool
) -> None:
    """Shapes of one-predicate property shapes are evaluated on the parsed triples without a store: the
    data's lexical forms stay as written, so the results are pyshacl's even where the store would rewrite;
    where rdflib would not keep the data's form, the store path (and pyshacl) decide."""
    _, _, auto, reference = _lamps(tmp_path, values, shape, "ex:b a ex:Thing .\n")
    shacl = auto["summary"]["shacl"]
    assert ("column by column" in shacl["engineReason"]) is columnar, shacl
    assert shacl["triples"] == reference["summary"]["shacl"]["triples"]
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) == found


def test_auto_uses_pyshacl_for_formats_the_fast_engine_does_not_read(tmp_path: Path) -> None:
    case = SHACL_FIXTURES / "shacl_min_count" / "bad"
    data = tmp_path / "data.jsonld"
    data.write_text('{"@id": "http://example.org/x", "@type": "http://example.org/Nothing"}')
    _, auto, _ = _check(tmp_path, data, case / "shapes.ttl", "auto")
    assert auto["summary"]["shacl"]["engine"] == "pyshacl"
    assert "json-ld" in auto["summary"]["shacl"]["engineReason"].lower()


def test_syntax_errors_are_reported_with_the_fast_engine(tmp_path: Path) -> None:
    case = SHACL_FIXTURES / "shacl_min_count" / "bad"
    data = _with_data(
        tmp_path, case, '@prefix ex: <http://example.org/> .\nex:b ex:c "x"\nex:d ex:e ex:f .\n'
    )
    reports = {}
    for engine in ("pyshacl", "auto", "fast"):
        code, report, err = _check(tmp_path, data, case / "shapes.ttl", engine)
        assert code == 1, err
        assert [n["code"] for n in report["notices"]] == ["rdf_syntax_error"]
        reports[engine] = report
        assert report["notices"][0]["sampleNotices"][0]["lineNumber"] == 3
    assert _findings(reports["auto"]) == _findings(reports["pyshacl"])  # auto lets the reference parser say


def _suite(manifest: Path, engine: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run_cli("suite", str(manifest), "--engine", engine, "--format", "json", "--quiet")
    return code, json.loads(out)


@pytest.mark.corpus
def test_w3c_suite_auto_and_fast_pass_what_pyshacl_passes() -> None:
    manifest = corpus("data/shacl-test-suite/tests/manifest.ttl")
    _, reference = _suite(manifest, "pyshacl")
    passed = {t["id"] for t in reference["tests"] if t["outcome"] == "passed"}
    assert len(passed) >= 100
    code, auto = _suite(manifest, "auto")
    auto_passed = {t["id"] for t in auto["tests"] if t["outcome"] == "passed"}
    assert passed <= auto_passed, sorted(passed - auto_passed)
    assert auto["unexpectedFailures"] == [] and code == 0
    code, fast = _suite(manifest, "fast")
    outcomes = {t["id"]: t["outcome"] for t in fast["tests"]}
    applicable = {t for t, outcome in outcomes.items() if outcome != "untested"}
    # The fast engine declines the SPARQL tests and, as data and shapes share a file there, most tests whose
    # shapes write xsd:string or numbers (literals the store rewrites): about 50 tests remain.
    assert len(applicable & passed) >= 45
    assert passed & applicable <= {t for t, o in outcomes.items() if o == "passed"}, sorted(
        t for t in passed & applicable if outcomes[t] != "passed"
    )
    assert fast["unexpectedFailures"] == [] and code == 0


def test_auto_runs_fast_on_rdf_xml_geodata_with_the_reference_findings(tmp_path: Path) -> None:
    """RDF/XML goes to the fast engine (pyoxigraph parses it); wgs84:long is not xsd:long; "Route 001" is
    text."""
    data, shapes = FIXTURES / "shacl-engine" / "lamps.rdf", FIXTURES / "shacl-engine" / "lamps-shapes.ttl"
    code, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    code_auto, auto, _ = _check(tmp_path, data, shapes, "auto")
    assert auto["summary"]["shacl"]["engine"] == "fast", auto["summary"]["shacl"]["engineReason"]
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) == 3
    assert code_auto == code == 1


def test_auto_leaves_rdf_xml_with_a_dtd_or_an_xml_literal_to_pyshacl(tmp_path: Path) -> None:
    text = (FIXTURES / "shacl-engine" / "lamps.rdf").read_text()
    shapes = FIXTURES / "shacl-engine" / "lamps-shapes.ttl"
    data = tmp_path / "lamps.rdf"
    data.write_text(
        text.replace(
            "<ex:label>Lamp 001</ex:label>", '<ex:label rdf:parseType="Literal"><b>Lamp</b> 001</ex:label>'
        )
    )
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    assert auto["summary"]["shacl"]["engine"] == "pyshacl"
    assert "XML literal" in auto["summary"]["shacl"]["engineReason"]
    # a DTD: the reference loader refuses it (entities), and auto says what pyshacl's run says
    data.write_text(
        text.replace(
            '<?xml version="1.0" encoding="utf-8"?>',
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY xsd '
            '"http://www.w3.org/2001/XMLSchema#"> ]>',
        )
    )
    code_auto, auto, _ = _check(tmp_path, data, shapes, "auto")
    code, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    assert _findings(auto) == _findings(reference) and code_auto == code
    assert [n["code"] for n in auto["notices"]] == ["rdf_syntax_error"]


def test_rdf_xml_prefixes_read_as_rdflib_binds_them(tmp_path: Path) -> None:
    """pyoxigraph reports no RDF/XML prefixes: the fast path reads the xmlns declarations (the default
    namespace too), so that the findings' prefixed ``where`` is the reference engine's."""
    data = tmp_path / "lamps.rdf"
    data.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="http://example.org/citylint/geo-long#lamp9">\n'
        '    <rdf:type rdf:resource="http://example.org/citylint/geo-long#Streetlight"/>\n'
        '    <label xmlns="http://example.org/citylint/geo-long#">Route 9</label>\n'
        '    <pos:lat xmlns:pos="http://www.w3.org/2003/01/geo/wgs84_pos#" '
        'rdf:datatype="http://www.w3.org/2001/XMLSchema#decimal">48.1</pos:lat>\n'
        "  </rdf:Description>\n</rdf:RDF>\n"
    )
    shapes = FIXTURES / "shacl-engine" / "lamps-shapes.ttl"
    _, reference, _ = _check(tmp_path, data, shapes, "pyshacl")
    _, auto, _ = _check(tmp_path, data, shapes, "auto")
    assert auto["summary"]["shacl"]["engine"] == "fast"
    assert _findings(auto) == _findings(reference) and len(_findings(reference)) == 2


def test_summary_lists_root_causes_with_their_counts(tmp_path: Path) -> None:
    """Many nodes failing one constraint of one shape are one root cause, counted, with a stable example."""
    data = tmp_path / "counters.ttl"
    data.write_text(
        "@prefix ex: <http://example.org/city#> .\n"
        + "".join(f"ex:c{i:02d} a ex:TrafficCounter ; ex:vehicles -{i} .\n" for i in range(1, 13))
        + "ex:c99 a ex:TrafficCounter .\n"
    )
    shapes = FIXTURES / "suite" / "examples" / "shapes.ttl"
    for engine in ("pyshacl", "auto"):
        _, report, _ = _check(tmp_path, data, shapes, engine)
        causes = report["summary"]["shacl"]["rootCauses"]
        assert [(c["code"], c["results"]) for c in causes] == [
            ("shacl_min_inclusive", 12),
            ("shacl_min_count", 1),
        ]
        assert causes[0]["exampleFocusNode"] == "http://example.org/city#c01"
