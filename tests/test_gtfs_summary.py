"""The report summary against MobilityData's (v8.0.1, through its Python port): the service window, the
counts and ``gtfsFeatures`` equal the reference's for every real feed of the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED, VALIDATION_DATE

pytestmark = [pytest.mark.corpus, pytest.mark.reference]

FEEDS = sorted((SHARED / "data" / "gtfs").glob("*.zip")) if (SHARED / "data" / "gtfs").is_dir() else []
WINDOW = ("feedServiceWindowStart", "feedServiceWindowEnd")


def reference_summary(feed: Path, out: Path) -> dict[str, Any]:
    pytest.importorskip("gtfs_validator")
    script = Path(sys.executable).with_name("gtfs-validator")
    subprocess.run(
        [str(script), "-i", str(feed), "-o", str(out), "-d", VALIDATION_DATE],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return json.loads((out / "report.json").read_text())["summary"]  # type: ignore[no-any-return]


@pytest.mark.skipif(not FEEDS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", FEEDS, ids=[f.stem for f in FEEDS])
def test_summary_equals_the_reference(feed: Path, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    reference = reference_summary(feed, tmp_path / "reference")
    code, ours, err = check_json(feed)
    assert code in (0, 1), err
    summary = ours["summary"]
    assert {k: summary["feedInfo"].get(k) for k in WINDOW} == {
        k: reference["feedInfo"].get(k) for k in WINDOW
    }
    assert summary["counts"] == reference["counts"]
    assert summary["gtfsFeatures"] == reference["gtfsFeatures"]
