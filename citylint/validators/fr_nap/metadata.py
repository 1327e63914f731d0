"""transport-validator's metadata flags and route counts (``extract_metadata`` and ``compute_stats`` in its
``src/metadatas.rs``), computed on the loaded feed.

``networks_start_end_dates`` is not reproduced: upstream fills it only after ``enrich_with_advanced_infos`` on the
linked model (per-agency calendar bounds), which this module does not rebuild.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from citylint.validators.fr_nap.model import TvModel
from citylint.validators.gtfs.feed import column

ARRANGE_BY_PHONE = 2  # PickupDropOffType::ArrangeByPhone
COORDINATE_WITH_DRIVER = 3  # PickupDropOffType::CoordinateWithDriver


def _non_empty(model: TvModel, name: str) -> bool:
    frame = model.frame(name)
    return frame is not None and frame.height > 0


def _on_demand(stop_times: pl.DataFrame | None, kind: int) -> bool:
    """A stop time whose pickup_type or drop_off_type is ``kind`` (an empty value reads as regular, 0)."""
    if stop_times is None or stop_times.height == 0:
        return False
    as_int = [column(stop_times, c, pl.Int64).cast(pl.Int64, strict=False) for c in ("pickup_type", "drop_off_type")]
    return bool(stop_times.select(((as_int[0] == kind) | (as_int[1] == kind)).fill_null(False).any()).item())


def _filled(frame: pl.DataFrame, name: str) -> pl.Expr:
    return column(frame, name, pl.String).cast(pl.String).fill_null("")


def _route_counts(routes: pl.DataFrame | None) -> dict[str, int]:
    if routes is None or routes.height == 0:
        return {"routes_with_custom_color": 0, "routes_with_long_name": 0, "routes_with_short_name": 0}
    # an unset colour is gtfs-structures' default: white for route_color, black for route_text_color
    color = _filled(routes, "route_color").str.to_uppercase()
    text = _filled(routes, "route_text_color").str.to_uppercase()
    custom = ((color != "") & (color != "FFFFFF")) | ((text != "") & (text != "000000"))
    row = routes.select(
        routes_with_custom_color=custom.sum(),
        routes_with_long_name=(_filled(routes, "route_long_name") != "").sum(),
        routes_with_short_name=(_filled(routes, "route_short_name") != "").sum(),
    ).row(0, named=True)
    return {key: int(value) for key, value in row.items()}


def metadata(model: TvModel) -> dict[str, Any]:
    """The metadata values transport-validator reports before enrichment (``networks_start_end_dates`` aside)."""
    stop_times = model.frame("stop_times.txt")
    return {
        "has_fares": _non_empty(model, "fare_attributes.txt") or _non_empty(model, "fare_products.txt"),
        "has_shapes": _non_empty(model, "shapes.txt"),
        "has_pathways": _non_empty(model, "pathways.txt"),
        "some_stops_need_phone_agency": _on_demand(stop_times, ARRANGE_BY_PHONE),
        "some_stops_need_phone_driver": _on_demand(stop_times, COORDINATE_WITH_DRIVER),
        **_route_counts(model.frame("routes.txt")),
    }
