"""`shape_dist_traveled` in stop_times.txt: rising along the trip, absent on zones, matched by the shape."""

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
    has_columns,
    same_trip_as_previous,
    sorted_stop_times,
)
from citylint.validators.gtfs.spec import REFERENCE

DISTANCE = "shape_dist_traveled"


class DecreasingOrEqualStopTimeDistance(
    GtfsRule,
    code="decreasing_or_equal_stop_time_distance",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="trip {tripId}: shape_dist_traveled {shapeDistTraveled} at stop_times.txt row {csvRowNumber} "
    "does "
    "not exceed {prevShapeDistTraveled} at row {prevCsvRowNumber}",
):
    """Along a trip, a stop time's `shape_dist_traveled` is not greater than the previous stop's.

    ## Why it matters
    The distance travelled along the shape can only grow from one stop to the next; a value that stands
    still or goes back places the stop wrongly on the shape, and consumers drawing or timing the trip
    from these distances go wrong.

    ## Example
    Stops of `stop_sequence` 1 and 2 with `shape_dist_traveled` `1200.5` and `1200.5`. Stop times without
    a `stop_id` (GTFS-Flex zones) are left out of the comparison; a stop without a distance is compared
    with nothing, and the next stop with nothing either.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `shape_dist_traveled`: values must increase along the
    trip; MobilityData rule `decreasing_or_equal_stop_time_distance`.
    """


class ForbiddenShapeDistTraveled(
    GtfsRule,
    code="forbidden_shape_dist_traveled",
    severity=Severity.ERROR,
    spec=STOP_TIMES_SPEC,
    message="stop_times.txt row {csvRowNumber} (trip {tripId}) gives shape_dist_traveled "
    "on a location group or GeoJSON location",
):
    """A stop time naming a location group or a GeoJSON location gives `shape_dist_traveled`.

    ## Why it matters
    A zone has no single position along the shape, so a distance travelled to it has no meaning.

    ## Example
    A row with `location_group_id` = `zone_a`, no `stop_id` and `shape_dist_traveled` = `3.2`.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `shape_dist_traveled`: forbidden if
    `stop_times.location_group_id` or `stop_times.location_id` is defined; MobilityData rule
    `forbidden_shape_dist_traveled`.
    """


class TripWithShapeDistTraveledButNoShapeDistances(
    GtfsRule,
    code="trip_with_shape_dist_traveled_but_no_shape_distances",
    severity=Severity.INFO,
    spec=REFERENCE + "#shapestxt",
    message="trip {tripId} gives shape_dist_traveled in stop_times.txt (row {stopTimeCsvRowNumber}) but "
    "shape {shapeId} does not give it on every point",
):
    """A trip's stop times give `shape_dist_traveled` but its shape does not give it on every point.

    ## Why it matters
    Stop distances are meant to be matched with the shape's own distances; with the shape's missing, a
    consumer cannot place the stops along the shape from them.

    ## Example
    A trip with `shape_id` = `s1` whose stop times carry distances, while some points of `s1` in
    `shapes.txt` leave `shape_dist_traveled` empty. The finding names the trip's first stop time (in
    `stop_sequence` order) that carries a distance.

    ## Reference
    GTFS Schedule reference, `shapes.txt` and `stop_times.txt` `shape_dist_traveled`; MobilityData rule
    `trip_with_shape_dist_traveled_but_no_shape_distances`.
    """


RULES = (
    DecreasingOrEqualStopTimeDistance,
    ForbiddenShapeDistTraveled,
    TripWithShapeDistTraveledButNoShapeDistances,
)


def check(feed: Feed, sink: FindingSink) -> None:
    frame = feed.frame(STOP_TIMES)
    # Every rule here reads stop_times.txt and only when it declares shape_dist_traveled.
    if frame is None or not feed.usable(STOP_TIMES) or not has_columns(frame, "trip_id", DISTANCE):
        return
    _check_forbidden(frame, sink)
    if "stop_id" in frame.columns and sink.wants(DecreasingOrEqualStopTimeDistance):
        _check_decreasing(sorted_stop_times(feed), sink)
    if sink.wants(TripWithShapeDistTraveledButNoShapeDistances):
        _check_shape_distances(feed, sink)


def _check_forbidden(frame: pl.DataFrame, sink: FindingSink) -> None:
    zones = ("location_group_id", "location_id")
    if not any(c in frame.columns for c in zones) or not sink.wants(ForbiddenShapeDistTraveled):
        return
    frame = ensure_columns(frame, {"stop_id": pl.String(), **{c: pl.String() for c in zones}})
    on_zone = frame.filter(
        pl.col("stop_id").is_null()
        & pl.any_horizontal(pl.col(c).is_not_null() for c in zones)
        & pl.col(DISTANCE).is_not_null()
    )
    sink.add_frame(
        ForbiddenShapeDistTraveled,
        on_zone.select(
            csvRowNumber=pl.col(ROW),
            tripId="trip_id",
            locationGroupId=pl.col("location_group_id").fill_null(""),
            locationId=pl.col("location_id").fill_null(""),
            shapeDistTraveled=DISTANCE,
        ),
        file=STOP_TIMES,
    )


def _check_decreasing(ordered: pl.DataFrame, sink: FindingSink) -> None:
    # Rows without a stop_id leave the walk before it compares, so the next row reaches back past them; a
    # row without a distance stays in the walk (it is compared with nothing, and nothing with it).
    walk = ordered.filter(pl.col("stop_id").is_not_null()).select(
        ROW,
        "trip_id",
        "stop_id",
        "stop_sequence",
        DISTANCE,
        previous=same_trip_as_previous(),
        prevRow=pl.col(ROW).shift(1),
        prevDistance=pl.col(DISTANCE).shift(1),
        prevSequence=pl.col("stop_sequence").shift(1),
    )
    found = walk.filter(pl.col("previous") & (pl.col("prevDistance") >= pl.col(DISTANCE)))
    sink.add_frame(
        DecreasingOrEqualStopTimeDistance,
        found.select(
            tripId="trip_id",
            stopId="stop_id",
            csvRowNumber=pl.col(ROW),
            shapeDistTraveled=DISTANCE,
            stopSequence="stop_sequence",
            prevCsvRowNumber="prevRow",
            prevShapeDistTraveled="prevDistance",
            prevStopSequence="prevSequence",
        ),
        file=STOP_TIMES,
    )


def _check_shape_distances(feed: Feed, sink: FindingSink) -> None:
    ordered = sorted_stop_times(feed)
    # Per trip, the first stop time in stop_sequence order that carries a distance.
    measured = ordered.filter(
        pl.col(DISTANCE).is_not_null()
        & pl.col("stop_sequence").is_not_null()
        & pl.col("trip_id").is_not_null()
    )
    first_measured = measured.filter(~same_trip_as_previous()).select("trip_id", stopTimeCsvRowNumber=ROW)
    if first_measured.height == 0:
        return
    trips, shapes = feed.frame("trips.txt"), feed.frame("shapes.txt")
    if not feed.usable("trips.txt", "shapes.txt") or trips is None or shapes is None:
        return  # an absent shapes.txt defines no shape: nothing to compare with
    if "shape_id" not in trips.columns or "shape_id" not in shapes.columns:
        return
    points = ensure_columns(shapes, {DISTANCE: pl.Float64()})
    incomplete = (
        points.filter(pl.col("shape_id").is_not_null())
        .group_by("shape_id")
        .agg(complete=pl.col(DISTANCE).is_not_null().all())
        .filter(~pl.col("complete"))
    )
    # A duplicated trip_id is one trip, the last of its rows (MobilityData's map keeps the last).
    found = (
        trips.filter(pl.col("trip_id").is_not_null() & pl.col("shape_id").is_not_null())
        .unique("trip_id", keep="last", maintain_order=True)
        .join(first_measured, on="trip_id")
        .join(incomplete.select("shape_id"), on="shape_id", how="semi")
        .sort(ROW)
    )
    sink.add_frame(
        TripWithShapeDistTraveledButNoShapeDistances,
        found.select(
            tripCsvRowNumber=pl.col(ROW),
            tripId="trip_id",
            shapeId="shape_id",
            stopTimeCsvRowNumber="stopTimeCsvRowNumber",
        ),
        file="trips.txt",
    )
