"""The eif4scc profile: the data's own checks plus the metadata checks, and a scorecard per EIF layer and
principle in the text and JSON reports; every rule it runs is mapped to a principle."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from citylint.eif.scorecard import principles_of
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
        assert rule.layer.value in layers, code
    assert set(mapping["codes"]) <= set(registry.rules), "the mapping names a rule that does not exist"
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
    assert layers["governance"]["run"] == 0 and layers["governance"]["notMachineCheckable"]
    assert principles["assessment_of_effectiveness_and_efficiency"]["notMachineCheckable"]


def test_metadata_rules_do_not_count_without_metadata(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(feed_with(tmp_path, None), "--profile", "eif4scc")
    checked = set(report["summary"]["rulesChecked"])
    assert "licence_missing" not in checked and "licence_not_declared" in checked
    assert "licence_not_declared" in by_id(report["scorecard"]["principles"])["openness"]["failedCodes"]


def test_text_report_prints_the_scorecard(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(feed_with(tmp_path, "format_proprietary/bad")), "--profile", "eif4scc",
                           "--date", VALIDATION_DATE, "--quiet")
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
