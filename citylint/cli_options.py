"""Option values shared by several commands, so that their --help texts agree (issue 20)."""

from __future__ import annotations

# Samples kept per notice code in a report: one default (runoptions.py) for the command line, the engine and
# the collector.
from citylint.runoptions import MAX_SAMPLES

__all__ = ["DATE_FORMATS", "DATE_HELP", "MAX_SAMPLES"]

# Dates as ISO 8601 or as GTFS writes them (20261001), for every command that takes --date.
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DATE_HELP = "Validation date, 2026-10-01 or 20261001 (default: today), as MobilityData's --date."
