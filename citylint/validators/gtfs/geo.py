"""Distances on whole columns (polars expressions), for the families that measure stops, shapes and speeds."""

from __future__ import annotations

import polars as pl

# MobilityData measures with S2's mean Earth radius.
EARTH_RADIUS_METERS = 6_371_010.0


def haversine_meters(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Great-circle distance in metres between two points given in degrees, row by row."""
    phi1, phi2 = lat1.radians(), lat2.radians()
    d_phi = phi2 - phi1
    d_lambda = (lon2 - lon1).radians()
    a = (d_phi / 2).sin() ** 2 + phi1.cos() * phi2.cos() * (d_lambda / 2).sin() ** 2
    return 2 * EARTH_RADIUS_METERS * a.sqrt().clip(upper_bound=1.0).arcsin()
