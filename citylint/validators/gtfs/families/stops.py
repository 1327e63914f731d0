"""Stops that lack what their location type needs: a name, coordinates, a description that says more than the
name.

Also what the stop, station and pathway families share: location types and the stops frame with every optional
column present, as single-entity and as multi-file validators see it.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.stops import (
    ENTRANCE,
    STATION,
    STOP,
    STOPS,
    STOPS_SPEC,
    stops_entities,
    type_name,
)
from citylint.validators.gtfs.spec import rule_page

# Stops, stations and entrances are places riders see: they need a name and coordinates.
RIDER_FACING = (STOP, STATION, ENTRANCE)


class MissingStopName(
    GtfsRule,
    code="missing_stop_name",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: {locationType} {stopId} has no stop_name",
):
    """A stop, station or entrance has no `stop_name`.

    ## Why it matters
    Riders find and recognise these places by name: trip planners and signage show it.

    ## Example
    A `stops.txt` row with `location_type` 0 (or empty) and an empty `stop_name`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_name`: conditionally required, required for locations that are
    stops (`location_type=0`), stations (`1`) or entrances/exits (`2`).
    """


class SameNameAndDescriptionForStop(
    GtfsRule,
    code="same_name_and_description_for_stop",
    severity=Severity.WARNING,
    spec=rule_page("same_name_and_description_for_stop"),
    message="stops.txt row {csvRowNumber}: stop {stopId} has the description "
    "{stopDesc!r}, the same as its name",
):
    """A stop's `stop_desc` repeats its `stop_name`.

    ## Why it matters
    The description is meant to add useful information; a copy of the name only adds noise.

    ## Example
    `stop_name` = `Gare Centrale`, `stop_desc` = `gare centrale` (the comparison ignores case).

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_desc`: "Do not simply duplicate the name of the location."
    https://gtfs.org/documentation/schedule/reference/#stopstxt.
    """


class StopWithoutLocation(
    GtfsRule,
    code="stop_without_location",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: {locationType} {stopId} lacks stop_lat or stop_lon",
):
    """A stop, station or entrance has no `stop_lat` or no `stop_lon`.

    ## Why it matters
    Without coordinates the place cannot be shown on a map, nor distances and travel times checked.

    ## Example
    A `stops.txt` row with `location_type` 1 and an empty `stop_lon`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_lat` and `stop_lon`: conditionally required, required for
    locations that are stops (`location_type=0`), stations (`1`) or entrances/exits (`2`).
    """


RULES = (MissingStopName, SameNameAndDescriptionForStop, StopWithoutLocation)


def _equals_ignore_case(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """Java's String.equalsIgnoreCase, closely enough: same length, equal once both are upper- then
    lower-cased."""
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
        sink.add_frame(
            MissingStopName,
            unnamed.select(csvRowNumber=pl.col(ROW), locationType=type_name(), stopId=pl.col("stop_id")),
            file=STOPS,
        )
        repeated = stops.filter(_equals_ignore_case(pl.col("stop_desc"), pl.col("stop_name")))
        sink.add_frame(
            SameNameAndDescriptionForStop,
            repeated.select(csvRowNumber=pl.col(ROW), stopId=pl.col("stop_id"), stopDesc=pl.col("stop_desc")),
            file=STOPS,
        )
    unlocated = stops.filter(
        pl.col("__type__").is_in(RIDER_FACING) & (pl.col("stop_lat").is_null() | pl.col("stop_lon").is_null())
    )
    sink.add_frame(
        StopWithoutLocation,
        unlocated.select(csvRowNumber=pl.col(ROW), locationType=type_name(), stopId=pl.col("stop_id")),
        file=STOPS,
    )
