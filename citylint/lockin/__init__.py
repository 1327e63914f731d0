"""Where lock-in comes from: a catalogue of known extensions, attribution of findings to their origins, the
lock-in map and score of a report (see docs/lockin.md)."""

from __future__ import annotations

from citylint.lockin.attribution import LockinRecord, attribute
from citylint.lockin.evidence import Evidence

__all__ = ["Evidence", "LockinRecord", "attribute"]
