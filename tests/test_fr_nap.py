"""The fr-nap profile on citylint's own fixtures: every fr_nap rule has a case that triggers it and one that
does not (fixtures/fr_nap/<code>/{bad,good}, laid over fixtures/gtfs/_base), the verdicts, validity and
accessibility figures, and the French catalogues."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest

from citylint.i18n import rule_message_template, rule_title, translate
from citylint.profiles import load_profile
from citylint.registry import load_registry
from citylint.validators.fr_nap import TV_RULES
from citylint.validators.fr_nap import verdict as verdicts
from citylint.validators.fr_nap.base import TvSeverity
from tests.conftest import FIXTURES, run_cli
from tests.test_fixtures import build_case
from tests.test_gtfs_fixtures import BASE

FR_NAP_FIXTURES = FIXTURES / "fr_nap"
FR_NAP_CODES = {r.code for r in load_registry().rules.values() if r.family == "fr_nap"}


def fr_nap_totals(report: dict[str, Any]) -> dict[str, int]:
    return {n["code"]: n["totalNotices"] for n in report["notices"] if n["code"] in FR_NAP_CODES}


def check_fr_nap(check_json, path: Path, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    args = extra if "--profile" in extra else ("--profile", "fr-nap", *extra)
    code, report, err = check_json(path, *args)
    assert "Traceback" not in err
    assert code in (0, 1), err
    return report


def test_every_fr_nap_rule_has_a_bad_and_a_good_case() -> None:
    missing = sorted(
        f"{code}/{kind}"
        for code in FR_NAP_CODES
        for kind in ("bad", "good")
        if not (FR_NAP_FIXTURES / code / kind / "case.json").is_file()
    )
    assert not missing


def test_base_feed_is_ready_current_and_accessible(check_json) -> None:  # type: ignore[no-untyped-def]
    report = check_fr_nap(check_json, BASE)
    assert fr_nap_totals(report) == {}
    assert report["verdicts"] == [
        {
            "scheme": "transport.data.gouv.fr",
            "passed": True,
            "headline": verdicts.READY,
            "reasons": [],
            # the profile's language is French: the title follows it
            "title": "Prêt pour transport.data.gouv.fr : conforme et à jour",
        }
    ]
    facts = report["summary"]["frNap"]
    assert (facts["compliant"], facts["upToDate"]) == (True, True)
    assert facts["licence"] is None  # not given: the zip does not carry it
    assert "informations sur l'accessibilité en fauteuil roulant" in facts["tags"]
    figures = facts["accessibility"]
    assert figures["stops"] == {"total": 4, "withWheelchairBoarding": 4, "share": 1.0}
    assert figures["stations"] == {"total": 1, "withPathways": 0}


def test_an_error_issue_makes_the_feed_not_ready(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = check_fr_nap(check_json, build_case(FR_NAP_FIXTURES / "missing_url" / "bad", tmp_path))
    verdict = report["verdicts"][0]
    assert (verdict["passed"], verdict["headline"], verdict["reasons"]) == (
        False,
        verdicts.NOT_COMPLIANT,
        ["missing_url"],
    )
    assert report["summary"]["frNap"]["compliant"] is False


def test_warnings_and_information_do_not_block(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = check_fr_nap(check_json, build_case(FR_NAP_FIXTURES / "unused_stop" / "bad", tmp_path))
    assert report["verdicts"][0]["passed"] is True


def test_fatal_reasons_come_before_errors(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = build_case(
        FR_NAP_FIXTURES / "no_calendar" / "bad", tmp_path
    )  # no_calendar Error, invalid_reference Fatal
    assert check_fr_nap(check_json, feed)["verdicts"][0]["reasons"] == ["invalid_reference", "no_calendar"]


def test_flex_feed_is_judged_by_mobilitydata_errors(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = build_case(FR_NAP_FIXTURES / "missing_url" / "bad", tmp_path)  # transport-validator Error ...
    (feed / "locations.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    report = check_fr_nap(check_json, feed)
    assert report["summary"]["frNap"]["gtfsFlex"] is True
    mobilitydata_errors = sorted(
        n["code"] for n in report["notices"] if n["family"] == "gtfs" and n["severity"] == "ERROR"
    )
    verdict = report["verdicts"][0]
    assert verdict["reasons"] == mobilitydata_errors  # ... does not count; MobilityData's ERRORs do
    assert verdict["passed"] is (not mobilitydata_errors)
    assert "missing_url" not in verdict["reasons"]


@pytest.mark.parametrize(
    ("date", "days", "sent", "headline"),
    [
        ("2027-09-01", 121, [], verdicts.READY),
        ("2027-12-20", 11, [14], verdicts.READY),
        ("2027-12-30", 1, [14, 7], verdicts.READY),
        (
            "2027-12-31",
            0,
            [14, 7, 0],
            verdicts.OUTDATED,
        ),  # outdated on the end date itself (end_date <= today)
        ("2028-01-05", -5, [14, 7, 0, -3], verdicts.OUTDATED),
    ],
)
def test_validity_window_and_reminders(
    date: str, days: int, sent: list[int], headline: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    run_cli("check", str(BASE), "--profile", "fr-nap", "--date", date, "-f", "json", "-o", str(out), "-q")
    report = json.loads(out.read_text())
    validity = report["summary"]["frNap"]["validity"]
    assert (validity["source"], validity["endDate"]) == ("calendar", "2027-12-31")
    assert validity["daysLeft"] == days
    assert validity["remindersSent"] == sent
    up_to_date = days > 0
    assert (validity["upToDate"], report["summary"]["frNap"]["upToDate"]) == (up_to_date, up_to_date)
    assert [(v["scheme"], v["headline"], v["passed"]) for v in report["verdicts"]] == [
        ("transport.data.gouv.fr", headline, up_to_date)
    ]
    assert report["summary"]["frNap"]["compliant"] is True
    assert ({n["code"] for n in report["notices"]} >= {"resource_outdated"}) is not up_to_date


def test_validity_end_comes_from_the_calendar_not_feed_info(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed = build_case(FR_NAP_FIXTURES / "invalid_reference" / "good", tmp_path)
    info = (feed / "feed_info.txt").read_text().replace("20271231", "20351231")
    (feed / "feed_info.txt").write_text(info)
    (feed / "calendar_dates.txt").write_text(
        "service_id,date,exception_type\nWEEK,20280115,1\nWEEK,20290101,2\n"
    )
    validity = check_fr_nap(check_json, feed)["summary"]["frNap"]["validity"]
    # transport-validator's metadata: calendar start / end dates and the dates calendar_dates adds (not
    # removes)
    assert (validity["source"], validity["startDate"], validity["endDate"]) == (
        "calendar",
        "2026-01-01",
        "2028-01-15",
    )


def test_text_report_has_one_headline(tmp_path: Path) -> None:
    feed = build_case(FR_NAP_FIXTURES / "unloadable_model" / "bad", tmp_path)
    code, out, _ = run_cli(
        "check", str(feed), "--profile", "fr-nap", "--date", "2026-10-01", "-q", "--lang", "en"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == f"  ✗ {verdicts.NOT_COMPLIANT} — unloadable_model"
    assert not any("verdict:" in line for line in lines)  # no second, contradicting verdict
    # Without --lang the profile's language (French) applies.
    _, out, _ = run_cli("check", str(feed), "--profile", "fr-nap", "--date", "2028-03-01", "-q")
    assert out.splitlines()[1] == (
        f"  ✗ {translate(verdicts.NOT_COMPLIANT_OUTDATED, 'fr')} — unloadable_model, resource_outdated"
    )
    assert out.splitlines()[1].startswith(
        "  ✗ Pas prêt pour transport.data.gouv.fr : non conforme et pas à jour"
    )
    assert not any("verdict :" in line for line in out.splitlines())


def test_gtfs_profile_gives_no_verdict(check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(BASE)
    assert code == 0
    assert report["verdicts"] == [] and "frNap" not in report["summary"]


def test_profile_defaults_to_french_and_keeps_transport_validator_defaults() -> None:
    profile = load_profile("fr-nap")
    assert profile.lang == "fr"
    assert load_profile("gtfs").lang is None
    assert set(profile.validators) == {
        "gtfs",
        "fr_nap",
        "gtfs_rt",
        "netex",
    }  # gtfs_rt, netex: their resources
    assert profile.validators["gtfs"]["country_code"] == "FR"  # as the platform runs MobilityData's validator
    assert profile.validators["fr_nap"]["max_rail_speed"] == 320


def test_severity_mapping_keeps_fatal_apart_from_error() -> None:
    fatal = {r.rule.code for r in TV_RULES if r.tv_severity is TvSeverity.FATAL}
    assert fatal == {"invalid_reference", "unloadable_model", "missing_mandatory_file"}
    for rule in TV_RULES:
        assert rule.tv_severity is not None and rule.rule.severity is rule.tv_severity.citylint


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_fr_nap_rule_has_a_french_title_and_message() -> None:
    for rule in (r for r in load_registry().rules.values() if r.family == "fr_nap"):
        title, message = rule_title(rule, "fr"), rule_message_template(rule, "fr")
        assert title != rule.summary, rule.code
        assert message != rule.message and _fields(message) == _fields(rule.message), rule.code


def test_verdict_strings_are_translated() -> None:
    for headline in verdicts.HEADLINES:
        assert translate(headline, "fr") != headline


@pytest.mark.parametrize(
    ("given", "name", "accepted", "recommended"),
    [
        ("lov2", "Licence Ouverte 2.0", True, True),
        ("ODbL", "ODbL", True, False),
        ("mobility-licence", "Licence Mobilités", True, False),
        ("none", None, False, False),
        ("CC-BY-NC-4.0", None, False, False),
    ],
)
def test_licence_facts(given: str, name: str | None, accepted: bool, recommended: bool, check_json) -> None:  # type: ignore[no-untyped-def]
    facts = check_fr_nap(check_json, BASE, "--licence", given)["summary"]["frNap"]["licence"]
    assert facts == {"given": given, "licence": name, "accepted": accepted, "recommended": recommended}


def test_fr_nap_without_the_gtfs_validator_cannot_validate(tmp_path: Path) -> None:
    profile = tmp_path / "alone.yaml"
    profile.write_text(
        "name: alone\ntitle: fr_nap alone\nvalidators:\n  fr_nap: {}\nrules:\n  enable: ['*']\n"
    )
    code, out, err = run_cli("check", str(BASE), "--profile", str(profile), "-q")
    assert code == 2
    assert "no GTFS feed was loaded" in err and "Traceback" not in err
    assert f"✗ {verdicts.NOT_CHECKED} — fr_nap_without_gtfs" in out


@pytest.mark.parametrize(
    ("file", "text"),
    [
        # a file outside transport-validator's model with a value that does not parse: the model still loads
        ("levels.txt", "level_id,level_index,level_name\nL1,ground,Rez-de-chaussée\n"),
        # a model file that does not parse: the model cannot be built
        ("stops.txt", None),
    ],
)
def test_verdict_does_not_depend_on_the_samples_kept(  # type: ignore[no-untyped-def]
    file: str, text: str | None, check_json, tmp_path: Path
) -> None:
    """Which files failed to parse comes from every finding (Context.handoffs.first_findings), not from the
    samples the report keeps: ``--max-samples 0`` gives the same verdict and facts."""
    feed = tmp_path / "feed"
    feed.mkdir()
    for item in BASE.iterdir():
        (feed / item.name).write_bytes(item.read_bytes())
    if text is None:
        stops = (BASE / file).read_text(encoding="utf-8").replace("48.8676", "north", 1)
        (feed / file).write_text(stops, encoding="utf-8")
    else:
        (feed / file).write_text(text, encoding="utf-8")
    default = check_fr_nap(check_json, feed)
    bare = check_fr_nap(check_json, feed, "--profile", "fr-nap", "--max-samples", "0")
    assert all(not n["sampleNotices"] for n in bare["notices"])
    assert bare["verdicts"] == default["verdicts"]
    assert fr_nap_totals(bare) == fr_nap_totals(default)
    assert bare["summary"]["frNap"] == default["summary"]["frNap"]
    assert default["summary"]["frNap"]["modelLoaded"] is (text is not None)
