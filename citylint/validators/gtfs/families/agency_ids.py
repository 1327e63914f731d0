"""Fields whose presence depends on other records: agency_id with one or several agencies, fare media
names."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW, Table
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.spec import REFERENCE
from citylint.validators.gtfs.value_rules import MissingRecommendedField


class MissingRequiredAgencyId(
    GtfsRule,
    code="missing_required_agency_id",
    severity=Severity.ERROR,
    spec=REFERENCE + "#routestxt",
    message="{filename} row {csvRowNumber}: agency_id is empty while the feed has several agencies",
):
    """`agency_id` is empty in a route or fare while the feed has several agencies.

    ## Why it matters
    With several agencies, nobody can tell which one runs the route or sells the fare.

    ## Example
    `agency.txt` lists two agencies; a `routes.txt` row leaves `agency_id` empty.

    ## Reference
    GTFS Schedule reference, `routes.txt` and `fare_attributes.txt` `agency_id`: conditionally required
    when several agencies are defined in agency.txt.
    """


RULES = (MissingRequiredAgencyId,)
# fare_media_type values whose medium is something a rider recognises by name (transit card, app).
NAMED_FARE_MEDIA = (2, 4)


def _rows_without(table: Table | None, column: str) -> pl.DataFrame:
    if table is None or not table.indexable:
        return pl.DataFrame(schema={ROW: pl.Int64})
    if column not in table.frame.columns:
        return table.frame.select(ROW)
    return table.frame.filter(pl.col(column).is_null()).select(ROW)


def check(feed: Feed, sink: FindingSink) -> None:
    tables = feed.tables
    agencies = tables.get("agency.txt")
    count = agencies.frame.height if agencies is not None and agencies.indexable else 0
    # With a single agency agency_id is recommended; with several it is required. With none (an empty or
    # unparsable agency.txt) MobilityData reports neither.
    if count == 1:
        sink.add_frame(
            MissingRecommendedField,
            _rows_without(agencies, "agency_id").select(
                filename=pl.lit("agency.txt"), csvRowNumber=pl.col(ROW), fieldName=pl.lit("agency_id")
            ),
        )
    if count:
        rule = MissingRequiredAgencyId if count > 1 else MissingRecommendedField
        for name in ("fare_attributes.txt", "routes.txt"):
            sink.add_frame(
                rule,
                _rows_without(tables.get(name), "agency_id").select(
                    filename=pl.lit(name), csvRowNumber=pl.col(ROW), fieldName=pl.lit("agency_id")
                ),
            )
    media = tables.get("fare_media.txt")
    if media is not None and {"fare_media_type", "fare_media_name"} <= set(media.frame.columns):
        unnamed = media.frame.filter(
            pl.col("fare_media_type").is_in(NAMED_FARE_MEDIA) & pl.col("fare_media_name").is_null()
        )
        sink.add_frame(
            MissingRecommendedField,
            unnamed.select(
                filename=pl.lit("fare_media.txt"),
                csvRowNumber=pl.col(ROW),
                fieldName=pl.lit("fare_media_name"),
            ),
        )
