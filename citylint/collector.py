"""Collects findings per code: the exact total, and samples up to a cap.

Large feeds produce millions of findings, so rules hand over whole polars frames of them: the total is the
frame's height and only the first ``max_samples`` rows become :class:`Finding` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import polars as pl

from citylint.model import Finding, Location, Notice, Rule, Severity, SystemError
from citylint.rules import RuleType


class FindingObserver(Protocol):
    """Sees every finding of the rules it watches, not only the samples (lock-in attribution counts exactly)."""

    def watches(self, rule: Rule) -> bool: ...

    def observe_fields(self, rule: Rule, fields: Mapping[str, Any], file: str | None) -> None: ...

    def observe_frame(self, rule: Rule, frame: pl.DataFrame, file: str | None) -> None: ...


class FindingSink:
    def __init__(
        self,
        *,
        max_samples: int = 1000,
        enabled: frozenset[str] | None = None,
        severity_overrides: Mapping[str, Severity] | None = None,
        observer: FindingObserver | None = None,
    ) -> None:
        self.max_samples = max_samples
        self.enabled = enabled
        self.severity_overrides = dict(severity_overrides or {})
        self.observer = observer
        self.notices: dict[str, Notice] = {}
        self.system_errors: list[SystemError] = []

    def could_not_check(self, code: str, message: str, **detail: Any) -> None:
        """Record that part of the validation could not run (not a finding about the data)."""
        self.system_errors.append(SystemError(code, message, detail))

    def wants(self, rule: RuleType) -> bool:
        """Whether the profile runs this rule; checks may skip their work when it does not."""
        return self.enabled is None or rule.rule.code in self.enabled

    def _notice(self, rule_type: RuleType) -> Notice:
        rule = rule_type.rule
        notice = self.notices.get(rule.code)
        if notice is None:
            severity = self.severity_overrides.get(rule.code, rule.severity)
            notice = self.notices[rule.code] = Notice(rule=rule, severity=severity)
        return notice

    def add(self, rule: RuleType, fields: Mapping[str, Any], file: str | None = None) -> None:
        self.add_many(rule, [fields], file=file)

    def add_many(self, rule: RuleType, rows: Iterable[Mapping[str, Any]], file: str | None = None) -> None:
        if not self.wants(rule):
            return
        notice = self._notice(rule)
        observer = self.observer if self.observer is not None and self.observer.watches(notice.rule) else None
        for fields in rows:
            notice.total += 1
            if observer is not None:
                observer.observe_fields(notice.rule, fields, file)
            if len(notice.samples) < self.max_samples:
                notice.samples.append(self._finding(notice.rule, notice.severity, dict(fields), file))

    def add_frame(self, rule: RuleType, frame: pl.DataFrame, file: str | None = None) -> None:
        """Report one finding per row of ``frame``, whose columns are the findings' fields."""
        if frame.height == 0 or not self.wants(rule):
            return
        notice = self._notice(rule)
        notice.total += frame.height
        if self.observer is not None and self.observer.watches(notice.rule):
            self.observer.observe_frame(notice.rule, frame, file)
        room = self.max_samples - len(notice.samples)
        if room > 0:
            for fields in frame.head(room).to_dicts():
                notice.samples.append(self._finding(notice.rule, notice.severity, fields, file))

    @staticmethod
    def _finding(rule: Rule, severity: Severity, fields: dict[str, Any], file: str | None) -> Finding:
        row = fields.get("csvRowNumber")
        location = Location(
            file=fields.get("filename", file),
            row=row if isinstance(row, int) else None,
            field=fields.get("fieldName"),
            # RDF findings name a focus node and a result path, JSON findings a JSON pointer.
            focus_node=_text(fields.get("focusNode")),
            path=_text(fields.get("resultPath")),
            pointer=_text(fields.get("jsonPointer")),
        )
        return Finding(rule.code, severity, rule.render(fields), location, fields)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
