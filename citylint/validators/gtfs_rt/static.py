"""The static GTFS feed a real-time feed is checked against, loaded once on the GTFS engine's polars loader
(``citylint.validators.gtfs``: archive, CSV, typed values) and reduced to the frames the real-time rules join
with. MobilityData's validator reads it once per run too (``GtfsMetadata.java``: trip stop times, trips
visiting a stop more than once, shape and stop bounding boxes, buffered trip shapes)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.base import Context, InputError
from citylint.validators.gtfs import csv_format, files, header, values
from citylint.validators.gtfs.archive import ZIP_ERRORS, FeedArchive
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.schema import load_schema

# Only the files and columns the real-time rules read: the stop_times of a big feed are the costly part, and
# are needed; only these columns are typed by the GTFS loader (its value checks on the others would be thrown
# away: the static feed's own problems are the gtfs profile's business).
COLUMNS: dict[str, dict[str, pl.DataType | type[pl.DataType]]] = {
    "agency.txt": {"agency_id": pl.String},
    "routes.txt": {"route_id": pl.String},
    "trips.txt": {
        "trip_id": pl.String,
        "route_id": pl.String,
        "direction_id": pl.Int64,
        "shape_id": pl.String,
        "block_id": pl.String,
    },
    "stops.txt": {
        "stop_id": pl.String,
        "location_type": pl.Int64,
        "stop_lat": pl.Float64,
        "stop_lon": pl.Float64,
    },
    "stop_times.txt": {
        "trip_id": pl.String,
        "stop_sequence": pl.Int64,
        "stop_id": pl.String,
        "arrival_time": pl.Int64,
        "departure_time": pl.Int64,
    },
    "frequencies.txt": {
        "trip_id": pl.String,
        "start_time": pl.Int64,
        "end_time": pl.Int64,
        "headway_secs": pl.Int64,
        "exact_times": pl.Int64,
    },
    "shapes.txt": {
        "shape_id": pl.String,
        "shape_pt_lat": pl.Float64,
        "shape_pt_lon": pl.Float64,
        "shape_pt_sequence": pl.Int64,
    },
}
NEEDED = tuple(COLUMNS)


@dataclass
class StaticFeed:
    path: str
    feed: Feed
    trips: pl.DataFrame  # trip_id, route_id, direction_id, shape_id, block_id
    routes: pl.DataFrame  # route_id
    agencies: pl.DataFrame  # agency_id
    stops: pl.DataFrame  # stop_id, location_type, stop_lat, stop_lon
    # trip_id, stop_sequence, stop_id, arrival_time, departure_time (seconds), in file order: a rule sorts the
    # rows of the trips it reads (a sort of a big feed's 2.4 M rows would be paid on every run)
    stop_times: pl.DataFrame
    frequencies: pl.DataFrame  # trip_id, start_time, end_time, headway_secs, exact_times
    shapes: pl.DataFrame  # shape_id, shape_pt_lat, shape_pt_lon, shape_pt_sequence


def load_static(path: Path, context: Context) -> StaticFeed:
    """Load the static feed (zip or folder). Its own problems are the GTFS validator's business: they are not
    reported here, but a feed that cannot be read at all is an input error."""
    if not path.exists():
        raise InputError(f"{path}: static GTFS feed not found")
    schema = load_schema()
    scratch = FindingSink(max_samples=0, enabled=frozenset())
    try:
        archive = FeedArchive.open(path)
    except (OSError, *ZIP_ERRORS) as exc:
        raise InputError(f"{path}: cannot read the static GTFS feed: {exc}") from exc
    listing = files.list_files(archive, schema)
    tables = {}
    for name, member in sorted(listing.member_of.items()):
        if name not in NEEDED:
            continue
        table = csv_format.read_table(name, archive.read(member), scratch)
        if table is None:
            continue
        header.check_header(table, schema.files[name], scratch)
        if table.invalid_header:
            table.materialise()
        else:
            read = dataclasses.replace(
                schema.files[name],
                fields=tuple(f for f in schema.files[name].fields if f.name in COLUMNS[name]),
            )
            values.check_values(table, read, scratch)
            kept = [c for c in table.frame.columns if c in COLUMNS[name]]
            table.frame = table.frame.select(kept)
        tables[name] = table
    if "trips.txt" not in tables or "stops.txt" not in tables:
        raise InputError(f"{path}: not a usable static GTFS feed (no trips.txt or stops.txt)")
    feed = Feed(tables, schema, context, listing, archive=archive)

    def frame(name: str) -> pl.DataFrame:
        columns = COLUMNS[name]
        got = feed.frame(name)
        got = pl.DataFrame() if got is None else got
        return ensure_columns(got, columns).select(
            [pl.col(c).cast(t, strict=False) for c, t in columns.items()]
        )

    return StaticFeed(
        path=str(path),
        feed=feed,
        trips=frame("trips.txt").filter(pl.col("trip_id").is_not_null()),
        routes=frame("routes.txt").drop_nulls(),
        agencies=frame("agency.txt").drop_nulls(),
        stops=frame("stops.txt").filter(pl.col("stop_id").is_not_null()),
        stop_times=frame("stop_times.txt").filter(pl.col("trip_id").is_not_null()),
        frequencies=frame("frequencies.txt"),
        shapes=frame("shapes.txt").drop_nulls(),
    )
