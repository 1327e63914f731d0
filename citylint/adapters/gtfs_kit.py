"""``citylint.check()`` on a ``gtfs_kit.Feed`` held in memory (optional extra ``citylint[gtfs-kit]``).

The Feed's tables are written as CSV into a temporary folder, which the GTFS validator then reads like any
feed folder; the folder is removed afterwards. The GTFS engine reads CSV text on purpose (its rules are about
the text: quoting, blank values, number formats), so the frames go through CSV rather than into it directly.

What gtfs_kit's loading changes, and so what the report can no longer see (a report on the zip the Feed was
read from has the same codes and totals when none of these applies):

- only the tables gtfs_kit holds reach citylint (agency, stops, routes, trips, stop_times, calendar,
  calendar_dates, fare_attributes, fare_rules, shapes, frequencies, transfers, feed_info, attributions, and
  any other GTFS table set as an attribute); pathways, levels, fares v2, flex, translations... are absent;
- numbers are typed on load and written back in Python's shortest form: ``0.000000`` becomes ``0.0``,
  ``1e-05`` may appear for tiny values, a leading ``+`` or trailing zeros are gone; text that gtfs_kit parsed
  as a number (an id column of digits it did not type as text) loses leading zeros;
- CSV structure is rebuilt: quoting, line endings, a byte-order mark, white space around values and empty rows
  of the original file are not seen, so their rules cannot fire;
- ``csvRowNumber`` counts the frame's rows; it matches the file's when the file had no empty line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citylint.model import Report, SystemError
from citylint.validators.gtfs.schema import load_schema

LABEL = "gtfs_kit.Feed"


def is_feed(value: object) -> bool:
    """Whether ``value`` is a gtfs_kit Feed (checked by class, so gtfs_kit need not be importable here)."""
    return any(
        cls.__name__ == "Feed" and cls.__module__.split(".")[0] == "gtfs_kit" for cls in type(value).__mro__
    )


def _tables(feed: Any) -> dict[str, Any]:
    """The Feed's data frames by GTFS file name."""
    csv_files = {name for name, spec in load_schema().files.items() if spec.format == "csv"}
    return {
        f"{attr}.txt": frame
        for attr, frame in vars(feed).items()
        if f"{attr}.txt" in csv_files and hasattr(frame, "to_csv")
    }


def write_feed(feed: Any, folder: Path) -> list[str]:
    """Write the Feed's tables into ``folder`` as GTFS CSV files; returns the file names."""
    tables = _tables(feed)
    for name, frame in tables.items():
        frame.to_csv(folder / name, index=False, lineterminator="\n")
    return sorted(tables)


def check_feed(feed: Any, check_folder: Callable[[Path], Report]) -> Report:
    """Validate ``feed`` with ``check_folder`` (the engine's check of one path) on a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="citylint-gtfs-kit-") as temp:
        folder = Path(temp)
        write_feed(feed, folder)
        report = check_folder(folder)
    report.input = LABEL
    # Messages that name the temporary folder name the Feed instead: the folder is gone.
    report.system_errors = [
        SystemError(e.code, e.message.replace(str(folder), LABEL), e.detail) for e in report.system_errors
    ]
    return report
