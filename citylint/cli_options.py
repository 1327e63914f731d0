"""Option values shared by several commands, so that their --help texts agree (issue 20)."""

from __future__ import annotations

# Dates as ISO 8601 or as GTFS writes them (20261001), for every command that takes --date.
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d"]
DATE_HELP = "Validation date, 2026-10-01 or 20261001 (default: today), as MobilityData's --date."

# Samples kept per notice code in a report (MobilityData keeps samples per code too; totals are always exact).
MAX_SAMPLES = 1000
