"""The feed as transport-validator's loader (gtfs-structures) sees it, built from the GTFS engine's frames.

transport-validator runs a few checks on the raw files and the rest on a linked model; when a file cannot be
deserialised or a stop time names a missing trip or stop, the model is not built (``UnloadableModel``) and
the model-level checks do not run. citylint does not parse the feed again: it reads the typed frames of the
GTFS engine and the notices its loading rules already reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import polars as pl

from citylint.collector import FindingSink, FirstFindings
from citylint.validators.gtfs.csv_format import Table, read_table
from citylint.validators.gtfs.feed import ROW, Feed, ensure_columns

# MobilityData notices that mean a value did not parse as its type: gtfs-structures' serde readers fail on the
# same values, and a file that fails to deserialise fails the whole model.
UNPARSABLE_CODES = (
    "invalid_float",
    "invalid_integer",
    "invalid_date",
    "invalid_time",
    "invalid_color",
    "csv_parsing_failed",
    "missing_required_column",
)
# MobilityData notices after which the GTFS engine's typed frame differs from what gtfs-structures reads: rows
# with extra (trailing) fields are dropped there and kept here; out-of-range numbers are nulls there and
# values here. Files that drew them are read again, leniently (rare, and only those files).
REREAD_CODES = ("invalid_row_length", "number_out_of_range")
# The GTFS validator's codes whose first finding per file the model reads (Validator.first_finding_codes).
FIRST_FINDING_CODES = frozenset((*UNPARSABLE_CODES, *REREAD_CODES))
# Typed fields gtfs-structures requires (not ``Option``): an empty or unparsable value fails the file. The
# typed frames hold nulls for both.
REQUIRED_TYPED = {
    "routes.txt": ("route_type",),
    "stop_times.txt": ("stop_sequence",),
    "calendar.txt": (
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
    ),
    "calendar_dates.txt": ("date", "exception_type"),
    "shapes.txt": ("shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"),
    "frequencies.txt": ("start_time", "end_time", "headway_secs"),
    "fare_attributes.txt": ("payment_method",),
    "pathways.txt": ("pathway_mode", "is_bidirectional"),
}
REQUIRED_FILES = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
# Values gtfs-structures 0.47.0 (the version transport-validator's Cargo.lock pins) refuses, failing the whole
# file and so the model: strict enums without an ``Unknown`` fallback (src/enums.rs: ``DirectionType`` 0/1,
# ``TimepointType`` ""/0/1, ``TransferType`` ""/0-5, ``Exception`` 1/2, ``PaymentMethod`` 0/1, ``ExactTimes``
# ""/0/1, ``PathwayMode`` 1-7, ``PathwayDirectionType`` 0/1; src/serde_helpers.rs ``deserialize_bool`` 0/1 for
# the calendar's days). An empty value is allowed where the field is an ``Option`` or the enum maps "" to a
# default.
STRICT_ENUMS: dict[str, dict[str, tuple[int, ...]]] = {
    "trips.txt": {"direction_id": (0, 1)},
    "stop_times.txt": {"timepoint": (0, 1)},
    "transfers.txt": {"transfer_type": (0, 1, 2, 3, 4, 5)},
    "calendar_dates.txt": {"exception_type": (1, 2)},
    "fare_attributes.txt": {"payment_method": (0, 1)},
    "frequencies.txt": {"exact_times": (0, 1)},
    "pathways.txt": {"pathway_mode": (1, 2, 3, 4, 5, 6, 7), "is_bidirectional": (0, 1)},
    "calendar.txt": {
        day: (0, 1) for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    },
}
# Whole numbers gtfs-structures reads as unsigned types (src/objects.rs: ``transfer_duration: Option<usize>``,
# ``min_transfer_time: Option<u32>``, ``stop_sequence: u32``, ``shape_pt_sequence: usize``, ``headway_secs:
# u32``, ``traversal_time: Option<u32>``, ``route_sort_order: Option<u32>``): a negative value does not
# deserialise.
UNSIGNED: dict[str, tuple[str, ...]] = {
    "fare_attributes.txt": ("transfer_duration",),
    "transfers.txt": ("min_transfer_time",),
    "stop_times.txt": ("stop_sequence",),
    "shapes.txt": ("shape_pt_sequence",),
    "frequencies.txt": ("headway_secs",),
    "pathways.txt": ("traversal_time",),
    "routes.txt": ("route_sort_order",),
}
# Enums with an ``Unknown(i16)`` / ``Other(i16)`` fallback (``LocationType``, ``Availability``,
# ``RouteType``, ...) accept any value that fits an i16; beyond it the file fails.
I16: dict[str, tuple[str, ...]] = {
    "stops.txt": ("location_type", "wheelchair_boarding"),
    "routes.txt": ("route_type", "continuous_pickup", "continuous_drop_off"),
    "trips.txt": ("wheelchair_accessible", "bikes_allowed"),
    "stop_times.txt": ("pickup_type", "drop_off_type", "continuous_pickup", "continuous_drop_off"),
    "fare_attributes.txt": ("transfers",),
}
I16_RANGE = (-32768, 32767)
# The files the model is built from, in the order ``Gtfs::try_from`` (src/gtfs.rs) reads them: the first that
# fails is the one the UnloadableModel issue names.
MODEL_FILES = (
    "stops.txt",
    "transfers.txt",
    "pathways.txt",
    "frequencies.txt",
    "trips.txt",
    "stop_times.txt",
    "fare_rules.txt",
    "fare_products.txt",
    "routes.txt",
    "agency.txt",
    "shapes.txt",
    "fare_attributes.txt",
    "fare_media.txt",
    "rider_categories.txt",
    "feed_info.txt",
    "calendar.txt",
    "calendar_dates.txt",
)
# References gtfs-structures resolves while building the model (src/gtfs.rs ``to_stop_map``,
# ``create_trips``): one that names a missing object fails it with ``ReferenceError``.
MODEL_REFERENCES = (
    ("stop_times.txt", "trip_id", "trips.txt", "trip_id"),
    ("stop_times.txt", "stop_id", "stops.txt", "stop_id"),
    ("transfers.txt", "to_stop_id", "stops.txt", "stop_id"),
    ("pathways.txt", "to_stop_id", "stops.txt", "stop_id"),
    ("frequencies.txt", "trip_id", "trips.txt", "trip_id"),
)


@dataclass
class TvModel:
    """What the fr_nap checks read: the GTFS engine's feed, which files failed to deserialise, raw strings of
    small files, and whether the linked model could be built."""

    feed: Feed
    failed: dict[str, str]  # file -> why gtfs-structures cannot read it
    reread: dict[str, pl.DataFrame] = field(default_factory=dict)  # lenient frames replacing the engine's
    _raw: dict[str, pl.DataFrame | None] = field(default_factory=dict)

    @classmethod
    def of(cls, feed: Feed, first: FirstFindings) -> TvModel:
        """``first``: the first finding in each file of ``FIRST_FINDING_CODES`` (exact, not sampled)."""
        reread = {}
        for name in sorted(_files_with(first, REREAD_CODES) & set(feed.tables)):
            frame = feed.frame(name)
            data = feed.read(name)
            if frame is not None and data is not None:
                lenient = lenient_frame(data, frame.schema)
                if lenient is not None:
                    reread[name] = lenient
        return cls(feed, _failed_files(feed, first, reread), reread)

    def readable(self, name: str) -> bool:
        return name not in self.failed

    def frame(
        self, name: str, columns: dict[str, pl.DataType | type[pl.DataType]] | None = None
    ) -> pl.DataFrame | None:
        frame = self.reread.get(name, self.feed.frame(name))
        if frame is None:
            return None
        return ensure_columns(frame, columns) if columns else frame

    def raw(self, name: str) -> pl.DataFrame | None:
        """A small file's values as written (the typed frames turn invalid URLs, zones, currencies into
        nulls): strings, ``None`` when absent. Only for agency, feed_info and fare_attributes, which are
        tiny."""
        if name not in self._raw:
            data = self.feed.read(name)
            table: Table | None = None
            if data is not None:
                table = read_table(name, data, FindingSink(max_samples=0, enabled=frozenset()))
            self._raw[name] = (
                None
                if table is None
                else table.frame.with_columns(pl.col(c).str.strip_chars() for c in table.columns)
            )
        return self._raw[name]

    def stops(self) -> pl.DataFrame:
        frame = self.frame(
            "stops.txt",
            {
                "stop_id": pl.String,
                "stop_name": pl.String,
                "stop_lat": pl.Float64,
                "stop_lon": pl.Float64,
                "location_type": pl.Int64,
                "parent_station": pl.String,
                "wheelchair_boarding": pl.Int64,
            },
        )
        if frame is None:
            return pl.DataFrame(
                schema={
                    ROW: pl.Int64,
                    "stop_id": pl.String,
                    "stop_name": pl.String,
                    "stop_lat": pl.Float64,
                    "stop_lon": pl.Float64,
                    "location_type": pl.Int64,
                    "parent_station": pl.String,
                    "wheelchair_boarding": pl.Int64,
                }
            )
        return frame.with_columns(pl.col("location_type").fill_null(0))

    def unloadable_reasons(self) -> list[tuple[str, str]]:
        """Why the linked model cannot be built, as (file, reason), in the order gtfs-structures meets them
        (the first is the error it reports); empty when it can be built."""
        reasons = [(name, f"{name}: {self.failed[name]}") for name in MODEL_FILES if name in self.failed]
        reasons += [(name, f"{name} is missing") for name in REQUIRED_FILES if not self.feed.has(name)]
        for source, column, target, target_column in MODEL_REFERENCES:
            frame, known = self.frame(source), self.frame(target)
            if (
                frame is None
                or known is None
                or column not in frame.columns
                or target_column not in known.columns
                or source in self.failed
                or target in self.failed
            ):
                continue
            missing = frame.filter(
                ~pl.col(column).is_in(known.get_column(target_column).implode())
                & pl.col(column).is_not_null()
            )
            if missing.height:
                reasons.append(
                    (source, f"{source}: {column} {missing.get_column(column)[0]} is not in {target}")
                )
        order = {name: i for i, name in enumerate(MODEL_FILES)}
        return sorted(reasons, key=lambda r: order.get(r[0], len(order)))


def _files_with(first: FirstFindings, codes: tuple[str, ...]) -> set[str]:
    """Files named by a finding of these codes."""
    return {name for code in codes for name in first.files(code)}


def lenient_frame(data: bytes, schema: pl.Schema) -> pl.DataFrame | None:
    """The file read as gtfs-structures reads it: extra fields ignored, values typed as in ``schema`` (the
    GTFS engine's typed frame), a value that does not parse as null. Row numbers count physical lines."""
    try:
        raw = pl.read_csv(
            io.BytesIO(data.removeprefix(b"\xef\xbb\xbf")),
            infer_schema=False,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
        )
    except pl.exceptions.PolarsError:
        return None
    raw = raw.rename({c: c.strip() for c in raw.columns})
    typed = [pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW)]
    for name in raw.columns:
        value = pl.col(name).str.strip_chars()
        value = pl.when(value != "").then(value)
        dtype = schema.get(name, pl.String)
        if name == ROW:
            continue
        if dtype == pl.Date:
            typed.append(value.str.strptime(pl.Date, "%Y%m%d", strict=False).alias(name))
        elif dtype == pl.Int32 and name.endswith("_time"):  # GTFS times as seconds since noon minus 12 h
            parts = value.str.split(":")
            typed.append(
                (
                    parts.list.get(0, null_on_oob=True).cast(pl.Int32, strict=False) * 3600
                    + parts.list.get(1, null_on_oob=True).cast(pl.Int32, strict=False) * 60
                    + parts.list.get(2, null_on_oob=True).cast(pl.Int32, strict=False)
                ).alias(name)
            )
        elif dtype.is_numeric():
            typed.append(value.cast(dtype, strict=False).alias(name))
        else:
            typed.append(value.alias(name))
    return raw.select(typed)


def _failed_files(feed: Feed, first: FirstFindings, reread: dict[str, pl.DataFrame]) -> dict[str, str]:
    failed: dict[str, str] = {}
    for name, table in feed.tables.items():
        if table.invalid_header:
            failed[name] = "invalid header"
    for code in UNPARSABLE_CODES:
        for filename, fields in first.files(code).items():  # the first finding in each file says where
            row, column = fields.get("csvRowNumber"), fields.get("fieldName")
            where = " ".join(p for p in (f"row {row}" if row else "", column or "") if p)
            failed.setdefault(filename, f"{where} does not parse ({code})" if where else code)
    for name, columns in REQUIRED_TYPED.items():
        frame = reread.get(name, feed.frame(name))
        if frame is None:
            continue
        for column in columns:
            if column in frame.columns and frame.get_column(column).null_count():
                failed.setdefault(name, f"{column} empty or not a valid value")
    for name, why in _strict_values(feed, reread).items():
        failed.setdefault(name, why)
    return failed


def _strict_values(feed: Feed, reread: dict[str, pl.DataFrame]) -> dict[str, str]:
    """Per file, the first value gtfs-structures' strict types refuse (see ``STRICT_ENUMS``, ``UNSIGNED``,
    ``I16``), named by row, column and value."""
    failed: dict[str, str] = {}
    for name in sorted(set(STRICT_ENUMS) | set(UNSIGNED) | set(I16)):
        frame = reread.get(name, feed.frame(name))
        if frame is None or frame.height == 0:
            continue
        tests: list[tuple[str, pl.Expr, str]] = []
        for column, allowed in STRICT_ENUMS.get(name, {}).items():
            tests.append(
                (
                    column,
                    ~pl.col(column).cast(pl.Int64, strict=False).is_in(allowed),
                    "expected " + ", ".join(map(str, allowed)),
                )
            )
        for column in UNSIGNED.get(name, ()):
            tests.append(
                (column, pl.col(column).cast(pl.Int64, strict=False) < 0, "expected a whole number >= 0")
            )
        for column in I16.get(name, ()):
            value = pl.col(column).cast(pl.Int64, strict=False)
            tests.append(
                (column, ~value.is_between(*I16_RANGE), "expected a whole number between -32768 and 32767")
            )
        tests = [t for t in tests if t[0] in frame.columns and frame.schema[t[0]].is_numeric()]
        if not tests:
            continue
        flags = frame.select(
            pl.col(ROW),
            *[(pl.col(c).is_not_null() & bad).alias(f"bad_{i}") for i, (c, bad, _) in enumerate(tests)],
        )
        hit = flags.filter(pl.any_horizontal(pl.exclude(ROW)))
        if hit.height == 0:
            continue
        first = hit.sort(ROW).row(0, named=True)
        index = next(i for i in range(len(tests)) if first[f"bad_{i}"])
        column, _, expected = tests[index]
        value = frame.filter(pl.col(ROW) == first[ROW]).get_column(column)[0]
        failed[name] = f"row {first[ROW]} {column} value `{value}` is refused ({expected})"
    return failed
