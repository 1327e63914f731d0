"""A task that takes its time (CITYLINT_TEST_TASK_SECONDS, default 1 s per input), so that a test can stop a
run in its middle; and a command line whose check-many runs it (``python -m tests.catalog.slow_task
ARGS``)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from citylint.catalog import tasks
from citylint.catalog.sources import CatalogEntry
from citylint.catalog.tasks import RunSettings

_validate = tasks.validate_entry


def slow_validate(entry: CatalogEntry, settings: RunSettings) -> dict[str, Any]:
    time.sleep(float(os.environ.get("CITYLINT_TEST_TASK_SECONDS", "1")))
    return _validate(entry, settings)


if __name__ == "__main__":
    tasks.validate_entry = slow_validate  # type: ignore[assignment]  # run_catalog looks it up when it starts
    from citylint.cli import main

    main(sys.argv[1:])
