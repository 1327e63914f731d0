"""Blocks (one vehicle's sequence of trips): trips of one block running at the same time on the same day, and
blocks whose trips change mode."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, column, ensure_columns
from citylint.validators.gtfs.frames.stop_times import STOP_TIMES, trip_ends
from citylint.validators.gtfs.spec import REFERENCE

TRIPS = "trips.txt"
# MobilityData's names of the route types, as its notices spell them.
ROUTE_TYPE_NAMES = {
    0: "LIGHT_RAIL",
    1: "SUBWAY",
    2: "RAIL",
    3: "BUS",
    4: "FERRY",
    5: "CABLE_TRAM",
    6: "AERIAL_LIFT",
    7: "FUNICULAR",
    11: "TROLLEYBUS",
    12: "MONORAIL",
}
# MobilityData reads any enum value outside the enum as one constant, UNRECOGNIZED (-1).
UNRECOGNIZED = -1
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SERVICE_ADDED = 1
# Times are below 2**31 seconds; one integer orders (block, time) pairs for a single sorted search.
_BLOCK_STRIDE = 2**32


class BlockTripsWithOverlappingStopTimes(
    GtfsRule,
    code="block_trips_with_overlapping_stop_times",
    severity=Severity.ERROR,
    spec=REFERENCE + "#tripstxt",
    message="block {blockId}: trips {tripIdA} (trips.txt row {csvRowNumberA}) and {tripIdB} (row "
    "{csvRowNumberB}) overlap in time on {intersection}",
):
    """Two trips of the same block overlap in time on a day both run.

    ## Why it matters
    A block is one vehicle: two of its trips running at once would need the vehicle in two places, so
    the schedule or the block assignment is wrong.

    ## Example
    Trips `t1` (08:00 to 09:10) and `t2` (09:00 to 10:00) share `block_id` `b1` and a service day. A trip
    ending exactly when the next starts is fine, and so is a hand-over that repeats the same stop time
    on both trips.

    ## Reference
    GTFS Schedule reference, `trips.txt` `block_id`; MobilityData rule
    `block_trips_with_overlapping_stop_times`.
    """


class InconsistentRouteTypeForBlockId(
    GtfsRule,
    code="inconsistent_route_type_for_block_id",
    severity=Severity.WARNING,
    spec=REFERENCE + "#tripstxt",
    message="block {blockId} has trips of routes {routeIds} of different route types ({routeTypes})",
):
    """The trips of one block belong to routes of different route types.

    ## Why it matters
    A block is one vehicle's day of work: a bus does not become a train, so mixed modes reveal a
    mistyped `block_id` or `route_type`.

    ## Example
    Block `b1` has a trip on a bus route (`route_type` 3) and one on a rail route (`route_type` 2).

    ## Reference
    GTFS Schedule reference, `trips.txt` `block_id`; MobilityData rule
    `inconsistent_route_type_for_block_id`.
    """


RULES = (BlockTripsWithOverlappingStopTimes, InconsistentRouteTypeForBlockId)


def check(feed: Feed, sink: FindingSink) -> None:
    trips = feed.frame(TRIPS)
    if trips is None or not feed.usable(TRIPS) or "trip_id" not in trips.columns:
        return
    if "block_id" in trips.columns and sink.wants(InconsistentRouteTypeForBlockId):
        _check_route_types(feed, trips, sink)
    if sink.wants(BlockTripsWithOverlappingStopTimes):
        _check_overlaps(feed, trips, sink)


def _check_route_types(feed: Feed, trips: pl.DataFrame, sink: FindingSink) -> None:
    routes = feed.frame("routes.txt")
    if (
        routes is None
        or not feed.usable("routes.txt")
        or not {"route_id", "route_type"} <= set(routes.columns)
    ):
        return
    if "route_id" not in trips.columns:
        return
    # MobilityData's route map keeps the last row of a route_id; every route_type outside the enum is the one
    # type UNRECOGNIZED.
    known_type = pl.col("route_type").is_in(list(ROUTE_TYPE_NAMES))
    types = (
        routes.filter(pl.col("route_id").is_not_null())
        .unique("route_id", keep="last")
        .select(
            "route_id",
            known=pl.lit(True),
            route_type=pl.when(known_type | pl.col("route_type").is_null())
            .then("route_type")
            .otherwise(UNRECOGNIZED),
        )
    )
    blocked = (
        trips.filter(pl.col("block_id").is_not_null())
        .select(ROW, "block_id", "route_id")
        .join(types, on="route_id", how="left", maintain_order="left")
    )
    # A block can mix route types only if the blocked trips do (most feeds have one mode): then the blocks
    # need not be grouped at all.
    if blocked.select(pl.col("route_type").filter(pl.col("known").fill_null(False)).n_unique()).item() < 2:
        return
    blocks = (
        blocked.group_by("block_id", maintain_order=True)
        .agg(
            routeIds=pl.col("route_id").drop_nulls().unique(maintain_order=True),
            types=pl.col("route_type").filter(pl.col("known").fill_null(False)).unique(maintain_order=True),
        )
        .filter(pl.col("types").list.len() >= 2)
    )
    names = (
        pl.col("types")
        .list.eval(
            pl.element().replace_strict(
                {**ROUTE_TYPE_NAMES, UNRECOGNIZED: "UNRECOGNIZED"}, default="", return_dtype=pl.String
            )
        )
        .list.join(", ")
    )
    sink.add_frame(
        InconsistentRouteTypeForBlockId,
        blocks.select(blockId="block_id", routeIds=pl.col("routeIds").list.join(", "), routeTypes=names),
        file=TRIPS,
    )


def _trip_spans(feed: Feed) -> pl.DataFrame:
    """Each trip's first and last stop times' four times, for trips where all four are set."""
    return (
        trip_ends(feed)
        .select(
            "trip_id",
            first_arrival="first_arrival_time",
            first_departure="first_departure_time",
            last_arrival="last_arrival_time",
            last_departure="last_departure_time",
        )
        .drop_nulls()
    )


def _check_overlaps(feed: Feed, trips: pl.DataFrame, sink: FindingSink) -> None:
    stop_times = feed.frame(STOP_TIMES)
    if stop_times is None or not feed.usable(STOP_TIMES) or stop_times.height == 0 or trips.height == 0:
        return
    # MobilityData expands the calendars for this check: a calendar file that failed silences it.
    if not feed.usable("calendar.txt", "calendar_dates.txt") or "block_id" not in trips.columns:
        return
    service = column(trips, "service_id", pl.String)
    # Each block's trips by (first arrival, last departure), ties in trips.txt order.
    spans = (
        trips.filter(pl.col("block_id").is_not_null())
        .select(ROW, "trip_id", "block_id", service_id=service.fill_null(""))
        .join(_trip_spans(feed), on="trip_id")
        .with_columns(block=pl.col("block_id").cast(pl.Categorical).to_physical().cast(pl.Int64))
        .sort("block", "first_arrival", "last_departure", ROW)
    )
    if spans.height < 2:
        return
    # A trip is compared with the later trips of its block until one starts at or after its last departure:
    # since starts are sorted, those are the trips up to the first start >= that departure.
    starts = spans.select(pl.col("block") * _BLOCK_STRIDE + pl.col("first_arrival")).to_series()
    ends = spans.select(pl.col("block") * _BLOCK_STRIDE + pl.col("last_departure")).to_series()
    spans = spans.with_columns(index=pl.int_range(pl.len()), stop=starts.search_sorted(ends, side="left"))
    pairs = (
        spans.select(
            a="index", b=pl.int_ranges(pl.col("index") + 1, pl.max_horizontal("stop", pl.col("index") + 1))
        )
        .explode("b")
        .drop_nulls()
    )
    if pairs.height == 0:
        return
    side = spans.drop("stop", "block")
    pairs = (
        pairs.join(side, left_on="a", right_on="index")
        .join(side, left_on="b", right_on="index", suffix="_b")
        # Repeating the stop time on both trips of a hand-over is how agencies model it: not an overlap.
        .filter(
            (pl.col("last_arrival") != pl.col("first_arrival_b"))
            | (pl.col("last_departure") != pl.col("first_departure_b"))
        )
    )
    if pairs.height == 0:
        return
    shared = _first_shared_dates(feed, pairs.select("service_id", "service_id_b").unique())
    found = pairs.join(shared, on=["service_id", "service_id_b"]).sort("a", "b")
    sink.add_frame(
        BlockTripsWithOverlappingStopTimes,
        found.select(
            csvRowNumberA=pl.col(ROW),
            tripIdA="trip_id",
            serviceIdA="service_id",
            csvRowNumberB=pl.col(f"{ROW}_b"),
            tripIdB="trip_id_b",
            serviceIdB="service_id_b",
            blockId="block_id",
            intersection=pl.col("date").dt.strftime("%Y%m%d"),
        ),
        file=TRIPS,
    )


def _first_shared_dates(feed: Feed, pairs: pl.DataFrame) -> pl.DataFrame:
    """For service pairs (service_id, service_id_b), the first date both run (column date); pairs that share
    no date are left out."""
    dates = _service_dates(
        feed, pl.concat([pairs.get_column("service_id"), pairs.get_column("service_id_b")])
    )
    return (
        pairs.join(dates, on="service_id")
        .join(dates.rename({"service_id": "service_id_b"}), on=["service_id_b", "date"])
        .group_by("service_id", "service_id_b")
        .agg(pl.col("date").min())
    )


def _service_dates(feed: Feed, services: pl.Series) -> pl.DataFrame:
    """The active dates (service_id, date) of ``services``: calendar.txt's weekly pattern over its range, plus
    calendar_dates.txt's additions, minus its removals (MobilityData's ServicePeriod).

    Only the services asked for are expanded: a calendar's range may be decades wide.
    """
    wanted = services.implode()
    frames = []
    calendar = feed.frame("calendar.txt")
    if calendar is not None and {"service_id", "start_date", "end_date"} <= set(calendar.columns):
        calendar = ensure_columns(calendar, {day: pl.Int64() for day in WEEKDAYS})
        # A later row of the same service_id replaces an earlier one; an end before the start is the start.
        rows = (
            calendar.filter(
                pl.col("service_id").is_in(wanted)
                & pl.col("start_date").is_not_null()
                & pl.col("end_date").is_not_null()
            )
            .unique("service_id", keep="last")
            .select(
                "service_id",
                *WEEKDAYS,
                date=pl.date_ranges("start_date", pl.max_horizontal("start_date", "end_date")),
            )
        )
        weekday = pl.col("date").dt.weekday()  # Monday is 1
        # MobilityData tests the lowest bit of the value: 1, and any value outside the enum (read as -1),
        # runs.
        runs = pl.coalesce(
            [pl.when(weekday == i).then(pl.col(day).fill_null(0) != 0) for i, day in enumerate(WEEKDAYS, 1)]
        )
        days = rows.explode("date").filter(runs)
        frames.append(days.select("service_id", "date"))
    exceptions = feed.frame("calendar_dates.txt")
    removed = None
    if exceptions is not None and {"service_id", "date", "exception_type"} <= set(exceptions.columns):
        exceptions = exceptions.filter(pl.col("service_id").is_in(wanted) & pl.col("date").is_not_null())
        added = pl.col("exception_type") == SERVICE_ADDED
        frames.append(exceptions.filter(added.fill_null(False)).select("service_id", "date"))
        removed = exceptions.filter(~added.fill_null(False)).select("service_id", "date")
    if not frames:
        return pl.DataFrame(schema={"service_id": pl.String, "date": pl.Date})
    dates = pl.concat(frames).unique()
    if removed is not None:
        dates = dates.join(removed, on=["service_id", "date"], how="anti")
    return dates
