"""The columnar wire reader (``gtfs_rt/columnar.py``) against the official bindings: every frame it lays out
must equal the one built by walking the bindings' objects (``_walk`` below: citylint's former decoder, kept as
the oracle), on every fixture, every real feed of ../shared/data/gtfs-rt, and hand-made wire layouts the
bindings accept but a naive reader would get wrong (merged messages, unknown enum values, groups, ...)."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from google.protobuf.message import DecodeError
from google.transit import gtfs_realtime_pb2

from citylint.validators.gtfs_rt.decode import (
    FRAME_SCHEMAS,
    entity_frames,
)
from tests.conftest import FIXTURES, corpus, read_case
from tests.test_fixtures import _varint, pb

SCHEMAS = FRAME_SCHEMAS  # the frames the decoder lays out, with their column types


def _oracle(data: bytes) -> dict[str, pl.DataFrame]:
    message = gtfs_realtime_pb2.FeedMessage()
    message.ParseFromString(data)
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in SCHEMAS}
    for index, entity in enumerate(message.entity):
        _entity(
            0,
            index,
            entity,
            rows["entities"],
            rows["trips"],
            rows["stop_time_updates"],
            rows["vehicles"],
            rows["alerts"],
            rows["informed"],
            rows["periods"],
        )
    return {name: pl.DataFrame(rows[name], schema=SCHEMAS[name], orient="row") for name in SCHEMAS}


def _assert_same(data: bytes) -> None:
    expected, got = _oracle(data), entity_frames(data, 0)
    for name, frame in expected.items():
        assert got[name].schema == frame.schema, name
        assert got[name].equals(frame), (name, frame, got[name])


def _feeds() -> list[bytes]:
    feeds = []
    for case in sorted((FIXTURES / "gtfs_rt").glob("*/*/case.json")):
        spec = read_case(case.parent)["protobuf"]
        for feed in spec["snapshots"].values() if "snapshots" in spec else [spec["feed"]]:
            feeds.append(pb(feed, spec.get("header_extensions")))
    return feeds


@pytest.mark.parametrize("index", range(len(_feeds())))
def test_fixture_feeds(index: int) -> None:
    _assert_same(_feeds()[index])


@pytest.mark.corpus
def test_real_feeds() -> None:
    root = corpus("data/gtfs-rt/data")
    files = sorted(p for p in root.rglob("*") if p.suffix in (".pb", ".bin") and p.is_file())
    checked = 0
    for path in files:
        data = path.read_bytes()
        try:
            gtfs_realtime_pb2.FeedMessage().ParseFromString(data)
        except DecodeError:
            assert path.name == "invalid.pb"  # not a FeedMessage: exit 2 before any layout
        else:
            _assert_same(data)
            checked += 1
    assert checked >= 40


def _field(number: int, wire: int, payload: bytes) -> bytes:
    tag = _varint(number << 3 | wire)
    return tag + (_varint(len(payload)) + payload if wire == 2 else payload)


HEADER = _field(1, 2, _field(1, 2, b"2.0"))


def test_wire_layouts_the_bindings_accept() -> None:
    trip = _field(1, 2, b"T1") + _field(4, 0, _varint(99))  # schedule_relationship 99: not in the closed enum
    stu = _field(1, 0, _varint(3)) + _field(2, 2, _field(1, 0, _varint(2**64 - 30)))  # delay -30 (int32)
    update_a = _field(1, 2, trip) + _field(2, 2, stu) + _field(4, 0, _varint(1_700_000_000))
    update_b = _field(2, 2, _field(4, 2, b"S9")) + _field(1, 2, _field(5, 2, b"R1"))  # merged into update_a
    group = _varint(50 << 3 | 3) + _field(1, 0, _varint(7)) + _varint(50 << 3 | 4)  # an unknown group
    entity_a = (
        group
        + _field(3, 2, update_a)
        + _field(1, 2, b"e1")
        + _field(3, 2, update_b)
        + _field(1, 2, b"e1-last")  # the last occurrence of a singular field wins
        + _field(2, 0, _varint(0))
        + _field(99, 5, b"\x01\x02\x03\x04")  # unknown fixed32
    )
    position = _field(1, 5, bytes.fromhex("0000a040")) + _field(2, 5, bytes.fromhex("000020c1"))
    vehicle = _field(2, 2, position) + _field(8, 2, _field(1, 2, "bus-é".encode()))
    entity_b = _field(1, 2, b"e2") + _field(4, 2, vehicle) + _field(1, 1, bytes(8))  # id with wrong wire type
    selector = _field(3, 0, _varint(2**64 - 1)) + _field(4, 2, _field(1, 2, b"T1"))
    alert = _field(5, 2, selector) + _field(1, 2, _field(2, 0, _varint(5))) + _field(7, 0, _varint(42))
    entity_c = _field(1, 2, b"e3") + _field(5, 2, alert)
    data = HEADER + _field(2, 2, entity_a) + _field(7, 0, _varint(1)) + _field(2, 2, entity_b)
    data += _field(2, 2, entity_c)
    _assert_same(data)
    got = entity_frames(data, 0)
    assert got["entities"]["entityId"].to_list() == ["e1-last", "e2", "e3"]
    assert got["trips"]["scheduleRelationship"].to_list() == [None, None]  # 99 is an unknown field
    assert got["stop_time_updates"]["arrivalDelay"].to_list() == [-30, None]
    assert got["vehicles"]["longitude"].to_list() == [-10.0]


def _trip_row(
    snap: int, index: int, eid: str, source: str, owner: Any, stu_count: int | None
) -> tuple[Any, ...]:
    has_trip = owner.HasField("trip")
    trip = owner.trip
    vehicle_id = owner.vehicle.id if owner.HasField("vehicle") and owner.vehicle.HasField("id") else None
    return (
        snap,
        index,
        eid,
        source,
        has_trip,
        _opt(trip, "trip_id"),
        _opt(trip, "route_id"),
        _opt(trip, "direction_id"),
        _opt(trip, "start_time"),
        _opt(trip, "start_date"),
        _opt(trip, "schedule_relationship"),
        vehicle_id,
        _opt(owner, "timestamp"),
        stu_count,
    )


def _entity(  # noqa: PLR0913 (one output list per table the decoder fills)
    snap: int,
    index: int,
    entity: Any,
    entities: list[tuple[Any, ...]],
    trips: list[tuple[Any, ...]],
    stus: list[tuple[Any, ...]],
    vehicles: list[tuple[Any, ...]],
    alerts: list[tuple[Any, ...]],
    informed: list[tuple[Any, ...]],
    periods: list[tuple[Any, ...]],
) -> None:
    eid = entity.id
    has_tu, has_vp, has_alert = (
        entity.HasField("trip_update"),
        entity.HasField("vehicle"),
        entity.HasField("alert"),
    )
    entities.append((snap, index, eid, entity.HasField("is_deleted"), has_tu, has_vp, has_alert))
    if has_tu:
        update = entity.trip_update
        updates = update.stop_time_update
        trips.append(_trip_row(snap, index, eid, "trip_update", update, len(updates)))
        trip_id = update.trip.trip_id if update.trip.HasField("trip_id") else None
        for position, stu in enumerate(updates):
            has_arrival, has_departure = stu.HasField("arrival"), stu.HasField("departure")
            arrival, departure = stu.arrival, stu.departure
            stus.append(
                (
                    snap,
                    index,
                    eid,
                    trip_id,
                    position,
                    _opt(stu, "stop_sequence"),
                    _opt(stu, "stop_id"),
                    _opt(stu, "schedule_relationship"),
                    has_arrival,
                    _opt(arrival, "time") if has_arrival else None,
                    _opt(arrival, "delay") if has_arrival else None,
                    has_departure,
                    _opt(departure, "time") if has_departure else None,
                    _opt(departure, "delay") if has_departure else None,
                )
            )
    if has_vp:
        vehicle = entity.vehicle
        trips.append(_trip_row(snap, index, eid, "vehicle", vehicle, None))
        has_position = vehicle.HasField("position")
        position = vehicle.position
        vehicles.append(
            (
                snap,
                index,
                eid,
                vehicle.vehicle.id if vehicle.vehicle.HasField("id") else None,
                _opt(vehicle.trip, "trip_id"),
                _opt(vehicle.trip, "route_id"),
                has_position,
                _opt(position, "latitude") if has_position else None,
                _opt(position, "longitude") if has_position else None,
                _opt(position, "bearing") if has_position else None,
                _opt(position, "speed") if has_position else None,
                _opt(vehicle, "stop_id"),
                _opt(vehicle, "timestamp"),
            )
        )
    if has_alert:
        alert = entity.alert
        # Alert has no timestamp field in GTFS-RT 2.0; MobilityData reads none either (TimestampValidator.java
        # checks only active_period times of alerts).
        alerts.append((snap, index, eid, len(alert.informed_entity), _opt(alert, "effect"), None))
        for selector in alert.informed_entity:
            has_trip = selector.HasField("trip")
            informed.append(
                (
                    snap,
                    index,
                    eid,
                    _opt(selector, "agency_id"),
                    _opt(selector, "route_id"),
                    _opt(selector, "route_type"),
                    has_trip,
                    _opt(selector.trip, "trip_id") if has_trip else None,
                    _opt(selector.trip, "route_id") if has_trip else None,
                    _opt(selector, "stop_id"),
                )
            )
        for period in alert.active_period:
            periods.append((snap, index, eid, _opt(period, "start"), _opt(period, "end")))


def _opt(message: Any, name: str) -> Any:
    return getattr(message, name) if message.HasField(name) else None
