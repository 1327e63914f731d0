"""Which days each service runs: expired calendars, the coming week's trip coverage, calendars with no day.

This module also owns the two expansions of calendar.txt + calendar_dates.txt into (service_id, date)
frames that the calendar families and the feed summary share. MobilityData keeps two of them on purpose,
and they differ on three measured points, so both are here:

- **service periods** (its ``CalendarUtil``, read by expired_calendar and trip coverage): the last
  calendar row of a service; an inverted range is clamped to its start day; active days are (weekly
  pattern days ∪ added days) − removed days, where every ``exception_type`` other than 1 removes.
- **service intervals** (its ``ServiceIntervalCache``, read by the service window and spread rules):
  every calendar row of a service adds its pattern days; ``calendar_dates.txt`` rows apply in row order,
  so for one day the last row of type 1 or 2 decides; other types are ignored. An inverted calendar
  range makes MobilityData's validator throw (a system error), so nothing is reported from it.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.calendar import (
    CALENDAR,
    CALENDAR_DATES,
    SERVICE_ADDED,
    TRIPS,
    WEEKDAYS,
    _calendar,
    _calendar_dates,
    _pattern_days,
    gtfs_date,
)
from citylint.validators.gtfs.spec import REFERENCE, rule_page

FREQUENCIES = "frequencies.txt"
# TripCalendarUtil: the "typical busiest day" is the i-th smallest of N daily trip counts, i =
# max(0.9 N, N - 30); a day has majority service when it runs at least 75 % of that many trips.
TYPICAL_DAY_RATIO = 0.90
TYPICAL_DAY_LIMIT = 30
MAJORITY_RATIO = 0.75
COVERAGE_DAYS = 7
_DAY = pl.Date


def service_periods(feed: Feed) -> pl.DataFrame:
    """(service_id, date) active under MobilityData's CalendarUtil semantics (see the module doc)."""

    def build() -> pl.DataFrame:
        calendar = (
            _calendar(feed)
            .unique("service_id", keep="last", maintain_order=True)
            .with_columns(end_date=pl.max_horizontal("start_date", "end_date"))
        )
        dates = _calendar_dates(feed)
        added = dates.filter(pl.col("exception_type") == SERVICE_ADDED).select("service_id", "date")
        removed = dates.filter(pl.col("exception_type").ne_missing(SERVICE_ADDED)).select(
            "service_id", "date"
        )
        return (
            pl.concat([_pattern_days(calendar), added])
            .unique()
            .join(removed, on=["service_id", "date"], how="anti")
        )

    return feed.derived("calendar.service_periods", build)


class ExpiredCalendar(
    GtfsRule,
    code="expired_calendar",
    severity=Severity.WARNING,
    spec=REFERENCE + "#calendartxt",
    message="service {serviceId} (row {csvRowNumber}) has no active day on or after the validation date",
):
    """A service's last active day is before the validation date.

    ## Why it matters
    An expired service carries no trip anyone can take; left in the feed it makes the data look current
    when it is not, and often means the publisher forgot to extend the calendar.

    ## Example
    `calendar.txt` has `WEEK,1,1,1,1,1,0,0,20250101,20251231` and the feed is checked on 2026-10-01.
    A service defined only in `calendar_dates.txt` is reported only when `calendar.txt` has no row and
    every service of the feed has expired.

    ## Reference
    GTFS Schedule reference, `calendar.txt` and `calendar_dates.txt`: the dates on which a service runs
    (https://gtfs.org/documentation/schedule/reference/#calendartxt). MobilityData rule `expired_calendar`.
    """


class TripCoverageNotActiveForNext7Days(
    GtfsRule,
    code="trip_coverage_not_active_for_next7_days",
    severity=Severity.WARNING,
    spec=rule_page("trip_coverage_not_active_for_next7_days"),
    message="the majority of trips run from {serviceWindowStartDate} to {serviceWindowEndDate}, which "
    "does not cover the 7 days from {currentDate}",
):
    """The days with most trips do not cover the next seven days.

    ## Why it matters
    A feed published for riders should describe the coming week. If the busy days of the feed start
    later or end sooner, trip planners show little or no service for part of that week.

    ## Example
    Checked on 2026-10-01, a feed whose services all end on 2026-10-05.

    ## Reference
    GTFS Best Practices: a feed should cover at least the next 7 days
    (https://gtfs.org/documentation/schedule/schedule-best-practices/#dataset-publishing-general-practices).
    MobilityData rule `trip_coverage_not_active_for_next7_days`: the
    majority-service window runs the days with at least 75 % of the trips of a typical busy day.
    """


class ServiceHasNoActiveDayOfTheWeek(
    GtfsRule,
    code="service_has_no_active_day_of_the_week",
    severity=Severity.WARNING,
    spec=REFERENCE + "#calendartxt",
    message="calendar.txt row {csvRowNumber}: service {serviceId} runs on no day of the week",
):
    """A `calendar.txt` row has every day of the week set to 0.

    ## Why it matters
    Such a row adds no day: the service runs only on days added in `calendar_dates.txt`, which is
    better said there alone; often the days were simply forgotten.

    ## Example
    `calendar.txt` has `HOLIDAY,0,0,0,0,0,0,0,20260101,20261231`.

    ## Reference
    GTFS Schedule reference, `calendar.txt` `monday` … `sunday`
    (https://gtfs.org/documentation/schedule/reference/#calendartxt). MobilityData rule
    `service_has_no_active_day_of_the_week`.
    """


RULES = (ExpiredCalendar, TripCoverageNotActiveForNext7Days, ServiceHasNoActiveDayOfTheWeek)


def _check_expired(feed: Feed, sink: FindingSink) -> None:
    if not feed.usable(CALENDAR, CALENDAR_DATES):
        return
    last = service_periods(feed).group_by("service_id").agg(last=pl.col("date").max())
    expired = last.filter(pl.col("last") < feed.validation_date)
    calendar_rows = _calendar(feed).group_by("service_id").agg(csvRowNumber=pl.col(ROW).min())
    found = calendar_rows.join(expired, on="service_id", how="semi")
    # Services of calendar_dates.txt alone count only when calendar.txt has no row and nothing is live.
    if calendar_rows.height == 0 and expired.height == last.height:
        date_rows = _calendar_dates(feed).group_by("service_id").agg(csvRowNumber=pl.col(ROW).min())
        found, file = date_rows.join(expired, on="service_id", how="semi"), CALENDAR_DATES
    else:
        file = CALENDAR
    sink.add_frame(
        ExpiredCalendar,
        found.sort("csvRowNumber", "service_id").select("csvRowNumber", serviceId="service_id"),
        file=file,
    )


def _trips_per_service(feed: Feed) -> pl.DataFrame:
    """Trips per service_id, a trip with frequencies counting one plus one per headway of each row."""
    trips = feed.frame(TRIPS)
    assert trips is not None
    per_trip = pl.DataFrame(schema={"trip_id": pl.String, "runs": pl.Int64})
    frequencies = feed.frame(FREQUENCIES)
    if frequencies is not None and {"trip_id", "start_time", "end_time", "headway_secs"} <= set(
        frequencies.columns
    ):
        span = (pl.col("end_time") - pl.col("start_time") - 1).cast(pl.Int64)
        headway = pl.col("headway_secs")
        # Java's integer division truncates towards zero (an end before the start gives 0, not -1).
        extra = (span.abs() // headway) * span.sign()
        runs = pl.when((headway > 0) & span.is_not_null()).then(1 + extra).otherwise(1)
        per_trip = (
            frequencies.filter(pl.col("trip_id").is_not_null()).group_by("trip_id").agg(runs=runs.sum())
        )
    return (
        trips.filter(pl.col("service_id").is_not_null())
        .join(per_trip, on="trip_id", how="left")
        .group_by("service_id")
        .agg(trips=pl.col("runs").fill_null(1).sum())
    )


def _check_coverage(feed: Feed, sink: FindingSink) -> None:
    trips = feed.frame(TRIPS)
    if (
        not feed.usable(TRIPS)
        or trips is None
        or trips.height == 0
        or not feed.usable(CALENDAR, CALENDAR_DATES)
    ):
        return
    periods = service_periods(feed)
    if periods.height == 0:
        return
    if not feed.usable(FREQUENCIES):
        return
    per_day = (
        periods.join(_trips_per_service(feed), on="service_id").group_by("date").agg(pl.col("trips").sum())
    )
    if per_day.height == 0:
        return
    counts = per_day.get_column("trips").sort()
    typical = counts[max(int(len(counts) * TYPICAL_DAY_RATIO), len(counts) - TYPICAL_DAY_LIMIT)]
    threshold = int(MAJORITY_RATIO * typical)
    start, end = (
        per_day.filter(pl.col("trips") >= threshold)
        .select(first=pl.col("date").min(), last=pl.col("date").max())
        .row(0)
    )
    today = feed.validation_date
    if start > today or (end - today).days < COVERAGE_DAYS:
        sink.add(
            TripCoverageNotActiveForNext7Days,
            {
                "currentDate": gtfs_date(today),
                "serviceWindowStartDate": gtfs_date(start),
                "serviceWindowEndDate": gtfs_date(end),
            },
        )


def _check_no_active_day(feed: Feed, sink: FindingSink) -> None:
    frame = feed.frame(CALENDAR)
    if not feed.usable(CALENDAR) or frame is None:
        return
    # Every day must be exactly 0 (or empty): an out-of-range value is not "not available".
    columns = {"service_id": pl.String(), **{d: pl.Int64() for d in WEEKDAYS}}
    idle = (
        ensure_columns(frame, columns)
        .select(ROW, *columns)
        .filter(
            pl.col("service_id").is_not_null()
            & pl.all_horizontal(pl.col(d).fill_null(0) == 0 for d in WEEKDAYS)
        )
    )
    sink.add_frame(
        ServiceHasNoActiveDayOfTheWeek, idle.select(csvRowNumber=pl.col(ROW), serviceId="service_id")
    )


def check(feed: Feed, sink: FindingSink) -> None:
    _check_expired(feed, sink)
    _check_coverage(feed, sink)
    _check_no_active_day(feed, sink)
