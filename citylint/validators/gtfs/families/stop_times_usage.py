"""Which trips and stops stop_times.txt uses, and how it lays each trip out: unused and unusable trips,
stops no trip calls at, trips whose rows are scattered or out of sequence."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.stop_times import (
    STOP_TIMES,
    STOP_TIMES_SPEC,
    TRIP,
    sorted_stop_times,
    trip_ends,
)
from citylint.validators.gtfs.spec import REFERENCE

# location_type of a stop; empty reads as a stop too. A value outside the enum is not a stop: MobilityData
# reads it as its UNRECOGNIZED constant.
STOP = 0
USABLE_STOP_TIMES = 2


class UnusableTrip(
    GtfsRule,
    code="unusable_trip",
    severity=Severity.WARNING,
    spec=REFERENCE + "#tripstxt",
    message="trips.txt row {csvRowNumber}: trip {tripId} has fewer than two stop times",
):
    """A trip has fewer than two stop times.

    ## Why it matters
    A rider boards at one stop and alights at another: a trip of one stop (or none) cannot be travelled.

    ## Example
    Trip `t1` in `trips.txt` has a single row in `stop_times.txt`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt`; MobilityData rule `unusable_trip`.
    """


class UnusedTrip(
    GtfsRule,
    code="unused_trip",
    severity=Severity.WARNING,
    spec=REFERENCE + "#tripstxt",
    message="trips.txt row {csvRowNumber}: trip {tripId} has no stop times",
):
    """A trip has no stop times at all.

    ## Why it matters
    A trip nobody stops at is dead data: it is never shown to riders, and often betrays stop times
    written under a mistyped trip_id.

    ## Example
    Trip `t9` is defined in `trips.txt` and never named in `stop_times.txt`.

    ## Reference
    GTFS Schedule reference, `trips.txt` and `stop_times.txt`; MobilityData rule `unused_trip`.
    """


class UnsortedStopTimes(
    GtfsRule,
    code="unsorted_stop_times",
    severity=Severity.INFO,
    spec=STOP_TIMES_SPEC,
    message="trip {tripId}: its stop times (stop_times.txt rows {startCsvRowNumber} to "
    "{endCsvRowNumber}) are not contiguous or not in stop_sequence order",
):
    """A trip's stop times are not written together, or not in increasing `stop_sequence` order.

    ## Why it matters
    Consumers that stream `stop_times.txt` (the largest file of a feed) rely on each trip's rows being
    together and in order; scattered rows force them to hold the whole file.

    ## Example
    Trip `t1` on rows 2, 3 and 10 with another trip's rows between, or a trip written with
    `stop_sequence` 1, 3, 2 (a repeated value counts too).

    ## Reference
    GTFS Schedule reference, `stop_times.txt`; MobilityData rule `unsorted_stop_times`.
    """


class StopWithoutStopTime(
    GtfsRule,
    code="stop_without_stop_time",
    severity=Severity.WARNING,
    spec=REFERENCE + "#stopstxt",
    message="stops.txt row {csvRowNumber}: stop {stopId} ({stopName}) has no stop times",
):
    """A stop (location_type 0 or empty) is not served by any stop time.

    ## Why it matters
    A stop no trip calls at is shown to riders as a place to wait for a vehicle that never comes.

    ## Example
    Stop `S9` in `stops.txt`, named by no `stop_times.txt` row and by no location group that a stop time
    names.

    ## Reference
    GTFS Schedule reference, `stops.txt` `location_type` and `stop_times.txt` `stop_id`; MobilityData rule
    `stop_without_stop_time`.
    """


RULES = (UnusableTrip, UnusedTrip, UnsortedStopTimes, StopWithoutStopTime)


def check(feed: Feed, sink: FindingSink) -> None:
    stop_times = feed.frame(STOP_TIMES)
    if stop_times is None or not feed.usable(STOP_TIMES) or "trip_id" not in stop_times.columns:
        return
    if "stop_sequence" not in stop_times.columns:
        return
    ends = trip_ends(feed)
    trips = feed.frame("trips.txt")
    if trips is not None and feed.usable("trips.txt") and "trip_id" in trips.columns:
        _check_trips(trips, ends, sink)
    if sink.wants(UnsortedStopTimes):
        _check_sorted(sorted_stop_times(feed), ends, sink)
    _check_stops(feed, stop_times, sink)


def _check_trips(trips: pl.DataFrame, ends: pl.DataFrame, sink: FindingSink) -> None:
    rows = trips.select(ROW, "trip_id").join(
        ends.select("trip_id", "count"), on="trip_id", how="left", maintain_order="left"
    )
    if sink.wants(UnusableTrip):
        # Every row, a duplicated trip_id or a missing one included, as MobilityData reads trips.txt.
        few = rows.filter(pl.col("count").fill_null(0) < USABLE_STOP_TIMES)
        sink.add_frame(UnusableTrip, few.select(csvRowNumber=pl.col(ROW), tripId="trip_id"), file="trips.txt")
    if sink.wants(UnusedTrip):
        unused = (
            rows.filter(pl.col("trip_id").is_not_null())
            .unique("trip_id", keep="first", maintain_order=True)
            .filter(pl.col("count").is_null())
        )
        sink.add_frame(
            UnusedTrip, unused.select(tripId="trip_id", csvRowNumber=pl.col(ROW)), file="trips.txt"
        )


def _check_sorted(ordered: pl.DataFrame, ends: pl.DataFrame, sink: FindingSink) -> None:
    # A trip whose rows are in file order spans its first to its last row; more lines than rows between them
    # is a gap (another trip's rows, or a blank line).
    gapped = pl.col("last_row") - pl.col("first_row") + 1 > pl.col("count")
    unsorted = ends.filter(pl.col("disorder") | gapped).select(TRIP, "trip_id")
    if unsorted.height == 0:
        return
    # The span of a trip out of order is its lowest to its highest row: only those few trips are grouped.
    spans = (
        ordered.filter(pl.col(TRIP).is_in(unsorted.get_column(TRIP).implode()))
        .group_by(TRIP)
        .agg(start=pl.col(ROW).min(), end=pl.col(ROW).max())
    )
    found = unsorted.join(spans, on=TRIP, maintain_order="left")
    sink.add_frame(
        UnsortedStopTimes,
        found.select(tripId="trip_id", startCsvRowNumber="start", endCsvRowNumber="end"),
        file=STOP_TIMES,
    )


def _check_stops(feed: Feed, stop_times: pl.DataFrame, sink: FindingSink) -> None:
    stops = feed.frame("stops.txt")
    if (
        not sink.wants(StopWithoutStopTime)
        or stops is None
        or "stop_id" not in stops.columns
        or not feed.usable("stops.txt", "location_group_stops.txt")
    ):
        return
    served = (
        stop_times.get_column("stop_id").drop_nulls().unique()
        if "stop_id" in stop_times.columns
        else pl.Series("stop_id", [], pl.String)
    )
    groups = feed.frame("location_group_stops.txt")
    if (
        groups is not None
        and "location_group_id" in stop_times.columns
        and {"location_group_id", "stop_id"} <= set(groups.columns)
    ):
        # A stop time naming a location group serves every stop of the group.
        used = stop_times.get_column("location_group_id").drop_nulls().unique()
        served = pl.concat(
            [
                served,
                groups.filter(pl.col("location_group_id").is_in(used.implode()))
                .get_column("stop_id")
                .drop_nulls(),
            ]
        )
    stops = ensure_columns(stops, {"location_type": pl.Int64(), "stop_name": pl.String()})
    unserved = stops.filter(
        pl.col("stop_id").is_not_null()
        & (pl.col("location_type").fill_null(STOP) == STOP)
        & ~pl.col("stop_id").is_in(served.implode())
    )
    sink.add_frame(
        StopWithoutStopTime,
        unserved.select(
            csvRowNumber=pl.col(ROW), stopId="stop_id", stopName=pl.col("stop_name").fill_null("")
        ),
        file="stops.txt",
    )
