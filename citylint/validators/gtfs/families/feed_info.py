"""feed_info.txt: its period against the validation date, its dates as a pair, a contact."""

from __future__ import annotations

import datetime as dt

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, column
from citylint.validators.gtfs.frames.calendar import FEED_INFO, gtfs_date
from citylint.validators.gtfs.spec import REFERENCE

FEED_INFO_SPEC = REFERENCE + "#feed_infotxt"
EXPIRES_SOON_DAYS = 7
EXPIRES_UPCOMING_DAYS = 30


class FeedExpirationDate7Days(
    GtfsRule,
    code="feed_expiration_date7_days",
    severity=Severity.WARNING,
    spec=FEED_INFO_SPEC,
    message="feed_info.txt row {csvRowNumber}: the feed ends on {feedEndDate}, less than "
    "7 days after {currentDate}",
):
    """The feed's `feed_end_date` is less than 7 days after the validation date.

    ## Why it matters
    Within a week consumers will treat the feed as expired; a feed should always cover at least the
    next 7 days, so a new one is due now.

    ## Example
    Checked on 2026-10-01, `feed_info.txt` has `feed_end_date` = `20261005`.

    ## Reference
    GTFS Best Practices, dataset publishing (a feed should be valid for at least the next 7 days)
    (https://gtfs.org/documentation/schedule/schedule-best-practices/#dataset-publishing-general-practices).
    MobilityData rule `feed_expiration_date7_days`.
    """


class FeedExpirationDate30Days(
    GtfsRule,
    code="feed_expiration_date30_days",
    severity=Severity.WARNING,
    spec=FEED_INFO_SPEC,
    message="feed_info.txt row {csvRowNumber}: the feed ends on {feedEndDate}, less than "
    "30 days after {currentDate}",
):
    """The feed's `feed_end_date` is 7 to 29 days after the validation date.

    ## Why it matters
    Best practice is to publish a feed valid for at least the next 30 days, so consumers can plan;
    this one runs out within the month.

    ## Example
    Checked on 2026-10-01, `feed_info.txt` has `feed_end_date` = `20261020`.

    ## Reference
    GTFS Best Practices, dataset publishing (a feed should cover at least the next 30 days)
    (https://gtfs.org/documentation/schedule/schedule-best-practices/#dataset-publishing-general-practices).
    MobilityData rule `feed_expiration_date30_days`.
    """


class FutureFeed(
    GtfsRule,
    code="future_feed",
    severity=Severity.INFO,
    spec=FEED_INFO_SPEC,
    message="the feed starts on {feedStartDate}, after the validation date {currentDate}",
):
    """The feed's `feed_start_date` is after the validation date.

    ## Why it matters
    The feed is not yet meant to be used: a consumer loading it now has no valid data for today.

    ## Example
    Checked on 2026-10-01, `feed_info.txt` has `feed_start_date` = `20261101`.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` `feed_start_date` (https://gtfs.org/documentation/schedule/reference/#feed_infotxt).
    MobilityData rule `future_feed`.
    """


class MissingFeedInfoDate(
    GtfsRule,
    code="missing_feed_info_date",
    severity=Severity.WARNING,
    spec=FEED_INFO_SPEC,
    message="feed_info.txt row {csvRowNumber}: {fieldName} is empty while the other feed date is set",
):
    """Only one of `feed_start_date` and `feed_end_date` is set.

    ## Why it matters
    The two dates describe the feed's period together; with one of them missing consumers cannot tell
    when the feed is valid.

    ## Example
    `feed_info.txt` has `feed_start_date` = `20260101` and an empty `feed_end_date`.

    ## Reference
    GTFS Schedule reference, `feed_info.txt`: if both are provided... `feed_end_date` should be given with
    `feed_start_date` (https://gtfs.org/documentation/schedule/reference/#feed_infotxt). MobilityData rule
    `missing_feed_info_date`.
    """


class MissingFeedContactEmailAndUrl(
    GtfsRule,
    code="missing_feed_contact_email_and_url",
    severity=Severity.WARNING,
    spec=FEED_INFO_SPEC,
    message="feed_info.txt row {csvRowNumber}: neither feed_contact_email nor feed_contact_url is set",
):
    """`feed_info.txt` gives neither `feed_contact_email` nor `feed_contact_url`.

    ## Why it matters
    Consumers who find a problem in the data have nobody to tell about it.

    ## Example
    `feed_info.txt` has `feed_publisher_name`, `feed_publisher_url` and `feed_lang` only.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` `feed_contact_email`, `feed_contact_url` (at least one is
    recommended) (https://gtfs.org/documentation/schedule/reference/#feed_infotxt). MobilityData rule
    `missing_feed_contact_email_and_url`.
    """


RULES = (
    FeedExpirationDate7Days,
    FeedExpirationDate30Days,
    FutureFeed,
    MissingFeedInfoDate,
    MissingFeedContactEmailAndUrl,
)


def _check_rows(feed: Feed, sink: FindingSink) -> None:
    """MobilityData's per-row validators of feed_info.txt (they run on each row that parsed cleanly)."""
    frame = feed.entities(FEED_INFO)
    if frame is None:
        return
    rows = frame.select(
        ROW,
        column(frame, "feed_start_date", pl.Date()),
        column(frame, "feed_end_date", pl.Date()),
        column(frame, "feed_contact_email", pl.String()),
        column(frame, "feed_contact_url", pl.String()),
    )
    today = feed.validation_date
    soon, upcoming = (
        today + dt.timedelta(days=EXPIRES_SOON_DAYS),
        today + dt.timedelta(days=EXPIRES_UPCOMING_DAYS),
    )
    for rule, low, high in (
        (FeedExpirationDate7Days, None, soon),
        (FeedExpirationDate30Days, soon, upcoming),
    ):
        ends = pl.col("feed_end_date")
        # The 7-day case returns before the 30-day one is looked at: they never both fire for a row.
        expiring = rows.filter((ends < high) if low is None else ((ends >= low) & (ends < high)))
        sink.add_frame(
            rule,
            expiring.select(
                csvRowNumber=pl.col(ROW),
                currentDate=pl.lit(gtfs_date(today)),
                feedEndDate=ends.dt.strftime("%Y%m%d"),
                suggestedExpirationDate=pl.lit(gtfs_date(high)),
            ),
            file=FEED_INFO,
        )
    has_start, has_end = pl.col("feed_start_date").is_not_null(), pl.col("feed_end_date").is_not_null()
    sink.add_frame(
        MissingFeedInfoDate,
        rows.filter(has_start != has_end).select(
            csvRowNumber=pl.col(ROW),
            fieldName=pl.when(has_start).then(pl.lit("feed_end_date")).otherwise(pl.lit("feed_start_date")),
        ),
        file=FEED_INFO,
    )

    def blank(column: str) -> pl.Expr:
        return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")

    sink.add_frame(
        MissingFeedContactEmailAndUrl,
        rows.filter(blank("feed_contact_email") & blank("feed_contact_url")).select(csvRowNumber=pl.col(ROW)),
        file=FEED_INFO,
    )


def _check_future(feed: Feed, sink: FindingSink) -> None:
    frame = feed.frame(FEED_INFO)
    if not feed.usable(FEED_INFO) or frame is None or "feed_start_date" not in frame.columns:
        return
    earliest = frame.get_column("feed_start_date").min()
    if isinstance(earliest, dt.date) and earliest > feed.validation_date:
        sink.add(
            FutureFeed, {"feedStartDate": gtfs_date(earliest), "currentDate": gtfs_date(feed.validation_date)}
        )


def check(feed: Feed, sink: FindingSink) -> None:
    _check_rows(feed, sink)
    _check_future(feed, sink)
