"""Facts about a feed for the report's summary, shaped like MobilityData's ``summary`` section."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import polars as pl

from citylint.validators.base import Context
from citylint.validators.gtfs.csv_format import Table
from citylint.validators.gtfs.files import FileListing

_COUNTED = {"Shapes": ("shapes.txt", "shape_id"), "Stops": ("stops.txt", "stop_id"),
            "Routes": ("routes.txt", "route_id"), "Trips": ("trips.txt", "trip_id"),
            "Agencies": ("agency.txt", None), "Blocks": ("trips.txt", "block_id")}


def _first(tables: dict[str, Table], name: str) -> dict[str, Any]:
    table = tables.get(name)
    if table is None or table.frame.height == 0:
        return {}
    return table.frame.row(0, named=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def _service_window(tables: dict[str, Table]) -> tuple[str, str]:
    """First and last day any service runs, from calendar.txt and added dates of calendar_dates.txt."""
    starts: list[dt.date | None] = []
    ends: list[dt.date | None] = []
    calendar = tables.get("calendar.txt")
    if calendar is not None and {"start_date", "end_date"} <= set(calendar.frame.columns):
        starts.append(cast("dt.date | None", calendar.frame.get_column("start_date").min()))
        ends.append(cast("dt.date | None", calendar.frame.get_column("end_date").max()))
    dates = tables.get("calendar_dates.txt")
    if dates is not None and {"date", "exception_type"} <= set(dates.frame.columns):
        added = dates.frame.filter(pl.col("exception_type") == 1).get_column("date")
        starts.append(cast("dt.date | None", added.min()))
        ends.append(cast("dt.date | None", added.max()))
    known_starts = [s for s in starts if s is not None]
    known_ends = [e for e in ends if e is not None]
    return (_text(min(known_starts)) if known_starts else "", _text(max(known_ends)) if known_ends else "")


def feed_summary(tables: dict[str, Table], listing: FileListing, context: Context) -> dict[str, Any]:
    info = _first(tables, "feed_info.txt")
    window_start, window_end = _service_window(tables)
    agencies = tables.get("agency.txt")
    counts = {}
    for label, (name, column) in _COUNTED.items():
        table = tables.get(name)
        if table is None:
            counts[label] = 0
        elif column is None:
            counts[label] = table.frame.height
        elif column in table.frame.columns:
            counts[label] = table.frame.get_column(column).drop_nulls().n_unique()
        else:
            counts[label] = 0
    return {
        "feedInfo": {
            "publisherName": _text(info.get("feed_publisher_name")),
            "publisherUrl": _text(info.get("feed_publisher_url")),
            "feedLanguage": _text(info.get("feed_lang")),
            "feedStartDate": _text(info.get("feed_start_date")),
            "feedEndDate": _text(info.get("feed_end_date")),
            "feedEmail": _text(info.get("feed_contact_email")),
            "feedServiceWindowStart": window_start,
            "feedServiceWindowEnd": window_end,
        },
        "agencies": [
            {"name": _text(a.get("agency_name")), "url": _text(a.get("agency_url")),
             "phone": _text(a.get("agency_phone")), "email": _text(a.get("agency_email")),
             "timezone": _text(a.get("agency_timezone"))}
            for a in (agencies.frame.iter_rows(named=True) if agencies is not None else [])
        ],
        "files": sorted(listing.member_of),
        "counts": counts,
        "rowCounts": {name: t.frame.height for name, t in sorted(tables.items())},
    }
