"""Parity with MobilityData's canonical validator (v8.0.1, through its Python port gtfs-validator 0.1.2).

For every real feed of the corpus and every code citylint implements, citylint's severity and totalNotices
equal the reference's at the same validation date. Codes citylint does not implement yet are left out; the
known, deliberate differences are listed in docs/parity.md (none so far).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from citylint.registry import load_registry
from tests.conftest import SHARED, VALIDATION_DATE, totals

pytestmark = [pytest.mark.corpus, pytest.mark.reference]

FEEDS = sorted((SHARED / "data" / "gtfs").glob("*.zip")) if (SHARED / "data" / "gtfs").is_dir() else []


def reference_report(feed: Path, out: Path) -> dict:  # type: ignore[type-arg]
    pytest.importorskip("gtfs_validator")
    script = Path(sys.executable).with_name("gtfs-validator")
    subprocess.run(
        [str(script), "-i", str(feed), "-o", str(out), "-d", VALIDATION_DATE],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return json.loads((out / "report.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.skipif(not FEEDS, reason="corpus not present: ../shared/data/gtfs")
@pytest.mark.parametrize("feed", FEEDS, ids=[f.stem for f in FEEDS])
def test_counts_equal_the_reference(feed: Path, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    implemented = {r.code for r in load_registry().rules.values() if r.family == "gtfs"}
    reference = reference_report(feed, tmp_path / "reference")
    code, ours, err = check_json(feed)
    assert code in (0, 1), err
    expected = {c: n for c, n in totals(reference).items() if c in implemented}
    # citylint's own rules (other families) have no counterpart to compare with.
    actual = {c: n for c, n in totals(ours).items() if c in implemented}
    assert actual == expected
    severities = {n["code"]: n["severity"] for n in reference["notices"]}
    ours_severities = {n["code"]: n["severity"] for n in ours["notices"] if n["code"] in implemented}
    assert ours_severities == {c: severities[c] for c in expected}


# feed_info.txt of the corpus's Google sample feed (which has none) with recommended columns absent, partly
# present, or present and empty: the reference reads an absent column as an empty value on every row.
FEED_INFO_VARIANTS = {
    "absent": "feed_publisher_name,feed_publisher_url,feed_lang\nDemo,http://example.com,en\nDemo2,http://example.org,en\n",
    "partial": "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date\nDemo,http://example.com,en,20070101\n",
    "empty": "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version\n"
    "Demo,http://example.com,en,,,\n",
}


@pytest.mark.parametrize("variant", sorted(FEED_INFO_VARIANTS))
def test_absent_recommended_columns_count_as_the_reference_counts_them(
    variant: str, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    source = SHARED / "data" / "gtfs" / "google-sample-feed-1.zip"
    if not source.is_file():
        pytest.skip("corpus not present: " + str(source))
    feed = tmp_path / f"{variant}.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(feed, "w") as out:
        for name in src.namelist():
            out.writestr(name, src.read(name))
        out.writestr("feed_info.txt", FEED_INFO_VARIANTS[variant])
    reference = totals(reference_report(feed, tmp_path / "reference"))
    _, ours, _ = check_json(feed)
    assert totals(ours).get("missing_recommended_field") == reference["missing_recommended_field"]
