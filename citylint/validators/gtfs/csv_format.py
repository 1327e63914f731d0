"""Reads one GTFS CSV file into a polars frame of strings, finding what ``csv_rules`` report.

Structure is analysed on whole columns, never row by row in Python: the file is split into physical lines,
lines are grouped into records by the parity of their quote count (a quoted field may hold a line break), and
each record's field count is the number of commas outside quoted sections plus one. Only when every record is
well formed does polars parse the file directly; otherwise the well-formed records alone are handed to it.
Row numbers follow MobilityData: physical line numbers, header = 1, a multi-line record numbered by its last
line.

MobilityData's parser (univocity) gives up on a file at the first value longer than 4,096 UTF-16 units or the
first record of more than 512 columns: ``csv_parsing_failed``, and the file keeps only the rows read before.
Candidates are found on whole columns; only the one failing record is then walked character by character, to
report the offsets univocity reports.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import polars as pl

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.gtfs.ahead import ahead

ROW = "__row__"  # the column that carries each record's csvRowNumber
QUOTED_RECORD = (
    "__quoted__"  # the record's text when it holds a quote (null otherwise): which values were quoted
)
from citylint.validators.gtfs.csv_rules import (
    CsvParsingFailed,
    EmptyFile,
    EmptyRow,
    InvalidRowLength,
    TooManyRows,
)

MAX_ROWS = 1_000_000_000  # default of the ``max_rows`` parameter: MobilityData's limit on a row number
# A file with more bytes than BATCHED_FROM_BYTES is parsed and typed in batches of about BATCH_BYTES
# (RowBatches). Batches cost time (about 0.6 s on the 155 MB stop_times.txt of the NYC bus feed, for no lower
# peak there) and save memory on bigger files (4x that feed: 1.77 GB instead of 2.32 GB), hence the threshold.
BATCH_BYTES = 32 << 20
BATCHED_FROM_BYTES = 256 << 20
# A plain member of these files from CODED_FROM_BYTES on is parsed into Categorical columns (``coded``):
# each distinct value is stored once, each row holds a 4-byte code. The 2.4 M rows of the Brooklyn bus
# feed's stop_times.txt take ~75 MB coded against ~380 MB as strings, and the value checks run on the
# distinct values straight away (values._check_coded). Smaller files keep the String read.
CODED_FILES = frozenset({"stop_times.txt"})
CODED_FROM_BYTES = 16 << 20
# Bytes of lines parsed as strings at once before they are coded. Small, since a batch's strings (and the
# garbage of the batches before it, kept by the allocator for 0.1 s: citylint/_allocator.py) sit beside
# the file's bytes: on the Brooklyn bus feed the read peaks at 427 MB with 16 MB batches, 357 MB with 4 MB,
# for the same CPU time.
CODED_BATCH_BYTES = 4 << 20
# univocity's CsvParserSettings defaults, which MobilityData keeps except for areas.txt (WKT polygons can be
# long).
MAX_CHARS_PER_COLUMN = 4096
MAX_COLUMNS = 512
UNLIMITED_CHARS = {"areas.txt"}
# A file with a record of at least this many bytes (a GTFS line is ~100) is analysed only up to a little
# past its first parse failure (_long_line_cut): a huge record would otherwise cost ~10 times its size.
LONG_LINE_BLOCK = 64 << 10
# univocity exposes a header cell longer than this as an empty name.
MAX_HEADER_CHARS = 1024
# Java's String.trim() removes every code unit up to U+0020; MobilityData trims with it.
JAVA_WHITESPACE = "".join(chr(c) for c in range(0x21))
_QUOTED = r'"(?:[^"]|"")*"'
# A quoted value, or one whose quote never closes: univocity reads the rest of the file into it.
_QUOTED_OR_OPEN = r'"(?:[^"]|"")*(?:"|$)'
# One field with the comma before it: a quoted section (maybe unterminated) and what follows, or plain text.
_FIELD = r',(?:"(?:[^"]|"")*"?[^,]*|[^,]*)'
# univocity's whitespace (every character up to U+0020, skipBitsAsWhitespace) other than the line separator,
# which MobilityData sets to "\n" (CsvFile.createDefaultParserSettings): a carriage return is one of them.
_BLANK = r"[\x00-\x09\x0b-\x20]"
_BLANK_RUN = re.compile(_BLANK + "+")
_NOT_BLANK = re.compile(rb"[^\x00-\x20]")  # what makes a line not blank (the "blank" column's test, on bytes)


@dataclass
class Table:
    """One parsed CSV file: its header as written and its well-formed records as strings."""

    name: str
    header: list[str]
    frame: pl.DataFrame  # one String column per header position that has a unique, non-empty name, + ROW
    unparsable_rows: bool = False  # some row was dropped or carries an ERROR: no key index is built
    error_rows: pl.Series | None = None  # csvRowNumbers of the rows whose values drew an ERROR (not entities)
    invalid_header: bool = False
    parse_failed: bool = False  # the header itself could not be read: no header check applies
    notes: list[str] = field(default_factory=list)
    # A big, simple file's rows not parsed yet: the value checks parse and type them a batch at a time
    # (``frame`` then holds no value column until they have run; ``materialise`` parses them all at once).
    pending: RowBatches | None = None

    def materialise(self) -> None:
        """Parse the pending rows into ``frame`` as strings, for a table whose values are not checked (coded
        columns too)."""
        if self.pending is not None:
            self.frame = pl.concat(list(self.pending.batches()))
            self.pending = None
        if any(map(is_coded, self.frame.dtypes)):  # a coded read (CODED_FILES): its columns as strings
            self.frame = pl.DataFrame([decoded(column) for column in self.frame.get_columns()])

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c not in (ROW, QUOTED_RECORD)]

    @property
    def indexable(self) -> bool:
        """MobilityData builds key indices only for tables whose header and every row parsed cleanly."""
        return not (self.unparsable_rows or self.invalid_header)


@dataclass
class RowBatches:
    """The rows of a file in which every line is one well-formed record (no quote, no blank line), parsed
    a batch of lines at a time: a cut between two lines is a cut between two records. Parsing a 2.4 M-row
    stop_times.txt whole holds every value of every column as a string at once (~380 MB, the largest
    frame of a validation); a batch holds its share only, and is typed before the next is read."""

    data: bytes
    header: list[str]
    rows: pl.Series  # the csvRowNumber of every record after the header, in order
    body_start: int  # byte offset of the first record after the header

    def batches(self) -> Iterator[pl.DataFrame]:
        start, first = self.body_start, 0
        while first < self.rows.len():
            end = self.data.find(b"\n", min(start + BATCH_BYTES, len(self.data)) - 1)
            end = len(self.data) if end < 0 else end + 1
            chunk = self.data[start:end]
            count = min(chunk.count(b"\n") + (not chunk.endswith(b"\n")), self.rows.len() - first)
            frame = _parse(chunk, self.header, skip_header=False)
            if frame.height != count:  # polars read the lines differently: never seen, but never wrong
                raise ValueError(f"a batch of {count} lines parsed as {frame.height} rows")
            rows = self.rows.slice(first, count)
            yield frame.with_columns(rows, pl.lit(None, pl.String).alias(QUOTED_RECORD))
            start, first = end, first + count


# Bytes that never occur in GTFS text: one absent from the file lets polars read it as one column of lines.
_LINE_SEPARATORS = ("\x1f", "\x1e", "\x1d", "\x1c", "\x00")


def _split_lines(data: bytes) -> pl.DataFrame:
    """The file's physical lines (column ``text``, line breaks and a final ``\\r`` removed), read by polars
    straight from the bytes: no decoded copy of the whole file is kept in Python."""
    separator = next((s for s in _LINE_SEPARATORS if s.encode() not in data), None)
    if separator is None:  # a file holding every candidate byte: split a decoded copy instead
        return _decoded_lines(data.decode("utf-8", errors="replace")).select(
            pl.col("text").str.strip_suffix("\r")
        )
    return pl.read_csv(
        data,
        has_header=False,
        separator=separator,
        quote_char=None,
        schema={"text": pl.String},
        encoding="utf8-lossy",
        empty_string_is_null=False,
        raise_if_empty=False,
    )


def _decoded_lines(text: str) -> pl.DataFrame:
    """Lines of a decoded text (``\\r`` kept), without the empty string after a final line break."""
    lines = pl.DataFrame({"text": [text]}).select(pl.col("text").str.split("\n")).explode("text")
    return lines.slice(0, lines.height - 1) if text.endswith("\n") else lines


def _records(lines: pl.DataFrame, ends_with_newline: bool, has_quotes: bool) -> pl.DataFrame:
    """One row per CSV record: its text, its first and last physical line numbers, its field count, whether
    it is blank and whether a line break ends it. A record spans lines while its quotes are unbalanced.
    Without a quote in the file (``has_quotes``, known from its bytes) every line is a record."""
    lines = lines.with_row_index("line", offset=1)
    kept = ["text", "line", "first_line"]
    if has_quotes:
        quotes = pl.col("text").str.count_matches('"', literal=True)
        lines = lines.with_columns(open_after=(quotes.cum_sum() % 2) == 1)
    if not has_quotes or not lines["open_after"].any():
        records = lines.with_columns(first_line=pl.col("line")).select(kept)
    else:
        starts = (~pl.col("open_after")).shift(1, fill_value=True).cum_sum()
        records = (
            lines.with_columns(record=starts)
            .group_by("record", maintain_order=True)
            .agg(
                pl.col("text").str.join("\n"),
                pl.col("line").last(),
                pl.col("line").first().alias("first_line"),
            )
            .select(kept)
        )
    last = records.height
    records = records.with_columns(
        fields=pl.col("text").str.count_matches(",", literal=True) + 1,
        # Predicates, not transformed copies of the text: a big file's lines are not duplicated in memory.
        blank=pl.col("text").str.contains(r"^[\x00-\x20]*$"),
        quoted=pl.col("text").str.contains('"', literal=True) if has_quotes else pl.lit(False),
        terminated=(pl.int_range(1, last + 1) < last) | pl.lit(ends_with_newline),
    )
    if (
        has_quotes and records["quoted"].any()
    ):  # commas inside quoted values separate nothing: recount those records only
        # (null for the others; a filter and an update copied every quoted record's text twice, 4 times the
        # size of a file that is one huge quoted record: a polygon in areas.txt, which has no length cap)
        quoted = pl.when(pl.col("quoted")).then(pl.col("text"))
        recount = quoted.str.replace_all(_QUOTED_OR_OPEN, "").str.count_matches(",", literal=True) + 1
        records = records.with_columns(fields=pl.coalesce(recount, pl.col("fields")))
    return records


def read_table(
    name: str, data: bytes, sink: FindingSink, *, max_rows: int = MAX_ROWS, coded: bool = False
) -> Table | None:
    """Parse ``data``; report structure problems; ``None`` when the file has no header at all. With
    ``coded``, a big plain file's columns may come as Categorical (see CODED_FILES): only for a caller that
    runs ``values.check_values``, which turns them into typed columns."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data:
        sink.add(EmptyFile, {"filename": name})
        return None
    if b"\n" not in data and b"\r" in data:  # old Mac line ends: univocity detects "\r" as the line separator
        data = data.replace(b"\r", b"\n")
    cap = -1 if name in UNLIMITED_CHARS else MAX_CHARS_PER_COLUMN
    cut = _long_line_cut(data, cap)
    removed: list[tuple[int, int]] = []
    if cut is not None:  # a huge record: its long blank runs first, then the cut (see _squeeze_blank_runs)
        data, removed = _squeeze_blank_runs(data, cap)
        cut = _long_line_cut(data, cap) if removed else cut
    if cut is not None:
        try:
            return _read_records(name, data, sink, max_rows, cap, cut, removed=removed)
        except _NoFailureBeforeCut:  # the long line parses: read it all
            pass
    plain = _read_plain(name, data, max_rows, coded=coded and len(data) >= CODED_FROM_BYTES)
    if plain is not None:
        return plain
    return _read_records(name, data, sink, max_rows, cap, None, removed=removed)


class _NoFailureBeforeCut(Exception):
    """The head of a file cut at a long line holds no parse failure: the whole file must be analysed."""


def _read_records(
    name: str,
    data: bytes,
    sink: FindingSink,
    max_rows: int,
    cap: int,
    cut: int | None,
    *,
    removed: list[tuple[int, int]] | None = None,
) -> Table | None:
    """The structure analysis on whole columns. With ``cut``, only ``data[:cut]`` is analysed, which is exact
    when it holds the file's first parse failure (MobilityData keeps no row after it; nothing later is
    reported): :class:`_NoFailureBeforeCut` otherwise, raised before any finding is added."""
    whole = data
    if cut is None:
        records = _records(_split_lines(data), data.endswith((b"\n", b"\r")), b'"' in data)
    else:
        data, records = _cut_records(data, cut)
    records = records.with_row_index("idx")
    failure = _first_parse_failure(data, records, cap)
    if failure is None and cut is not None:
        raise _NoFailureBeforeCut
    if failure is not None and removed:  # charIndex counts the blank characters squeezed out before it
        failure = failure[0], {**failure[1], "charIndex": _unsqueezed(data, removed, failure[1]["charIndex"])}
    # A blank line that ends with a line break is dropped before it is a record (as univocity's
    # skipEmptyLines does); a blank last line without one, or a lone "", is an empty row.
    skipped = pl.col("blank") & pl.col("terminated")
    heads = records.filter(~skipped)
    if heads.height == 0 and cut is not None:  # the header, if any, comes after the cut-off blank line
        heads = _head_after(whole, cut, records.height)
    if heads.height == 0:
        sink.add(EmptyFile, {"filename": name})
        return None
    head = heads.row(0, named=True)
    if failure is not None and failure[0] == head["idx"]:
        sink.add(CsvParsingFailed, {"filename": name, **failure[1]})
        return Table(name, [], _empty_frame([]), unparsable_rows=True, invalid_header=True, parse_failed=True)
    header = [h.strip(JAVA_WHITESPACE) for h in _split_header(head["text"])]
    header = ["" if _utf16_len(h) > MAX_HEADER_CHARS else h for h in header]
    # MobilityData stops at the first row whose number is past the limit, blank lines included, or at the
    # parse failure, whichever comes first; the rows before it are kept.
    body = records.filter(pl.col("idx") > head["idx"])
    past_limit = body.filter(pl.col("line") > max_rows)
    stop = past_limit["idx"][0] if past_limit.height else None
    ending: tuple[RuleType, dict[str, object]] | None = None  # reported after the rows read before it
    if stop is not None and (failure is None or stop < failure[0]):
        ending = TooManyRows, {"filename": name, "rowNumber": int(past_limit["line"][0])}
    elif failure is not None:
        stop = failure[0]
        ending = CsvParsingFailed, {"filename": name, **failure[1]}
    if stop is not None:
        body = body.filter(pl.col("idx") < stop)
    body = body.filter(~skipped)
    width = len(header)
    empty = pl.col("blank") | (pl.col("text") == '""')
    good = ~empty & (pl.col("fields") == width)
    sink.add_frame(
        EmptyRow, body.filter(empty).select(filename=pl.lit(name), csvRowNumber=pl.col("line").cast(pl.Int64))
    )
    bad = body.filter(~empty & ~good)
    sink.add_frame(
        InvalidRowLength,
        bad.select(
            filename=pl.lit(name),
            csvRowNumber=pl.col("line").cast(pl.Int64),
            rowLength=pl.col("fields").cast(pl.Int64),
            headerCount=pl.lit(width, pl.Int64),
        ),
    )
    if ending is not None:
        sink.add(*ending)
    rows = body.filter(good)
    unparsable = bad.height > 0 or stop is not None
    clean = stop is None and rows.height == body.height and head["line"] == 1
    # Past this point only the row numbers and the text of quoted records are needed. On the clean path the
    # lines are dropped before polars parses the file, so a big file's lines and its parsed values are never
    # in memory together.
    # (A column computed from the text, even all null, would keep the lines' buffers alive.)
    any_quoted = bool(rows["quoted"].any())
    quoted = pl.when(pl.col("quoted")).then(pl.col("text")) if any_quoted else pl.lit(None, pl.String)
    extra = rows.select(pl.col("line").cast(pl.Int64).alias(ROW), quoted.alias(QUOTED_RECORD))
    payload = None if clean else _joined(rows)
    # Every line a record, the header the first: the rows can be parsed in batches of lines.
    simple = (
        clean
        and not any_quoted
        and 0 < rows.height == records.height - 1
        and _batched(data)
        and bool(_positional_names(header))
    )  # a batch needs a column to carry its rows
    del records, heads, body, bad, rows
    if simple:
        body_start = data.find(b"\n") + 1
        return Table(
            name,
            header,
            _empty_frame(header).select(ROW, QUOTED_RECORD),
            unparsable_rows=unparsable,
            pending=RowBatches(data, header, extra.get_column(ROW), body_start),
        )
    frame = _empty_frame(header)
    if extra.height:
        try:
            if clean:
                try:
                    frame = _parse(data, header, skip_header=True)
                except pl.exceptions.PolarsError:
                    # A blank line of white space first (skipped by univocity as by the analysis) makes
                    # polars count one column: the well-formed records below read as univocity does.
                    frame = _empty_frame(header)
            if (
                frame.height != extra.height
            ):  # polars read the raw file differently: parse the well-formed records
                payload = payload or _well_formed_payload(data, width)
                frame = _parse(payload, header, skip_header=False)
        except pl.exceptions.PolarsError as exc:
            # Bytes no CSV reading makes sense of (binary garbage, stray quotes inside values): say so for the
            # file rather than guess at its rows.
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            sink.add(CsvParsingFailed, {"filename": name, "message": reason})
            return Table(name, header, _empty_frame(header), unparsable_rows=True)
        if frame.height != extra.height:
            sink.add(
                CsvParsingFailed,
                {"filename": name, "message": f"{frame.height} rows parsed of {extra.height}"},
            )
            return Table(name, header, _empty_frame(header), unparsable_rows=True)
        frame = frame.with_columns(_chunked_like(extra, frame))
    return Table(name, header, frame, unparsable_rows=unparsable)


def _long_line_cut(data: bytes, cap: int) -> int | None:
    """Where to cut a file holding a record of LONG_LINE_BLOCK bytes or more (a long line, or a quote left
    open over many lines) so that the head before the cut still holds the record's first parse failure;
    ``None`` for a file without such a record (every record of real data), or when nothing would be cut off.

    A record that parses holds at most MAX_COLUMNS values of ``cap`` units, each unit at most 3 bytes of
    UTF-8 (or a doubled quote, 2 bytes), with 2 quotes and a comma around: a record past that fails within
    it. Analysing the whole record instead holds it ~10 times (its lines, its records, the split of its
    values, a decoded copy): 2 GB for one line of 200 MB. The search steps over the file in blocks (memchr and
    counts, no copy): a block without a line break lies inside a line at least as long; a block without a
    quote after an odd number of them lies inside a quoted value, so inside one record (records are joined
    while the file's quote count is odd, see _records); a record of twice the block holds one such block."""
    if cap < 0:  # areas.txt: values of any length parse, so a long line may be data
        return None
    block, quotes, start = LONG_LINE_BLOCK, 0, None
    has_quotes = b'"' in data
    for at in range(0, len(data) - block + 1, block):
        inside = data.count(b'"', at, at + block) if has_quotes else 0
        if data.find(b"\n", at, at + block) < 0 or (inside == 0 and quotes % 2 == 1):
            start = at
            break
        quotes += inside
    if start is None:
        return None
    cut = start + block + MAX_COLUMNS * (3 * cap + 3)
    while cut < len(data) and data[cut] & 0xC0 == 0x80:  # not inside a UTF-8 character
        cut -= 1
    return cut if cut < len(data) else None


def _squeeze_blank_runs(data: bytes, cap: int) -> tuple[bytes, list[tuple[int, int]]]:
    """``data`` with every run of more than ``cap + 1`` blank characters (univocity's whitespace, the carriage
    return among them, see _BLANK_RUN) cut to its first ``cap + 1``, and where each cut lies in the result
    (byte offset, characters removed). Only a file holding a huge record is squeezed (read_table).

    Such a run changes no parse, only the offsets after it, which :func:`_unsqueezed` restores. univocity
    (2.9.0, which MobilityData uses) skips blank characters at the start of a value
    (``CsvParser.parseSingleDelimiterRecord``: ``input.skipWhitespace`` under ignoreLeadingWhitespaces, a
    default MobilityData keeps) and after a closing quote (``parseQuotedValue``), whatever their number;
    anywhere else they are content, trailing ones included (``AbstractCharInputReader.getString`` checks the
    length "before trailing whitespace handling so this behaves as an appender"), so such a run fails the file
    within its first ``cap + 1`` characters, which are kept. Without the squeeze, a value padded with 200 MB
    of blank characters before its text parses, and the whole file had to be analysed: 2.1 GB and 330 s."""
    if cap < 0:
        return data, []
    keep = cap + 1
    parts: list[bytes] = []
    removed: list[tuple[int, int]] = []
    last = squeezed = 0
    for run in re.finditer(f"{_BLANK}{{{keep + 1},}}".encode(), data):
        parts.append(data[last : run.start() + keep])
        count = run.end() - run.start() - keep
        removed.append((run.start() + keep - squeezed, count))
        squeezed += count
        last = run.end()
    if not removed:
        return data, []
    parts.append(data[last:])
    return b"".join(parts), removed


def _unsqueezed(data: bytes, removed: list[tuple[int, int]], char_index: object) -> int:
    """A charIndex found in squeezed ``data`` (:func:`_squeeze_blank_runs`) as it is in the original file:
    plus the blank characters removed before the failing one (one UTF-16 unit each)."""
    assert isinstance(char_index, int)
    failing, units, last, extra = char_index - 1, 0, 0, 0
    for at, count in removed:
        # A run's cut lies on ASCII bytes: decoding the spans between cuts splits no character.
        units += _utf16_len(data[last:at].decode("utf-8", errors="replace"))
        if units > failing:
            break
        extra, last = extra + count, at
    return char_index + extra


def _cut_records(data: bytes, cut: int) -> tuple[bytes, pl.DataFrame]:
    """``data[:cut]`` and its records, the last one (cut off) with the blankness and line end it has in the
    whole file, since they decide whether it is skipped before the header: a cut-off record that is blank so
    far is blank only if its line is, up to the next line break (it holds no quote, so it is one line)."""
    head = data[:cut]
    after = data.find(b"\n", cut)
    records = _records(_split_lines(head), after >= 0 or data.endswith(b"\r"), b'"' in head)
    if records.height and records["blank"][-1]:
        blank = _NOT_BLANK.search(data, cut, len(data) if after < 0 else after) is None
        last = pl.int_range(pl.len()) == records.height - 1
        records = records.with_columns(blank=pl.when(last).then(pl.lit(blank)).otherwise(pl.col("blank")))
    return head, records


def _head_after(data: bytes, cut: int, idx: int) -> pl.DataFrame:
    """The header record when every record before the cut is skipped, the cut-off one included (so it is
    one blank line): the first record after that line that is not skipped, as a one-row frame (``idx``
    numbers it after the cut-off records; its line number is not needed, rows after a parse failure being
    dropped), or no row when there is none. Blank lines after the cut are skipped as bytes; the header's own
    record is read from a window, :class:`_NoFailureBeforeCut` if it does not end there."""
    after = data.find(b"\n", cut)
    empty = pl.DataFrame(schema={"idx": pl.UInt32, "text": pl.String, "line": pl.Int64})
    if after < 0:  # the blank line ends the file, with a final "\r" (otherwise it would not be skipped)
        return empty
    found = _NOT_BLANK.search(data, after + 1)
    if found is None:  # blank lines to the end: only an unterminated last one is a record
        if data.endswith((b"\n", b"\r")):
            return empty
        start = data.rfind(b"\n") + 1
    else:
        start = data.rfind(b"\n", after + 1, found.start()) + 1 or after + 1
    window = data[start : start + 2 * LONG_LINE_BLOCK]
    records = _records(_split_lines(window), data.endswith((b"\n", b"\r")), b'"' in window)
    if records.height < 2 and start + len(window) < len(data):
        raise _NoFailureBeforeCut
    return records.head(1).select(pl.lit(idx, pl.UInt32).alias("idx"), "text", pl.col("line").cast(pl.Int64))


def _read_plain(name: str, data: bytes, max_rows: int, *, coded: bool = False) -> Table | None:
    """The common file read without the structure analysis: no quote, a header of at least two names, every
    line after it a record of the header's width, no value near the length cap. Byte counts prove the shape:
    polars rejects a row with more fields than the header, and when the file holds exactly ``width - 1``
    commas per line no row has fewer (a blank line has none). ``None`` when any condition fails or cannot be
    told cheaply: the full analysis then decides. A big file parsed in batches (:class:`RowBatches`) takes the
    full analysis too: proving it plain a batch at a time was slower (1.1 s against 0.8 s on 620 MB)."""
    if _batched(data) or b'"' in data:
        return None
    end = data.find(b"\n")
    first = data[:end] if end >= 0 else data
    try:
        text = first.decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:  # the full analysis decodes lossily, as polars does
        return None
    width = text.count(",") + 1
    if not 2 <= width <= MAX_COLUMNS or len(first) > MAX_HEADER_CHARS or not text.strip(JAVA_WHITESPACE):
        return None
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if lines < 2 or lines > max_rows or data.count(b",") != lines * (width - 1):
        return None
    try:
        if coded:
            raw, longest = _read_coded(data, width)
        else:
            raw = _read_positional(data, width, skip_header=True)
            longest = _longest_value(raw)
    except pl.exceptions.PolarsError:
        return None
    cap = -1 if name in UNLIMITED_CHARS else MAX_CHARS_PER_COLUMN
    if raw.height != lines - 1 or (cap >= 0 and longest > cap):
        return None
    header = [h.strip(JAVA_WHITESPACE) for h in _split_header(text)]
    frame = _named(raw, header)
    if not frame.width:  # no column to hold the rows: the full analysis says what that means
        return None
    extra = pl.DataFrame(
        [
            pl.int_range(2, raw.height + 2, dtype=pl.Int64, eager=True).alias(ROW),
            pl.repeat(None, raw.height, dtype=unquoted_dtype(raw), eager=True).alias(QUOTED_RECORD),
        ]
    )
    return Table(name, header, frame.with_columns(_chunked_like(extra, frame)))


def _read_coded(data: bytes, width: int) -> tuple[pl.DataFrame, int]:
    """The records after the header line, every column coded, and the byte length of the longest value:
    parsed as strings CODED_BATCH_BYTES of lines at a time, each batch's columns cast to Categorical under
    the column's categories (shared by the batches), so that the file's strings are never all in memory.
    Parsing straight into Categorical columns was slower (2.1 s of CPU against 1.4 s single-threaded on the
    Brooklyn bus feed's stop_times.txt) and refuses invalid UTF-8, which the String read makes U+FFFD."""
    categories: list[pl.Categories] = []
    parts, longest = [], 0
    batches = _line_batches(data, data.find(b"\n") + 1, CODED_BATCH_BYTES)
    # The next batch is parsed in a thread while this one is coded (gtfs/ahead.py), in batch order.
    for strings in ahead(_read_positional(batch, width, skip_header=False) for batch in batches):
        longest = max(longest, _longest_value(strings))
        parts.append(_coded(strings, categories))
    return pl.concat(parts, rechunk=False), longest


def _coded(strings: pl.DataFrame, categories: list[pl.Categories]) -> pl.DataFrame:
    """A frame of String columns with each column cast to Categorical under its categories (in order; made
    on the first batch, when ``categories`` is empty). A column equal to the one before it in the first
    batch (arrival and departure times) shares that column's categories: in every batch where the two are
    equal again, its codes are the other's, cast once."""
    columns = strings.get_columns()
    if not categories:
        for i, column in enumerate(columns):
            twin = i > 0 and column.equals(columns[i - 1], check_names=False)
            categories.append(categories[-1] if twin else pl.Categories.random())
    twins = {
        i
        for i in range(1, len(columns))
        if categories[i] is categories[i - 1] and columns[i].equals(columns[i - 1], check_names=False)
    }
    cast = strings.select(
        pl.col(c.name).cast(pl.Categorical(categories[i])) for i, c in enumerate(columns) if i not in twins
    )
    coded: list[pl.Series] = []
    for i, column in enumerate(columns):
        coded.append(coded[-1].alias(column.name) if i in twins else cast.get_column(column.name))
    return pl.DataFrame(coded)


def _line_batches(data: bytes, start: int, size: int) -> Iterator[bytes]:
    """``data`` from ``start`` in pieces of about ``size`` bytes, each cut after a line break."""
    while start < len(data):
        end = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _longest_value(frame: pl.DataFrame) -> int:
    """The byte length of the longest value of a frame of String columns."""
    top = frame.select(pl.max_horizontal(pl.all().str.len_bytes().max())).item()
    return top if isinstance(top, int) else 0


def unquoted_dtype(frame: pl.DataFrame) -> type[pl.DataType]:
    """The type of the QUOTED_RECORD column of a read where no record is quoted: in a coded read, a column of
    the Null type says so without a view per row."""
    return pl.Null if any(map(is_coded, frame.dtypes)) else pl.String


def is_coded(dtype: pl.DataType) -> bool:
    """Whether a column of a read is coded (Categorical: ``_read_coded``)."""
    return isinstance(dtype, pl.Categorical)


def coded_values(column: pl.Series) -> pl.Series:
    """The distinct values of a Categorical column read by ``_read_coded``, at the index of
    their code (an unused code: null), then the empty string (which polars reads into a Categorical as null)
    at the index after them: the column's values are ``coded_values(column).gather(coded_indices(column))``.
    (``Categories.to_series`` would build them a Python string at a time.)"""
    # A row of each code (hashing the codes: 5 times faster than ``unique`` on the Categorical column).
    distinct = column.gather(column.to_physical().arg_unique()).drop_nulls()
    slots = pl.int_range(0, _empty_code(column), dtype=pl.UInt32, eager=True).alias("code").to_frame()
    by_code = slots.join(
        pl.DataFrame({"code": distinct.to_physical(), column.name: distinct.cast(pl.String)}),
        on="code",
        how="left",
        maintain_order="left",
    )
    # One chunk: a gather from several chunks copies every row's text instead of sharing the values' buffer
    # (on the Brooklyn bus feed's trip_id: 103 MB instead of 38 MB).
    empty = pl.Series(column.name, [""], dtype=pl.String)
    return pl.concat([by_code.get_column(column.name), empty]).rechunk()


def coded_indices(column: pl.Series) -> pl.Series:
    """Each row's index into ``coded_values(column)``, in one chunk (a coded read has a chunk per batch)."""
    return column.to_physical().fill_null(_empty_code(column)).rechunk()


def _empty_code(column: pl.Series) -> int:
    """The index of the empty string in ``coded_values``: one past the highest code."""
    highest = column.to_physical().max()
    return 0 if highest is None else int(highest) + 1  # type: ignore[arg-type]


def decoded(column: pl.Series) -> pl.Series:
    """A Categorical column of ``_read_coded`` as the String column the String read gives
    (its values' text shared with the categories, not copied per row)."""
    if not is_coded(column.dtype):
        return column
    return coded_values(column).gather(coded_indices(column)).alias(column.name)


def _batched(data: bytes) -> bool:
    return len(data) > max(BATCH_BYTES, BATCHED_FROM_BYTES)


def _split_header(text: str) -> list[str]:
    """The header's values. Line breaks inside the header record (a lone ``\r``, or a ``\n`` the quote count
    kept in it) are content to univocity, an error to Python's csv module outside quotes, so they are hidden
    from the module and put back."""
    hidden = {"\r": "\ue000", "\n": "\ue001"}  # private-use characters: no header carries them
    for char, mark in hidden.items():
        text = text.replace(char, mark)
    # The csv module refuses a field over 128 Ki characters; univocity reads any (areas.txt has no cap, and
    # blank characters before a name are skipped, not counted): the text is in memory already.
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)
    values = next(csv.reader([text]), [])
    for char, mark in hidden.items():
        values = [value.replace(mark, char) for value in values]
    return values


def _well_formed_payload(data: bytes, width: int) -> bytes:
    """The records after the header, for the rare clean file polars splits differently: rebuilt from the bytes
    rather than kept in memory all along."""
    records = _records(_split_lines(data), data.endswith((b"\n", b"\r")), b'"' in data)
    body = records.slice(1).filter(~pl.col("blank") & (pl.col("fields") == width))
    return _joined(body)


# A quoted value followed by white space before the next comma or the record's end: univocity 2.9.0 ignores
# the white space (CsvParser.parseQuotedValue, "whitespaces after quoted value"); polars refuses the record.
_AFTER_QUOTE = r'(^|,)("(?:[^"]|"")*")' + _BLANK + r"+(,|$)"


def _joined(records: pl.DataFrame) -> bytes:
    """The records' text as one CSV payload for polars, white space after closing quotes removed (only when
    some record has it: a scan, no copy, on the common file)."""
    text = pl.col("text")
    if records.select((pl.col("quoted") & text.str.contains('"' + _BLANK + r"+(?:,|$)")).any()).item():
        for _ in range(2):  # a match takes the comma after it: a second pass for a quoted value that follows
            text = text.str.replace_all(_AFTER_QUOTE, "${1}${2}${3}")
    return records.select(text.str.join("\n")).item().encode()  # type: ignore[no-any-return]


def _chunked_like(extra: pl.DataFrame, frame: pl.DataFrame) -> list[pl.Series]:
    """``extra``'s columns cut into the chunks of ``frame``'s (slices, no copy). polars' CSV reader returns a
    big file in chunks; a column of other chunks would make the next frame operation (a drop, a filter)
    copy every column into one chunk: a second copy of the file's strings, and slower hashing after."""
    if not frame.width or frame.n_chunks() == 1:
        return extra.get_columns()
    lengths = frame.get_column(frame.columns[0]).chunk_lengths()
    starts = [0, *itertools.accumulate(lengths)][:-1]
    return [
        pl.concat(
            [column.slice(start, length) for start, length in zip(starts, lengths, strict=True)],
            rechunk=False,
        )
        for column in extra.get_columns()
    ]


def utf16_length(text: pl.Expr) -> pl.Expr:
    """Length in UTF-16 code units, as Java counts: a character beyond the BMP counts twice."""
    return text.str.len_chars() + text.str.count_matches(r"[\x{10000}-\x{10FFFF}]")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _first_parse_failure(
    data: bytes, records: pl.DataFrame, cap: int
) -> tuple[int, dict[str, object]] | None:
    """The first record univocity fails on (a value over ``cap`` units, or too many columns) and the context
    of its TextParsingException; ``None`` when every record parses."""
    too_wide = pl.col("fields") > MAX_COLUMNS
    suspects = records.filter(too_wide).select("idx")
    if cap >= 0:  # a value cannot be longer than its record: split only the long records into fields
        values = (
            # A UTF-8 byte count bounds the UTF-16 length: the cheap byte test spares counting most records.
            records.filter(pl.col("text").str.len_bytes() > cap)
            .filter(utf16_length(pl.col("text")) > cap)
            .select("idx", value=(pl.lit(",") + pl.col("text")).str.extract_all(_FIELD))
            .explode("value")
            .with_columns(pl.col("value").str.slice(1))
        )
        quoted = pl.col("value").str.starts_with('"')
        inner = pl.col("value").str.extract(r'(?s)^"((?:[^"]|"")*)', 1)
        # Quotes are syntax, not content: the opening one, the closing one, and one of each doubled pair.
        syntax = (
            1
            + pl.col("value").str.contains(r'(?s)^"(?:[^"]|"")*"').cast(pl.Int64)
            + inner.str.count_matches('""', literal=True)
        )
        content = utf16_length(pl.col("value")) - pl.when(quoted).then(syntax).otherwise(0)
        suspects = pl.concat([suspects, values.filter(content > cap).select("idx")])
    suspects = suspects.unique().sort("idx")
    if suspects.height == 0:
        return None
    # Rare from here on: where each line starts in the text, in characters (to cut the record out) and in
    # UTF-16 units (univocity's charIndex), "+ 1" being the line break.
    text = data.decode("utf-8", errors="replace")
    chars, units = pl.col("text").str.len_chars() + 1, utf16_length(pl.col("text")) + 1
    starts = _decoded_lines(text).select(start=chars.cum_sum() - chars, offset=units.cum_sum() - units)
    # univocity skips white space before a value only once the header is read: in the header and in the blank
    # lines before it, it is content (measured with univocity 2.9.0 under MobilityData's settings).
    skipped = records.filter(~(pl.col("blank") & pl.col("terminated")))
    header = skipped["idx"][0] if skipped.height else records.height
    # Usually one suspect; the exact walk below settles the rare record the column split misjudged.
    for idx in suspects["idx"]:
        record = records.row(idx, named=True)
        begin, offset = starts.row(record["first_line"] - 1)
        end = starts["start"][record["line"]] if record["line"] < starts.height else len(text)
        context = _walk(text[begin:end], offset, record["first_line"] - 1, cap, skip_blanks=idx > header)
        if context is not None:
            return idx, context
    return None


def _walk(
    raw: str, offset: int, line: int, cap: int, *, skip_blanks: bool = True
) -> dict[str, object] | None:
    """univocity on one record: where the first value over ``cap`` units, or the column past MAX_COLUMNS,
    starts. A quote opens a value only at its start; a doubled quote inside is one content character;
    a line break inside quotes is content. charIndex is the UTF-16 offset of the failing character + 1."""
    column, length, in_quotes, i = 0, 0, False, 0
    # Blank characters are skipped at a value's start and after its closing quote, after the header.
    skipping = skip_blanks
    content: list[str] = []
    while i < len(raw):
        char = raw[i]
        if skipping and not in_quotes and char <= " " and char != "\n":
            # univocity: not content (CsvParser.parseSingleDelimiterRecord, input.skipWhitespace), a run of
            # them skipped at once; after the value's text they are content, trailing ones too.
            end = _BLANK_RUN.match(raw, i).end()  # type: ignore[union-attr]
            offset, i = offset + end - i, end
            continue
        width = 2 if ord(char) > 0xFFFF else 1
        step, taken = 1, None
        if char == '"' and (in_quotes or length == 0):
            if in_quotes and raw[i + 1 : i + 2] == '"':
                step, taken = 2, '"'
            else:
                in_quotes = not in_quotes
                skipping = skip_blanks and not in_quotes
        elif char == "," and not in_quotes:
            column, length, content, skipping = column + 1, 0, [], skip_blanks
            if column >= MAX_COLUMNS:
                return {
                    "charIndex": offset + 1,
                    "columnIndex": column,
                    "lineIndex": line,
                    "message": (
                        f"Number of columns processed may have exceeded limit of {MAX_COLUMNS} columns"
                    ),
                    "parsedContent": "",
                }
        elif in_quotes or char != "\n":
            taken = char
        if taken is not None:
            skipping = False
            length += width
            if cap >= 0 and length > cap:
                return {
                    "charIndex": offset + 1,
                    "columnIndex": column,
                    "lineIndex": line,
                    "message": f"Length of parsed input ({cap + 1}) exceeds the maximum number of characters "
                    f"defined in your parser settings ({cap}).",
                    "parsedContent": "".join(content),
                }
            content.append(taken)
        if char == "\n":
            line += 1
        offset += 2 if step == 2 else width  # a doubled quote is two units of input
        i += step
    return None


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
    return pl.DataFrame(schema={**{n: pl.String for n in names}, ROW: pl.Int64, QUOTED_RECORD: pl.String})


def _parse(payload: bytes, header: list[str], *, skip_header: bool) -> pl.DataFrame:
    """The payload's named columns, as strings."""
    return _named(_read_positional(payload, len(header), skip_header=skip_header), header)


def _named(frame: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """The positional columns that have a unique, non-empty name, under that name."""
    return frame.select([pl.col(k).alias(v) for k, v in _positional_names(header).items()])


def _read_positional(payload: bytes, width: int, *, skip_header: bool) -> pl.DataFrame:
    return pl.read_csv(
        payload,
        has_header=False,
        skip_rows=1 if skip_header else 0,
        schema={f"_{i}": pl.String for i in range(width)},
        infer_schema=False,
        empty_string_is_null=False,
        encoding="utf8-lossy",
        quote_char='"',
        raise_if_empty=False,
    )
