"""A big plain CSV member read as a stream of batches: the file's bytes are never whole in memory.

``csv_format.read_table`` takes a file's bytes: a 155 MB stop_times.txt (NYC Brooklyn buses, 2.4 M rows) is
then held whole while polars parses it, beside every value as a string (~380 MB): the peak of a validation.
A member that is *plain* (what ``csv_format._read_plain`` accepts: no quote, every line a record of the
header's width, no value near the length cap) is read here in two passes over the inflated stream instead:

1. the stream is inflated piece by piece and only counted (lines, commas, quotes, line lengths): it proves
   the file plain, or says ``None`` and the caller reads it as before;
2. the stream is inflated again and cut at line breaks into batches that ``values.check_values`` parses,
   checks and types one at a time (``Table.pending``), as it does for ``csv_format.RowBatches``.

Inflating twice costs ~0.1 s per 155 MB (ISA-L); the peak loses the file's bytes and all but one batch of
its strings. Every finding is the one the whole-file path reports (tests/test_gtfs_batches.py). A member of
``csv_format.CODED_FILES`` comes in coded batches (Categorical columns under categories shared by the
batches, ``csv_format._coded``): ``values.check_values`` joins them and checks the file once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from citylint.validators.gtfs import csv_format
from citylint.validators.gtfs.ahead import ahead
from citylint.validators.gtfs.csv_format import QUOTED_RECORD, ROW, Table

# Members from this size on (inflated bytes) are streamed when plain, unless the profile's ``stream_from_mb``
# says otherwise; smaller ones are read whole. Streaming bounds memory but costs time (a batch re-checks the
# distinct values earlier batches checked, and the member is inflated twice): on the Brooklyn bus feed
# (180 MB of stop_times.txt) 431 MB, 4.05 s streamed against 667 MB, 2.65 s whole (benchmarks/README.md),
# so by default only members past 1 GiB, whose whole read would need several GB, are streamed.
STREAMED_FROM_BYTES = 1 << 30
# A member of csv_format.CODED_FILES streams from this size on by default: its batches are coded under
# shared categories, so no batch re-checks what an earlier one checked and the coded columns are checked
# once, as the whole file's. The Brooklyn bus feed (155 MB) is read whole (coded: ~410 MB peak); its copy
# with 4 times the trips (620 MB) streams: 1.18 GB, where whole String batches took 1.71 GB.
CODED_STREAMED_FROM_BYTES = 256 << 20
PIECE_BYTES = 8 << 20  # inflated bytes per piece of the stream
STREAM_BATCH_BYTES = 8 << 20  # bytes of lines parsed at once in pass 2 (~45 MB of strings on stop_times)

Pieces = Callable[[], Iterator[bytes]]  # a fresh stream of the member's bytes at each call


@dataclass
class _Shape:
    """What pass 1 learns of a plain file."""

    header: list[str]
    header_bytes: int  # offset of the first record (BOM and header line included)
    records: int  # lines after the header


@dataclass
class StreamBatches:
    """The records of a plain member, parsed a batch of whole lines at a time from a fresh stream (the
    ``Table.pending`` protocol of ``csv_format.RowBatches``: ``batches()`` yields string frames with ROW
    and QUOTED_RECORD)."""

    pieces: Pieces
    header: list[str]
    header_bytes: int
    records: int
    # Batches coded (Categorical columns, csv_format._read_coded) under one set of categories: codes that
    # agree from batch to batch, so the values are checked once, on the whole coded column
    # (values.check_values).
    coded: bool = False
    _categories: list[pl.Categories] | None = field(default=None, init=False, repr=False)

    def batches(self) -> Iterator[pl.DataFrame]:
        self._categories = [] if self.coded else None  # made on the first batch (csv_format._coded)
        # The next batch is inflated and parsed into strings in a thread while this one is coded or checked
        # (polars and ISA-L release the GIL): a single-threaded read otherwise, 4.4x the time of the whole
        # read of a 4 times smaller file (benchmarks/README.md). Coding stays here, in batch order, so the
        # codes are the ones a sequential read gives.
        for strings, first_row in ahead(self._strings()):
            yield self._frame(strings, first_row)

    def _strings(self) -> Iterator[tuple[pl.DataFrame, int]]:
        """Each batch of whole lines parsed into named String columns, with the csvRowNumber of its first."""
        first_row, skip, buffer = 2, self.header_bytes, b""  # csvRowNumber: the header is row 1
        # Coded batches are cut as the whole coded read cuts them: coding 4 MB batches costs ~20 % less CPU
        # than 8 MB ones (0.45 s against 0.56 s for the Brooklyn bus feed's stop_times.txt).
        size = min(STREAM_BATCH_BYTES, csv_format.CODED_BATCH_BYTES) if self.coded else STREAM_BATCH_BYTES
        for piece in self.pieces():
            if skip:
                cut = min(skip, len(piece))
                piece, skip = piece[cut:], skip - cut
            buffer += piece
            start = 0  # batches are cut from the buffer by offset: its rest is copied once per piece
            while len(buffer) - start >= size:
                end = buffer.find(b"\n", start + size - 1) + 1
                if not end:
                    break  # the line goes on in the next piece
                strings = self._parsed(buffer[start:end])
                yield strings, first_row
                first_row, start = first_row + strings.height, end  # a batch's lines are its rows
            buffer = buffer[start:]
        if buffer:
            yield self._parsed(buffer), first_row

    def _parsed(self, batch: bytes) -> pl.DataFrame:
        count = batch.count(b"\n") + (not batch.endswith(b"\n"))
        frame = csv_format._parse(batch, self.header, skip_header=False)
        if frame.height != count:  # pass 1 proved every line a record: never seen, but never wrong
            raise ValueError(f"a batch of {count} lines parsed as {frame.height} rows")
        return frame

    def _frame(self, strings: pl.DataFrame, first_row: int) -> pl.DataFrame:
        frame = strings if self._categories is None else csv_format._coded(strings, self._categories)
        return frame.with_columns(
            pl.int_range(first_row, first_row + frame.height, dtype=pl.Int64, eager=True).alias(ROW),
            pl.lit(None, csv_format.unquoted_dtype(frame)).alias(QUOTED_RECORD),
        )


def read_streamed(
    name: str, pieces: Pieces, *, max_rows: int = csv_format.MAX_ROWS, coded: bool = False
) -> Table | None:
    """The member as a Table whose rows are pending (parsed batch by batch when its values are checked), or
    ``None`` when pass 1 cannot prove it plain: the caller then reads it whole (``csv_format.read_table``),
    which reports its structure. A plain file has no structure finding, so none is reported here."""
    shape = _prove_plain(name, pieces(), max_rows)
    if shape is None:
        return None
    empty = csv_format._empty_frame(shape.header).select(ROW, QUOTED_RECORD)
    return Table(
        name,
        shape.header,
        empty,
        pending=StreamBatches(  # type: ignore[arg-type]
            pieces, shape.header, shape.header_bytes, shape.records, coded=coded
        ),
    )


def _prove_plain(name: str, stream: Iterator[bytes], max_rows: int) -> _Shape | None:
    """Pass 1: the conditions of ``csv_format._read_plain``, counted piece by piece. Values are bounded by
    their line: every aligned block of ``cap // 2`` bytes holding a line break proves no line (so no value)
    longer than ``cap`` bytes, and a UTF-8 byte count bounds a UTF-16 length. A file with longer lines is
    left to the whole-file path, which measures its values."""
    cap = -1 if name in csv_format.UNLIMITED_CHARS else csv_format.MAX_CHARS_PER_COLUMN
    block = cap // 2 if cap >= 0 else 0
    head = b""
    for piece in stream:  # the header line, BOM stripped
        head += piece
        if b"\n" in head or len(head) > csv_format.MAX_HEADER_CHARS + 4:
            break
    bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    end = head.find(b"\n")
    if end < 0 or end - bom > csv_format.MAX_HEADER_CHARS or b'"' in head[: end + 1]:
        return None
    try:
        text = head[bom:end].decode("utf-8").removesuffix("\r")
    except UnicodeDecodeError:
        return None
    width = text.count(",") + 1
    if not 2 <= width <= csv_format.MAX_COLUMNS or not text.strip(csv_format.JAVA_WHITESPACE):
        return None
    header = [h.strip(csv_format.JAVA_WHITESPACE) for h in csv_format._split_header(text)]
    if not csv_format._positional_names(header):
        return None
    body_start = end + 1
    lines, commas, last, tail = 0, 0, b"\n", b""  # tail: bytes after the last whole block
    for piece in _chain(head[body_start:], stream):
        if not piece:
            continue
        if b'"' in piece:
            return None
        lines += piece.count(b"\n")
        commas += piece.count(b",")
        last = piece[-1:]
        if block:
            data = tail + piece
            whole = len(data) - len(data) % block
            if any(data.find(b"\n", i, i + block) < 0 for i in range(0, whole, block)):
                return None
            tail = data[whole:]
    records = lines + (last != b"\n")
    if records < 1 or records + 1 > max_rows or commas != records * (width - 1):
        return None
    return _Shape(header, body_start, records)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest
