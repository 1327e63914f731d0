"""When services run compared with the feed's validity: gaps, far future, outside or short of feed_info's
period, starting in the future. All read the service intervals of :mod:`calendar_service`."""

from __future__ import annotations

import datetime as dt

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.calendar import (
    CALENDAR,
    CALENDAR_DATES,
    FEED_INFO,
    TRIPS,
    service_intervals,
    service_spans,
    total_service_window,
    trip_service_ids,
)
from citylint.validators.gtfs.spec import REFERENCE, rule_page

# ServiceSpreadValidator: a gap of 14 inactive days or more is big; 2 × 365 days is far in the future.
MAX_GAP_DAYS = 13
MAX_FUTURE_DAYS = 2 * 365
# FeedServiceWindowValidator: feed_info may outlast the services by up to 14 days at either end.
FEED_PERIOD_SLACK_DAYS = 14


class BigGapInService(
    GtfsRule,
    code="big_gap_in_service",
    severity=Severity.INFO,
    spec=rule_page("big_gap_in_service"),
    message="service {serviceId} does not run for {gapDurationDays} days between {gapStartDate} "
    "and {gapEndDate}",
):
    """A service defined in `calendar.txt` stops running for 14 days or more.

    ## Why it matters
    A long break inside a service is often a mistake (a forgotten period, dates removed by accident);
    riders planning a trip in the gap find nothing.

    ## Example
    A service runs every day of January, then again from 2026-02-16: the 15 days between are reported
    (`gapStartDate` and `gapEndDate` are the last and first days it runs around the gap).

    ## Reference
    GTFS Schedule reference, `calendar.txt` and `calendar_dates.txt`
    (https://gtfs.org/documentation/schedule/reference/#calendartxt). MobilityData rule
    `big_gap_in_service`.
    """


class ServiceExtendsFarInTheFuture(
    GtfsRule,
    code="service_extends_far_in_the_future",
    severity=Severity.INFO,
    spec=rule_page("service_extends_far_in_the_future"),
    message="service {serviceId} runs until {serviceWindowEndDate}, more than two "
    "years after the validation date",
):
    """A service defined in `calendar.txt` runs more than two years (730 days) after the validation date.

    ## Why it matters
    Timetables are rarely known years ahead; a far end date usually stands for "until further notice"
    and makes trip planners promise service that may not exist.

    ## Example
    Checked on 2026-10-01, `calendar.txt` has `WEEK,1,1,1,1,1,1,1,20260101,20991231`.

    ## Reference
    GTFS Best Practices, dataset publishing
    (https://gtfs.org/documentation/schedule/schedule-best-practices/#dataset-publishing-general-practices).
    MobilityData rule `service_extends_far_in_the_future`.
    """


class FutureCalendar(
    GtfsRule,
    code="future_calendar",
    severity=Severity.INFO,
    spec=rule_page("future_calendar"),
    message="no trip runs before {minServiceStartDate}, after the validation date {currentDate}",
):
    """Every service used by a trip starts after the validation date.

    ## Why it matters
    Published today, the feed has no service today: it may be meant as the next timetable, but riders
    using it now find nothing.

    ## Example
    Checked on 2026-10-01, the only service runs from 2026-12-01.

    ## Reference
    GTFS Schedule reference, `calendar.txt` (https://gtfs.org/documentation/schedule/reference/#calendartxt).
    MobilityData rule `future_calendar`.
    """


class ServiceWindowOutsideFeedPeriod(
    GtfsRule,
    code="service_window_outside_feed_period",
    severity=Severity.INFO,
    spec=REFERENCE + "#feed_infotxt",
    message="service {serviceId} runs from {serviceWindowStartDate} to {serviceWindowEndDate}, "
    "{daysBeforeFeedStart} days before feed_start_date and {daysAfterFeedEnd} days after feed_end_date",
):
    """A service used by trips runs before `feed_start_date` or after `feed_end_date`.

    ## Why it matters
    `feed_info.txt` says for which period the feed is complete and reliable; service outside it is
    either out of date or the feed's period is wrong.

    ## Example
    `feed_info.txt` says 20260101 to 20261231 and a service runs until 2027-03-31.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` `feed_start_date`, `feed_end_date`
    (https://gtfs.org/documentation/schedule/reference/#feed_infotxt). MobilityData rule
    `service_window_outside_feed_period`.
    """


class FeedValidBeyondTotalServiceWindow(
    GtfsRule,
    code="feed_valid_beyond_total_service_window",
    severity=Severity.INFO,
    spec=REFERENCE + "#feed_infotxt",
    message="feed_info's period {feedStartDate} to {feedEndDate} exceeds the service window "
    "{serviceWindowStartDate} to {serviceWindowEndDate} by more than 14 days",
):
    """The feed's period in `feed_info.txt` starts or ends more than 14 days beyond all its services.

    ## Why it matters
    Consumers trust `feed_end_date` to know until when the feed is usable; a feed "valid" for weeks
    without any trip misleads them.

    ## Example
    `feed_info.txt` says 20260101 to 20271231 and the last service day is 2027-06-30.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` `feed_start_date`, `feed_end_date`
    (https://gtfs.org/documentation/schedule/reference/#feed_infotxt). MobilityData rule
    `feed_valid_beyond_total_service_window`.
    """


RULES = (
    BigGapInService,
    ServiceExtendsFarInTheFuture,
    FutureCalendar,
    ServiceWindowOutsideFeedPeriod,
    FeedValidBeyondTotalServiceWindow,
)


def _iso(column: str) -> pl.Expr:
    return pl.col(column).dt.strftime("%Y-%m-%d")


def _check_spread(feed: Feed, intervals: pl.DataFrame, sink: FindingSink) -> None:
    """ServiceSpreadValidator: per calendar.txt row (a service in calendar_dates.txt alone is not seen)."""
    frame = feed.frame(CALENDAR)
    if frame is None or "service_id" not in frame.columns:
        return
    rows = frame.filter(pl.col("service_id").is_not_null()).select(ROW, "service_id")
    gaps = (
        intervals.with_columns(previous=pl.col("date").shift(1).over("service_id"))
        .with_columns(gapDurationDays=(pl.col("date") - pl.col("previous")).dt.total_days() - 1)
        .filter(pl.col("gapDurationDays") > MAX_GAP_DAYS)
        .with_columns(order=pl.int_range(pl.len()).over("service_id"))
    )
    sink.add_frame(
        BigGapInService,
        rows.join(gaps, on="service_id")
        .sort(ROW, "order")
        .select(
            serviceId="service_id",
            gapStartDate=_iso("previous"),
            gapEndDate=_iso("date"),
            gapDurationDays="gapDurationDays",
        ),
    )
    far = service_spans(intervals).filter(
        (pl.col("last") - pl.lit(feed.validation_date)).dt.total_days() > MAX_FUTURE_DAYS
    )
    sink.add_frame(
        ServiceExtendsFarInTheFuture,
        rows.join(far, on="service_id")
        .sort(ROW)
        .select(serviceId="service_id", serviceWindowEndDate=_iso("last")),
    )


def _feed_period(feed: Feed) -> tuple[dt.date, dt.date] | None:
    """feed_info's first row's start and end dates (MobilityData reads row 0 only), if both are set."""
    frame = feed.frame(FEED_INFO)
    if frame is None or frame.height == 0 or not {"feed_start_date", "feed_end_date"} <= set(frame.columns):
        return None
    start, end = frame.sort(ROW).select("feed_start_date", "feed_end_date").row(0)
    return None if start is None or end is None else (start, end)


def _check_window(feed: Feed, intervals: pl.DataFrame, sink: FindingSink) -> None:
    """FeedServiceWindowValidator: the services trips use against today and against feed_info's period."""
    if not feed.usable(FEED_INFO, TRIPS):
        return
    window = total_service_window(feed)
    if window is None:
        return
    today = feed.validation_date
    if window[0] > today:
        sink.add(
            FutureCalendar, {"minServiceStartDate": window[0].isoformat(), "currentDate": today.isoformat()}
        )
    period = _feed_period(feed)
    if period is None:
        return
    feed_start, feed_end = period
    if (window[0] - feed_start).days > FEED_PERIOD_SLACK_DAYS or (
        feed_end - window[1]
    ).days > FEED_PERIOD_SLACK_DAYS:
        sink.add(
            FeedValidBeyondTotalServiceWindow,
            {
                "feedStartDate": feed_start.isoformat(),
                "feedEndDate": feed_end.isoformat(),
                "serviceWindowStartDate": window[0].isoformat(),
                "serviceWindowEndDate": window[1].isoformat(),
            },
        )
    outside = (
        service_spans(intervals)
        .join(trip_service_ids(feed), on="service_id", how="semi")
        .with_columns(
            daysBeforeFeedStart=(pl.lit(feed_start) - pl.col("first")).dt.total_days().clip(0),
            daysAfterFeedEnd=(pl.col("last") - pl.lit(feed_end)).dt.total_days().clip(0),
        )
        .filter((pl.col("daysBeforeFeedStart") > 0) | (pl.col("daysAfterFeedEnd") > 0))
        .sort("service_id")
    )
    sink.add_frame(
        ServiceWindowOutsideFeedPeriod,
        outside.select(
            serviceId="service_id",
            serviceWindowStartDate=_iso("first"),
            serviceWindowEndDate=_iso("last"),
            daysBeforeFeedStart="daysBeforeFeedStart",
            daysAfterFeedEnd="daysAfterFeedEnd",
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    if not feed.usable(CALENDAR, CALENDAR_DATES):
        return
    intervals = service_intervals(feed)
    if intervals is None:  # an inverted calendar range: MobilityData's two validators throw
        return
    _check_spread(feed, intervals, sink)
    _check_window(feed, intervals, sink)
