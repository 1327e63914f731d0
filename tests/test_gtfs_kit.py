"""citylint.check() on a gtfs_kit.Feed held in memory gives the report of the zip it came from."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import gtfs_kit
import pytest

import citylint
from citylint.model import Report
from tests.conftest import FIXTURES, ROOT
from tests.test_fixtures import build_case

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
DATE = dt.date(2026, 10, 1)


def _totals(report: Report) -> dict[str, int]:
    return {code: notice.total for code, notice in report.notices.items()}


def _one(item: object) -> Report:
    (report,) = citylint.check([item], date=DATE)
    return report


def test_feed_in_memory_gives_the_zip_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # to see that the temporary copy is removed
    from_zip = _one(EXAMPLE)
    from_feed = _one(gtfs_kit.read_feed(EXAMPLE, dist_units="km"))
    assert from_feed.input == "gtfs_kit.Feed" and from_feed.kind == "gtfs" and not from_feed.system_errors
    assert _totals(from_feed) == _totals(from_zip) and len(_totals(from_zip)) >= 5
    assert from_feed.counts() == from_zip.counts()
    assert from_feed.summary["gtfs"]["counts"] == from_zip.summary["gtfs"]["counts"]
    assert from_feed.summary["gtfs"]["feedInfo"] == from_zip.summary["gtfs"]["feedInfo"]
    fingerprints = [
        {f.fingerprint for n in r.notices.values() for f in n.samples} for r in (from_zip, from_feed)
    ]
    assert fingerprints[0] == fingerprints[1]
    assert list(tmp_path.iterdir()) == []


def test_changes_made_in_memory_are_what_is_validated() -> None:
    feed = gtfs_kit.read_feed(EXAMPLE, dist_units="km")
    assert "invalid_url" not in _one(feed).notices
    feed.agency.loc[1, "agency_url"] = "www.newportbus.example"  # no scheme
    notice = _one(feed).notices["invalid_url"]
    assert notice.total == 1
    where = notice.samples[0].location
    assert (where.file, where.row, where.field) == ("agency.txt", 3, "agency_url")


def test_tables_gtfs_kit_does_not_hold_are_not_validated(tmp_path: Path) -> None:
    """A documented difference: gtfs_kit reads no pathways.txt, so its rules cannot fire on a Feed."""
    folder = build_case(FIXTURES / "gtfs" / "bidirectional_exit_gate" / "bad", tmp_path)
    assert _totals(_one(folder)).get("bidirectional_exit_gate") == 1
    assert "bidirectional_exit_gate" not in _totals(_one(gtfs_kit.read_feed(folder, dist_units="km")))


def test_an_empty_feed_cannot_be_validated_and_says_so() -> None:
    report = _one(gtfs_kit.Feed(dist_units="km"))
    assert [e.code for e in report.system_errors] == ["input_error"]
    assert report.system_errors[0].message.startswith("gtfs_kit.Feed: ")
