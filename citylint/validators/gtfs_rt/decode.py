"""GTFS-Realtime snapshots: reading ``.pb`` files (one file, or a folder of snapshots taken over time),
decoding them with the official bindings (``gtfs-realtime-bindings``), and laying their content out as polars
frames, one row per entity, per trip descriptor, per stop_time_update, per vehicle, per alert informed entity,
so that the rules are joins and column expressions rather than loops over entities.

The bindings parse each file (and reject what is not a FeedMessage); the frames are then read from the same
bytes by a columnar wire reader (``columnar.py``), as reading the bindings' objects back through Python
attributes was the slowest part of a run. MobilityData's batch mode (``BatchProcessor.java``) orders a
folder's files by modification date or by name and skips a file identical to the previous one; citylint
orders by name (file names of archived snapshots carry their time, and a checkout resets modification dates)
and skips identical consecutive files too.
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
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in FRAME_SCHEMAS}
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
        for name, frame in entity_frames(data, snap).items():
            parts[name].append(frame)
    frames = {
        name: pl.concat(found) if found else pl.DataFrame(schema=FRAME_SCHEMAS[name])
        for name, found in parts.items()
    }
    return Snapshots(
        names=names,
        headers=pl.DataFrame(headers, schema=HEADER_SCHEMA, orient="row"),
        entities=frames["entities"],
        trips=frames["trips"],
        stop_time_updates=frames["stop_time_updates"],
        vehicles=frames["vehicles"],
        alerts=frames["alerts"],
        informed=frames["informed"],
        periods=frames["periods"],
        messages=messages,
        skipped_duplicates=skipped,
    )


FRAME_SCHEMAS = {
    "entities": ENTITY_SCHEMA,
    "trips": TRIP_SCHEMA,
    "stop_time_updates": STU_SCHEMA,
    "vehicles": VEHICLE_SCHEMA,
    "alerts": ALERT_SCHEMA,
    "informed": INFORMED_SCHEMA,
    "periods": PERIOD_SCHEMA,
}


class _Schema:
    """Field numbers and closed enums' values of gtfs-realtime.proto, from the bindings' descriptors."""

    def __init__(self) -> None:
        from google.transit import gtfs_realtime_pb2 as g

        def numbers(message: Any) -> dict[str, int]:
            return {f.name: f.number for f in message.DESCRIPTOR.fields}

        def values(message: Any, name: str) -> frozenset[int]:
            return frozenset(v.number for v in message.DESCRIPTOR.fields_by_name[name].enum_type.values)

        self.feed = numbers(g.FeedMessage)
        self.entity = numbers(g.FeedEntity)
        self.trip_update = numbers(g.TripUpdate)
        self.stu = numbers(g.TripUpdate.StopTimeUpdate)
        self.event = numbers(g.TripUpdate.StopTimeEvent)
        self.trip = numbers(g.TripDescriptor)
        self.descriptor = numbers(g.VehicleDescriptor)
        self.vehicle = numbers(g.VehiclePosition)
        self.position = numbers(g.Position)
        self.alert = numbers(g.Alert)
        self.selector = numbers(g.EntitySelector)
        self.range = numbers(g.TimeRange)
        self.trip_relationship = values(g.TripDescriptor, "schedule_relationship")
        self.stu_relationship = values(g.TripUpdate.StopTimeUpdate, "schedule_relationship")
        self.effect = values(g.Alert, "effect")


_SCHEMA: list[_Schema] = []


def _schema() -> _Schema:
    if not _SCHEMA:
        _SCHEMA.append(_Schema())
    return _SCHEMA[0]


def entity_frames(data: bytes, snap: int) -> dict[str, pl.DataFrame]:
    """The entities of one FeedMessage (bytes the bindings accepted) as the frames of ``Snapshots``, read
    level by level with the columnar wire reader (``columnar.py``): no Python step per stop_time_update."""
    import numpy as np  # here, not at the top: detect imports this module for every input (issue 22)

    from citylint.validators.gtfs_rt import columnar
    from citylint.validators.gtfs_rt.columnar import VARINT, Fields

    s = _schema()
    starts, ends = columnar.top_level(data, s.feed["entity"])
    entity = Fields.read(data, starts, ends)
    count = entity.count
    index = pl.Series("entity", np.arange(count, dtype=np.int64))
    ids = entity.string(s.entity["id"])
    has_tu, update = entity.message(s.entity["trip_update"])
    has_vp, vehicle = entity.message(s.entity["vehicle"])
    has_alert, alert = entity.message(s.entity["alert"])
    base = pl.DataFrame({"snap": pl.Series([snap] * count, dtype=pl.Int32), "entity": index, "entityId": ids})
    entities = base.with_columns(
        is_deleted=pl.Series(entity.present(s.entity["is_deleted"], VARINT)),
        has_trip_update=pl.Series(has_tu),
        has_vehicle=pl.Series(has_vp),
        has_alert=pl.Series(has_alert),
    )
    # trip updates: their trip descriptors, vehicle ids and stop_time_updates
    u = s.trip_update
    has_trip, trip = update.message(u["trip"])
    parents, stus = update.repeated(u["stop_time_update"])
    tu_trips = _trip_frame(base, s, "trip_update", has_trip, trip, update, u["vehicle"], u["timestamp"])
    tu_trips = tu_trips.with_columns(stu_count=pl.Series(columnar.counts(parents, count)))
    trip_ids = tu_trips.get_column("tripId")
    has_arrival, arrival = stus.message(s.stu["arrival"])
    has_departure, departure = stus.message(s.stu["departure"])
    e = s.event
    stu_frame = pl.DataFrame(
        {
            **_owned(snap, parents, ids),
            "tripId": trip_ids.gather(parents),
            "stu": columnar.positions(parents),
            "stopSequence": stus.varint(s.stu["stop_sequence"], "uint32"),
            "stopId": stus.string(s.stu["stop_id"]),
            "scheduleRelationship": stus.varint(s.stu["schedule_relationship"], "enum", s.stu_relationship),
            "has_arrival": has_arrival,
            "arrivalTime": arrival.varint(e["time"]),
            "arrivalDelay": arrival.varint(e["delay"], "int32"),
            "has_departure": has_departure,
            "departureTime": departure.varint(e["time"]),
            "departureDelay": departure.varint(e["delay"], "int32"),
        },
        schema=STU_SCHEMA,
    )
    # vehicle positions
    v = s.vehicle
    has_trip, trip = vehicle.message(v["trip"])
    vp_trips = _trip_frame(base, s, "vehicle", has_trip, trip, vehicle, v["vehicle"], v["timestamp"])
    has_position, position = vehicle.message(v["position"])
    p = s.position
    vehicles = (
        vp_trips.select(TRIP_KEY_COLUMNS)
        .with_columns(
            vehicleId=vp_trips.get_column("vehicleId"),
            tripId=vp_trips.get_column("tripId"),
            routeId=vp_trips.get_column("routeId"),
            has_position=pl.Series(has_position),
            latitude=position.float32(p["latitude"]),
            longitude=position.float32(p["longitude"]),
            bearing=position.float32(p["bearing"]),
            speed=position.float32(p["speed"]),
            stopId=vehicle.string(v["stop_id"]),
            timestamp=vehicle.varint(v["timestamp"]),
        )
        .filter(pl.Series(has_vp))
    )
    trips = (
        pl.concat(
            [
                tu_trips.filter(pl.Series(has_tu)).with_columns(order=pl.lit(0)),
                vp_trips.filter(pl.Series(has_vp)).with_columns(order=pl.lit(1)),
            ]
        )
        .sort("entity", "order")
        .drop("order")
    )
    # alerts: informed entities and active periods
    a = s.alert
    informed_parents, selectors = alert.repeated(a["informed_entity"])
    period_parents, ranges = alert.repeated(a["active_period"])
    alerts = base.with_columns(
        informed_count=pl.Series(columnar.counts(informed_parents, count)),
        effect=alert.varint(a["effect"], "enum", s.effect),
        timestamp=pl.lit(None, dtype=pl.Int64),
    ).filter(pl.Series(has_alert))
    has_selector_trip, selector_trip = selectors.message(s.selector["trip"])
    informed = pl.DataFrame(
        {
            **_owned(snap, informed_parents, ids),
            "agencyId": selectors.string(s.selector["agency_id"]),
            "routeId": selectors.string(s.selector["route_id"]),
            "routeType": selectors.varint(s.selector["route_type"], "int32"),
            "has_trip": has_selector_trip,
            "tripId": selector_trip.string(s.trip["trip_id"]),
            "tripRouteId": selector_trip.string(s.trip["route_id"]),
            "stopId": selectors.string(s.selector["stop_id"]),
        },
        schema=INFORMED_SCHEMA,
    )
    periods = pl.DataFrame(
        {
            **_owned(snap, period_parents, ids),
            "start": ranges.varint(s.range["start"]),
            "end": ranges.varint(s.range["end"]),
        },
        schema=PERIOD_SCHEMA,
    )
    return {
        "entities": entities.select(list(ENTITY_SCHEMA)).cast(pl.Schema(ENTITY_SCHEMA)),
        "trips": trips.select(list(TRIP_SCHEMA)).cast(pl.Schema(TRIP_SCHEMA)),
        "stop_time_updates": stu_frame,
        "vehicles": vehicles.select(list(VEHICLE_SCHEMA)).cast(pl.Schema(VEHICLE_SCHEMA)),
        "alerts": alerts.select(list(ALERT_SCHEMA)).cast(pl.Schema(ALERT_SCHEMA)),
        "informed": informed,
        "periods": periods,
    }


TRIP_KEY_COLUMNS = ["snap", "entity", "entityId"]


def _owned(snap: int, parents: Any, ids: pl.Series) -> dict[str, Any]:
    """The snapshot, entity index and entity id of rows owned by the entities ``parents``."""
    return {
        "snap": pl.Series([snap] * len(parents), dtype=pl.Int32),
        "entity": parents,
        "entityId": ids.gather(parents),
    }


def _trip_frame(
    base: pl.DataFrame,
    s: _Schema,
    source: str,
    has_trip: Any,
    trip: Any,
    owner: Any,
    vehicle_field: int,
    timestamp_field: int,
) -> pl.DataFrame:
    """One row per entity: the TripDescriptor of its trip update (or vehicle position), its vehicle id and
    timestamp (``TRIP_SCHEMA``; filtered to the entities that have one by the caller)."""
    _, descriptor = owner.message(vehicle_field)
    t = s.trip
    return base.with_columns(
        source=pl.lit(source),
        has_trip=pl.Series(has_trip),
        tripId=trip.string(t["trip_id"]),
        routeId=trip.string(t["route_id"]),
        directionId=trip.varint(t["direction_id"], "uint32"),
        startTime=trip.string(t["start_time"]),
        startDate=trip.string(t["start_date"]),
        scheduleRelationship=trip.varint(t["schedule_relationship"], "enum", s.trip_relationship).cast(
            pl.Int32
        ),
        vehicleId=descriptor.string(s.descriptor["id"]),
        timestamp=owner.varint(timestamp_field),
        stu_count=pl.lit(None, dtype=pl.Int64),
    )
