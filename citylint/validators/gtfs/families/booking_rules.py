"""GTFS-Flex booking rules: which prior-notice fields each booking type requires and forbids, and the
order of the booking window's ends (MobilityData's BookingRulesEntityValidator, one check per row)."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule, RuleType
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.spec import REFERENCE

SPEC = REFERENCE + "#booking_rulestxt"
DURATION_MIN, DURATION_MAX = "prior_notice_duration_min", "prior_notice_duration_max"
LAST_DAY, LAST_TIME = "prior_notice_last_day", "prior_notice_last_time"
START_DAY, START_TIME = "prior_notice_start_day", "prior_notice_start_time"
SERVICE_ID = "prior_notice_service_id"
REALTIME, SAMEDAY, PRIORDAY = 0, 1, 2
# Forbidden fields per booking type, in the order MobilityData lists them in `fieldNames`.
FORBIDDEN = {
    REALTIME: (DURATION_MIN, DURATION_MAX, LAST_DAY, LAST_TIME, START_DAY, START_TIME, SERVICE_ID),
    SAMEDAY: (LAST_DAY, LAST_TIME, SERVICE_ID),
    PRIORDAY: (DURATION_MIN, DURATION_MAX),
}


class ForbiddenRealTimeBookingFieldValue(
    GtfsRule,
    code="forbidden_real_time_booking_field_value",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: real-time booking rule {bookingRuleId} sets {fieldNames}",
):
    """A real-time booking rule (`booking_type` 0) sets prior-notice fields.

    ## Why it matters
    Real-time booking needs no notice: the prior-notice fields contradict the booking type, and
    consumers cannot tell which one to trust.

    ## Example
    `booking_type` = `0`, `prior_notice_duration_min` = `30`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt`: every `prior_notice_*` field is forbidden for
    `booking_type` = 0.
    """


class ForbiddenSameDayBookingFieldValue(
    GtfsRule,
    code="forbidden_same_day_booking_field_value",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: same-day booking rule {bookingRuleId} sets {fieldNames}",
):
    """A same-day booking rule (`booking_type` 1) sets a last day, last time or service id.

    ## Why it matters
    Those fields describe booking days ahead; on a same-day rule they contradict the booking type.

    ## Example
    `booking_type` = `1`, `prior_notice_last_day` = `1`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt`: `prior_notice_last_day`, `prior_notice_last_time` and
    `prior_notice_service_id` are forbidden for `booking_type` = 1.
    """


class ForbiddenPriorDayBookingFieldValue(
    GtfsRule,
    code="forbidden_prior_day_booking_field_value",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior-day booking rule {bookingRuleId} sets {fieldNames}",
):
    """A prior-day booking rule (`booking_type` 2) sets a notice duration in minutes.

    ## Why it matters
    Prior-day booking is expressed in days; minute durations contradict it.

    ## Example
    `booking_type` = `2`, `prior_notice_duration_max` = `120`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt`: `prior_notice_duration_min` and
    `prior_notice_duration_max` are forbidden for `booking_type` = 2.
    """


class MissingPriorNoticeDurationMin(
    GtfsRule,
    code="missing_prior_notice_duration_min",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: same-day booking rule {bookingRuleId} has no "
    "prior_notice_duration_min",
):
    """A same-day booking rule has no `prior_notice_duration_min`.

    ## Why it matters
    Riders cannot know how long before the trip they must book.

    ## Example
    `booking_type` = `1`, `prior_notice_duration_min` empty.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_duration_min`: required for
    `booking_type` = 1.
    """


class MissingPriorNoticeLastDay(
    GtfsRule,
    code="missing_prior_notice_last_day",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior-day booking rule {bookingRuleId} has no "
    "prior_notice_last_day",
):
    """A prior-day booking rule has no `prior_notice_last_day`.

    ## Why it matters
    Riders cannot know the last day on which they can book.

    ## Example
    `booking_type` = `2`, `prior_notice_last_day` empty.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_last_day`: required for `booking_type` = 2.
    """


class MissingPriorNoticeLastTime(
    GtfsRule,
    code="missing_prior_notice_last_time",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior-day booking rule {bookingRuleId} has no "
    "prior_notice_last_time",
):
    """A prior-day booking rule has no `prior_notice_last_time`.

    ## Why it matters
    Riders know the last day to book but not until what time.

    ## Example
    `booking_type` = `2`, `prior_notice_last_time` empty.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_last_time`: required when
    `prior_notice_last_day` is defined (MobilityData: for `booking_type` = 2).
    """


class MissingPriorNoticeStartTime(
    GtfsRule,
    code="missing_prior_notice_start_time",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior_notice_start_day "
    "{priorNoticeStartDay} without prior_notice_start_time",
):
    """A booking rule has a `prior_notice_start_day` but no `prior_notice_start_time`.

    ## Why it matters
    The day booking opens is known, the time is not.

    ## Example
    `prior_notice_start_day` = `7`, `prior_notice_start_time` empty.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_start_time`: required when
    `prior_notice_start_day` is defined.
    """


class ForbiddenPriorNoticeStartTime(
    GtfsRule,
    code="forbidden_prior_notice_start_time",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior_notice_start_time "
    "{priorNoticeStartTime} without prior_notice_start_day",
):
    """A booking rule has a `prior_notice_start_time` but no `prior_notice_start_day`.

    ## Why it matters
    A time of day without a day says nothing about when booking opens.

    ## Example
    `prior_notice_start_time` = `08:00:00`, `prior_notice_start_day` empty.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_start_time`: forbidden otherwise.
    """


class ForbiddenPriorNoticeStartDay(
    GtfsRule,
    code="forbidden_prior_notice_start_day",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: both prior_notice_start_day and prior_notice_duration_max",
):
    """A booking rule sets both `prior_notice_start_day` and `prior_notice_duration_max`.

    ## Why it matters
    Both give the earliest moment to book, one in days and one in minutes: they contradict each other.

    ## Example
    `prior_notice_start_day` = `7`, `prior_notice_duration_max` = `10080`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_start_day`: forbidden when
    `prior_notice_duration_max` is defined.
    """


class InvalidPriorNoticeDurationMin(
    GtfsRule,
    code="invalid_prior_notice_duration_min",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior_notice_duration_min "
    "{priorNoticeDurationMin} exceeds prior_notice_duration_max {priorNoticeDurationMax}",
):
    """A booking rule's minimum notice is longer than its maximum notice.

    ## Why it matters
    No moment satisfies both: the trip can never be booked.

    ## Example
    `prior_notice_duration_min` = `120`, `prior_notice_duration_max` = `60`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_duration_max`: not less than
    `prior_notice_duration_min`.
    """


class PriorNoticeLastDayAfterStartDay(
    GtfsRule,
    code="prior_notice_last_day_after_start_day",
    severity=Severity.ERROR,
    spec=SPEC,
    message="booking_rules.txt row {csvRowNumber}: prior_notice_last_day {priorNoticeLastDay} is "
    "before booking opens (prior_notice_start_day {priorNoticeStartDay})",
):
    """A booking rule closes booking before it opens: `prior_notice_last_day` is greater than
    `prior_notice_start_day`.

    ## Why it matters
    Days count back from the trip, so a larger last day is earlier: the booking window is empty.

    ## Example
    `prior_notice_last_day` = `5`, `prior_notice_start_day` = `3`.

    ## Reference
    GTFS Schedule reference, `booking_rules.txt` `prior_notice_start_day` and `prior_notice_last_day`.
    """


RULES: tuple[RuleType, ...] = (
    ForbiddenRealTimeBookingFieldValue,
    ForbiddenSameDayBookingFieldValue,
    ForbiddenPriorDayBookingFieldValue,
    MissingPriorNoticeDurationMin,
    MissingPriorNoticeLastDay,
    MissingPriorNoticeLastTime,
    MissingPriorNoticeStartTime,
    ForbiddenPriorNoticeStartTime,
    ForbiddenPriorNoticeStartDay,
    InvalidPriorNoticeDurationMin,
    PriorNoticeLastDayAfterStartDay,
)
_FORBIDDEN_RULES: dict[int, RuleType] = {
    REALTIME: ForbiddenRealTimeBookingFieldValue,
    SAMEDAY: ForbiddenSameDayBookingFieldValue,
    PRIORDAY: ForbiddenPriorDayBookingFieldValue,
}


def _field_names(fields: tuple[str, ...]) -> pl.Expr:
    """The present fields among ``fields``, in that order, joined with ", " (empty string: none)."""
    return pl.concat_str(
        [pl.when(pl.col(f).is_not_null()).then(pl.lit(f)) for f in fields], separator=", ", ignore_nulls=True
    ).fill_null("")


def check(feed: Feed, sink: FindingSink) -> None:
    rules = feed.entities("booking_rules.txt")
    if rules is None:  # a single-entity validator: runs on every row that loaded, whatever the others
        return
    rules = ensure_columns(
        rules,
        {
            "booking_type": pl.Int64,
            "booking_rule_id": pl.String,
            **dict.fromkeys((DURATION_MIN, DURATION_MAX, LAST_DAY, START_DAY), pl.Int64),
            **dict.fromkeys((LAST_TIME, START_TIME), pl.Int32),
            SERVICE_ID: pl.String,
        },
    )
    kind = pl.col("booking_type")
    identity = {"csvRowNumber": pl.col(ROW), "bookingRuleId": pl.col("booking_rule_id").fill_null("")}
    for booking_type, fields in FORBIDDEN.items():
        named = rules.filter(kind == booking_type).select(**identity, fieldNames=_field_names(fields))
        sink.add_frame(_FORBIDDEN_RULES[booking_type], named.filter(pl.col("fieldNames") != ""))
    has = {
        name: pl.col(name).is_not_null()
        for name in (DURATION_MIN, DURATION_MAX, LAST_DAY, LAST_TIME, START_DAY, START_TIME)
    }
    sink.add_frame(
        MissingPriorNoticeDurationMin, rules.filter((kind == SAMEDAY) & ~has[DURATION_MIN]).select(**identity)
    )
    sink.add_frame(
        MissingPriorNoticeLastDay, rules.filter((kind == PRIORDAY) & ~has[LAST_DAY]).select(**identity)
    )
    sink.add_frame(
        MissingPriorNoticeLastTime, rules.filter((kind == PRIORDAY) & ~has[LAST_TIME]).select(**identity)
    )
    sink.add_frame(
        MissingPriorNoticeStartTime,
        rules.filter(has[START_DAY] & ~has[START_TIME]).select(
            **identity, priorNoticeStartDay=pl.col(START_DAY)
        ),
    )
    sink.add_frame(
        ForbiddenPriorNoticeStartTime,
        rules.filter(has[START_TIME] & ~has[START_DAY]).select(
            **identity, priorNoticeStartTime=hhmmss(pl.col(START_TIME))
        ),
    )
    sink.add_frame(
        ForbiddenPriorNoticeStartDay,
        rules.filter(has[DURATION_MAX] & has[START_DAY]).select(
            **identity, priorNoticeStartDay=pl.col(START_DAY), priorNoticeDurationMax=pl.col(DURATION_MAX)
        ),
    )
    sink.add_frame(
        InvalidPriorNoticeDurationMin,
        rules.filter(pl.col(DURATION_MAX) < pl.col(DURATION_MIN)).select(
            **identity,
            priorNoticeDurationMin=pl.col(DURATION_MIN),
            priorNoticeDurationMax=pl.col(DURATION_MAX),
        ),
    )
    sink.add_frame(
        PriorNoticeLastDayAfterStartDay,
        rules.filter(pl.col(LAST_DAY) > pl.col(START_DAY)).select(
            csvRowNumber=pl.col(ROW),
            priorNoticeLastDay=pl.col(LAST_DAY),
            priorNoticeStartDay=pl.col(START_DAY),
        ),
    )
