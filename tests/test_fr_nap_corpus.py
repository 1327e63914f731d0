"""transport-validator's own test cases (etalab, MIT, read in place from ../shared), each run through the real
CLI with ``--profile fr-nap`` and held to what the corpus README says the case must yield.

Upstream tests mostly run one validator and count its issues; the whole report holds more, so each case
asserts the counts (and ids) of the issue types its README names, not the absence of everything else.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import corpus, run_cli, totals

CASES = "data/transport-validator-test-data"
pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def samples(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return next((n["sampleNotices"] for n in report["notices"] if n["code"] == code), [])


def ids(report: dict[str, Any], code: str, object_type: str | None = None) -> list[str]:
    return sorted(
        s.get("objectId", "")
        for s in samples(report, code)
        if object_type is None or s.get("objectType") == object_type
    )


def run_case(check_json, name: str, *extra: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    code, report, err = check_json(corpus(f"{CASES}/{name}"), "--profile", "fr-nap", *extra)
    assert "Traceback" not in err
    assert code in (0, 1), err
    assert report["systemErrors"] == []
    return report


# case folder -> {code: expected ids (sorted)}: exactly these findings of these codes.
EXPECTED_IDS: dict[str, dict[str, list[str]]] = {
    "duplicate_stop_sequence": {"duplicate_stop_sequence": ["trip2", "trip3"]},
    "fare_attributes": {"missing_price": ["50"], "invalid_currency_tv": ["61"], "invalid_transfers": ["61"]},
    "interpolated_stop_times": {"impossible_to_interpolate_stop_times": ["trip2"]},
    "invalid_references": {
        "invalid_reference": sorted(
            [
                "unknown_stop",
                "unknown_trip",
                "unknown_service",
                "unkown_route",
                "unknown_agency",
                "unknown_parent",
            ]
        )
    },
    "invalid_stop_file": {"invalid_reference": ["AAMV"], "unloadable_model": [""]},
    "route_type_missing": {"unloadable_model": [""]},
    "missing_agency_id": {"missing_agency_id": ["r_2"]},
    "missing_mandatory_files": {
        "missing_mandatory_file": ["stop_times.txt"],
        "extra_file": ["invalid_file.txt"],
    },
    "route_type_invalid": {"invalid_route_type": ["CITY"]},
    "stop_times_increase": {"negative_stop_duration": ["ITB1"]},
    "stop_times_location_type": {"invalid_stop_location_type_in_trip": ["STOP_AREA"]},
    "unusable_trip": {"unusable_trip_tv": ["AB1"]},
    "unused_stop": {"unused_stop": ["BOGUS"]},
    "empty_calendar": {"no_calendar": [""]},
    "duration_distance": {
        "slow": ["near1"],
        "excessive_speed": ["near1"],
        "negative_travel_time": ["near1"],
        "close_stops": ["close1"],
        "null_duration": ["near1"],
    },
    "stops": {
        "invalid_stop_parent": sorted(
            [
                "BEATTY_AIRPORT",
                "STAGECOACH",
                "boarding_bad_parent",
                "boarding_no_parent",
                "entrance_bad_parent",
                "entrance_no_parent",
            ]
        )
    },
    # Read from the data (README, "not asserted, not run"): route, calendar, stop, shape and both agencies.
    "check_id": {"id_not_ascii": ["néar"]},
    "check_name": {"missing_name": sorted(["35", "close1", "1", ""])},
}


@pytest.mark.parametrize("case", sorted(EXPECTED_IDS))
def test_case_yields_its_issues(case: str, check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, case)
    for code, expected in EXPECTED_IDS[case].items():
        assert ids(report, code) == expected, code
        assert totals(report).get(code, 0) == len(expected), code


def test_transport_validator_severities_decide_the_verdict(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "invalid_stop_file")
    verdict = report["verdicts"][0]
    assert verdict["scheme"] == "transport.data.gouv.fr"
    assert verdict["passed"] is False
    assert verdict["reasons"][:2] == ["invalid_reference", "unloadable_model"]  # Fatal issues first
    # upstream: "impossible to read csv file 'stops.txt': ... (line: 13 ...): invalid float literal"
    assert (
        samples(report, "unloadable_model")[0]["details"] == "stops.txt: row 13 stop_lat does not parse "
        "(invalid_float)"
    )
    assert [s["objectType"] for s in samples(report, "invalid_reference")] == ["Route"]


def test_duplicate_stop_sequence_names_the_stops(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "duplicate_stop_sequence")
    details = {s["objectId"]: s["details"] for s in samples(report, "duplicate_stop_sequence")}
    assert details["trip2"] == "stopB, stopC"


def test_agency(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "agency")
    assert [s["objectName"] for s in samples(report, "missing_url")] == ["BIBUS"]
    assert [s["objectName"] for s in samples(report, "invalid_timezone_tv")] == ["BIBUS"]
    assert [(s["objectId"], s["objectName"]) for s in samples(report, "invalid_url_tv")] == [("2", "Ter")]


def test_feed_info(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "feed_info")
    assert [s["objectName"] for s in samples(report, "missing_url")] == ["SNCF"]
    assert totals(report)["invalid_url_tv"] == 1
    assert totals(report)["missing_language"] == 1
    # BIBUS's empty feed_lang is also invalid (README, read from the data); SNCF's "fre" is ISO 639-2/B only.
    assert sorted(s["objectName"] for s in samples(report, "invalid_language")) == ["BIBUS", "SNCF"]
    assert "no_calendar" not in totals(report)
    # transport-validator's metadata takes the window from the calendar (20170101-20170115 in calendar.txt),
    # not from feed_info's 2018 dates
    validity = report["summary"]["frNap"]["validity"]
    assert (validity["source"], validity["startDate"], validity["endDate"]) == (
        "calendar",
        "2017-01-01",
        "2017-01-15",
    )


def test_check_id(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "check_id")
    assert [s["objectName"] for s in samples(report, "missing_id") if s["objectType"] == "Stop"] == [
        "Null Island"
    ]
    assert [s["objectName"] for s in samples(report, "id_not_ascii")] == ["AsciiParty"]
    assert sorted(s["objectType"] for s in samples(report, "missing_id")) == [
        "Agency",
        "Agency",
        "Calendar",
        "Route",
        "Shape",
        "Stop",
    ]


def test_duplicate_stops(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "duplicate_stops")
    pairs = sorted(
        (s["objectName"], tuple(sorted((s["objectId"], s["otherStopId"]))))
        for s in samples(report, "duplicate_stops")
    )
    assert pairs == [("Stop Area", ("stop1", "stop2")), ("Stop Point", ("stop3", "stop4"))]


def test_duplicates(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "duplicates")
    found = sorted((s["objectType"], s["objectId"]) for s in samples(report, "duplicate_object_id"))
    assert found == sorted(
        [
            ("Stop", "stop5"),
            ("Route", "CITY"),
            ("Trip", "AAMV4"),
            ("Agency", "DTA"),
            ("Pathway", "pathway1"),
            ("Calendar", "WE"),
            ("Fare", "a"),
            ("Shape", "many_dup_shp"),
            ("Shape", "A_shp"),
        ]
    )
    details = {s["objectId"]: s["details"] for s in samples(report, "duplicate_object_id")}
    assert details["many_dup_shp"] == ": Shape has duplicated pt_sequence: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11…"
    assert details["A_shp"] == ": Shape has duplicated pt_sequence: 0"


def test_duration_distance(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "duration_distance")
    fast = samples(report, "excessive_speed")[0]
    assert fast["otherStopId"] == "null"
    assert (
        fast["details"]
        == "computed speed between the stops is 325858.52 km/h (5430975 m travelled in 60 seconds)"
    )
    assert samples(report, "close_stops")[0]["objectName"] == "Close 1"
    profile = tmp_path / "fast.yaml"
    profile.write_text(
        "name: fast\ntitle: fast buses\nextends: [fr-nap]\nvalidators:\n  fr_nap:\n"
        "    max_bus_speed: 1000000\n"
    )
    _code, relaxed, _ = check_json(corpus(f"{CASES}/duration_distance"), "--profile", str(profile))
    assert "excessive_speed" not in totals(relaxed)
    assert totals(relaxed)["slow"] == 1


def test_optimisation_route_trips(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "optimisation_route_trips")
    assert totals(report)["close_stops"] == 1
    close = samples(report, "close_stops")[0]
    assert "stop002" in (close["objectId"], close["otherStopId"])
    assert sorted(close["routes"].split(", ")) == ["route1", "route2"]


def test_shapes(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "shapes")
    assert ids(report, "missing_coordinates", "Shape") == ["A_shp"]
    assert ids(report, "invalid_coordinates", "Shape") == ["A_shp"]
    assert [(s["objectId"], s["details"]) for s in samples(report, "invalid_shape_id")] == [
        ("AB1", "invalid shape id: non_existing_shape_id")
    ]
    assert ids(report, "unused_shape_id") == ["A_shp"]


def test_stops(check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, "stops")
    assert ids(report, "missing_coordinates", "Stop") == ["null_island"]
    assert ids(report, "invalid_coordinates", "Stop") == ["PARENT"]
    parents = {s["objectId"]: s["details"] for s in samples(report, "invalid_stop_parent")}
    assert parents["BEATTY_AIRPORT"] == "it's not valid for a stop area to have a parent station"
    assert parents["STAGECOACH"] == "The parent of a stop point should be a stop area"
    assert "sub_folder" not in totals(report)
    figures = report["summary"]["frNap"]["accessibility"]
    assert (figures["stops"]["total"], figures["stops"]["withWheelchairBoarding"]) == (19, 0)
    assert (figures["trips"]["total"], figures["trips"]["withWheelchairAccessible"]) == (11, 3)


def test_accessibility_figures(check_json) -> None:  # type: ignore[no-untyped-def]
    figures = run_case(check_json, "accessibility")["summary"]["frNap"]["accessibility"]
    assert (figures["stops"]["total"], figures["stops"]["withWheelchairBoarding"]) == (16, 10)
    assert (figures["trips"]["total"], figures["trips"]["withWheelchairAccessible"]) == (6, 0)


def test_agency_single_validity(check_json) -> None:  # type: ignore[no-untyped-def]
    validity = run_case(check_json, "agency_single")["summary"]["frNap"]["validity"]
    assert (validity["startDate"], validity["endDate"]) == ("2017-01-01", "2017-01-15")


def test_sub_folder_zip(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = corpus(f"{CASES}/sub_folder")
    archive = tmp_path / "sub_folder.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("gtfs/", "")
        for path in sorted((folder / "gtfs").iterdir()):
            zf.write(path, f"gtfs/{path.name}")
    _code, report, err = check_json(archive, "--profile", "fr-nap")
    assert "Traceback" not in err
    assert [(s["objectId"], s["details"]) for s in samples(report, "sub_folder")] == [
        ("gtfs", "Data is contained in a subfolder: gtfs")
    ]
    assert "missing_mandatory_file" not in totals(report)  # matched by suffix, as upstream


def test_custom_rules_file_as_profile_parameters(check_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = yaml.safe_load(corpus(f"{CASES}/custom_rules/custom_rules.yml").read_text())
    profile = tmp_path / "custom.yaml"
    profile.write_text(
        yaml.safe_dump(
            {
                "name": "custom",
                "title": "custom rules",
                "extends": ["fr-nap"],
                "validators": {"fr_nap": rules},
            }
        )
    )
    _, report, _ = check_json(corpus(f"{CASES}/duration_distance"), "--profile", str(profile))
    limits = report["summary"]["frNap"]["maxSpeedsKmh"]
    assert (limits["bus"], limits["gondola"], limits["air"]) == (10.0, 100.5, 1000.0)


def test_bad_custom_rules_file_is_refused(tmp_path: Path) -> None:
    bad = corpus(f"{CASES}/custom_rules/bad_custom_rules.yml").read_text()
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        "name: bad\ntitle: bad\nextends: [fr-nap]\nvalidators:\n  fr_nap: " + bad.strip() + "\n"
    )
    code, _, err = run_cli("check", str(corpus(f"{CASES}/duration_distance")), "--profile", str(profile))
    assert code == 2
    assert "fr_nap" in err and "Traceback" not in err


# Cases whose upstream assertions are about transport-validator's metadata (phone booking, colours, fares,
# networks): they validate cleanly, get a verdict and a validity window, and the metadata upstream asserts.
METADATA_ONLY = [
    "agency_multiple",
    "arrange_by_phone_stops",
    "coordinate_with_driver_stops",
    "custom_route_color",
    "no_optional_files",
]

# transport-validator's assertions (metadatas.rs:468, 478, 487, 504, and 662 after enrichment).
METADATA_EXPECTED: dict[str, dict[str, object]] = {
    "agency_multiple": {
        "networks_start_end_dates": {
            "BIBUS": {"start_date": "2016-01-01", "end_date": "2023-01-01"},
            "Ter": {"start_date": "2019-01-01", "end_date": "2022-01-01"},
        }
    },
    "arrange_by_phone_stops": {"some_stops_need_phone_agency": True, "some_stops_need_phone_driver": False},
    "coordinate_with_driver_stops": {
        "some_stops_need_phone_agency": False,
        "some_stops_need_phone_driver": True,
    },
    "custom_route_color": {
        "routes_with_custom_color": 3,
        "routes_with_long_name": 3,
        "routes_with_short_name": 4,
    },
    "no_optional_files": {"has_fares": False, "has_shapes": False, "has_pathways": False},
}


@pytest.mark.parametrize("case", METADATA_ONLY)
def test_metadata_cases_validate(case: str, check_json) -> None:  # type: ignore[no-untyped-def]
    report = run_case(check_json, case)
    assert report["verdicts"][0]["scheme"] == "transport.data.gouv.fr"
    assert report["summary"]["frNap"]["validity"]["endDate"] is not None
    meta = report["summary"]["frNap"]["metadata"]
    assert {key: meta[key] for key in METADATA_EXPECTED[case]} == METADATA_EXPECTED[case]


# Upstream's metadata assertions on folders that other tests here use for their issues (metadatas.rs:452, 460,
# 496, 514, 582).
METADATA_OTHER: dict[str, dict[str, object]] = {
    "fare_attributes": {"has_fares": True},
    "shapes": {"has_shapes": True},
    "missing_mandatory_files": {"has_pathways": True},
    "stops": {"routes_with_custom_color": 0, "routes_with_short_name": 0, "routes_with_long_name": 4},
    "accessibility": {"routes_with_custom_color": 1, "routes_with_short_name": 1, "routes_with_long_name": 1},
}


@pytest.mark.parametrize("case", sorted(METADATA_OTHER))
def test_metadata_of_other_cases(case: str, check_json) -> None:  # type: ignore[no-untyped-def]
    meta = run_case(check_json, case)["summary"]["frNap"]["metadata"]
    assert {key: meta[key] for key in METADATA_OTHER[case]} == METADATA_OTHER[case]


def test_every_case_folder_is_used() -> None:
    folder = corpus(CASES)
    used = (
        set(EXPECTED_IDS)
        | set(METADATA_ONLY)
        | {
            "agency",
            "feed_info",
            "check_id",
            "duplicate_stops",
            "duplicates",
            "shapes",
            "stops",
            "accessibility",
            "agency_single",
            "sub_folder",
            "custom_rules",
            "optimisation_route_trips",
            "duration_distance",
        }
    )
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(used)
    json.dumps(sorted(used))
