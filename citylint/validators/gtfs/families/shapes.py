"""Shape points: distances along a shape that go backwards or repeat, one-point shapes, unused shapes."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.shapes import SHAPE_COLUMNS, SHAPES, sorted_shape_points
from citylint.validators.gtfs.geo import haversine_meters
from citylint.validators.gtfs.spec import REFERENCE

SHAPES_SPEC = REFERENCE + "#shapestxt"
# ShapeIncreasingDistanceValidator.DISTANCE_THRESHOLD: equal distances at points this far apart are an error.
SAME_DISTANCE_THRESHOLD_METERS = 1.11


class DecreasingShapeDistance(
    GtfsRule,
    code="decreasing_shape_distance",
    severity=Severity.ERROR,
    spec=SHAPES_SPEC,
    message="shape {shapeId}: shape_dist_traveled decreases from {shapeDistTraveled} "
    "(row {csvRowNumber}) to {prevShapeDistTraveled} (row {prevCsvRowNumber})",
):
    """`shape_dist_traveled` decreases between two consecutive points of a shape.

    ## Why it matters
    Distances along a shape must grow with `shape_pt_sequence`; a decrease makes every distance-based
    placement of stops on the shape wrong.

    ## Example
    Points of shape `A` at sequence 1, 2, 3 with `shape_dist_traveled` 0, 120, 50.

    ## Reference
    GTFS Schedule reference, `shapes.txt` `shape_dist_traveled`: "Values must increase along with
    shape_pt_sequence". MobilityData rule `decreasing_shape_distance`.

    MobilityData names the earlier point in `csvRowNumber` and the later one in `prevCsvRowNumber`;
    citylint keeps that order so that reports compare.
    """


class EqualShapeDistanceDiffCoordinates(
    GtfsRule,
    code="equal_shape_distance_diff_coordinates",
    severity=Severity.ERROR,
    spec=SHAPES_SPEC,
    message="shape {shapeId}: rows {prevCsvRowNumber} and {csvRowNumber} have the same shape_dist_traveled "
    "{shapeDistTraveled} but are {actualDistanceBetweenShapePoints} m apart",
):
    """Two consecutive shape points have the same `shape_dist_traveled` but lie 1.11 m or more apart.

    ## Why it matters
    The same distance claimed at two different places: one of them is wrong, and stops placed by
    distance land at the wrong point.

    ## Example
    Two consecutive points of a shape, 50 m apart, both with `shape_dist_traveled` 120.

    ## Reference
    GTFS Schedule reference, `shapes.txt` `shape_dist_traveled`. MobilityData rule
    `equal_shape_distance_diff_coordinates`.
    """


class EqualShapeDistanceDiffCoordinatesDistanceBelowThreshold(
    GtfsRule,
    code="equal_shape_distance_diff_coordinates_distance_below_threshold",
    severity=Severity.WARNING,
    spec=SHAPES_SPEC,
    message="shape {shapeId}: rows {prevCsvRowNumber} and {csvRowNumber} have the same shape_dist_traveled "
    "{shapeDistTraveled} and are {actualDistanceBetweenShapePoints} m apart",
):
    """Two consecutive shape points have the same `shape_dist_traveled` and lie less than 1.11 m apart.

    ## Why it matters
    Likely a rounding artefact of the distances, but still a point that adds no distance to the shape.

    ## Example
    Two consecutive points 0.5 m apart, both with `shape_dist_traveled` 120.

    ## Reference
    GTFS Schedule reference, `shapes.txt` `shape_dist_traveled`. MobilityData rule
    `equal_shape_distance_diff_coordinates_distance_below_threshold`.
    """


class EqualShapeDistanceSameCoordinates(
    GtfsRule,
    code="equal_shape_distance_same_coordinates",
    severity=Severity.WARNING,
    spec=SHAPES_SPEC,
    message="shape {shapeId}: rows {prevCsvRowNumber} and {csvRowNumber} repeat the same point and "
    "shape_dist_traveled {shapeDistTraveled}",
):
    """Two consecutive shape points repeat the same coordinates and the same `shape_dist_traveled`.

    ## Why it matters
    The second point is a duplicate: it adds nothing to the shape and bloats the file.

    ## Example
    Points at sequence 4 and 5 of a shape, both at 48.85, 2.35 with `shape_dist_traveled` 300.

    ## Reference
    GTFS Schedule reference, `shapes.txt`. MobilityData rule `equal_shape_distance_same_coordinates`.
    """


class SingleShapePoint(
    GtfsRule,
    code="single_shape_point",
    severity=Severity.WARNING,
    spec=SHAPES_SPEC,
    message="shape {shapeId} has a single point (row {csvRowNumber})",
):
    """A shape has only one point.

    ## Why it matters
    One point is not a line: the shape cannot draw the path of the trips that use it.

    ## Example
    `shapes.txt` holds a single row for shape `S1`.

    ## Reference
    GTFS Schedule reference, `shapes.txt`: a shape is a sequence of points tracing the vehicle's path.
    MobilityData rule `single_shape_point`.
    """


class UnusedShape(
    GtfsRule,
    code="unused_shape",
    severity=Severity.WARNING,
    spec=SHAPES_SPEC,
    message="shape {shapeId} (row {csvRowNumber}) is used by no trip",
):
    """A shape is not used by any trip.

    ## Why it matters
    Unused shapes are dead data: they make the feed larger and hint at trips that lost their shape.

    ## Example
    `shapes.txt` defines shape `S9`; no row of `trips.txt` has `shape_id` `S9`.

    ## Reference
    GTFS Schedule reference, `trips.txt` `shape_id`. MobilityData rule `unused_shape`.
    """


RULES = (
    DecreasingShapeDistance,
    EqualShapeDistanceDiffCoordinates,
    EqualShapeDistanceDiffCoordinatesDistanceBelowThreshold,
    EqualShapeDistanceSameCoordinates,
    SingleShapePoint,
    UnusedShape,
)


def _pair_fields(named: str, prefixed: str) -> list[pl.Expr]:
    """MobilityData's seven fields of a point pair; ``named`` and ``prefixed`` are "" (current) or "p_"."""
    return [
        pl.col("shape_id").alias("shapeId"),
        pl.col(f"{named}{ROW}").alias("csvRowNumber"),
        pl.col(f"{named}shape_dist_traveled").alias("shapeDistTraveled"),
        pl.col(f"{named}shape_pt_sequence").alias("shapePtSequence"),
        pl.col(f"{prefixed}{ROW}").alias("prevCsvRowNumber"),
        pl.col(f"{prefixed}shape_dist_traveled").alias("prevShapeDistTraveled"),
        pl.col(f"{prefixed}shape_pt_sequence").alias("prevShapePtSequence"),
    ]


def _check_distances(points: pl.DataFrame, sink: FindingSink) -> None:
    cols = [ROW, "shape_pt_sequence", "shape_pt_lat", "shape_pt_lon", "shape_dist_traveled"]
    # Adjacent points in sequence order; a point without a distance breaks both pairs it belongs to.
    pairs = points.with_columns(pl.col(c).shift(1).alias(f"p_{c}") for c in [*cols, "shape_id"]).filter(
        (pl.col("p_shape_id") == pl.col("shape_id"))
        & pl.col("shape_dist_traveled").is_not_null()
        & pl.col("p_shape_dist_traveled").is_not_null()
    )
    sink.add_frame(
        DecreasingShapeDistance,
        pairs.filter(pl.col("p_shape_dist_traveled") > pl.col("shape_dist_traveled")).select(
            _pair_fields("p_", "")
        ),
        file=SHAPES,
    )
    equal = pairs.filter(pl.col("p_shape_dist_traveled") == pl.col("shape_dist_traveled"))
    same_place = (pl.col("shape_pt_lat") == pl.col("p_shape_pt_lat")) & (
        pl.col("shape_pt_lon") == pl.col("p_shape_pt_lon")
    )
    sink.add_frame(
        EqualShapeDistanceSameCoordinates,
        equal.filter(same_place).select(_pair_fields("", "p_")),
        file=SHAPES,
    )
    apart = equal.filter(~same_place).select(
        *_pair_fields("", "p_"),
        actualDistanceBetweenShapePoints=haversine_meters(
            pl.col("shape_pt_lat"), pl.col("shape_pt_lon"), pl.col("p_shape_pt_lat"), pl.col("p_shape_pt_lon")
        ),
    )
    distance = pl.col("actualDistanceBetweenShapePoints")
    sink.add_frame(
        EqualShapeDistanceDiffCoordinates,
        apart.filter(distance >= SAME_DISTANCE_THRESHOLD_METERS),
        file=SHAPES,
    )
    sink.add_frame(
        EqualShapeDistanceDiffCoordinatesDistanceBelowThreshold,
        apart.filter((distance > 0) & (distance < SAME_DISTANCE_THRESHOLD_METERS)),
        file=SHAPES,
    )


def check(feed: Feed, sink: FindingSink) -> None:
    shapes = feed.validator_input(SHAPES)
    if shapes is None or not feed.has(SHAPES):
        return
    _check_distances(sorted_shape_points(feed), sink)
    shapes = ensure_columns(shapes, SHAPE_COLUMNS).filter(pl.col("shape_id").is_not_null())
    per_shape = shapes.group_by("shape_id", maintain_order=True).agg(
        first=pl.col(ROW).min(), last=pl.col(ROW).max(), points=pl.len()
    )
    sink.add_frame(
        SingleShapePoint,
        per_shape.filter(pl.col("points") == 1).select(shapeId="shape_id", csvRowNumber="last"),
        file=SHAPES,
    )
    trips = feed.validator_input("trips.txt")
    if trips is None:
        return
    trips = ensure_columns(trips, {"shape_id": pl.String()})
    # A trip without shape_id refers to the empty shape id, as MobilityData's index keys it.
    used = trips.select(pl.col("shape_id").fill_null("")).unique()
    sink.add_frame(
        UnusedShape,
        per_shape.join(used, on="shape_id", how="anti", nulls_equal=True)
        .sort("first")
        .select(shapeId="shape_id", csvRowNumber="first"),
        file=SHAPES,
    )
