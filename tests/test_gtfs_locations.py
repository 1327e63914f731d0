"""Every GTFS finding with a row number names the file the row is in (issue 20: "service 676 (row 2)"), on the
real feeds of the corpus; the fixtures check the same in tests/test_gtfs_fixtures.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citylint.registry import load_registry
from tests.conftest import SHARED, rows_without_file

pytestmark = pytest.mark.corpus

FEEDS = sorted((SHARED / "data" / "gtfs").glob("*.zip")) if (SHARED / "data" / "gtfs").is_dir() else []


@pytest.mark.skipif(not FEEDS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", FEEDS, ids=[f.stem for f in FEEDS])
def test_corpus_findings_with_a_row_name_their_file(feed: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, err = check_json(feed)
    assert code in (0, 1), err
    assert report["notices"], "a corpus feed without findings checks nothing here"
    assert rows_without_file(report) == []


def test_a_rule_whose_message_names_a_file_locates_its_rows_there() -> None:
    """The default table of a rule is the file its message starts with; a rule naming another would place its
    rows in a file its own message contradicts."""
    for rule in load_registry().rules.values():
        named = re.match(r"([A-Za-z0-9_]+\.(?:txt|geojson)) row \{csvRowNumber\}", rule.message)
        if named:
            assert rule.table == named.group(1), rule.code
