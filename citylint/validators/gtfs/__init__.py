"""GTFS Schedule validation on polars: the loader, the schema-driven rules and the feed summary."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.base import Context, Validator
from citylint.validators.gtfs import (
    csv_format,
    csv_rules,
    file_rules,
    files,
    header,
    keys,
    stream,
    value_rules,
    values,
)
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.gtfs.csv_format import Table, read_table
from citylint.validators.gtfs.extensions import gtfs_extensions
from citylint.validators.gtfs.families import families
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.schema import load_schema
from citylint.validators.gtfs.summary import feed_summary
from citylint.validators.parameters import GtfsParameters

ALL_RULES: tuple[RuleType, ...] = (
    *file_rules.RULES,
    *csv_rules.RULES,
    *header.RULES,
    *value_rules.RULES,
    *keys.RULES,
    *(rule for family in families() for rule in family.rules),
)


class GtfsValidator(Validator):
    """Validates a GTFS Schedule feed (zip or folder) with MobilityData's notice codes and severities.

    Parameters (profile ``validators: gtfs: {...}``): ``country_code`` (ISO 3166 alpha-2, enables phone
    number checks, as MobilityData's ``--country_code``); ``max_rows`` (the highest row number a file may
    reach, header = 1, default 1,000,000,000 as MobilityData's; beyond it: ``too_many_rows``);
    ``max_member_bytes`` and ``max_compression_ratio`` (the input limits of ``docs/security.md``).
    """

    name: ClassVar[str] = "gtfs"
    parameter_class: ClassVar[type[Any] | None] = GtfsParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs"})
    rules: ClassVar[tuple[RuleType, ...]] = ALL_RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        context.handoffs.extensions = gtfs_extensions()  # what lock-in attribution resolves GTFS names with
        schema = load_schema()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        settings = context.settings(GtfsParameters)
        archive = FeedArchive.open(
            path,
            max_member_bytes=settings.max_member_bytes,
            max_compression_ratio=settings.max_compression_ratio,
        )
        listing = files.list_files(archive, schema)
        files.check_files(archive, listing, schema, sink)
        tables: dict[str, Table] = {}
        country = settings.country_code
        max_rows = settings.max_rows
        for name, member in sorted(listing.member_of.items()):
            file_schema = schema.files[name]
            if file_schema.format != "csv":
                continue
            context.options.stage(f"reading {name}")
            table = _read(name, archive, member, sink, max_rows, settings.stream_from_mb)
            if table is None:
                continue
            header.check_header(table, file_schema, sink)
            if not table.invalid_header:
                values.check_values(table, file_schema, sink, country)
                keys.check_primary_keys(table, schema, sink)
            else:
                table.materialise()
            tables[name] = table
        timings["load_and_single_file_seconds"] = round(time.perf_counter() - started, 3)
        keys.check_foreign_keys(tables, schema, sink)
        feed = Feed(tables, schema, context, listing, archive=archive)
        context.handoffs.feed = feed  # for validators that build on the loaded feed (fr_nap)
        for family in families():
            family_started = time.perf_counter()
            context.options.stage(f"rules: {family.name}")
            try:
                family.check(feed, sink)
            except Exception as exc:  # noqa: BLE001 - one family's bug must not lose the others' findings (MobilityData:
                # runtime_exception_in_validator_error, a system error)
                sink.could_not_check(
                    "runtime_exception_in_validator_error",
                    f"GTFS rule family {family.name!r} failed: {type(exc).__name__}: {exc}",
                    family=family.name,
                    exception=type(exc).__name__,
                )
            timings[f"family_{family.name}_seconds"] = round(time.perf_counter() - family_started, 3)
        timings["validation_seconds"] = round(time.perf_counter() - started, 3)
        return {"gtfs": feed_summary(feed), "timings": timings}


def _read(
    name: str,
    archive: FeedArchive,
    member: str,
    sink: FindingSink,
    max_rows: int,
    stream_from_mb: float | None,
) -> Table | None:
    """A big plain member as a stream of batches (its bytes never whole in memory: gtfs/stream.py), any
    other member whole."""
    coded = name in csv_format.CODED_FILES
    threshold = stream.STREAMED_FROM_BYTES if stream_from_mb is None else stream_from_mb * (1 << 20)
    if coded and stream_from_mb is None:
        threshold = min(threshold, stream.CODED_STREAMED_FROM_BYTES)
    if archive.size(member) >= threshold:
        pieces = archive.pieces(member, stream.PIECE_BYTES)
        read = stream.read_streamed(name, pieces, max_rows=max_rows, coded=coded) if pieces else None
        if read is not None:
            return read
    return read_table(name, archive.read(member), sink, max_rows=max_rows, coded=coded)
