"""The eif4scc profile: the data's own checks plus the metadata checks, and a scorecard per EIF layer and
principle in the text and JSON reports; every rule it runs is mapped to a principle."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from citylint.eif.scorecard import element_of, principles_of
from citylint.engine import enabled_codes
from citylint.profiles import load_profile
from citylint.registry import load_registry
from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli

GTFS_BASE = FIXTURES / "gtfs" / "_base"
META = FIXTURES / "metadata"


def feed_with(tmp_path: Path, metadata: str | None) -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(GTFS_BASE, feed)
    if metadata is not None:
        shutil.copyfile(META / metadata / "dcat.ttl", tmp_path / "feed.dcat.ttl")
    return feed


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_every_rule_of_the_profile_serves_a_known_principle_and_layer() -> None:
    profile = load_profile("eif4scc")
    registry = load_registry()
    mapping = yaml.safe_load(Path(profile.scorecard["mapping"]).read_text())
    principles, layers = set(profile.scorecard["principles"]), set(profile.scorecard["layers"])
    codes = enabled_codes(profile, registry)
    assert {"licence_missing", "licence_not_declared", "shacl_min_count", "unknown_column"} <= codes
    for code in codes:
        rule = registry.rules[code]
        served = principles_of(rule, mapping)
        assert served, f"{code} serves no principle"
        assert set(served) <= principles, (code, served)
        assert element_of(rule, mapping) in layers, code
    assert set(mapping["codes"]) <= set(registry.rules), "the mapping names a rule that does not exist"
    assert set(mapping["elements"]["codes"]) <= set(registry.rules)
    manual = profile.scorecard["manual"]
    assert all(set(m["principles"]) <= principles and set(m["layers"]) <= layers for m in manual)


def test_scorecard_counts_add_up_and_name_failures(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(feed_with(tmp_path, "licence_not_open/bad"), "--profile", "eif4scc")
    card = report["scorecard"]
    assert card["unmappedRules"] == []
    for item in card["layers"] + card["principles"]:
        assert item["run"] == item["passed"] + item["failed"] + item["informational"]
    layers, principles = by_id(card["layers"]), by_id(card["principles"])
    assert sum(item["run"] for item in card["layers"]) == len(report["summary"]["rulesChecked"])
    assert "licence_not_open" in layers["legal"]["failedCodes"]
    assert "licence_not_open" in principles["openness"]["failedCodes"]
    assert principles["reusability"]["failed"] == 0  # the base feed is clean
    assert list(layers) == ["legal", "organisational", "semantic", "technical", "cultural"]
    # EIF definitions: GTFS conformance is semantic (schemas, code lists, syntax), licences legal, languages
    # cultural
    assert layers["semantic"]["run"] > 100 and layers["cultural"]["run"] > 0
    assert "format_proprietary" not in layers["technical"]["failedCodes"]
    # no vacuous passes: a principle no check applies to is "not assessed", never "0 run, 0 passed"
    effectiveness = principles["assessment_of_effectiveness_and_efficiency"]
    assert effectiveness["run"] == 0 and effectiveness["status"] == "not_assessed"
    assert effectiveness["notMachineCheckable"]
    assert all(item["status"] != "passed" or item["run"] > 0 for item in card["layers"] + card["principles"])


def test_metadata_rules_do_not_count_without_metadata(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(feed_with(tmp_path, None), "--profile", "eif4scc")
    checked = set(report["summary"]["rulesChecked"])
    assert "licence_missing" not in checked and "licence_not_declared" in checked
    assert "licence_not_declared" in by_id(report["scorecard"]["principles"])["openness"]["failedCodes"]


def test_text_report_prints_the_scorecard(tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "check",
        str(feed_with(tmp_path, "format_proprietary/bad")),
        "--profile",
        "eif4scc",
        "--date",
        VALIDATION_DATE,
        "--quiet",
    )
    assert code == 0
    assert "scorecard: EIF4SCC" in out
    assert "Technological neutrality and data portability:" in out
    assert "(format_proprietary)" in out
    assert "not checkable by a machine (not scored):" in out


def test_other_profiles_have_no_scorecard(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(feed_with(tmp_path, None), "--profile", "gtfs-lockin")
    assert "scorecard" not in report


@pytest.mark.corpus
def test_scorecard_of_dcat_metadata_counts_the_shapes(monkeypatch: pytest.MonkeyPatch, check_json) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(corpus("data")))
    _, report, err = check_json(META / "_profiles" / "dcat-ap.ttl", "--profile", "eif4scc")
    assert report, err
    card = report["scorecard"]
    assert card["unmappedRules"] == []
    reusability = by_id(card["principles"])["reusability"]
    assert "shacl_min_count" in reusability["failedCodes"]
    assert "licence_missing" in by_id(card["layers"])["legal"]["failedCodes"]


def test_cited_recommendations_are_checked_against_the_eif_numbering() -> None:
    """Every "rec. N" the profile, mapping, rule docs and docs/eif4scc.md cite is a recommendation of the EIF
    2017 table in the mapping, cited for the principle it belongs to (recommendations 1-19)."""
    import re

    profile = load_profile("eif4scc")
    mapping = yaml.safe_load(Path(profile.scorecard["mapping"]).read_text())
    table = mapping["recommendations"]
    assert table[4]["says"] == "Give preference to open specifications" and table[22]["layer"] == "governance"
    for item in profile.scorecard["manual"]:
        for low, high in re.findall(r"rec\. (\d+)(?:-(\d+))?", item["check"]):
            for number in range(int(low), int(high or low) + 1):
                assert number in table, (number, item["check"])
                if number <= 19 and high == "":
                    assert table[number]["principle"] in item["principles"], (number, item)
    cited = " ".join(r.doc for r in load_registry().rules.values())
    for number in re.findall(
        r"EIF 2017 (?:\(European Interoperability Framework\) )?recommendations? (\d+)", cited
    ):
        assert int(number) in table, number
    assert "recommendation 22 (use open specifications)" not in cited


def test_scorecard_in_french_and_html(tmp_path: Path) -> None:
    feed = str(feed_with(tmp_path, "format_proprietary/bad"))
    _, out, _ = run_cli(
        "check", feed, "--profile", "eif4scc", "--date", VALIDATION_DATE, "--quiet", "--lang", "fr"
    )
    assert "Interopérabilité culturelle" in out and "Interopérabilité sémantique" in out
    assert "non évalué" in out
    html = tmp_path / "report.html"
    run_cli(
        "check",
        feed,
        "--profile",
        "eif4scc",
        "--date",
        VALIDATION_DATE,
        "--quiet",
        "--format",
        "html",
        "--output",
        str(html),
    )
    page = html.read_text(encoding="utf-8")
    assert 'id="scorecard"' in page and "Cultural interoperability" in page and "not assessed" in page
    run_cli(
        "check",
        feed,
        "--profile",
        "eif4scc",
        "--date",
        VALIDATION_DATE,
        "--quiet",
        "--lang",
        "fr",
        "--format",
        "html",
        "--output",
        str(html),
    )
    page = html.read_text(encoding="utf-8")
    assert "Interopérabilité culturelle" in page and "non évalué" in page


RDF_TWIN = """@prefix saref: <https://saref.etsi.org/core/> .
@prefix ngsi: <https://uri.etsi.org/ngsi-ld/> .
@prefix sdm: <https://smartdatamodels.org/dataModel.Environment/> .
@prefix acme: <https://iot.acme.example/ns#> .
<urn:s1> a saref:Device ; ngsi:location "x" ; sdm:temperature 21 .
<urn:s1> <dtmi:com:example:Thermostat;1> 5 .
<urn:s1> acme:battery 80 .
"""


def test_rdf_data_gets_a_lockin_map_naming_vendors_not_standards(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """Under eif4scc, RDF data that is not DCAT gets the vocabulary checks (not a metadata verdict): the DTDL
    namespace is Microsoft's, an unknown namespace stays unknown, NGSI-LD / Smart Data Models / SAREF are
    standards and not on the map."""
    data = tmp_path / "twin.ttl"
    data.write_text(RDF_TWIN, encoding="utf-8")
    _, report, err = check_json(data, "--profile", "eif4scc")
    assert report, err
    found = {o["origin"]: o for o in report["lockin"]["origins"]}
    assert set(found) == {
        "Microsoft DTDL (Azure Digital Twins)",
        "https://iot.acme.example/ns# (owner unknown)",
    }
    assert "no_dataset" not in {n["code"] for n in report["notices"]}
    score = report["lockin"]["score"]
    assert report["lockin"]["facts"]["units"] == {"unit": "triples", "total": 5}
    assert score["layers"]["semantic"] == 40  # the DTDL and acme triples: 2 of 5


@pytest.mark.corpus
def test_gbfs_gets_a_lockin_map_under_eif4scc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_json
) -> None:  # type: ignore[no-untyped-def]
    """Voi's Marseille feed: every vehicle's rental link goes through Adjust's adj.st tracking domain."""
    from citylint import standards

    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "cache"))
    code, _, err = run_cli("standards", "install", "gbfs-schemas-v2.3", "--from", str(corpus("data")))
    assert code == 0, err
    _, report, err = check_json(corpus("data/gbfs/samples/voi-marseille/2.3"), "--profile", "eif4scc")
    assert report and not report["systemErrors"], err
    adjust = {o["origin"]: o for o in report["lockin"]["origins"]}["Adjust (mobile attribution)"]
    assert adjust["kind"] == "hosting" and adjust["touches"]["reached"] > 1000
    assert report["lockin"]["score"]["layers"]["technical"] == 100
    assert [item["id"] for item in report["scorecard"]["layers"]] == [
        "legal",
        "organisational",
        "semantic",
        "technical",
        "cultural",
    ]
    assert not [c for c in report["summary"]["rulesChecked"] if c.startswith("gbfs_fr_")]


def test_nothing_checkable_is_not_assessed_not_clean(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """A graph with nothing to check has no lock-in score ("not assessed"), not 0 ("none found")."""
    data = tmp_path / "empty.ttl"
    data.write_text("@prefix ex: <https://city.example/> .\n", encoding="utf-8")
    _, report, err = check_json(data, "--profile", "eif4scc")
    assert report, err
    assert report["lockin"]["score"]["dataset"] is None and report["lockin"]["score"]["assessed"] is False
    assert "0 = none found" not in run_cli("check", str(data), "--profile", "eif4scc", "--quiet")[1]
