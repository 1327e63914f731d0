"""GTFS-Flex stop times: pickup/drop-off windows, the types and booking rules they need, the geography a
stop time names, and stop times at stops that are not boarding places.

Also what the other Flex families share: the window fields and the pickup/drop-off types.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.frames.flex import END, START
from citylint.validators.gtfs.spec import REFERENCE

STOP_TIMES_SPEC = REFERENCE + "#stop_timestxt"
# GtfsPickupDropOff: an absent pickup_type / drop_off_type reads as REGULAR.
REGULAR, MUST_PHONE, ON_REQUEST_TO_DRIVER = 0, 2, 3
PICKUP_DROP_OFF_NAMES = {0: "REGULAR", 1: "NOT_AVAILABLE", 2: "MUST_PHONE", 3: "ON_REQUEST_TO_DRIVER"}
# GtfsContinuousPickupDropOff values that mean continuous service (1 is NOT_ALLOWED).
CONTINUOUS = (0, 2, 3)


class ForbiddenPickupType(
    GtfsRule,
    code="forbidden_pickup_type",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: a pickup/drop-off window with a regular or "
    "driver-arranged pickup_type",
):
    """A stop time with a pickup/drop-off window has `pickup_type` 0 (regular) or 3 (arranged with the
    driver).

    ## Why it matters
    A window describes demand-responsive service: riders cannot be picked up on a fixed schedule or by
    flagging the driver at a place and time that are not fixed.

    ## Example
    `start_pickup_drop_off_window` = `08:00:00`, `end_pickup_drop_off_window` = `12:00:00`, `pickup_type`
    empty (regular).

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `pickup_type`: 0 and 3 are forbidden when a window is
    defined. MobilityData rule `forbidden_pickup_type`.
    """


class ForbiddenDropOffType(
    GtfsRule,
    code="forbidden_drop_off_type",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: a pickup/drop-off window with a regular drop_off_type",
):
    """A stop time with a pickup/drop-off window has `drop_off_type` 0 (regular).

    ## Why it matters
    A window describes demand-responsive service, which cannot drop riders off on a fixed schedule.

    ## Example
    A stop time with both window fields and `drop_off_type` empty or `0`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `drop_off_type`: 0 is forbidden when a window is defined.
    MobilityData rule `forbidden_drop_off_type`.
    """


class ForbiddenArrivalOrDepartureTime(
    GtfsRule,
    code="forbidden_arrival_or_departure_time",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: arrival or departure time beside a pickup/drop-off window",
):
    """A stop time has both a pickup/drop-off window and an arrival or departure time.

    ## Why it matters
    A window says the vehicle serves a place during a period, a time says it is there at an instant: the
    stop time cannot mean both, and consumers will pick one reading arbitrarily.

    ## Example
    `arrival_time` = `08:00:00` and `start_pickup_drop_off_window` = `08:00:00` on one row.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `arrival_time` / `departure_time`: forbidden when
    `start_pickup_drop_off_window` or `end_pickup_drop_off_window` are defined.
    """


class InvalidPickupDropOffWindow(
    GtfsRule,
    code="invalid_pickup_drop_off_window",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: window {startPickupDropOffWindow}-{endPickupDropOffWindow} "
    "does not end after it starts",
):
    """A pickup/drop-off window does not end after it starts.

    ## Why it matters
    An empty or inverted window offers no time at which a rider can be served.

    ## Example
    `start_pickup_drop_off_window` = `12:00:00`, `end_pickup_drop_off_window` = `08:00:00`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `end_pickup_drop_off_window`: the end of the window follows
    its start. MobilityData rule `invalid_pickup_drop_off_window`.
    """


class MissingPickupOrDropOffWindow(
    GtfsRule,
    code="missing_pickup_or_drop_off_window",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: only one end of the pickup/drop-off window is given",
):
    """A stop time gives only one end of its pickup/drop-off window.

    ## Why it matters
    Half a window has no meaning: the service period is unknown.

    ## Example
    `start_pickup_drop_off_window` = `08:00:00`, `end_pickup_drop_off_window` empty.

    ## Reference
    GTFS Schedule reference, `stop_times.txt`: `start_pickup_drop_off_window` and
    `end_pickup_drop_off_window` are required together.
    """


class MissingPickupDropOffBookingRuleId(
    GtfsRule,
    code="missing_pickup_drop_off_booking_rule_id",
    severity=Severity.WARNING,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: booking by phone without a booking rule",
):
    """A flex stop time must be booked by phone (type 2) but names no booking rule for it.

    ## Why it matters
    Riders are told to call without being told whom, when or how long in advance.

    ## Example
    `pickup_type` = `2`, a `start_pickup_drop_off_window`, `pickup_booking_rule_id` empty.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `pickup_booking_rule_id` / `drop_off_booking_rule_id`:
    recommended when `pickup_type` / `drop_off_type` = 2. MobilityData checks it on stop times with a
    window.
    """


class ForbiddenContinuousPickupDropOff(
    GtfsRule,
    code="forbidden_continuous_pickup_drop_off",
    severity=Severity.ERROR,
    spec=REFERENCE + "#routestxt",
    message="trip {tripId}, stop_times.txt row {stopTimeCsvRowNumber}: a pickup/drop-off window on a "
    "route with continuous pickup or drop-off (routes.txt row {routeCsvRowNumber})",
):
    """A stop time with a pickup/drop-off window belongs to a route with continuous pickup or drop-off.

    ## Why it matters
    Continuous service (anywhere along the path) and zone-based windowed service are different models;
    a trip cannot follow both.

    ## Example
    `routes.txt` `continuous_pickup` = `0`; a stop time of one of its trips has a window.

    ## Reference
    GTFS Schedule reference, `routes.txt` `continuous_pickup` / `continuous_drop_off`: forbidden when
    `stop_times.txt` has windows for the route's trips.
    """


class ForbiddenGeographyId(
    GtfsRule,
    code="forbidden_geography_id",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber}: more than one of stop_id, location_group_id, location_id",
):
    """A stop time names more than one of `stop_id`, `location_group_id` and `location_id`.

    ## Why it matters
    The place the vehicle serves is ambiguous.

    ## Example
    `stop_id` = `S1` and `location_id` = `zone_a` on one row.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `stop_id`, `location_group_id`, `location_id`: exactly one
    is defined.
    """


class MissingStopTimesRecord(
    GtfsRule,
    code="missing_stop_times_record",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    table="stop_times.txt",
    message="trip {tripId}: a single stop time (row {csvRowNumber}) for travel within a location",
):
    """A flex trip has one stop time where travel within a zone or location group needs two.

    ## Why it matters
    Riding within one area is described by two stop times naming it, one to board and one to alight:
    with one the trip cannot be booked end to end.

    ## Example
    Trip `F1` has a single stop time, with both windows and `pickup_type` = `drop_off_type` = `2`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` (GTFS-Flex): two records for travel within a location.
    MobilityData rule `missing_stop_times_record`.
    """


class LocationWithUnexpectedStopTime(
    GtfsRule,
    code="location_with_unexpected_stop_time",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stops.txt row {csvRowNumber}: {stopId} is not a stop or platform but stop_times.txt row "
    "{stopTimeCsvRowNumber} serves it",
):
    """A stop time serves a station, entrance, generic node or boarding area.

    ## Why it matters
    Only stops and platforms (`location_type` 0) are served by vehicles; a trip calling at a station is
    a modelling mistake riders cannot follow.

    ## Example
    `stop_times.txt` `stop_id` = `STA` where `STA` has `location_type` = `1`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `stop_id`: refers to stops of `location_type` 0.
    """


RULES = (
    ForbiddenPickupType,
    ForbiddenDropOffType,
    ForbiddenArrivalOrDepartureTime,
    InvalidPickupDropOffWindow,
    MissingPickupOrDropOffWindow,
    MissingPickupDropOffBookingRuleId,
    ForbiddenContinuousPickupDropOff,
    ForbiddenGeographyId,
    MissingStopTimesRecord,
    LocationWithUnexpectedStopTime,
)


def _windows(sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """PickupDropOffTypeValidator and PickupDropOffWindowValidator: per-row checks on windowed stop times,
    run on every row that loaded (single-entity validators)."""
    if START not in stop_times.columns and END not in stop_times.columns:  # shouldCallValidate: a header test
        return
    frame = ensure_columns(
        stop_times,
        {
            START: pl.Int32,
            END: pl.Int32,
            "pickup_type": pl.Int64,
            "drop_off_type": pl.Int64,
            "arrival_time": pl.Int32,
            "departure_time": pl.Int32,
        },
    )
    start, end = pl.col(START), pl.col(END)
    windowed = frame.filter(start.is_not_null() | end.is_not_null())
    if windowed.height == 0:
        return
    # The type notices print an absent end as GtfsTime's zero; the window notices leave it out (null).
    padded = {
        "csvRowNumber": pl.col(ROW),
        "startPickupDropOffWindow": hhmmss(start.fill_null(0)),
        "endPickupDropOffWindow": hhmmss(end.fill_null(0)),
    }
    present = {
        "csvRowNumber": pl.col(ROW),
        "startPickupDropOffWindow": hhmmss(start),
        "endPickupDropOffWindow": hhmmss(end),
    }
    sink.add_frame(
        ForbiddenPickupType,
        windowed.filter(
            pl.col("pickup_type").fill_null(REGULAR).is_in([REGULAR, ON_REQUEST_TO_DRIVER])
        ).select(**padded),
    )
    sink.add_frame(
        ForbiddenDropOffType,
        windowed.filter(pl.col("drop_off_type").fill_null(REGULAR) == REGULAR).select(**padded),
    )
    arrival, departure = pl.col("arrival_time"), pl.col("departure_time")
    sink.add_frame(
        ForbiddenArrivalOrDepartureTime,
        windowed.filter(arrival.is_not_null() | departure.is_not_null()).select(
            pl.col(ROW).alias("csvRowNumber"),
            arrivalTime=hhmmss(arrival),
            departureTime=hhmmss(departure),
            startPickupDropOffWindow=hhmmss(start),
            endPickupDropOffWindow=hhmmss(end),
        ),
    )
    sink.add_frame(
        MissingPickupOrDropOffWindow, windowed.filter(start.is_null() | end.is_null()).select(**present)
    )
    sink.add_frame(InvalidPickupDropOffWindow, windowed.filter(start >= end).select(**present))


def _booking_rule_ids(feed: Feed, sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """PickupBookingRuleIdValidator: runs when booking_rules.txt is present and parsed, and stop_times
    declares pickup_type or drop_off_type. One notice per direction, so a row can draw two."""
    if not feed.has("booking_rules.txt") or not feed.usable("booking_rules.txt", "stop_times.txt"):
        return
    if "pickup_type" not in stop_times.columns and "drop_off_type" not in stop_times.columns:
        return
    frame = ensure_columns(
        stop_times,
        {
            START: pl.Int32,
            END: pl.Int32,
            "pickup_type": pl.Int64,
            "drop_off_type": pl.Int64,
            "pickup_booking_rule_id": pl.String,
            "drop_off_booking_rule_id": pl.String,
        },
    )
    names = {
        "csvRowNumber": pl.col(ROW),
        "pickupType": pl.col("pickup_type").replace_strict(
            PICKUP_DROP_OFF_NAMES, default="UNRECOGNIZED", return_dtype=pl.String
        ),
        "dropOffType": pl.col("drop_off_type").replace_strict(
            PICKUP_DROP_OFF_NAMES, default="UNRECOGNIZED", return_dtype=pl.String
        ),
    }
    branches = [
        frame.filter(
            (pl.col(kind) == MUST_PHONE) & pl.col(window).is_not_null() & pl.col(rule).is_null()
        ).select(**names, __branch__=pl.lit(i))
        for i, (kind, window, rule) in enumerate(
            (
                ("pickup_type", START, "pickup_booking_rule_id"),
                ("drop_off_type", END, "drop_off_booking_rule_id"),
            )
        )
    ]
    found = pl.concat(branches).sort("csvRowNumber", "__branch__").drop("__branch__")
    sink.add_frame(MissingPickupDropOffBookingRuleId, found)


def _continuous(feed: Feed, sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """ContinuousPickupDropOffValidator: routes in file order, their trips in file order, each trip's
    windowed stop times by stop_sequence; nothing de-duplicated."""
    if START not in stop_times.columns and END not in stop_times.columns:
        return
    if not feed.usable("routes.txt", "trips.txt", "stop_times.txt"):
        return
    windowed = ensure_columns(stop_times, {START: pl.Int32, END: pl.Int32}).filter(
        pl.col(START).is_not_null() | pl.col(END).is_not_null()
    )
    routes, trips = feed.frame("routes.txt"), feed.frame("trips.txt")
    if windowed.height == 0 or routes is None or trips is None:
        return
    routes = ensure_columns(routes, {"continuous_pickup": pl.Int64, "continuous_drop_off": pl.Int64}).filter(
        pl.col("route_id").is_not_null()
        & (pl.col("continuous_pickup").is_in(CONTINUOUS) | pl.col("continuous_drop_off").is_in(CONTINUOUS))
    )
    found = (
        routes.select("route_id", routeCsvRowNumber=pl.col(ROW))
        .join(trips.select("route_id", "trip_id", __trip_row__=pl.col(ROW)), on="route_id")
        .join(
            windowed.select("trip_id", "stop_sequence", START, END, stopTimeCsvRowNumber=pl.col(ROW)),
            on="trip_id",
        )
        .sort("routeCsvRowNumber", "__trip_row__", "stop_sequence", "stopTimeCsvRowNumber")
        .select(
            "routeCsvRowNumber",
            tripId=pl.col("trip_id"),
            stopTimeCsvRowNumber=pl.col("stopTimeCsvRowNumber"),
            startPickupDropOffWindow=hhmmss(pl.col(START).fill_null(0)),
            endPickupDropOffWindow=hhmmss(pl.col(END).fill_null(0)),
        )
    )
    sink.add_frame(ForbiddenContinuousPickupDropOff, found)


def _geography_ids(sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """StopTimesGeographyIdPresenceValidator (per row): at most one of the three place ids."""
    ids = {"stop_id": "stopId", "location_group_id": "locationGroupId", "location_id": "locationId"}
    frame = ensure_columns(stop_times, dict.fromkeys(ids, pl.String))
    named = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int32) for c in ids)
    sink.add_frame(
        ForbiddenGeographyId,
        frame.filter(named > 1).select(
            pl.col(ROW).alias("csvRowNumber"), *(pl.col(c).alias(k) for c, k in ids.items())
        ),
    )


def _lone_flex_stop_times(feed: Feed, sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """StopTimesRecordValidator: a trip whose only stop time has both windows and must-phone types."""
    if not feed.indexable("stop_times.txt") or not {START, END, "pickup_type", "drop_off_type"} <= set(
        stop_times.columns
    ):
        return
    frame = ensure_columns(stop_times, {"location_group_id": pl.String, "location_id": pl.String})
    trip = pl.col("trip_id").fill_null("")
    found = frame.filter(
        (pl.len().over(trip) == 1)
        & pl.col(START).is_not_null()
        & pl.col(END).is_not_null()
        & (pl.col("pickup_type") == MUST_PHONE)
        & (pl.col("drop_off_type") == MUST_PHONE)
    ).select(
        pl.col(ROW).alias("csvRowNumber"),
        tripId=trip,
        locationGroupId=pl.col("location_group_id").fill_null(""),
        locationId=pl.col("location_id").fill_null(""),
    )
    sink.add_frame(MissingStopTimesRecord, found)


def _unexpected_locations(feed: Feed, sink: FindingSink, stop_times: pl.DataFrame) -> None:
    """LocationHasStopTimesValidator: the first stop time (file order) at a stop that is not a platform."""
    if not feed.usable("stops.txt", "stop_times.txt", "location_group_stops.txt"):
        return
    stops = feed.frame("stops.txt")
    if stops is None or "stop_id" not in stop_times.columns:
        return
    stops = ensure_columns(stops, {"location_type": pl.Int64, "stop_name": pl.String})
    not_platforms = stops.filter(
        pl.col("stop_id").is_not_null() & (pl.col("location_type").fill_null(0) != 0)
    )
    if not_platforms.height == 0:
        return
    first = (
        stop_times.filter(pl.col("stop_id").is_in(not_platforms.get_column("stop_id").implode()))
        .group_by("stop_id")
        .agg(stopTimeCsvRowNumber=pl.col(ROW).min())
    )
    sink.add_frame(
        LocationWithUnexpectedStopTime,
        not_platforms.join(first, on="stop_id")
        .sort(ROW)
        .select(
            pl.col(ROW).alias("csvRowNumber"),
            stopId=pl.col("stop_id"),
            stopName=pl.col("stop_name").fill_null(""),
            stopTimeCsvRowNumber=pl.col("stopTimeCsvRowNumber"),
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    stop_times = feed.frame("stop_times.txt")
    if stop_times is None:
        return
    entities = feed.entities("stop_times.txt")  # the single-entity validators skip rows with an ERROR
    if entities is not None:
        _windows(sink, entities)
        _geography_ids(sink, entities)
    _booking_rule_ids(feed, sink, stop_times)
    _continuous(feed, sink, stop_times)
    _lone_flex_stop_times(feed, sink, stop_times)
    _unexpected_locations(feed, sink, stop_times)
