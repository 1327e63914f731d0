"""stop_times.txt ordered by trip and sequence, each trip's first and last rows, and the names the
stop-time families share."""

from __future__ import annotations

import polars as pl

from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.spec import REFERENCE

STOP_TIMES = "stop_times.txt"
STOP_TIMES_SPEC = REFERENCE + "#stop_timestxt"


# The trip key of the sorted frame: a UInt32 per distinct trip_id, numbered in order of first appearance.
TRIP = "__trip__"
SORTED_KEY = "stop_times_sorted"
ENDS_KEY = "stop_times_trip_ends"
TIME_FIELDS = ("arrival_time", "departure_time")
TIME_COLUMNS: dict[str, pl.DataType] = {name: pl.Int32() for name in TIME_FIELDS}


def sorted_stop_times(feed: Feed) -> pl.DataFrame:
    """stop_times.txt in trip order: shared by every family that walks a trip's stop times.

    The key, as MobilityData's containers index stop times: rows grouped by trip, and within a trip in
    (stop_sequence, csvRowNumber) order, a null stop_sequence sorting as 0. Trips come in order of first
    appearance in the file, not alphabetically (consecutive trips only need to differ, and a feed
    written trip by trip in sequence order is then already sorted: no sort is paid for it). The frame is
    the typed stop_times.txt plus ``__trip__`` (UInt32, one number per trip_id, null for a null trip_id),
    so a walk compares a row with the one before it by ``pl.col(TRIP) == pl.col(TRIP).shift(1)``, cheaper
    than ``.over()``. Empty when the file is absent or its header invalid.
    """
    return feed.derived(SORTED_KEY, lambda: _sort(feed))


def _sort(feed: Feed) -> pl.DataFrame:
    frame = feed.frame(STOP_TIMES)
    if frame is None:
        return pl.DataFrame(
            schema={ROW: pl.Int64, "trip_id": pl.String, "stop_sequence": pl.Int64, TRIP: pl.UInt32}
        )
    frame = frame.with_columns(_trip_numbers(frame).alias(TRIP))
    sequence = frame.get_column("stop_sequence")
    # Plain sequence numbers (no null, none negative or beyond 32 bits) go into the key as they are.
    if sequence.null_count() == 0 and frame.height and 0 <= sequence.min() and sequence.max() < 2**32:  # type: ignore[operator]
        sequence_key = pl.col("stop_sequence").cast(pl.UInt64)
    else:
        sequence_key = pl.col("stop_sequence").fill_null(0).clip(lower_bound=0).cast(pl.UInt64)
    trip_key = pl.col(TRIP).cast(pl.UInt64)
    key = (
        trip_key if frame.get_column(TRIP).null_count() == 0 else trip_key.fill_null(2**32 - 1)
    ) * 2**32 + sequence_key
    if frame.select(key.is_sorted()).item() if frame.height else True:
        return frame
    # Stable: rows of equal (trip, stop_sequence) stay in file order, i.e. in csvRowNumber order.
    return frame.sort(key, maintain_order=True)


def _trip_numbers(frame: pl.DataFrame) -> pl.Series:
    """One UInt32 per trip_id, numbered by first appearance (null for a null trip_id), so that one integer
    key replaces a string sort. A feed written trip by trip has one run of rows per trip: its runs, numbered
    by comparing each row with the one before, are the trips (checked: no trip_id starts two runs); any other
    feed's trip ids are numbered by a local categorical, which hashes every row."""
    trip_id = frame.get_column("trip_id")
    if trip_id.null_count() == 0 and frame.height:
        runs = trip_id.rle_id()
        starts = trip_id.filter((runs != runs.shift(1)).fill_null(True))
        if not starts.is_duplicated().any():
            return runs
    return trip_id.cast(pl.Categorical).to_physical()


def trip_ends(feed: Feed) -> pl.DataFrame:
    """One row per trip of :func:`sorted_stop_times` (trips with a trip_id), in its trip order, built once.

    Columns: ``__trip__``, ``trip_id``, ``count`` (its stop times), ``disorder`` (in file order its
    stop_sequence does not strictly increase), and for its ``first_`` and ``last_`` stop time (by
    stop_sequence): ``row`` (csvRowNumber), ``index`` (position in the sorted frame), ``stop_id``,
    ``arrival_time``, ``departure_time`` (null when the file lacks the column). Taken from the first and
    last rows of each run of the sorted frame, not by a group_by.
    """
    return feed.derived(ENDS_KEY, lambda: _ends(sorted_stop_times(feed)))


def _ends(ordered: pl.DataFrame) -> pl.DataFrame:
    ordered = ensure_columns(ordered, {"stop_id": pl.String(), **TIME_COLUMNS})
    same = same_trip_as_previous()
    # Sorted by (stop_sequence, row), a trip was written in strictly increasing stop_sequence exactly when its
    # rows come out in file order with no stop_sequence repeated. Counted cumulatively, so that the count at a
    # trip's last row minus the one at its first tells whether any of its rows is out of place.
    disorder = same & (
        (pl.col(ROW) < pl.col(ROW).shift(1))
        | pl.col("stop_sequence").eq_missing(pl.col("stop_sequence").shift(1))
    )
    # The trips' first and last rows are found once, and only they are gathered (the frame has a row per stop
    # time, the result one per trip).
    marks = ordered.select(
        disorders=disorder.cast(pl.UInt32).cum_sum(), first=~same, last=~same_trip_as_next()
    )
    columns = [ROW, "stop_id", *TIME_FIELDS]

    def edge(mark: str) -> pl.DataFrame:
        index = marks.select(pl.arg_where(pl.col(mark)).cast(pl.Int64)).to_series()
        return pl.concat(
            [
                ordered.select(pl.col(c).gather(index) for c in columns).rename({ROW: "row"}),
                marks.select(pl.col("disorders").gather(index)),
                index.alias("index").to_frame(),
            ],
            how="horizontal",
        )

    firsts, lasts = edge("first"), edge("last")
    trips = ordered.select(
        pl.col(TRIP, "trip_id").gather(marks.select(pl.arg_where(pl.col("first"))).to_series())
    )
    ends = pl.concat(
        [trips, firsts.select(pl.all().name.prefix("first_")), lasts.select(pl.all().name.prefix("last_"))],
        how="horizontal",
    )
    kept = [f"{end}_{c}" for end in ("first", "last") for c in ("row", "index", "stop_id", *TIME_FIELDS)]
    return ends.filter(pl.col(TRIP).is_not_null()).select(
        TRIP,
        "trip_id",
        *kept,
        count=pl.col("last_index") - pl.col("first_index") + 1,
        disorder=pl.col("last_disorders") > pl.col("first_disorders"),
    )


def same_trip_as_previous() -> pl.Expr:
    """On the sorted frame: the row before belongs to the same trip."""
    return (pl.col(TRIP) == pl.col(TRIP).shift(1)).fill_null(False)


def same_trip_as_next() -> pl.Expr:
    """On the sorted frame: the row after belongs to the same trip."""
    return (pl.col(TRIP) == pl.col(TRIP).shift(-1)).fill_null(False)


def has_columns(frame: pl.DataFrame, *columns: str) -> bool:
    return all(c in frame.columns for c in columns)
