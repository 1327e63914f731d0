"""Service days from calendar.txt and calendar_dates.txt (periods, intervals, each trip's service), the
feed's service window, and the calendar file names."""

from __future__ import annotations

import datetime as dt

import polars as pl

from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns

CALENDAR = "calendar.txt"
CALENDAR_DATES = "calendar_dates.txt"
TRIPS = "trips.txt"
FEED_INFO = "feed_info.txt"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SERVICE_ADDED = 1
SERVICE_REMOVED = 2


def _calendar(feed: Feed) -> pl.DataFrame:
    """calendar.txt rows with a service_id: ROW, service_id, start_date, end_date, and one boolean per
    weekday (MobilityData masks each value with 1, so any odd value runs)."""
    frame = feed.frame(CALENDAR)
    columns: dict[str, pl.DataType] = {
        "service_id": pl.String(),
        "start_date": pl.Date(),
        "end_date": pl.Date(),
        **{d: pl.Int64() for d in WEEKDAYS},
    }
    if frame is None:
        return pl.DataFrame(schema={ROW: pl.Int64, **columns, **{d: pl.Boolean() for d in WEEKDAYS}})
    return (
        ensure_columns(frame, columns)
        .select(ROW, *columns)
        .filter(pl.col("service_id").is_not_null())
        .with_columns(*(pl.col(d).fill_null(0).mod(2) == 1 for d in WEEKDAYS))
    )


def _calendar_dates(feed: Feed) -> pl.DataFrame:
    frame = feed.frame(CALENDAR_DATES)
    columns: dict[str, pl.DataType] = {
        "service_id": pl.String(),
        "date": pl.Date(),
        "exception_type": pl.Int64(),
    }
    if frame is None:
        return pl.DataFrame(schema={ROW: pl.Int64, **columns})
    return (
        ensure_columns(frame, columns)
        .select(ROW, *columns)
        .filter(pl.col("service_id").is_not_null() & pl.col("date").is_not_null())
    )


def _pattern_days(calendar: pl.DataFrame) -> pl.DataFrame:
    """(service_id, date) of every weekly-pattern day in each row's [start_date, end_date]."""
    runs = calendar.filter(
        pl.any_horizontal(WEEKDAYS) & pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null()
    )
    weekday = pl.col("date").dt.weekday()  # 1 = Monday, as the pattern's first column
    on_day = pl.lit(False)
    for number, name in enumerate(WEEKDAYS, start=1):
        on_day = on_day | ((weekday == number) & pl.col(name))
    return (
        runs.select("service_id", *WEEKDAYS, date=pl.date_ranges("start_date", "end_date", interval="1d"))
        .explode("date")
        .filter(pl.col("date").is_not_null() & on_day)
        .select("service_id", "date")
    )


def service_intervals(feed: Feed) -> pl.DataFrame | None:
    """(service_id, date) active under MobilityData's ServiceIntervalCache semantics, or None when a
    calendar row's start_date is after its end_date (MobilityData's validators throw on it)."""

    def build() -> pl.DataFrame | None:
        calendar = _calendar(feed)
        if calendar.filter(pl.col("start_date") > pl.col("end_date")).height:
            return None
        last_change = (
            _calendar_dates(feed)
            .filter(pl.col("exception_type").is_in([SERVICE_ADDED, SERVICE_REMOVED]))
            .sort(ROW)
            .unique(["service_id", "date"], keep="last")
            .select("service_id", "date", added=pl.col("exception_type") == SERVICE_ADDED)
        )
        return pl.concat(
            [
                _pattern_days(calendar).unique().join(last_change, on=["service_id", "date"], how="anti"),
                last_change.filter("added").select("service_id", "date"),
            ]
        ).sort("service_id", "date")

    return feed.derived("calendar.service_intervals", build)


def trip_service_ids(feed: Feed) -> pl.DataFrame:
    """The distinct service_id values trips.txt uses (column ``service_id``)."""

    def build() -> pl.DataFrame:
        trips = feed.frame(TRIPS)
        if trips is None or "service_id" not in trips.columns:
            return pl.DataFrame(schema={"service_id": pl.String})
        return trips.select(pl.col("service_id").drop_nulls().unique())

    return feed.derived("calendar.trip_service_ids", build)


def service_spans(intervals: pl.DataFrame) -> pl.DataFrame:
    """First and last active day per service (columns service_id, first, last)."""
    return intervals.group_by("service_id").agg(first=pl.col("date").min(), last=pl.col("date").max())


def total_service_window(feed: Feed) -> tuple[dt.date, dt.date] | None:
    """First and last active day of the services trips use (service intervals), None when they have none
    or the intervals cannot be built. The caller checks the tables it depends on."""
    intervals = service_intervals(feed)
    if intervals is None:
        return None
    used = intervals.join(trip_service_ids(feed), on="service_id", how="semi")
    if used.height == 0:
        return None
    first, last = used.select(first=pl.col("date").min(), last=pl.col("date").max()).row(0)
    return first, last


def gtfs_date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")
