"""The station hierarchy of stops.txt: which locations need a parent station, of which type, and stations
that nothing belongs to."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.stops import (
    BOARDING_AREA,
    ENTRANCE,
    GENERIC_NODE,
    STATION,
    STOP,
    STOPS,
    STOPS_SPEC,
    stops_by_id,
    stops_entities,
    stops_table,
)


class StationWithParentStation(
    GtfsRule,
    code="station_with_parent_station",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: station {stopId} has parent_station {parentStation}",
):
    """A station (`location_type` 1) has a `parent_station`.

    ## Why it matters
    Stations are the top of the hierarchy; a station inside another location makes the structure ambiguous.

    ## Example
    `STA,Gare Centrale,...,1,NORTH`: a station whose `parent_station` is `NORTH`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `parent_station`: forbidden for stations (`location_type=1`).
    """


class LocationWithoutParentStation(
    GtfsRule,
    code="location_without_parent_station",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: location {stopId} of type {locationType} has no parent_station",
):
    """An entrance, generic node or boarding area has no `parent_station`.

    ## Why it matters
    These locations only make sense inside a station (or, for a boarding area, a platform): without the parent
    nobody can tell which station an entrance leads into.

    ## Example
    `E1,Entrée Nord,48.85,2.35,2,`: an entrance with an empty `parent_station`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `parent_station`: required for entrances (`location_type=2`), generic
    nodes (`3`) and boarding areas (`4`).
    """


class PlatformWithoutParentStation(
    GtfsRule,
    code="platform_without_parent_station",
    severity=Severity.INFO,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: platform {stopId} has a platform_code but no parent_station",
):
    """A stop that names its platform (`platform_code`) belongs to no station.

    ## Why it matters
    A platform code says the stop is one platform of a station; without the station the platforms cannot be
    grouped and riders cannot be guided between them.

    ## Example
    `P1,Quai A,48.85,2.35,0,,A`: `platform_code` `A`, empty `parent_station`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `parent_station` and `platform_code`.
    """


class WrongParentLocationType(
    GtfsRule,
    code="wrong_parent_location_type",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: location {stopId} of type {locationType} has "
    "parent {parentStation} of type {parentLocationType}, expected "
    "{expectedLocationType}",
):
    """A location's `parent_station` is a location of the wrong type.

    ## Why it matters
    Platforms, entrances and generic nodes belong to a station, boarding areas to a platform; any other parent
    breaks the station's structure for trip planners and pathways.

    ## Example
    A platform (`location_type` 0) whose `parent_station` is another platform.

    ## Reference
    GTFS Schedule reference, `stops.txt` `parent_station`: the parent of a stop, entrance or generic node is a
    station (`location_type=1`), that of a boarding area a platform (`0`).
    """


class UnusedStation(
    GtfsRule,
    code="unused_station",
    severity=Severity.INFO,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: station {stopId} ({stopName}) has no platform",
):
    """A station has no stop or platform belonging to it.

    ## Why it matters
    Vehicles stop at platforms, not stations: a station without any is either useless or missing its
    platforms' `parent_station`.

    ## Example
    `STA,Gare Centrale,48.85,2.35,1,` with no row whose `parent_station` is `STA` and `location_type` 0.

    ## Reference
    GTFS Schedule reference, `stops.txt` `location_type` and `parent_station`.
    """


RULES = (
    StationWithParentStation,
    LocationWithoutParentStation,
    PlatformWithoutParentStation,
    WrongParentLocationType,
    UnusedStation,
)
# The parent type each location type requires; other types (a station, a value outside the enum) are not
# checked.
EXPECTED_PARENT = {STOP: STATION, ENTRANCE: STATION, GENERIC_NODE: STATION, BOARDING_AREA: STOP}


def _identity() -> dict[str, pl.Expr]:
    return {
        "csvRowNumber": pl.col(ROW),
        "stopId": pl.col("stop_id").fill_null(""),
        "stopName": pl.col("stop_name").fill_null(""),
    }


def _check_rows(stops: pl.DataFrame, sink: FindingSink) -> None:
    orphan = pl.col("parent_station").is_null()
    sink.add_frame(
        StationWithParentStation,
        stops.filter(~orphan & (pl.col("__type__") == STATION)).select(
            **_identity(), parentStation=pl.col("parent_station")
        ),
        file=STOPS,
    )
    sink.add_frame(
        LocationWithoutParentStation,
        stops.filter(orphan & pl.col("__type__").is_in((ENTRANCE, GENERIC_NODE, BOARDING_AREA))).select(
            **_identity(), locationType=pl.col("__type__")
        ),
        file=STOPS,
    )
    sink.add_frame(
        PlatformWithoutParentStation,
        stops.filter(orphan & (pl.col("__type__") == STOP) & pl.col("platform_code").is_not_null()).select(
            **_identity()
        ),
        file=STOPS,
    )


def _wrong_parents(stops: pl.DataFrame, by_id: pl.DataFrame) -> pl.DataFrame:
    parents = by_id.select(
        parent_station=pl.col("stop_id"),
        __parent_row__=pl.col(ROW),
        __parent_name__=pl.col("stop_name"),
        __parent_type__=pl.col("__type__"),
    )
    expected = pl.col("__type__").replace_strict(EXPECTED_PARENT, default=None, return_dtype=pl.Int64)
    # A parent that does not exist is foreign_key_violation's to report, not this rule's.
    return (
        stops.filter((pl.col("__type__") != STATION) & pl.col("parent_station").is_not_null())
        .with_columns(__expected__=expected)
        .join(parents, on="parent_station", how="inner", maintain_order="left")
        .filter(pl.col("__expected__").is_not_null() & (pl.col("__parent_type__") != pl.col("__expected__")))
        .select(
            **_identity(),
            locationType=pl.col("__type__"),
            parentCsvRowNumber=pl.col("__parent_row__"),
            parentStation=pl.col("parent_station"),
            parentStopName=pl.col("__parent_name__").fill_null(""),
            parentLocationType=pl.col("__parent_type__"),
            expectedLocationType=pl.col("__expected__"),
        )
    )


def _unused_stations(stops: pl.DataFrame) -> pl.DataFrame:
    identified = stops.filter(pl.col("stop_id").is_not_null())
    # Only a child of type stop (platform) makes a station used: one holding only entrances is still unused.
    used = (
        identified.filter((pl.col("__type__") == STOP) & pl.col("parent_station").is_not_null())
        .select(stop_id=pl.col("parent_station"))
        .unique()
    )
    stations = identified.filter(pl.col("__type__") == STATION).unique(
        "stop_id", keep="last", maintain_order=True
    )
    return stations.join(used, on="stop_id", how="anti").select(
        csvRowNumber=pl.col(ROW), stopId=pl.col("stop_id"), stopName=pl.col("stop_name").fill_null("")
    )


def check(feed: Feed, sink: FindingSink) -> None:
    rows = stops_entities(feed)
    if rows is not None:
        _check_rows(rows, sink)
    stops, by_id = stops_table(feed), stops_by_id(feed)
    if stops is None or by_id is None:
        return
    sink.add_frame(WrongParentLocationType, _wrong_parents(stops, by_id), file=STOPS)
    sink.add_frame(UnusedStation, _unused_stations(stops), file=STOPS)
