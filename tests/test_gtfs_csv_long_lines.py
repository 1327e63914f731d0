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
    "carriage returns only (no failure: read whole)": HEADER + b"T1,S1," + b"\r" * HUGE + b"1\n",
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


def _assert_same(cut: tuple[Any, ...], whole: tuple[Any, ...]) -> None:
    assert cut[1] == whole[1]
    if whole[0] is None:
        assert cut[0] is None
        return
    assert cut[0][0] == whole[0][0]
    assert cut[0][2:] == whole[0][2:]
    frame_cut, frame_whole = cut[0][1], whole[0][1]
    assert isinstance(frame_cut, pl.DataFrame)
    assert frame_cut.equals(frame_whole), (frame_cut, frame_whole)


def test_a_run_of_carriage_returns_is_skipped_as_one_character_at_a_time_would_be() -> None:
    """Carriage returns outside quotes are not content (csv_format._walk): a run of them is skipped at once,
    each still one unit of offset."""
    cap = csv_format.MAX_CHARS_PER_COLUMN
    plain = csv_format._walk("a" + "b" * 5000, 0, 0, cap)
    padded = csv_format._walk("a" + "\r" * 10 + "b" * 5000, 0, 0, cap)
    assert plain is not None and padded is not None
    assert padded["charIndex"] == plain["charIndex"] + 10
    assert {k: v for k, v in padded.items() if k != "charIndex"} == {
        k: v for k, v in plain.items() if k != "charIndex"
    }
    quoted = csv_format._walk('"a' + "\r" * 5000 + '"', 0, 0, cap)  # inside quotes they are content
    assert quoted is not None and quoted["charIndex"] == 4098
