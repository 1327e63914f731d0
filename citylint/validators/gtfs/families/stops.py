"""Stops that lack what their location type needs: a name, coordinates, a description that says more than the name.

Also what the stop, station and pathway families share: location types and the stops frame with every optional
column present, as single-entity and as multi-file validators see it.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.spec import REFERENCE, rule_page

STOPS = "stops.txt"
STOPS_SPEC = REFERENCE + "#stopstxt"

# GTFS location_type values; an empty location_type means a stop (platform).
STOP, STATION, ENTRANCE, GENERIC_NODE, BOARDING_AREA = 0, 1, 2, 3, 4
# MobilityData reports some location types by the name of its enum constant, a value outside it as UNRECOGNIZED.
LOCATION_TYPE_NAMES = {STOP: "STOP", STATION: "STATION", ENTRANCE: "ENTRANCE", GENERIC_NODE: "GENERIC_NODE",
                       BOARDING_AREA: "BOARDING_AREA"}
# Stops, stations and entrances are places riders see: they need a name and coordinates.
RIDER_FACING = (STOP, STATION, ENTRANCE)

# The stops columns the families read, with their typed dtypes (an absent optional column reads as nulls).
STOP_COLUMNS: dict[str, pl.DataType] = {
    "stop_id": pl.String(), "stop_name": pl.String(), "stop_desc": pl.String(), "stop_lat": pl.Float64(),
    "stop_lon": pl.Float64(), "zone_id": pl.String(), "stop_url": pl.String(), "location_type": pl.Int64(),
    "parent_station": pl.String(), "level_id": pl.String(), "platform_code": pl.String(),
    "stop_access": pl.Int64(),
}


class MissingStopName(GtfsRule, code="missing_stop_name", severity=Severity.ERROR, spec=STOPS_SPEC,
                      message="stops.txt row {csvRowNumber}: {locationType} {stopId} has no stop_name"):
    """A stop, station or entrance has no `stop_name`.

    ## Why it matters
    Riders find and recognise these places by name: trip planners and signage show it.

    ## Example
    A `stops.txt` row with `location_type` 0 (or empty) and an empty `stop_name`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_name`: conditionally required, required for locations that are
    stops (`location_type=0`), stations (`1`) or entrances/exits (`2`). MobilityData:
    https://gtfs-validator.mobilitydata.org/rules.html#missing_stop_name-rule
    """


class SameNameAndDescriptionForStop(GtfsRule, code="same_name_and_description_for_stop", severity=Severity.WARNING,
                                    spec=rule_page("same_name_and_description_for_stop"),
                                    message="stops.txt row {csvRowNumber}: stop {stopId} has the description "
                                            "{stopDesc!r}, the same as its name"):
    """A stop's `stop_desc` repeats its `stop_name`.

    ## Why it matters
    The description is meant to add useful information; a copy of the name only adds noise.

    ## Example
    `stop_name` = `Gare Centrale`, `stop_desc` = `gare centrale` (the comparison ignores case).

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_desc`: "Do not simply duplicate the name of the location."
    https://gtfs.org/documentation/schedule/reference/#stopstxt. MobilityData:
    https://gtfs-validator.mobilitydata.org/rules.html#same_name_and_description_for_stop-rule
    """


class StopWithoutLocation(GtfsRule, code="stop_without_location", severity=Severity.ERROR, spec=STOPS_SPEC,
                          message="stops.txt row {csvRowNumber}: {locationType} {stopId} lacks stop_lat or stop_lon"):
    """A stop, station or entrance has no `stop_lat` or no `stop_lon`.

    ## Why it matters
    Without coordinates the place cannot be shown on a map, nor distances and travel times checked.

    ## Example
    A `stops.txt` row with `location_type` 1 and an empty `stop_lon`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_lat` and `stop_lon`: conditionally required, required for
    locations that are stops (`location_type=0`), stations (`1`) or entrances/exits (`2`). MobilityData:
    https://gtfs-validator.mobilitydata.org/rules.html#stop_without_location-rule
    """


RULES = (MissingStopName, SameNameAndDescriptionForStop, StopWithoutLocation)


def stops_entities(feed: Feed) -> pl.DataFrame | None:
    """stops.txt rows for the single-entity rules, with ``__type__`` = location_type (empty = stop). A row that
    drew an ERROR is not an entity: its per-row checks never run."""
    def build() -> pl.DataFrame | None:
        frame = feed.entities(STOPS)
        return None if frame is None else _typed(frame)
    return feed.derived("stops.entities", build)


def stops_table(feed: Feed) -> pl.DataFrame | None:
    """stops.txt for the multi-file rules (None when MobilityData would skip them), with ``__type__`` as above."""
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
        return None if stops is None else stops.filter(pl.col("stop_id").is_not_null()).unique(
            "stop_id", keep="first", maintain_order=True)
    return feed.derived("stops.by_id", build)


def type_name(column: str = "__type__") -> pl.Expr:
    return pl.col(column).replace_strict(LOCATION_TYPE_NAMES, default="UNRECOGNIZED", return_dtype=pl.String)


def has_column(feed: Feed, name: str, column: str) -> bool:
    """A header test: whether the file declares the column, whatever its values."""
    table = feed.tables.get(name)
    return table is not None and column in table.header


def _equals_ignore_case(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Java's String.equalsIgnoreCase, closely enough: same length, equal once both are upper- then lower-cased."""
    same_length = left.str.len_chars() == right.str.len_chars()
    folded = left.str.to_uppercase().str.to_lowercase() == right.str.to_uppercase().str.to_lowercase()
    return same_length & ((left.str.to_lowercase() == right.str.to_lowercase()) | folded)


def check(feed: Feed, sink: FindingSink) -> None:
    stops = stops_entities(feed)
    if stops is None:
        return
    table = feed.tables[STOPS]
    # MobilityData's StopNameValidator runs only when the header declares stop_name or location_type.
    if {"stop_name", "location_type"} & set(table.header):
        unnamed = stops.filter(pl.col("__type__").is_in(RIDER_FACING) & pl.col("stop_name").is_null())
        sink.add_frame(MissingStopName, unnamed.select(
            csvRowNumber=pl.col(ROW), locationType=type_name(), stopId=pl.col("stop_id")), file=STOPS)
        repeated = stops.filter(_equals_ignore_case(pl.col("stop_desc"), pl.col("stop_name")))
        sink.add_frame(SameNameAndDescriptionForStop, repeated.select(
            csvRowNumber=pl.col(ROW), stopId=pl.col("stop_id"), stopDesc=pl.col("stop_desc")), file=STOPS)
    unlocated = stops.filter(pl.col("__type__").is_in(RIDER_FACING)
                             & (pl.col("stop_lat").is_null() | pl.col("stop_lon").is_null()))
    sink.add_frame(StopWithoutLocation, unlocated.select(
        csvRowNumber=pl.col(ROW), locationType=type_name(), stopId=pl.col("stop_id")), file=STOPS)
