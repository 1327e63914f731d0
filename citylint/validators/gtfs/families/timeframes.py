"""GTFS-Fares v2 timeframes: the times of day, per service, at which a fare applies."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, column, hhmmss
from citylint.validators.gtfs.spec import REFERENCE

TIMEFRAMES = "timeframes.txt"
TWENTY_FOUR_HOURS = 24 * 3600


class TimeframeOnlyStartOrEndTimeSpecified(
    GtfsRule,
    code="timeframe_only_start_or_end_time_specified",
    severity=Severity.ERROR,
    spec=REFERENCE + "#timeframestxt",
    message="timeframes.txt row {csvRowNumber}: only one of start_time and end_time is set",
):
    """A timeframe sets only one of `start_time` and `end_time`.

    ## Why it matters
    A timeframe is either the whole day (both empty) or an interval (both set). With one bound only, a
    fare calculator cannot tell when the fare applies.

    ## Example
    `timeframes.txt`: `peak,07:00:00,,WEEK` (`end_time` empty).

    ## Reference
    GTFS Schedule reference, `timeframes.txt` `start_time` / `end_time`: required if the other is
    defined, forbidden otherwise (https://gtfs.org/documentation/schedule/reference/#timeframestxt).
    MobilityData rule `timeframe_only_start_or_end_time_specified`.
    """


class TimeframeOverlap(
    GtfsRule,
    code="timeframe_overlap",
    severity=Severity.ERROR,
    spec=REFERENCE + "#timeframestxt",
    message="timeframes.txt row {currCsvRowNumber} (from {currStartTime}) overlaps row {prevCsvRowNumber} "
    "(until {prevEndTime}) in timeframe group {timeframeGroupId!r} of service {serviceId}",
):
    """Two timeframes of the same group and service overlap in time.

    ## Why it matters
    A leg starting in the overlap belongs to both timeframes, so a fare leg rule keyed on the timeframe
    group matches twice and the price is ambiguous.

    ## Example
    `timeframes.txt`: `peak,07:00:00,09:30:00,WEEK` and `peak,09:00:00,10:00:00,WEEK`.

    ## Reference
    GTFS Schedule reference, `timeframes.txt`: timeframes of one `timeframe_group_id` and `service_id`
    must not overlap (https://gtfs.org/documentation/schedule/reference/#timeframestxt). MobilityData
    rule `timeframe_overlap`.
    """


class TimeframeStartOrEndTimeGreaterThanTwentyFourHours(
    GtfsRule,
    code="timeframe_start_or_end_time_greater_than_twenty_four_hours",
    severity=Severity.ERROR,
    spec=REFERENCE + "#timeframestxt",
    message="timeframes.txt row {csvRowNumber}: {fieldName} {time} is after 24:00:00",
):
    """A timeframe's `start_time` or `end_time` is after `24:00:00`.

    ## Why it matters
    Unlike trip times, timeframe times are times of day: a fare period past midnight is written as a
    second timeframe from `00:00:00` on the next service day, and a time past `24:00:00` matches nothing.

    ## Example
    `timeframes.txt`: `night,22:00:00,26:00:00,WEEK`.

    ## Reference
    GTFS Schedule reference, `timeframes.txt` `start_time` / `end_time`: a value greater than
    `24:00:00` is forbidden (https://gtfs.org/documentation/schedule/reference/#timeframestxt).
    MobilityData rule `timeframe_start_or_end_time_greater_than_twenty_four_hours`.
    """


RULES = (
    TimeframeOnlyStartOrEndTimeSpecified,
    TimeframeOverlap,
    TimeframeStartOrEndTimeGreaterThanTwentyFourHours,
)


def _start_and_end(feed: Feed, sink: FindingSink) -> None:
    timeframes = feed.entities(TIMEFRAMES)
    if timeframes is None or timeframes.height == 0:
        return
    start, end = column(timeframes, "start_time"), column(timeframes, "end_time")
    # Both empty is a timeframe covering the whole day; one alone is the error.
    sink.add_frame(
        TimeframeOnlyStartOrEndTimeSpecified,
        timeframes.filter(start.is_null() != end.is_null()).select(csvRowNumber=pl.col(ROW)),
        file=TIMEFRAMES,
    )
    # Exactly 24:00:00 is allowed (the end of the day). A row past it on both bounds is reported twice,
    # start_time first.
    late = (
        pl.concat(
            [
                timeframes.filter(bound > TWENTY_FOUR_HOURS).select(
                    csvRowNumber=pl.col(ROW),
                    fieldName=pl.lit(name),
                    time=hhmmss(bound.cast(pl.Int64)),
                    __order=pl.lit(order),
                )
                for order, (name, bound) in enumerate((("start_time", start), ("end_time", end)))
            ]
        )
        .sort("csvRowNumber", "__order")
        .drop("__order")
    )
    sink.add_frame(TimeframeStartOrEndTimeGreaterThanTwentyFourHours, late, file=TIMEFRAMES)


def _overlaps(feed: Feed, sink: FindingSink) -> None:
    timeframes = feed.validator_input(TIMEFRAMES)
    if timeframes is None or timeframes.height < 2:
        return
    # MobilityData groups on (timeframe_group_id, service_id) with an empty id a value like any other,
    # reads an empty time as 00:00:00, sorts each group by start then end (stable: file order breaks
    # ties) and compares each timeframe with the one just before it only.
    key = ("timeframeGroupId", "serviceId")
    ordered = (
        timeframes.select(
            ROW,
            timeframeGroupId=column(timeframes, "timeframe_group_id").cast(pl.String).fill_null(""),
            serviceId=column(timeframes, "service_id").cast(pl.String).fill_null(""),
            __start=column(timeframes, "start_time").cast(pl.Int64).fill_null(0),
            __end=column(timeframes, "end_time").cast(pl.Int64).fill_null(0),
        )
        .sort(*key, "__start", "__end", ROW)
        .with_columns(
            __prev_row=pl.col(ROW).shift(1).over(key),
            __prev_end=pl.col("__end").shift(1).over(key),
        )
    )
    sink.add_frame(
        TimeframeOverlap,
        ordered.filter(pl.col("__start") < pl.col("__prev_end"))
        .select(
            prevCsvRowNumber=pl.col("__prev_row"),
            prevEndTime=hhmmss(pl.col("__prev_end")),
            currCsvRowNumber=pl.col(ROW),
            currStartTime=hhmmss(pl.col("__start")),
            timeframeGroupId=pl.col("timeframeGroupId"),
            serviceId=pl.col("serviceId"),
        )
        .sort("currCsvRowNumber"),
        file=TIMEFRAMES,
    )


def check(feed: Feed, sink: FindingSink) -> None:
    _start_and_end(feed, sink)
    _overlaps(feed, sink)
