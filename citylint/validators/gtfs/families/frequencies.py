"""frequencies.txt: the headway windows of one trip must not overlap."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.spec import REFERENCE

FREQUENCIES = "frequencies.txt"


class OverlappingFrequency(
    GtfsRule,
    code="overlapping_frequency",
    severity=Severity.ERROR,
    spec=REFERENCE + "#frequenciestxt",
    message="trip {tripId}: frequencies.txt row {currCsvRowNumber} starts at {currStartTime}, "
    "before row {prevCsvRowNumber} ends at {prevEndTime}",
):
    """Two headway windows of the same trip overlap.

    ## Why it matters
    Each moment of a frequency-based trip must have one headway; overlapping windows give two, and
    consumers pick one at random or duplicate the service.

    ## Example
    Trip `t1` with windows `06:00:00`-`09:00:00` and `08:30:00`-`10:00:00`. A window may start exactly
    when the previous one ends. Windows are sorted by start, end and headway, and each is compared with
    the one before it.

    ## Reference
    GTFS Schedule reference, `frequencies.txt` `start_time`; MobilityData rule `overlapping_frequency`.
    """


RULES = (OverlappingFrequency,)


def check(feed: Feed, sink: FindingSink) -> None:
    frame = feed.frame(FREQUENCIES)
    if frame is None or not feed.usable(FREQUENCIES) or not sink.wants(OverlappingFrequency):
        return
    frame = ensure_columns(
        frame,
        {
            "trip_id": pl.String(),
            "start_time": pl.Int32(),
            "end_time": pl.Int32(),
            "headway_secs": pl.Int64(),
        },
    )
    # MobilityData reads an unset time or headway as 0 and groups an unset trip_id under "".
    windows = frame.select(
        ROW,
        trip=pl.col("trip_id").fill_null(""),
        start=pl.col("start_time").fill_null(0),
        end=pl.col("end_time").fill_null(0),
        headway=pl.col("headway_secs").fill_null(0),
    ).sort("trip", "start", "end", "headway", ROW)
    same = pl.col("trip") == pl.col("trip").shift(1)
    found = windows.with_columns(prevRow=pl.col(ROW).shift(1), prevEnd=pl.col("end").shift(1)).filter(
        same & (pl.col("start") < pl.col("prevEnd"))
    )
    sink.add_frame(
        OverlappingFrequency,
        found.select(
            prevCsvRowNumber="prevRow",
            prevEndTime=hhmmss(pl.col("prevEnd")),
            currCsvRowNumber=pl.col(ROW),
            currStartTime=hhmmss(pl.col("start")),
            tripId="trip",
        ),
        file=FREQUENCIES,
    )
