"""Lock-in attribution, map and score through the real CLI (docs/lockin.md)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from citylint.lockin.catalogue import gtfs_catalogue, parse_values
from citylint.registry import load_registry
from citylint.validators.gtfs.schema import load_schema
from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli, totals

BASE = FIXTURES / "gtfs" / "_base"
GOOGLE, GTFS_PLUS = "Google Transit", "MTC GTFS+ (511 SF Bay Area)"


def vendor_feed(tmp_path: Path) -> Path:
    """The base feed with three Google route types on three of four routes, Google's transfers value 4, Google
    ticketing columns, two GTFS+ files and a misspelt column (route_ulr for route_url)."""
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    (feed / "routes.txt").write_text(
        "route_id,agency_id,route_short_name,route_long_name,route_type,route_ulr\n"
        "R1,CTL,1,Gare Centrale – Porte de Vincennes,700,https://transit.example.org/1\n"
        "R2,CTL,2,Gare Centrale – Bois,715,\n"
        "R3,CTL,3,Gare Centrale – Parc,109,\n"
        "R4,CTL,4,Gare Centrale – Port,3,\n", encoding="utf-8")
    (feed / "trips.txt").write_text(
        "route_id,service_id,trip_id,trip_headsign,direction_id,ticketing_trip_id,ticketing_type\n"
        "R1,WEEK,T1,Porte de Vincennes,0,X1,0\n"
        "R1,WEEK,T2,Gare Centrale,1,X2,0\n", encoding="utf-8")
    (feed / "fare_attributes.txt").write_text(
        "fare_id,price,currency_type,payment_method,transfers\nF1,2.00,EUR,0,4\n", encoding="utf-8")
    (feed / "timepoints.txt").write_text("trip_id,stop_id\nT1,S1\n", encoding="utf-8")
    (feed / "directions.txt").write_text("route_id,direction_id,direction\nR1,0,East\n", encoding="utf-8")
    return feed


def origins(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["origin"]: o for o in report["lockin"]["origins"]}


@pytest.mark.parametrize("samples", ["1000", "0"])
def test_vendor_feed_names_its_origins_with_exact_counts(tmp_path: Path, check_json, samples: str) -> None:  # type: ignore[no-untyped-def]
    code, report, err = check_json(vendor_feed(tmp_path), "--profile", "gtfs-lockin", "--max-samples", samples)
    assert code in (0, 1), err
    found = origins(report)
    google, plus = found[GOOGLE], found[GTFS_PLUS]
    # 3 route types + 1 transfers value + 2 ticketing columns, counted from the evidence, not the samples.
    assert google["findings"] == 6
    assert set(google["codes"]) == {"unexpected_enum_value", "unknown_column"}
    assert google["touches"]["values"] == {"fare_attributes.txt transfers": {"4": 1},
                                           "routes.txt route_type": {"109": 1, "700": 1, "715": 1}}
    assert google["touches"]["extensionColumns"] == ["trips.txt ticketing_trip_id", "trips.txt ticketing_type"]
    assert google["touches"]["routes"] == 3 and google["touches"]["routesShare"] == 0.75
    assert google["touches"]["trips"] == 2 and google["touches"]["tripsShare"] == 1.0
    alternatives = google["touches"]["alternatives"]
    assert alternatives["routes.txt route_type=700"] == "route_type 3 (Bus)"
    assert alternatives["routes.txt route_type=109"] == "route_type 2 (Rail)"
    assert plus["findings"] == 2 and plus["touches"]["extensionFiles"] == ["directions.txt", "timepoints.txt"]
    assert plus["touches"]["alternatives"]["timepoints.txt"] == "stop_times.timepoint"
    assert google["source"].startswith("https://developers.google.com/transit/")
    # The typo is nobody's extension: unattributed, with the official name suggested, and its own finding.
    assert report["lockin"]["unattributed"] == [
        {"code": "unknown_column", "file": "routes.txt", "column": "route_ulr", "findings": 1,
         "suggestion": "route_url"}]
    assert totals(report)["likely_misspelt_column"] == 1
    assert not any("route_ulr" in str(o["touches"]) for o in found.values())
    assert found["Publisher (no licence declared)"]["kind"] == "licence"
    # semantic: 4 of the 5 rows of routes.route_type and fare_attributes.transfers use Google's codes;
    # technical: 2 GTFS+ files + 2 Google columns of the feed's files and columns; legal: no licence.
    score = report["lockin"]["score"]
    assert score["layers"]["semantic"] == 80 and score["layers"]["legal"] == 100
    assert 0 < score["layers"]["technical"] < 10
    expected = (30 * 100 + 20 * score["layers"]["technical"] + 10 * 80) / 60
    assert score["dataset"] == pytest.approx(expected, abs=0.1)
    assert score["fiveStarCeiling"] == 0


def test_samples_carry_their_lockin_record(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(vendor_feed(tmp_path))
    by_code = {n["code"]: n["sampleNotices"] for n in report["notices"]}
    enum_samples = {s["fieldValue"]: s["citylint"].get("lockin") for s in by_code["unexpected_enum_value"]}
    assert enum_samples[715]["origin"] == GOOGLE and enum_samples[715]["layer"] == "semantic"
    column_samples = {s["fieldName"]: s["citylint"].get("lockin") for s in by_code["unknown_column"]}
    assert column_samples["route_ulr"] is None
    assert column_samples["ticketing_type"]["origin"] == GOOGLE


def test_text_report_shows_the_map(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(vendor_feed(tmp_path)), "--date", VALIDATION_DATE, "--quiet")
    assert code in (0, 1)
    assert "lock-in score:" in out
    assert f"{GOOGLE} [vendor_extension, semantic] ×6" in out
    assert f"{GTFS_PLUS} [vendor_extension, technical] ×2" in out
    assert "instead of routes.txt route_type=700: route_type 3 (Bus)" in out
    assert "not attributed: routes.txt route_ulr (no known extension) — did you mean route_url?" in out


def test_gtfs_profile_keeps_mobilitydata_codes_only(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(vendor_feed(tmp_path))
    mobilitydata = {r.code for r in load_registry().rules.values() if r.family == "gtfs"}
    assert set(totals(report)) <= mobilitydata
    assert {"unexpected_enum_value", "unknown_column", "unknown_file"} <= set(totals(report))
    score = report["lockin"]["score"]
    assert score["layers"]["legal"] is None and score["fiveStarCeiling"] is None  # licence not assessed here
    assert GOOGLE in origins(report)


def test_score_of_a_clean_feed_with_a_declared_licence(check_json) -> None:  # type: ignore[no-untyped-def]
    profile = FIXTURES / "gtfs" / "licence_not_declared" / "good" / "profile.yaml"
    _, report, _ = check_json(BASE, "--profile", str(profile))
    assert report["lockin"]["origins"] == []
    assert report["lockin"]["score"]["dataset"] == 0
    assert report["lockin"]["score"]["layers"] == {"legal": 0, "technical": 0, "semantic": 0}
    assert report["lockin"]["score"]["fiveStarCeiling"] == 3


def test_score_without_a_licence_is_the_legal_weight(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(BASE, "--profile", "gtfs-lockin")
    score = report["lockin"]["score"]
    assert score["layers"] == {"legal": 100, "technical": 0, "semantic": 0}
    assert score["dataset"] == round(100 * 30 / 60, 1)  # weights 30 / 20 / 10
    assert score["fiveStarCeiling"] == 0


def test_catalogue_lists_no_official_name_and_cites_every_entry() -> None:
    schema = load_schema()
    for entry in gtfs_catalogue().entries:
        assert entry.source.startswith("https://"), entry
        assert entry.status, entry
        if entry.column is None:
            assert entry.file not in schema.files, f"{entry.file} is an official file"
            continue
        official = schema.file(entry.file)
        assert official is not None, entry
        field = official.field(entry.column)
        if entry.values:
            assert field is not None and not set(field.enum) & entry.values, entry
        else:
            assert field is None, f"{entry.element} is an official field"


def test_value_ranges_parse() -> None:
    assert parse_values("100-102, 700,1702") == {100, 101, 102, 700, 1702}


@pytest.mark.corpus
def test_caltrain_names_its_gtfs_plus_files(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(corpus("data/gtfs/us-caltrain-2017-07-24.zip"))
    plus = origins(report)[GTFS_PLUS]
    assert plus["touches"]["extensionFiles"] == [
        "calendar_attributes.txt", "directions.txt", "farezone_attributes.txt", "realtime_routes.txt",
        "realtime_trips.txt", "stop_attributes.txt", "timepoints.txt"]
    assert plus["findings"] == totals(report)["unknown_file"] == 7
    assert report["lockin"]["unattributed"] == []


def test_no_suggestion_when_the_official_field_is_there_too(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    (feed / "trips.txt").write_text(
        "route_id,service_id,trip_id,trip_headsign,trip_headsgn\n"
        "R1,WEEK,T1,Porte de Vincennes,x\nR1,WEEK,T2,Gare Centrale,y\n", encoding="utf-8")
    _, report, _ = check_json(feed, "--profile", "gtfs-lockin")
    assert report["lockin"]["unattributed"] == [
        {"code": "unknown_column", "file": "trips.txt", "column": "trip_headsgn", "findings": 1, "suggestion": None}]
    assert "likely_misspelt_column" not in totals(report)


def test_counts_stay_exact_beyond_the_sample_cap(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed"
    shutil.copytree(BASE, feed)
    rows = "".join(f"B{i},CTL,{i},Ligne {i},{700 + i % 3}\n" for i in range(5000))
    (feed / "routes.txt").write_text("route_id,agency_id,route_short_name,route_long_name,route_type\n"
                                     "R1,CTL,1,Gare Centrale,3\n" + rows, encoding="utf-8")
    _, report, _ = check_json(feed, "--max-samples", "10")
    google = origins(report)[GOOGLE]
    assert totals(report)["unexpected_enum_value"] == google["findings"] == 5000
    assert google["touches"]["values"]["routes.txt route_type"] == {"700": 1667, "701": 1667, "702": 1666}
    assert google["touches"]["routes"] == 5000 and google["touches"]["routesShare"] == round(5000 / 5001, 4)
