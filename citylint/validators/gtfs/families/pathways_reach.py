"""Reachability in the pathway graph: every platform, boarding area and generic node of a station with
pathways must be reachable from an entrance and lead to an exit.

The graph walk is a breadth-first search run on whole frames: each step joins the current frontier with the
edges and keeps the locations not seen yet, until no new one appears. Python loops over BFS levels (the
graph's depth, a handful), never over locations.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.pathways import BIDIRECTIONAL, PATHWAYS_SPEC, parents, pathways_table
from citylint.validators.gtfs.frames.stops import (
    BOARDING_AREA,
    ENTRANCE,
    GENERIC_NODE,
    STATION,
    STOP,
    STOPS,
    stops_by_id,
    stops_table,
)


class PathwayUnreachableLocation(
    GtfsRule,
    code="pathway_unreachable_location",
    severity=Severity.ERROR,
    spec=PATHWAYS_SPEC,
    message="stops.txt row {csvRowNumber}: {stopId} (in {parentStation}) is not "
    "linked both ways: reached from an entrance {hasEntrance}, leads to an "
    "exit {hasExit}",
):
    """A platform, boarding area or generic node of a station lacks a pathway from an entrance or to an exit.

    ## Why it matters
    Once a station describes its pathways, riders are routed through them only: a location they lead to but
    not away from (or the reverse) traps or strands them.

    ## Example
    Entrance `E1` and platform `P1` joined by one one-way pathway `PW1,E1,P1,1,0`: `P1` has no way out.

    ## Reference
    GTFS Schedule reference, `pathways.txt`: "pathways must be exhaustive in a station": all locations of a
    station with pathways must be linked.
    """


RULES = (PathwayUnreachableLocation,)
# MobilityData's StopUtil.getIncludingStation looks three locations up at most (a guard against parent
# cycles).
STATION_HOPS = 3


def _including_station(by_id: pl.DataFrame) -> pl.DataFrame:
    """stop_id → the station it is or belongs to (``__station__``), walking up parent_station three lookups at
    most, as MobilityData does; locations whose walk finds no station are left out."""
    lookup = by_id.select(
        __at__=pl.col("stop_id"), __at_type__=pl.col("__type__"), __at_parent__=pl.col("parent_station")
    )
    walk = by_id.select("stop_id", __at__=pl.col("stop_id"), __station__=pl.lit(None, dtype=pl.String))
    for _ in range(STATION_HOPS):
        walk = walk.join(lookup, on="__at__", how="left").select(
            "stop_id",
            __station__=pl.coalesce(
                "__station__", pl.when(pl.col("__at_type__") == STATION).then(pl.col("__at__"))
            ),
            # Stop climbing once a station is found, or when the location or its parent is missing.
            __at__=pl.when(pl.col("__station__").is_null() & (pl.col("__at_type__") != STATION)).then(
                pl.col("__at_parent__")
            ),
        )
    return walk.filter(pl.col("__station__").is_not_null()).select("stop_id", "__station__")


def _reach(seeds: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """Every node reachable from ``seeds`` (column ``node``) along ``edges`` (``src`` → ``dst``), seeds
    included."""
    visited = seeds.unique()
    frontier = visited
    while frontier.height:  # one iteration per BFS level
        frontier = (
            frontier.join(edges, left_on="node", right_on="src")
            .select(node=pl.col("dst"))
            .unique()
            .join(visited, on="node", how="anti")
        )
        visited = pl.concat([visited, frontier])
    return visited


def _edges(pathways: pl.DataFrame, forward: bool) -> pl.DataFrame:
    """The pathways as directed edges for one direction of the search; a bidirectional pathway goes both ways.
    Ends that name no stop stay nodes: MobilityData walks through them."""
    start, end = ("from_stop_id", "to_stop_id") if forward else ("to_stop_id", "from_stop_id")
    both_ways = pathways.filter(pl.col("is_bidirectional") == BIDIRECTIONAL)
    return (
        pl.concat(
            [
                pathways.select(src=pl.col(start), dst=pl.col(end).fill_null("")),
                both_ways.select(src=pl.col(end), dst=pl.col(start).fill_null("")),
            ]
        )
        .filter(pl.col("src").is_not_null())
        .unique()
    )


def unreachable(feed: Feed) -> pl.DataFrame | None:
    pathways, stops, by_id = pathways_table(feed), stops_table(feed), stops_by_id(feed)
    if pathways is None or stops is None or by_id is None or pathways.height == 0:
        return None
    station_of = _including_station(by_id)
    touched = pl.concat(
        [pathways.select(stop_id=pl.col(end)) for end in ("from_stop_id", "to_stop_id")]
    ).unique()
    # Stations none of whose locations a pathway touches are exempt altogether.
    stations = touched.join(station_of, on="stop_id").select(__station__=pl.col("__station__")).unique()
    if stations.height == 0:
        return None
    # Seeded with every entrance of the feed (all rows, duplicated ids too), not only the station's own.
    entrances = stops.filter((pl.col("__type__") == ENTRANCE) & pl.col("stop_id").is_not_null()).select(
        node=pl.col("stop_id")
    )
    from_entrances = _reach(entrances, _edges(pathways, forward=True)).select(
        stop_id=pl.col("node"), hasEntrance=pl.lit(True)
    )
    to_exits = _reach(entrances, _edges(pathways, forward=False)).select(
        stop_id=pl.col("node"), hasExit=pl.lit(True)
    )
    has_areas = parents(feed).select("stop_id", __has_areas__=pl.lit(True))
    # A platform with boarding areas needs no pathway of its own: its boarding areas are checked instead.
    in_scope = pl.col("__type__").is_in((GENERIC_NODE, BOARDING_AREA)) | (
        (pl.col("__type__") == STOP) & pl.col("__has_areas__").is_null()
    )
    return (
        stops.filter(pl.col("stop_id").is_not_null())
        .join(station_of, on="stop_id", how="inner", maintain_order="left")
        .join(stations, on="__station__", how="semi", maintain_order="left")
        .join(has_areas, on="stop_id", how="left", maintain_order="left")
        .filter(in_scope)
        .join(from_entrances, on="stop_id", how="left", maintain_order="left")
        .join(to_exits, on="stop_id", how="left", maintain_order="left")
        .with_columns(pl.col("hasEntrance", "hasExit").fill_null(False))
        .filter(~(pl.col("hasEntrance") & pl.col("hasExit")))
        .sort(ROW)
        .select(
            csvRowNumber=pl.col(ROW),
            stopId=pl.col("stop_id"),
            stopName=pl.col("stop_name").fill_null(""),
            locationType=pl.col("__type__"),
            parentStation=pl.col("parent_station").fill_null(""),
            hasEntrance="hasEntrance",
            hasExit="hasExit",
        )
    )


def check(feed: Feed, sink: FindingSink) -> None:
    if not sink.wants(PathwayUnreachableLocation):
        return
    found = unreachable(feed)
    if found is not None:
        sink.add_frame(PathwayUnreachableLocation, found, file=STOPS)
