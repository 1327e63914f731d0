"""Work done a batch at a time gives the findings of work done at once.

Big feeds are parsed and typed a batch of lines at a time (csv_format.RowBatches), their trips walked a
slice of stop times at a time (speeds.trip_batches) and their stops matched to shapes a batch of probes at a
time (shapes_stops): only big inputs are cut, so the fixtures and the corpus are run here with small batches,
every big file and walk cut in many pieces, and must report exactly what the default run reports.
"""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from citylint.validators.base import InputError
from citylint.validators.gtfs import csv_format, stream
from citylint.validators.gtfs.ahead import ahead
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.gtfs.families import shapes_stops, speeds
from tests.conftest import FIXTURES, SHARED
from tests.test_fixtures import build_case

CORPUS = sorted((SHARED / "data" / "gtfs").glob("*.zip")) if (SHARED / "data" / "gtfs").is_dir() else []
# The cases of the rules whose inputs are batched: value checks of big files, walks, stop-to-shape matching.
CASES = sorted(
    case
    for code in (
        "fast_travel_between_consecutive_stops",
        "fast_travel_between_far_stops",
        "stop_too_far_from_shape",
        "stop_too_far_from_shape_using_user_distance",
        "stops_match_shape_out_of_order",
        "stop_has_too_many_matches_for_shape",
        "invalid_time",
        "invalid_integer",
        "leading_or_trailing_whitespaces",
        "unexpected_enum_value",
        "duplicate_key",
        "foreign_key_violation",
        "missing_required_column",
        "duplicated_column",
        "invalid_row_length",
        "empty_row",
    )
    for case in (FIXTURES / "gtfs" / code).glob("*")
    if (case / "case.json").is_file()
)


def _small_batches(monkeypatch: pytest.MonkeyPatch, scale: int) -> None:
    """Batches of a few lines, a trip or two, a few probes (times ``scale``, for feeds of thousands of
    rows)."""
    monkeypatch.setattr(csv_format, "BATCH_BYTES", 200 * scale)
    monkeypatch.setattr(csv_format, "BATCHED_FROM_BYTES", 0)
    # Every plain member streamed (gtfs/stream.py), in pieces that cut lines and blocks anywhere.
    monkeypatch.setattr(stream, "STREAMED_FROM_BYTES", 0)
    monkeypatch.setattr(stream, "PIECE_BYTES", 97 * scale)
    monkeypatch.setattr(stream, "STREAM_BATCH_BYTES", 200 * scale)
    monkeypatch.setattr(speeds, "BATCH_ROWS", 7 * scale)
    monkeypatch.setattr(shapes_stops, "PROBE_BATCH", 3 * scale)


def _notices(report: dict[str, Any]) -> dict[str, tuple[int, list[str]]]:
    """Per code: the total and the sample findings (order aside: a batch reports after the batch before).

    Distances and speeds are compared to 12 significant digits: vectorised sines and cosines can differ in
    the last bit with a value's position in its array, which a batch changes (as any other trip order does);
    the message and fingerprint, which print them in full, are left out."""

    def plain(sample: dict[str, Any]) -> str:
        fields = {
            k: (float(f"{v:.12g}") if isinstance(v, float) else v)
            for k, v in sample.items()
            if k != "citylint"
        }
        return json.dumps(fields, sort_keys=True)

    return {
        n["code"]: (n["totalNotices"], sorted(plain(s) for s in n.get("sampleNotices", [])))
        for n in report.get("notices", [])
    }


def _record_streamed(patch: pytest.MonkeyPatch) -> list[str]:
    """The names of the members read streamed from now on (so that a test can tell the streamed path ran)."""
    streamed_files: list[str] = []
    read = stream.read_streamed

    def spy(name: str, pieces: stream.Pieces, **kwargs: Any) -> Any:
        table = read(name, pieces, **kwargs)
        if table is not None:
            streamed_files.append(name)
        return table

    patch.setattr(stream, "read_streamed", spy)
    return streamed_files


def _same_in_batches(feed: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch, scale: int = 1) -> None:
    code, whole, _ = check_json(feed)
    with monkeypatch.context() as patch:
        _small_batches(patch, scale)
        code_batched, batched, _ = check_json(feed)
    assert code_batched == code
    assert _notices(batched) == _notices(whole)
    assert batched["summary"]["rowCounts"] == whole["summary"]["rowCounts"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_fixture_cases_in_batches(
    case: Path, tmp_path: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_in_batches(build_case(case, tmp_path), check_json, monkeypatch)


@pytest.mark.corpus
@pytest.mark.slow  # every corpus feed, twice
@pytest.mark.skipif(not CORPUS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", CORPUS, ids=[f.stem for f in CORPUS])
def test_corpus_in_batches(feed: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # ~100 kB of lines, ~1,000 stop times, ~100 probes a batch: still many batches on every big file.
    _same_in_batches(feed, check_json, monkeypatch, scale=500)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS, reason="corpus not present: ../shared/data/gtfs")
def test_a_folder_feed_streams_as_a_zip_does(
    tmp_path: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed given as a folder streams its members from the files (archive._file_pieces), with the
    findings of the whole-file read."""
    feed = next(f for f in CORPUS if f.name.startswith("us-seattle"))
    folder = tmp_path / "feed"
    with zipfile.ZipFile(feed) as zf:
        zf.extractall(folder)
    code, whole, _ = check_json(folder)
    with monkeypatch.context() as patch:
        patch.setattr(stream, "STREAMED_FROM_BYTES", 0)
        patch.setattr(stream, "PIECE_BYTES", 100_003)
        patch.setattr(stream, "STREAM_BATCH_BYTES", 300_007)
        streamed_files = _record_streamed(patch)
        code_streamed, streamed, _ = check_json(folder)
    assert "stop_times.txt" in streamed_files  # the streamed path really ran
    assert code_streamed == code
    assert _notices(streamed) == _notices(whole)
    assert streamed["summary"]["rowCounts"] == whole["summary"]["rowCounts"]


def test_batches_really_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny sizes above do cut: a file of many lines comes in several batches, every row once."""
    monkeypatch.setattr(csv_format, "BATCH_BYTES", 200)
    monkeypatch.setattr(csv_format, "BATCHED_FROM_BYTES", 0)
    lines = ["trip_id,stop_id,stop_sequence"] + [f"t{i // 5},s{i},{i % 5}" for i in range(100)]
    data = ("\n".join(lines) + "\n").encode()
    sink = _NullSink()
    table = csv_format.read_table("stop_times.txt", data, sink)  # type: ignore[arg-type]
    assert table is not None and table.pending is not None
    parts = list(table.pending.batches())
    assert len(parts) > 3
    rows = [r for part in parts for r in part.get_column(csv_format.ROW).to_list()]
    assert rows == list(range(2, 102))
    assert [v for part in parts for v in part.get_column("stop_id").to_list()] == [
        f"s{i}" for i in range(100)
    ]


def test_unchecked_table_is_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table whose values are not checked (invalid header) gets its pending rows as strings."""
    monkeypatch.setattr(csv_format, "BATCH_BYTES", 50)
    monkeypatch.setattr(csv_format, "BATCHED_FROM_BYTES", 0)
    data = ("a,b\n" + "".join(f"x{i},{i}\n" for i in range(40))).encode()
    table = csv_format.read_table("stops.txt", data, _NullSink())  # type: ignore[arg-type]
    assert table is not None and table.pending is not None
    table.materialise()
    assert table.pending is None
    assert table.frame.get_column("b").to_list() == [str(i) for i in range(40)]
    assert table.frame.get_column(csv_format.ROW).to_list() == list(range(2, 42))


def _pieces(data: bytes, size: int) -> stream.Pieces:
    return lambda: iter([data[i : i + size] for i in range(0, len(data), size)])


@pytest.mark.parametrize("size", [1, 7, 4096, 1 << 20])
def test_a_plain_file_streams_as_it_reads_whole(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 1 proves a plain file plain whatever the pieces; pass 2 gives every row once, numbered as the
    whole-file read numbers them (BOM and CRLF line ends included)."""
    monkeypatch.setattr(stream, "STREAM_BATCH_BYTES", 300)
    lines = ["trip_id,stop_id,stop_sequence"] + [f"t{i // 5},s{i},{i % 5}" for i in range(200)]
    data = b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode()
    table = stream.read_streamed("stop_times.txt", _pieces(data, size))
    assert table is not None and table.pending is not None
    parts = list(table.pending.batches())
    assert len(parts) > 3
    whole = csv_format.read_table("stop_times.txt", data, _NullSink())  # type: ignore[arg-type]
    assert whole is not None and whole.pending is None
    assert table.header == whole.header
    streamed = pl.concat(parts)
    assert streamed.columns == whole.frame.columns
    assert streamed.to_dicts() == whole.frame.to_dicts()


@pytest.mark.parametrize(
    "body",
    [
        'a,"b",c\n',  # a quote: the structure analysis decides
        "a,b,c\n\n",  # a blank line
        "a,b\n",  # a short row
        "a,b,c,d\n",  # a long row
        "a," + "b" * 5000 + ",c\n",  # a value that may pass the length cap
    ],
)
def test_a_file_not_proved_plain_is_read_whole(body: str) -> None:
    data = ("x,y,z\n1,2,3\n" + body).encode()
    assert stream.read_streamed("stops.txt", _pieces(data, 5)) is None
    assert stream.read_streamed("stops.txt", _pieces(b"x,y,z\n", 5)) is None  # no record
    assert stream.read_streamed("stops.txt", _pieces(b"x,y,z\n1,2,3\n", 5)) is not None


def test_a_streamed_member_with_a_bad_crc_is_refused(tmp_path: Path) -> None:
    """The stream checks what zipfile checks: a member whose bytes do not match its CRC-32 is an input
    error (exit 2), not data."""
    feed = tmp_path / "feed.zip"
    with zipfile.ZipFile(feed, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("stops.txt", "stop_id,stop_name\n" + "".join(f"s{i},Stop {i}\n" for i in range(5000)))
    raw = bytearray(feed.read_bytes())
    at = raw.index(b"PK\x01\x02") + 16  # the central directory's CRC-32 of the member
    raw[at] ^= 0xFF
    feed.write_bytes(bytes(raw))
    archive = FeedArchive.open(feed)
    pieces = archive.pieces("stops.txt", 1000)
    assert pieces is not None
    with pytest.raises(InputError, match="CRC"):
        b"".join(pieces())


class _NullSink:
    def add(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"unexpected finding: {args}")

    def add_frame(self, rule: Any, frame: Any, **kwargs: Any) -> None:
        assert frame.height == 0, f"unexpected findings of {rule}"

    def wants(self, rule: Any) -> bool:
        return True


def test_a_profile_streams_members_from_the_size_it_names(
    tmp_path: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``stream_from_mb`` in the profile's gtfs parameters chooses which members stream (default: past
    stream.STREAMED_FROM_BYTES), with the findings of the whole-file read."""
    streamed_files = _record_streamed(monkeypatch)
    feed = FIXTURES / "gtfs" / "_base"
    profile = tmp_path / "streamed.yaml"
    profile.write_text(
        "name: streamed\ntitle: Every plain member streamed\nextends: [gtfs]\n"
        "validators:\n  gtfs:\n    stream_from_mb: 0\n",
        encoding="utf-8",
    )
    code, whole, _ = check_json(feed)
    assert streamed_files == []  # small members are read whole by default
    code_streamed, streamed, _ = check_json(feed, "--profile", str(profile))
    assert "stop_times.txt" in streamed_files
    assert code_streamed == code
    assert _notices(streamed) == _notices(whole)


def test_ahead_hands_items_in_order_then_the_producers_error() -> None:
    """gtfs/ahead.py makes the next batch in a thread: the consumer gets every item in order, then the
    exception the producer raised, in its own thread."""

    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("batch 5 is broken")

    got: list[int] = []
    with pytest.raises(ValueError, match="batch 5 is broken"):
        got.extend(ahead(items()))  # extended an item at a time: those before the error stay
    assert got == [0, 1, 2, 3, 4]


def test_ahead_stops_its_producer_when_the_consumer_stops() -> None:
    """A consumer that stops early (a time limit, an error) stops the producer at once and closes its
    generator (an open member's file handle), with at most two items made ahead."""
    made: list[int] = []
    closed: list[bool] = []

    def items() -> Iterator[int]:
        try:
            for i in range(1000):
                made.append(i)
                yield i
        finally:
            closed.append(True)

    consumer = ahead(items())
    assert next(consumer) == 0
    consumer.close()
    assert closed == [True]
    assert len(made) <= 3
    assert not any(t.name == "citylint-ahead" for t in threading.enumerate())
