"""The read-ahead of GTFS members (gtfs/readahead.py): each job runs once, by the worker or by the taker, its
result or exception reaches the taker, and no thread outlives the loading."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from citylint.collector import FindingSink
from citylint.validators.gtfs import csv_format
from citylint.validators.gtfs.readahead import ReadAhead


def _jobs(runs: Counter[str], gate: threading.Event | None = None) -> dict[str, object]:
    def job(key: str) -> object:
        def run() -> str:
            runs[key] += 1
            if gate is not None and key == "big":
                gate.wait(5)
            if key == "bad":
                raise ValueError("cannot read bad")
            return key.upper()

        return run

    return {key: job(key) for key in ("a", "b", "big", "bad")}


def test_every_job_runs_once_and_its_result_or_error_reaches_the_taker() -> None:
    runs: Counter[str] = Counter()
    with ReadAhead(_jobs(runs), ["big", "bad", "a", "b"]) as ahead:  # type: ignore[arg-type]
        assert ahead.take("a") == "A"
        assert ahead.take("b") == "B"
        assert ahead.take("big") == "BIG"
        with pytest.raises(ValueError, match="cannot read bad"):
            ahead.take("bad")
    assert runs == Counter({"a": 1, "b": 1, "big": 1, "bad": 1})


def test_the_taker_runs_a_job_the_worker_has_not_reached() -> None:
    runs: Counter[str] = Counter()
    gate = threading.Event()  # holds the worker inside "big", the first job it claims
    takers: list[str] = []
    with ReadAhead(_jobs(runs, gate), ["big", "a", "b"]) as ahead:  # type: ignore[arg-type]
        while not runs["big"]:
            threading.Event().wait(0.001)
        original = ahead._jobs["a"]
        ahead._jobs = {
            **ahead._jobs,
            "a": lambda: (takers.append(threading.current_thread().name), original())[1],
        }
        assert ahead.take("a") == "A"  # not claimed by the worker yet: run here, at once
        gate.set()
        assert ahead.take("big") == "BIG"
    assert takers == [threading.current_thread().name]
    assert runs["a"] == 1 and runs["big"] == 1


def test_leaving_stops_the_worker_and_leaves_no_thread() -> None:
    runs: Counter[str] = Counter()
    before = threading.active_count()
    with ReadAhead(_jobs(runs), ["big", "a", "b", "bad"]) as ahead:  # type: ignore[arg-type]
        ahead.take("a")  # an error in the loader would leave here too, the other results not taken
    assert threading.active_count() == before
    assert all(count <= 1 for count in runs.values())


@pytest.mark.parametrize(
    "data",
    [
        b"stop_id,stop_name\nS1,Main\nS2,Side\n",
        b"\xef\xbb\xbfstop_id,stop_name\r\nS1,Main\r\n",
        b"stop_id,stop_name\rS1,Main\r",  # old Mac line ends
        b'stop_id,stop_name\nS1,"Main, St"\n',  # quoted: not plain
        b"stop_id,stop_name\nS1\nS2,Side\n",  # a short row: not plain
        b"stop_id,stop_name\n\nS1,Main\n",  # a blank line: not plain
        b"\xef\xbb\xbf",
        b"",
        b"stop_id,stop_name\nS1," + b"x" * (csv_format.LONG_LINE_BLOCK + 10) + b"\n",  # a long record
    ],
)
def test_the_plain_read_ahead_then_read_table_gives_what_read_table_gives(data: bytes) -> None:
    """The loader's two steps (read_plain_table on the worker, read_table(plain_tried=True) for what it
    declines) give the table and findings of one read_table call."""
    whole_sink, split_sink = FindingSink(), FindingSink()
    whole = csv_format.read_table("stops.txt", data, whole_sink)
    split = csv_format.read_plain_table("stops.txt", data)
    if split is None:
        split = csv_format.read_table("stops.txt", data, split_sink, plain_tried=True)
    else:
        assert whole is not None and not whole_sink.notices  # a plain file has nothing to report
    assert (whole is None) == (split is None)
    if whole is not None and split is not None:
        assert whole.header == split.header
        assert whole.frame.equals(split.frame)
        assert whole.unparsable_rows == split.unparsable_rows
    assert _reported(whole_sink) == _reported(split_sink)


def _reported(sink: FindingSink) -> list[tuple[str, int, list[object]]]:
    return [(code, n.total, [s.fields for s in n.samples]) for code, n in sink.notices.items()]
