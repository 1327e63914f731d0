"""GTFS-Realtime through the real CLI: every rule has fixtures, input detection and decoding failures, the
platform's verdict in the fr-nap profile, and the real feeds of ../shared/data/gtfs-rt against their static
GTFS.

A case is ``fixtures/gtfs_rt/<code>/{bad,good}/case.json`` (run by tests/test_fixtures.py): ``protobuf``
holds ``feed`` (a FeedMessage in the protobuf JSON mapping, turned into a ``.pb`` file named ``name`` with the
official bindings) or ``snapshots`` (name -> feed: a folder of snapshots), and ``header_extensions`` (field
numbers added to the header as unknown fields, as a vendor's extension would be); ``args`` name the static
feed ``fixtures/gtfs_rt/_static`` (a small GTFS folder) unless the case runs without one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citylint.validators.gtfs_rt import GtfsRtValidator
from citylint.validators.gtfs_rt.decode import name_time
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
    corpus,
    read_case,
    run_cli,
    totals,
)
from tests.test_fixtures import build_case, pb

RT_FIXTURES = FIXTURES / "gtfs_rt"
STATIC = RT_FIXTURES / "_static"


def test_every_rule_has_cases() -> None:
    assert_every_rule_has_cases(RT_FIXTURES, GtfsRtValidator.rules)


def test_not_a_feed_message_is_exit_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pb"
    bad.write_bytes(b"\x0a\xff\xff\xff\x0f garbage")
    code, out, err = run_cli("check", str(bad), "--quiet")
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("citylint: error:")]
    assert len(lines) == 1 and "not a GTFS-Realtime FeedMessage" in lines[0]
    assert "Traceback" not in err + out


def test_detected_by_content_without_suffix(tmp_path: Path, check_json: Any) -> None:
    spec = read_case(RT_FIXTURES / "gtfs_rt_e001" / "good")
    path = tmp_path / "vehicles"  # no suffix: the bytes say FeedMessage
    path.write_bytes(pb(spec["protobuf"]["feed"]))
    code, report, _ = check_json(path, "--static", str(STATIC))
    assert report["summary"]["inputKind"] == "gtfs_rt"
    assert code == 0


def test_text_with_leading_newline_is_not_taken_for_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    path.write_bytes(b"\n\nsome text, not protobuf\n")
    code, _, err = run_cli("check", str(path), "--quiet")
    assert code == 2 and "unknown input kind" in err


def test_static_rules_do_not_run_without_static(tmp_path: Path, check_json: Any) -> None:
    spec = read_case(RT_FIXTURES / "gtfs_rt_e003" / "bad")
    _, report, _ = check_json(build_case(RT_FIXTURES / "gtfs_rt_e003" / "bad", tmp_path, spec))
    assert "gtfs_rt_e003" not in totals(report)
    assert "gtfs_rt_e003" not in report["summary"]["rulesChecked"]
    assert "gtfs_rt_e001" in report["summary"]["rulesChecked"]


def test_snapshot_time_from_file_names() -> None:
    assert name_time("abc.20260921.120000.123456.bin") == 1789992000
    assert name_time("TripUpdates-2026-09-21T12-00-00Z.pb") == 1789992000
    assert name_time("feed.pb") is None


def _feed_with_unknown_trips(count: int) -> dict[str, Any]:
    feed = read_case(RT_FIXTURES / "gtfs_rt_e001" / "good")["protobuf"]["feed"]
    entities = []
    for index in range(count):
        entity = json.loads(json.dumps(feed["entity"][0]))
        entity["id"] = f"tu{index}"
        entity["tripUpdate"]["trip"]["tripId"] = f"X{index}"
        entity["tripUpdate"]["vehicle"]["id"] = f"V{index}"
        entities.append(entity)
    return {"header": feed["header"], "entity": entities}


@pytest.mark.parametrize(("count", "critical"), [(49, False), (50, True)])
def test_fr_nap_critical_verdict(count: int, critical: bool, tmp_path: Path) -> None:
    # transport.data.gouv.fr's own tests: E003 x49 not critical, x50 critical
    path = tmp_path / "feed.pb"
    path.write_bytes(pb(_feed_with_unknown_trips(count)))
    code, out, err = run_cli("check", str(path), "--static", str(STATIC), "--profile", "fr-nap", "--quiet")
    assert code == 1, err
    assert f"E003={count}" in out and "E004=0" in out
    if critical:
        assert (
            "De nombreuses erreurs de validation indiquent que les identifiants du GTFS-RT ne correspondent "
            "pas" in out
        )
    else:
        assert "non critique" in out


def test_fr_nap_fatal_is_critical(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pb"
    bad.write_bytes(b"\x0a\xff\xff\xff\x0f garbage")
    code, out, _ = run_cli("check", str(bad), "--profile", "fr-nap", "--quiet")
    assert code == 2
    assert "FATAL" in out


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("feed", "static", "expected"),
    [
        # checked by hand against the rule definitions: docs/gtfs-rt.md, "Real feeds"
        ("transitland/ct-trip-updates.pb", "transitland/ct.zip", {}),
        ("transitland/ct-vehicle-positions.pb", "transitland/ct.zip", {"gtfs_rt_w009": 14}),
        (
            "mobilitydata/bullrunner-vehicle-positions.pb",
            "mobilitydata/bullrunner-gtfs.zip",
            {"gtfs_rt_w001": 10, "gtfs_rt_w006": 10, "gtfs_rt_w009": 10, "gtfs_rt_proprietary_extension": 1},
        ),
        (
            "transitland/errors_pb/E003.trip_update-trip-trip_id.pb",
            "transitland/ct.zip",
            {"gtfs_rt_e003": 2, "gtfs_rt_w002": 2},
        ),
        (
            "transitland/errors_pb/E011.vehicle_position-stop_id.pb",
            "transitland/ct.zip",
            {"gtfs_rt_e011": 1, "gtfs_rt_w009": 1},
        ),
    ],
)
def test_real_feeds(feed: str, static: str, expected: dict[str, int], check_json: Any) -> None:
    root = corpus("data/gtfs-rt/data")
    _, report, err = check_json(root / feed, "--static", str(root / static))
    assert report["systemErrors"] == [], err
    assert totals(report) == expected


def test_url_sampled_only_with_allow_network(tmp_path: Path, check_json: Any) -> None:
    import http.server
    import threading
    from functools import partial

    served = tmp_path / "served"
    served.mkdir()
    (served / "rt").write_bytes(pb(read_case(RT_FIXTURES / "gtfs_rt_e001" / "good")["protobuf"]["feed"]))
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/rt"
    try:
        code, _, err = run_cli("check", url, "--quiet")
        assert code == 2 and "no such file" in err  # offline by default: a URL is not fetched
        code, report, err = check_json(
            Path(url), "--allow-network", "--samples", "2", "--interval", "0", "--static", str(STATIC)
        )
    finally:
        server.shutdown()
    assert code == 0, err
    facts = report["summary"]["gtfsRealtime"]
    assert len(facts["snapshots"]) == 1 and facts["duplicateSnapshotsSkipped"] == 1  # the same bytes twice


@pytest.mark.corpus
def test_real_snapshot_series(tmp_path: Path, check_json: Any) -> None:
    # King County Metro vehicle positions, two snapshots 2194 s apart (header 15:31:xx then 16:08:xx UTC)
    root = corpus("data/gtfs-rt/data/otp")
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    forward.mkdir()
    backward.mkdir()
    for folder, names in ((forward, ("a.pb", "b.pb")), (backward, ("b.pb", "a.pb"))):
        for name, source in zip(names, ("king-county-metro-1.pb", "king-county-metro-2.pb"), strict=True):
            (folder / name).write_bytes((root / source).read_bytes())
    _, report, _ = check_json(forward)
    assert totals(report).get("gtfs_rt_w007") == 1 and "gtfs_rt_e018" not in totals(report)
    _, report, _ = check_json(backward)  # taken in the wrong order: the timestamp goes back
    assert totals(report).get("gtfs_rt_e018") == 1 and "gtfs_rt_w007" not in totals(report)


def _cross_feed(pairs: list[tuple[str | None, str | None, str | None, str | None]]) -> dict[str, Any]:
    """Entities each holding a TripUpdate (trip_id, vehicle.id) and a VehiclePosition (trip_id, vehicle.id),
    as in the upstream's CrossFeedDescriptorValidatorTest; None leaves the field unset."""
    entities = []
    for index, (tu_trip, tu_vehicle, vp_trip, vp_vehicle) in enumerate(pairs):
        entity: dict[str, Any] = {"id": f"e{index}"}
        if tu_trip is not None:
            entity["tripUpdate"] = {
                "trip": {"tripId": tu_trip},
                "vehicle": {} if tu_vehicle is None else {"id": tu_vehicle},
                "stopTimeUpdate": [{"stopSequence": 1, "arrival": {"time": "1789992000"}}],
            }
        if vp_vehicle is not None:
            entity["vehicle"] = {
                "trip": {} if vp_trip is None else {"tripId": vp_trip},
                "vehicle": {"id": vp_vehicle},
            }
        entities.append(entity)
    return {"header": {"gtfsRealtimeVersion": "1.0", "timestamp": "1789992000"}, "entity": entities}


@pytest.mark.parametrize(
    ("pairs", "w003"),
    [
        # MobilityData's CrossFeedDescriptorValidatorTest.testW003, case by case
        ([("1.1", "1", "1.1", "1")], 0),
        ([("1.1", "1", "100", "44")], 4),
        ([("100", None, None, "44"), ("101", None, None, "45")], 4),
        ([("100", "", "", "44"), ("101", "", "", "45")], 4),
        ([(None, None, None, "44"), (None, None, None, "45")], 0),  # no TripUpdates: nothing compared
        ([("100", "", None, None), ("101", "", None, None)], 0),  # no VehiclePositions: nothing compared
    ],
)
def test_cross_feed_w003_as_upstream(pairs: Any, w003: int, tmp_path: Path, check_json: Any) -> None:
    path = tmp_path / "combined.pb"
    path.write_bytes(pb(_cross_feed(pairs)))
    _, report, err = check_json(path)
    assert totals(report).get("gtfs_rt_w003", 0) == w003, err
