"""Travel between consecutive stops of each trip: too close, too fast, too slow, null or negative durations
(transport-validator's ``duration_distance`` validator), on sorted stop times with group-wise shifts."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.fr_nap.modes import route_mode
from citylint.validators.fr_nap.object_checks import distance
from citylint.validators.fr_nap.trip_checks import ordered_stop_times
from citylint.validators.gtfs.feed import ROW

CLOSE_METERS = 10.0
NULL_DURATION_METERS = 500.0
SLOW_METERS_PER_SECOND = 0.1
# Messages name both stops and say the measure in words, from number fields (``distanceMeters``,
# ``durationSeconds``, ``speedKmh``, rounded as a person writes them) so that every language can word them;
# the ``details`` field keeps transport-validator's own English text.
_STOPS = "stops {objectId} ({objectName}) → {otherStopId} ({otherStopName}): "
_ROUTES = " (routes {routes})"
_SPEED = "computed speed between the stops is {speedKmh:g} km/h ({distanceMeters:g} m in {durationSeconds} s)"


class CloseStops(
    FrNapRule,
    code="close_stops",
    issue_type="CloseStops",
    tv_severity=TvSeverity.INFORMATION,
    message=_STOPS + "{distanceMeters:g} m apart" + _ROUTES,
):
    """Two consecutive stops of a trip are less than 10 m apart.

    ## Why it matters
    Often the same stop entered twice, or coordinates copied from one stop to the next. One issue per pair of
    stops, naming every route involved once.

    ## Example
    Consecutive stops `close1` and `close2`, 0.07 m apart.

    ## Reference
    transport-validator `src/validators/duration_distance.rs` (issue type `CloseStops`, Information).
    """


class NullDuration(
    FrNapRule,
    code="null_duration",
    issue_type="NullDuration",
    tv_severity=TvSeverity.WARNING,
    message=_STOPS + "travel duration is null, but the stops are {distanceMeters:g} m apart" + _ROUTES,
):
    """A trip takes no time between two consecutive stops more than 500 m apart.

    ## Why it matters
    Timetables rounded to the minute give zero durations between close stops, but not over 500 m: the times
    are wrong.

    ## Example
    Departure 14:00:00 from one stop, arrival 14:00:00 at the next, 5 km away.

    ## Reference
    transport-validator `src/validators/duration_distance.rs` (issue type `NullDuration`, Warning).
    """


class ExcessiveSpeed(
    FrNapRule,
    code="excessive_speed",
    issue_type="ExcessiveSpeed",
    tv_severity=TvSeverity.INFORMATION,
    message=_STOPS + _SPEED + _ROUTES,
):
    """A trip goes between two consecutive stops faster than its mode's limit.

    ## Why it matters
    The speed reveals misplaced stops or wrong times. Limits in km/h: tramway 100, subway 140, rail 320,
    bus 120, ferry 90, cable car 30, gondola 45, funicular 40, coach 120, air 1000, taxi 50, other 120; the
    profile parameters `max_<mode>_speed` replace them, as transport-validator's custom-rules file does.

    ## Example
    A bus covering 5,430 km in 60 seconds (a stop at 0,0).

    ## Reference
    transport-validator `src/validators/duration_distance.rs` and `src/custom_rules.rs` (issue type
    `ExcessiveSpeed`, Information).
    """


class NegativeTravelTime(
    FrNapRule,
    code="negative_travel_time",
    issue_type="NegativeTravelTime",
    tv_severity=TvSeverity.WARNING,
    message=_STOPS + "the travel time is {durationSeconds} s" + _ROUTES,
):
    """A trip arrives at a stop before it left the previous one.

    ## Why it matters
    Times out of order break every journey planner's search.

    ## Example
    Departure 15:00:00 from one stop, arrival 14:00:00 at the next.

    ## Reference
    transport-validator `src/validators/duration_distance.rs` (issue type `NegativeTravelTime`, Warning).
    """


class Slow(
    FrNapRule,
    code="slow",
    issue_type="Slow",
    tv_severity=TvSeverity.INFORMATION,
    message=_STOPS + _SPEED + _ROUTES,
):
    """A trip goes between two consecutive stops at less than 0.1 m/s (0.36 km/h).

    ## Why it matters
    Usually a wrong time (an hour too late) or a stop placed on top of another.

    ## Example
    An hour to cover 15 m between consecutive stops.

    ## Reference
    transport-validator `src/validators/duration_distance.rs` (issue type `Slow`, Information).
    """


RULES: tuple[type[FrNapRule], ...] = (CloseStops, NullDuration, ExcessiveSpeed, NegativeTravelTime, Slow)
_KINDS = {rule.rule.code: rule for rule in RULES}


def check(model: TvModel, sink: FindingSink, limits_kmh: Mapping[str, float]) -> None:
    ordered = ordered_stop_times(model)
    trips = model.frame("trips.txt")
    routes = model.frame("routes.txt")
    if ordered is None or trips is None or routes is None or not any(sink.wants(r) for r in RULES):
        return
    route_of = trips.select("trip_id", "route_id").join(
        routes.select("route_id", "route_type"), on="route_id", how="left"
    )
    if route_of.get_column("route_type").null_count():
        # a trip names a missing route: transport-validator gives up here (InvalidReference is reported)
        return
    limits = pl.DataFrame({"mode": list(limits_kmh), "limit": [v / 3.6 for v in limits_kmh.values()]})
    route_of = (
        route_of.with_columns(mode=route_mode(pl.col("route_type")))
        .join(limits, on="mode", how="left")
        .select("trip_id", "route_id", "limit")
    )
    stops = (
        model.stops()
        .select(
            "stop_id", name=pl.col("stop_name").fill_null(""), lat=pl.col("stop_lat"), lon=pl.col("stop_lon")
        )
        .unique("stop_id", keep="first")
    )
    legs = (
        ordered.select(
            ROW,
            "trip_id",
            "stop_id",
            "departure_time",
            next_stop=pl.col("stop_id").shift(-1).over("trip_id"),
            next_arrival=pl.col("arrival_time").shift(-1).over("trip_id"),
        )
        .filter(pl.col("next_stop").is_not_null())
        .join(stops, on="stop_id")
        .join(
            stops.rename({"stop_id": "next_stop", "name": "next_name", "lat": "next_lat", "lon": "next_lon"}),
            on="next_stop",
        )
        .drop_nulls(["departure_time", "next_arrival", "lat", "lon", "next_lat", "next_lon"])
        .join(route_of, on="trip_id")
    )
    meters = distance(pl.col("lat"), pl.col("lon"), pl.col("next_lat"), pl.col("next_lon"))
    legs = legs.with_columns(
        meters=meters, seconds=(pl.col("next_arrival") - pl.col("departure_time")).cast(pl.Float64)
    )
    speed = pl.col("meters") / pl.col("seconds")
    seconds = pl.col("seconds")
    kind = (
        pl.when(pl.col("meters") < CLOSE_METERS)
        .then(pl.lit("close_stops"))
        .when((seconds == 0) & (pl.col("meters") > NULL_DURATION_METERS))
        .then(pl.lit("null_duration"))
        .when((seconds > 0) & (speed > pl.col("limit")))
        .then(pl.lit("excessive_speed"))
        .when(seconds < 0)
        .then(pl.lit("negative_travel_time"))
        .when((seconds > 0) & (speed < SLOW_METERS_PER_SECOND))
        .then(pl.lit("slow"))
    )
    kmh = (speed * 3.6).round(2).cast(pl.String)
    details = (
        pl.when(pl.col("kind") == "close_stops")
        .then(
            pl.format("distance between the stops is {} meter(s)", pl.col("meters").round(0).cast(pl.Int64))
        )
        .when(pl.col("kind") == "null_duration")
        .then(
            pl.format(
                "travel duration is null, but there are {} meters between the stops",
                pl.col("meters").round(0).cast(pl.Int64),
            )
        )
        .when(pl.col("kind") == "negative_travel_time")
        .then(pl.format("duration is {} seconds", seconds.cast(pl.Int64)))
        .otherwise(
            pl.format(
                "computed speed between the stops is {} km/h ({} m travelled in {} seconds)",
                kmh,
                pl.col("meters").round(0).cast(pl.Int64),
                seconds.cast(pl.Int64),
            )
        )
    )
    flagged = legs.with_columns(kind=kind).filter(pl.col("kind").is_not_null()).with_columns(details=details)
    first, second = pl.min_horizontal("stop_id", "next_stop"), pl.max_horizontal("stop_id", "next_stop")
    issues = (
        flagged.sort(ROW)
        .with_columns(pair_a=first, pair_b=second)
        .group_by("pair_a", "pair_b", "kind", maintain_order=True)
        .agg(
            pl.col(ROW).first(),
            pl.col("stop_id").first(),
            pl.col("name").first(),
            pl.col("next_stop").first(),
            pl.col("next_name").first(),
            pl.col("details").first(),
            pl.col("meters").first(),
            pl.col("seconds").first(),
            routes=pl.col("route_id").unique(maintain_order=True).str.join(", "),
        )
    )
    for code, rule in _KINDS.items():
        sink.add_frame(
            rule,
            issues.filter(pl.col("kind") == code).select(
                filename=pl.lit("stop_times.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("Stop"),
                objectId=pl.col("stop_id"),
                objectName=pl.col("name"),
                otherStopId=pl.col("next_stop"),
                otherStopName=pl.col("next_name"),
                details=pl.col("details"),
                routes=pl.col("routes"),
                distanceMeters=_human(pl.col("meters")),
                durationSeconds=pl.col("seconds").cast(pl.Int64),
                speedKmh=_human(
                    pl.when(pl.col("seconds") > 0).then(pl.col("meters") / pl.col("seconds") * 3.6)
                ),
            ),
        )


def _human(value: pl.Expr) -> pl.Expr:
    """citylint.localize.human_round, columnar: whole above 100, one decimal above 10, two below."""
    magnitude = value.abs()
    return (
        pl.when(magnitude >= 100)
        .then(value.round(0))
        .when(magnitude >= 10)
        .then(value.round(1))
        .otherwise(value.round(2))
    )
