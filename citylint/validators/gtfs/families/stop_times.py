"""Times along a trip: arrival and departure pairs, the trip's edges, timepoints, times going backwards.

Also home of what the trip-walking families share: :func:`sorted_stop_times` (each trip's stop times in
stop_sequence order, built once per feed) and :func:`trip_ends`.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.frames.stop_times import (
    STOP_TIMES,
    STOP_TIMES_SPEC,
    TIME_COLUMNS,
    TIME_FIELDS,
    TRIP,
    has_columns,
    same_trip_as_next,
    same_trip_as_previous,
    sorted_stop_times,
)

EXACT_TIMEPOINT = 1


class StopTimeWithArrivalBeforePreviousDepartureTime(
    GtfsRule,
    code="stop_time_with_arrival_before_previous_departure_time",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="trip {tripId}: stop_times.txt row {csvRowNumber} arrives at {arrivalTime}, before the vehicle "
    "left row {prevCsvRowNumber} at {departureTime}",
):
    """A stop time's arrival is earlier than the departure from a previous stop of the trip.

    ## Why it matters
    Times along a trip cannot go backwards: journey planners would offer impossible connections, and
    riders would be told the bus reaches a stop before it left the one before.

    ## Example
    A trip departs its third stop at `08:20:00` and arrives at its fourth at `08:10:00`. The comparison
    is with the last stop before it (in `stop_sequence` order) that has a `departure_time`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `arrival_time` and `departure_time`; MobilityData rule
    `stop_time_with_arrival_before_previous_departure_time`.
    """


class StopTimeWithOnlyArrivalOrDepartureTime(
    GtfsRule,
    code="stop_time_with_only_arrival_or_departure_time",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber} (trip {tripId}, stop_sequence {stopSequence}) gives "
    "{specifiedField} without the other time",
):
    """A stop time gives one of `arrival_time` and `departure_time` without the other.

    ## Why it matters
    A stop time is timed with both values or with neither; with only one, consumers cannot tell whether
    the vehicle waits at the stop or which value to interpolate.

    ## Example
    A row with `arrival_time` = `08:00:00` and an empty `departure_time` (the finding names the field
    that is given, `arrival_time`).

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `arrival_time` and `departure_time`: if one is given,
    both are required; MobilityData rule `stop_time_with_only_arrival_or_departure_time`.
    """


class MissingTripEdge(
    GtfsRule,
    code="missing_trip_edge",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="trip {tripId}: {specifiedField} is missing on its first or last stop "
    "(stop_times.txt row {csvRowNumber}, stop_sequence {stopSequence})",
):
    """The first or last stop time of a trip has no arrival or departure time.

    ## Why it matters
    Times between stops may be interpolated, but a trip's first and last stops bound that interpolation:
    without them the trip has no schedule at all.

    ## Example
    A trip whose lowest `stop_sequence` has an empty `arrival_time`. Stops with a pickup/drop-off window
    (GTFS-Flex) are exempt; a trip of one stop time is checked as both its first and last stop.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `arrival_time`: required for the first and last stop in a
    trip; MobilityData rule `missing_trip_edge`.
    """


class MissingTimepointValue(
    GtfsRule,
    code="missing_timepoint_value",
    severity=Severity.WARNING,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber} (trip {tripId}, stop_sequence "
    "{stopSequence}) has a time but no timepoint value",
):
    """A timed stop time does not say whether its time is exact or approximate.

    ## Why it matters
    When a feed uses `timepoint`, riders and planners rely on it to know which times are guaranteed;
    a timed row without a value leaves that unknown.

    ## Example
    `stop_times.txt` has a `timepoint` column; a row with `arrival_time` = `08:00:00` leaves it empty.
    Feeds without the column are not checked.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `timepoint`; MobilityData rule `missing_timepoint_value`.
    """


class StopTimeTimepointWithoutTimes(
    GtfsRule,
    code="stop_time_timepoint_without_times",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber} (trip {tripId}) is an exact "
    "timepoint without {specifiedField}",
):
    """A stop time marked as an exact timepoint has no arrival or departure time.

    ## Why it matters
    `timepoint` = 1 promises an exact time; a row making that promise without the time contradicts itself.

    ## Example
    A row with `timepoint` = `1` and empty `arrival_time` and `departure_time`: one finding per missing
    field.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `timepoint` and `arrival_time`: required where
    `timepoint` = 1; MobilityData rule `stop_time_timepoint_without_times`.
    """


RULES = (
    StopTimeWithArrivalBeforePreviousDepartureTime,
    StopTimeWithOnlyArrivalOrDepartureTime,
    MissingTripEdge,
    MissingTimepointValue,
    StopTimeTimepointWithoutTimes,
)
WINDOW_FIELDS = ("start_pickup_drop_off_window", "end_pickup_drop_off_window")


def check(feed: Feed, sink: FindingSink) -> None:
    frame = feed.frame(STOP_TIMES)
    if frame is None or not feed.usable(STOP_TIMES) or not has_columns(frame, "trip_id", "stop_sequence"):
        return
    frame = ensure_columns(frame, TIME_COLUMNS)
    _check_timepoints(frame, sink)
    if sink.wants(StopTimeWithOnlyArrivalOrDepartureTime):
        arrival = pl.col("arrival_time").is_not_null()
        only_one = frame.filter(
            pl.col("stop_sequence").is_not_null() & (arrival != pl.col("departure_time").is_not_null())
        )
        sink.add_frame(
            StopTimeWithOnlyArrivalOrDepartureTime,
            only_one.select(
                csvRowNumber=pl.col(ROW),
                tripId="trip_id",
                stopSequence="stop_sequence",
                specifiedField=pl.when(arrival)
                .then(pl.lit("arrival_time"))
                .otherwise(pl.lit("departure_time")),
            ),
            file=STOP_TIMES,
        )
    wants_backwards = sink.wants(StopTimeWithArrivalBeforePreviousDepartureTime)
    if wants_backwards or sink.wants(MissingTripEdge):
        ordered = ensure_columns(sorted_stop_times(feed), TIME_COLUMNS)
        if wants_backwards:
            _check_backwards(ordered, sink)
        _check_edges(ordered, sink)


def _check_backwards(ordered: pl.DataFrame, sink: FindingSink) -> None:
    # MobilityData compares each arrival with the last departure before it in the trip: a row without a
    # departure does not move that baseline, so the departure (with its row and trip) is carried forward.
    departed = pl.col("departure_time").is_not_null()
    walk = ordered.filter(pl.col("stop_sequence").is_not_null()).select(
        ROW,
        "trip_id",
        TRIP,
        "arrival_time",
        prevDeparture=pl.col("departure_time").shift(1).forward_fill(),
        prevRow=pl.when(departed).then(pl.col(ROW)).shift(1).forward_fill(),
        prevTrip=pl.when(departed).then(pl.col(TRIP)).shift(1).forward_fill(),
    )
    backwards = walk.filter(
        (pl.col("prevTrip") == pl.col(TRIP)) & (pl.col("arrival_time") < pl.col("prevDeparture"))
    )
    sink.add_frame(
        StopTimeWithArrivalBeforePreviousDepartureTime,
        backwards.select(
            csvRowNumber=pl.col(ROW),
            prevCsvRowNumber="prevRow",
            tripId="trip_id",
            arrivalTime=hhmmss(pl.col("arrival_time")),
            departureTime=hhmmss(pl.col("prevDeparture")),
        ),
        file=STOP_TIMES,
    )


def _check_edges(ordered: pl.DataFrame, sink: FindingSink) -> None:
    if not sink.wants(MissingTripEdge):
        return
    windows = [pl.col(c).is_not_null() for c in WINDOW_FIELDS if c in ordered.columns]
    timed_by_window = pl.any_horizontal(windows) if windows else pl.lit(False)
    first, last = ~same_trip_as_previous(), ~same_trip_as_next()
    edges = ordered.filter(pl.col("trip_id").is_not_null() & (first | last) & ~timed_by_window).select(
        ROW, "trip_id", "stop_sequence", *TIME_FIELDS, order=pl.int_range(pl.len()), first=first, last=last
    )
    # A trip of one stop time is both its first and its last stop: MobilityData checks it twice.
    edges = pl.concat(
        [
            edges.filter("first").with_columns(edge=pl.lit(0)),
            edges.filter("last").with_columns(edge=pl.lit(1)),
        ]
    )
    missing = pl.concat(
        [
            edges.filter(pl.col(name).is_null()).with_columns(specifiedField=pl.lit(name), field=pl.lit(i))
            for i, name in enumerate(TIME_FIELDS)
        ]
    ).sort("order", "edge", "field")
    sink.add_frame(
        MissingTripEdge,
        missing.select(
            csvRowNumber=pl.col(ROW),
            stopSequence="stop_sequence",
            tripId="trip_id",
            specifiedField="specifiedField",
        ),
        file=STOP_TIMES,
    )


def _check_timepoints(frame: pl.DataFrame, sink: FindingSink) -> None:
    # MobilityData checks timepoints only when the column is declared. A value outside the enum is a value
    # (its UNRECOGNIZED constant), not an absent one.
    if "timepoint" not in frame.columns:
        return
    timepoint = pl.col("timepoint")
    if sink.wants(MissingTimepointValue):
        timed = pl.col("arrival_time").is_not_null() | pl.col("departure_time").is_not_null()
        untold = frame.filter(timed & timepoint.is_null())
        sink.add_frame(
            MissingTimepointValue,
            untold.select(csvRowNumber=pl.col(ROW), tripId="trip_id", stopSequence="stop_sequence"),
            file=STOP_TIMES,
        )
    if sink.wants(StopTimeTimepointWithoutTimes):
        exact = frame.filter(timepoint == EXACT_TIMEPOINT)
        untimed = pl.concat(
            [
                exact.filter(pl.col(name).is_null()).select(
                    ROW, "trip_id", "stop_sequence", specifiedField=pl.lit(name)
                )
                for name in TIME_FIELDS
            ]
        ).sort(ROW, maintain_order=True)
        sink.add_frame(
            StopTimeTimepointWithoutTimes,
            untimed.select(
                csvRowNumber=pl.col(ROW),
                tripId="trip_id",
                stopSequence="stop_sequence",
                specifiedField="specifiedField",
            ),
            file=STOP_TIMES,
        )
