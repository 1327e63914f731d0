"""A coded read (Categorical columns, csv_format.CODED_FILES) gives the findings of the String read.

Only big plain stop_times.txt files are read coded (csv_format.CODED_FROM_BYTES), so the fixtures and the
corpus are run here with every stop_times.txt coded, and must report exactly what the default run reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from citylint.collector import FindingSink
from citylint.validators.gtfs import csv_format, values
from citylint.validators.gtfs.schema import load_schema
from tests.conftest import FIXTURES, SHARED
from tests.test_fixtures import build_case
from tests.test_gtfs_batches import _notices
from tests.test_gtfs_csv import _csv_texts

CORPUS = sorted((SHARED / "data" / "gtfs").glob("*.zip")) if (SHARED / "data" / "gtfs").is_dir() else []
# Every case with a stop_times.txt of its own: the values a coded read checks.
CASES = sorted(
    case
    for case in (FIXTURES / "gtfs").glob("*/*")
    if (case / "case.json").is_file() and (case / "stop_times.txt").is_file()
)
# The quick tier's share: the value rules of stop_times.txt.
QUICK = {
    "invalid_time",
    "invalid_integer",
    "invalid_character",
    "leading_or_trailing_whitespaces",
    "unexpected_enum_value",
    "missing_required_field",
    "number_out_of_range",
    "duplicate_key",
    "foreign_key_violation",
}


def _same_coded(feed: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the feed with the String read, then with every stop_times.txt coded; the number of columns
    checked coded (so that a test can tell the coded path ran)."""
    code, plain, _ = check_json(feed)
    coded_columns: list[str] = []
    check = values._check_coded

    def spy(table: Any, f: Any, country: Any, column: pl.Series) -> Any:
        coded_columns.append(f.name)
        return check(table, f, country, column)

    with monkeypatch.context() as patch:
        patch.setattr(csv_format, "CODED_FROM_BYTES", 0)
        patch.setattr(values, "_check_coded", spy)
        code_coded, coded, _ = check_json(feed)
    assert code_coded == code
    assert _notices(coded) == _notices(plain)
    assert coded["summary"]["rowCounts"] == plain["summary"]["rowCounts"]
    return len(coded_columns)


def _quick(case: Path) -> Any:
    return case if case.parent.name in QUICK else pytest.param(case, marks=pytest.mark.slow)


@pytest.mark.parametrize("case", [_quick(c) for c in CASES], ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture_cases_coded(
    case: Path, tmp_path: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_coded(build_case(case, tmp_path), check_json, monkeypatch)


@pytest.mark.corpus
@pytest.mark.slow  # every corpus feed, twice
@pytest.mark.skipif(not CORPUS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", CORPUS, ids=[f.stem for f in CORPUS])
def test_corpus_coded(feed: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_coded(feed, check_json, monkeypatch)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS, reason="corpus not present: ../shared/data/gtfs")
def test_a_corpus_feed_really_reads_coded(check_json: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = next(f for f in CORPUS if f.name.startswith("us-seattle"))
    assert _same_coded(feed, check_json, monkeypatch) >= 5


STOP_TIMES = (
    "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type\n"
    "t1,08:00:00,08:00:00,s1,1,0\n"
    "t1,,, s2,2,\n"  # empty values (read as null into a Categorical) and a padded id
    "t1,08:75:00,08:10:00,s3,x,7\n"  # an invalid time, integer and enum value
    "t2,25:00:00,25:00:00,s\u00e9,1,0\n"
    "t2,08:00:00,08:00:00,s1,2,1\n"
)


def _read(data: bytes, coded: bool, sink: FindingSink) -> csv_format.Table:
    table = csv_format.read_table("stop_times.txt", data, sink, coded=coded)
    assert table is not None
    return table


def test_coded_columns_decode_to_the_string_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_format, "CODED_FROM_BYTES", 0)
    data = STOP_TIMES.encode()
    coded = _read(data, True, FindingSink())
    plain = _read(data, False, FindingSink())
    assert all(csv_format.is_coded(coded.frame.schema[c]) for c in coded.columns)
    assert not any(csv_format.is_coded(plain.frame.schema[c]) for c in plain.columns)
    coded.materialise()
    assert coded.frame.to_dicts() == plain.frame.to_dicts()
    assert coded.frame.get_column("pickup_type").to_list() == ["0", "", "7", "0", "1"]


def test_coded_values_give_the_typed_frame_and_findings_of_the_string_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(csv_format, "CODED_FROM_BYTES", 0)
    schema = load_schema().files["stop_times.txt"]
    data = STOP_TIMES.encode()
    frames, reports = [], []
    for coded in (True, False):
        sink = FindingSink()
        table = _read(data, coded, sink)
        values.check_values(table, schema, sink)
        frames.append(table.frame)
        reports.append({code: [s.fields for s in n.samples] for code, n in sink.notices.items()})
        assert table.error_rows is not None and table.error_rows.to_list() == [4]
    assert frames[0].schema == frames[1].schema
    assert frames[0].to_dicts() == frames[1].to_dicts()
    assert reports[0] == reports[1]
    assert {"invalid_time", "invalid_integer", "unexpected_enum_value"} <= set(reports[0])


def test_invalid_utf8_is_coded_as_the_string_read_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are parsed as strings (lossy UTF-8) before they are coded: an invalid byte is U+FFFD, which
    invalid_character reports, as in the String read."""
    monkeypatch.setattr(csv_format, "CODED_FROM_BYTES", 0)
    monkeypatch.setattr(csv_format, "CODED_BATCH_BYTES", 40)  # several batches under shared categories
    data = STOP_TIMES.encode().replace(b"s3", b"s\xff3")
    table = _read(data, True, FindingSink())
    assert all(csv_format.is_coded(table.frame.schema[c]) for c in table.columns)
    assert table.frame.get_column("trip_id").n_chunks() > 1
    table.materialise()
    assert table.frame.to_dicts() == _read(data, False, FindingSink()).frame.to_dicts()
    assert "s\ufffd3" in table.frame.get_column("stop_id").to_list()


def test_small_or_other_files_are_not_coded() -> None:
    data = STOP_TIMES.encode()
    assert not any(csv_format.is_coded(d) for d in _read(data, True, FindingSink()).frame.dtypes)
    stops = csv_format.read_table("stop_times.txt", data, FindingSink())  # coded not asked
    assert stops is not None and not any(csv_format.is_coded(d) for d in stops.frame.dtypes)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_csv_texts())
def test_a_coded_read_reads_what_the_string_read_reads(text: str) -> None:
    """Any text, plain or not (white space, carriage returns, empty values, quotes): the coded read, decoded,
    is the String read, with the same findings."""

    def outcome(coded: bool) -> tuple[Any, ...]:
        sink = FindingSink()
        table = csv_format.read_table("stop_times.txt", text.encode(), sink, coded=coded)
        notices = {code: (n.total, [f.fields for f in n.samples]) for code, n in sink.notices.items()}
        if table is None:
            return None, notices
        table.materialise()
        return table.header, table.frame.to_dict(as_series=False), table.unparsable_rows, notices

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(csv_format, "CODED_FROM_BYTES", 0)
        assert outcome(True) == outcome(False)
