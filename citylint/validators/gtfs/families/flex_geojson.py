"""GTFS-Flex zones (locations.geojson): the file's structure and geometry, its ids against stops and
location groups, references from stop_times.location_id, and zones served at overlapping times."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:  # numpy and shapely (GEOS) load only for a feed that has locations.geojson
    import numpy as np

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule, RuleType
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns, hhmmss
from citylint.validators.gtfs.frames.flex import END, START
from citylint.validators.gtfs.geojson import FILENAME, GeoJsonLoad, load_locations
from citylint.validators.gtfs.keys import ForeignKeyViolation
from citylint.validators.gtfs.spec import FILE_REQUIREMENTS, REFERENCE
from citylint.validators.gtfs.value_rules import PointNearOrigin, PointNearPole

SPEC = REFERENCE + "#locationsgeojson"


class MalformedJson(
    GtfsRule,
    code="malformed_json",
    severity=Severity.ERROR,
    spec=SPEC,
    message="{filename} is not valid JSON: {message}",
):
    """`locations.geojson` is not a valid JSON document with an object at its root.

    ## Why it matters
    Nothing in the file can be read: every zone it defines is lost.

    ## Example
    A missing closing brace, a trailing comma, or an array at the root.

    ## Reference
    GTFS Schedule reference, `locations.geojson`: a GeoJSON FeatureCollection (RFC 7946).
    """


class GeoJsonDuplicatedElement(
    GtfsRule,
    code="geo_json_duplicated_element",
    severity=Severity.ERROR,
    spec=SPEC,
    message="{filename}: member {duplicatedElement!r} is repeated in one object",
):
    """A JSON object of `locations.geojson` repeats a member name.

    ## Why it matters
    Readers keep one of the values, not always the same one. MobilityData then reads no zone at all.

    ## Example
    A feature with two `"id"` members.

    ## Reference
    RFC 8259 section 4 (names within an object should be unique); GTFS Schedule reference,
    `locations.geojson`.
    """


class GeoJsonUnknownElement(
    GtfsRule,
    code="geo_json_unknown_element",
    severity=Severity.INFO,
    spec=SPEC,
    message="{filename}: unknown member {unknownElement!r}",
):
    """`locations.geojson` has a member the GTFS reference does not define.

    ## Why it matters
    Consumers ignore it: what it says is probably lost, or it is a misspelt standard member.

    ## Example
    A feature with a `"name"` member beside `"properties"`.

    ## Reference
    GTFS Schedule reference, `locations.geojson`: the members of the FeatureCollection, its features and
    their geometry.
    """


class MissingRequiredElement(
    GtfsRule,
    code="missing_required_element",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson: required element {missingElement} is missing",
):
    """A required member of `locations.geojson` is missing or empty.

    ## Why it matters
    The zone cannot be identified or drawn; MobilityData then reads no zone of the file.

    ## Example
    A feature without `"id"`, `"properties"` or `"geometry"`, or a geometry without `"coordinates"`.

    ## Reference
    GTFS Schedule reference, `locations.geojson`: `type`, `features`, `features.id`, `features.type`,
    `features.properties`, `features.geometry` with its `type` and `coordinates` are required.
    """


class UnsupportedGeoJsonType(
    GtfsRule,
    code="unsupported_geo_json_type",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson: root type {geoJsonType!r} is not FeatureCollection",
):
    """The root of `locations.geojson` is not a FeatureCollection.

    ## Why it matters
    GTFS reads zones only from a FeatureCollection: none of the file is used.

    ## Example
    `{"type": "Feature", ...}` at the root.

    ## Reference
    GTFS Schedule reference, `locations.geojson` `type`: `"FeatureCollection"`.
    """


class UnsupportedFeatureType(
    GtfsRule,
    code="unsupported_feature_type",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson feature {featureIndex}: type {featureType!r} is not Feature",
):
    """A member of `features` has a `type` other than `Feature`.

    ## Why it matters
    Consumers may skip the entry, and the zone with it.

    ## Example
    `{"type": "Polygon", "id": "zone_a", ...}` directly in `features`.

    ## Reference
    GTFS Schedule reference, `locations.geojson` `features.type`: `"Feature"`.
    """


class UnsupportedGeometryType(
    GtfsRule,
    code="unsupported_geometry_type",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson feature {featureIndex}: geometry type {geometryType!r} is not Polygon or "
    "MultiPolygon",
):
    """A zone's geometry is neither a Polygon nor a MultiPolygon.

    ## Why it matters
    A zone is an area: consumers cannot tell where a rider may be picked up.

    ## Example
    `"geometry": {"type": "polygon", ...}` (lower case).

    ## Reference
    GTFS Schedule reference, `locations.geojson` `features.geometry.type`: `"Polygon"` or
    `"MultiPolygon"`.
    """


class InvalidGeometry(
    GtfsRule,
    code="invalid_geometry",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson feature {featureIndex} ({featureId}): invalid {geometryType}: {message}",
):
    """A zone's polygon is not a valid geometry (unclosed ring, self-intersection, hole outside its shell...).

    ## Why it matters
    Whether a point lies in the zone has no reliable answer; MobilityData then reads no zone of the file.

    ## Example
    A ring drawn as a bow-tie: `[[0,0],[2,2],[2,0],[0,2],[0,0]]`.

    ## Reference
    GTFS Schedule reference, `locations.geojson` `features.geometry.coordinates`; OGC Simple Features
    validity, as JTS (MobilityData) and GEOS (here) check it.
    """


class DuplicateGeoJsonKey(
    GtfsRule,
    code="duplicate_geo_json_key",
    severity=Severity.ERROR,
    spec=SPEC,
    message="locations.geojson: id {featureId!r} of feature {secondIndex} repeats feature {firstIndex}",
):
    """Two features of `locations.geojson` have the same `id`.

    ## Why it matters
    A stop time naming the id refers to either zone.

    ## Example
    Features 0 and 3 both have `"id": "zone_a"`.

    ## Reference
    GTFS Schedule reference, `locations.geojson` `features.id`: unique within the file.
    """


class DuplicateGeographyId(
    GtfsRule,
    code="duplicate_geography_id",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="id {geographyId!r} names places in several of stops.txt, location_groups.txt and "
    "locations.geojson",
):
    """One id names a stop, a location group or a GeoJSON zone in more than one of those files.

    ## Why it matters
    A stop time may name any of them, so the place it serves is ambiguous.

    ## Example
    `stops.txt` `stop_id` = `A` and a `locations.geojson` feature `"id": "A"`.

    ## Reference
    GTFS Schedule reference, *File requirements*: `stop_id`, `location_group_id` and `locations.geojson`
    `id` share one namespace.
    """


class OverlappingZoneAndPickupDropOffWindow(
    GtfsRule,
    code="overlapping_zone_and_pickup_drop_off_window",
    severity=Severity.ERROR,
    spec=REFERENCE + "#stop_timestxt",
    message=(
        "trip {tripId}: zones {locationId1} and {locationId2} overlap and are served at overlapping times"
    ),
):
    """Two stop times of a trip serve overlapping zones during overlapping pickup/drop-off windows.

    ## Why it matters
    A rider in the shared area at that time matches both stop times: the service to book is ambiguous.

    ## Example
    Trip `F1` serves `zone_a` from 08:00 to 12:00 and `zone_b`, which overlaps it, from 10:00 to 14:00,
    with the same pickup and drop-off types.

    ## Reference
    GTFS Schedule reference, `stop_times.txt` `location_id`: zones of one trip with overlapping windows
    must not overlap. MobilityData rule `overlapping_zone_and_pickup_drop_off_window`.
    """


RULES: tuple[RuleType, ...] = (
    MalformedJson,
    GeoJsonDuplicatedElement,
    GeoJsonUnknownElement,
    MissingRequiredElement,
    UnsupportedGeoJsonType,
    UnsupportedFeatureType,
    UnsupportedGeometryType,
    InvalidGeometry,
    DuplicateGeoJsonKey,
    DuplicateGeographyId,
    OverlappingZoneAndPickupDropOffWindow,
)
_LOADER_RULES: dict[str, RuleType] = {rule.rule.code: rule for rule in RULES}


def locations(feed: Feed) -> GeoJsonLoad | None:
    """locations.geojson as loaded once per feed; None when the feed has none."""
    data = feed.read(FILENAME) if feed.has(FILENAME) else None
    return None if data is None else feed.derived("locations_geojson", lambda: load_locations(data))


def _loader_notices(load: GeoJsonLoad, sink: FindingSink) -> None:
    for code, found in load.notices.items():
        sink.add_many(_LOADER_RULES[code], found, file=FILENAME)
    if load.points is None or load.points.height == 0:
        return
    lat, lon = pl.col("latFieldValue"), pl.col("lonFieldValue")
    origin = (lon.abs() <= 1) & (lat.abs() <= 1)  # origin first: a point is never both (else-if)
    fields = (
        pl.lit(FILENAME).alias("filename"),
        "featureIndex",
        "entityId",
        "latFieldValue",
        "lonFieldValue",
    )
    sink.add_frame(PointNearOrigin, load.points.filter(origin).select(fields))
    sink.add_frame(PointNearPole, load.points.filter(~origin & (lat.abs() >= 89)).select(fields))


def _duplicate_keys(load: GeoJsonLoad, sink: FindingSink) -> None:
    """GtfsGeoJsonFeaturesContainer's index: each repeat of an id names the first feature holding it."""
    first = pl.col("feature_index").first().over("feature_id")
    sink.add_frame(
        DuplicateGeoJsonKey,
        load.features.filter(pl.col("feature_index") != first).select(
            featureId=pl.col("feature_id"), firstIndex=first, secondIndex=pl.col("feature_index")
        ),
    )


def _location_references(feed: Feed, load: GeoJsonLoad | None, sink: FindingSink) -> None:
    """LocationIdForeignKeyValidator: stop_times.location_id against the features' ids (an absent file
    has none); skipped when either file did not load cleanly."""
    stop_times = feed.frame("stop_times.txt")
    if stop_times is None or "location_id" not in stop_times.columns or not feed.indexable("stop_times.txt"):
        return
    if load is not None and not load.usable:
        return
    known = load.features.get_column("feature_id") if load is not None else pl.Series([], dtype=pl.String)
    location = pl.col("location_id")
    sink.add_frame(
        ForeignKeyViolation,
        stop_times.filter(
            location.is_not_null() & (location != "") & ~location.is_in(known.implode())
        ).select(
            childFilename=pl.lit("stop_times.txt"),
            childFieldName=pl.lit("location_id"),
            parentFilename=pl.lit(FILENAME),
            parentFieldName=pl.lit("id"),
            fieldValue=location,
            csvRowNumber=pl.col(ROW),
        ),
        file="stop_times.txt",
    )


def _geography_ids(feed: Feed, load: GeoJsonLoad | None, sink: FindingSink) -> None:
    """UniqueGeographyIdValidator: an id present in two or three of the files (a repeat within one file
    is that file's duplicate key); each file's first position is reported."""
    if (load is not None and not load.usable) or not feed.usable("stops.txt", "location_groups.txt"):
        return
    parts = [pl.DataFrame(schema={"id": pl.String, "source": pl.String, "position": pl.Int64})]
    for name, column, source in (
        ("stops.txt", "stop_id", "csvRowNumberA"),
        ("location_groups.txt", "location_group_id", "csvRowNumberB"),
    ):
        frame = feed.frame(name)
        if frame is not None and column in frame.columns:
            parts.append(
                frame.select(id=pl.col(column), source=pl.lit(source), position=pl.col(ROW).cast(pl.Int64))
            )
    if load is not None:
        parts.append(
            load.features.select(
                id=pl.col("feature_id"), source=pl.lit("featureIndex"), position=pl.col("feature_index")
            )
        )
    entries = pl.concat(parts).filter(pl.col("id").is_not_null())
    shared = entries.filter(pl.col("source").n_unique().over("id") > 1)
    if shared.height == 0:
        return
    found = (
        shared.group_by("id", "source", maintain_order=True)
        .agg(pl.col("position").first())
        .pivot(on="source", index="id", values="position")
    )
    found = ensure_columns(
        found, {"csvRowNumberA": pl.Int64, "csvRowNumberB": pl.Int64, "featureIndex": pl.Int64}
    )
    sink.add_frame(
        DuplicateGeographyId,
        found.select(
            geographyId=pl.col("id"),
            csvRowNumberA=pl.col("csvRowNumberA"),
            csvRowNumberB=pl.col("csvRowNumberB"),
            featureIndex=pl.col("featureIndex"),
        ),
    )


def _overlapping_zones(feed: Feed, load: GeoJsonLoad | None, sink: FindingSink) -> None:
    """OverlappingPickupDropOffZoneValidator: pairs of one trip's stop times (in stop_sequence order) with
    matching pickup or drop-off types, both windows, different zones, strictly overlapping windows, and
    zones that overlap in JTS's sense (interiors meet, neither contains the other)."""
    stop_times = feed.frame("stop_times.txt")
    if load is None or not load.usable or stop_times is None or not feed.indexable("stop_times.txt"):
        return
    if not {START, END, "location_id"} <= set(stop_times.columns) or not load.features.height:
        return
    frame = ensure_columns(stop_times, {"pickup_type": pl.Int64, "drop_off_type": pl.Int64})
    recognised = [0, 1, 2, 3]  # anything else is UNRECOGNIZED, which skips the pair
    flex = (
        frame.filter(
            pl.col(START).is_not_null()
            & pl.col(END).is_not_null()
            & pl.col("location_id").is_not_null()
            & pl.col("pickup_type").fill_null(0).is_in(recognised)
            & pl.col("drop_off_type").fill_null(0).is_in(recognised)
        )
        .sort("trip_id", "stop_sequence", ROW)
        .select(
            "trip_id",
            "stop_sequence",
            "location_id",
            START,
            END,
            pickup=pl.col("pickup_type").fill_null(0),
            drop_off=pl.col("drop_off_type").fill_null(0),
            order=pl.int_range(pl.len()),
        )
    )
    if flex.height < 2:
        return
    pairs = (
        flex.join(flex, on="trip_id", suffix="_2")
        .filter(
            (pl.col("order") < pl.col("order_2"))
            & ((pl.col("pickup") == pl.col("pickup_2")) | (pl.col("drop_off") == pl.col("drop_off_2")))
            & (pl.col("location_id") != pl.col("location_id_2"))
            & (pl.col(START) < pl.col(f"{END}_2"))
            & (pl.col(END) > pl.col(f"{START}_2"))
        )
        .sort("order", "order_2")
    )
    if pairs.height == 0:
        return
    # The first feature holding an id is the zone (the container keeps the first); only a Polygon has one.
    zone_of = load.features.with_columns(zone=pl.int_range(pl.len())).unique("feature_id", keep="first")
    pairs = (
        pairs.join(zone_of.select(location_id="feature_id", zone_1="zone"), on="location_id", how="left")
        .join(zone_of.select(location_id_2="feature_id", zone_2="zone"), on="location_id_2", how="left")
        .filter(pl.col("zone_1").is_not_null() & pl.col("zone_2").is_not_null())
    )
    zones: np.ndarray[Any, Any] = load.zones
    first = zones[pairs.get_column("zone_1").to_numpy()]
    second = zones[pairs.get_column("zone_2").to_numpy()]
    import shapely  # here, not at the top: GEOS loads only for feeds that reach this point

    overlapping = shapely.overlaps(first, second)  # None (no polygon) compares as False
    found = pairs.filter(pl.Series(overlapping, dtype=pl.Boolean).fill_null(False))
    sink.add_frame(
        OverlappingZoneAndPickupDropOffWindow,
        found.select(
            tripId=pl.col("trip_id"),
            stopSequence1=pl.col("stop_sequence"),
            locationId1=pl.col("location_id"),
            startPickupDropOffWindow1=hhmmss(pl.col(START)),
            endPickupDropOffWindow1=hhmmss(pl.col(END)),
            stopSequence2=pl.col("stop_sequence_2"),
            locationId2=pl.col("location_id_2"),
            startPickupDropOffWindow2=hhmmss(pl.col(f"{START}_2")),
            endPickupDropOffWindow2=hhmmss(pl.col(f"{END}_2")),
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    load = locations(feed)
    if load is not None:
        _loader_notices(load, sink)
        if load.usable:
            _duplicate_keys(load, sink)
    _location_references(feed, load, sink)
    _geography_ids(feed, load, sink)
    _overlapping_zones(feed, load, sink)
