"""shapes.txt points ordered by shape and sequence."""

from __future__ import annotations

import polars as pl

from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns

SHAPES = "shapes.txt"
SHAPE_COLUMNS: dict[str, pl.DataType] = {
    "shape_id": pl.String(),
    "shape_pt_sequence": pl.Int64(),
    "shape_pt_lat": pl.Float64(),
    "shape_pt_lon": pl.Float64(),
    "shape_dist_traveled": pl.Float64(),
}


def sorted_shape_points(feed: Feed) -> pl.DataFrame:
    """Each shape's points in ``shape_pt_sequence`` order (file order among equal sequences); points with no
    id or sequence are dropped, as MobilityData never sees them."""

    def build() -> pl.DataFrame:
        shapes = feed.validator_input(SHAPES)
        if shapes is None:  # MobilityData does not run the validators reading it: no points
            shapes = pl.DataFrame(schema={ROW: pl.Int64})
        return (
            ensure_columns(shapes, SHAPE_COLUMNS)
            .select(ROW, *SHAPE_COLUMNS)
            .filter(pl.col("shape_id").is_not_null() & pl.col("shape_pt_sequence").is_not_null())
            .sort("shape_id", "shape_pt_sequence", ROW)
        )

    return feed.derived("shape_points_sorted", build)
