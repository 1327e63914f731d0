"""Attributions that give an organisation no role."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.feed import ROW, Feed, column
from citylint.validators.gtfs.spec import REFERENCE

ATTRIBUTIONS = "attributions.txt"
ROLE_FIELDS = ("is_producer", "is_operator", "is_authority")
ASSIGNED = 1


class AttributionWithoutRole(
    GtfsRule,
    code="attribution_without_role",
    severity=Severity.WARNING,
    spec=REFERENCE + "#attributionstxt",
    message="attributions.txt row {csvRowNumber}: attribution {attributionId} has no "
    "role (is_producer, is_operator, is_authority)",
):
    """An attribution assigns none of the roles producer, operator or authority.

    ## Why it matters
    An attribution says what an organisation did for the data; without a role it credits nothing, and
    consumers cannot show it correctly.

    ## Example
    `attributions.txt`: `A1,,,,Open Data Office,0,0,` (no field is `1`).

    ## Reference
    GTFS Schedule reference, `attributions.txt` `is_producer`, `is_operator`, `is_authority`: "At least
    one of the fields is_producer, is_operator, or is_authority should be set at 1."
    """


RULES = (AttributionWithoutRole,)


def check(feed: Feed, sink: FindingSink) -> None:
    attributions = feed.frame(ATTRIBUTIONS)
    # Per-row check, as MobilityData's per-entity validator: it runs on the rows of a file with other
    # errors too, but only when the header declares at least one role column.
    if attributions is None:
        return
    roles = [pl.col(f).eq_missing(ASSIGNED) for f in ROLE_FIELDS if f in attributions.columns]
    if not roles:
        return
    attribution_id = column(attributions, "attribution_id", pl.String)
    sink.add_frame(
        AttributionWithoutRole,
        attributions.filter(~pl.any_horizontal(roles)).select(
            csvRowNumber=pl.col(ROW), attributionId=attribution_id.fill_null("")
        ),
    )
