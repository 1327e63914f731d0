"""Reads one GTFS CSV file into a polars frame of strings, and the rules about its CSV structure.

Structure is analysed on whole columns, never row by row in Python: the file is split into physical lines,
lines are grouped into records by the parity of their quote count (a quoted field may hold a line break), and
each record's field count is the number of commas outside quoted sections plus one. Only when every record is
well formed does polars parse the file directly; otherwise the well-formed records alone are handed to it.
Row numbers follow MobilityData: physical line numbers, header = 1, a multi-line record numbered by its last
line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import gtfs_rule
from citylint.validators.gtfs.spec import FILE_REQUIREMENTS

ROW = "__row__"  # the column that carries each record's csvRowNumber
MAX_ROWS = 1_000_000_000
# Java's String.trim() removes every code unit up to U+0020; MobilityData trims with it.
JAVA_WHITESPACE = "".join(chr(c) for c in range(0x21))
_QUOTED = r'"(?:[^"]|"")*"'


@gtfs_rule("empty_file", Severity.ERROR, spec=FILE_REQUIREMENTS,
           message="{filename} is empty: it has no header row")
class EmptyFile:
    """A GTFS file is empty: it holds not even a header row.

    ## Why it matters
    An empty file is not a table: consumers cannot tell which columns it was meant to carry, and a required
    file that is empty is as good as missing.

    ## Example
    `calendar_dates.txt` of 0 bytes, or made of blank lines only.

    ## Reference
    GTFS Schedule reference, *File requirements*: files must contain a header row.
    """


@gtfs_rule("csv_parsing_failed", Severity.ERROR, spec=FILE_REQUIREMENTS,
           message="{filename}: CSV parsing failed: {message}")
class CsvParsingFailed:
    """A file could not be parsed as CSV.

    ## Why it matters
    Nothing in the file can be checked or used: a consumer's parser fails on it the same way.

    ## Example
    A quoted field that is never closed, so the rest of the file is one value.

    ## Reference
    GTFS Schedule reference, *File requirements* (RFC 4180 CSV).
    """


@gtfs_rule("invalid_row_length", Severity.ERROR, spec=FILE_REQUIREMENTS,
           message="{filename} row {csvRowNumber} has {rowLength} fields where the header has {headerCount}")
class InvalidRowLength:
    """A row does not have as many fields as the header.

    ## Why it matters
    Values can no longer be matched to their columns: the row is dropped and the file is treated as
    unparsable, so checks that join it to other files do not run.

    ## Example
    Header `stop_id,stop_name,stop_lat,stop_lon`, row `S1,Main St,48.85` (3 fields for 4 columns).

    ## Reference
    GTFS Schedule reference, *File requirements*: each line must have the same number of fields.
    """


@gtfs_rule("empty_row", Severity.WARNING, spec=FILE_REQUIREMENTS,
           message="{filename} row {csvRowNumber} is empty")
class EmptyRow:
    """A row holds nothing but white space.

    ## Why it matters
    Some CSV readers take such a row for a record of empty values and then report it, or fail on it.

    ## Example
    A last line made of spaces without a line break after it.

    ## Reference
    GTFS Schedule reference, *File requirements*.
    """


@gtfs_rule("too_many_rows", Severity.ERROR, spec=FILE_REQUIREMENTS,
           message="{filename} has more than 1,000,000,000 rows (row {rowNumber})")
class TooManyRows:
    """A file has more rows than a validator can number (over one billion).

    ## Why it matters
    No GTFS consumer handles such a table; it is almost certainly generated in error.

    ## Example
    A `stop_times.txt` of 1,000,000,001 rows.

    ## Reference
    MobilityData gtfs-validator, `too_many_rows`.
    """


RULES = (EmptyFile, CsvParsingFailed, InvalidRowLength, EmptyRow, TooManyRows)


@dataclass
class Table:
    """One parsed CSV file: its header as written and its well-formed records as strings."""

    name: str
    header: list[str]
    frame: pl.DataFrame  # one String column per header position that has a unique, non-empty name, + ROW
    unparsable_rows: bool = False  # some row was dropped or carries an ERROR: no key index is built
    invalid_header: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c != ROW]

    @property
    def indexable(self) -> bool:
        """MobilityData builds key indices only for tables whose header and every row parsed cleanly."""
        return not (self.unparsable_rows or self.invalid_header)


def _records(text: str, ends_with_newline: bool) -> pl.DataFrame:
    """One row per CSV record: its text, its last physical line number, and whether a line break ends it."""
    lines = (
        pl.DataFrame({"text": [text]})
        .select(pl.col("text").str.split("\n"))
        .explode("text")
        .with_row_index("line", offset=1)
    )
    if ends_with_newline:
        lines = lines.slice(0, lines.height - 1)  # the empty string after the final line break
    lines = lines.with_columns(pl.col("text").str.strip_suffix("\r"))
    quotes = pl.col("text").str.count_matches('"', literal=True)
    lines = lines.with_columns(open_after=(quotes.cum_sum() % 2) == 1)
    if not lines["open_after"].any():
        records = lines.select("text", "line")
    else:
        starts = (~pl.col("open_after")).shift(1, fill_value=True).cum_sum()
        records = (
            lines.with_columns(record=starts)
            .group_by("record", maintain_order=True)
            .agg(pl.col("text").str.join("\n"), pl.col("line").last())
            .select("text", "line")
        )
    last = records.height
    return records.with_columns(
        fields=pl.col("text").str.replace_all(_QUOTED, "").str.count_matches(",", literal=True) + 1,
        blank=pl.col("text").str.strip_chars(JAVA_WHITESPACE) == "",
        terminated=(pl.int_range(1, last + 1) < last) | pl.lit(ends_with_newline),
    )


def read_table(name: str, data: bytes, sink: FindingSink) -> Table | None:
    """Parse ``data``; report structure problems; ``None`` when the file has no header at all."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    records = _records(text, text.endswith(("\n", "\r")))
    # A blank line that ends with a line break is dropped before it is a record (as univocity's
    # skipEmptyLines does); a blank last line without one, or a lone "", is an empty row.
    records = records.filter(~(pl.col("blank") & pl.col("terminated")))
    if records.height == 0:
        sink.add(EmptyFile, {"filename": name})
        return None
    header_text = records["text"][0]
    try:
        header = [h.strip(JAVA_WHITESPACE) for h in next(csv.reader([header_text]))]
    except (csv.Error, StopIteration) as exc:
        sink.add(CsvParsingFailed, {"filename": name, "message": str(exc), "lineIndex": 1})
        return None
    body = records.slice(1)
    width = len(header)
    if body.height and body["line"][-1] > MAX_ROWS:
        sink.add(TooManyRows, {"filename": name, "rowNumber": int(body["line"][-1])})
        return Table(name, header, _empty_frame(header), unparsable_rows=True)
    empty = pl.col("blank") | (pl.col("text") == '""')
    good = ~empty & (pl.col("fields") == width)
    sink.add_frame(EmptyRow, body.filter(empty).select(
        filename=pl.lit(name), csvRowNumber=pl.col("line").cast(pl.Int64)))
    bad = body.filter(~empty & ~good)
    sink.add_frame(InvalidRowLength, bad.select(
        filename=pl.lit(name), csvRowNumber=pl.col("line").cast(pl.Int64),
        rowLength=pl.col("fields").cast(pl.Int64), headerCount=pl.lit(width, pl.Int64)))
    rows = body.filter(good)
    frame = _empty_frame(header)
    if rows.height:
        if rows.height == body.height and records["line"][0] == 1:
            frame = _parse(data, header, skip_header=True)
        if frame.height != rows.height:  # not clean, or polars read the raw file differently: parse records
            payload = rows.select(pl.col("text").str.join("\n")).item().encode()
            frame = _parse(payload, header, skip_header=False)
        frame = frame.with_columns(rows["line"].cast(pl.Int64).alias(ROW))
    return Table(name, header, frame, unparsable_rows=bad.height > 0)


def _positional_names(header: list[str]) -> dict[str, str]:
    """Positional column name → header name, for the first occurrence of each non-empty name."""
    seen: set[str] = set()
    out = {}
    for i, name in enumerate(header):
        if name and name not in seen:
            seen.add(name)
            out[f"_{i}"] = name
    return out


def _empty_frame(header: list[str]) -> pl.DataFrame:
    names = list(_positional_names(header).values())
    return pl.DataFrame(schema={**{n: pl.String for n in names}, ROW: pl.Int64})


def _parse(payload: bytes, header: list[str], *, skip_header: bool) -> pl.DataFrame:
    keep = _positional_names(header)
    frame = pl.read_csv(
        payload,
        has_header=False,
        skip_rows=1 if skip_header else 0,
        schema={f"_{i}": pl.String for i in range(len(header))},
        infer_schema=False,
        empty_string_is_null=False,
        encoding="utf8-lossy",
        quote_char='"',
        raise_if_empty=False,
    )
    return frame.select([pl.col(k).alias(v) for k, v in keep.items()])
