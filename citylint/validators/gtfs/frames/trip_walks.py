"""stop_times.txt as walked trip by trip (times in seconds, positions), in batches of whole trips, and
trip fingerprints (trips that share their stops and times)."""

from __future__ import annotations

import polars as pl

from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.stop_times import TRIP, sorted_stop_times

STOP_TIME_COLUMNS: dict[str, pl.DataType] = {
    "trip_id": pl.String(),
    "stop_sequence": pl.Int64(),
    "stop_id": pl.String(),
    "arrival_time": pl.Int32(),
    "departure_time": pl.Int32(),
    "shape_dist_traveled": pl.Float64(),
}


def trip_stop_times(feed: Feed) -> pl.DataFrame:
    """stop_times.txt grouped by trip in (stop_sequence, row) order (the stop_times family's shared frame),
    rows without a trip left out, with every column these checks read and ``pos``, the row's index in its
    trip. The trip key ``__trip__`` ascends (flagged sorted, so windows over it need no hashing)."""

    def build() -> pl.DataFrame:
        frame = sorted_stop_times(feed)
        if frame.get_column(TRIP).null_count():  # (a filter keeping every row would still copy every column)
            frame = frame.filter(pl.col(TRIP).is_not_null())
        index = pl.int_range(pl.len(), dtype=pl.Int64)
        starts = (
            pl.when(pl.col(TRIP) != pl.col(TRIP).shift(1).fill_null(2**32 - 1)).then(index).forward_fill()
        )
        return ensure_columns(frame, STOP_TIME_COLUMNS).with_columns(
            pl.col(TRIP).set_sorted(), pos=index - starts
        )

    return feed.derived("stop_times_walk", build)


def trip_fingerprints(stop_times: pl.DataFrame, *columns: pl.Expr) -> pl.DataFrame:
    """One row per trip of :func:`trip_stop_times`: its key, trip_id and a fingerprint of the given columns
    along the trip (the sum of per-row hashes that include the row's position, so order counts; 53-bit
    terms, so the sum cannot overflow). A row's hash mixes each column's hash (seeded by its place) with
    the position's. Two trips with the same rows share the fingerprint. One lazy query: the row hashes are
    one column, summed per trip (in trip order) as they come."""
    row_hash = pl.col("pos").hash(len(columns))
    for seed, column in enumerate(columns):
        row_hash = row_hash ^ column.hash(seed)
    return (
        stop_times.lazy()
        .select(TRIP, "trip_id", hashed=row_hash // 2048)
        .group_by(TRIP, maintain_order=True)
        .agg(pl.col("trip_id").first(), fingerprint=pl.col("hashed").sum())
        .collect()
    )
