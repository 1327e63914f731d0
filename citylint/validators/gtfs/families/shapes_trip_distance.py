"""A trip whose last stop claims more `shape_dist_traveled` than its shape has."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.shapes import sorted_shape_points
from citylint.validators.gtfs.frames.stop_times import TRIP
from citylint.validators.gtfs.frames.trip_walks import trip_stop_times
from citylint.validators.gtfs.geo import haversine_meters
from citylint.validators.gtfs.spec import REFERENCE

# TripAndShapeDistanceValidator.DISTANCE_THRESHOLD: the last stop this close to the shape's end is a rounding
# matter.
DISTANCE_THRESHOLD_METERS = 11.1
MESSAGE = (
    "trip {tripId}: last stop at shape_dist_traveled {maxTripDistanceTraveled} beyond shape {shapeId}'s "
    "{maxShapeDistanceTraveled}, {geoDistanceToShape} m from the shape's end"
)


class TripDistanceExceedsShapeDistance(
    GtfsRule,
    code="trip_distance_exceeds_shape_distance",
    severity=Severity.ERROR,
    spec=REFERENCE + "#stop_timestxt",
    message=MESSAGE,
):
    """A trip's last stop claims more `shape_dist_traveled` than its shape, and lies more than 11.1 m from the
    shape's end.

    ## Why it matters
    The trip travels further than the shape it follows: the shape is too short or is the wrong one.

    ## Example
    The last `stop_times.txt` row of trip `T1` has `shape_dist_traveled` 5400; its shape ends at 5000,
    200 m from that stop.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `shape_dist_traveled`: distances along the trip's shape.
    MobilityData rule `trip_distance_exceeds_shape_distance`.
    """


class TripDistanceExceedsShapeDistanceBelowThreshold(
    GtfsRule,
    code="trip_distance_exceeds_shape_distance_below_threshold",
    severity=Severity.WARNING,
    spec=REFERENCE + "#stop_timestxt",
    message=MESSAGE,
):
    """A trip's last stop claims more `shape_dist_traveled` than its shape, but lies within 11.1 m of the
    shape's end.

    ## Why it matters
    Most likely a rounding difference between the two distances; still, they should agree.

    ## Example
    The last stop of trip `T1` has `shape_dist_traveled` 5000.4; its shape ends at 5000, 2 m away.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `shape_dist_traveled`. MobilityData rule
    `trip_distance_exceeds_shape_distance_below_threshold`.
    """


RULES = (TripDistanceExceedsShapeDistance, TripDistanceExceedsShapeDistanceBelowThreshold)


def check(feed: Feed, sink: FindingSink) -> None:
    trips, stops = feed.validator_input("trips.txt"), feed.validator_input("stops.txt")
    if trips is None or stops is None or not feed.usable("stop_times.txt", "shapes.txt"):
        return
    if not (
        sink.wants(TripDistanceExceedsShapeDistance)
        or sink.wants(TripDistanceExceedsShapeDistanceBelowThreshold)
    ):
        return
    trips = ensure_columns(trips, {"trip_id": pl.String(), "shape_id": pl.String()})
    stops = ensure_columns(
        stops, {"stop_id": pl.String(), "stop_lat": pl.Float64(), "stop_lon": pl.Float64()}
    )
    # The greatest stop_sequence per trip, the last in file order among equals (a stable sort's last element):
    # the last row of each trip in the shared sorted frame, once rows without a sequence are left out.
    stop_times = trip_stop_times(feed).filter(
        pl.col(TRIP).is_not_null() & pl.col("stop_sequence").is_not_null()
    )
    last = stop_times.filter(pl.col(TRIP) != pl.col(TRIP).shift(-1).fill_null(2**32 - 1)).select(
        "trip_id", "stop_id", trip_dist=pl.col("shape_dist_traveled").fill_null(0.0)
    )
    # The stop's own coordinates (an unset one reads 0), first row per id; a missing stop ends the check.
    stop_at = (
        stops.filter(pl.col("stop_id").is_not_null())
        .sort(ROW)
        .unique("stop_id", keep="first")
        .select("stop_id", s_lat=pl.col("stop_lat").fill_null(0.0), s_lon=pl.col("stop_lon").fill_null(0.0))
    )
    # The shape's furthest point, the first in sequence order among equal distances.
    furthest = (
        sorted_shape_points(feed)
        .with_columns(pl.col("shape_dist_traveled").fill_null(0.0))
        .filter(pl.col("shape_dist_traveled") == pl.col("shape_dist_traveled").max().over("shape_id"))
        .group_by("shape_id")
        .first()
        .select("shape_id", "shape_pt_lat", "shape_pt_lon", shape_dist="shape_dist_traveled")
    )
    found = (
        trips.select(ROW, "trip_id", shape_id=pl.col("shape_id").fill_null(""))
        .join(last, on="trip_id")
        .join(stop_at, on="stop_id")
        .join(furthest, on="shape_id")
        .filter((pl.col("shape_dist") != 0) & (pl.col("trip_dist") > pl.col("shape_dist")))
        .sort(ROW)
        .select(
            tripId="trip_id",
            shapeId="shape_id",
            maxTripDistanceTraveled="trip_dist",
            maxShapeDistanceTraveled="shape_dist",
            geoDistanceToShape=haversine_meters(
                pl.col("shape_pt_lat"), pl.col("shape_pt_lon"), pl.col("s_lat"), pl.col("s_lon")
            ),
        )
    )
    far = pl.col("geoDistanceToShape") > DISTANCE_THRESHOLD_METERS
    sink.add_frame(TripDistanceExceedsShapeDistance, found.filter(far))
    sink.add_frame(TripDistanceExceedsShapeDistanceBelowThreshold, found.filter(~far))
