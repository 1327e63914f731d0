"""The rules on decoded snapshots (``decode.Snapshots``), as polars expressions and joins on whole frames:
every snapshot of a series at once (``snap`` keeps them apart), and the static feed joined once.

Each block names the upstream class it mirrors (MobilityData gtfs-realtime-validator,
``gtfs-realtime-validator-lib/src/main/java/edu/usf/cutr/gtfsrtvalidator/lib/validation/rules/``). Where the
upstream walks stop_time_updates with state (previous time, previous stop_sequence), the state is a window
expression over the trip update's rows in feed order (``shift().forward_fill().over(...)``).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.gtfs.feed import hhmmss
from citylint.validators.gtfs_rt.decode import Snapshots
from citylint.validators.gtfs_rt.rules import BY_ID
from citylint.validators.gtfs_rt.static import StaticFeed

# TimestampValidator.isPosix: between 2005-01-01 and 2033-02-10 (upstream TimestampUtils MIN/MAX_POSIX_TIME)
MIN_POSIX, MAX_POSIX = 1104537600, 1991952000
MAX_IN_FUTURE_SECONDS, MAX_AGE_SECONDS, MINIMUM_REFRESH_INTERVAL_SECONDS = 60, 65, 35
MAX_SPEED = 26.0  # m/s, VehicleValidator W004
REGION_BUFFER_METERS, TRIP_BUFFER_METERS = 1609.0, 200.0
# enum values of gtfs-realtime.proto
TRIP_SCHEDULED, TRIP_ADDED, TRIP_UNSCHEDULED, TRIP_CANCELED = 0, 1, 2, 3
STU_SKIPPED, STU_NO_DATA = 1, 2
EFFECT_DETOUR = 4  # Alert.Effect.DETOUR
TRIP_KEY = ["snap", "entity"]
START_TIME = r"^[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]$"  # TripDescriptorValidator E020: H:MM:SS, past 24 h allowed


def _emit(sink: FindingSink, upstream: str, frame: pl.DataFrame, columns: Sequence[str | pl.Expr]) -> None:
    if frame.height:
        sink.add_frame(BY_ID[upstream], frame.select(columns))


def _not_posix(value: pl.Expr) -> pl.Expr:
    return value.is_not_null() & ((value < MIN_POSIX) | (value > MAX_POSIX))


def _with_names(frame: pl.DataFrame, snaps: Snapshots) -> pl.DataFrame:
    return frame.join(
        snaps.headers.select(
            "snap", "filename", pl.col("timestamp").alias("headerTimestamp"), "reference_time"
        ),
        on="snap",
        how="left",
    )


def check(snaps: Snapshots, static: StaticFeed | None, sink: FindingSink) -> None:
    check_headers(snaps, sink)
    check_series(snaps, sink)
    trips = _with_names(snaps.trips, snaps)
    stus = _with_names(snaps.stop_time_updates, snaps)
    vehicles = _with_names(snaps.vehicles, snaps)
    informed = _with_names(snaps.informed, snaps)
    check_trip_descriptors(trips, stus, sink)
    check_stop_time_updates(stus, trips, sink)
    check_vehicles(vehicles, sink)
    check_alerts(_with_names(snaps.alerts, snaps), informed, _with_names(snaps.periods, snaps), sink)
    entities = _with_names(snaps.entities, snaps).join(
        snaps.headers.select("snap", "incrementality"), on="snap"
    )
    # HeaderValidator.java E039: is_deleted in a FULL_DATASET feed (an unset incrementality reads
    # FULL_DATASET)
    _emit(
        sink,
        "E039",
        entities.filter(pl.col("is_deleted") & (pl.col("incrementality") == 0)),
        ["filename", "entityId"],
    )
    check_cross_feed(trips, static, sink)
    if static is not None:
        check_static_trips(trips, static, sink)
        check_static_stops(stus, vehicles, informed, static, sink)
        check_static_stop_times(stus, trips, static, sink)
        check_frequencies(trips, static, sink)
        check_positions(vehicles, informed, _with_names(snaps.alerts, snaps), static, sink)
        check_static_alerts(informed, static, sink)


def check_headers(snaps: Snapshots, sink: FindingSink) -> None:
    """HeaderValidator.java (E038, E049) and TimestampValidator.java (header: E001, E048, W001, E050,
    W008)."""
    headers = snaps.headers
    version = pl.col("version")
    v2 = (
        version.cast(pl.Float64, strict=False).fill_null(2.0) >= 2.0
    )  # unreadable version: v2 (upstream's fallback)
    _emit(sink, "E038", headers.filter(~version.is_in(["1.0", "2.0"])), ["filename", "version"])
    _emit(sink, "E049", headers.filter(v2 & ~pl.col("has_incrementality")), ["filename", "version"])
    missing = pl.col("timestamp").is_null() | (pl.col("timestamp") == 0)
    _emit(sink, "E048", headers.filter(missing & v2), ["filename", "version"])
    _emit(sink, "W001", headers.filter(missing & ~v2), ["filename", pl.lit("header").alias("where")])
    _emit(
        sink,
        "E001",
        headers.filter(_not_posix(pl.col("timestamp")) & ~missing),
        [
            "filename",
            pl.lit("header").alias("where"),
            pl.lit("header.timestamp").alias("field"),
            pl.col("timestamp").alias("value"),
        ],
    )
    timed = headers.filter(
        ~missing & ~_not_posix(pl.col("timestamp")) & pl.col("reference_time").is_not_null()
    )
    ahead = pl.col("timestamp") - pl.col("reference_time")
    _emit(
        sink,
        "E050",
        timed.filter(ahead > MAX_IN_FUTURE_SECONDS),
        [
            "filename",
            pl.lit("header").alias("where"),
            "timestamp",
            ahead.alias("seconds"),
            pl.col("reference_time").alias("reference"),
        ],
    )
    _emit(
        sink,
        "W008",
        timed.filter(-ahead > MAX_AGE_SECONDS),
        ["filename", "timestamp", (-ahead).alias("seconds"), pl.col("reference_time").alias("reference")],
    )


def check_series(snaps: Snapshots, sink: FindingSink) -> None:
    """TimestampValidator.java, between an iteration and the previous one (E017, E018, W007). Identical
    consecutive snapshots were skipped while reading, as the upstream's batch mode skips them."""
    series = snaps.headers.sort("snap").with_columns(
        pl.col("timestamp").shift(1).alias("previousTimestamp"),
        pl.col("filename").shift(1).alias("previous"),
        pl.col("digest").shift(1).alias("previousDigest"),
    )
    both = series.filter((pl.col("timestamp") > 0) & (pl.col("previousTimestamp") > 0))
    _emit(
        sink,
        "E017",
        both.filter(
            (pl.col("timestamp") == pl.col("previousTimestamp"))
            & (pl.col("digest") != pl.col("previousDigest"))
        ),
        ["filename", "previous", "timestamp"],
    )
    _emit(
        sink,
        "E018",
        both.filter(pl.col("timestamp") < pl.col("previousTimestamp")),
        ["filename", "timestamp", "previousTimestamp", "previous"],
    )
    interval = pl.col("timestamp") - pl.col("previousTimestamp")
    _emit(
        sink,
        "W007",
        both.filter(interval > MINIMUM_REFRESH_INTERVAL_SECONDS),
        ["filename", interval.alias("interval")],
    )


def _where(frame_source: pl.Expr) -> pl.Expr:
    return pl.concat_str([frame_source, pl.lit(" entity "), pl.col("entityId").fill_null("")])


def check_trip_descriptors(trips: pl.DataFrame, stus: pl.DataFrame, sink: FindingSink) -> None:
    """TripDescriptorValidator.java (E020, E021, W006, W009), VehicleValidator.java (W002) and
    TimestampValidator.java (entity timestamps: W001, E001, E012, E050) on trip updates and vehicle
    positions."""
    described = trips.filter((pl.col("source") == "trip_update") | pl.col("has_trip"))
    base: list[str | pl.Expr] = ["filename", "source", "entityId"]
    _emit(sink, "W006", described.filter(pl.col("tripId").is_null()), base)
    bad_time = ~pl.col("startTime").str.contains(START_TIME)
    _emit(sink, "E020", described.filter(pl.col("startTime").is_not_null() & bad_time), [*base, "startTime"])
    bad_date = pl.col("startDate").str.strptime(pl.Date, "%Y%m%d", strict=False).is_null() | ~pl.col(
        "startDate"
    ).str.contains(r"^[0-9]{8}$")
    _emit(sink, "E021", described.filter(pl.col("startDate").is_not_null() & bad_date), [*base, "startDate"])
    _emit(
        sink,
        "W009",
        described.filter(pl.col("scheduleRelationship").is_null()),
        ["filename", _where(pl.col("source")).alias("where")],
    )
    # W009 on stop_time_updates: one occurrence per trip update (the upstream stops at the first)
    unset = (
        stus.filter(pl.col("scheduleRelationship").is_null())
        .group_by(TRIP_KEY, maintain_order=True)
        .agg(pl.first("filename"), pl.first("entityId"))
    )
    _emit(sink, "W009", unset, ["filename", _where(pl.lit("stop_time_update of trip_update")).alias("where")])
    _emit(sink, "W002", trips.filter(pl.col("vehicleId").is_null()), base)
    stamp = pl.col("timestamp")
    missing = stamp.is_null() | (stamp == 0)
    _emit(sink, "W001", trips.filter(missing), ["filename", _where(pl.col("source")).alias("where")])
    stamped = trips.filter(~missing)
    _emit(
        sink,
        "E012",
        stamped.filter((pl.col("headerTimestamp") > 0) & (stamp > pl.col("headerTimestamp"))),
        [*base, "timestamp", "headerTimestamp"],
    )
    _emit(
        sink,
        "E001",
        stamped.filter(_not_posix(stamp)),
        [
            "filename",
            _where(pl.col("source")).alias("where"),
            pl.lit("timestamp").alias("field"),
            stamp.alias("value"),
        ],
    )
    ahead = stamp - pl.col("reference_time")
    _emit(
        sink,
        "E050",
        stamped.filter(~_not_posix(stamp) & (ahead > MAX_IN_FUTURE_SECONDS)),
        [
            "filename",
            _where(pl.col("source")).alias("where"),
            "timestamp",
            ahead.alias("seconds"),
            pl.col("reference_time").alias("reference"),
        ],
    )


def check_stop_time_updates(stus: pl.DataFrame, trips: pl.DataFrame, sink: FindingSink) -> None:
    """StopTimeUpdateValidator.java (E036, E037, E040..E044) and TimestampValidator.java (E001, E022,
    E025)."""
    position = (pl.col("stu") + 1).alias("position")
    cols: list[str | pl.Expr] = [
        "filename",
        pl.col("tripId").fill_null(pl.col("entityId")).alias("tripId"),
        position,
    ]
    updates = trips.filter(pl.col("source") == "trip_update")
    _emit(
        sink,
        "E041",
        updates.filter(
            (pl.col("stu_count") == 0) & (pl.col("scheduleRelationship").fill_null(0) != TRIP_CANCELED)
        ),
        ["filename", "entityId", pl.col("tripId").fill_null("")],
    )
    if not stus.height:
        return
    sr = pl.col("scheduleRelationship").fill_null(0)
    _emit(sink, "E040", stus.filter(pl.col("stopId").is_null() & pl.col("stopSequence").is_null()), cols)
    _emit(
        sink,
        "E042",
        stus.filter((sr == STU_NO_DATA) & (pl.col("has_arrival") | pl.col("has_departure"))),
        cols,
    )
    _emit(
        sink,
        "E043",
        stus.filter(
            ~sr.is_in([STU_SKIPPED, STU_NO_DATA]) & ~pl.col("has_arrival") & ~pl.col("has_departure")
        ),
        cols,
    )
    for event in ("arrival", "departure"):
        empty = pl.col(f"has_{event}") & pl.col(f"{event}Time").is_null() & pl.col(f"{event}Delay").is_null()
        _emit(sink, "E044", stus.filter(empty & (sr != STU_SKIPPED)), [*cols, pl.lit(event).alias("event")])
        _emit(
            sink,
            "E001",
            stus.filter(_not_posix(pl.col(f"{event}Time"))),
            [
                "filename",
                pl.concat_str(
                    [
                        pl.lit("trip "),
                        pl.col("tripId").fill_null(pl.col("entityId")),
                        pl.lit(" stop_time_update "),
                        (pl.col("stu") + 1).cast(pl.String),
                    ]
                ).alias("where"),
                pl.lit(f"{event}.time").alias("field"),
                pl.col(f"{event}Time").alias("value"),
            ],
        )
    _emit(
        sink,
        "E025",
        stus.filter(pl.col("departureTime") < pl.col("arrivalTime")),
        [*cols, pl.col("departureTime").alias("departure"), pl.col("arrivalTime").alias("arrival")],
    )
    ordered = stus.sort([*TRIP_KEY, "stu"]).with_columns(
        pl.col("arrivalTime").shift(1).forward_fill().over(TRIP_KEY).alias("prevArrival"),
        pl.col("departureTime").shift(1).forward_fill().over(TRIP_KEY).alias("prevDeparture"),
        pl.col("stopSequence").shift(1).over(TRIP_KEY).alias("prevSequence"),
        pl.col("stopId").shift(1).over(TRIP_KEY).alias("prevStopId"),
        pl.col("stu").shift(1).over(TRIP_KEY).alias("prevStu"),
    )
    # E022: each of the upstream's four comparisons is one occurrence
    for field, previous in (
        ("arrival", "arrival"),
        ("arrival", "departure"),
        ("departure", "departure"),
        ("departure", "arrival"),
    ):
        now, before = pl.col(f"{field}Time"), pl.col(f"prev{previous.capitalize()}")
        _emit(
            sink,
            "E022",
            ordered.filter(now <= before),
            [
                *cols,
                pl.lit(f"{field}.time").alias("field"),
                now.alias("time"),
                pl.lit(f"{previous}.time").alias("previousField"),
                before.alias("previousTime"),
            ],
        )
    has_prev = pl.col("prevStu").is_not_null()
    _emit(
        sink,
        "E036",
        ordered.filter(has_prev & (pl.col("stopSequence") == pl.col("prevSequence"))),
        [*cols, "stopSequence"],
    )
    _emit(
        sink, "E037", ordered.filter(has_prev & (pl.col("stopId") == pl.col("prevStopId"))), [*cols, "stopId"]
    )


def check_vehicles(vehicles: pl.DataFrame, sink: FindingSink) -> None:
    """VehicleValidator.java: E026, E027, W004, E052."""
    if not vehicles.height:
        return
    lat, lon = pl.col("latitude"), pl.col("longitude")
    invalid = pl.col("has_position") & (~lat.is_between(-90, 90) | ~lon.is_between(-180, 180))
    _emit(sink, "E026", vehicles.filter(invalid), ["filename", "entityId", "latitude", "longitude"])
    _emit(
        sink,
        "E027",
        vehicles.filter(~pl.col("bearing").is_between(0, 360)),
        ["filename", "entityId", "bearing"],
    )
    _emit(
        sink,
        "W004",
        vehicles.filter((pl.col("speed") > MAX_SPEED) | (pl.col("speed") < 0)),
        ["filename", "entityId", "speed"],
    )
    repeated = pl.col("vehicleId").is_not_null() & (pl.len().over("snap", "vehicleId") > 1)
    # the upstream reports every entity after the first that reuses the id
    later = pl.int_range(pl.len()).over("snap", "vehicleId") > 0
    _emit(sink, "E052", vehicles.filter(repeated & later), ["filename", "entityId", "vehicleId"])


def check_alerts(
    alerts: pl.DataFrame, informed: pl.DataFrame, periods: pl.DataFrame, sink: FindingSink
) -> None:
    """TripDescriptorValidator.java (E031, E032, E033) and TimestampValidator.java (E001 on active_period)."""
    _emit(sink, "E032", alerts.filter(pl.col("informed_count") == 0), ["filename", "entityId"])
    empty = (
        pl.col("agencyId").is_null()
        & pl.col("routeId").is_null()
        & pl.col("routeType").is_null()
        & ~pl.col("has_trip")
        & pl.col("stopId").is_null()
    )
    _emit(sink, "E033", informed.filter(empty), ["filename", "entityId"])
    _emit(
        sink,
        "E031",
        informed.filter(pl.col("routeId") != pl.col("tripRouteId")),
        ["filename", "entityId", "routeId", "tripRouteId"],
    )
    for bound in ("start", "end"):
        _emit(
            sink,
            "E001",
            periods.filter(_not_posix(pl.col(bound))),
            [
                "filename",
                pl.concat_str([pl.lit("alert "), pl.col("entityId")]).alias("where"),
                pl.lit(f"active_period.{bound}").alias("field"),
                pl.col(bound).alias("value"),
            ],
        )


def check_static_trips(trips: pl.DataFrame, static: StaticFeed, sink: FindingSink) -> None:
    """TripDescriptorValidator.java: E003, E016, E004, E024, E035, E023 against trips.txt, routes.txt,
    stop_times.txt and frequencies.txt."""
    known = static.trips.select(
        "trip_id",
        pl.col("route_id").alias("staticRoute"),
        pl.col("direction_id").alias("staticDirection"),
        pl.lit(True).alias("known"),
    )
    joined = trips.filter(pl.col("tripId").is_not_null()).join(
        known, left_on="tripId", right_on="trip_id", how="left"
    )
    is_known = pl.col("known").fill_null(False)
    added = (pl.col("scheduleRelationship") == TRIP_ADDED).fill_null(False)
    base: list[str | pl.Expr] = ["filename", "source", "entityId", "tripId"]
    _emit(sink, "E003", joined.filter(~is_known & ~added), base)
    _emit(sink, "E016", joined.filter(is_known & added), base)
    _emit(
        sink,
        "E024",
        joined.filter(is_known & (pl.col("directionId") != pl.col("staticDirection"))),
        [*base, "directionId", pl.col("staticDirection").alias("scheduled")],
    )
    _emit(
        sink,
        "E035",
        joined.filter(is_known & (pl.col("routeId") != pl.col("staticRoute"))),
        [*base, "routeId"],
    )
    routes = static.routes.get_column("route_id").implode()
    _emit(
        sink,
        "E004",
        trips.filter(pl.col("routeId").is_not_null() & ~pl.col("routeId").is_in(routes)),
        ["filename", "source", "entityId", "routeId"],
    )
    # E023: a non-frequency trip's start_time against its first arrival_time
    named = trips.select(pl.col("tripId").alias("trip_id")).drop_nulls().unique()
    first = (
        static.stop_times.join(named, on="trip_id", how="semi")
        .filter(pl.col("arrival_time").is_not_null())
        .group_by("trip_id")
        .agg(pl.col("arrival_time").sort_by("stop_sequence").first().alias("firstArrival"))
    )
    frequency_trips = static.frequencies.get_column("trip_id").drop_nulls().implode()
    seconds = _seconds(pl.col("startTime"))
    timed = joined.filter(
        is_known
        & ~added
        & pl.col("startTime").is_not_null()
        & pl.col("startTime").str.contains(START_TIME)
        & ~pl.col("tripId").is_in(frequency_trips)
    ).join(first, left_on="tripId", right_on="trip_id", how="inner")
    _emit(
        sink,
        "E023",
        timed.filter(seconds != pl.col("firstArrival")),
        [*base, "startTime", hhmmss(pl.col("firstArrival")).alias("scheduled")],
    )


def _seconds(clock: pl.Expr) -> pl.Expr:
    """H:MM:SS / HH:MM:SS (hours past 24 allowed) as seconds since midnight; null when not such a time."""
    parts = clock.str.split(":")
    return (
        parts.list.get(0, null_on_oob=True).cast(pl.Int64, strict=False) * 3600
        + parts.list.get(1, null_on_oob=True).cast(pl.Int64, strict=False) * 60
        + parts.list.get(2, null_on_oob=True).cast(pl.Int64, strict=False)
    )


def check_static_stops(
    stus: pl.DataFrame, vehicles: pl.DataFrame, informed: pl.DataFrame, static: StaticFeed, sink: FindingSink
) -> None:
    """StopValidator.java: E011 (stop_time_update, vehicle and alert stop_ids) and E015 (location_type)."""
    stops = static.stops.select("stop_id", pl.col("location_type").fill_null(0).alias("locationType"))
    used = (
        pl.concat(
            [
                stus.select("filename", pl.lit("trip_update").alias("source"), "entityId", "stopId"),
                vehicles.select("filename", pl.lit("vehicle").alias("source"), "entityId", "stopId"),
                informed.select("filename", pl.lit("alert").alias("source"), "entityId", "stopId"),
            ]
        )
        .filter(pl.col("stopId").is_not_null())
        .join(stops, left_on="stopId", right_on="stop_id", how="left")
    )
    _emit(
        sink,
        "E011",
        used.filter(pl.col("locationType").is_null()),
        ["filename", "source", "entityId", "stopId"],
    )
    _emit(
        sink,
        "E015",
        used.filter((pl.col("source") != "alert") & (pl.col("locationType") != 0)),
        ["filename", "source", "entityId", "stopId", "locationType"],
    )


def check_static_stop_times(
    stus: pl.DataFrame, trips: pl.DataFrame, static: StaticFeed, sink: FindingSink
) -> None:
    """StopTimeUpdateValidator.java with stop_times.txt: E051, E045, E046, E009, E002."""
    if not stus.height:
        return
    # only the stop_times of the trips the snapshots name: joins, never a per-row membership test on a big
    # list
    named = stus.select(pl.col("tripId").alias("trip_id")).drop_nulls().unique()
    times = static.stop_times.join(named, on="trip_id", how="semi")
    cols: list[str | pl.Expr] = ["filename", "tripId", (pl.col("stu") + 1).alias("position")]
    in_static = stus.join(times.select("trip_id").unique(), left_on="tripId", right_on="trip_id", how="semi")
    by_sequence = in_static.join(
        times.select(
            "trip_id",
            "stop_sequence",
            pl.col("stop_id").alias("scheduledStopId"),
            "arrival_time",
            "departure_time",
            pl.lit(True).alias("matched"),
        ),
        left_on=["tripId", "stopSequence"],
        right_on=["trip_id", "stop_sequence"],
        how="left",
    )
    unknown = pl.col("stopSequence").is_not_null() & pl.col("matched").is_null()
    # the upstream stops walking a trip update at its first unknown stop_sequence: one occurrence per trip
    # update
    first_unknown = (
        by_sequence.filter(unknown).sort([*TRIP_KEY, "stu"]).group_by(TRIP_KEY, maintain_order=True).first()
    )
    _emit(sink, "E051", first_unknown, [*cols, "stopSequence"])
    _emit(
        sink,
        "E045",
        by_sequence.filter(
            pl.col("matched")
            & pl.col("stopId").is_not_null()
            & (pl.col("stopId") != pl.col("scheduledStopId"))
        ),
        [*cols, "stopSequence", "stopId", "scheduledStopId"],
    )
    # stop_sequence of updates without one: the trip's stop_times row of that stop_id (first visit)
    # only trips with updates lacking stop_sequence need it (E046 by stop_id, E009, E002's inferred order)
    unsequenced = (
        in_static.filter(pl.col("stopSequence").is_null()).select(pl.col("tripId").alias("trip_id")).unique()
    )
    first_visit = (
        times.join(unsequenced, on="trip_id", how="semi")
        .group_by("trip_id", "stop_id")
        .agg(
            pl.col("stop_sequence").min().alias("inferredSequence"),
            pl.len().alias("visits"),
            pl.col("arrival_time").sort_by("stop_sequence").first().alias("inferredArrival"),
            pl.col("departure_time").sort_by("stop_sequence").first().alias("inferredDeparture"),
        )
    )
    resolved = by_sequence.join(
        first_visit, left_on=["tripId", "stopId"], right_on=["trip_id", "stop_id"], how="left"
    ).with_columns(
        pl.when(pl.col("stopSequence").is_not_null())
        .then(pl.col("stopSequence"))
        .otherwise(pl.col("inferredSequence"))
        .alias("sequence"),
        pl.when(pl.col("matched").fill_null(False))
        .then(pl.col("arrival_time"))
        .when(pl.col("stopSequence").is_null())
        .then(pl.col("inferredArrival"))
        .alias("scheduledArrival"),
        pl.when(pl.col("matched").fill_null(False))
        .then(pl.col("departure_time"))
        .when(pl.col("stopSequence").is_null())
        .then(pl.col("inferredDeparture"))
        .alias("scheduledDeparture"),
        (
            pl.col("matched").fill_null(False)
            | (pl.col("stopSequence").is_null() & pl.col("inferredSequence").is_not_null())
        ).alias("located"),
    )
    delay_only = pl.lit(False)
    for event, scheduled in (("arrival", "scheduledArrival"), ("departure", "scheduledDeparture")):
        delay_only = delay_only | (
            pl.col(f"has_{event}")
            & pl.col(f"{event}Time").is_null()
            & pl.col(f"{event}Delay").is_not_null()
            & pl.col(scheduled).is_null()
        )
    _emit(
        sink,
        "E046",
        resolved.filter(pl.col("located") & delay_only),
        [*cols, pl.col("sequence").alias("stopSequence")],
    )
    loops = first_visit.filter(pl.col("visits") > 1).select("trip_id").unique()
    e009 = (
        in_static.join(loops, left_on="tripId", right_on="trip_id", how="semi")
        .filter(pl.col("stopSequence").is_null())
        .group_by(TRIP_KEY, maintain_order=True)
        .first()
    )
    _emit(sink, "E009", e009, ["filename", "tripId"])
    ordered = (
        resolved.filter(pl.col("sequence").is_not_null())
        .sort([*TRIP_KEY, "stu"])
        .with_columns(pl.col("sequence").cum_max().shift(1).over(TRIP_KEY).alias("previousMax"))
    )
    e002 = (
        ordered.filter(pl.col("sequence") <= pl.col("previousMax"))
        .group_by(TRIP_KEY, maintain_order=True)
        .agg(pl.first("filename"), pl.first("tripId"))
    )
    sequences = ordered.group_by(TRIP_KEY).agg(
        pl.col("sequence").sort_by("stu").cast(pl.String).str.join(", ").alias("sequence")
    )
    _emit(sink, "E002", e002.join(sequences, on=TRIP_KEY), ["filename", "tripId", "sequence"])
    del trips


def check_frequencies(trips: pl.DataFrame, static: StaticFeed, sink: FindingSink) -> None:
    """FrequencyTypeZeroValidator.java (E006, E013, W005) and FrequencyTypeOneValidator.java (E019)."""
    frequencies = static.frequencies.filter(pl.col("trip_id").is_not_null())
    if not frequencies.height:
        return
    exact = pl.col("exact_times").fill_null(0)
    zero = frequencies.filter(exact == 0).get_column("trip_id").unique().implode()
    freq_zero = trips.filter(pl.col("tripId").is_in(zero))
    base: list[str | pl.Expr] = ["filename", "source", "entityId", "tripId"]
    updates = freq_zero.filter(pl.col("source") == "trip_update")
    missing = pl.concat_list(
        [
            pl.when(pl.col("startTime").is_null()).then(pl.lit("start_time")),
            pl.when(pl.col("startDate").is_null()).then(pl.lit("start_date")),
        ]
    ).list.drop_nulls()
    _emit(
        sink,
        "E006",
        updates.with_columns(missing.list.join(", ").alias("missing")).filter(pl.col("missing") != ""),
        ["filename", "entityId", "tripId", "missing"],
    )
    _emit(
        sink,
        "E013",
        freq_zero.filter(
            pl.col("scheduleRelationship").is_not_null()
            & (pl.col("scheduleRelationship") != TRIP_UNSCHEDULED)
        ),
        ["filename", "entityId", "tripId", "scheduleRelationship"],
    )
    _emit(sink, "W005", freq_zero.filter(pl.col("vehicleId").is_null()), base)
    one = frequencies.filter(exact == 1)
    seconds = _seconds(pl.col("startTime"))
    timed = trips.filter(
        pl.col("tripId").is_in(one.get_column("trip_id").implode()) & pl.col("startTime").is_not_null()
    ).with_columns(seconds.alias("startSeconds"))
    if not timed.height:
        return
    matches = timed.join(one, left_on="tripId", right_on="trip_id").with_columns(
        (
            (pl.col("startSeconds") >= pl.col("start_time"))
            & (pl.col("startSeconds") <= pl.col("end_time"))
            & ((pl.col("startSeconds") - pl.col("start_time")) % pl.col("headway_secs") == 0)
        ).alias("ok")
    )
    bad = (
        matches.group_by(TRIP_KEY, maintain_order=True)
        .agg(
            pl.first("filename"),
            pl.first("entityId"),
            pl.first("tripId"),
            pl.first("startTime"),
            pl.col("ok").any(),
            hhmmss(pl.col("start_time").first()).alias("frequencyStart"),
        )
        .filter(~pl.col("ok"))
    )
    _emit(sink, "E019", bad, ["filename", "entityId", "startTime", "tripId", "frequencyStart"])


def check_static_alerts(informed: pl.DataFrame, static: StaticFeed, sink: FindingSink) -> None:
    """TripDescriptorValidator.java on alerts: E004 (route_id), E034 (agency_id), E030 (trip of another
    route)."""
    routes = static.routes.get_column("route_id").implode()
    _emit(
        sink,
        "E004",
        informed.filter(pl.col("routeId").is_not_null() & ~pl.col("routeId").is_in(routes)),
        ["filename", pl.lit("alert").alias("source"), "entityId", "routeId"],
    )
    agencies = static.agencies.get_column("agency_id").implode()
    _emit(
        sink,
        "E034",
        informed.filter(pl.col("agencyId").is_not_null() & ~pl.col("agencyId").is_in(agencies)),
        ["filename", "entityId", "agencyId"],
    )
    both = informed.filter(pl.col("tripId").is_not_null() & pl.col("routeId").is_not_null()).join(
        static.trips.select("trip_id", pl.col("route_id").alias("staticRoute")),
        left_on="tripId",
        right_on="trip_id",
        how="inner",
    )
    _emit(
        sink,
        "E030",
        both.filter(pl.col("staticRoute") != pl.col("routeId")),
        ["filename", "entityId", "tripId", "routeId"],
    )


def check_positions(
    vehicles: pl.DataFrame,
    informed: pl.DataFrame,
    alerts: pl.DataFrame,
    static: StaticFeed,
    sink: FindingSink,
) -> None:
    """VehicleValidator.java: E028 (outside the bounding box of the shapes, else of the stops, grown by 1609
    m) and E029 (more than 200 m from the trip's shape, unless an alert of the same feed with effect DETOUR
    names the trip or its route). Distances to shapes are taken in a local equirectangular projection
    (metres), with shapely's vectorised distance."""
    lat, lon = pl.col("latitude"), pl.col("longitude")
    placed = vehicles.filter(pl.col("has_position") & lat.is_between(-90, 90) & lon.is_between(-180, 180))
    if not placed.height:
        return
    shapes = static.shapes
    area, points = (
        ("shapes", shapes.select(lat=pl.col("shape_pt_lat"), lon=pl.col("shape_pt_lon")))
        if shapes.height
        else ("stops", static.stops.select(lat=pl.col("stop_lat"), lon=pl.col("stop_lon")).drop_nulls())
    )
    if points.height:
        box = points.select(
            pl.min("lat").alias("s"),
            pl.max("lat").alias("n"),
            pl.min("lon").alias("w"),
            pl.max("lon").alias("e"),
        ).row(0, named=True)
        margin_lat = REGION_BUFFER_METERS / 111_320.0
        mid = (box["s"] + box["n"]) / 2
        import math

        margin_lon = REGION_BUFFER_METERS / (111_320.0 * max(math.cos(math.radians(mid)), 0.01))
        inside = lat.is_between(box["s"] - margin_lat, box["n"] + margin_lat) & lon.is_between(
            box["w"] - margin_lon, box["e"] + margin_lon
        )
        _emit(
            sink,
            "E028",
            placed.filter(~inside),
            ["filename", "entityId", "latitude", "longitude", pl.lit(area).alias("area")],
        )
        placed = placed.filter(inside)
    if not shapes.height:
        return
    candidates = placed.filter(pl.col("tripId").is_not_null()).join(
        static.trips.select("trip_id", "shape_id").drop_nulls(), left_on="tripId", right_on="trip_id"
    )
    if not candidates.height:
        return
    distances = _distances_to_shapes(candidates, shapes)
    far = candidates.with_columns(pl.Series("distance", distances).round(0)).filter(
        pl.col("distance") > TRIP_BUFFER_METERS
    )
    detours = informed.join(alerts.filter(pl.col("effect") == EFFECT_DETOUR).select(TRIP_KEY), on=TRIP_KEY)
    by_trip = detours.filter(pl.col("tripId").is_not_null()).select("snap", pl.col("tripId").alias("t"))
    by_route = detours.filter(pl.col("routeId").is_not_null()).select("snap", pl.col("routeId").alias("r"))
    far = far.join(by_trip, left_on=["snap", "tripId"], right_on=["snap", "t"], how="anti").join(
        by_route, left_on=["snap", "routeId"], right_on=["snap", "r"], how="anti"
    )
    _emit(
        sink,
        "E029",
        far,
        ["filename", "entityId", "tripId", "latitude", "longitude", pl.col("distance").cast(pl.Int64)],
    )


def _distances_to_shapes(candidates: pl.DataFrame, shapes: pl.DataFrame) -> list[float]:
    import math

    import numpy as np
    import shapely

    mean = candidates.get_column("latitude").mean()
    mid = math.radians(mean if isinstance(mean, float) else 0.0)
    kx, ky = 111_320.0 * math.cos(mid), 110_540.0
    wanted = candidates.get_column("shape_id").unique().implode()
    lines = (
        shapes.filter(pl.col("shape_id").is_in(wanted))
        .sort("shape_id", "shape_pt_sequence")
        .group_by("shape_id", maintain_order=True)
        .agg("shape_pt_lon", "shape_pt_lat")
    )
    geometry = {}
    for shape_id, xs, ys in lines.iter_rows():
        coords = np.column_stack([np.asarray(xs) * kx, np.asarray(ys) * ky])
        geometry[shape_id] = shapely.linestrings(coords) if len(coords) > 1 else shapely.points(coords[0])
    geoms = np.array([geometry.get(s) for s in candidates.get_column("shape_id").to_list()], dtype=object)
    points = shapely.points(
        candidates.get_column("longitude").to_numpy() * kx, candidates.get_column("latitude").to_numpy() * ky
    )
    result = shapely.distance(points, geoms)
    return [float(d) for d in np.nan_to_num(np.asarray(result, dtype=float), nan=0.0)]


def _last_pairs(frame: pl.DataFrame, key: str, value: str) -> pl.DataFrame:
    """The upstream's HashMap.put in entity order: per snapshot and key, the last value."""
    return frame.group_by("snap", key, maintain_order=True).agg(pl.col(value).last())


def _pairing(
    frame: pl.DataFrame, source: str, other: str, other_trip: str, other_vehicle: str
) -> pl.DataFrame:
    return frame.select(
        "snap",
        source=pl.lit(source),
        tripId="t",
        vehicleId="v",
        otherSource=pl.lit(other),
        otherTripId=other_trip,
        otherVehicleId=other_vehicle,
    )


def check_cross_feed(trips: pl.DataFrame, static: StaticFeed | None, sink: FindingSink) -> None:
    """CrossFeedDescriptorValidator.java (W003, E047): the trip_id / vehicle_id pairings of the TripUpdates
    and the VehiclePositions of one combined snapshot (the upstream's batch mode runs it on a file holding
    more than one entity type, ``GtfsUtils.isCombinedFeed``; nothing is compared without both a TripUpdate
    with a trip_id and a VehiclePosition with a vehicle.id). An empty id counts as missing, as there."""
    tu = trips.filter((pl.col("source") == "trip_update") & pl.col("tripId").is_not_null()).select(
        "snap", "filename", t="tripId", v=pl.col("vehicleId").fill_null("")
    )
    vp = trips.filter((pl.col("source") == "vehicle") & pl.col("vehicleId").is_not_null()).select(
        "snap", "filename", v="vehicleId", t=pl.col("tripId").fill_null("")
    )
    combined = tu.select("snap", "filename").unique().join(vp.select("snap").unique(), on="snap")
    if not combined.height:
        return
    tu, vp = tu.join(combined, on=["snap", "filename"], how="semi"), vp.join(combined, on="snap", how="semi")
    tu_t2v = _last_pairs(tu.filter(pl.col("v") != ""), "t", "v")
    tu_v2t = _last_pairs(tu.filter(pl.col("v") != ""), "v", "t")
    vp_v2t = _last_pairs(vp.filter(pl.col("t") != ""), "v", "t")
    vp_t2v = _last_pairs(vp.filter(pl.col("t") != ""), "t", "v")
    tu_without = tu.filter(pl.col("v") == "").select("snap", "t").unique(maintain_order=True)
    vp_without = vp.filter(pl.col("t") == "").select("snap", "v").unique(maintain_order=True)

    def missing(
        frame: pl.DataFrame, column: str, kind: str, present: str, *absent: pl.DataFrame
    ) -> pl.DataFrame:
        for other in absent:
            frame = frame.join(other.select("snap", column), on=["snap", column], how="anti")
        return frame.select(
            "snap",
            idKind=pl.lit(kind),
            id=pl.col(column),
            presentIn=pl.lit(present),
            missingFrom=pl.lit("VehiclePositions" if present == "TripUpdates" else "TripUpdates"),
        )

    w003 = pl.concat(
        [
            missing(tu_t2v, "t", "trip_id", "TripUpdates", vp_t2v),
            missing(tu_t2v, "v", "vehicle_id", "TripUpdates", vp_v2t, vp_without),
            missing(vp_v2t, "v", "vehicle_id", "VehiclePositions", tu_v2t),
            missing(vp_v2t, "t", "trip_id", "VehiclePositions", tu_t2v, tu_without),
            missing(tu_without, "t", "trip_id", "TripUpdates", vp_t2v),
            missing(vp_without, "v", "vehicle_id", "VehiclePositions", tu_v2t),
        ]
    )
    names = combined.select("snap", "filename")
    _emit(sink, "W003", w003.join(names, on="snap"), ["filename", "idKind", "id", "presentIn", "missingFrom"])
    if static is None:
        return
    # E047 on the TripUpdates side: the VehiclePositions pair the trip with another vehicle
    by_trip = tu_t2v.join(vp_t2v.rename({"v": "other"}), on=["snap", "t"]).filter(
        (pl.col("other") != "") & (pl.col("v") != pl.col("other"))
    )
    tu_side = _pairing(by_trip, "TripUpdates", "VehiclePositions", other_trip="t", other_vehicle="other")
    # on the VehiclePositions side: the TripUpdates put the vehicle on another trip, unless both trips are of
    # one block in trips.txt (a trip not in trips.txt, or without block_id, is a mismatch)
    blocks = static.trips.select("trip_id", "block_id").unique("trip_id", keep="first", maintain_order=True)
    by_vehicle = (
        vp_v2t.join(tu_v2t.rename({"t": "other"}), on=["snap", "v"])
        .filter((pl.col("other") != "") & (pl.col("t") != pl.col("other")))
        .join(blocks.rename({"block_id": "block"}), left_on="t", right_on="trip_id", how="left")
        .join(blocks.rename({"block_id": "otherBlock"}), left_on="other", right_on="trip_id", how="left")
    )
    same_block = (pl.col("block").fill_null("") != "") & (pl.col("block") == pl.col("otherBlock"))
    vp_side = _pairing(
        by_vehicle.filter(~same_block.fill_null(False)),
        "VehiclePositions",
        "TripUpdates",
        other_trip="other",
        other_vehicle="v",
    )
    _emit(
        sink,
        "E047",
        pl.concat([tu_side, vp_side]).join(names, on="snap"),
        ["filename", "source", "tripId", "vehicleId", "otherSource", "otherTripId", "otherVehicleId"],
    )
