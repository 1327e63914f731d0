"""Cross-file GTFS rule families, one module each, discovered here.

A family module defines its rules (``GtfsRule`` subclasses), lists them in ``RULES`` and implements
``check(feed, sink)``. Adding a family touches its module and its fixtures, nothing else. Families run after
every file is loaded and typed, in module-name order, each on whole columns (polars joins, sorted group-wise
shifts, vectorised geometry), never a Python loop over rows.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.gtfs.feed import Feed


@dataclass(frozen=True)
class Family:
    name: str
    rules: tuple[RuleType, ...]
    check: Callable[[Feed, FindingSink], None]


@cache
def families() -> tuple[Family, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(Family(info.name, tuple(module.RULES), module.check))
    return tuple(found)
