"""Pathways taken one at a time: loops, two-way exit gates, elevators without levels, and endpoints that are
not places a pathway may lead to.

Also the pathway tables the reachability family shares: the pathways frame and the set of stops that have
children.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.pathways import (
    BIDIRECTIONAL,
    PATHWAY_COLUMNS,
    PATHWAYS,
    PATHWAYS_SPEC,
    parents,
    pathways_table,
)
from citylint.validators.gtfs.frames.stops import (
    GENERIC_NODE,
    STATION,
    STOP,
    STOPS,
    has_column,
    stops_by_id,
    stops_table,
)
from citylint.validators.gtfs.spec import REFERENCE

ELEVATOR, EXIT_GATE = 5, 7
NOT_ACCESSIBLE_VIA_PATHWAYS = 1
ENDS = ("from_stop_id", "to_stop_id")


class PathwayLoop(
    GtfsRule,
    code="pathway_loop",
    severity=Severity.WARNING,
    spec=PATHWAYS_SPEC,
    message="pathways.txt row {csvRowNumber}: pathway {pathwayId} starts and ends at {stopId}",
):
    """A pathway starts and ends at the same location.

    ## Why it matters
    A pathway describes a way from one place to another; one going nowhere is an error in its endpoints.

    ## Example
    `PW1,N1,N1,1,1`: `from_stop_id` and `to_stop_id` are both `N1`.

    ## Reference
    GTFS Schedule reference, `pathways.txt` `from_stop_id` and `to_stop_id`.
    """


class BidirectionalExitGate(
    GtfsRule,
    code="bidirectional_exit_gate",
    severity=Severity.ERROR,
    spec=PATHWAYS_SPEC,
    message="pathways.txt row {csvRowNumber}: an exit gate (pathway_mode {pathwayMode}) is bidirectional",
):
    """An exit gate (`pathway_mode` 7) is marked bidirectional.

    ## Why it matters
    An exit gate only lets riders out; routing them in through it sends them to a door they cannot open.

    ## Example
    `PW1,P1,E1,7,1`: `pathway_mode` 7 with `is_bidirectional` 1.

    ## Reference
    GTFS Schedule reference, `pathways.txt` `pathway_mode`: "7 - Exit gate: A pathway exiting a paid area into
    an unpaid area where no proof of payment is required to cross"; exit gates are unidirectional.
    """


class MissingLevelId(
    GtfsRule,
    code="missing_level_id",
    severity=Severity.ERROR,
    spec=REFERENCE + "#stopstxt",
    message="stops.txt row {csvRowNumber}: {stopId} ({stopName}) is an end of an elevator "
    "pathway but has no level_id",
):
    """A location at an end of an elevator pathway has no `level_id`.

    ## Why it matters
    An elevator joins levels: without the level of each end, riders cannot be told which floor it goes to.

    ## Example
    `PW1,P1,P2,5,1` in `pathways.txt`, and `P1` has an empty `level_id`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `level_id`, and `levels.txt`: conditionally required when the feed
    has elevators (`pathway_mode=5`).
    """


class PathwayToWrongLocationType(
    GtfsRule,
    code="pathway_to_wrong_location_type",
    severity=Severity.ERROR,
    spec=PATHWAYS_SPEC,
    message="pathways.txt row {csvRowNumber}: {fieldName} of pathway {pathwayId} is the station {stopId}",
):
    """A pathway ends at a station.

    ## Why it matters
    A station is the area holding platforms, entrances and nodes, not a point one can walk to: the pathway
    should end at one of them.

    ## Example
    `PW1,E1,STA,1,1`: `to_stop_id` `STA` has `location_type` 1.

    ## Reference
    GTFS Schedule reference, `pathways.txt` `from_stop_id` and `to_stop_id`: must be a platform,
    entrance/exit, generic node or boarding area (`location_type` 0, 2, 3 or 4).
    """


class PathwayToPlatformWithBoardingAreas(
    GtfsRule,
    code="pathway_to_platform_with_boarding_areas",
    severity=Severity.ERROR,
    spec=PATHWAYS_SPEC,
    message="pathways.txt row {csvRowNumber}: {fieldName} of pathway "
    "{pathwayId} is the platform {stopId}, which has boarding areas",
):
    """A pathway ends at a platform that has boarding areas.

    ## Why it matters
    A platform with boarding areas is an area, not a point: pathways must lead to its boarding areas.

    ## Example
    `PW1,E1,P1,1,1` while `B1` and `B2` have `parent_station` `P1`.

    ## Reference
    GTFS Schedule reference, `pathways.txt` `from_stop_id` and `to_stop_id`: "If a platform has boarding
    areas, the pathway must link to the boarding areas, not the platform."
    """


class PathwayToStopWithAccessOutsideOfStationPathways(
    GtfsRule,
    code="pathway_to_stop_with_access_outside_of_station_pathways",
    severity=Severity.ERROR,
    spec=PATHWAYS_SPEC,
    message="pathways.txt row {csvRowNumber}: pathway {pathwayId} leads to {stopId}, whose stop_access says "
    "it "
    "is not reached through the station's pathways",
):
    """A pathway leads to a stop whose `stop_access` is 1 (not accessible via pathways).

    ## Why it matters
    `stop_access` 1 says the stop is reached from the street, outside the station's pathways: a pathway to it
    contradicts the stop's own declaration.

    ## Example
    `PW1,E1,P1,1,1` while `P1` has `stop_access` 1.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_access`: "1 - The stop is directly accessed from the street
    network ... There are no pathways to the stop."
    """


class PathwayDanglingGenericNode(
    GtfsRule,
    code="pathway_dangling_generic_node",
    severity=Severity.WARNING,
    spec=PATHWAYS_SPEC,
    message="stops.txt row {csvRowNumber}: generic node {stopId} leads to a single place",
):
    """A generic node is joined by pathways to a single other location.

    ## Why it matters
    A generic node exists to connect paths; one reaching a single place is a dead end that adds nothing to
    the route and may hide a missing pathway.

    ## Example
    Generic node `N1` whose only pathway is `PW1,E1,N1,1,1`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `location_type` 3 and `pathways.txt`.
    """


RULES = (
    PathwayLoop,
    BidirectionalExitGate,
    MissingLevelId,
    PathwayToWrongLocationType,
    PathwayToPlatformWithBoardingAreas,
    PathwayToStopWithAccessOutsideOfStationPathways,
    PathwayDanglingGenericNode,
)


def endpoints(pathways: pl.DataFrame) -> pl.DataFrame:
    """One row per pathway end, from before to, in file order: csvRowNumber, pathwayId, fieldName, stopId."""
    ends = [
        pathways.select(
            csvRowNumber=pl.col(ROW),
            pathwayId=pl.col("pathway_id").fill_null(""),
            fieldName=pl.lit(end),
            stopId=pl.col(end),
            __end__=pl.lit(i),
        )
        for i, end in enumerate(ENDS)
    ]
    return (
        pl.concat(ends).filter(pl.col("stopId").is_not_null()).sort("csvRowNumber", "__end__").drop("__end__")
    )


def _check_rows(feed: Feed, sink: FindingSink) -> None:
    pathways = feed.entities(PATHWAYS)
    if pathways is None:
        return
    pathways = ensure_columns(pathways, PATHWAY_COLUMNS)
    loops = pathways.filter(pl.col("from_stop_id") == pl.col("to_stop_id"))
    sink.add_frame(
        PathwayLoop,
        loops.select(csvRowNumber=pl.col(ROW), pathwayId=pl.col("pathway_id"), stopId=pl.col("from_stop_id")),
        file=PATHWAYS,
    )
    gates = pathways.filter(
        (pl.col("pathway_mode") == EXIT_GATE) & (pl.col("is_bidirectional") == BIDIRECTIONAL)
    )
    sink.add_frame(
        BidirectionalExitGate,
        gates.select(
            csvRowNumber=pl.col(ROW),
            pathwayMode=pl.col("pathway_mode"),
            isBidirectional=pl.col("is_bidirectional"),
        ),
        file=PATHWAYS,
    )


def _missing_levels(stops: pl.DataFrame, pathways: pl.DataFrame) -> pl.DataFrame:
    elevators = pathways.filter(pl.col("pathway_mode") == ELEVATOR)
    ends = pl.concat([elevators.select(stop_id=pl.col(end)) for end in ENDS]).drop_nulls().unique()
    return (
        stops.filter(pl.col("level_id").is_null())
        .join(ends, on="stop_id", how="semi", maintain_order="left")
        .select(
            csvRowNumber=pl.col(ROW), stopId=pl.col("stop_id"), stopName=pl.col("stop_name").fill_null("")
        )
    )


def _endpoint_types(feed: Feed, ends: pl.DataFrame, by_id: pl.DataFrame, sink: FindingSink) -> None:
    # An end naming no stop is foreign_key_violation's to report.
    typed = ends.join(
        by_id.select(
            stopId=pl.col("stop_id"),
            __type__=pl.col("__type__"),
            __access__=pl.col("stop_access"),
            __platform__=pl.col("platform_code"),
        ),
        on="stopId",
        how="inner",
        maintain_order="left",
    )
    sink.add_frame(
        PathwayToWrongLocationType,
        typed.filter(pl.col("__type__") == STATION).select(
            "csvRowNumber", "pathwayId", "fieldName", "stopId"
        ),
        file=PATHWAYS,
    )
    with_areas = typed.filter(pl.col("__type__") == STOP).join(
        parents(feed).rename({"stop_id": "stopId"}), on="stopId", how="semi", maintain_order="left"
    )
    sink.add_frame(
        PathwayToPlatformWithBoardingAreas,
        with_areas.select("csvRowNumber", "pathwayId", "fieldName", "stopId"),
        file=PATHWAYS,
    )
    # Only when stops.txt declares stop_access; a pathway whose two ends are the same such stop counts once.
    if has_column(feed, STOPS, "stop_access"):
        outside = typed.filter(pl.col("__access__") == NOT_ACCESSIBLE_VIA_PATHWAYS).unique(
            ["csvRowNumber", "stopId"], keep="first", maintain_order=True
        )
        sink.add_frame(
            PathwayToStopWithAccessOutsideOfStationPathways,
            outside.select(
                "csvRowNumber",
                platformCode=pl.col("__platform__").fill_null(""),
                pathwayId="pathwayId",
                stopId="stopId",
            ),
            file=PATHWAYS,
        )


def _dangling_nodes(pathways: pl.DataFrame, by_id: pl.DataFrame) -> pl.DataFrame:
    # The distinct locations each stop shares a pathway with, whichever its direction.
    neighbours = (
        pl.concat(
            [
                pathways.select(stop_id=pl.col("from_stop_id"), __other__=pl.col("to_stop_id")),
                pathways.select(stop_id=pl.col("to_stop_id"), __other__=pl.col("from_stop_id")),
            ]
        )
        .filter(pl.col("stop_id").is_not_null())
        .group_by("stop_id")
        .agg(__count__=pl.col("__other__").n_unique())
    )
    single = neighbours.filter(pl.col("__count__") == 1).select("stop_id")
    return (
        by_id.filter(pl.col("__type__") == GENERIC_NODE)
        .join(single, on="stop_id", how="semi", maintain_order="left")
        .select(
            csvRowNumber=pl.col(ROW),
            stopId=pl.col("stop_id"),
            stopName=pl.col("stop_name").fill_null(""),
            parentStation=pl.col("parent_station").fill_null(""),
        )
    )


def check(feed: Feed, sink: FindingSink) -> None:
    _check_rows(feed, sink)
    pathways = pathways_table(feed)
    stops, by_id = stops_table(feed), stops_by_id(feed)
    if pathways is None or stops is None or by_id is None or pathways.height == 0:
        return
    sink.add_frame(MissingLevelId, _missing_levels(stops, pathways), file=STOPS)
    _endpoint_types(feed, endpoints(pathways), by_id, sink)
    sink.add_frame(PathwayDanglingGenericNode, _dangling_nodes(pathways, by_id), file=STOPS)
