"""Value checks on columns that repeat their values, checked once per distinct value
(values._check_distinct), and small tables checked in one query (values.ONE_QUERY_ROWS): every test runs both
ways, and the two ways must give the same findings and typed frames."""

from __future__ import annotations

import polars as pl
import pytest

from citylint.collector import FindingSink
from citylint.validators.gtfs import values
from citylint.validators.gtfs.csv_format import read_table
from citylint.validators.gtfs.schema import load_schema
from citylint.validators.gtfs.values import check_values

ROWS = 40  # enough repeats for the distinct-value path (at most half as many distinct values as rows)


@pytest.fixture(autouse=True, params=["column by column", "one query"])
def _path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(values, "ONE_QUERY_ROWS", 10**9 if request.param == "one query" else -1)


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


def test_a_line_break_in_white_space_around_an_unquoted_value_is_not_in_the_value() -> None:
    # univocity 2.9.0 under MobilityData's settings (CsvFile.java: line separator "\n", leading and trailing
    # white space of unquoted values ignored): "\r\rS1" unquoted is read as "S1"; inside quotes the carriage
    # return is kept and is a line break in the value.
    rows = [f"T1,08:00:00,08:00:00,S{i % 5},{i},0,0\n" for i in range(ROWS)]
    rows.append("T2,08:00:00,08:00:00,\r\rS1,1,0,0\n")
    _, notices = _checked(rows)
    assert "new_line_in_value" not in notices
    rows.append('T3,08:00:00,08:00:00,"\r\rS1",1,0,0\n')
    _, notices = _checked(rows)
    assert [(f["csvRowNumber"], f["fieldValue"]) for f in notices["new_line_in_value"]] == [
        (ROWS + 3, "\r\rS1")
    ]
    assert [f["csvRowNumber"] for f in notices["leading_or_trailing_whitespaces"]] == [ROWS + 3]


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


def _all_findings(name: str, text: str) -> tuple[pl.DataFrame, dict[str, object]]:
    sink = FindingSink(max_samples=1000)
    table = read_table(name, text.encode(), sink)
    assert table is not None
    check_values(table, load_schema().files[name], sink)
    notices = {code: (n.total, [f.fields for f in n.samples]) for code, n in sink.notices.items()}
    return table.frame, notices


TIMES = ["08:00:00", "25:61:00", "", "8:00"]
MIXED = {
    "stops.txt": "stop_id,stop_name,stop_lat,stop_lon,location_type,stop_url,stop_timezone,"
    "wheelchair_boarding\n"
    + "".join(
        f"S{i % 7},{['Main St', ' padded', 'MAIN ST', 'x', ''][i % 5]},{[48.1, 91, 'abc', '', 0.5][i % 5]},"
        f"{[2.3, -200, '1e3', '', 0][i % 5]},{['', 0, 1, 9, 'a'][i % 5]},{['http://a.b', 'nope', ''][i % 3]},"
        f"{['Europe/Paris', 'Mars/Base', ''][i % 3]},{i % 4}\n"
        for i in range(ROWS)
    )
    + '"S 1","  quoted  ",48,2,0,,,\n',
    "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence,timepoint\n"
    + "".join(
        f"T{i % 3},{TIMES[i % 4]},{TIMES[i % 4]},S{i % 5},{[i, -1, '', 'x', 2**40][i % 5]},{i % 3}\n"
        for i in range(ROWS)
    ),
}


@pytest.mark.parametrize("name", sorted(MIXED))
def test_one_query_and_column_by_column_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(values, "ONE_QUERY_ROWS", -1)
    frame, notices = _all_findings(name, MIXED[name])
    monkeypatch.setattr(values, "ONE_QUERY_ROWS", 10**9)
    frame_one, notices_one = _all_findings(name, MIXED[name])
    assert len(notices) >= 4  # the data does have problems of several kinds
    assert notices_one == notices
    assert frame_one.schema == frame.schema
    assert frame_one.equals(frame)
