"""Stops matched to the shape their trip follows (MobilityData's ShapeToStopMatchingValidator).

Trips sharing a shape and a stop pattern (stop ids and ``shape_dist_traveled``) are matched once, by the
first of them in trips.txt. Two passes, as upstream's:

- the geo pass: each stop's candidate places on the shape are the local minima of its distance to the shape
  within 100 m (400 m for the first and last stop of a rail trip), found by joining stops to the shape's
  segments through a coarse grid, then cutting runs of consecutive close segments where the shape turns
  back towards the stop, as upstream's scan does; a stop without candidates is too far, one with more than
  20 has too many, and stops whose candidates admit no order along the shape are out of order;
- the user-distance pass, when the trip's last stop and the shape's last point have a positive
  ``shape_dist_traveled``: a stop with a distance is placed where the shape's running distance reaches it
  (searching on from the previous such stop's vertex: a cumulative maximum over the trip), a stop without
  one falls back on its geo candidates (and abandons the pass when it has none); the placements are
  checked for order, then each one further than 100 m from its stop is too far.

A stop is reported too far at most once per shape, by whichever pass and trip (in trips.txt order) finds
it first. Each notice of the other kinds is reported by each pass that finds it.
"""

from __future__ import annotations

import math

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.frames.shapes import sorted_shape_points
from citylint.validators.gtfs.frames.stop_times import TRIP
from citylint.validators.gtfs.frames.trip_walks import trip_fingerprints, trip_stop_times
from citylint.validators.gtfs.geo import EARTH_RADIUS_METERS, haversine_meters
from citylint.validators.gtfs.geometry import (
    APPROX_EQUAL_RADIANS,
    angle_meters,
    lat_lon_degrees,
    named,
    norm,
    stop_coordinates,
    unit_vector,
    vec,
    with_closest_on_edge,
    with_interpolated,
)
from citylint.validators.gtfs.spec import REFERENCE

MAX_DISTANCE_METERS = 100.0
LARGE_STATION_MULTIPLIER = 4.0
TOO_MANY_MATCHES = 20
RAIL = 2
# Grid cell of the segment/stop join, in degrees of latitude (about 1.1 km).
CELL_DEGREES = 0.01
# Probes (shape, stop location, threshold) matched against the shapes' segments at a time.
PROBE_BATCH = 2048
METERS_PER_DEGREE = 6_371_010.0 * math.pi / 180.0
# MathUtil.DOUBLE_STD_ERR: two user distances this close (absolutely or relatively) are equal.
DOUBLE_STD_ERR = 32e-9
GEO, USER = 0, 1
# Relative and absolute (radians) slack of the probe x segment prefilter.
REACH_MARGIN = 1e-9
# Cell rows and columns (latitude and longitude / CELL_DEGREES) fit in this span, packed in one join key.
_CELL_SPAN = 1 << 16


class StopTooFarFromShape(
    GtfsRule,
    code="stop_too_far_from_shape",
    severity=Severity.WARNING,
    spec=REFERENCE + "#shapestxt",
    message="trip {tripId}: stop {stopId} (stop_times row {stopTimeCsvRowNumber}) is "
    "{geoDistanceToShape} m from shape {shapeId}",
):
    """A stop lies more than 100 m from the shape its trip follows.

    ## Why it matters
    Either the stop is misplaced or the trip has the wrong shape: maps and journey planners draw the
    vehicle away from where riders wait.

    ## Example
    A trip's shape runs along a main road; one of its stops sits 300 m away on a parallel street.

    ## Reference
    GTFS Schedule reference, `trips.txt` `shape_id` and `shapes.txt`. MobilityData rule
    `stop_too_far_from_shape`. The first and last stop
    of a rail trip may lie 400 m away. Reported once per stop and shape.
    """


class StopTooFarFromShapeUsingUserDistance(
    GtfsRule,
    code="stop_too_far_from_shape_using_user_distance",
    severity=Severity.WARNING,
    spec=REFERENCE + "#stop_timestxt",
    message="trip {tripId}: stop {stopId} (stop_times row {stopTimeCsvRowNumber}) is {geoDistanceToShape} m "
    "from where its shape_dist_traveled puts it on shape {shapeId}",
):
    """A stop lies more than 100 m from the point of the shape its `shape_dist_traveled` designates.

    ## Why it matters
    The distances along the shape and along the trip disagree: whatever places stops by distance puts
    this one in the wrong place.

    ## Example
    A stop on its shape at 1.2 km from the start has `shape_dist_traveled` 2.5 km.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `shape_dist_traveled`. MobilityData rule
    `stop_too_far_from_shape_using_user_distance`.
    """


class StopHasTooManyMatchesForShape(
    GtfsRule,
    code="stop_has_too_many_matches_for_shape",
    severity=Severity.WARNING,
    spec=REFERENCE + "#shapestxt",
    message="trip {tripId}: shape {shapeId} passes {matchCount} times near stop {stopId}",
):
    """The shape passes close to a stop more than 20 separate times.

    ## Why it matters
    The stop cannot be placed on the shape unambiguously: the shape loops or doubles back over itself.

    ## Example
    A shape circles a block 25 times past the same stop.

    ## Reference
    GTFS Schedule reference, `shapes.txt`. MobilityData rule `stop_has_too_many_matches_for_shape`.
    """


class StopsMatchShapeOutOfOrder(
    GtfsRule,
    code="stops_match_shape_out_of_order",
    severity=Severity.WARNING,
    spec=REFERENCE + "#shapestxt",
    message="trip {tripId}: stop {stopId1} (row {stopTimeCsvRowNumber1}) comes before stop {stopId2} "
    "(row {stopTimeCsvRowNumber2}) along shape {shapeId}",
):
    """Two consecutive stops of a trip can only be placed on its shape in the reverse order.

    ## Why it matters
    The shape runs the other way, or a stop is misplaced: the trip cannot be drawn along its shape.

    ## Example
    The shape goes from A to B; the trip serves the stop near B before the stop near A.

    ## Reference
    GTFS Schedule reference, `shapes.txt` and `stop_times.txt`. MobilityData rule
    `stops_match_shape_out_of_order`.
    """


RULES = (
    StopTooFarFromShape,
    StopTooFarFromShapeUsingUserDistance,
    StopHasTooManyMatchesForShape,
    StopsMatchShapeOutOfOrder,
)


def _shape_points(feed: Feed) -> pl.DataFrame:
    """Shape points with their index, unit vector, geo distance along the shape and running user distance."""
    points = sorted_shape_points(feed)
    return (
        points.with_columns(
            idx=pl.int_range(pl.len()).over("shape_id"),
            hop=haversine_meters(
                pl.col("shape_pt_lat").shift(1),
                pl.col("shape_pt_lon").shift(1),
                pl.col("shape_pt_lat"),
                pl.col("shape_pt_lon"),
            ),
        )
        .with_columns(
            hop=pl.when(pl.col("idx") == 0).then(0.0).otherwise(pl.col("hop").clip(lower_bound=0.0))
        )
        .with_columns(
            *unit_vector(pl.col("shape_pt_lat"), pl.col("shape_pt_lon"), "p_"),
            gd=pl.col("hop").cum_sum().over("shape_id"),
            ud=pl.col("shape_dist_traveled").fill_null(0.0).cum_max().over("shape_id"),
            n_points=pl.len().over("shape_id"),
        )
        .select(
            "shape_id",
            "idx",
            "gd",
            "ud",
            "n_points",
            "p_x",
            "p_y",
            "p_z",
            lat="shape_pt_lat",
            lon="shape_pt_lon",
        )
    )


def _analysed_stops(
    feed: Feed, trips: pl.DataFrame, routes: pl.DataFrame, shape_ids: pl.DataFrame
) -> pl.DataFrame:
    """The stop times of the first trip of each (shape, stop pattern), with the trip's fields and threshold.

    A trip is keyed by its trips.txt row (``t_row``): a trip_id listed twice is matched once per row."""
    trips = ensure_columns(trips, {"trip_id": pl.String(), "route_id": pl.String(), "shape_id": pl.String()})
    routes = (
        ensure_columns(routes, {"route_id": pl.String(), "route_type": pl.Int64()})
        .filter(pl.col("route_id").is_not_null())
        .sort(ROW)
        .unique("route_id", keep="first")
        .select("route_id", large=(pl.col("route_type") == RAIL).fill_null(False))
    )
    stop_times = trip_stop_times(feed)
    prints = trip_fingerprints(
        stop_times, pl.col("stop_id").fill_null(""), pl.col("shape_dist_traveled").fill_null(0.0)
    )
    trip_rows = (
        trips.select("trip_id", "route_id", t_row=ROW, shape_id=pl.col("shape_id").fill_null(""))
        .join(shape_ids, on="shape_id")
        .join(prints, on="trip_id", how="left")
        # A trip without stop times has the empty pattern.
        .with_columns(pl.col("fingerprint").fill_null(0))
        .sort("t_row")
        .unique(["shape_id", "fingerprint"], keep="first")
        # The pattern counts as processed even when its route is unknown; then the trip is skipped.
        .join(routes, on="route_id")
        .select(TRIP, "trip_id", "t_row", "shape_id", "large")
    )
    coords = stop_coordinates(feed).select(
        "stop_id", "stop_name", lat=pl.col("lat").fill_null(0.0), lon=pl.col("lon").fill_null(0.0)
    )
    rows = (
        stop_times.select(TRIP, "pos", "stop_id", "shape_dist_traveled", st_row=ROW)
        .join(trip_rows, on=TRIP)
        .sort("t_row", "pos")
        .join(coords, on="stop_id", how="left", maintain_order="left")
        .with_columns(
            n=pl.len().over("t_row"), lat=pl.col("lat").fill_null(0.0), lon=pl.col("lon").fill_null(0.0)
        )
    )
    first_or_last = (pl.col("pos") == 0) | (pl.col("pos") == pl.col("n") - 1)
    return rows.select(
        "trip_id",
        "t_row",
        "shape_id",
        "pos",
        "stop_id",
        "stop_name",
        "lat",
        "lon",
        "st_row",
        max_d=pl.when(pl.col("large") & first_or_last)
        .then(MAX_DISTANCE_METERS * LARGE_STATION_MULTIPLIER)
        .otherwise(MAX_DISTANCE_METERS),
        user=pl.col("shape_dist_traveled").fill_null(0.0),
        last_user=pl.col("shape_dist_traveled").fill_null(0.0).last().over("t_row"),
    )


def _segments(points: pl.DataFrame) -> pl.DataFrame:
    nxt = [pl.col(c).shift(-1).alias(f"b_{c}") for c in ("p_x", "p_y", "p_z", "lat", "lon")]
    return (
        points.with_columns(nxt)
        .filter(pl.col("idx") < pl.col("n_points") - 1)
        .select(
            "shape_id",
            "idx",
            "gd",
            a_x="p_x",
            a_y="p_y",
            a_z="p_z",
            b_x="b_p_x",
            b_y="b_p_y",
            b_z="b_p_z",
            lat_lo=pl.min_horizontal("lat", "b_lat"),
            lat_hi=pl.max_horizontal("lat", "b_lat"),
            lon_lo=pl.min_horizontal("lon", "b_lon"),
            lon_hi=pl.max_horizontal("lon", "b_lon"),
        )
    )


def _candidates(probes: pl.DataFrame, segments: pl.DataFrame) -> pl.DataFrame:
    """Per probe (shape, stop location, threshold): its local-minimum matches, one row each."""
    max_reach = float(probes.select(pl.col("max_d").max().fill_null(MAX_DISTANCE_METERS)).item())
    # Cells each segment's box, widened by the largest threshold, covers; a stop is looked up in its own cell.
    pad_lat = max_reach / METERS_PER_DEGREE
    cos_lat = (
        (pl.max_horizontal(pl.col("lat_lo").abs(), pl.col("lat_hi").abs()) + pad_lat)
        .clip(upper_bound=89.0)
        .radians()
        .cos()
    )
    pad_lon = pad_lat / cos_lat
    # Each segment's arc lies within half its angle of its midpoint c: a probe further than that plus its
    # threshold from c cannot match it (see _reachable).
    a, b = vec("a_"), vec("b_")
    bounds = segments.select(named((a[0] + b[0], a[1] + b[1], a[2] + b[2]), "c_")).select(
        *(pl.col(f"c_{axis}") / norm(vec("c_")) for axis in "xyz"),
        half=(
            segments.select(norm((a[0] - b[0], a[1] - b[1], a[2] - b[2])) / 2)
            .to_series()
            .clip(upper_bound=1.0)
            .arcsin()
        ),
    )
    # One integer key per (shape, cell): the shape ids numbered once, over segments and probes together.
    shapes = pl.concat([segments.get_column("shape_id"), probes.get_column("shape_id")]).cast(pl.Categorical)
    shape_code = shapes.to_physical().cast(pl.Int64)

    def key(shape: pl.Expr, row: pl.Expr, col: pl.Expr) -> pl.Expr:
        return (shape * _CELL_SPAN + row + _CELL_SPAN // 2) * _CELL_SPAN + col + _CELL_SPAN // 2

    # The cells carry the segment's number only: the pairs get the few bounds, and the segments' vectors
    # once the bounds have dropped most pairs.
    cells = (
        segments.select(
            shape=pl.lit(shape_code.head(segments.height)),
            seg=pl.int_range(pl.len(), dtype=pl.UInt32),
            r0=((pl.col("lat_lo") - pad_lat) / CELL_DEGREES).floor().cast(pl.Int64),
            r1=((pl.col("lat_hi") + pad_lat) / CELL_DEGREES).floor().cast(pl.Int64),
            c0=((pl.col("lon_lo") - pad_lon) / CELL_DEGREES).floor().cast(pl.Int64),
            c1=((pl.col("lon_hi") + pad_lon) / CELL_DEGREES).floor().cast(pl.Int64),
        )
        .with_columns(row=pl.int_ranges("r0", pl.col("r1") + 1))
        .explode("row")
        .with_columns(col=pl.int_ranges("c0", pl.col("c1") + 1))
        .explode("col")
        .select("seg", key=key(pl.col("shape"), pl.col("row"), pl.col("col")))
    )
    vectors = segments.drop("shape_id", "lat_lo", "lat_hi", "lon_lo", "lon_hi")
    # A probe's number is its row in probes.
    located = probes.select(
        "probe",
        key=key(
            pl.lit(shape_code.tail(probes.height)),
            (pl.col("lat") / CELL_DEGREES).floor().cast(pl.Int64),
            (pl.col("lon") / CELL_DEGREES).floor().cast(pl.Int64),
        ),
    )
    # Probes are joined to the cells a batch at a time (the probe x segment pairs of a cell are the family's
    # biggest frame, and batching bounds it); the pairs that can match (few) are then matched in one pass.
    batches = [
        located.slice(start, PROBE_BATCH).join(cells, on="key").select("probe", "seg")
        for start in range(0, max(located.height, 1), PROBE_BATCH)
    ]
    near = pl.concat([pairs.filter(_reachable(probes, bounds, pairs)) for pairs in batches])
    return _local_minima(
        pl.concat(
            [
                near,
                _take(probes.select("s_x", "s_y", "s_z", "max_d"), near.get_column("probe")),
                _take(vectors, near.get_column("seg")),
            ],
            how="horizontal",
        )
    )


def _take(frame: pl.DataFrame, index: pl.Series) -> pl.DataFrame:
    return frame.select(pl.all().gather(index))


def _reachable(probes: pl.DataFrame, bounds: pl.DataFrame, pairs: pl.DataFrame) -> pl.Expr:
    """On probe x segment pairs: the segment may come within the probe's threshold. A pair this drops has
    its closest point further than the threshold (the arc is within ``half`` of its midpoint ``c``, and the
    chord to ``c`` is below the angle), so :func:`_local_minima` would drop it too; the margin is far above
    rounding. Keeps a pair whose midpoint is undefined (NaN compares false)."""
    probe, seg = pairs.get_column("probe"), pairs.get_column("seg")
    s_x, s_y, s_z, max_d = (
        pl.lit(probes.get_column(name).gather(probe)) for name in ("s_x", "s_y", "s_z", "max_d")
    )
    c_x, c_y, c_z, half = (
        pl.lit(bounds.get_column(name).gather(seg)) for name in ("c_x", "c_y", "c_z", "half")
    )
    chord2 = (s_x - c_x) ** 2 + (s_y - c_y) ** 2 + (s_z - c_z) ** 2
    reach = (half + max_d / EARTH_RADIUS_METERS) * (1 + REACH_MARGIN) + REACH_MARGIN
    return ~(chord2 > reach * reach)


def _local_minima(pairs: pl.DataFrame) -> pl.DataFrame:
    """Of probe x segment pairs, the closest point of each local minimum of the distance along the shape."""
    p, a = vec("s_"), vec("a_")
    near = (
        with_closest_on_edge(pairs, "s_", "a_", "b_", "m_")
        .with_columns(d=angle_meters(p, vec("m_")))
        .filter(pl.col("d") <= pl.col("max_d"))
        .with_columns(d_vertex=angle_meters(p, a))
        .sort("probe", "idx")
    )
    # A new local minimum starts after a gap in the close segments, or where the previous segment was
    # receding from the stop (its far vertex further than its closest point) and this one comes closer.
    same = pl.col("probe") == pl.col("probe").shift(1)
    adjacent = (same & (pl.col("idx").shift(1) == pl.col("idx") - 1)).fill_null(False)
    turns = adjacent & (pl.col("d_vertex") > pl.col("d").shift(1)) & (pl.col("d") < pl.col("d_vertex"))
    runs_ = near.with_columns(run=(~adjacent | turns).cum_sum())
    return (
        runs_.sort("run", "d", "idx")
        .group_by("run", maintain_order=True)
        .first()
        .with_columns(geo=pl.col("gd") + angle_meters(vec("m_"), a))
        .select("probe", "run", "idx", "d", "geo", "m_x", "m_y", "m_z")
    )


def _nearest(probes: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    """For the given probes, the closest point of the whole shape and its distance (a one-point shape has
    no segment: its point is the shape)."""
    p = vec("s_")
    whole = with_closest_on_edge(
        probes.join(_segments(points), on="shape_id"), "s_", "a_", "b_", "m_"
    ).with_columns(d=angle_meters(p, vec("m_")))
    single = (
        probes.join(points.filter(pl.col("n_points") == 1), on="shape_id")
        .with_columns(m_x="p_x", m_y="p_y", m_z="p_z")
        .with_columns(d=angle_meters(p, vec("m_")))
    )
    return (
        pl.concat(
            [
                whole.select("probe", "d", "m_x", "m_y", "m_z"),
                single.select("probe", "d", "m_x", "m_y", "m_z"),
            ]
        )
        .sort("probe", "d")
        .group_by("probe")
        .first()
    )


def check(feed: Feed, sink: FindingSink) -> None:
    trips, routes = feed.validator_input("trips.txt"), feed.validator_input("routes.txt")
    if trips is None or routes is None or not feed.usable("stops.txt", "stop_times.txt", "shapes.txt"):
        return
    if not any(sink.wants(rule) for rule in RULES):
        return
    stops, stop_times = feed.frame("stops.txt"), feed.frame("stop_times.txt")
    points = _shape_points(feed)
    if (
        points.height == 0
        or stops is None
        or stops.height == 0
        or stop_times is None
        or stop_times.height == 0
    ):
        return
    rows = _analysed_stops(feed, trips, routes, points.select("shape_id").unique())
    probes = (
        rows.select("shape_id", "lat", "lon", "max_d")
        .unique()
        .with_row_index("probe")
        .with_columns(unit_vector(pl.col("lat"), pl.col("lon"), "s_"))
    )
    matches = _candidates(probes, _segments(points))
    counts = matches.group_by("probe").agg(count=pl.len())
    rows = (
        rows.join(
            probes.select("probe", "shape_id", "lat", "lon", "max_d", "s_x", "s_y", "s_z"),
            on=["shape_id", "lat", "lon", "max_d"],
            maintain_order="left",
        )
        .join(counts, on="probe", how="left", maintain_order="left")
        .with_columns(pl.col("count").fill_null(0))
    )
    closest = matches.sort("probe", "d", "run").group_by("probe").first()
    # Geo pass.
    many = [rows.filter(pl.col("count") > TOO_MANY_MATCHES)]
    lonely = rows.filter(pl.col("count") == 0)
    nearest = _nearest(probes.join(lonely.select("probe").unique(), on="probe"), points)
    far = [
        lonely.join(nearest, on="probe").filter(pl.col("d") > pl.col("max_d")).with_columns(pass_=pl.lit(GEO))
    ]
    complete = rows.filter((pl.col("count") > 0).all().over("t_row"))
    disorder = [_out_of_order(complete, complete.select("t_row", "pos", "probe").join(matches, on="probe"))]
    # User-distance pass.
    with_user = points.group_by("shape_id").agg(pl.col("ud").last() > 0).filter("ud").select("shape_id")
    user_rows = rows.filter(pl.col("last_user") > 0).join(with_user, on="shape_id")
    if user_rows.height:
        _user_pass(user_rows, points, matches, many, disorder, far)
    _report(sink, closest, many, disorder, far)


def _user_pass(
    rows: pl.DataFrame,
    points: pl.DataFrame,
    matches: pl.DataFrame,
    many: list[pl.DataFrame],
    disorder: list[pl.DataFrame],
    far: list[pl.DataFrame],
) -> None:
    """Upstream's matchUsingUserDistance on the trips it runs for; appends to the three problem lists."""
    fallback = pl.col("user") <= 0
    # The pass ends at the first stop without a distance that has no geo candidate.
    abandoned = (fallback & (pl.col("count") == 0)).cum_sum().over("t_row") > 0
    rows = rows.with_columns(
        abandoned=abandoned, gave_up=(fallback & (pl.col("count") == 0)).any().over("t_row")
    )
    many.append(rows.filter(fallback & ~pl.col("abandoned") & (pl.col("count") > TOO_MANY_MATCHES)))
    rows = rows.filter(~pl.col("gave_up"))
    placed = _user_matches(rows.filter(~fallback), points)
    cands = pl.concat(
        [
            placed.select("t_row", "pos", "run", "d", "geo", "m_x", "m_y", "m_z"),
            rows.filter(fallback)
            .select("t_row", "pos", "probe")
            .join(matches, on="probe")
            .select("t_row", "pos", "run", "d", "geo", "m_x", "m_y", "m_z"),
        ]
    )
    found = _out_of_order(rows, cands)
    disorder.append(found)
    # In order: each stop's placement (for a stop placed by geometry, approximated by its closest
    # candidate) further than the plain threshold is too far.
    chosen = cands.sort("t_row", "pos", "d", "run").group_by("t_row", "pos").first()
    far.append(
        rows.join(found.select(t_row="tripCsvRowNumber"), on="t_row", how="anti")
        .join(chosen.select("t_row", "pos", "d", "m_x", "m_y", "m_z"), on=["t_row", "pos"])
        .filter(pl.col("d") > MAX_DISTANCE_METERS)
        .with_columns(pass_=pl.lit(USER))
    )


def _user_matches(rows: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    """``matchFromUserDist`` for every stop with a distance: the vertex where the shape's running distance
    last stays within the stop's (searching on from the previous stop's vertex), and the fraction of the
    next segment that remains, interpolated on the sphere."""
    # The last vertex of each run of equal running distance, found by an as-of join on the distance.
    steps = (
        points.group_by("shape_id", "ud")
        .agg(raw=pl.col("idx").max())
        .sort("ud")
        .select("shape_id", "raw", step="ud")
    )
    placed = (
        rows.sort("user")
        .join_asof(
            steps, left_on="user", right_on="step", by="shape_id", strategy="backward", check_sortedness=False
        )
        .sort("t_row", "pos")
        .with_columns(raw=pl.col("raw").fill_null(-1))
        .with_columns(vertex=pl.col("raw").clip(lower_bound=0).cum_max().over("t_row"))
        .with_columns(start=pl.col("vertex").shift(1).over("t_row").fill_null(0))
    )
    here = points.select(
        "shape_id", "n_points", vertex="idx", ud_a="ud", gd_a="gd", a_x="p_x", a_y="p_y", a_z="p_z"
    )
    there = points.select(
        "shape_id", vertex=pl.col("idx") - 1, ud_b="ud", gd_b="gd", b_x="p_x", b_y="p_y", b_z="p_z"
    )
    placed = (
        placed.join(here, on=["shape_id", "vertex"], maintain_order="left")
        .join(there, on=["shape_id", "vertex"], how="left", maintain_order="left")
        # The last vertex is its own next one.
        .with_columns(
            *[pl.coalesce(f"{c}_b", f"{c}_a").alias(f"{c}_b") for c in ("ud", "gd")],
            *[pl.coalesce(f"b_{c}", f"a_{c}").alias(f"b_{c}") for c in "xyz"],
        )
    )
    span = pl.col("ud_b") - pl.col("ud_a")
    near = span.abs() <= pl.max_horizontal(
        pl.lit(DOUBLE_STD_ERR), DOUBLE_STD_ERR * pl.max_horizontal(pl.col("ud_a").abs(), pl.col("ud_b").abs())
    )
    still = (pl.col("raw") < pl.col("start")) | (pl.col("vertex") == pl.col("n_points") - 1) | near
    placed = placed.with_columns(
        fraction=pl.when(still).then(0.0).otherwise((pl.col("user") - pl.col("ud_a")) / span),
        same=angle_meters(vec("a_"), vec("b_")) / EARTH_RADIUS_METERS <= APPROX_EQUAL_RADIANS,
    )
    placed = with_interpolated(placed, "fraction", "a_", "b_", "i_")
    p = vec("s_")
    return placed.with_columns(
        [
            pl.when(pl.col("same")).then(pl.col(f"a_{c}")).otherwise(pl.col(f"i_{c}")).alias(f"m_{c}")
            for c in "xyz"
        ]
    ).with_columns(
        geo=pl.col("gd_a") + pl.col("fraction") * (pl.col("gd_b") - pl.col("gd_a")),
        d=angle_meters(p, vec("m_")),
        run=pl.lit(0, pl.UInt32),
    )


def _out_of_order(rows: pl.DataFrame, cands: pl.DataFrame) -> pl.DataFrame:
    """Trips whose candidates admit no placement of their stops in order along the shape, at the first
    stop that cannot be placed.

    The lowest feasible place of each stop is the smallest candidate no earlier than the previous stop's
    lowest feasible place (a placement exists exactly when these exist: upstream's assignment search
    keeps, among others, the assignment ending lowest). The recurrence is iterated to its fixed point over
    all trips at once: each pass settles at least the next stop of every trip, and a handful settle all.
    The previous stop is named at its lowest feasible place, upstream at its place in the cheapest
    assignment: the two agree unless that stop had several candidates.
    """
    low = cands.group_by("t_row", "pos").agg(m=pl.col("geo").min()).sort("t_row", "pos")
    while True:
        prev = low.select("t_row", pos=pl.col("pos") + 1, prev_m="m")
        nxt = (
            cands.join(prev, on=["t_row", "pos"], how="left")
            .filter(pl.col("prev_m").is_null() | (pl.col("geo") >= pl.col("prev_m")))
            .group_by("t_row", "pos")
            .agg(m=pl.col("geo").min())
        )
        nxt = (
            low.select("t_row", "pos")
            .join(nxt, on=["t_row", "pos"], how="left", maintain_order="left")
            .with_columns(pl.col("m").fill_null(math.inf))
            # Everything after a trip's first dead end is a dead end too.
            .with_columns(
                m=pl.when((pl.col("m") == math.inf).cum_sum().over("t_row") > 0)
                .then(math.inf)
                .otherwise(pl.col("m"))
            )
        )
        if nxt.equals(low):
            break
        low = nxt
    fails = low.filter(pl.col("m") == math.inf).group_by("t_row").agg(pl.col("pos").min())
    closest = cands.sort("t_row", "pos", "d", "run").group_by("t_row", "pos").first()
    current = rows.join(fails, on=["t_row", "pos"]).join(closest.drop("geo", "d", "run"), on=["t_row", "pos"])
    previous = (
        rows.join(fails.with_columns(pl.col("pos") - 1), on=["t_row", "pos"])
        .join(low.rename({"m": "geo"}), on=["t_row", "pos"])
        .join(cands.select("t_row", "pos", "geo", "m_x", "m_y", "m_z"), on=["t_row", "pos", "geo"])
        .unique(["t_row"], keep="first")
        .select(
            "t_row",
            q_st_row="st_row",
            q_stop_id="stop_id",
            q_stop_name="stop_name",
            q_m_x="m_x",
            q_m_y="m_y",
            q_m_z="m_z",
        )
    )
    return (
        current.filter(pl.col("stop_id").is_not_null() & (pl.col("stop_id") != ""))
        .join(previous, on="t_row", how="left")
        .select(
            pl.col("t_row").alias("tripCsvRowNumber"),
            pl.col("shape_id").alias("shapeId"),
            pl.col("trip_id").alias("tripId"),
            stopTimeCsvRowNumber1="st_row",
            stopId1="stop_id",
            stopName1=pl.col("stop_name").fill_null(""),
            match1=_match_degrees("m_", "match1"),
            stopTimeCsvRowNumber2="q_st_row",
            stopId2="q_stop_id",
            stopName2=pl.col("q_stop_name").fill_null(""),
            match2=_match_degrees("q_m_", "match2"),
        )
    )


def _match_degrees(prefix: str, name: str) -> pl.Expr:
    lat, lon = lat_lon_degrees(prefix)
    return pl.concat_list(lat, lon).alias(name)


def _stop_fields() -> list[pl.Expr]:
    return [
        pl.col("t_row").alias("tripCsvRowNumber"),
        pl.col("shape_id").alias("shapeId"),
        pl.col("trip_id").alias("tripId"),
        pl.col("st_row").alias("stopTimeCsvRowNumber"),
        pl.col("stop_id").alias("stopId"),
        pl.col("stop_name").fill_null("").alias("stopName"),
    ]


def _named_stop() -> pl.Expr:
    # Upstream skips a problem whose stop_id is empty (or absent).
    return pl.col("stop_id").is_not_null() & (pl.col("stop_id") != "")


def _report(
    sink: FindingSink,
    closest: pl.DataFrame,
    many: list[pl.DataFrame],
    disorder: list[pl.DataFrame],
    far: list[pl.DataFrame],
) -> None:
    sink.add_frame(
        StopHasTooManyMatchesForShape,
        pl.concat(
            [
                frame.select(
                    "t_row", "pos", "probe", "shape_id", "trip_id", "st_row", "stop_id", "stop_name", "count"
                )
                for frame in many
            ]
        )
        .filter(_named_stop())
        .join(closest, on="probe")
        .sort("t_row", "pos")
        .select(*_stop_fields(), _match_degrees("m_", "match"), matchCount="count"),
    )
    sink.add_frame(StopsMatchShapeOutOfOrder, pl.concat(disorder).sort("tripCsvRowNumber"))
    # Once per stop and shape: the first pass, in trips.txt order of the trips, that finds it too far.
    too_far = (
        pl.concat(
            [
                frame.select(
                    "t_row",
                    "pass_",
                    "pos",
                    "shape_id",
                    "trip_id",
                    "st_row",
                    "stop_id",
                    "stop_name",
                    "d",
                    "m_x",
                    "m_y",
                    "m_z",
                )
                for frame in far
            ]
        )
        .filter(_named_stop())
        .sort("t_row", "pass_", "pos")
        .unique(["shape_id", "stop_id"], keep="first", maintain_order=True)
        .select("pass_", *_stop_fields(), _match_degrees("m_", "match"), geoDistanceToShape="d")
    )
    sink.add_frame(StopTooFarFromShape, too_far.filter(pl.col("pass_") == GEO).drop("pass_"))
    sink.add_frame(
        StopTooFarFromShapeUsingUserDistance, too_far.filter(pl.col("pass_") == USER).drop("pass_")
    )
