"""Inputs for the HTML report's tests: a feed whose values are markup, and a report with lock-in and
verdicts."""

from __future__ import annotations

import shutil
from pathlib import Path

from citylint.model import (
    EifLayer,
    Finding,
    Location,
    LockinKind,
    LockinOrigin,
    Notice,
    Report,
    Severity,
    Verdict,
)
from citylint.registry import load_registry
from tests.conftest import FIXTURES

BASE = FIXTURES / "gtfs" / "_base"

# Each payload sets window.__xss if the page ever runs it; the page must show it as text.
SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '"><img src=x onerror="window.__xss=2">'
COLUMN = "<b onmouseover=window.__xss=3>x</b>"


def hostile_feed(into: Path) -> Path:
    """The base feed with markup in an agency name, an invalid URL and a column name (the last two give
    findings whose messages and locations carry the markup)."""
    feed = into / "hostile"
    shutil.copytree(BASE, feed)
    agency = (feed / "agency.txt").read_text(encoding="utf-8").splitlines()
    agency[0] += f",{COLUMN}"
    fields = agency[1].split(",")
    fields[1], fields[2] = SCRIPT, "javascript:alert(1)" + IMAGE.replace('"', "")
    agency[1] = ",".join(fields) + ",x"
    (feed / "agency.txt").write_text("\n".join(agency) + "\n", encoding="utf-8")
    return feed


def lockin_report() -> Report:
    """A report as the lock-in and verdict analyses will fill it: two origins, one verdict with a reason."""
    rules = load_registry(plugins=False).rules
    unknown, url = rules["unknown_column"], rules["invalid_url"]
    notices = {
        "unknown_column": Notice(
            unknown,
            Severity.INFO,
            3,
            [
                Finding(
                    "unknown_column",
                    Severity.INFO,
                    unknown.render({"filename": f, "fieldName": c}),
                    Location(file=f, row=1, field=c),
                    {"filename": f, "fieldName": c},
                )
                for f, c in (
                    ("routes.txt", "route_sort_key"),
                    ("trips.txt", "vehicle_type"),
                    ("stops.txt", "platform_code_x"),
                )
            ],
        ),
        "invalid_url": Notice(
            url,
            Severity.ERROR,
            1,
            [
                Finding(
                    "invalid_url",
                    Severity.ERROR,
                    "agency.txt row 2: agency_url is not a valid URL",
                    Location(file="agency.txt", row=2, field="agency_url"),
                    {"filename": "agency.txt", "csvRowNumber": 2, "fieldName": "agency_url"},
                )
            ],
        ),
    }
    origins = [
        # touches as citylint.lockin.attribution fills it (docs/lockin.md), plus a key the page does not know
        LockinOrigin(
            "MTC GTFS+ (Trillium)",
            LockinKind.VENDOR_EXTENSION,
            2,
            ("unknown_column",),
            {
                "files": ["routes.txt", "trips.txt"],
                "extensionFiles": [],
                "extensionColumns": ["routes.txt route_sort_key", "trips.txt vehicle_type"],
                "values": {"routes.txt route_type": {"715": 3}},
                "routes": 1,
                "routesShare": 0.25,
                "alternatives": {
                    "routes.txt route_sort_key": "route_sort_order",
                    "trips.txt vehicle_type": "route_type",
                },
                "reviewedOn": "2026-01-05",
            },
            "GTFS route_sort_order",
            EifLayer.SEMANTIC,
            ("openness",),
            "https://example.org/gtfs-plus",
        ),
        LockinOrigin(
            "<i>Vendor</i> & Co",
            LockinKind.HOSTING,
            8,
            (),
            {"domain": "feeds.vendor.example"},
            None,
            EifLayer.TECHNICAL,
        ),
    ]
    verdicts = [
        Verdict(
            "transport.data.gouv.fr",
            False,
            "Not ready for transport.data.gouv.fr",
            ("invalid_url", "licence not open"),
        )
    ]
    return Report("city-feed.zip", "gtfs", "gtfs", "2026-10-01", notices, lockin=origins, verdicts=verdicts)
