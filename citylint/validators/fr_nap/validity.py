"""The feed's validity window as transport.data.gouv.fr reads it, and the platform's expiry reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from citylint.validators.fr_nap.model import TvModel

# Days before the end date at which the platform e-mails the producer (transport-site
# apps/transport/lib/transport/expiration.ex); it flags a resource "expiring" 7 days ahead.
REMINDER_DAYS = (90, 60, 45, 30, 15, 7, 3, 0)
EXPIRING_DAYS = 7


def _feed_info_window(feed: TvModel) -> tuple[dt.date | None, dt.date | None]:
    info = feed.frame("feed_info.txt")
    if info is None or info.height == 0:
        return None, None
    start = info.get_column("feed_start_date")[0] if "feed_start_date" in info.columns else None
    end = info.get_column("feed_end_date")[0] if "feed_end_date" in info.columns else None
    return start, end


def _service_window(feed: TvModel) -> tuple[dt.date | None, dt.date | None]:
    """First and last day any service is declared: calendar ranges and dates added in calendar_dates."""
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    calendar = feed.frame("calendar.txt")
    if calendar is not None and {"start_date", "end_date"} <= set(calendar.columns):
        bounds = calendar.select(pl.col("start_date").min(), pl.col("end_date").max()).row(0)
        starts += [bounds[0]] if bounds[0] is not None else []
        ends += [bounds[1]] if bounds[1] is not None else []
    dates = feed.frame("calendar_dates.txt")
    if dates is not None and {"date", "exception_type"} <= set(dates.columns):
        added = dates.filter(pl.col("exception_type") == 1).select(pl.col("date").min().alias("a"),
                                                                   pl.col("date").max().alias("b")).row(0)
        starts += [added[0]] if added[0] is not None else []
        ends += [added[1]] if added[1] is not None else []
    return (min(starts) if starts else None), (max(ends) if ends else None)


def validity(feed: TvModel, today: dt.date) -> dict[str, Any]:
    """``source`` says where the window comes from (``feed_info`` or ``service``); ``remindersCrossed`` lists
    the reminder thresholds the days left have reached (the smallest is the latest e-mail sent)."""
    start, end = _feed_info_window(feed)
    source = "feed_info"
    if start is None and end is None:
        start, end = _service_window(feed)
        source = "service"
    if end is None:
        return {"source": None, "startDate": start.isoformat() if start else None, "endDate": None,
                "daysLeft": None, "remindersCrossed": [], "expiring": None, "expired": None}
    days_left = (end - today).days
    return {
        "source": source,
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat(),
        "daysLeft": days_left,
        "remindersCrossed": [d for d in REMINDER_DAYS if days_left <= d],
        "expiring": days_left <= EXPIRING_DAYS,
        "expired": days_left < 0,
    }
