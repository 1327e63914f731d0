"""The GBFS rules across files: discovery, required files, unique ids, references, conditional fields, and the
French minimum versions.

Each check reads the parsed documents defensively (a value of the wrong type is the schema's business, skipped
here) and reports JSON pointers into the file that holds the problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citylint.collector import FindingSink
from citylint.validators.gbfs.feed import GbfsFeed, GbfsFile, version_key
from citylint.validators.gbfs.rules import (
    GbfsDuplicateId,
    GbfsFrCarSharingVersionBelowMinimum,
    GbfsFrVersionBelowMinimum,
    GbfsLanguageMismatch,
    GbfsListedFeedMissing,
    GbfsMissingCurrentRange,
    GbfsMissingRentalApps,
    GbfsMissingRequiredFile,
    GbfsMissingVehicleTypeId,
    GbfsMissingVehicleTypesAvailable,
    GbfsStationWithoutStatus,
    GbfsUnknownPricingPlan,
    GbfsUnknownRegion,
    GbfsUnknownStation,
    GbfsUnknownVehicleType,
    GbfsUnlistedFile,
    GbfsVersionsNotSorted,
)
from citylint.validators.jsonschema.load import pointer

Entity = tuple[tuple[Any, ...], dict[str, Any]]  # (path in the file, the object)
FR_MINIMUM, FR_CAR_MINIMUM = "2.0", "2.3"


def entities(file: GbfsFile | None, key: str) -> list[Entity]:
    """The objects of ``data.<key>`` with their paths."""
    if file is None:
        return []
    items = file.data.get(key)
    if not isinstance(items, list):
        return []
    return [(("data", key, i), item) for i, item in enumerate(items) if isinstance(item, dict)]


def _id(value: Any) -> str | int | None:
    return value if isinstance(value, str | int) and not isinstance(value, bool) else None


def vehicles(feed: GbfsFeed) -> tuple[GbfsFile | None, list[Entity], str]:
    """The vehicle file (``vehicle_status`` from 3.0, ``free_bike_status`` before), its vehicles, their id
    field."""
    status = feed.get("vehicle_status")
    if status is not None:
        return status, entities(status, "vehicles"), "vehicle_id"
    bikes = feed.get("free_bike_status")
    return bikes, entities(bikes, "bikes"), "bike_id"


def check(feed: GbfsFeed, sink: FindingSink) -> None:
    _discovery(feed, sink)
    _versions_order(feed, sink)
    _required_files(feed, sink)
    _unique_ids(feed, sink)
    _references(feed, sink)
    _stations_without_status(feed, sink)
    _conditional_fields(feed, sink)
    _rental_apps(feed, sink)
    _french_minimums(feed, sink)


def listed_feeds(discovery: GbfsFile) -> set[str]:
    """Feed names ``gbfs.json`` lists, in every language (``.json`` suffixes tolerated, as producers add
    them)."""
    data = discovery.data
    lists = (
        [data.get("feeds")]
        if "feeds" in data
        else [v.get("feeds") for v in data.values() if isinstance(v, dict)]
    )
    names = set()
    for feeds in lists:
        for entry in feeds if isinstance(feeds, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names.add(entry["name"].removesuffix(".json"))
    return names


def _discovery(feed: GbfsFeed, sink: FindingSink) -> None:
    discovery = feed.get("gbfs")
    if discovery is None:
        return
    listed = listed_feeds(discovery)
    for name in sorted(listed - set(feed.files) - {"gbfs"}):
        sink.add(GbfsListedFeedMissing, {"feedName": name, "filename": f"{name}.json"})
    # manifest.json is listed nowhere (3.0: gbfs.json MUST NOT link to it)
    for name in sorted(set(feed.files) - listed - {"gbfs", "manifest"}):
        sink.add(GbfsUnlistedFile, {"filename": feed.files[name].filename})
    system = feed.get("system_information")
    languages = (
        sorted(k for k, v in discovery.data.items() if isinstance(v, dict))
        if "feeds" not in discovery.data
        else []
    )
    language = system.data.get("language") if system is not None else None
    if languages and isinstance(language, str) and language not in languages:
        sink.add(GbfsLanguageMismatch, {"language": language, "languages": ", ".join(languages)})


def _versions_order(feed: GbfsFeed, sink: FindingSink) -> None:
    previous: str | None = None
    for path, entry in entities(feed.get("gbfs_versions"), "versions"):
        version = entry.get("version")
        if not isinstance(version, str):
            continue
        if previous is not None and version_key(version) < version_key(previous):
            sink.add(
                GbfsVersionsNotSorted,
                {
                    "filename": "gbfs_versions.json",
                    "jsonPointer": pointer((*path, "version")),
                    "version": version,
                    "previous": previous,
                },
            )
        previous = version


def _uses(items: list[Entity], field: str) -> bool:
    return any(field in item for _, item in items)


def _required_files(feed: GbfsFeed, sink: FindingSink) -> None:
    present = set(feed.files)

    def missing(name: str, reason: str) -> None:
        if name not in present:
            sink.add(GbfsMissingRequiredFile, {"filename": f"{name}.json", "reason": reason})

    missing("system_information", "every GBFS feed describes its system")
    if version_key(feed.version) >= (2, 0):
        missing("gbfs", f"the discovery file is required from GBFS 2.0 (the feed is {feed.version})")
    if "station_information" in present:
        missing("station_status", "station_information.json is present and its stations need a status")
    if "station_status" in present:
        missing("station_information", "station_status.json is present and its stations need a location")
    _, items, _ = vehicles(feed)
    stations = entities(feed.get("station_status"), "stations")
    if _uses(items, "vehicle_type_id") or _uses(stations, "vehicle_types_available"):
        missing("vehicle_types", "other files give vehicle_type_id values")
    types = entities(feed.get("vehicle_types"), "vehicle_types")
    if (
        _uses(items, "pricing_plan_id")
        or _uses(types, "default_pricing_plan_id")
        or _uses(types, "pricing_plan_ids")
    ):
        missing("system_pricing_plans", "other files give pricing plan ids")


def _unique_ids(feed: GbfsFeed, sink: FindingSink) -> None:
    vehicle_file, items, vehicle_field = vehicles(feed)
    for file, items_of, field in (
        (
            feed.get("station_information"),
            entities(feed.get("station_information"), "stations"),
            "station_id",
        ),
        (feed.get("station_status"), entities(feed.get("station_status"), "stations"), "station_id"),
        (feed.get("vehicle_types"), entities(feed.get("vehicle_types"), "vehicle_types"), "vehicle_type_id"),
        (feed.get("system_pricing_plans"), entities(feed.get("system_pricing_plans"), "plans"), "plan_id"),
        (feed.get("system_regions"), entities(feed.get("system_regions"), "regions"), "region_id"),
        (vehicle_file, items, vehicle_field),
    ):
        seen: set[str | int] = set()
        for path, item in items_of:
            value = _id(item.get(field))
            if value is None:
                continue
            if value in seen and file is not None:
                sink.add(
                    GbfsDuplicateId,
                    {
                        "filename": file.filename,
                        "jsonPointer": pointer((*path, field)),
                        "field": field,
                        "value": value,
                    },
                )
            seen.add(value)


def _declared(file: GbfsFile | None, key: str, field: str) -> set[str | int] | None:
    if file is None:
        return None
    return {v for _, item in entities(file, key) if (v := _id(item.get(field))) is not None}


def _values(items: list[Entity], field: str) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Each value of ``field`` in the items: the value itself, or each element when it is a list."""
    for path, item in items:
        value = item.get(field)
        if isinstance(value, list):
            for i, element in enumerate(value):
                yield (*path, field, i), element
        elif value is not None:
            yield (*path, field), value


def _unknown(
    rule: Any,
    file: GbfsFile | None,
    refs: Iterator[tuple[tuple[Any, ...], Any]],
    declared: set[str | int] | None,
    field: str,
    target: str,
    sink: FindingSink,
) -> None:
    if file is None or declared is None:
        return
    for path, value in refs:
        key = _id(value)
        if key is not None and key not in declared:
            sink.add(
                rule,
                {
                    "filename": file.filename,
                    "jsonPointer": pointer(path),
                    "field": field,
                    "value": value,
                    "target": target,
                },
            )


def _geofencing_rules(feed: GbfsFeed) -> list[Entity]:
    zones = feed.get("geofencing_zones")
    if zones is None:
        return []
    out: list[Entity] = []
    collection = zones.data.get("geofencing_zones")
    features = collection.get("features") if isinstance(collection, dict) else None
    for i, feature in enumerate(features if isinstance(features, list) else []):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        rules = properties.get("rules") if isinstance(properties, dict) else None
        for j, rule in enumerate(rules if isinstance(rules, list) else []):
            if isinstance(rule, dict):
                out.append((("data", "geofencing_zones", "features", i, "properties", "rules", j), rule))
    out += entities(zones, "global_rules")
    return out


def _references(feed: GbfsFeed, sink: FindingSink) -> None:
    vehicle_file, items, _ = vehicles(feed)
    status = feed.get("station_status")
    statuses = entities(status, "stations")
    types = _declared(feed.get("vehicle_types"), "vehicle_types", "vehicle_type_id")
    target = "vehicle_types.json"
    available = [
        ((*p, "vehicle_types_available", i), e)
        for p, s in statuses
        for i, e in enumerate(s.get("vehicle_types_available") or [])
        if isinstance(e, dict)
    ]
    docks = [
        ((*p, "vehicle_docks_available", i), e)
        for p, s in statuses
        for i, e in enumerate(s.get("vehicle_docks_available") or [])
        if isinstance(e, dict)
    ]
    _unknown(
        GbfsUnknownVehicleType,
        status,
        _values(available, "vehicle_type_id"),
        types,
        "vehicle_type_id",
        target,
        sink,
    )
    _unknown(
        GbfsUnknownVehicleType,
        status,
        _values(docks, "vehicle_type_ids"),
        types,
        "vehicle_type_id",
        target,
        sink,
    )
    _unknown(
        GbfsUnknownVehicleType,
        vehicle_file,
        _values(items, "vehicle_type_id"),
        types,
        "vehicle_type_id",
        target,
        sink,
    )
    zone_rules = _geofencing_rules(feed)
    for field in ("vehicle_type_id", "vehicle_type_ids"):  # 2.x names the list vehicle_type_id, 3.x ..._ids
        _unknown(
            GbfsUnknownVehicleType,
            feed.get("geofencing_zones"),
            _values(zone_rules, field),
            types,
            "vehicle_type_id",
            target,
            sink,
        )
    availability = feed.get("vehicle_availability")
    _unknown(
        GbfsUnknownVehicleType,
        availability,
        _values(entities(availability, "vehicles"), "vehicle_type_id"),
        types,
        "vehicle_type_id",
        target,
        sink,
    )

    stations = _declared(feed.get("station_information"), "stations", "station_id")
    target = "station_information.json"
    _unknown(
        GbfsUnknownStation, status, _values(statuses, "station_id"), stations, "station_id", target, sink
    )
    for field in ("station_id", "home_station_id"):
        _unknown(GbfsUnknownStation, vehicle_file, _values(items, field), stations, field, target, sink)
    alerts = feed.get("system_alerts")
    _unknown(
        GbfsUnknownStation,
        alerts,
        _values(entities(alerts, "alerts"), "station_ids"),
        stations,
        "station_id",
        target,
        sink,
    )
    _unknown(
        GbfsUnknownStation,
        availability,
        _values(entities(availability, "vehicles"), "station_id"),
        stations,
        "station_id",
        target,
        sink,
    )

    plans = _declared(feed.get("system_pricing_plans"), "plans", "plan_id")
    target = "system_pricing_plans.json"
    _unknown(
        GbfsUnknownPricingPlan,
        vehicle_file,
        _values(items, "pricing_plan_id"),
        plans,
        "pricing_plan_id",
        target,
        sink,
    )
    type_file = feed.get("vehicle_types")
    type_items = entities(type_file, "vehicle_types")
    for field in ("default_pricing_plan_id", "pricing_plan_ids"):
        _unknown(GbfsUnknownPricingPlan, type_file, _values(type_items, field), plans, field, target, sink)

    regions = _declared(feed.get("system_regions"), "regions", "region_id")
    target = "system_regions.json"
    info = feed.get("station_information")
    _unknown(
        GbfsUnknownRegion,
        info,
        _values(entities(info, "stations"), "region_id"),
        regions,
        "region_id",
        target,
        sink,
    )
    _unknown(
        GbfsUnknownRegion,
        alerts,
        _values(entities(alerts, "alerts"), "region_ids"),
        regions,
        "region_id",
        target,
        sink,
    )


def _stations_without_status(feed: GbfsFeed, sink: FindingSink) -> None:
    status, info = feed.get("station_status"), feed.get("station_information")
    if status is None or info is None:
        return
    known = {_id(s.get("station_id")) for _, s in entities(status, "stations")}
    for path, station in entities(info, "stations"):
        if (value := _id(station.get("station_id"))) is not None and value not in known:
            sink.add(
                GbfsStationWithoutStatus,
                {"filename": info.filename, "jsonPointer": pointer((*path, "station_id")), "value": value},
            )


def _conditional_fields(feed: GbfsFeed, sink: FindingSink) -> None:
    type_items = entities(feed.get("vehicle_types"), "vehicle_types")
    if not type_items or version_key(feed.version) < (2, 1):
        return
    status = feed.get("station_status")
    statuses = entities(status, "stations")
    for path, station in statuses:
        if "vehicle_types_available" not in station and status is not None:
            sink.add(
                GbfsMissingVehicleTypesAvailable,
                {
                    "filename": status.filename,
                    "jsonPointer": pointer(path),
                    "value": station.get("station_id"),
                },
            )
    motorised = {
        _id(t.get("vehicle_type_id"))
        for _, t in type_items
        if t.get("propulsion_type") not in (None, "human")
    }
    vehicle_file, items, id_field = vehicles(feed)
    for path, vehicle in items:
        if vehicle_file is None:
            break
        type_id = _id(vehicle.get("vehicle_type_id"))
        if "vehicle_type_id" not in vehicle:
            sink.add(
                GbfsMissingVehicleTypeId,
                {
                    "filename": vehicle_file.filename,
                    "jsonPointer": pointer(path),
                    "value": vehicle.get(id_field),
                },
            )
        elif type_id in motorised and "current_range_meters" not in vehicle:
            sink.add(
                GbfsMissingCurrentRange,
                {
                    "filename": vehicle_file.filename,
                    "jsonPointer": pointer(path),
                    "value": vehicle.get(id_field),
                    "vehicleTypeId": type_id,
                },
            )


def _rental_apps(feed: GbfsFeed, sink: FindingSink) -> None:
    system = feed.get("system_information")
    if system is None:
        return
    apps = system.data.get("rental_apps")
    apps = apps if isinstance(apps, dict) else {}
    vehicle_file, items, _ = vehicles(feed)
    info = feed.get("station_information")
    for file, items_of in ((info, entities(info, "stations")), (vehicle_file, items)):
        if file is None:
            continue
        for platform in ("ios", "android"):
            used = any(
                isinstance(i.get("rental_uris"), dict) and platform in i["rental_uris"] for _, i in items_of
            )
            app = apps.get(platform)
            if used and not (isinstance(app, dict) and app.get("store_uri")):
                sink.add(GbfsMissingRentalApps, {"filename": file.filename, "platform": platform})


def _french_minimums(feed: GbfsFeed, sink: FindingSink) -> None:
    types = entities(feed.get("vehicle_types"), "vehicle_types")
    cars = any(t.get("form_factor") == "car" for _, t in types)
    version = version_key(feed.version)
    if cars and version < version_key(FR_CAR_MINIMUM):
        sink.add(
            GbfsFrCarSharingVersionBelowMinimum,
            {"filename": feed.version_source, "version": feed.version, "minimum": FR_CAR_MINIMUM},
        )
    elif not cars and version < version_key(FR_MINIMUM):
        sink.add(
            GbfsFrVersionBelowMinimum,
            {"filename": feed.version_source, "version": feed.version, "minimum": FR_MINIMUM},
        )
