"""Route types as gtfs-structures reads them (the extended types folded onto the basic modes), and
transport-validator's default speed limit per mode, which the profile may override."""

from __future__ import annotations

import polars as pl

from citylint.validators.parameters import FrNapParameters

# km/h, transport-validator's defaults (src/validators/duration_distance.rs); "other" is every route type that
# maps to no mode, taken for a bus.
DEFAULT_MAX_SPEEDS: dict[str, float] = {
    "tramway": 100.0,
    "subway": 140.0,
    "rail": 320.0,
    "bus": 120.0,
    "ferry": 90.0,
    "cable_car": 30.0,
    "gondola": 45.0,
    "funicular": 40.0,
    "coach": 120.0,
    "air": 1000.0,
    "taxi": 50.0,
    "other": 120.0,
}
_BASIC = {
    0: "tramway",
    1: "subway",
    2: "rail",
    3: "bus",
    4: "ferry",
    5: "cable_car",
    6: "gondola",
    7: "funicular",
}
_HUNDREDS = {
    9: "tramway",
    4: "subway",
    1: "rail",
    7: "bus",
    8: "bus",
    10: "ferry",
    12: "ferry",
    13: "gondola",
    14: "funicular",
    2: "coach",
    11: "air",
    15: "taxi",
}


def route_mode(route_type: pl.Expr) -> pl.Expr:
    """The mode of a route_type value, "other" when it maps to none (8–99, 300–399, 500–699, 1600+, ...)."""
    basic = route_type.replace_strict(_BASIC, default=None, return_dtype=pl.String)
    hundreds = (route_type // 100).replace_strict(_HUNDREDS, default=None, return_dtype=pl.String)
    small = (route_type >= 0) & (route_type <= 7)
    return (
        pl.when(small)
        .then(basic)
        .when(route_type >= 100)
        .then(hundreds)
        .otherwise(pl.lit(None, pl.String))
        .fill_null("other")
    )


def max_speeds(settings: FrNapParameters) -> dict[str, float]:
    """Limits in km/h: the defaults, each replaced by the profile's ``max_<mode>_speed`` when given (the keys
    of transport-validator's custom-rules file)."""
    limits = dict(DEFAULT_MAX_SPEEDS)
    for mode in limits:
        value = getattr(settings, f"max_{mode}_speed")
        if value is not None:
            limits[mode] = float(value)
    return limits
