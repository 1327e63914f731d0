"""pathways.txt as the families see it, and each stop's parent station."""

from __future__ import annotations

import polars as pl

from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.stops import (
    stops_table,
)
from citylint.validators.gtfs.spec import REFERENCE

PATHWAYS = "pathways.txt"
PATHWAYS_SPEC = REFERENCE + "#pathwaystxt"
PATHWAY_COLUMNS: dict[str, pl.DataType] = {
    "pathway_id": pl.String(),
    "from_stop_id": pl.String(),
    "to_stop_id": pl.String(),
    "pathway_mode": pl.Int64(),
    "is_bidirectional": pl.Int64(),
}
BIDIRECTIONAL = 1


def pathways_table(feed: Feed) -> pl.DataFrame | None:
    """pathways.txt for the multi-file rules, None when MobilityData would skip them (an absent file is
    empty)."""

    def build() -> pl.DataFrame | None:
        frame = feed.validator_input(PATHWAYS)
        return None if frame is None else ensure_columns(frame, PATHWAY_COLUMNS)

    return feed.derived("pathways.table", build)


def parents(feed: Feed) -> pl.DataFrame:
    """The distinct parent_station values (column ``stop_id``): the stops that have children."""

    def build() -> pl.DataFrame:
        stops = stops_table(feed)
        if stops is None:
            return pl.DataFrame(schema={"stop_id": pl.String})
        return stops.select(stop_id=pl.col("parent_station")).drop_nulls().unique()

    return feed.derived("stops.parents", build)
