"""Baselines fingerprint every finding on whole columns; those fingerprints must equal ``Finding.fingerprint``
of the same rows, whatever the values hold (quotes, backslashes, accents, emoji, control characters,
nulls)."""

from __future__ import annotations

import polars as pl
import pytest

from citylint.baseline import Baseline
from citylint.collector import FindingSink
from citylint.fingerprints import frame_fingerprints
from citylint.model import Severity
from citylint.rules import RuleDef

TRICKY = [
    "plain",
    'with "quotes"',
    "back\\slash",
    "accentué",
    "emoji 🚌",
    "tab\there",
    "line\nbreak",
    "",
    None,
    "del\x7f",
    "Ω≈ç√",
    "'single'",
    "{braces}",
    "null",
]


class _Sample(
    RuleDef, family="test", code="fingerprint_sample", severity=Severity.INFO, message="{fieldValue}"
):
    """A test rule.

    ## Why it matters
    Tests only.
    """


def _frames() -> list[tuple[pl.DataFrame, str | None]]:
    n = len(TRICKY)
    rows = list(range(2, n + 2))
    return [
        (
            pl.DataFrame(
                {
                    "filename": ["stops.txt"] * n,
                    "csvRowNumber": rows,
                    "fieldName": ["stop_name"] * n,
                    "fieldValue": TRICKY,
                }
            ),
            None,
        ),
        (
            pl.DataFrame(
                {
                    "csvRowNumber": rows,
                    "stopId": TRICKY[::-1],
                    "count": list(range(n)),
                    "flag": [i % 3 == 0 if i % 4 else None for i in range(n)],
                }
            ),
            "stops.txt",
        ),
        (pl.DataFrame({"focusNode": list(range(n)), "resultPath": TRICKY, "fieldValue": TRICKY}), None),
        (pl.DataFrame({"filename": TRICKY, "fieldName": TRICKY, "empty": [None] * n}), "x.txt"),
    ]


@pytest.mark.parametrize("index", range(4))
def test_column_fingerprints_equal_the_findings_own(index: int) -> None:
    frame, file = _frames()[index]
    prints = frame_fingerprints("fingerprint_sample", frame, file)
    assert prints is not None
    sink = FindingSink(max_samples=frame.height)
    sink.add_frame(_Sample, frame, file=file)
    assert prints.to_list() == [f.fingerprint for f in sink.notices["fingerprint_sample"].samples]


def test_unsupported_column_types_take_the_row_wise_path_with_the_same_result() -> None:
    frame = pl.DataFrame(
        {"filename": ["a.txt"] * 3, "distance": [1.5, 1e-05, float("nan")], "fieldValue": ["x", "y", "x"]}
    )
    assert frame_fingerprints("fingerprint_sample", frame, None) is None
    recording = Baseline(record=True)
    FindingSink(fingerprints=recording.tracker("feed")).add_frame(_Sample, frame)
    samples = FindingSink(max_samples=3)
    samples.add_frame(_Sample, frame)
    expected = sorted(f.fingerprint for f in samples.notices["fingerprint_sample"].samples)
    [seen] = recording.recorded()["inputs"].values()
    assert sorted(seen["fingerprint_sample"]) == sorted(set(expected))


def test_baseline_takes_the_first_rows_of_a_repeated_fingerprint() -> None:
    frame = pl.DataFrame({"csvRowNumber": [2, 3, 4, 5], "fieldValue": ["a", "b", "a", "a"]})
    recording = Baseline(record=True)
    FindingSink(fingerprints=recording.tracker("feed")).add_frame(
        _Sample, frame.head(2)
    )  # accepts one a, one b
    sink = FindingSink(fingerprints=Baseline(recording.recorded()["inputs"]).tracker("feed"))
    sink.add_frame(_Sample, frame)
    notice = sink.notices["fingerprint_sample"]
    assert (notice.total, notice.suppressed) == (4, 2)
    assert [f.fields["csvRowNumber"] for f in notice.samples] == [4, 5]
