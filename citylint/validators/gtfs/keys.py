"""Rules about keys: unique primary keys, single-row files, and references between files."""

from __future__ import annotations

import functools
import operator

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW, Table
from citylint.validators.gtfs.feed import hhmmss
from citylint.validators.gtfs.schema import FieldType, GtfsSchema, Presence
from citylint.validators.gtfs.spec import DATASET_FILES, FIELD_DEFINITIONS


class DuplicateKey(
    GtfsRule,
    code="duplicate_key",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber} repeats the key {fieldName1} = {fieldValue1!r} of row "
    "{prevCsvRowNumber}",
):
    """Two rows of a file have the same primary key.

    ## Why it matters
    References to the key become ambiguous: consumers keep one of the rows, not always the same one.

    ## Example
    Two rows of `stops.txt` with `stop_id` = `S1`; two rows of `stop_times.txt` with the same `trip_id` and
    `stop_sequence`.

    ## Reference
    GTFS Schedule reference, *Dataset files*, primary keys of each file.
    """


class MoreThanOneEntity(
    GtfsRule,
    code="more_than_one_entity",
    severity=Severity.WARNING,
    spec=DATASET_FILES,
    message="{filename} has {entityCount} rows where one is expected",
):
    """A file meant to hold a single row holds several.

    ## Why it matters
    `feed_info.txt` describes the whole feed once; with several rows consumers pick one arbitrarily.

    ## Example
    A `feed_info.txt` with two rows for two publishers.

    ## Reference
    GTFS Schedule reference, `feed_info.txt` (the file contains a single row).
    """


class ForeignKeyViolation(
    GtfsRule,
    code="foreign_key_violation",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{childFilename} row {csvRowNumber}: {childFieldName} = {fieldValue!r} is not a "
    "{parentFieldName} of {parentFilename}",
):
    """A value refers to a record that does not exist in the file it points to.

    ## Why it matters
    The reference dangles: a trip on an unknown route, a stop time at an unknown stop. Consumers drop the
    record or the whole feed.

    ## Example
    `trips.txt` `route_id` = `R9` while `routes.txt` has no route `R9`.

    ## Reference
    GTFS Schedule reference, *Field definitions*: fields of type "Foreign ID referencing ...".
    """


RULES = (DuplicateKey, MoreThanOneEntity, ForeignKeyViolation)


def _as_text(table: Table, column: str, schema: GtfsSchema) -> pl.Expr:
    """A typed column back in GTFS text form, for reporting key values as the feed wrote them."""
    field = schema.files[table.name].field(column)
    value = pl.col(column)
    if field is not None and field.type is FieldType.DATE:
        return value.dt.strftime("%Y%m%d")
    if field is not None and field.type is FieldType.TIME:
        return hhmmss(value)
    return value.cast(pl.String)


def check_primary_keys(table: Table, schema: GtfsSchema, sink: FindingSink) -> None:
    file_schema = schema.files[table.name]
    # Like duplicate_key, counted on the key index, which MobilityData builds only for a cleanly parsed table.
    if file_schema.single_row and table.indexable and table.frame.height > 1:
        sink.add(MoreThanOneEntity, {"filename": table.name, "entityCount": table.frame.height})
    key = [k for k in file_schema.primary_key if k in table.frame.columns]
    if not key or not table.indexable or not sink.wants(DuplicateKey):
        return
    fields: dict[str, pl.Expr] = {
        "filename": pl.lit(table.name),
        "csvRowNumber": pl.col(ROW),
        "prevCsvRowNumber": pl.col("__prev__"),
    }
    for i, column in enumerate(key, start=1):
        fields[f"fieldName{i}"] = pl.lit(column)
        fields[f"fieldValue{i}"] = _as_text(table, column, schema)
    # The usual table: every key hash distinct, so every key distinct (counting distinct hashes is cheaper
    # than marking the duplicated ones). Per-column hashes, combined: a struct of the key columns would copy
    # them.
    combined = functools.reduce(operator.xor, (pl.col(k).hash(seed=i) for i, k in enumerate(key)))
    # Sorted, equal hashes are neighbours: a sort of the 64-bit hashes needs less memory than a hash set of
    # them.
    hashes = table.frame.select(combined).to_series().sort()
    if hashes.len() < 2 or not (hashes.slice(1) == hashes.slice(0, hashes.len() - 1)).any():
        return
    del hashes
    # Most keys are unique: find the repeated ones first, then pair each with its previous occurrence
    # (MobilityData's index keeps the last row seen under a key, so a third copy names the second).
    duplicates = (
        table.frame.lazy()
        .filter(pl.struct(key).hash().is_duplicated())  # a 64-bit hash per row: cheap on big files
        .filter(pl.struct(key).is_duplicated())  # exact, on the few candidates (hash collisions)
        .with_columns(pl.col(ROW).shift(1).over(key).alias("__prev__"))
        .filter(pl.col("__prev__").is_not_null())
        .sort(ROW)
        .select(**fields)
        .collect()
    )
    sink.add_frame(DuplicateKey, duplicates)


# References MobilityData checks with hand-written validators because @ForeignKey cannot name two parent
# files: (child file, child field, parent files, parent field). The notice names the parents "a or b".
# stop_times.location_id -> locations.geojson is left out: the GeoJSON file is not loaded as a table here.
MULTI_PARENT_KEYS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("trips.txt", "service_id", ("calendar.txt", "calendar_dates.txt"), "service_id"),
    ("timeframes.txt", "service_id", ("calendar.txt", "calendar_dates.txt"), "service_id"),
    ("fare_leg_rules.txt", "network_id", ("routes.txt", "networks.txt"), "network_id"),
    ("fare_leg_join_rules.txt", "from_network_id", ("routes.txt", "networks.txt"), "network_id"),
    ("fare_leg_join_rules.txt", "to_network_id", ("routes.txt", "networks.txt"), "network_id"),
)


def _references(schema: GtfsSchema) -> list[tuple[str, str, tuple[str, ...], str]]:
    declared = [
        (name, f.name, (f.foreign_key.file,), f.foreign_key.field)
        for name, file_schema in schema.files.items()
        for f in file_schema.fields
        if f.foreign_key
    ]
    return declared + list(MULTI_PARENT_KEYS)


def check_foreign_keys(tables: dict[str, Table], schema: GtfsSchema, sink: FindingSink) -> None:
    """MobilityData checks a reference when both files parsed cleanly; a missing optional parent counts as
    parsed (and empty), a missing required one does not."""
    if not sink.wants(ForeignKeyViolation):
        return
    for child_name, column, parent_names, parent_field in _references(schema):
        child = tables.get(child_name)
        if child is None or not child.indexable or column not in child.frame.columns:
            continue
        parents = [tables.get(name) for name in parent_names]
        if any(
            (p is None and schema.files[n].presence is Presence.REQUIRED)
            or (p is not None and not p.indexable)
            for n, p in zip(parent_names, parents, strict=True)
        ):
            continue
        known = pl.concat(
            [
                p.frame.get_column(parent_field).drop_nulls()
                for p in parents
                if p is not None and parent_field in p.frame.columns
            ]
            + [pl.Series([], dtype=pl.String)]
        )
        violations = child.frame.filter(
            pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode())
        ).select(
            childFilename=pl.lit(child_name),
            childFieldName=pl.lit(column),
            parentFilename=pl.lit(" or ".join(parent_names)),
            parentFieldName=pl.lit(parent_field),
            fieldValue=_as_text(child, column, schema),
            csvRowNumber=pl.col(ROW),
        )
        sink.add_frame(ForeignKeyViolation, violations, file=child_name)
