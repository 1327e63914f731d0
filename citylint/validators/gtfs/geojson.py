"""locations.geojson as MobilityData (v8.0.1, ``GeoJsonFileLoader``) reads it: its structural notices, its
zones as shapely polygons, and whether the rules that read it may run.

The file is a JSON tree, not a table, so its structure is walked in Python, one step per feature (a flex
feed has tens to thousands of zones); the per-coordinate work is columnar: each ring becomes a numpy array
in one call, points near the origin or a pole are a polars filter, and ring construction and polygon
validity (JTS ``IsValidOp``, here GEOS through shapely, its C++ port) run on whole arrays.

MobilityData's behaviour is followed where it is surprising, from its Java source:

- A JSON object member whose value is ``null`` is dropped (Gson's tree writer skips nulls), so
  ``"id": null`` is a missing id.
- Numbers are Java doubles: an ``id`` of ``7`` is the string ``"7.0"``.
- Gson throws, and the loader's bare ``catch (Exception)`` makes the whole file unusable *without any
  notice*, on: a non-string scalar read as a string (an object or array ``id``), a ``features`` that is
  not an array, a ``geometry`` or ``properties`` that is not an object, and coordinates not nested exactly
  as a Polygon's (``validateCoordinates`` indexes three levels before the type dispatch, so every
  MultiPolygon, Point and LineString throws). Notices already emitted stay; later features are not read.
- A feature that is not an object, lacks a required element, or has an invalid polygon makes the file
  unusable after every feature was examined.
- A duplicated JSON key is reported once; the file then holds no feature but stays usable.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:  # numpy and shapely (GEOS) load only for a feed that has locations.geojson
    import numpy as np

FILENAME = "locations.geojson"
ROOT_KEYS = ("type", "features")
FEATURE_KEYS = ("id", "type", "properties", "geometry")
GEOMETRY_KEYS = ("type", "coordinates")
POLYGON, MULTI_POLYGON = "Polygon", "MultiPolygon"

# JTS wording of the construction errors GeometryFactory throws before IsValidOp runs.
LINESTRING_ONE_POINT = "Invalid number of points in LineString (found 1 - must be 0 or >= 2)"
RING_TWO_POINTS = "Invalid number of points in LinearRing (found 2 - must be 0 or >= 3)"
RING_NOT_CLOSED = "Points of LinearRing do not form a closed linestring"
SHELL_EMPTY = "shell is empty but holes are not"
# GEOS words one topology error differently from JTS; the others are spelt alike.
GEOS_TO_JTS = {"Too few points in geometry component": "Too few distinct points in geometry component"}


def _no_zones() -> np.ndarray[Any, Any]:
    import numpy as np

    return np.empty(0, dtype=object)


class _Abort(Exception):
    """Gson threw: the loader gives up on the whole file, silently."""


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass
class GeoJsonLoad:
    """What the families read: notices per code (field dicts, in MobilityData's order) and the zones."""

    notices: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    points: pl.DataFrame | None = None  # featureIndex, entityId, latFieldValue, lonFieldValue
    # One row per loaded feature: feature_id, feature_index, geometry_type; ``zones`` holds its polygon
    # (None for a type other than Polygon), aligned with the rows.
    features: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(
            schema={"feature_id": pl.String, "feature_index": pl.Int64, "geometry_type": pl.String}
        )
    )
    zones: np.ndarray[Any, Any] = field(default_factory=lambda: _no_zones())
    usable: bool = True  # MobilityData's container is parsable: the rules reading the features may run

    # The feature each notice came from (-1: the root), to drop what a later Gson throw never reached.
    _origin: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def add(self, code: str, fields: dict[str, Any], at: int = -1) -> None:
        self.notices.setdefault(code, []).append(fields)
        self._origin.setdefault(code, []).append(at)

    def cut_after(self, feature: int) -> None:
        """Forget the notices of the features after ``feature``: the loader threw there."""
        for code, found in self.notices.items():
            self.notices[code] = [f for f, at in zip(found, self._origin[code], strict=True) if at <= feature]


def java_double(value: float) -> str:
    """``Double.toString``: plain decimals within [1e-3, 1e7), else ``d.dddE±n``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(float(value))
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    text = "".join(map(str, digits))
    power = len(text) - 1 + int(exponent)
    return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{power}"


def _as_string(value: Any) -> str:
    """Gson's ``getAsString``: a primitive as text, anything else throws."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return java_double(float(value))
    raise _Abort


def _as_double(value: Any) -> float:
    """Gson's ``getAsDouble``: a number, or a string Java parses as one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Abort
    try:
        return float(value)
    except ValueError as exc:
        raise _Abort from exc


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """MapJsonTypeAdapter: a repeated member name throws; Gson's tree then drops null members."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen.add(key)
    return {key: value for key, value in pairs if value is not None}


def _ring(ring: Any, *, has_bad_literals: bool) -> tuple[np.ndarray[Any, Any], bool]:
    """A ring's (lon, lat) pairs read as ``validateCoordinates`` reads them, and whether it threw; on a
    throw, the pairs read before it (their notices are emitted before the exception)."""
    import numpy as np

    if not isinstance(ring, list):
        return np.empty((0, 2)), True
    if not has_bad_literals:  # no true/false/null in the file: numpy reads a regular ring exactly as Gson
        try:
            array = np.asarray(ring, dtype=np.float64)
            if array.ndim == 2 and array.shape[1] >= 2:
                return array[:, :2], False
            if array.size == 0:
                return np.empty((0, 2)), False
        except (ValueError, TypeError):
            pass
    read: list[tuple[float, float]] = []  # irregular ring: walk it to find where Gson throws
    for point in ring:
        try:
            if not isinstance(point, list) or len(point) < 2:
                raise _Abort
            read.append((_as_double(point[0]), _as_double(point[1])))
        except _Abort:
            return np.asarray(read, dtype=np.float64).reshape(-1, 2), True
    return np.asarray(read, dtype=np.float64).reshape(-1, 2), False


@dataclass
class _Walk:
    load: GeoJsonLoad
    has_bad_literals: bool
    # Coordinates read, in file order: one array per ring, with its feature index.
    rings: list[np.ndarray[Any, Any]] = field(default_factory=list)
    ring_feature: list[int] = field(default_factory=list)
    ring_feature_id: list[str] = field(default_factory=list)
    # Polygon features whose validity decides their fate: feature index -> (first ring, ring count).
    polygons: dict[int, tuple[int, int]] = field(default_factory=dict)
    kept: list[tuple[str, int, str]] = field(default_factory=list)  # id, index, geometry type
    # Features whose properties make Gson throw once their geometry is accepted.
    throws_after_geometry: list[int] = field(default_factory=list)
    unparsable: bool = False

    def feature(self, feature: Any, index: int) -> None:
        load = self.load
        if not isinstance(feature, dict):
            self.unparsable = True
            return
        for key in feature:
            if key not in FEATURE_KEYS:
                load.add("geo_json_unknown_element", {"filename": FILENAME, "unknownElement": key}, index)
        missing: list[str] = []
        feature_id: str | None = None
        if "id" not in feature:
            missing.append("features.id")
        else:
            feature_id = _as_string(feature["id"])
            if not feature_id:
                missing.append("features.id")
        if "type" not in feature:
            missing.append("features.type")
        elif (kind := _as_string(feature["type"])) != "Feature":
            load.add(
                "unsupported_feature_type",
                _without_nulls({"featureIndex": index, "featureId": feature_id, "featureType": kind}),
                index,
            )
        if "properties" not in feature:
            missing.append("features.properties")
        if "geometry" not in feature:
            missing.append("features.geometry")
        else:
            self.geometry(feature, index, feature_id, missing)
        for element in missing:
            load.add(
                "missing_required_element",
                _without_nulls({"featureIndex": index, "featureId": feature_id, "missingElement": element}),
                index,
            )
        if missing:
            self.unparsable = True

    def geometry(
        self, feature: dict[str, Any], index: int, feature_id: str | None, missing: list[str]
    ) -> None:
        geometry = feature["geometry"]
        if not isinstance(geometry, dict):
            raise _Abort
        for key in geometry:
            if key not in GEOMETRY_KEYS:
                self.load.add(
                    "geo_json_unknown_element", {"filename": FILENAME, "unknownElement": key}, index
                )
        if "type" not in geometry:
            missing.append("features.geometry.type")
            return
        if "coordinates" not in geometry:
            missing.append("features.geometry.coordinates")
            return
        if missing:
            return
        assert feature_id is not None
        kind = _as_string(geometry["type"])
        coordinates = geometry["coordinates"]
        if not isinstance(coordinates, list):
            raise _Abort
        first_ring = len(self.rings)
        for ring in coordinates:
            points, threw = _ring(ring, has_bad_literals=self.has_bad_literals)
            self.rings.append(points)
            self.ring_feature.append(index)
            self.ring_feature_id.append(feature_id)
            if threw:
                raise _Abort
        if kind == POLYGON:
            if not coordinates:  # createPolygon indexes rings[0]: ArrayIndexOutOfBounds
                raise _Abort
            self.polygons[index] = (first_ring, len(coordinates))
        elif kind == MULTI_POLYGON:
            if coordinates:  # reachable only with empty members, whose createPolygon throws likewise
                raise _Abort
        else:
            self.load.add(
                "unsupported_geometry_type",
                {"featureIndex": index, "featureId": feature_id, "geometryType": kind},
                index,
            )
        if _properties_throw(feature.get("properties")):
            self.throws_after_geometry.append(index)
        self.kept.append((feature_id, index, kind))


def _without_nulls(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _properties_throw(properties: Any) -> bool:
    if not isinstance(properties, dict):
        return True
    return any(
        name in properties and not isinstance(properties[name], str | int | float | bool)
        for name in ("stop_name", "stop_desc")
    )


def load_locations(data: bytes) -> GeoJsonLoad:
    load = GeoJsonLoad()
    text = data.decode("utf-8-sig", errors="replace")
    try:
        root = json.loads(text, object_pairs_hook=_object)
    except _DuplicateKey as duplicate:
        load.add("geo_json_duplicated_element", {"filename": FILENAME, "duplicatedElement": duplicate.key})
        return load  # Gson's exception is caught inside the loader: no feature, a usable empty file
    except (json.JSONDecodeError, RecursionError) as error:
        load.add("malformed_json", {"filename": FILENAME, "message": str(error)})
        load.usable = False
        return load
    if not isinstance(root, dict):
        load.add("malformed_json", {"filename": FILENAME, "message": "Expected a JSON object at the root"})
        load.usable = False
        return load
    walk = _Walk(load, has_bad_literals=any(word in data for word in (b"true", b"false", b"null")))
    try:
        _walk_root(walk, root)
    except _Abort:
        load.usable = False
    _finish(walk)
    return load


def _walk_root(walk: _Walk, root: dict[str, Any]) -> None:
    load = walk.load
    for key in root:
        if key not in ROOT_KEYS:
            load.add("geo_json_unknown_element", {"filename": FILENAME, "unknownElement": key})
    if "type" not in root:
        load.add("missing_required_element", {"missingElement": "type"})
        raise _Abort
    kind = _as_string(root["type"])
    if kind != "FeatureCollection":
        load.add(
            "unsupported_geo_json_type",
            {
                "geoJsonType": kind,
                "message": f"Unsupported GeoJSON type: {kind}. Use 'FeatureCollection' instead.",
            },
        )
        raise _Abort
    features = root.get("features")
    if not isinstance(features, list):
        raise _Abort
    for index, feature in enumerate(features):
        walk.feature(feature, index)


def _finish(walk: _Walk) -> None:
    """Point notices, polygon validity, the Gson throws that depend on it, and the zones."""
    import numpy as np

    load = walk.load
    messages, polygons = _check_polygons(walk)
    ids = {index: feature_id for feature_id, index, _ in walk.kept}
    for index, message in sorted(messages.items()):
        load.add(
            "invalid_geometry",
            {"featureId": ids[index], "featureIndex": index, "geometryType": POLYGON, "message": message},
            index,
        )
    points = _points(walk)
    # A feature whose polygon is accepted (or that is not a polygon) goes on to read its properties; if
    # that throws, nothing after this feature exists (an invalid polygon would have returned first).
    stop = next((i for i in walk.throws_after_geometry if i not in messages), None)
    if stop is not None:
        load.usable = False
        load.cut_after(stop)
        points = points.filter(pl.col("featureIndex") <= stop)
    load.points = points
    if messages or walk.unparsable or not load.usable:
        load.usable = False
        return
    load.features = pl.DataFrame(
        walk.kept,
        schema=["feature_id", "feature_index", "geometry_type"],
        orient="row",
        schema_overrides={"feature_index": pl.Int64},
    )
    # One step per zone, not per point.
    load.zones = np.asarray([polygons.get(index) for _, index, _ in walk.kept] + [None], dtype=object)[:-1]


def _points(walk: _Walk) -> pl.DataFrame:
    import numpy as np

    sizes = np.fromiter((len(r) for r in walk.rings), dtype=np.int64, count=len(walk.rings))
    coords = np.concatenate(walk.rings) if walk.rings else np.empty((0, 2))
    frame = pl.DataFrame(
        {
            "featureIndex": np.repeat(np.asarray(walk.ring_feature, dtype=np.int64), sizes),
            "entityId": np.repeat(np.asarray(walk.ring_feature_id, dtype=object), sizes).astype(str),
            "lonFieldValue": coords[:, 0],
            "latFieldValue": coords[:, 1],
        }
    )
    return frame.select("featureIndex", "entityId", "latFieldValue", "lonFieldValue")


def _ring_table(walk: _Walk, features: list[int]) -> pl.DataFrame:
    """One row per ring of the given polygon features: feature, position, size, closed, first point."""
    rows = [
        (f, position, first + position)
        for f in features
        for first, count in [walk.polygons[f]]
        for position in range(count)
    ]
    ring_ids = [r for _, _, r in rows]
    sizes = [len(walk.rings[r]) for r in ring_ids]
    # JTS compares end points with ==, so a NaN never closes a ring (numpy's == agrees).
    closed = [
        bool(n == 0 or (walk.rings[r][0] == walk.rings[r][-1]).all())
        for r, n in zip(ring_ids, sizes, strict=True)
    ]
    return pl.DataFrame(
        {
            "feature": [f for f, _, _ in rows],
            "position": [p for _, p, _ in rows],
            "ring": ring_ids,
            "size": sizes,
            "closed": closed,
        },
        schema={
            "feature": pl.Int64,
            "position": pl.Int64,
            "ring": pl.Int64,
            "size": pl.Int64,
            "closed": pl.Boolean,
        },
    )


def _check_polygons(walk: _Walk) -> tuple[dict[int, str], dict[int, Any]]:
    """JTS's message for each Polygon feature it refuses (construction first, per ring, shell first, then
    ``IsValidOp``), and the shapely polygon of each feature it accepts."""
    import numpy as np
    import shapely

    if not walk.polygons:
        return {}, {}
    rings = _ring_table(walk, list(walk.polygons))
    size, closed = pl.col("size"), pl.col("closed")
    construction = (
        rings.with_columns(
            message=pl.when(size == 1)
            .then(pl.lit(LINESTRING_ONE_POINT))
            .when(~closed)
            .then(pl.lit(RING_NOT_CLOSED))
            .when(size == 2)
            .then(pl.lit(RING_TWO_POINTS))
        )
        .group_by("feature")
        .agg(
            message=pl.col("message").sort_by("position").drop_nulls().first(),
            empty_shell=(size.sort_by("position").first() == 0),
            holes=(size.sort_by("position").slice(1) > 0).any(),
        )
    )
    construction = construction.with_columns(
        message=pl.coalesce(
            "message", pl.when(pl.col("empty_shell") & pl.col("holes")).then(pl.lit(SHELL_EMPTY))
        )
    )
    messages = dict(
        construction.filter(pl.col("message").is_not_null()).select("feature", "message").iter_rows()
    )
    candidates = construction.filter(pl.col("message").is_null()).get_column("feature").sort().to_list()
    built = _build(walk, candidates)
    reasons = shapely.is_valid_reason(built) if len(built) else np.empty(0, dtype=object)
    polygons: dict[int, Any] = {}
    for feature, polygon, reason in zip(candidates, built, reasons, strict=True):  # one step per zone
        if reason == "Valid Geometry" or polygon.is_empty:
            polygons[feature] = polygon
        else:
            text = str(reason).split("[", 1)[0]
            messages[feature] = GEOS_TO_JTS.get(text, text)
    return messages, polygons


def _build(walk: _Walk, features: list[int]) -> np.ndarray[Any, Any]:
    """Shapely polygons of the given Polygon features (their rings well constructed), empty holes
    dropped as JTS ignores them; an empty shell gives an empty polygon."""
    import numpy as np
    import shapely

    out = np.full(len(features), None, dtype=object)
    if not features:
        return out
    rings = _ring_table(walk, features).with_columns(slot=pl.col("feature").rank("dense").cast(pl.Int64) - 1)
    order = {f: i for i, f in enumerate(sorted(set(features)))}
    nonempty = rings.filter(pl.col("size") > 0)
    if nonempty.height:
        ring_ids = nonempty.get_column("ring").to_list()
        sizes = nonempty.get_column("size").to_numpy()
        coords = np.concatenate([walk.rings[r] for r in ring_ids])
        linear = shapely.linearrings(coords, indices=np.repeat(np.arange(len(ring_ids)), sizes))
        slots = nonempty.get_column("slot").to_numpy()
        polygons = np.full(len(order), None, dtype=object)
        shapely.polygons(linear, indices=slots, out=polygons)
    else:
        polygons = np.full(len(order), None, dtype=object)
    for i, feature in enumerate(features):
        polygon = polygons[order[feature]]
        out[i] = polygon if polygon is not None else shapely.Polygon()
    return out
