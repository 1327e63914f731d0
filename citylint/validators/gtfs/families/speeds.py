"""Vehicles that would travel implausibly fast between stops, given the trip's times and the route type.

As MobilityData's StopTimeTravelSpeedValidator does, trips sharing a route and a stop pattern (stop ids with
arrival and departure times) are analysed once and every trip of the group gets the findings. A cheap pass
first clears the trips that provably hold no fast pair (:func:`_suspect_trips`); only the others are grouped
and walked.
"""

from __future__ import annotations

import itertools

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.frames.stop_times import TRIP
from citylint.validators.gtfs.frames.trip_walks import trip_fingerprints, trip_stop_times
from citylint.validators.gtfs.geo import EARTH_RADIUS_METERS, haversine_meters
from citylint.validators.gtfs.geometry import stop_coordinates
from citylint.validators.gtfs.spec import REFERENCE

# getMaxVehicleSpeedKph by route_type; any other type gets the default.
MAX_SPEED_KPH = {
    0: 100.0,
    1: 150.0,
    2: 500.0,
    3: 150.0,
    4: 80.0,
    5: 30.0,
    6: 50.0,
    7: 50.0,
    11: 150.0,
    12: 150.0,
}
DEFAULT_MAX_SPEED_KPH = 200.0
# Under this span, a fast pair is the consecutive rule's business.
FAR_KM = 10.0
# Rows of stop_times.txt walked at a time (whole trips): bounds the walks' intermediate frames.
BATCH_ROWS = 1 << 18
# Marks a trip's first row in a forward fill that must not reach back into the previous trip.
NO_TIME = -(2**31)
# Relative and absolute (km) slack on a hop's length bound: far above the rounding of either measure.
HOP_MARGIN = 1e-6
MESSAGE = (
    "trip {tripId}: {speedKph} km/h over {distanceKm} km from stop {stopId1} (row {csvRowNumber1}) to "
    "stop {stopId2} (row {csvRowNumber2})"
)


class FastTravelBetweenConsecutiveStops(
    GtfsRule,
    code="fast_travel_between_consecutive_stops",
    severity=Severity.WARNING,
    spec=REFERENCE + "#stop_timestxt",
    message=MESSAGE,
):
    """A vehicle would travel too fast between two consecutive stops of a trip.

    ## Why it matters
    The speed implied by the distance and the times exceeds what the route's vehicle type can reach
    (150 km/h for a bus, 500 km/h for rail...): a stop is misplaced or a time is wrong.

    ## Example
    Two consecutive bus stops 6 km apart, departure 08:00:00 and arrival 08:01:00.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `arrival_time` / `departure_time` and `stops.txt` coordinates.
    MobilityData rule `fast_travel_between_consecutive_stops`.
    """


class FastTravelBetweenFarStops(
    GtfsRule,
    code="fast_travel_between_far_stops",
    severity=Severity.WARNING,
    spec=REFERENCE + "#stop_timestxt",
    message=MESSAGE,
):
    """A vehicle would travel too fast between two stops of a trip more than 10 km apart.

    ## Why it matters
    Over a long span small rounding of times cannot explain the speed: the times or the stop positions
    are wrong.

    ## Example
    A bus trip covers 30 km between its third and ninth stop in 5 minutes.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` and `stops.txt`. MobilityData rule
    `fast_travel_between_far_stops`.
    """


RULES = (FastTravelBetweenConsecutiveStops, FastTravelBetweenFarStops)


def trip_batches(stop_times: pl.DataFrame, rows: int | None = None) -> list[pl.DataFrame]:
    """:func:`trip_stop_times` cut into slices of about ``rows`` rows, each holding whole trips (a cut falls
    where a trip begins). Walking a slice at a time bounds the memory of a walk's intermediate frames by the
    slice, not by the feed; the slices are views, no copy."""
    rows = rows or BATCH_ROWS
    if stop_times.height <= rows:
        return [stop_times]
    starts = stop_times.select(pl.arg_where(pl.col("pos") == 0)).to_series()
    wanted = pl.Series(range(rows, stop_times.height, rows), dtype=starts.dtype)
    cuts = (
        starts.gather(starts.search_sorted(wanted, side="left").clip(upper_bound=starts.len() - 1))
        .unique()
        .sort()
    )
    bounds = [0, *(int(c) for c in cuts if 0 < c < stop_times.height), stop_times.height]
    return [stop_times.slice(a, b - a) for a, b in itertools.pairwise(bounds) if b > a]


def _time_between(arrival: pl.Expr, departure: pl.Expr) -> pl.Expr:
    """getTimeBetweenStops: non-advancing time counts a minute; two whole-minute times get a minute more."""
    elapsed = arrival - departure
    return (
        pl.when(elapsed <= 0)
        .then(60)
        .when((arrival % 60 == 0) & (departure % 60 == 0))
        .then(elapsed + 60)
        .otherwise(elapsed)
    )


def _pair_fields(trips: pl.DataFrame) -> list[pl.Expr]:
    del trips
    return [
        pl.col("t_row").alias("tripCsvRowNumber"),
        pl.col("trip_id").alias("tripId"),
        pl.col("route_id").alias("routeId"),
        pl.col("speedKph"),
        pl.col("distanceKm"),
        pl.col("s_row").alias("csvRowNumber1"),
        pl.col("s_seq").alias("stopSequence1"),
        pl.col("s_stop").alias("stopId1"),
        pl.col("s_name").alias("stopName1"),
        pl.col("s_dep").alias("departureTime1"),
        pl.col("e_row").alias("csvRowNumber2"),
        pl.col("e_seq").alias("stopSequence2"),
        pl.col("e_stop").alias("stopId2"),
        pl.col("e_name").alias("stopName2"),
        pl.col("e_arr").alias("arrivalTime2"),
    ]


def _trip_speeds(trips: pl.DataFrame, routes: pl.DataFrame) -> pl.DataFrame:
    """One row per trip of trips.txt on a known route: trip_id, its trips.txt row, route_id and max speed."""
    trips = (
        ensure_columns(trips, {"trip_id": pl.String(), "route_id": pl.String()})
        .filter(pl.col("trip_id").is_not_null())
        .sort(ROW)
        .unique("trip_id", keep="first")
        .select("trip_id", t_row=ROW, route_id=pl.col("route_id").fill_null(""))
    )
    routes = (
        ensure_columns(routes, {"route_id": pl.String(), "route_type": pl.Int64()})
        .filter(pl.col("route_id").is_not_null())
        .sort(ROW)
        .unique("route_id", keep="first")
        .select(
            "route_id",
            max_kph=pl.col("route_type").replace_strict(
                MAX_SPEED_KPH, default=DEFAULT_MAX_SPEED_KPH, return_dtype=pl.Float64
            ),
        )
    )
    return trips.join(routes, on="route_id")


def _groups(speeds: pl.DataFrame, stop_times: pl.DataFrame) -> pl.DataFrame:
    """One row per trip: trip_id, its trips.txt row, route_id, the analysed trip of its group and max
    speed."""
    prints = trip_fingerprints(
        stop_times,
        pl.col("stop_id").fill_null(""),
        pl.col("arrival_time").fill_null(0),
        pl.col("departure_time").fill_null(0),
    )
    # The analysed trip of a group: MobilityData takes the first in its hash map's order; any member gives
    # the same findings, citylint takes the first in trips.txt.
    return (
        prints.join(speeds, on="trip_id")
        .sort("t_row")
        .with_columns(group=pl.struct("route_id", "fingerprint").hash())
        .with_columns(
            analysed=pl.col("trip_id").first().over("group"), analysed_key=pl.col(TRIP).first().over("group")
        )
    )


def _suspect_trips(stop_times: pl.DataFrame, speeds: pl.DataFrame, coords: pl.DataFrame) -> pl.DataFrame:
    """The trips that may hold a fast pair, consecutive or far; every other trip is shown to hold none.

    A trip is cleared when each of its stops has plausible coordinates, each row both times, none of them
    00:00:00 (a null time fingerprints as 0: a cleared trip then only shares its group with cleared
    trips, so the analysed trip of a suspect's group is a suspect), no departure before its arrival, and
    every hop is slow: ``3600 * d < max_kph * (arrival - previous departure)`` with ``d`` an upper bound
    of the hop's great-circle length (a path along a meridian and a parallel, ``R (|dphi| + cos phi
    |dlambda|)``, with a margin far above rounding). Any pair of stops of such a trip then spans less
    distance than the top speed covers in the time between them (the hops' bounds add up, dwells only
    add time, and upstream's time between stops is never below the plain difference), so neither walk
    can find it too fast. On a typical feed few trips are suspect, and only they are walked.

    Columns: ``__trip__`` of the suspect trips (trips absent from trips.txt or on an unknown route are left
    out: they are not walked at all).
    """
    plain = (
        pl.col("lat").is_not_null()
        & pl.col("lon").is_not_null()
        & (pl.col("lat").abs() <= 90.0)
        & (pl.col("lon").abs() <= 180.0)
    )
    located = coords.filter(plain).select(
        "stop_id", phi=pl.col("lat").radians(), lam=pl.col("lon").radians(), c=pl.col("lat").radians().cos()
    )
    firsts = stop_times.filter(pl.col("pos") == 0).select(TRIP, "trip_id")
    top = firsts.join(
        speeds.select("trip_id", "max_kph"), on="trip_id", how="left", maintain_order="left"
    ).get_column("max_kph")
    first = pl.col("pos") == 0
    arr, dep, phi, lam = pl.col("arr"), pl.col("dep"), pl.col("phi"), pl.col("lam")
    bound_km = (
        (phi - phi.shift(1)).abs() + pl.min_horizontal("c", pl.col("c").shift(1)) * (lam - lam.shift(1)).abs()
    ) * (EARTH_RADIUS_METERS / 1000.0 * (1 + HOP_MARGIN)) + HOP_MARGIN
    fast_hop = ~(bound_km * 3600 < pl.col("max_kph") * (arr - dep.shift(1)))
    unclear = (
        phi.is_null()
        | arr.is_null()
        | dep.is_null()
        | (arr == 0)
        | (dep == 0)
        | (dep < arr)
        | (~first & fast_hop)
    )
    found, offset = [], 0
    for batch in trip_batches(stop_times):
        # One lazy query per slice; a trip's maximum speed is gathered by its ordinal in the walk.
        query = (
            batch.lazy()
            .select(
                TRIP,
                "pos",
                "stop_id",
                arr="arrival_time",
                dep="departure_time",
                ordinal=first.cum_sum().cast(pl.UInt32) - 1 + offset,
            )
            .join(located.lazy(), on="stop_id", how="left", maintain_order="left")
            .with_columns(max_kph=pl.lit(top).gather(pl.col("ordinal")))
            .filter(unclear & pl.col("max_kph").is_not_null())
            .select(pl.col(TRIP).unique())
        )
        found.append(query.collect())
        offset += int(batch.select(first.sum()).item())
    return pl.concat(found)


def check(feed: Feed, sink: FindingSink) -> None:
    trips, routes = feed.validator_input("trips.txt"), feed.validator_input("routes.txt")
    if trips is None or routes is None or not feed.usable("stops.txt", "stop_times.txt"):
        return
    if not (sink.wants(FastTravelBetweenConsecutiveStops) or sink.wants(FastTravelBetweenFarStops)):
        return
    speeds = _trip_speeds(trips, routes)
    coords = stop_coordinates(feed)
    everything = trip_stop_times(feed)
    # Only the trips that may hold a fast pair are grouped and walked (rows of whole trips, still in order).
    suspects = _suspect_trips(everything, speeds, coords).get_column(TRIP)
    stop_times = everything.filter(pl.col(TRIP).is_in(suspects.implode())).with_columns(
        pl.col(TRIP).set_sorted()
    )
    members = _groups(speeds, stop_times)
    analysed = members.filter(pl.col(TRIP) == pl.col("analysed_key")).select(TRIP, "max_kph")
    located = coords.select("stop_id", "lat", "lon", si=pl.int_range(pl.len(), dtype=pl.UInt32))
    stops = coords.select("stop_id", "stop_name")
    per_trip = members.select(TRIP, "trip_id", "t_row", "route_id", "analysed", "analysed_key")
    consecutive, far = sink.wants(FastTravelBetweenConsecutiveStops), sink.wants(FastTravelBetweenFarStops)
    # Only the analysed trips are walked, a slice of whole trips at a time; within a slice they are joined on
    # the integer trip key and keep their trip-grouped order. The walk carries no string: a stop is its row in
    # ``stops`` (``si``, null when unknown), and ids and names are looked up for the few pairs found.
    found_consecutive, found_far = [], []
    for batch in trip_batches(stop_times):
        rows = (
            batch.select(TRIP, "stop_id", "pos", "arrival_time", "departure_time", ROW, "stop_sequence")
            .join(analysed, on=TRIP, maintain_order="left")
            .join(located, on="stop_id", how="left", maintain_order="left")
            .select(
                "max_kph",
                "pos",
                "lat",
                "lon",
                "si",
                tk=pl.col(TRIP).set_sorted(),
                g=pl.int_range(pl.len()),
                exists=pl.col("si").is_not_null(),
                arr="arrival_time",
                dep="departure_time",
                row=ROW,
                seq="stop_sequence",
            )
        )
        if consecutive:
            found_consecutive.append(_consecutive(rows))
        if far:
            found_far.append(_far(rows))
        del rows
    if consecutive:
        sink.add_frame(
            FastTravelBetweenConsecutiveStops,
            _report_consecutive(pl.concat(found_consecutive), per_trip, stops),
        )
    if far:
        sink.add_frame(
            FastTravelBetweenFarStops, _report_far(pl.concat(found_far), per_trip, stop_times, stops)
        )


SIDE = ("pos", "lat", "lon", "si", "arr", "dep", "row", "seq")


def _side(prefix: str) -> list[pl.Expr]:
    return [pl.col(c).alias(f"{prefix}{c}") for c in SIDE]


def _stop_fields(found: pl.DataFrame, stops: pl.DataFrame, prefix: str) -> pl.DataFrame:
    """The stop id and name of each found pair's ``prefix`` side, from its row in ``stops``."""
    index = found.get_column(f"{prefix}si")
    return found.with_columns(
        stops.get_column("stop_id").gather(index).alias(f"{prefix}stop"),
        stops.get_column("stop_name").gather(index).alias(f"{prefix}stop_name"),
    )


def _consecutive(rows: pl.DataFrame) -> pl.DataFrame:
    """The walk with upstream's cursor: a stop without coordinates or arrival is passed over (the next pair
    reaches back across it), and once the cursor sits on a stop without departure nothing more is compared."""
    # One lazy query: the filtered and shifted copies of the walk are never materialised whole.
    accepted = (
        rows.lazy()
        .filter(pl.col("lat").is_not_null() & ((pl.col("pos") == 0) | pl.col("arr").is_not_null()))
        # A first stop without coordinates holds the cursor for the whole trip (rows are grouped by
        # trip: the trip's first accepted row tells).
        .filter(
            pl.when(pl.col("tk") != pl.col("tk").shift(1).fill_null(-1))
            .then(pl.col("pos") == 0)
            .forward_fill()
        )
    )
    # accepted is grouped by trip: a plain shift, kept where the row before is of the same trip.
    pairs = (
        accepted.select(
            "tk",
            "max_kph",
            *_side("e_"),
            *(pl.col(c).shift(1).alias(f"s_{c}") for c in SIDE),
            ptk=pl.col("tk").shift(1),
        )
        .filter(pl.col("ptk") == pl.col("tk"))
        # Stuck on the first start without departure: only pairs before it count (a running count of
        # such starts, less its value where the trip's pairs begin).
        .with_columns(stuck=pl.col("s_dep").is_null().cum_sum())
    )
    trip_base = (
        pl.when(pl.col("tk") != pl.col("tk").shift(1).fill_null(-1))
        .then(pl.col("stuck") - pl.col("s_dep").is_null().cast(pl.UInt32))
        .forward_fill()
    )
    found = (
        pairs.filter(pl.col("stuck") == trip_base)
        .with_columns(
            distanceKm=haversine_meters(pl.col("s_lat"), pl.col("s_lon"), pl.col("e_lat"), pl.col("e_lon"))
            / 1000.0
        )
        .with_columns(speedKph=pl.col("distanceKm") * 3600 / _time_between(pl.col("e_arr"), pl.col("s_dep")))
        .filter(pl.col("speedKph") > pl.col("max_kph"))
        .collect()
    )
    return found.select(
        "tk", "speedKph", "distanceKm", *(f"{side}{c}" for side in ("s_", "e_") for c in SIDE)
    )


def _report_consecutive(found: pl.DataFrame, per_trip: pl.DataFrame, stops: pl.DataFrame) -> pl.DataFrame:
    """The pairs :func:`_consecutive` found, reported for every member trip of their groups."""
    # Every member of the group is reported with the analysed trip's rows (accepted rows have coordinates:
    # their stop is known).
    found = _stop_fields(_stop_fields(found, stops, "s_"), stops, "e_")
    return (
        found.rename({"tk": "analysed_key"})
        .join(per_trip, on="analysed_key")
        .with_columns(
            s_dep=hhmmss(pl.col("s_dep").fill_null(0)),
            e_arr=hhmmss(pl.col("e_arr").fill_null(0)),
            s_name=pl.col("s_stop_name").fill_null(""),
            e_name=pl.col("e_stop_name").fill_null(""),
        )
        .sort("t_row", "s_pos")
        .select(_pair_fields(per_trip))
    )


def _far(rows: pl.DataFrame) -> pl.DataFrame:
    """The backward walk from each stop: the first pair (by end stop, then nearest start) that is too fast and
    more than 10 km apart is reported and ends the trip; so does a stop missing from stops.txt at the end of
    a pair, or at the start of a too fast one.

    Every pair of stops would be quadratic, so for the ordinary trip (every stop known, times never going
    back) only the pairs that can qualify are formed: more than 10 km apart (a prefix of starts, by the
    cumulated distance) and less than the end's cumulated distance at the route's top speed apart in time (a
    suffix of starts, by departure). A trip whose times go back but whose stops are all known takes the prefix
    (a known start qualifies only more than 10 km away); other trips take all their pairs.
    """
    # Hop distances as findDistancesKmBetweenStops measures them: from the last stop that resolved (the
    # first stop from latitude 0, longitude 0 if it did not), 0 to a stop that does not resolve.
    anchor = pl.when(pl.col("pos") == 0)
    frame = (
        rows.lazy()
        .with_columns(
            # Every trip's first row is set, so a plain forward fill stays within the trip.
            a_lat=anchor.then(pl.col("lat").fill_null(0.0)).otherwise(pl.col("lat")).forward_fill(),
            a_lon=anchor.then(pl.col("lon").fill_null(0.0)).otherwise(pl.col("lon")).forward_fill(),
        )
        .with_columns(
            hop=pl.when(pl.col("lat").is_null() | (pl.col("pos") == 0))
            .then(0.0)
            .otherwise(
                haversine_meters(
                    pl.col("a_lat").shift(1), pl.col("a_lon").shift(1), pl.col("lat"), pl.col("lon")
                )
                / 1000.0
            )
        )
        .with_columns(
            cum=pl.col("hop").cum_sum().over("tk"),
            last_time=pl.when(pl.col("pos") == 0)
            .then(NO_TIME)
            .otherwise(pl.coalesce("dep", "arr").shift(1))
            .forward_fill(),
        )
        .with_columns(last_time=pl.when(pl.col("last_time") != NO_TIME).then(pl.col("last_time")))
        .with_columns(
            simple=(
                pl.col("exists")
                & (pl.col("arr") >= pl.col("last_time")).fill_null(True)
                & (pl.col("dep") >= pl.col("last_time")).fill_null(True)
                & (pl.col("dep") >= pl.col("arr")).fill_null(True)
            )
            .all()
            .over("tk"),
            known=pl.col("exists").all().over("tk"),
        )
        .with_columns(first_g=pl.when(pl.col("pos") == 0).then(pl.col("g")).forward_fill())
        # Only what the windows and pairs read: the walk is as long as stop_times.txt.
        .select(
            "tk", "g", "pos", "si", "exists", "arr", "dep", "max_kph", "cum", "simple", "known", "first_g"
        )
        .collect()
    )
    # Global sorted keys (trip major) let one search_sorted answer every stop's window at once. Lazy: the
    # keys, windows and candidate ends are never materialised for the whole walk.
    trip_idx = pl.col("tk").cast(pl.Float64) * 1e7
    gcum = trip_idx + pl.col("cum")
    gdep = trip_idx + pl.col("dep").cast(pl.Float64).forward_fill().over("tk").fill_null(-1e6)
    far_target = trip_idx + pl.col("cum") - FAR_KM + 1e-3
    # A pair is too fast only if its time is below its distance (at most the end's cumulated distance) at top
    # speed.
    time_target = (
        trip_idx + pl.col("arr").cast(pl.Float64) - pl.col("cum") * 3600 / pl.col("max_kph") - 1
    ).fill_null(0.0)
    ends = (
        frame.lazy()
        .with_columns(
            hi=gcum.search_sorted(far_target, side="left").cast(pl.Int64) - 1,
            lo=gdep.search_sorted(time_target, side="right").cast(pl.Int64),
        )
        .filter(pl.col("arr").is_not_null() & (pl.col("pos") > 0))
        .with_columns(
            lo=pl.when(pl.col("simple")).then(pl.max_horizontal("lo", "first_g")).otherwise("first_g"),
            hi=pl.when(pl.col("simple") | pl.col("known"))
            .then(pl.min_horizontal("hi", pl.col("g") - 1))
            .otherwise(pl.col("g") - 1),
        )
        .filter(pl.col("hi") >= pl.col("lo"))
    )
    starts = frame.lazy().select(s_g="g", s_pos="pos", s_dep="dep", s_cum="cum", s_exists="exists", s_si="si")
    pairs = (
        ends.select(
            "tk",
            "max_kph",
            e_pos="pos",
            e_arr="arr",
            e_cum="cum",
            e_si="si",
            s_g=pl.int_ranges("lo", pl.col("hi") + 1),
        )
        .explode("s_g")
        .join(starts, on="s_g")
        .filter(pl.col("s_dep").is_not_null())
        .with_columns(distanceKm=pl.col("e_cum") - pl.col("s_cum"))
        .with_columns(speedKph=pl.col("distanceKm") * 3600 / _time_between(pl.col("e_arr"), pl.col("s_dep")))
        .filter(pl.col("speedKph") > pl.col("max_kph"))
        .filter(~pl.col("s_exists") | (pl.col("distanceKm") > FAR_KM))
        .select("tk", "e_pos", "s_pos", "s_exists", "speedKph", "distanceKm", "s_si", "e_si")
        .collect()
    )
    missing_ends = frame.filter(pl.col("arr").is_not_null() & ~pl.col("exists")).select(
        "tk",
        e_pos="pos",
        s_pos=pl.lit(1 << 40, pl.Int64),
        s_exists=pl.lit(False),
        speedKph=pl.lit(None, pl.Float64),
        distanceKm=pl.lit(None, pl.Float64),
        s_si=pl.lit(None, pl.UInt32),
        e_si="si",
    )
    return (
        pl.concat([pairs, missing_ends])
        .sort("tk", "e_pos", pl.col("s_pos"), descending=[False, False, True])
        .group_by("tk")
        .first()
        .filter(pl.col("s_exists"))
    )


def _report_far(
    first: pl.DataFrame, per_trip: pl.DataFrame, stop_times: pl.DataFrame, stops: pl.DataFrame
) -> pl.DataFrame:
    """The pairs :func:`_far` found, reported for every member trip of their groups."""
    # Each member of the group is reported with its own rows at the two positions found (``pos`` numbers a
    # trip's rows in the walk's order); names are the analysed trip's stops'.
    found = first.rename({"tk": "analysed_key"}).join(per_trip, on="analysed_key")
    member_rows = stop_times.filter(pl.col(TRIP).is_in(found.get_column(TRIP).implode())).select(
        TRIP, "pos", row=ROW, seq="stop_sequence", stop="stop_id", arr="arrival_time", dep="departure_time"
    )
    found = found.join(
        member_rows.select(pl.all().name.prefix("s_")),
        left_on=[TRIP, "s_pos"],
        right_on=[f"s_{TRIP}", "s_pos"],
    ).join(
        member_rows.select(pl.all().name.prefix("e_")),
        left_on=[TRIP, "e_pos"],
        right_on=[f"e_{TRIP}", "e_pos"],
    )
    found = found.with_columns(
        s_name=stops.get_column("stop_name").gather(found.get_column("s_si")),
        e_name=stops.get_column("stop_name").gather(found.get_column("e_si")),
    )
    found = found.with_columns(
        s_dep=hhmmss(pl.col("s_dep").fill_null(0)),
        e_arr=hhmmss(pl.col("e_arr").fill_null(0)),
        s_name=pl.col("s_name").fill_null(""),
        e_name=pl.col("e_name").fill_null(""),
    )
    return found.sort("t_row").select(_pair_fields(per_trip))
