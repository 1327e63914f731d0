"""`stop_access` where it means nothing: on a location that is not a platform, or on a platform outside a
station."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.stops import (
    STOP,
    STOPS,
    STOPS_SPEC,
    has_column,
    stops_entities,
    type_name,
)


class StopAccessSpecifiedForIncorrectLocation(
    GtfsRule,
    code="stop_access_specified_for_incorrect_location",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: {locationType} {stopId} has stop_access {stopAccess}, which only "
    "a "
    "platform may have",
):
    """A location that is not a stop or platform has `stop_access`.

    ## Why it matters
    `stop_access` tells whether a platform is reached through its station's pathways; on a station, entrance,
    generic node or boarding area it has no meaning and suggests a wrong `location_type`.

    ## Example
    An entrance (`location_type` 2) with `stop_access` 1.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_access`: forbidden if `location_type` is 1, 2, 3 or 4.
    """


class StopAccessSpecifiedForStopWithNoParentStation(
    GtfsRule,
    code="stop_access_specified_for_stop_with_no_parent_station",
    severity=Severity.ERROR,
    spec=STOPS_SPEC,
    message="stops.txt row {csvRowNumber}: stop {stopId} has stop_access {stopAccess} but no parent_station",
):
    """A stop without `parent_station` has `stop_access`.

    ## Why it matters
    `stop_access` describes how a platform relates to its station's pathways; a stop outside any station has
    no pathways to be reached through.

    ## Example
    `S2,Place de la République,48.86,2.36,0,,1`: a stop with empty `parent_station` and `stop_access` 1.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_access`: forbidden if `parent_station` is empty.
    """


RULES = (StopAccessSpecifiedForIncorrectLocation, StopAccessSpecifiedForStopWithNoParentStation)
STOP_ACCESS_NAMES = {0: "ACCESSIBLE_VIA_PATHWAYS", 1: "NOT_ACCESSIBLE_VIA_PATHWAYS"}


def check(feed: Feed, sink: FindingSink) -> None:
    # MobilityData's StopAccessValidator runs only when the header declares stop_access.
    stops = stops_entities(feed) if has_column(feed, STOPS, "stop_access") else None
    if stops is None:
        return
    with_access = stops.filter(pl.col("stop_access").is_not_null())
    fields = {
        "csvRowNumber": pl.col(ROW),
        "stopId": pl.col("stop_id").fill_null(""),
        "stopName": pl.col("stop_name").fill_null(""),
        "stopAccess": pl.col("stop_access").replace_strict(
            STOP_ACCESS_NAMES, default="UNRECOGNIZED", return_dtype=pl.String
        ),
        "locationType": type_name(),
    }
    platform = pl.col("__type__") == STOP
    sink.add_frame(
        StopAccessSpecifiedForIncorrectLocation, with_access.filter(~platform).select(**fields), file=STOPS
    )
    sink.add_frame(
        StopAccessSpecifiedForStopWithNoParentStation,
        with_access.filter(platform & pl.col("parent_station").is_null()).select(**fields),
        file=STOPS,
    )
