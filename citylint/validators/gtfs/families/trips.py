"""What a trip tells riders: its headsign against the stops it calls at, and bikes on ferries."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.stop_times import (
    STOP_TIMES,
    same_trip_as_next,
    sorted_stop_times,
    trip_ends,
)
from citylint.validators.gtfs.spec import REFERENCE

TRIPS = "trips.txt"
FERRY = 4
# bikes_allowed values that answer the question (1 allowed, 2 not allowed); empty, 0 and unknown values
# do not.
BIKES_ANSWERED = (1, 2)


class TripHeadsignMatchesIntermediateStop(
    GtfsRule,
    code="trip_headsign_matches_intermediate_stop",
    severity=Severity.INFO,
    spec=REFERENCE + "#tripstxt",
    message="trips.txt row {csvRowNumber}: trip {tripId}'s headsign {tripHeadsign!r} is the name of stop "
    "{stopId1} (stop_sequence {stopSequence}), not of its last stop {stopId2}",
):
    """A trip's headsign is the name of one of its stops other than the last.

    ## Why it matters
    The headsign tells riders where the vehicle is going; naming a stop it has already passed sends
    anyone boarding after that stop the wrong way.

    ## Example
    Trip `t1` with `trip_headsign` = `Central` calls at stop `Central` second and ends at `Harbour`.
    Names are compared ignoring case. As MobilityData does, the check stops at the first circular trip
    (first stop = last stop) and says nothing about the trips after it in `trips.txt`.

    ## Reference
    GTFS Schedule reference, `trips.txt` `trip_headsign`: the text that appears on signage identifying
    the trip's destination; MobilityData rule `trip_headsign_matches_intermediate_stop`.
    """


class MissingBikeAllowance(
    GtfsRule,
    code="missing_bike_allowance",
    severity=Severity.WARNING,
    spec=REFERENCE + "#tripstxt",
    message="trips.txt row {csvRowNumber}: ferry trip {tripId} (route {routeId}) does not "
    "say whether bikes are allowed",
):
    """A ferry trip does not say whether bikes are allowed.

    ## Why it matters
    Cyclists plan around ferries; without `bikes_allowed` they cannot know whether they may board.

    ## Example
    A trip of a route with `route_type` = `4` (ferry) whose `bikes_allowed` is empty, `0` or unknown.

    ## Reference
    GTFS Schedule reference, `trips.txt` `bikes_allowed`; MobilityData rule `missing_bike_allowance`.
    """


RULES = (TripHeadsignMatchesIntermediateStop, MissingBikeAllowance)


def check(feed: Feed, sink: FindingSink) -> None:
    trips = feed.frame(TRIPS)
    if trips is None or not feed.usable(TRIPS) or "trip_id" not in trips.columns:
        return
    if sink.wants(MissingBikeAllowance):
        _check_bikes(feed, trips, sink)
    if sink.wants(TripHeadsignMatchesIntermediateStop):
        _check_headsigns(feed, trips, sink)


def _check_bikes(feed: Feed, trips: pl.DataFrame, sink: FindingSink) -> None:
    routes = feed.frame("routes.txt")
    if (
        routes is None
        or not feed.usable("routes.txt")
        or not {"route_id", "route_type"} <= set(routes.columns)
    ):
        return
    if "route_id" not in trips.columns:
        return
    # By ferry route in routes.txt order (a route listed twice lists its trips twice), then trips.txt order.
    ferries = routes.filter(pl.col("route_id").is_not_null() & (pl.col("route_type") == FERRY)).select(
        "route_id"
    )
    trips = ensure_columns(trips, {"bikes_allowed": pl.Int64()})
    unanswered = ~pl.col("bikes_allowed").is_in(BIKES_ANSWERED).fill_null(False)
    found = ferries.join(trips.filter(unanswered), on="route_id", maintain_order="left")
    sink.add_frame(
        MissingBikeAllowance,
        found.select(csvRowNumber=pl.col(ROW), routeId="route_id", tripId="trip_id"),
        file=TRIPS,
    )


def _equal_ignoring_case(text: pl.Expr) -> pl.Expr:
    """A comparison key for Java's equalsIgnoreCase (same length, equal letter by letter in either case)."""
    return pl.concat_str(
        text.str.len_chars().cast(pl.String), pl.lit(":"), text.str.to_uppercase().str.to_lowercase()
    )


def _check_headsigns(feed: Feed, trips: pl.DataFrame, sink: FindingSink) -> None:
    if "trip_headsign" not in trips.columns or not feed.usable(STOP_TIMES):
        return
    candidates = trips.filter(pl.col("trip_headsign").is_not_null() & pl.col("trip_id").is_not_null()).select(
        ROW, "trip_id", "trip_headsign", candidate=pl.int_range(pl.len())
    )
    if candidates.height == 0 or feed.frame(STOP_TIMES) is None:
        return
    stops = feed.frame("stops.txt")
    if not feed.usable("stops.txt"):
        return
    ends = trip_ends(feed).select(
        "trip_id", stops="count", first_stop="first_stop_id", last_stop="last_stop_id"
    )
    candidates = candidates.join(ends, on="trip_id", how="left", maintain_order="left")
    # MobilityData leaves the whole check at the first circular trip (a trip of two stop times or more that
    # ends where it began), so only the candidates before it count.
    circular = candidates.filter(
        (pl.col("stops") >= 2) & pl.col("first_stop").eq_missing(pl.col("last_stop"))
    )
    if circular.height:
        candidates = candidates.filter(pl.col("candidate") < circular.get_column("candidate").min())
    candidates = candidates.filter(pl.col("stops") >= 2)
    if stops is None or candidates.height == 0 or not {"stop_id", "stop_name"} <= set(stops.columns):
        return
    # Stops whose name is some candidate's headsign (first row per stop_id, as MobilityData's index keeps it).
    named = (
        stops.filter(pl.col("stop_id").is_not_null() & pl.col("stop_name").is_not_null())
        .unique("stop_id", keep="first", maintain_order=True)
        .select("stop_id", key=_equal_ignoring_case(pl.col("stop_name")))
    )
    wanted = candidates.select(
        "trip_id",
        "trip_headsign",
        ROW,
        "candidate",
        "last_stop",
        key=_equal_ignoring_case(pl.col("trip_headsign")),
    )
    named = named.join(wanted.select("key").unique(), on="key", how="semi")
    if named.height == 0:
        return
    ordered = sorted_stop_times(feed)
    if "stop_id" not in ordered.columns:
        return
    passed = ordered.filter(
        same_trip_as_next() & pl.col("stop_id").is_in(named.get_column("stop_id").implode())
    ).select("trip_id", "stop_id", "stop_sequence", order=pl.int_range(pl.len()))
    found = wanted.join(passed, on="trip_id").join(named, on=["stop_id", "key"]).sort("candidate", "order")
    sink.add_frame(
        TripHeadsignMatchesIntermediateStop,
        found.select(
            csvRowNumber=pl.col(ROW),
            tripId="trip_id",
            tripHeadsign="trip_headsign",
            stopId1="stop_id",
            stopSequence=pl.col("stop_sequence").fill_null(0),
            stopId2=pl.col("last_stop").fill_null(""),
        ),
        file=TRIPS,
    )
