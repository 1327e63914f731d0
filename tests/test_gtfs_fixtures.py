"""Every GTFS rule has a case that triggers it and one that does not (run through the real CLI by
tests/test_fixtures.py), and the base feed they are laid over is clean."""

from __future__ import annotations

from citylint.registry import load_registry
from tests.conftest import FIXTURES, totals

GTFS_FIXTURES = FIXTURES / "gtfs"
BASE = GTFS_FIXTURES / "_base"


def test_base_feed_is_clean(check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(BASE)
    assert code == 0
    assert totals(report) == {}


def test_every_gtfs_rule_has_a_bad_and_a_good_case() -> None:
    codes = {r.code for r in load_registry().rules.values() if r.family in ("gtfs", "gtfs_extra")}
    missing = sorted(
        f"{code}/{kind}"
        for code in codes
        for kind in ("bad", "good")
        if not (GTFS_FIXTURES / code / kind / "case.json").is_file()
    )
    assert not missing, f"rules without fixtures: {missing}"
