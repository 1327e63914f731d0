"""stops.txt as the families see it: its entities, the typed table, rows by id, location-type names."""

from __future__ import annotations

import polars as pl

from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.spec import REFERENCE

STOPS = "stops.txt"
STOPS_SPEC = REFERENCE + "#stopstxt"


# GTFS location_type values; an empty location_type means a stop (platform).
STOP, STATION, ENTRANCE, GENERIC_NODE, BOARDING_AREA = 0, 1, 2, 3, 4


# MobilityData reports some location types by the name of its enum constant, a value outside it as
# UNRECOGNIZED.
LOCATION_TYPE_NAMES = {
    STOP: "STOP",
    STATION: "STATION",
    ENTRANCE: "ENTRANCE",
    GENERIC_NODE: "GENERIC_NODE",
    BOARDING_AREA: "BOARDING_AREA",
}


# The stops columns the families read, with their typed dtypes (an absent optional column reads as nulls).
STOP_COLUMNS: dict[str, pl.DataType] = {
    "stop_id": pl.String(),
    "stop_name": pl.String(),
    "stop_desc": pl.String(),
    "stop_lat": pl.Float64(),
    "stop_lon": pl.Float64(),
    "zone_id": pl.String(),
    "stop_url": pl.String(),
    "location_type": pl.Int64(),
    "parent_station": pl.String(),
    "level_id": pl.String(),
    "platform_code": pl.String(),
    "stop_access": pl.Int64(),
}


def stops_entities(feed: Feed) -> pl.DataFrame | None:
    """stops.txt rows for the single-entity rules, with ``__type__`` = location_type (empty = stop). A row
    that drew an ERROR is not an entity: its per-row checks never run."""

    def build() -> pl.DataFrame | None:
        frame = feed.entities(STOPS)
        return None if frame is None else _typed(frame)

    return feed.derived("stops.entities", build)


def stops_table(feed: Feed) -> pl.DataFrame | None:
    """stops.txt for the multi-file rules (None when MobilityData would skip them), with ``__type__`` as
    above."""

    def build() -> pl.DataFrame | None:
        frame = feed.validator_input(STOPS)  # an absent stops.txt is an empty table
        return None if frame is None else _typed(frame)

    return feed.derived("stops.table", build)


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    return ensure_columns(frame, STOP_COLUMNS).with_columns(__type__=pl.col("location_type").fill_null(STOP))


def stops_by_id(feed: Feed) -> pl.DataFrame | None:
    """The stops table keyed by stop_id, the first row of a duplicated id winning (MobilityData's index)."""

    def build() -> pl.DataFrame | None:
        stops = stops_table(feed)
        return (
            None
            if stops is None
            else stops.filter(pl.col("stop_id").is_not_null()).unique(
                "stop_id", keep="first", maintain_order=True
            )
        )

    return feed.derived("stops.by_id", build)


def type_name(column: str = "__type__") -> pl.Expr:
    return pl.col(column).replace_strict(LOCATION_TYPE_NAMES, default="UNRECOGNIZED", return_dtype=pl.String)


def has_column(feed: Feed, name: str, column: str) -> bool:
    """A header test: whether the file declares the column, whatever its values."""
    table = feed.tables.get(name)
    return table is not None and column in table.header
