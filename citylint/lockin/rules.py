"""Base of citylint's own lock-in rules (family ``lockin``), kept apart from MobilityData's ``gtfs`` codes so
that the ``gtfs`` profile stays one-to-one with the canonical validator."""

from __future__ import annotations

from citylint.rules import RuleDef

GTFS_REFERENCE = "https://gtfs.org/documentation/schedule/reference/"


class LockinRule(RuleDef, family="lockin"):
    """Base of the lock-in and extension rules."""
