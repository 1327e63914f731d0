"""Value checks on columns that repeat their values, checked once per distinct value
(values._check_distinct)."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.gtfs.csv_format import read_table
from citylint.validators.gtfs.schema import load_schema
from citylint.validators.gtfs.values import check_values

ROWS = 40  # enough repeats for the distinct-value path (at most half as many distinct values as rows)


def _checked(rows: list[str]) -> tuple[pl.DataFrame, dict[str, list[dict[str, object]]]]:
    text = "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n" + "".join(
        rows
    )
    sink = FindingSink()
    table = read_table("stop_times.txt", text.encode(), sink)
    assert table is not None
    check_values(table, load_schema().files["stop_times.txt"], sink)
    return table.frame, {code: [f.fields for f in n.samples] for code, n in sink.notices.items()}


def test_equal_columns_report_each_column_and_type_alike() -> None:
    # Arrival equals departure and pickup equals drop-off on every row: the second column of each pair reuses
    # the first one's distinct values; its findings must still name it.
    rows = [f"T1,08:{i % 10:02d}:00,08:{i % 10:02d}:00,S1,{i},{i % 2},{i % 2}\n" for i in range(ROWS)]
    rows.append("T1,08:75:00,08:75:00,S1,99,7,7\n")
    frame, notices = _checked(rows)
    assert sorted(f["fieldName"] for f in notices["invalid_time"]) == ["arrival_time", "departure_time"]
    assert sorted(f["fieldName"] for f in notices["unexpected_enum_value"]) == [
        "drop_off_type",
        "pickup_type",
    ]
    assert frame["arrival_time"].to_list() == frame["departure_time"].to_list()
    assert frame["arrival_time"][:3].to_list() == [8 * 3600, 8 * 3600 + 60, 8 * 3600 + 120]
    assert frame["arrival_time"][-1] is None  # the invalid time is null in both typed columns
    assert frame["pickup_type"].to_list() == frame["drop_off_type"].to_list()


def test_columns_that_differ_are_typed_on_their_own() -> None:
    rows = [f"T1,08:{i % 10:02d}:00,09:{i % 10:02d}:00,S1,+{i},{i % 2},{1 - i % 2}\n" for i in range(ROWS)]
    frame, notices = _checked(rows)
    assert notices == {}
    assert frame["departure_time"][1] - frame["arrival_time"][1] == 3600
    assert frame["drop_off_type"].to_list() == [1 - v for v in frame["pickup_type"].to_list()]
    assert frame["stop_sequence"][:3].to_list() == [0, 1, 2]  # "+1" is 1, as MobilityData parses it


def test_stop_times_enums_are_int8_when_every_value_fits() -> None:
    """pickup_type and drop_off_type take 1 byte a row when they can (values.NARROW_ENUMS_IN), with the same
    values and nulls; a value beyond Int8 keeps the column Int64, and is still an unexpected enum value."""
    rows = [f"T1,08:00:00,08:00:00,S1,{i},{i % 4},\n" for i in range(ROWS)]
    frame, _ = _checked(rows)
    assert frame["pickup_type"].dtype == pl.Int8
    assert frame["pickup_type"].to_list() == [i % 4 for i in range(ROWS)]
    assert frame["drop_off_type"].null_count() == ROWS  # all empty: left as typed
    frame, notices = _checked([*rows, "T1,08:00:00,08:00:00,S1,99,1000,1\n"])
    assert frame["pickup_type"].dtype == pl.Int64
    assert frame["pickup_type"][-1] == 1000
    assert frame["drop_off_type"].dtype == pl.Int8
    assert [f["fieldValue"] for f in notices["unexpected_enum_value"]] == [1000]
