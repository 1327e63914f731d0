"""A file holding a huge line is analysed only up to a little past the line's first parse failure
(``csv_format._long_line_cut``). These tests check that the cut changes nothing: each input is read twice,
once with the cut and once whole (the cut turned off), and the findings and rows must be the same.

The cut lies one 64 KiB block plus what a record that parses can hold past the line's start: MAX_COLUMNS
values of 4,096 characters, ~6.3 MB. To keep the tests fast, most run with a limit of 8 columns (both readings
use the same limit, so the comparison holds; the cut then lies ~230 KB in) and lines of 512 KiB; one runs with
the real limits on a line of 8 MB. tests/hostile/test_round_two.py runs the real CLI on lines of 200 MB.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from citylint.collector import FindingSink
from citylint.validators.gtfs import csv_format
from citylint.validators.gtfs.csv_format import read_table

HEADER = b"trip_id,stop_id,stop_sequence\n"
ROWS = b"T1,S1,1\nT1,S2,2\n"
MB = 1 << 20
HUGE = MB // 2  # past the cut, with 8 columns at most


@pytest.fixture
def eight_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_format, "MAX_COLUMNS", 8)


def _read(data: bytes, name: str, max_rows: int) -> tuple[Any, ...]:
    sink = FindingSink(max_samples=100)
    table = read_table(name, data, sink, max_rows=max_rows)
    findings = sorted(
        (code, sorted(map(repr, (f.fields for f in notice.samples))), notice.total)
        for code, notice in sink.notices.items()
    )
    if table is None:
        return None, findings
    table.materialise()
    return (
        table.header,
        table.frame,
        table.unparsable_rows,
        table.invalid_header,
        table.parse_failed,
    ), findings


CASES = {
    "a huge value": HEADER + ROWS + b"T2,S3," + b"x" * HUGE + b"\nT3,S4,4\n",
    "no line break at all": b"x" * HUGE,
    "the header line is huge": b"trip_id," + b"h" * HUGE + b"\nT1,S1\n",
    "a quote never closed": HEADER + ROWS + b'T2,"' + b"q" * HUGE,
    "doubled quotes": HEADER + ROWS + b'T2,S3,"' + b'a""' * (HUGE // 3) + b'"\n',
    "a quoted value over two lines, then huge": HEADER + b'T1,"ab\ncd' + b"z" * HUGE + b'",1\n',
    "two-byte characters": HEADER + ROWS + b"T2,S3," + "é".encode() * (HUGE // 2) + b"\n",
    "characters beyond the BMP": HEADER + b"T2,S3," + "\U0001f600".encode() * (HUGE // 4) + b"\n",
    "too many columns in a long line": HEADER + ROWS + b"," * HUGE + b"\n",
    "invalid rows and blank lines before": HEADER + b"T1,S1\n\n   \nT1,S1,1,9\n" + b"v" * HUGE + b"\n",
    "blank huge line before the header": b" " * HUGE + b"\n" + HEADER + ROWS,
    "blank huge line after the rows": HEADER + ROWS + b" " * HUGE + b"\n" + ROWS,
    "blank huge last line without a line break": HEADER + ROWS + b"\t" * HUGE,
    "blank so far, then text": HEADER + b" " * HUGE + b"x\n" + ROWS,
    "blank before the header, then text": b" " * HUGE + b"x\n" + HEADER + ROWS,
    "carriage returns before a value (no failure)": HEADER + b"T1,S1," + b"\r" * HUGE + b"1\n",
    "carriage returns after a value's text": HEADER + b"T1,S1,1" + b"\r" * HUGE + b"\n" + ROWS,
    "carriage returns inside a quoted value": HEADER + b'T1,S1,"' + b"\r" * HUGE + b'"\n' + ROWS,
    "blanks after a closing quote, then a long value": (
        HEADER + b'T1,"S1"' + b" " * HUGE + b",1\nT2,S2," + b"u" * 5000 + b"\n"
    ),
    "blanks before values of several rows, then a long value": HEADER
    + (b"T1," + b" " * HUGE + b"S1," + b"\r" * HUGE + b"1\n") * 3
    + b"T9,S9,"
    + b"w" * 5000
    + b"\n",
    "blanks before a value, then a long value on the same line": (
        HEADER + b"T1," + b"\t" * HUGE + b"S1," + b"y" * 5000 + b"\n" + ROWS
    ),
    "a quote never closed, over many short lines": HEADER
    + ROWS
    + b'T2,"'
    + b"q" * 50
    + b"\nr,s" * (HUGE // 4),
    "a quoted value over many lines, closed, then rows": (
        HEADER + b'T2,S3,"' + b"line\n" * (HUGE // 5) + b'"\n' + ROWS
    ),
    "invalid UTF-8": HEADER + ROWS + b"T2,S3," + b"\xff\xfe" * (HUGE // 2) + b"\n",
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
@pytest.mark.usefixtures("eight_columns")
def test_cutting_at_a_huge_line_changes_no_finding(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert csv_format._long_line_cut(data, csv_format.MAX_CHARS_PER_COLUMN) is not None
    cut = _read(data, "stop_times.txt", csv_format.MAX_ROWS)
    monkeypatch.setattr(csv_format, "_long_line_cut", lambda data, cap: None)
    whole = _read(data, "stop_times.txt", csv_format.MAX_ROWS)
    _assert_same(cut, whole)


@pytest.mark.usefixtures("eight_columns")
def test_a_row_limit_before_the_huge_line_still_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    data = HEADER + ROWS * 3 + b"T2,S3," + b"x" * HUGE + b"\n"
    cut = _read(data, "stop_times.txt", 4)
    assert "too_many_rows" in {code for code, _, _ in cut[1]}
    monkeypatch.setattr(csv_format, "_long_line_cut", lambda data, cap: None)
    _assert_same(cut, _read(data, "stop_times.txt", 4))


@pytest.mark.slow
def test_with_the_real_limits_a_line_of_8_mb_is_cut_and_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = HEADER + ROWS + b"T2,S3," + b"x" * (8 * MB) + b"\nT3,S4,4\n"
    cut_at = csv_format._long_line_cut(data, csv_format.MAX_CHARS_PER_COLUMN)
    assert cut_at is not None and cut_at < 7 * MB
    cut = _read(data, "stop_times.txt", csv_format.MAX_ROWS)
    assert [code for code, _, _ in cut[1]] == ["csv_parsing_failed"]
    monkeypatch.setattr(csv_format, "_long_line_cut", lambda data, cap: None)
    _assert_same(cut, _read(data, "stop_times.txt", csv_format.MAX_ROWS))


@pytest.mark.usefixtures("eight_columns")
def test_files_without_a_huge_line_are_not_cut() -> None:
    assert csv_format._long_line_cut(HEADER + ROWS * 100_000, csv_format.MAX_CHARS_PER_COLUMN) is None
    long_but_small = HEADER + b"T2,S3," + b"x" * (200 << 10) + b"\n"  # nothing past the cut
    assert csv_format._long_line_cut(long_but_small, csv_format.MAX_CHARS_PER_COLUMN) is None
    # areas.txt has no length cap: a long line there may be a polygon
    assert csv_format._long_line_cut(CASES["a huge value"], -1) is None
    # quoted values in many short lines, each closed on its line: no block lies inside one
    quoted_rows = HEADER + b'T1,"S,1",1\n' * (HUGE // 10)
    assert csv_format._long_line_cut(quoted_rows, csv_format.MAX_CHARS_PER_COLUMN) is None


def _blank_runs_cut(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its values' blank runs cut to 4,097 characters, as csv_format._squeeze_blank_runs cuts
    them in a huge file: a value read from one holds that much of such a run, not all of it (a value that
    parses holds one only before its text, which univocity skips and the value checks trim)."""
    keep = csv_format.MAX_CHARS_PER_COLUMN + 1
    run = f"([\\x00-\\x09\\x0b-\\x20]{{{keep}}})[\\x00-\\x09\\x0b-\\x20]+"
    return frame.with_columns(pl.col(pl.String).str.replace_all(run, "${1}"))


def _assert_same(cut: tuple[Any, ...], whole: tuple[Any, ...]) -> None:
    assert cut[1] == whole[1]
    if whole[0] is None:
        assert cut[0] is None
        return
    assert cut[0][0] == whole[0][0]
    assert cut[0][2:] == whole[0][2:]
    frame_cut, frame_whole = _blank_runs_cut(cut[0][1]), _blank_runs_cut(whole[0][1])
    assert isinstance(frame_cut, pl.DataFrame)
    assert frame_cut.equals(frame_whole), (frame_cut, frame_whole)


# Measured with univocity-parsers 2.9.0 (MobilityData's version, gradle/libs.versions.toml) under its
# settings (core/src/main/java/org/mobilitydata/gtfsvalidator/parsing/CsvFile.java: line separator "\n", so a
# carriage return is white space, not a line end; leading and trailing white space ignored, the defaults):
# white space before a value's text is skipped, after it it is content, trailing white space included, and
# white space after a closing quote is ignored. (charIndex, columnIndex, lineIndex), or None for no failure.
BLANKS = {
    "carriage returns before the text": (HEADER + b"T1,S1," + b"\r" * 5000 + b"1\nT2,S2,2\n", None),
    "spaces before the text": (HEADER + b"T1,S1," + b" " * 5000 + b"1\nT2,S2,2\n", None),
    "carriage returns after the text": (HEADER + b"T1,S1,1" + b"\r" * 5000 + b"\nT2,S2,2\n", (4133, 2, 1)),
    "carriage returns inside the text": (HEADER + b"T1,S1,1" + b"\r" * 5000 + b"2\n", (4133, 2, 1)),
    "spaces after the text": (HEADER + b"T1,S1,1" + b" " * 5000 + b"\nT2,S2,2\n", (4133, 2, 1)),
    "spaces before a quote": (HEADER + b'T1,S1,   "' + b"a" * 5000 + b'"\n', (4137, 2, 1)),
    "600 kB of carriage returns before the text, then a long value": (
        HEADER + b"T1," + b"\r" * 600_000 + b"S1," + b"y" * 5000 + b"\nT2,S2,2\n",
        (604133, 2, 1),
    ),
    # ... but only after the header: in the header and the blank lines before it, white space is content.
    "spaces before a header name": (b" " * 5000 + b"trip_id,stop_id\nT1,S1\n", (4097, 0, 0)),
    "spaces before the second header name": (b"trip_id," + b" " * 5000 + b"stop_id\nT1,S1\n", (4105, 1, 0)),
    "a blank line of spaces before the header": (b"\n" + b" " * 5000 + b"\ntrip_id,stop_id\n", (4098, 0, 1)),
    "600 kB of carriage returns inside quotes": (
        HEADER + b'T1,S1,"' + b"\r" * 600_000 + b'"\n',
        (4134, 2, 1),
    ),
}


@pytest.mark.parametrize(("data", "expected"), BLANKS.values(), ids=BLANKS.keys())
def test_white_space_before_a_value_is_not_content_after_it_is(
    data: bytes, expected: tuple[int, int, int] | None
) -> None:
    sink = FindingSink(max_samples=1)
    table = read_table("stop_times.txt", data, sink)
    failed = sink.notices.get("csv_parsing_failed")
    if expected is None:
        assert failed is None and table is not None
        table.materialise()
        assert table.frame.height == 2
        return
    assert failed is not None
    fields = failed.samples[0].fields
    assert (fields["charIndex"], fields["columnIndex"], fields["lineIndex"]) == expected
    assert len(str(fields["parsedContent"])) == 4096


@pytest.mark.usefixtures("eight_columns")
def test_long_blank_runs_are_squeezed_before_the_cut() -> None:
    """A value padded with blank characters before its text parses whatever their number: the runs are cut to
    what a value can hold, so the file is no longer huge and nothing is analysed whole."""
    data = CASES["blanks before values of several rows, then a long value"]
    squeezed, removed = csv_format._squeeze_blank_runs(data, csv_format.MAX_CHARS_PER_COLUMN)
    assert len(removed) == 6 and len(squeezed) < 60_000
    assert sum(count for _, count in removed) == len(data) - len(squeezed)
    assert csv_format._long_line_cut(squeezed, csv_format.MAX_CHARS_PER_COLUMN) is None
    assert csv_format._squeeze_blank_runs(HEADER + ROWS * 1000, csv_format.MAX_CHARS_PER_COLUMN)[1] == []
