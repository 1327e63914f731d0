"""GTFS-Realtime snapshots: reading ``.pb`` files (one file, or a folder of snapshots taken over time),
decoding them with the official bindings (``gtfs-realtime-bindings``), and laying their content out as polars
frames, one row per entity, per trip descriptor, per stop_time_update, per vehicle, per alert informed entity,
so that the rules are joins and column expressions rather than loops over entities.

Decoding itself walks the protobuf messages once (the bindings give objects, not columns); everything after it
is columnar. MobilityData's batch mode (``BatchProcessor.java``) orders a folder's files by modification date
or by name and skips a file identical to the previous one; citylint orders by name (file names of archived
snapshots carry their time, and a checkout resets modification dates) and skips identical consecutive files
too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from citylint.validators.base import InputError

if TYPE_CHECKING:
    from google.transit.gtfs_realtime_pb2 import FeedMessage

SUFFIXES = (".pb", ".pbf", ".bin", ".gtfsrt", ".gtfs-rt", ".proto")
MAX_SNIFF_BYTES = 256 * 1024 * 1024
# transport.data.gouv.fr names its snapshots <resource>.<YYYYmmdd.HHMMSS.ffffff>.bin; MobilityData's batch
# mode reads an ISO date-time as the last 20 characters before the extension
# (TripUpdates-2017-02-18T20-00-08Z.pb).
_NAME_TIMES = (
    (re.compile(r"(\d{8})\.(\d{6})(?:\.\d+)?$"), "%Y%m%d%H%M%S"),
    (re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}-\d{2}-\d{2})Z$"), "%Y-%m-%d%H-%M-%S"),
)


def _feed_class() -> type[FeedMessage]:
    from google.transit.gtfs_realtime_pb2 import FeedMessage

    return FeedMessage


def parse(data: bytes, name: str) -> FeedMessage:
    """A FeedMessage, or an InputError saying in one line why these bytes are not one."""
    from google.protobuf.message import DecodeError

    message = _feed_class()()
    try:
        message.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError) as exc:
        raise InputError(
            f"{name}: not a GTFS-Realtime FeedMessage (protobuf decoding failed: {exc})"
        ) from exc
    if not message.HasField("header"):
        raise InputError(f"{name}: not a GTFS-Realtime FeedMessage (no header)")
    if not message.IsInitialized():
        missing = ", ".join(message.FindInitializationErrors()[:3])
        raise InputError(f"{name}: not a GTFS-Realtime FeedMessage (required fields missing: {missing})")
    return message


def sniff(path: Path) -> bool:
    """Whether a file holds a FeedMessage: a GTFS-Realtime suffix, or bytes that decode as one with a header
    naming its gtfs_realtime_version (a text file opening with a newline, 0x0a, does not)."""
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            if handle.read(1) != b"\x0a" or path.stat().st_size > MAX_SNIFF_BYTES:
                return False  # a FeedMessage opens with its header, field 1 (tag 0x0a)
        data = path.read_bytes()
    except OSError:
        return False
    try:
        message = parse(data, path.name)
    except InputError:
        return False
    return bool(message.header.gtfs_realtime_version)


def snapshot_files(path: Path) -> list[Path]:
    """The snapshot files of an input: the file itself, or a folder's files that are snapshots, by name."""
    if path.is_file():
        return [path]
    files = sorted(
        (p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")),
        key=lambda p: p.relative_to(path).as_posix(),
    )
    return [p for p in files if sniff(p)]


def is_snapshot_folder(names: list[str], path: Path) -> bool:
    """A folder whose files are all GTFS-Realtime snapshots (by suffix or content), at least one."""
    visible = [n for n in names if not n.rsplit("/", 1)[-1].startswith(".")]
    return bool(visible) and all(sniff(path / n) for n in visible)


def name_time(name: str) -> int | None:
    """The POSIX time a snapshot's file name carries, if any (see ``_NAME_TIMES``)."""
    stem = name.rsplit(".", 1)[0] if not re.search(r"\d{8}\.\d{6}(\.\d+)?$", name) else name
    for pattern, fmt in _NAME_TIMES:
        match = pattern.search(stem)
        if match:
            try:
                moment = dt.datetime.strptime("".join(match.groups()), fmt).replace(tzinfo=dt.UTC)
            except ValueError:
                return None
            return int(moment.timestamp())
    return None


@dataclass
class Snapshots:
    """Every snapshot of an input, decoded into frames; ``snap`` is the snapshot's index in time order."""

    names: list[str]
    headers: pl.DataFrame
    entities: pl.DataFrame
    trips: pl.DataFrame
    stop_time_updates: pl.DataFrame
    vehicles: pl.DataFrame
    alerts: pl.DataFrame
    informed: pl.DataFrame
    periods: pl.DataFrame
    messages: list[FeedMessage] = field(default_factory=list, repr=False)
    skipped_duplicates: int = 0


HEADER_SCHEMA = {
    "snap": pl.Int32,
    "filename": pl.String,
    "version": pl.String,
    "has_incrementality": pl.Boolean,
    "incrementality": pl.Int32,
    "timestamp": pl.Int64,
    "reference_time": pl.Int64,
    "entity_count": pl.Int64,
    "digest": pl.String,
}
ENTITY_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "is_deleted": pl.Boolean,
    "has_trip_update": pl.Boolean,
    "has_vehicle": pl.Boolean,
    "has_alert": pl.Boolean,
}
# One row per TripDescriptor of a TripUpdate or a VehiclePosition (source says which).
TRIP_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "source": pl.String,
    "has_trip": pl.Boolean,
    "tripId": pl.String,
    "routeId": pl.String,
    "directionId": pl.Int64,
    "startTime": pl.String,
    "startDate": pl.String,
    "scheduleRelationship": pl.Int32,
    "vehicleId": pl.String,
    "timestamp": pl.Int64,
    "stu_count": pl.Int64,
}
STU_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "tripId": pl.String,
    "stu": pl.Int64,
    "stopSequence": pl.Int64,
    "stopId": pl.String,
    "scheduleRelationship": pl.Int32,
    "has_arrival": pl.Boolean,
    "arrivalTime": pl.Int64,
    "arrivalDelay": pl.Int64,
    "has_departure": pl.Boolean,
    "departureTime": pl.Int64,
    "departureDelay": pl.Int64,
}
VEHICLE_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "vehicleId": pl.String,
    "tripId": pl.String,
    "routeId": pl.String,
    "has_position": pl.Boolean,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "bearing": pl.Float64,
    "speed": pl.Float64,
    "stopId": pl.String,
    "timestamp": pl.Int64,
}
ALERT_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "informed_count": pl.Int64,
    "effect": pl.Int32,
    "timestamp": pl.Int64,
}
INFORMED_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "agencyId": pl.String,
    "routeId": pl.String,
    "routeType": pl.Int64,
    "has_trip": pl.Boolean,
    "tripId": pl.String,
    "tripRouteId": pl.String,
    "stopId": pl.String,
}
PERIOD_SCHEMA = {
    "snap": pl.Int32,
    "entity": pl.Int64,
    "entityId": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
}


def _opt(message: Any, name: str) -> Any:
    return getattr(message, name) if message.HasField(name) else None


def decode(files: list[Path], fetched_at: Mapping[str, int] | None = None) -> Snapshots:
    """Read, parse (InputError on the first file that is not a FeedMessage) and lay out every snapshot."""
    headers: list[tuple[Any, ...]] = []
    entities: list[tuple[Any, ...]] = []
    trips: list[tuple[Any, ...]] = []
    stus: list[tuple[Any, ...]] = []
    vehicles: list[tuple[Any, ...]] = []
    alerts: list[tuple[Any, ...]] = []
    informed: list[tuple[Any, ...]] = []
    periods: list[tuple[Any, ...]] = []
    names: list[str] = []
    messages: list[FeedMessage] = []
    previous_digest = None
    skipped = 0
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from exc
        digest = hashlib.sha256(data).hexdigest()
        if digest == previous_digest:
            skipped += 1  # as MobilityData's batch mode: an unchanged snapshot is not a new iteration
            continue
        previous_digest = digest
        message = parse(data, file.name)
        snap = len(names)
        names.append(file.name)
        messages.append(message)
        header = message.header
        reference = (fetched_at or {}).get(file.name)
        headers.append(
            (
                snap,
                file.name,
                header.gtfs_realtime_version,
                header.HasField("incrementality"),
                header.incrementality,
                _opt(header, "timestamp"),
                reference if reference is not None else name_time(file.name),
                len(message.entity),
                digest,
            )
        )
        for index, entity in enumerate(message.entity):
            _entity(snap, index, entity, entities, trips, stus, vehicles, alerts, informed, periods)
    return Snapshots(
        names=names,
        headers=pl.DataFrame(headers, schema=HEADER_SCHEMA, orient="row"),
        entities=pl.DataFrame(entities, schema=ENTITY_SCHEMA, orient="row"),
        trips=pl.DataFrame(trips, schema=TRIP_SCHEMA, orient="row"),
        stop_time_updates=pl.DataFrame(stus, schema=STU_SCHEMA, orient="row"),
        vehicles=pl.DataFrame(vehicles, schema=VEHICLE_SCHEMA, orient="row"),
        alerts=pl.DataFrame(alerts, schema=ALERT_SCHEMA, orient="row"),
        informed=pl.DataFrame(informed, schema=INFORMED_SCHEMA, orient="row"),
        periods=pl.DataFrame(periods, schema=PERIOD_SCHEMA, orient="row"),
        messages=messages,
        skipped_duplicates=skipped,
    )


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
