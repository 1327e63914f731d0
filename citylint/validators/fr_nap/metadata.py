"""transport-validator's metadata flags and route counts (``extract_metadata`` and ``compute_stats`` in its
``src/metadatas.rs``), computed on the loaded feed.

``networks_start_end_dates`` is what upstream adds in ``enrich_with_advanced_infos``: per agency name, the
bounds of the services its trips run on.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from citylint.validators.fr_nap.model import TvModel
from citylint.validators.gtfs.feed import column, ensure_columns

ARRANGE_BY_PHONE = 2  # PickupDropOffType::ArrangeByPhone
COORDINATE_WITH_DRIVER = 3  # PickupDropOffType::CoordinateWithDriver


def _non_empty(model: TvModel, name: str) -> bool:
    frame = model.frame(name)
    return frame is not None and frame.height > 0


def _on_demand(stop_times: pl.DataFrame | None, kind: int) -> bool:
    """A stop time whose pickup_type or drop_off_type is ``kind`` (an empty value reads as regular, 0)."""
    if stop_times is None or stop_times.height == 0:
        return False
    as_int = [
        column(stop_times, c, pl.Int64).cast(pl.Int64, strict=False) for c in ("pickup_type", "drop_off_type")
    ]
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
    """The metadata values transport-validator reports, ``networks_start_end_dates`` as after enrichment."""
    stop_times = model.frame("stop_times.txt")
    return {
        "has_fares": _non_empty(model, "fare_attributes.txt") or _non_empty(model, "fare_products.txt"),
        "has_shapes": _non_empty(model, "shapes.txt"),
        "has_pathways": _non_empty(model, "pathways.txt"),
        "some_stops_need_phone_agency": _on_demand(stop_times, ARRANGE_BY_PHONE),
        "some_stops_need_phone_driver": _on_demand(stop_times, COORDINATE_WITH_DRIVER),
        **_route_counts(model.frame("routes.txt")),
        "networks_start_end_dates": networks_start_end_dates(model),
    }


def networks_start_end_dates(model: TvModel) -> dict[str, dict[str, str]]:
    """What ``enrich_with_advanced_infos`` adds: per network (agency name), the first and last date of the
    services its trips run on. A service's bounds are its calendar's start and end dates widened by the dates
    calendar_dates.txt adds (exception_type 1); removed dates do not move them (upstream's agency_multiple
    case)."""
    trips, routes, agency = model.frame("trips.txt"), model.frame("routes.txt"), model.frame("agency.txt")
    if trips is None or routes is None or agency is None or agency.height == 0:
        return {}
    spans = []
    calendar = model.frame(
        "calendar.txt", {"service_id": pl.String, "start_date": pl.Date, "end_date": pl.Date}
    )
    if calendar is not None:
        spans.append(calendar.select("service_id", start=pl.col("start_date"), end=pl.col("end_date")))
    dates = model.frame(
        "calendar_dates.txt", {"service_id": pl.String, "date": pl.Date, "exception_type": pl.Int64}
    )
    if dates is not None:
        added = dates.filter(pl.col("exception_type") == 1)
        spans.append(added.select("service_id", start=pl.col("date"), end=pl.col("date")))
    if not spans:
        return {}
    bounds = (
        pl.concat(spans).drop_nulls().group_by("service_id").agg(pl.col("start").min(), pl.col("end").max())
    )
    # A route without agency_id belongs to the feed's only agency.
    only = agency.get_column("agency_id")[0] if agency.height == 1 and "agency_id" in agency.columns else None
    route_agency = ensure_columns(routes, {"route_id": pl.String, "agency_id": pl.String}).select(
        "route_id", pl.col("agency_id").fill_null(pl.lit(only, pl.String))
    )
    names = ensure_columns(agency, {"agency_id": pl.String, "agency_name": pl.String}).select(
        pl.col("agency_id").fill_null(pl.lit(only, pl.String)), "agency_name"
    )
    per_network = (
        ensure_columns(trips, {"route_id": pl.String, "service_id": pl.String})
        .select("route_id", "service_id")
        .join(route_agency, on="route_id")
        .join(names, on="agency_id")
        .join(bounds, on="service_id")
        .group_by("agency_name")
        .agg(pl.col("start").min(), pl.col("end").max())
        .sort("agency_name")
    )
    return {
        row["agency_name"]: {"start_date": row["start"].isoformat(), "end_date": row["end"].isoformat()}
        for row in per_network.iter_rows(named=True)
    }


# transport-site apps/transport/lib/validators/gtfs_transport_validator.ex ``find_tags``: the features the
# platform shows on a GTFS resource, from transport-validator's metadata (French, untranslated upstream: they
# are searched).
BASE_TAGS = ("position des stations", "horaires théoriques", "topologie du réseau")
ROUTE_COLORS_SHARE = 80  # has_route_colors_tag: at least 80 % of the routes have a custom colour


def platform_tags(meta: dict[str, Any], stats: dict[str, Any]) -> list[str]:
    """The tags, in the platform's order. ``stats`` holds transport-validator's counts (``routes_count``,
    ``routes_with_custom_color_count``, ``trips_with_bike_info_count``, ``trips_with_wheelchair_info_count``,
    ``stops_with_wheelchair_info_count``, the last ``None`` when the model could not be loaded)."""
    tags = list(BASE_TAGS)
    tags += ["tarifs"] if meta.get("has_fares") else []
    tags += ["tracés de lignes"] if meta.get("has_shapes") else []
    tags += (
        ["transport à la demande"]
        if meta.get("some_stops_need_phone_agency") or meta.get("some_stops_need_phone_driver")
        else []
    )
    routes = stats.get("routes_count") or 0
    if routes and stats.get("routes_with_custom_color_count", 0) / routes * 100 >= ROUTE_COLORS_SHARE:
        tags.append("couleurs des lignes")
    tags += ["description des correspondances"] if meta.get("has_pathways") else []
    tags += (
        ["informations sur l'accessibilité à vélo"]
        if (stats.get("trips_with_bike_info_count") or 0) > 0
        else []
    )
    trips, stops = (
        stats.get("trips_with_wheelchair_info_count"),
        stats.get("stops_with_wheelchair_info_count"),
    )
    if isinstance(trips, int) and isinstance(stops, int) and (trips > 0 or stops > 0):
        tags.append("informations sur l'accessibilité en fauteuil roulant")
    return list(dict.fromkeys(tags))


def trips_with_bike_info(model: TvModel) -> int:
    """transport-validator's ``trips_with_bike_info_count``: trips whose ``bikes_allowed`` is not 0 or
    empty."""
    trips = model.frame("trips.txt")
    if trips is None or "bikes_allowed" not in trips.columns:
        return 0
    value = pl.col("bikes_allowed").cast(pl.Int64, strict=False)
    return int(trips.select((value.is_not_null() & (value != 0)).sum()).item())
