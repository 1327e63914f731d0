"""The feed's validity window as transport.data.gouv.fr reads it, and the platform's expiry e-mails.

The window is transport-validator's metadata ``start_date`` / ``end_date`` (``extract_metadata`` in its
``src/metadatas.rs``): the smallest and largest of every calendar.txt ``start_date`` and ``end_date`` and
every date calendar_dates.txt adds (``exception_type`` 1), from the files that parsed. ``feed_info.txt``'s
dates are not used (they are reported apart, as MobilityData's rules read them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from citylint.collector import FindingSink
from citylint.model import EifLayer, Severity
from citylint.validators.fr_nap.base import FrNapRule
from citylint.validators.fr_nap.model import TvModel

OUTDATED_SOURCE = (
    "https://github.com/etalab/transport-site/blob/master/apps/transport/lib/db/multi_validation.ex"
)


class ResourceOutdated(
    FrNapRule,
    code="resource_outdated",
    severity=Severity.WARNING,
    spec=OUTDATED_SOURCE,
    layer=EifLayer.ORGANISATIONAL,
    message="the calendar's services end on {endDate}; on the validation date "
    "({validationDate}) transport.data.gouv.fr shows the resource as outdated",
):
    """The feed's services have ended: transport.data.gouv.fr shows the resource as outdated.

    ## Why it matters
    The platform takes a GTFS resource's validity end from transport-validator's metadata — the last date of
    calendar.txt and of the dates calendar_dates.txt adds, not `feed_info.txt` — and marks the resource
    outdated from that day on (`end_date <= today`). It e-mails the producer 14 and 7 days before, on the day,
    then 3, 7, 15, 30, 45, 60 and 90 days after. An outdated resource is not an error in the validation
    report, but the dataset is no longer "à jour": the verdict is "compliant, but not up to date".

    ## Example
    calendar.txt whose last `end_date` is `20251231`, validated on 15/01/2026.

    ## Reference
    transport-site `DB.MultiValidation.outdated?/1`, `Transport.Expiration`; transport-validator
    `src/metadatas.rs` (`start_date`, `end_date`).
    """


RULES = (ResourceOutdated,)

# transport-site apps/transport/lib/transport/expiration.ex ``@producer_admin_delays``: the producer is
# e-mailed when the end date is this many days after (positive) or before (negative) the day of the e-mail.
PRODUCER_DELAYS = (14, 7, 0, -3, -7, -15, -30, -45, -60, -90)


def calendar_window(feed: TvModel) -> tuple[dt.date | None, dt.date | None]:
    """transport-validator's ``start_date`` and ``end_date`` (``None`` when no calendar date is known)."""
    dates: list[pl.Series] = []
    calendar = feed.frame("calendar.txt")
    if calendar is not None and feed.readable("calendar.txt"):
        dates += [
            calendar.get_column(c).cast(pl.Date, strict=False)
            for c in ("start_date", "end_date")
            if c in calendar.columns
        ]
    added = feed.frame("calendar_dates.txt")
    if (
        added is not None
        and feed.readable("calendar_dates.txt")
        and {"date", "exception_type"} <= set(added.columns)
    ):
        dates.append(
            added.filter(pl.col("exception_type") == 1).get_column("date").cast(pl.Date, strict=False)
        )
    if not dates:
        return None, None
    every = pl.concat([d.rename("d") for d in dates]).drop_nulls()
    if every.is_empty():
        return None, None
    low, high = every.min(), every.max()
    return (low if isinstance(low, dt.date) else None), (high if isinstance(high, dt.date) else None)


def check_outdated(window: dict[str, Any], today: dt.date, sink: FindingSink) -> None:
    if window.get("upToDate") is False:
        sink.add(
            ResourceOutdated,
            {
                "objectId": "",
                "endDate": window["endDate"],
                "daysAgo": -window["daysLeft"],
                "validationDate": today.isoformat(),
            },
        )


def validity(feed: TvModel, today: dt.date) -> dict[str, Any]:
    """The window, whether the platform shows the resource up to date, and its producer e-mails: those already
    sent by ``today`` (days before the end date when positive, after it when negative) and the next one."""
    start, end = calendar_window(feed)
    if end is None:
        return {
            "source": None,
            "startDate": start.isoformat() if start else None,
            "endDate": None,
            "daysLeft": None,
            "upToDate": None,
            "remindersSent": [],
            "nextReminder": None,
        }
    days_left = (end - today).days
    upcoming = [d for d in PRODUCER_DELAYS if d < days_left]
    return {
        "source": "calendar",
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat(),
        "daysLeft": days_left,
        # DB.MultiValidation.outdated?/1: outdated when end_date <= today
        "upToDate": days_left > 0,
        "remindersSent": [d for d in PRODUCER_DELAYS if d >= days_left],
        "nextReminder": (
            {"daysBeforeEnd": upcoming[0], "date": (end - dt.timedelta(days=upcoming[0])).isoformat()}
            if upcoming
            else None
        ),
    }
