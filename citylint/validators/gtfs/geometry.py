"""Vectorised spherical geometry for the shape, stop-matching, speed and transfer families.

MobilityData measures with two S2 formulas: the haversine on latitude/longitude (``geo.haversine_meters``)
and the angle between unit vectors, ``atan2(|a x b|, a . b)``, for points already turned into vectors
(transfers, stop-to-shape matching). Both are written here over whole columns; a point is three Float64
columns ``<prefix>x, <prefix>y, <prefix>z``.

The multi-step constructions (closest point on an edge, interpolation) are frame functions that add their
intermediate results as columns stage by stage: an eager polars expression is evaluated as a tree, with
no sharing of repeated sub-expressions, and written as one nested expression they recompute the edge's
normal a dozen times per row.

Also here: the stop coordinates walked up to the parent station, which every distance rule shares.
"""

from __future__ import annotations

import math

import polars as pl

from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.geo import EARTH_RADIUS_METERS

Vec = tuple[pl.Expr, pl.Expr, pl.Expr]
# S2.approxEquals' default: two unit vectors this close (in radians) are the same point.
APPROX_EQUAL_RADIANS = 1e-15


def vec(prefix: str) -> Vec:
    return pl.col(f"{prefix}x"), pl.col(f"{prefix}y"), pl.col(f"{prefix}z")


def unit_vector(lat: pl.Expr, lon: pl.Expr, prefix: str) -> list[pl.Expr]:
    """``S2LatLng.fromDegrees(lat, lon).toPoint()`` as three columns."""
    phi = lat * (math.pi / 180.0)
    theta = lon * (math.pi / 180.0)
    return [
        (theta.cos() * phi.cos()).alias(f"{prefix}x"),
        (theta.sin() * phi.cos()).alias(f"{prefix}y"),
        phi.sin().alias(f"{prefix}z"),
    ]


def _cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vec, b: Vec) -> pl.Expr:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def norm(v: Vec) -> pl.Expr:
    return (v[0] ** 2 + v[1] ** 2 + v[2] ** 2).sqrt()


def named(v: Vec, prefix: str) -> list[pl.Expr]:
    return [v[i].alias(f"{prefix}{axis}") for i, axis in enumerate("xyz")]


def angle_meters(a: Vec, b: Vec) -> pl.Expr:
    """``S2Earth.getDistanceMeters(S2Point, S2Point)``: the angle between two unit vectors, in metres."""
    return pl.arctan2(norm(_cross(a, b)), _dot(a, b)) * EARTH_RADIUS_METERS


def with_closest_on_edge(frame: pl.DataFrame, p: str, a: str, b: str, out: str) -> pl.DataFrame:
    """``S2EdgeUtil.getClosestPoint`` of point ``p`` on the great-circle edge ``a``-``b``, as columns ``out``.

    The perpendicular foot when it falls between the ends (two signed volumes), otherwise the nearer end
    (squared chord). A degenerate edge (a == b) has a zero cross product and its closest point is a.
    """
    pv, av, bv = vec(p), vec(a), vec(b)
    n = vec("_n_")
    frame = frame.with_columns(
        named(
            _cross(
                (bv[0] + av[0], bv[1] + av[1], bv[2] + av[2]), (bv[0] - av[0], bv[1] - av[1], bv[2] - av[2])
            ),
            "_n_",
        )
    )
    frame = frame.with_columns(_n2=_dot(n, n)).with_columns(_k=_dot(pv, n) / pl.col("_n2"))
    k = pl.col("_k")
    frame = frame.with_columns(named((pv[0] - n[0] * k, pv[1] - n[1] * k, pv[2] - n[2] * k), "_f_"))
    foot = vec("_f_")
    n2 = pl.col("_n2")
    inside = (n2 > 0) & (_dot(av, _cross(foot, n)) > 0) & (_dot(bv, _cross(n, foot)) > 0)
    da = (pv[0] - av[0]) ** 2 + (pv[1] - av[1]) ** 2 + (pv[2] - av[2]) ** 2
    db = (pv[0] - bv[0]) ** 2 + (pv[1] - bv[1]) ** 2 + (pv[2] - bv[2]) ** 2
    frame = frame.with_columns(_inside=inside, _start=(n2 == 0) | (da <= db), _fn=norm(foot))
    chosen = [
        pl.when(pl.col("_inside"))
        .then(foot[i] / pl.col("_fn"))
        .when(pl.col("_start"))
        .then(av[i])
        .otherwise(bv[i])
        .alias(f"{out}{axis}")
        for i, axis in enumerate("xyz")
    ]
    return frame.with_columns(chosen).drop(
        "_n_x", "_n_y", "_n_z", "_n2", "_k", "_f_x", "_f_y", "_f_z", "_inside", "_start", "_fn"
    )


def with_interpolated(frame: pl.DataFrame, fraction: str, a: str, b: str, out: str) -> pl.DataFrame:
    """``S2EdgeUtil.interpolate``: the point ``fraction`` of the way along the edge a-b, on the sphere,
    as columns ``out``; the ends are returned untouched at 0 and 1."""
    av, bv = vec(a), vec(b)
    f = pl.col(fraction)
    frame = frame.with_columns(_edge=pl.arctan2(norm(_cross(av, bv)), _dot(av, bv)))
    frame = frame.with_columns(_sf=(f * pl.col("_edge")).sin() / pl.col("_edge").sin())
    frame = frame.with_columns(_e=(f * pl.col("_edge")).cos() - pl.col("_sf") * pl.col("_edge").cos())
    e, sf = pl.col("_e"), pl.col("_sf")
    frame = frame.with_columns(
        named((av[0] * e + bv[0] * sf, av[1] * e + bv[1] * sf, av[2] * e + bv[2] * sf), "_m_")
    )
    mixed = vec("_m_")
    frame = frame.with_columns(_mn=norm(mixed))
    chosen = [
        pl.when(f == 0)
        .then(av[i])
        .when(f == 1)
        .then(bv[i])
        .otherwise(mixed[i] / pl.col("_mn"))
        .alias(f"{out}{axis}")
        for i, axis in enumerate("xyz")
    ]
    return frame.with_columns(chosen).drop("_edge", "_sf", "_e", "_m_x", "_m_y", "_m_z", "_mn")


def lat_lon_degrees(prefix: str) -> tuple[pl.Expr, pl.Expr]:
    """A unit vector read back in degrees (``new S2LatLng(point)``)."""
    x, y, z = vec(prefix)
    return (pl.arctan2(z, (x * x + y * y).sqrt()).degrees(), pl.arctan2(y, x).degrees())


def stop_coordinates(feed: Feed) -> pl.DataFrame:
    """``StopUtil.getOptionalStopOrParentLatLng`` for every stop id: its own coordinates, else its parent's,
    walked at most three lookups up (MobilityData bounds the walk against parent cycles).

    Columns: stop_id, stop_name (the stop's own), lat, lon (null when nothing resolved). The first row of
    a duplicated stop_id wins, as MobilityData's index keeps it. Built once per feed.
    """
    return feed.derived("stop_coordinates_resolved", lambda: _resolve(feed))


def _resolve(feed: Feed) -> pl.DataFrame:
    stops = feed.validator_input("stops.txt")
    if stops is None:  # MobilityData does not run the validators reading it: no stop resolves
        stops = pl.DataFrame(schema={ROW: pl.Int64})
    stops = ensure_columns(
        stops,
        {
            "stop_id": pl.String(),
            "stop_name": pl.String(),
            "stop_lat": pl.Float64(),
            "stop_lon": pl.Float64(),
            "parent_station": pl.String(),
        },
    )
    own = (
        stops.filter(pl.col("stop_id").is_not_null())
        .sort(ROW)
        .unique("stop_id", keep="first", maintain_order=True)
        .select(
            "stop_id",
            "stop_name",
            "parent_station",
            has=pl.col("stop_lat").is_not_null() & pl.col("stop_lon").is_not_null(),
            lat=pl.col("stop_lat"),
            lon=pl.col("stop_lon"),
        )
    )
    lookup = own.select(
        pl.col("stop_id").alias("_id"),
        pl.col("parent_station").alias("_parent"),
        pl.col("has").alias("_has"),
        pl.col("lat").alias("_lat"),
        pl.col("lon").alias("_lon"),
    )
    result = own.with_columns(pl.col("has").alias("done"), pl.col("parent_station").alias("_next"))
    # Two more hops after the stop's own row: a loop over the three hops, not over rows.
    for _ in range(2):
        result = (
            result.join(lookup, left_on="_next", right_on="_id", how="left")
            .with_columns(
                lat=pl.when(pl.col("done")).then(pl.col("lat")).otherwise(pl.col("_lat")),
                lon=pl.when(pl.col("done")).then(pl.col("lon")).otherwise(pl.col("_lon")),
                _next=pl.when(pl.col("done") | pl.col("_has").fill_null(False))
                .then(None)
                .otherwise(pl.col("_parent")),
                done=pl.col("done") | pl.col("_has").fill_null(False),
            )
            .drop("_parent", "_has", "_lat", "_lon")
        )
    return result.select(
        "stop_id",
        "stop_name",
        lat=pl.when(pl.col("done")).then(pl.col("lat")),
        lon=pl.when(pl.col("done")).then(pl.col("lon")),
    )
