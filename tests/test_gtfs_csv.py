"""CSV structure of one GTFS file: where MobilityData's parser (univocity) gives up, and what it reports.

The expected offsets were measured on MobilityData's validator v8.0.1 (through its Python port) with the same
inputs; the 512-column limit is univocity's default, which that port does not model.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citylint.collector import FindingSink
from citylint.validators.gtfs import csv_format
from citylint.validators.gtfs.csv_format import ROW, Table, read_table

LONG = "a" * 4097
HEADER = "stop_id,stop_name\n"


def read(
    text: str, name: str = "stops.txt", **kwargs: Any
) -> tuple[Table | None, dict[str, list[dict[str, Any]]]]:
    sink = FindingSink()
    table = read_table(name, text.encode(), sink, **kwargs)
    return table, {code: [f.fields for f in n.samples] for code, n in sink.notices.items()}


def rows(table: Table | None) -> list[int]:
    assert table is not None
    return table.frame.get_column(ROW).to_list()


@pytest.mark.parametrize(
    ("text", "char_index", "line_index", "content_length", "kept"),
    [
        pytest.param(HEADER + "S1," + LONG + "\nS2,b\n", 4118, 1, 4096, [], id="unquoted"),
        pytest.param(
            HEADER + 'S1,"' + LONG + '"\n', 4119, 1, 4096, [], id="quoted: the opening quote is not content"
        ),
        pytest.param(
            HEADER + 'S1,"x""' + "a" * 4096 + '"\n', 4120, 1, 4096, [], id="a doubled quote is one character"
        ),
        pytest.param(
            HEADER + 'S0,x\nS1,"' + "a" * 3000 + "\n" + "b" * 1200 + '"\n',
            4124,
            3,
            4096,
            [2],
            id="a quoted value over two lines, counted from the line where it overflows",
        ),
        pytest.param(
            HEADER + "S1," + "\U0001f600" * 2049 + "\n", 4118, 1, 2048, [], id="UTF-16 units, not characters"
        ),
        pytest.param(
            "stop_id,stop_name\r\nS1,b\r\n\r\nS2," + LONG + "\r\nS3,c\r\n",
            4127,
            3,
            4096,
            [2],
            id="CRLF and a blank line: offsets count every line break",
        ),
        pytest.param(
            HEADER + 'S1,A"' + "a" * 4096 + "\n", 4118, 1, 4096, [], id="a quote inside a value opens nothing"
        ),
    ],
)
def test_a_value_over_4096_units_fails_the_file(
    text: str, char_index: int, line_index: int, content_length: int, kept: list[int]
) -> None:
    table, notices = read(text)
    (failure,) = notices.pop("csv_parsing_failed")
    assert notices == {}
    assert (failure["charIndex"], failure["columnIndex"], failure["lineIndex"]) == (char_index, 1, line_index)
    assert len(failure["parsedContent"]) == content_length
    assert rows(table) == kept  # the rows read before the failure stay, the others are lost
    assert table is not None and not table.indexable


def test_a_header_cell_over_the_cap_fails_before_any_header_check() -> None:
    table, notices = read("stop_id," + LONG + "\nS1,b\n")
    assert [(f["charIndex"], f["lineIndex"]) for f in notices["csv_parsing_failed"]] == [(4105, 0)]
    assert table is not None and table.parse_failed and table.frame.height == 0


def test_row_notices_before_the_failure_are_kept_and_none_after() -> None:
    _, notices = read("\ufeff" + HEADER + "S1,b,c\nS2," + LONG + "\nS3\n")
    assert [f["csvRowNumber"] for f in notices["invalid_row_length"]] == [2]
    assert [(f["charIndex"], f["lineIndex"]) for f in notices["csv_parsing_failed"]] == [(4125, 2)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("stops.txt", HEADER + "S1," + "a" * 4096 + "\n"),
        ("areas.txt", "area_id,area_name\nA1," + LONG + "\n"),  # WKT polygons: no cap for areas.txt
    ],
)
def test_within_the_cap(name: str, text: str) -> None:
    table, notices = read(text, name)
    assert notices == {} and rows(table) == [2]


def test_a_header_cell_over_1024_units_reads_as_an_empty_name() -> None:
    table, _ = read("stop_id," + "h" * 1025 + "\nS1,b\n")
    assert table is not None and table.header == ["stop_id", ""]


def test_more_than_512_columns_fails_the_file() -> None:
    table, notices = read(HEADER + "S1,a\nS2," + "," * 512 + "\nS3,c\n")
    (failure,) = notices.pop("csv_parsing_failed")
    assert (failure["columnIndex"], failure["lineIndex"]) == (512, 2)
    assert notices == {} and rows(table) == [2]
    _, notices = read(",".join(f"c{i}" for i in range(512)) + "\n" + "," * 511 + "\n")
    assert notices == {}


def test_rows_past_max_rows() -> None:
    text = HEADER + "S1,a\nS2,b\n\nS3,c\n"
    table, notices = read(text, max_rows=4)
    assert notices == {"too_many_rows": [{"filename": "stops.txt", "rowNumber": 5}]}
    assert rows(table) == [2, 3] and table is not None and not table.indexable
    _, notices = read(text, max_rows=5)
    assert notices == {}


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff"])
def test_empty_files(text: str) -> None:
    table, notices = read(text)
    assert table is None and notices == {"empty_file": [{"filename": "stops.txt"}]}


# The plain-file fast path (_read_plain) must read exactly what the full structure analysis reads.
_PLAIN = ["a", "b", " ", "\t", "é", "\x00", "\U0001f600"]


@st.composite
def _csv_texts(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    value = st.text(alphabet=st.sampled_from(_PLAIN + draw(st.sampled_from([[], ['"', "\r"]]))), max_size=3)
    lines = [
        ",".join(draw(st.lists(value, min_size=width, max_size=width)))
        for _ in range(draw(st.integers(0, 5)))
    ]
    # Mostly plain files, sometimes one line of another width, a blank line or a stray line break.
    odd = draw(st.sampled_from([None, None, "", " ", "\r", "x", ",".join("y" * (width + 1)), '""']))
    if odd is not None and lines:
        lines.insert(draw(st.integers(0, len(lines))), odd)
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(
        st.sampled_from(["", "\n", "\r\n", "\n\n"])
    )


def _read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    def outcome() -> tuple[Any, ...]:
        sink = FindingSink()
        table = read_table("stops.txt", text.encode(), sink)
        notices = {code: (n.total, [f.fields for f in n.samples]) for code, n in sink.notices.items()}
        if table is None:
            return None, notices
        return (
            table.header,
            table.frame.to_dict(as_series=False),
            table.frame.schema,
            table.unparsable_rows,
            table.invalid_header,
            table.parse_failed,
        ), notices

    fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(csv_format, "_read_plain", lambda *args, **kwargs: None)
        full = outcome()
    return fast, full


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_csv_texts())
def test_the_plain_file_fast_path_reads_what_the_full_analysis_reads(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, full = _read_both(text, monkeypatch)
    assert fast == full


def test_the_fast_path_takes_plain_files_only() -> None:
    def plain(text: str) -> bool:
        return csv_format._read_plain("stops.txt", text.encode(), csv_format.MAX_ROWS) is not None

    assert plain("stop_id,stop_name\r\nS1,a\r\nS2,\r\n")
    assert plain("stop_id,stop_name\nS1,a\nS2,b")
    assert not plain('stop_id,stop_name\nS1,"a"\n')  # a quote
    assert not plain("stop_id,stop_name\nS1,a\n\nS2,b\n")  # a blank line
    assert not plain(
        "stop_id,stop_name\nS1\nS2,b,c\n"
    )  # one field short, one too many: the total count agrees
    assert plain("stop_id,stop_name\nS1,a\rb\n")  # a lone carriage return is content, in both readings
    assert not plain("stop_id,stop_name\nS1," + LONG + "\n")  # a value over the cap


@pytest.mark.parametrize("text", ["stop_id,stop_name\n", ",\n,\n,x", "stop_id,stop_name\nS1,a\nS2,b\n"])
def test_batched_reading_reads_what_whole_reading_reads(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome() -> tuple[Any, ...]:
        table, notices = read(text)
        assert table is not None
        table.materialise()
        return table.header, table.frame.to_dict(as_series=False), table.unparsable_rows, notices

    whole = outcome()
    monkeypatch.setattr(csv_format, "BATCH_BYTES", 8)
    monkeypatch.setattr(csv_format, "BATCHED_FROM_BYTES", 0)
    assert outcome() == whole


# Read by univocity 2.9.0 under MobilityData's settings (built from source): a line of white space only is
# skipped, whatever follows, and the rows keep their physical line numbers.
@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("stop_id,stop_name\n   \nS1,a\n", [3]),
        ("stop_id,stop_name\n\t\r\nS1,a\nS2,b\n", [3, 4]),
        ("stop_id,stop_name\n \n  \nS1,a\n", [4]),
    ],
)
def test_a_blank_line_of_white_space_after_the_header_is_skipped(text: str, rows: list[int]) -> None:
    table, notices = read(text)
    assert notices == {}
    assert table is not None and not table.unparsable_rows
    table.materialise()
    assert table.frame.get_column(csv_format.ROW).to_list() == rows


# Same reference: white space after a closing quote, before a comma or the record's end, is ignored.
@pytest.mark.parametrize(
    ("text", "values"),
    [
        ('stop_id,stop_name\n"S1"\r\r\r,a\n', [("S1", "a")]),
        ('stop_id,stop_name\n"S1"  ,"b" \n', [("S1", "b")]),
        ('stop_id,stop_name\n"S1"\t,"b" \nS2,c\n', [("S1", "b"), ("S2", "c")]),
    ],
)
def test_white_space_after_a_closing_quote_is_ignored(text: str, values: list[tuple[str, str]]) -> None:
    table, notices = read(text)
    assert notices == {}
    assert table is not None and not table.unparsable_rows
    table.materialise()
    assert table.frame.select("stop_id", "stop_name").rows() == values
