"""What the validation saw that lock-in attribution needs, counted exactly while findings are collected.

The sink keeps only samples of each code, so attribution cannot count from them: a feed can hold tens of
thousands of ``unexpected_enum_value`` findings. The :class:`Evidence` watches the findings of the codes that
can reveal an extension (and of every rule that declares a lock-in kind) as the sink receives them, and keeps
one exact count per distinct (code, file, column, value). Frames are counted with one polars ``group_by``.
Rule families add facts about the input (how many files, columns, routes and trips it has, which routes and
trips use a vendor's codes) so that shares can be computed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from citylint.model import Rule

# MobilityData's notices that name a non-standard element of a feed.
EXTENSION_CODES = frozenset({"unknown_file", "unknown_column", "unexpected_enum_value"})
_KEY_FIELDS = ("filename", "fieldName", "fieldValue")
_DETAIL_FIELDS = ("lockinOrigin", "alternative", "principles")

Key = tuple[str, str | None, str | None, Any]  # code, file, column, value


@dataclass
class Evidence:
    counts: Counter[Key] = field(default_factory=Counter)
    rules: dict[str, Rule] = field(default_factory=dict)
    # Facts about the input (set by rule families): sizes, and per origin the routes / trips its codes touch.
    facts: dict[str, Any] = field(default_factory=dict)
    assessed: set[str] = field(default_factory=set)  # checks that ran even if they found nothing ("licence")
    # For rules that declare a lock-in kind: the origin and alternative their findings name.
    details: dict[Key, dict[str, Any]] = field(default_factory=dict)

    def watches(self, rule: Rule) -> bool:
        return rule.code in EXTENSION_CODES or rule.lockin is not None

    def observe_fields(self, rule: Rule, fields: Mapping[str, Any], file: str | None) -> None:
        self.rules[rule.code] = rule
        value = (
            fields.get("fieldValue") if rule.code == "unexpected_enum_value" else fields.get("lockinOrigin")
        )
        key = (rule.code, fields.get("filename", file), fields.get("fieldName"), value)
        self.counts[key] += 1
        if rule.code not in EXTENSION_CODES and key not in self.details:
            self.details[key] = {k: fields[k] for k in _DETAIL_FIELDS if k in fields}

    def observe_frame(self, rule: Rule, frame: pl.DataFrame, file: str | None) -> None:
        self.rules[rule.code] = rule
        keep = [
            c
            for c in _KEY_FIELDS
            if c in frame.columns and (c != "fieldValue" or rule.code == "unexpected_enum_value")
        ]
        if not keep:
            self.counts[(rule.code, file, None, None)] += frame.height
            return
        for row in frame.group_by(keep).len().iter_rows(named=True):
            self.counts[
                (rule.code, row.get("filename", file), row.get("fieldName"), row.get("fieldValue"))
            ] += row["len"]
