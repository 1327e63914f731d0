"""Accessibility data the loi LOM asks for: wheelchair information on stops and trips, pathways and levels in
stations. Figures for the summary, and findings when they fall below the profile's thresholds."""

from __future__ import annotations

from typing import Any

import polars as pl

from citylint.collector import FindingSink
from citylint.model import EifLayer, Severity
from citylint.validators.fr_nap.base import FrNapRule
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.gtfs.feed import ROW, ensure_columns
from citylint.validators.parameters import FrNapParameters

LOM = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000039666574"
# transport-validator counts a stop or trip as informed when its value is anything but "no information" (0 or
# empty; an unknown value such as 5 counts, as gtfs-structures reads it as ``Availability::Unknown``); a stop
# without information inherits 1 or 2 from its parent station (src/metadatas.rs,
# ``stops_with_wheelchair_info_count``, ``trips_with_wheelchair_info_count``).
INHERITED = (1, 2)


def _informed(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column) != 0)


class WheelchairBoardingIncomplete(
    FrNapRule,
    code="wheelchair_boarding_incomplete",
    severity=Severity.WARNING,
    spec=LOM,
    layer=EifLayer.LEGAL,
    message="{informed} of {total} stops ({share:.0%}) say whether wheelchairs can board; the profile asks "
    "for {minimum:.0%}",
):
    """Too few stops say whether a wheelchair user can board there (`wheelchair_boarding`).

    ## Why it matters
    The loi d'orientation des mobilités (2019, art. 25) and EU Regulation 2017/1926 make accessibility data
    part of what a French transport authority must publish. A stop counts as informed when its
    `wheelchair_boarding` is 1 or 2, or when it inherits 1 or 2 from its parent station — as
    transport.data.gouv.fr's statistics count it. The threshold is the profile parameter
    `min_wheelchair_boarding_share` (default 1.0: every stop).

    ## Example
    A feed where 3 of 10 stops have `wheelchair_boarding` 1 or 2, the others 0 or empty.

    ## Reference
    GTFS reference, `stops.txt` `wheelchair_boarding`; loi n° 2019-1428 (LOM); transport-validator
    `src/metadatas.rs` (`stops_with_wheelchair_info_count`).
    """


class WheelchairAccessibleIncomplete(
    FrNapRule,
    code="wheelchair_accessible_incomplete",
    severity=Severity.WARNING,
    spec=LOM,
    layer=EifLayer.LEGAL,
    message="{informed} of {total} trips ({share:.0%}) say whether they take wheelchairs; the profile asks "
    "for {minimum:.0%}",
):
    """Too few trips say whether their vehicle takes a wheelchair (`wheelchair_accessible`).

    ## Why it matters
    Accessibility data is mandatory under the loi LOM; a trip is informed when `wheelchair_accessible` is 1
    or 2 (transport.data.gouv.fr's `trips_with_wheelchair_info_count`). The threshold is the profile
    parameter `min_wheelchair_accessible_share` (default 1.0).

    ## Example
    `trips.txt` without a `wheelchair_accessible` column.

    ## Reference
    GTFS reference, `trips.txt` `wheelchair_accessible`; loi n° 2019-1428 (LOM).
    """


class StationWithoutPathways(
    FrNapRule,
    code="station_without_pathways",
    severity=Severity.INFO,
    spec=LOM,
    layer=EifLayer.LEGAL,
    message="station {stop_id} ({stop_name}) has no pathway to or from its stops, entrances or nodes",
):
    """A station has no pathway linking its platforms, entrances or nodes.

    ## Why it matters
    Step-free routes inside a station (lifts, ramps, stairs) are what wheelchair users need to plan a
    journey; GTFS describes them in `pathways.txt` and `levels.txt`. Reported only when the profile parameter
    `stations_need_pathways` is true (the fr-nap profile sets it).

    ## Example
    A station `STA` with platforms but no row of `pathways.txt` touching them.

    ## Reference
    GTFS reference, `pathways.txt`; loi n° 2019-1428 (LOM).
    """


RULES = (WheelchairBoardingIncomplete, WheelchairAccessibleIncomplete, StationWithoutPathways)


def _share(informed: int, total: int) -> float | None:
    return round(informed / total, 4) if total else None


def accessibility(model: TvModel, settings: FrNapParameters, sink: FindingSink) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    stops = model.frame("stops.txt")
    if stops is not None:
        stops = ensure_columns(
            stops,
            {
                "stop_id": pl.String,
                "stop_name": pl.String,
                "location_type": pl.Int64,
                "parent_station": pl.String,
                "wheelchair_boarding": pl.Int64,
            },
        )
        parents = stops.select(
            parent_station=pl.col("stop_id"), parent_wb=pl.col("wheelchair_boarding")
        ).unique("parent_station", keep="first")
        linked = stops.join(parents, on="parent_station", how="left")
        informed = linked.filter(
            _informed("wheelchair_boarding") | pl.col("parent_wb").is_in(INHERITED)
        ).height
        figures["stops"] = {
            "total": stops.height,
            "withWheelchairBoarding": informed,
            "share": _share(informed, stops.height),
        }
        _below(
            WheelchairBoardingIncomplete,
            informed,
            stops.height,
            settings.min_wheelchair_boarding_share,
            "stops.txt",
            sink,
        )
        figures["stations"] = _stations(model, stops, settings.stations_need_pathways, sink)
    trips = model.frame("trips.txt")
    if trips is not None:
        trips = ensure_columns(trips, {"wheelchair_accessible": pl.Int64})
        informed = trips.filter(_informed("wheelchair_accessible")).height
        figures["trips"] = {
            "total": trips.height,
            "withWheelchairAccessible": informed,
            "share": _share(informed, trips.height),
        }
        _below(
            WheelchairAccessibleIncomplete,
            informed,
            trips.height,
            settings.min_wheelchair_accessible_share,
            "trips.txt",
            sink,
        )
    figures["hasPathways"] = model.feed.has("pathways.txt")
    figures["hasLevels"] = model.feed.has("levels.txt")
    return figures


def _below(
    rule: type[FrNapRule], informed: int, total: int, minimum: float, filename: str, sink: FindingSink
) -> None:
    if total and informed / total < minimum:
        sink.add(
            rule,
            {
                "filename": filename,
                "informed": informed,
                "total": total,
                "share": informed / total,
                "minimum": minimum,
            },
        )


def _stations(model: TvModel, stops: pl.DataFrame, need_pathways: bool, sink: FindingSink) -> dict[str, Any]:
    stations = stops.filter(pl.col("location_type") == 1)
    pathways = model.frame("pathways.txt")
    linked: pl.Series = pl.Series([], dtype=pl.String)
    if pathways is not None and {"from_stop_id", "to_stop_id"} <= set(pathways.columns):
        ends = pl.concat(
            [pathways.get_column("from_stop_id"), pathways.get_column("to_stop_id")]
        ).drop_nulls()
        linked = (
            stops.filter(pl.col("stop_id").is_in(ends.implode())).get_column("parent_station").drop_nulls()
        )
    without = stations.filter(~pl.col("stop_id").is_in(linked.implode()))
    if need_pathways:
        sink.add_frame(
            StationWithoutPathways,
            without.select(
                filename=pl.lit("stops.txt"),
                csvRowNumber=pl.col(ROW),
                stop_id=pl.col("stop_id"),
                stop_name=pl.col("stop_name").fill_null(""),
            ),
        )
    return {"total": stations.height, "withPathways": stations.height - without.height}
