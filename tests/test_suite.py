"""``citylint suite``: W3C SHACL test manifests, compared as the suite compares reports, EARL output, exit
codes.

The corpus test runs the whole W3C suite with citylint and pyshacl directly (pyshacl's own comparison,
``check_sht_result``). While citylint's engine *is* pyshacl this proves the runner (manifest reading, loading,
report comparison), not the engine; the fast engine gets the same comparison when it plugs in.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from citylint.suite.earl import EARL
from citylint.suite.manifest import MF, load_tests
from citylint.suite.run import suite_id
from tests.conftest import FIXTURES, corpus, run_cli

MANIFEST = FIXTURES / "suite" / "manifest.ttl"


def _json_run(manifest: Path, *extra: str) -> tuple[int, dict[str, str], dict]:  # type: ignore[type-arg]
    code, out, _ = run_cli("suite", str(manifest), "--format", "json", "--quiet", *extra)
    body = json.loads(out)
    return code, {t["id"]: t["outcome"] for t in body["tests"]}, body


def test_manifest_includes_are_followed() -> None:
    tests = load_tests(MANIFEST)
    root = MANIFEST.resolve().parent.as_uri() + "/"
    assert [suite_id(t, root) for t in tests] == [
        "urn:x-shacl-test:/sub/min-count",
        "urn:x-shacl-test:/sub/inverse-path",
        "urn:x-shacl-test:/sub/ill-formed",
        "urn:x-shacl-test:/wrong-expectation",
    ]


def test_outcomes_and_exit_code() -> None:
    code, outcomes, body = _json_run(MANIFEST)
    assert outcomes == {
        "urn:x-shacl-test:/sub/min-count": "passed",  # blank source shape compared by structure
        "urn:x-shacl-test:/sub/inverse-path": "passed",  # path compared as a path expression
        "urn:x-shacl-test:/sub/ill-formed": "passed",  # sht:Failure expected and given
        "urn:x-shacl-test:/wrong-expectation": "failed",
    }
    assert (body["total"], body["passed"], body["failed"]) == (4, 3, 1)
    assert body["unexpectedFailures"] == ["urn:x-shacl-test:/wrong-expectation"]
    assert code == 1


def test_listed_failure_does_not_fail_the_run(tmp_path: Path) -> None:
    listed = tmp_path / "known.yaml"
    listed.write_text(
        "pyshacl:\n  urn:x-shacl-test:/wrong-expectation: the expectation is wrong on purpose\n"
    )
    code, _, body = _json_run(MANIFEST, "--engine", "pyshacl", "--expected-failures", str(listed))
    assert code == 0
    assert (
        body["expectedFailures"] == ["urn:x-shacl-test:/wrong-expectation"]
        and body["unexpectedFailures"] == []
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("sh:resultSeverity sh:Warning ;", "sh:resultSeverity sh:Violation ;"),  # severity differs
        ("sh:focusNode ex:l2 ;", "sh:focusNode ex:l1 ;"),  # focus node differs
        ("sh:resultPath ex:name ;", "sh:resultPath [ sh:inversePath ex:name ] ;"),  # path differs
        (
            "sh:sourceShape [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ]",
            "sh:sourceShape [ sh:path ex:name ; sh:minCount 2 ]",
        ),  # blank source shape of another structure
        (
            "sh:sourceConstraintComponent sh:MinCountConstraintComponent",
            "sh:sourceConstraintComponent sh:MaxCountConstraintComponent",
        ),
        ("sh:conforms false ;", "sh:conforms true ;"),
    ],
)
def test_each_compared_field_can_fail_a_test(tmp_path: Path, old: str, new: str) -> None:
    source = (FIXTURES / "suite" / "sub" / "min-count.ttl").read_text()
    assert old in source
    changed = tmp_path / "min-count.ttl"
    changed.write_text(source.replace(old, new))
    manifest = tmp_path / "manifest.ttl"
    manifest.write_text(
        "@prefix mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#> .\n"
        "<> a mf:Manifest ; mf:include <min-count.ttl> .\n"
    )
    code, outcomes, _ = _json_run(manifest)
    assert outcomes == {"urn:x-shacl-test:/min-count": "failed"} and code == 1


def test_earl_report_has_one_assertion_per_test(tmp_path: Path) -> None:
    out = tmp_path / "earl.ttl"
    code, _, err = run_cli(
        "suite", str(MANIFEST), "--engine", "pyshacl", "--format", "earl", "--output", str(out)
    )
    assert code == 1 and "4 tests with pyshacl: 3 passed, 1 failed" in err
    graph = Graph().parse(out, format="turtle")
    assertions = list(graph.subjects(RDF.type, EARL.Assertion))
    assert len(assertions) == 4
    outcomes = {
        str(graph.value(a, EARL.test)): graph.value(graph.value(a, EARL.result), EARL.outcome)
        for a in assertions
    }
    assert outcomes["urn:x-shacl-test:/wrong-expectation"] == EARL.failed
    assert outcomes["urn:x-shacl-test:/sub/min-count"] == EARL.passed


def test_unreadable_manifest_cannot_run(tmp_path: Path) -> None:
    code, _, err = run_cli("suite", str(tmp_path / "missing.ttl"))
    assert code == 2 and "manifest not found" in err
    broken = tmp_path / "broken.ttl"
    broken.write_text("<> a <x> ;;; .\n@@@")
    code, _, err = run_cli("suite", str(broken))
    assert code == 2 and "broken.ttl" in err


@pytest.mark.corpus
@pytest.mark.slow  # the whole W3C suite
def test_w3c_suite_passes_what_pyshacl_passes() -> None:
    from pyshacl import validate
    from pyshacl.validator_conformance import check_sht_result

    manifest = corpus("data/shacl-test-suite/tests/manifest.ttl")
    code, ours, body = _json_run(manifest)
    root = manifest.resolve().parent.as_uri() + "/"
    tests = load_tests(manifest)
    assert len(tests) == body["total"] >= 100
    pyshacl_passes = set()
    logging.disable(logging.CRITICAL)  # pyshacl logs every odd shape to stderr
    try:
        for test in tests:
            # pyshacl as its own harness runs it: files loaded by pyshacl, the manifest by plain rdflib
            manifest_graph = Graph().parse(test.manifest, format="turtle")
            expected = manifest_graph.value(test.iri, MF.result)
            try:
                _, report, _ = validate(str(test.data), shacl_graph=str(test.shapes), inference="none")
                passed = check_sht_result(report, manifest_graph, expected)
            except Exception:  # noqa: BLE001 - pyshacl raising is pyshacl failing that test
                passed = False
            if passed:
                pyshacl_passes.add(suite_id(test, root))
    finally:
        logging.disable(logging.NOTSET)
    ours_passed = {t for t, outcome in ours.items() if outcome == "passed"}
    assert len(pyshacl_passes) >= 100
    assert pyshacl_passes <= ours_passed, sorted(pyshacl_passes - ours_passed)
    assert body["unexpectedFailures"] == [] and code == 0


def test_dash_test_cases_run_with_every_engine() -> None:
    for engine in ("pyshacl", "auto"):
        code, outcomes, body = _json_run(FIXTURES / "shacl-dash", "--engine", engine)
        assert code == 0 and body["total"] == 5 and set(outcomes.values()) == {"passed"}, body
    _, outcomes, _ = _json_run(FIXTURES / "shacl-dash", "--engine", "fast")
    assert "passed" in outcomes.values() and "failed" not in outcomes.values()  # declines, never wrong


def test_a_wrong_dash_expectation_fails(tmp_path: Path) -> None:
    case = tmp_path / "case.test.ttl"
    case.write_text(
        (FIXTURES / "shacl-dash" / "unloaded-import.test.ttl")
        .read_text()
        .replace("sh:focusNode ex:s2", "sh:focusNode ex:s1")
    )
    code, outcomes, _ = _json_run(case)
    assert code == 1 and list(outcomes.values()) == ["failed"]


def test_example_folders_and_earl(tmp_path: Path) -> None:
    examples = FIXTURES / "suite" / "examples"
    code, outcomes, body = _json_run(examples)
    assert code == 0 and body["passed"] == 3 and len(outcomes) == 3
    code, out, _ = run_cli("suite", str(examples), "--format", "earl", "--quiet")
    earl = Graph().parse(data=out, format="turtle")
    assert len(set(earl.subjects(RDF.type, EARL.Assertion))) == 3
    broken = tmp_path / "examples"
    for sub in ("valid", "invalid"):
        (broken / sub).mkdir(parents=True)
    (broken / "shapes.ttl").write_text((examples / "shapes.ttl").read_text())
    (broken / "valid" / "negative.ttl").write_text((examples / "invalid" / "negative-count.ttl").read_text())
    (broken / "invalid" / "fine.ttl").write_text((examples / "valid" / "counter.ttl").read_text())
    code, outcomes, _ = _json_run(broken)
    assert code == 1 and sorted(outcomes.values()) == ["failed", "failed"]
