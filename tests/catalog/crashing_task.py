"""A task that kills its worker process for one dataset id, to show a crash fails that input only."""

from __future__ import annotations

import os
from typing import Any

from citylint.catalog.sources import CatalogEntry
from citylint.catalog.tasks import RunSettings, validate_entry


def crash_on_broken(entry: CatalogEntry, settings: RunSettings) -> dict[str, Any]:
    if entry.id == "crasher":
        os._exit(17)
    return validate_entry(entry, settings)
