"""Tests for the GTFS schema data (``citylint/validators/gtfs/gtfs_schema.yaml``).

The first group checks the schema is internally consistent. The ``reference`` test compares it, field by
field, with the schema tables shipped by the installed ``gtfs_validator`` package (a port of MobilityData's
canonical validator v8.0.1), because citylint's notice counts must equal MobilityData's.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from citylint.validators.gtfs.schema import (
    Bounds,
    FieldType,
    GtfsSchema,
    Presence,
    load_schema,
)

# Every file of the GTFS Schedule reference, in the reference's order.
SPEC_FILES = (
    "agency.txt",
    "stops.txt",
    "routes.txt",
    "trips.txt",
    "stop_times.txt",
    "calendar.txt",
    "calendar_dates.txt",
    "fare_attributes.txt",
    "fare_rules.txt",
    "timeframes.txt",
    "rider_categories.txt",
    "fare_media.txt",
    "fare_products.txt",
    "fare_leg_rules.txt",
    "fare_leg_join_rules.txt",
    "fare_transfer_rules.txt",
    "areas.txt",
    "stop_areas.txt",
    "networks.txt",
    "route_networks.txt",
    "shapes.txt",
    "frequencies.txt",
    "transfers.txt",
    "pathways.txt",
    "levels.txt",
    "location_groups.txt",
    "location_group_stops.txt",
    "locations.geojson",
    "booking_rules.txt",
    "translations.txt",
    "feed_info.txt",
    "attributions.txt",
)


@pytest.fixture(scope="module")
def schema() -> GtfsSchema:
    return load_schema()


# --------------------------------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------------------------------


def test_every_reference_file_in_reference_order(schema: GtfsSchema) -> None:
    assert tuple(schema.files) == SPEC_FILES
    assert schema.reference.startswith("https://gtfs.org/documentation/schedule/reference/")


def test_file_presence_conventions(schema: GtfsSchema) -> None:
    assert sorted(schema.with_presence(Presence.REQUIRED)) == sorted(
        ["agency.txt", "routes.txt", "trips.txt", "stop_times.txt"]
    )
    assert sorted(schema.with_presence(Presence.CONDITIONALLY_REQUIRED)) == sorted(
        ["stops.txt", "calendar.txt", "calendar_dates.txt", "feed_info.txt"]
    )
    assert schema.with_presence(Presence.RECOMMENDED) == []


def test_formats_and_single_row(schema: GtfsSchema) -> None:
    for name, f in schema.files.items():
        assert f.format == ("geojson" if name.endswith(".geojson") else "csv"), name
    assert [n for n, f in schema.files.items() if f.single_row] == ["feed_info.txt"]


def test_every_table_has_fields_and_unique_names(schema: GtfsSchema) -> None:
    for name, f in schema.files.items():
        if f.format == "geojson":
            assert f.fields == (), name
            continue
        assert f.fields, f"{name} has no fields"
        assert len(f.column_names) == len(set(f.column_names)), name


def test_primary_keys_are_declared_fields(schema: GtfsSchema) -> None:
    for name, f in schema.files.items():
        assert len(f.primary_key) == len(set(f.primary_key)), name
        for column in f.primary_key:
            assert f.field(column) is not None, f"{name}: primary key column {column} not declared"
        if f.single_row:
            assert f.primary_key == (), name


def test_foreign_keys_target_declared_files_and_fields(schema: GtfsSchema) -> None:
    count = 0
    for name, f in schema.files.items():
        for fld in f.fields:
            if fld.foreign_key is None:
                continue
            count += 1
            target = schema.file(fld.foreign_key.file)
            assert target is not None, f"{name}.{fld.name} -> unknown file {fld.foreign_key.file}"
            assert target.format == "csv", f"{name}.{fld.name}"
            assert target.field(fld.foreign_key.field) is not None, (
                f"{name}.{fld.name} -> unknown field {fld.foreign_key.file}:{fld.foreign_key.field}"
            )
    assert count > 0


def test_enums_bounds_and_extras_are_consistent(schema: GtfsSchema) -> None:
    numeric = {FieldType.INTEGER, FieldType.FLOAT, FieldType.CURRENCY_AMOUNT}
    for name, f in schema.files.items():
        for fld in f.fields:
            where = f"{name}.{fld.name}"
            if fld.type is FieldType.ENUM:
                assert fld.enum, f"{where}: enum without values"
                assert len(fld.enum) == len(set(fld.enum)), where
                assert list(fld.enum) == sorted(fld.enum), where
            else:
                assert not fld.enum, f"{where}: values on a non-enum field"
            if fld.bounds is not None:
                assert fld.type in numeric, f"{where}: bounds on a non-numeric field"
            if fld.mixed_case:
                assert fld.type is FieldType.TEXT, where
            if fld.type is FieldType.CURRENCY_AMOUNT:
                currency = f.field(fld.currency_field or "")
                assert currency is not None and currency.type is FieldType.CURRENCY_CODE, where
            else:
                assert fld.currency_field is None, where
            if fld.required_column:
                assert fld.presence is not Presence.REQUIRED, f"{where}: redundant required_column"


def test_spot_checks(schema: GtfsSchema) -> None:
    routes = schema.files["routes.txt"]
    assert routes.field("route_type").enum == (0, 1, 2, 3, 4, 5, 6, 7, 11, 12)
    assert routes.required_columns() == ("route_id", "route_type")
    assert schema.files["stop_times.txt"].primary_key == ("trip_id", "stop_sequence")
    assert schema.files["transfers.txt"].required_columns() == ("transfer_type",)
    assert schema.files["feed_info.txt"].recommended_columns() == (
        "feed_start_date",
        "feed_end_date",
        "feed_version",
    )
    parent = schema.files["stops.txt"].field("parent_station")
    assert (parent.foreign_key.file, parent.foreign_key.field) == ("stops.txt", "stop_id")
    assert schema.files["pathways.txt"].field("stair_count").bounds is Bounds.NON_ZERO


# --------------------------------------------------------------------------------------------------
# Comparison with the reference implementation's schema tables (MobilityData v8.0.1)
# --------------------------------------------------------------------------------------------------

# Reference type names -> citylint type names. MobilityData's DECIMAL (a java.math.BigDecimal field
# without @CurrencyAmount; only fare_attributes.price) is a `float` in citylint: it is parsed like a
# float (an unparsable value is an invalid_float notice in MobilityData too) and gets no
# currency-precision check.
TYPE_MAP = {"DECIMAL": "float"}

# Files present in citylint's schema but not in the reference's tables, with the reason.
FILES_NOT_IN_REFERENCE = {
    # MobilityData models locations.geojson with @GtfsJson (GtfsGeoJsonFeatureSchema), not as a CSV
    # @GtfsTable, so it has no entry among the reference's table schemas.
    "locations.geojson",
}

# Differences where the reference tables are demonstrably wrong against MobilityData's Java source
# (gtfs-validator tag v8.0.1 = commit d74d7177f9f7c6bc7adc69508bb939362f2cf770, the commit the reference's
# table_schemas.json names in its _meta). Nothing else may differ.

# file -> (citylint presence, reference presence, reason)
FILE_PRESENCE_DIFFERENCES: dict[str, tuple[str, str, str]] = {
    name: (
        "conditionally_required",
        "optional",
        (
            f"Gtfs{java}Schema.java carries the type-level @ConditionallyRequired annotation; the reference "
            "keeps @ConditionallyRequired for fields but collapses it to OPTIONAL for files. The annotation "
            "is a "
            "source-retention hint with no generated check, so schema-driven file-presence rules must treat "
            "conditionally_required files like optional ones; custom rules handle the condition."
        ),
    )
    for name, java in {
        "stops.txt": "Stop",
        "calendar.txt": "Calendar",
        "calendar_dates.txt": "CalendarDate",
        "feed_info.txt": "FeedInfo",
    }.items()
}

# (file, field, attribute) -> (citylint value, reference value, reason)
KNOWN_DIFFERENCES: dict[tuple[str, str, str], tuple[object, object, str]] = {
    ("location_group_stops.txt", column, "type"): (
        "id",
        "text",
        (
            "GtfsLocationGroupStopsSchema.java annotates the getter @FieldType(FieldTypeEnum.ID); the next "
            "lines are a commented-out @ForeignKey, which the reference's extraction apparently mistook for "
            "the end of the annotations. MobilityData therefore parses it with RowParser.asId, which emits "
            "non_ascii_or_non_printable_char."
        ),
    )
    for column in ("location_group_id", "stop_id")
}


def _reference_tables() -> dict:
    pytest.importorskip("gtfs_validator")
    text = files("gtfs_validator.data").joinpath("table_schemas.json").read_text(encoding="utf-8")
    return json.loads(text)["tables"]


def _citylint_field(fld) -> dict:
    return {
        "type": fld.type.value,
        "presence": fld.presence.value,
        "enum": sorted(fld.enum),
        "bounds": fld.bounds.value if fld.bounds else None,
        "mixed_case": fld.mixed_case,
        "foreign_key": (fld.foreign_key.file, fld.foreign_key.field) if fld.foreign_key else None,
        "required_column": fld.required_column,
        "currency_field": fld.currency_field,
    }


def _reference_field(raw: dict) -> dict:
    ref = raw.get("references")
    return {
        "type": TYPE_MAP.get(raw["type"], raw["type"].lower()),
        "presence": raw["presence"].lower(),
        "enum": sorted(int(v) for v in raw.get("enum_values", {})),
        "bounds": raw["bounds"].lower() if raw.get("bounds") else None,
        "mixed_case": bool(raw.get("mixed_case", False)),
        "foreign_key": (ref["table"], ref["field"]) if ref else None,
        "required_column": bool(raw.get("required_column", False)),
        "currency_field": raw.get("currency_field"),
    }


@pytest.mark.reference
def test_matches_reference_schema(schema: GtfsSchema) -> None:
    tables = _reference_tables()

    ours = set(schema.files) - FILES_NOT_IN_REFERENCE
    assert ours == set(tables), (
        f"only in citylint: {sorted(ours - set(tables))}; only in reference: {sorted(set(tables) - ours)}"
    )

    problems: list[str] = []
    for name, ref_table in sorted(tables.items()):
        f = schema.files[name]
        presence = (f.presence.value, ref_table["presence"].lower())
        if presence[0] != presence[1] and FILE_PRESENCE_DIFFERENCES.get(name, ())[:2] != presence:
            problems.append(f"{name}: presence {presence[0]} != reference {presence[1]}")
        if list(f.primary_key) != list(ref_table.get("primary_key", [])):
            problems.append(f"{name}: primary key {list(f.primary_key)} != {ref_table.get('primary_key')}")
        if f.single_row != bool(ref_table.get("single_row", False)):
            problems.append(f"{name}: single_row {f.single_row} != {ref_table.get('single_row', False)}")

        ref_fields = {raw["name"]: raw for raw in ref_table["fields"]}
        if set(f.column_names) != set(ref_fields):
            problems.append(
                f"{name}: fields only in citylint {sorted(set(f.column_names) - set(ref_fields))}, "
                f"only in reference {sorted(set(ref_fields) - set(f.column_names))}"
            )
        for fld in f.fields:
            if fld.name not in ref_fields:
                continue
            mine, theirs = _citylint_field(fld), _reference_field(ref_fields[fld.name])
            for attribute, value in mine.items():
                if value == theirs[attribute]:
                    continue
                known = KNOWN_DIFFERENCES.get((name, fld.name, attribute))
                if known is None or known[:2] != (value, theirs[attribute]):
                    problems.append(
                        f"{name}.{fld.name}: {attribute} {value!r} != reference {theirs[attribute]!r}"
                    )

    assert not problems, "\n".join(problems)


@pytest.mark.reference
def test_listed_exceptions_are_still_needed(schema: GtfsSchema) -> None:
    """An exception that no longer differs (either side fixed) must be removed from the lists."""
    tables = _reference_tables()
    for name, (mine, theirs, _) in FILE_PRESENCE_DIFFERENCES.items():
        assert (schema.files[name].presence.value, tables[name]["presence"].lower()) == (mine, theirs), name
    for (name, column, attribute), (mine, theirs, _) in KNOWN_DIFFERENCES.items():
        ref_field = next(raw for raw in tables[name]["fields"] if raw["name"] == column)
        assert _citylint_field(schema.files[name].field(column))[attribute] == mine, (name, column)
        assert _reference_field(ref_field)[attribute] == theirs, (name, column)
