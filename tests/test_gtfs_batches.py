"""Work done a batch at a time gives the findings of work done at once.

Big feeds are parsed and typed a batch of lines at a time (csv_format.RowBatches), their trips walked a
slice of stop times at a time (speeds.trip_batches) and their stops matched to shapes a batch of probes at a
time (shapes_stops): only big inputs are cut, so the fixtures and the corpus are run here with small batches,
every big file and walk cut in many pieces, and must report exactly what the default run reports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citylint.validators.gtfs import csv_format
from citylint.validators.gtfs.families import shapes_stops, speeds
from tests.conftest import FIXTURES, SHARED
from tests.test_gtfs_fixtures import build_case

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
@pytest.mark.skipif(not CORPUS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", CORPUS, ids=[f.stem for f in CORPUS])
def test_corpus_in_batches(feed: Path, check_json: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # ~100 kB of lines, ~1,000 stop times, ~100 probes a batch: still many batches on every big file.
    _same_in_batches(feed, check_json, monkeypatch, scale=500)


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


class _NullSink:
    def add(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"unexpected finding: {args}")

    def add_frame(self, rule: Any, frame: Any, **kwargs: Any) -> None:
        assert frame.height == 0, f"unexpected findings of {rule}"

    def wants(self, rule: Any) -> bool:
        return True
