"""Start and end fields of one row out of order: calendar and feed_info dates, frequencies, timeframes and
stop_times times (MobilityData's ``@EndRange`` pairs, checked as each clean row is loaded)."""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, hhmmss
from citylint.validators.gtfs.spec import FIELD_DEFINITIONS


class EndRange(NamedTuple):
    filename: str
    start: str
    end: str
    allow_equal: bool
    entity_id: str | None  # the single-column primary key MobilityData names as entityId, if any
    is_time: bool


# MobilityData v8.0.1's @EndRange annotations.
PAIRS = (
    EndRange("calendar.txt", "start_date", "end_date", True, "service_id", False),
    EndRange("feed_info.txt", "feed_start_date", "feed_end_date", True, None, False),
    EndRange("frequencies.txt", "start_time", "end_time", False, None, True),
    EndRange("stop_times.txt", "arrival_time", "departure_time", True, None, True),
    EndRange("timeframes.txt", "start_time", "end_time", False, None, True),
)


class StartAndEndRangeEqual(
    GtfsRule,
    code="start_and_end_range_equal",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: {startFieldName} and {endFieldName} are both {value}",
):
    """A start field equals its end field where the range must not be empty.

    ## Why it matters
    A frequency or time frame starting and ending at the same time covers nothing: its trips or fares
    never apply, which is almost always a typing mistake.

    ## Example
    `frequencies.txt` has `T1,08:00:00,08:00:00,600`.

    ## Reference
    GTFS Schedule reference, `frequencies.txt` and `timeframes.txt` `start_time`, `end_time`
    (https://gtfs.org/documentation/schedule/reference/#frequenciestxt). MobilityData rule
    `start_and_end_range_equal`.
    """


class StartAndEndRangeOutOfOrder(
    GtfsRule,
    code="start_and_end_range_out_of_order",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: {startFieldName} {startValue} is after {endFieldName} {endValue}",
):
    """A start field is after its end field.

    ## Why it matters
    A range that ends before it starts cannot be interpreted: a calendar running from December back to
    January, a stop departed before it is reached. Consumers drop or misread the row.

    ## Example
    `calendar.txt` has `WEEK,1,1,1,1,1,0,0,20261231,20260101`.

    ## Reference
    GTFS Schedule reference: `calendar.txt` `start_date`/`end_date`, `feed_info.txt`
    `feed_start_date`/`feed_end_date`, `frequencies.txt` and `timeframes.txt` `start_time`/`end_time`,
    `stop_times.txt` `arrival_time`/`departure_time`
    (https://gtfs.org/documentation/schedule/reference/#field-definitions). MobilityData rule
    `start_and_end_range_out_of_order`.
    """


RULES = (StartAndEndRangeEqual, StartAndEndRangeOutOfOrder)


def _text(column: str, is_time: bool) -> pl.Expr:
    """The value as MobilityData prints it: HH:MM:SS (hours may pass 24) or YYYYMMDD."""
    value = pl.col(column)
    if not is_time:
        return value.dt.strftime("%Y%m%d")
    return hhmmss(value)


def _check_pair(feed: Feed, pair: EndRange, sink: FindingSink) -> None:
    frame = feed.entities(pair.filename)
    if frame is None or not {pair.start, pair.end} <= set(frame.columns):
        return
    start, end = pl.col(pair.start), pl.col(pair.end)
    located = {"filename": pl.lit(pair.filename), "csvRowNumber": pl.col(ROW)}
    if pair.entity_id is not None and pair.entity_id in frame.columns:
        # MobilityData leaves entityId out when the key is empty.
        located["entityId"] = pl.col(pair.entity_id)
    candidates = frame.filter(start >= end) if pair.allow_equal is False else frame.filter(start > end)
    if candidates.height == 0:
        return
    if not pair.allow_equal:
        sink.add_frame(
            StartAndEndRangeEqual,
            candidates.filter(start == end).select(
                **located,
                startFieldName=pl.lit(pair.start),
                endFieldName=pl.lit(pair.end),
                value=_text(pair.start, pair.is_time),
            ),
        )
    sink.add_frame(
        StartAndEndRangeOutOfOrder,
        candidates.filter(start > end).select(
            **located,
            startFieldName=pl.lit(pair.start),
            startValue=_text(pair.start, pair.is_time),
            endFieldName=pl.lit(pair.end),
            endValue=_text(pair.end, pair.is_time),
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    for pair in PAIRS:  # five fixed pairs, each checked on whole columns
        _check_pair(feed, pair, sink)
