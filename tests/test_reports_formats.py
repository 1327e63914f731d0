"""SARIF, JUnit, EARL and Markdown reports, produced by the real CLI on the bundled example and small
fixtures."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DOAP, RDF

from citylint import __version__
from citylint.reports import sarif
from citylint.rules_doc import rule_page_url
from tests.conftest import FIXTURES, REPORT_SCHEMA, ROOT, VALIDATION_DATE, corpus, run_cli

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
BASE = FIXTURES / "gtfs" / "_base"
EARL = Namespace("http://www.w3.org/ns/earl#")
FORMATS = ("json", "sarif", "junit", "earl", "markdown", "text")


@pytest.fixture(scope="module")
def example_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One run of the example feed with every format at once."""
    out = tmp_path_factory.mktemp("example")
    args = [a for fmt in FORMATS for a in ("--format", fmt)]
    code, stdout, err = run_cli(
        "check", str(EXAMPLE), "--date", VALIDATION_DATE, "--output-dir", str(out), "--quiet", *args
    )
    assert code == 1, err  # the example has errors
    assert stdout == ""  # every report went to its file
    files = {p.suffix: p for p in out.iterdir()}
    assert set(files) == {".json", ".sarif", ".xml", ".ttl", ".md", ".txt"}
    return {
        "json": files[".json"],
        "sarif": files[".sarif"],
        "junit": files[".xml"],
        "earl": files[".ttl"],
        "markdown": files[".md"],
        "text": files[".txt"],
    }


def _json(path: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(path.read_text())
    return body


def _feed_with_unknown_column(tmp_path: Path) -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    stops = (feed / "stops.txt").read_text().splitlines()
    stops = [stops[0] + ",platform_colour"] + [line + ",red" for line in stops[1:]]
    (feed / "stops.txt").write_text("\n".join(stops) + "\n")
    return feed


# ---
# SARIF -----------------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_sarif_of_the_example_validates_against_the_oasis_schema(example_reports: dict[str, Path]) -> None:
    schema = json.loads(corpus("schemas/sarif-schema-2.1.0.json").read_text())
    log = _json(example_reports["sarif"])
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_follows_code_scanning_rules(example_reports: dict[str, Path]) -> None:
    log = _json(example_reports["sarif"])
    report = _json(example_reports["json"])
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "citylint" and driver["version"] == __version__
    rules = {r["id"]: r for r in driver["rules"]}
    codes = {n["code"]: n for n in report["notices"]}
    assert set(rules) == set(codes)
    rule = rules["unused_station"]
    assert rule["helpUri"] == rule_page_url("unused_station")
    assert rule["shortDescription"]["text"] == codes["unused_station"]["summary"]
    assert "Why it matters" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"]["level"] == "note"
    assert rules["trip_distance_exceeds_shape_distance"]["defaultConfiguration"]["level"] == "error"
    # One result per sample, ruleId the code, ruleIndex pointing at it, fingerprint from the finding.
    samples = {
        (n["code"], s["citylint"]["fingerprint"]) for n in report["notices"] for s in n["sampleNotices"]
    }
    results = run["results"]
    assert len(results) == sum(len(n["sampleNotices"]) for n in report["notices"])
    assert {(r["ruleId"], r["partialFingerprints"][sarif.FINGERPRINT_KEY]) for r in results} == samples
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")


def test_sarif_points_at_the_zip_and_names_the_member_and_row(example_reports: dict[str, Path]) -> None:
    [run] = _json(example_reports["sarif"])["runs"]
    station = next(r for r in run["results"] if r["ruleId"] == "unused_station")
    [location] = station["locations"]
    artifact = location["physicalLocation"]["artifactLocation"]
    assert artifact["uri"].endswith("gb-newport-2023-06-13.zip")
    assert run["artifacts"][artifact["index"]]["location"]["uri"] == artifact["uri"]
    assert location["physicalLocation"]["region"]["startLine"] == 1  # a zip has no lines of its own
    [logical] = location["logicalLocations"]
    row = logical["fullyQualifiedName"].split("#row=")[1]
    assert logical["fullyQualifiedName"].startswith("stops.txt#row=")
    assert f"stops.txt, row {row}" in station["message"]["text"]


def test_sarif_of_a_folder_points_at_the_csv_line(tmp_path: Path) -> None:
    feed = _feed_with_unknown_column(tmp_path)
    # Row 4 (header = 1) gets a latitude that is not a number.
    (feed / "stops.txt").write_text((feed / "stops.txt").read_text().replace("48.8676", "48.8676x"))
    out = tmp_path / "r.sarif"
    code, _, err = run_cli("check", str(feed), "--date", VALIDATION_DATE, "-f", "sarif", "-o", str(out), "-q")
    assert code in (0, 1), err
    [run] = _json(out)["runs"]
    unknown = next(r for r in run["results"] if r["ruleId"] == "unknown_column")
    assert unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("feed/stops.txt")
    bad_float = next(r for r in run["results"] if r["ruleId"] == "invalid_float")
    [location] = bad_float["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("feed/stops.txt")
    assert location["physicalLocation"]["region"]["startLine"] == 4
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "stops.txt#row=4/stop_lat"


def test_sarif_caps_results_per_rule_and_says_so(
    example_reports: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 100)
    out = tmp_path / "r.sarif"
    code, _, _ = run_cli(
        "check", str(EXAMPLE), "--date", VALIDATION_DATE, "-f", "sarif", "-o", str(out), "-q"
    )
    assert code == 1
    [run] = _json(out)["runs"]
    per_rule: dict[str, int] = {}
    for result in run["results"]:
        per_rule[result["ruleId"]] = per_rule.get(result["ruleId"], 0) + 1
    assert len(run["results"]) <= 100
    cap = run["properties"]["resultsCappedPerRule"]
    assert cap is not None and per_rule["unused_station"] == cap
    assert per_rule["trip_distance_exceeds_shape_distance"] == 12  # small rules keep all their results
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any(n.startswith("unused_station:") and "25,000" in n for n in notes)
    assert run["properties"]["findings"]["unused_station"]["findings"] == 1160


def test_per_rule_cap_shares_what_is_left_equally() -> None:
    assert sarif.per_rule_cap({"a": 10, "b": 20}, 30) is None
    assert sarif.per_rule_cap({"a": 5, "b": 100, "c": 100}, 45) == 20
    cap = sarif.per_rule_cap({"a": 30_000, "b": 30_000, "c": 10}, sarif.MAX_RESULTS)
    assert cap is not None and 10 + 2 * cap <= sarif.MAX_RESULTS


def test_sarif_reports_system_errors_as_notifications(tmp_path: Path) -> None:
    broken = tmp_path / "feed.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    out = tmp_path / "r.sarif"
    code, _, _ = run_cli("check", str(broken), "-f", "sarif", "-o", str(out), "-q")
    assert code == 2
    [run] = _json(out)["runs"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert errors and errors[0]["descriptor"]["id"] == "input_error"
    assert run["results"] == []


# ---
# JUnit -----------------------------------------------------------------------------------------------------


def test_junit_has_a_case_per_rule_and_a_failure_per_code_with_findings(
    example_reports: dict[str, Path],
) -> None:
    xml = JUnitXml.fromfile(str(example_reports["junit"]))
    report = _json(example_reports["json"])
    [suite] = list(xml)
    cases = {case.name: case for case in suite}
    assert set(cases) == set(report["summary"]["rulesChecked"])
    totals = {n["code"]: n["totalNotices"] for n in report["notices"]}
    failed = {name: case.result[0] for name, case in cases.items() if case.result}
    # The run's --fail-on (default error) decides what fails, as for the exit code; the rest say their count.
    errors = {n["code"] for n in report["notices"] if n["severity"] == "ERROR"}
    assert set(failed) == errors and errors
    for code, failure in failed.items():
        assert isinstance(failure, Failure)
        assert failure.message.startswith(f"{totals[code]:,} ")
        assert failure.type == "ERROR"
    assert f"{totals['unused_station']:,} INFO finding(s), below --fail-on" in (
        cases["unused_station"].system_out or ""
    )
    assert suite.failures == len(errors) and suite.tests == len(cases)


def test_junit_reports_a_system_error_as_an_error(tmp_path: Path) -> None:
    out = tmp_path / "r.xml"
    code, _, _ = run_cli(
        "check",
        str(BASE),
        str(tmp_path / "missing.zip"),
        "--date",
        VALIDATION_DATE,
        "-f",
        "junit",
        "-o",
        str(out),
        "-q",
    )
    assert code == 2
    suites = list(JUnitXml.fromfile(str(out)))
    assert len(suites) == 2
    good, missing = suites
    assert good.failures == 0 and good.errors == 0 and good.tests > 100
    [case] = list(missing)
    assert isinstance(case.result[0], Error) and "no such file" in (case.result[0].message or "")


# ---
# EARL ------------------------------------------------------------------------------------------------------


def test_earl_parses_and_has_one_assertion_per_rule_and_input(example_reports: dict[str, Path]) -> None:
    graph = Graph().parse(example_reports["earl"], format="turtle")
    report = _json(example_reports["json"])
    assertions = list(graph.subjects(RDF.type, EARL.Assertion))
    assert len(assertions) == len(report["summary"]["rulesChecked"])
    outcomes: dict[str, URIRef] = {}
    for assertion in assertions:
        test = graph.value(assertion, EARL.test)
        result = graph.value(assertion, EARL.result)
        outcomes[str(test)] = graph.value(result, EARL.outcome)  # type: ignore[assignment]
        assert graph.value(assertion, EARL.mode) == EARL.automatic
    failing = {rule_page_url(n["code"]) for n in report["notices"]}
    assert {t for t, o in outcomes.items() if o == EARL.failed} == failing
    assert {t for t, o in outcomes.items() if o == EARL.passed} == set(outcomes) - failing
    assertor = graph.value(assertions[0], EARL.assertedBy)
    release = graph.value(assertor, DOAP.release)
    assert graph.value(release, DOAP.revision) == Literal(__version__)
    assert (assertor, RDF.type, EARL.Software) in graph


# ---
# Markdown --------------------------------------------------------------------------------------------------


def test_markdown_summary_has_verdict_counts_top_codes_and_details(example_reports: dict[str, Path]) -> None:
    text = example_reports["markdown"].read_text()
    report = _json(example_reports["json"])
    counts = report["summary"]["findingCounts"]
    assert "NOT CONFORMANT" in text.splitlines()[0]
    assert f"| {counts['INFO']:,} |" in text
    assert (
        "[`trip_distance_exceeds_shape_distance`](" + rule_page_url("trip_distance_exceeds_shape_distance")
        in text
    )
    assert text.count("<details>") == 1 and "</details>" in text
    assert f"All {len(report['notices'])} codes" in text


def test_markdown_of_a_clean_feed_says_so(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-f", "markdown", "-q")
    assert code == 0
    assert "**conformant**" in out and "No findings." in out and "<details>" not in out


# --- JSON: the additions fit the
# schema -------------------------------------------------------------------------


def test_json_report_lists_the_rules_that_ran_and_fits_its_schema(example_reports: dict[str, Path]) -> None:
    report = _json(example_reports["json"])
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    checked = report["summary"]["rulesChecked"]
    assert {n["code"] for n in report["notices"]} <= set(checked)
    assert all(n["suppressedNotices"] == 0 for n in report["notices"])
    assert report["summary"]["suppressedCounts"] == {"ERROR": 0, "WARNING": 0, "INFO": 0}


def test_same_report_in_every_format_counts_the_same(example_reports: dict[str, Path]) -> None:
    report = _json(example_reports["json"])
    total = sum(n["totalNotices"] for n in report["notices"])
    [run] = _json(example_reports["sarif"])["runs"]
    assert sum(v["findings"] for v in run["properties"]["findings"].values()) == total
    assert f"{report['summary']['findingCounts']['ERROR']:,} error" in example_reports["text"].read_text()


def test_a_zipped_copy_reports_the_same_fingerprints_as_the_folder(tmp_path: Path) -> None:
    feed = _feed_with_unknown_column(tmp_path)
    archive = tmp_path / "feed.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for member in feed.iterdir():
            zf.write(member, member.name)
    prints = []
    for target in (feed, archive):
        out = tmp_path / f"{target.name}.sarif"
        run_cli("check", str(target), "--date", VALIDATION_DATE, "-f", "sarif", "-o", str(out), "-q")
        [run] = _json(out)["runs"]
        prints.append(sorted(r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in run["results"]))
    assert prints[0] == prints[1] and prints[0]
