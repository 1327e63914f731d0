"""Collects findings per code: the exact total, and samples up to a cap.

Large feeds produce millions of findings, so rules hand over whole polars frames of them: the total is the
frame's height and only the first ``max_samples`` rows become :class:`Finding` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import polars as pl

from citylint.baseline import FingerprintTracker
from citylint.fingerprints import frame_fingerprints
from citylint.model import (
    Finding,
    Location,
    Notice,
    Rule,
    Severity,
    SystemError,
    fingerprint_of,
)
from citylint.rules import RuleType
from citylint.runoptions import MAX_SAMPLES

# Helper columns of the baseline's row selection (names no finding field uses).
_PRINT, _COUNT = "__citylint_fingerprint__", "__citylint_count__"
_ALLOWED, _OCCURRENCE = "__citylint_allowed__", "__citylint_occurrence__"


class FindingObserver(Protocol):
    """Sees every finding of the rules it watches, not only the samples (lock-in attribution counts
    exactly)."""

    def watches(self, rule: Rule) -> bool: ...

    def observe_fields(self, rule: Rule, fields: Mapping[str, Any], file: str | None) -> None: ...

    def observe_frame(self, rule: Rule, frame: pl.DataFrame, file: str | None) -> None: ...


class FirstFindings:
    """The first finding in each file of the codes it is told to watch, whatever the sink keeps as samples
    (``--max-samples 0`` keeps none): a validator that needs to know which files a code hit reads it here."""

    def __init__(self, codes: frozenset[str] = frozenset()) -> None:
        self.codes = codes
        # code -> file -> the fields of the first finding in it, files in the order their first finding came
        self.first: dict[str, dict[str, dict[str, Any]]] = {}

    def watches(self, rule: Rule) -> bool:
        return rule.code in self.codes

    def observe_fields(self, rule: Rule, fields: Mapping[str, Any], file: str | None) -> None:
        where = fields.get("filename")  # the finding's own field, as a sample's ``fields`` hold it
        if where:
            self.first.setdefault(rule.code, {}).setdefault(str(where), dict(fields))

    def observe_frame(self, rule: Rule, frame: pl.DataFrame, file: str | None) -> None:
        if "filename" not in frame.columns:
            return
        named = frame.filter(pl.col("filename").is_not_null() & (pl.col("filename").cast(pl.String) != ""))
        for fields in named.unique("filename", keep="first", maintain_order=True).iter_rows(named=True):
            self.observe_fields(rule, fields, file)

    def files(self, code: str) -> dict[str, dict[str, Any]]:
        """File -> the first finding of ``code`` in it (in the order they came)."""
        return self.first.get(code, {})


class Observers:
    """Several observers seen by the sink as one: each sees the findings of the rules it watches."""

    def __init__(self, *observers: FindingObserver) -> None:
        self.observers = observers

    def watches(self, rule: Rule) -> bool:
        return any(o.watches(rule) for o in self.observers)

    def observe_fields(self, rule: Rule, fields: Mapping[str, Any], file: str | None) -> None:
        for observer in self.observers:
            if observer.watches(rule):
                observer.observe_fields(rule, fields, file)

    def observe_frame(self, rule: Rule, frame: pl.DataFrame, file: str | None) -> None:
        for observer in self.observers:
            if observer.watches(rule):
                observer.observe_frame(rule, frame, file)


class FindingSink:
    def __init__(
        self,
        *,
        max_samples: int = MAX_SAMPLES,
        enabled: frozenset[str] | None = None,
        severity_overrides: Mapping[str, Severity] | None = None,
        observer: FindingObserver | None = None,
        fingerprints: FingerprintTracker | None = None,
    ) -> None:
        self.max_samples = max_samples
        # Only given when a baseline is applied or written: then every finding (not only the samples) gets its
        # fingerprint, which costs time the default run does not spend.
        self.fingerprints = fingerprints
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

    def _notice(self, rule_type: RuleType, severity: Severity | None = None) -> Notice:
        rule = rule_type.rule
        chosen = self.severity_overrides.get(rule.code, severity or rule.severity)
        # A finding may carry its own severity (SHACL's sh:resultSeverity): one notice per code and severity,
        # keyed by the code alone for the rule's default so that other families see no change.
        key = (
            rule.code
            if chosen == self.severity_overrides.get(rule.code, rule.severity)
            else (f"{rule.code}@{chosen.value}")
        )
        notice = self.notices.get(key)
        if notice is None:
            notice = self.notices[key] = Notice(rule=rule, severity=chosen)
        return notice

    def add(
        self,
        rule: RuleType,
        fields: Mapping[str, Any],
        file: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.add_many(rule, [fields], file=file, severity=severity)

    def add_many(
        self,
        rule: RuleType,
        rows: Iterable[Mapping[str, Any]],
        file: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        """``severity`` replaces the rule's default for these findings (a profile override still wins)."""
        if not self.wants(rule):
            return
        notice = self._notice(rule, severity)
        file = file if file is not None else notice.rule.table
        observer = self.observer if self.observer is not None and self.observer.watches(notice.rule) else None
        tracker = self.fingerprints
        for fields in rows:
            notice.total += 1
            if observer is not None:
                observer.observe_fields(notice.rule, fields, file)
            if tracker is not None:
                finding = self._finding(notice.rule, notice.severity, dict(fields), file)
                if tracker.take(notice.rule.code, finding.fingerprint, 1):
                    notice.suppressed += 1
                elif len(notice.samples) < self.max_samples:
                    notice.samples.append(finding)
            elif len(notice.samples) < self.max_samples:
                notice.samples.append(self._finding(notice.rule, notice.severity, dict(fields), file))

    def add_frame(self, rule: RuleType, frame: pl.DataFrame, file: str | None = None) -> None:
        """Report one finding per row of ``frame``, whose columns are the findings' fields."""
        if frame.height == 0 or not self.wants(rule):
            return
        notice = self._notice(rule)
        file = file if file is not None else notice.rule.table
        notice.total += frame.height
        if self.observer is not None and self.observer.watches(notice.rule):
            self.observer.observe_frame(notice.rule, frame, file)
        if self.fingerprints is not None:
            frame = self._unsuppressed(notice, frame, file, self.fingerprints)
        room = self.max_samples - len(notice.samples)
        if room > 0:
            for fields in frame.head(room).to_dicts():
                notice.samples.append(self._finding(notice.rule, notice.severity, fields, file))

    @staticmethod
    def _unsuppressed(
        notice: Notice, frame: pl.DataFrame, file: str | None, tracker: FingerprintTracker
    ) -> pl.DataFrame:
        """The rows the baseline does not accept; counts the others as suppressed.

        Every row's fingerprint is computed (on whole columns where the types allow), then counted per
        fingerprint; of the rows sharing one, the baseline takes the first ones.
        """
        code = notice.rule.code
        if not tracker.wants(code):
            return frame
        prints = frame_fingerprints(code, frame, file)
        if prints is None:  # column types the vectorised encoder does not cover: one row at a time
            prints = pl.Series(
                _PRINT,
                [_fingerprint(code, row, file) for row in frame.iter_rows(named=True)],
                dtype=pl.String,
            )
        counts = prints.alias(_PRINT).value_counts(name=_COUNT)
        found = dict(zip(counts[_PRINT].to_list(), counts[_COUNT].to_list()))
        allowed = tracker.take_counts(code, found)
        if not allowed:
            return frame
        notice.suppressed += sum(allowed.values())
        if all(found[fp] == n for fp, n in allowed.items()):  # whole fingerprints accepted: no row counting
            return frame.filter(~prints.is_in(pl.Series(list(allowed), dtype=pl.String).implode()))
        allowance = pl.DataFrame(
            {_PRINT: list(allowed), _ALLOWED: list(allowed.values())},
            schema={_PRINT: pl.String, _ALLOWED: pl.UInt32},
        )
        return (
            frame.with_columns(prints.alias(_PRINT))
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over(_PRINT).alias(_OCCURRENCE))
            .join(allowance, on=_PRINT, how="left", maintain_order="left")
            .filter(pl.col(_ALLOWED).is_null() | (pl.col(_OCCURRENCE) >= pl.col(_ALLOWED)))
            .drop(_PRINT, _OCCURRENCE, _ALLOWED)
        )

    @staticmethod
    def _finding(rule: Rule, severity: Severity, fields: dict[str, Any], file: str | None) -> Finding:
        return Finding(rule.code, severity, rule.render(fields), _location(fields, file), fields)


def _fingerprint(code: str, fields: dict[str, Any], file: str | None) -> str:
    """``Finding.fingerprint`` of the finding these fields make, without making the finding."""
    return fingerprint_of(
        code,
        fields.get("filename", file),
        fields.get("fieldName"),
        _text(fields.get("focusNode")),
        _text(fields.get("resultPath")),
        _text(fields.get("jsonPointer")),
        fields,
    )


def _location(fields: Mapping[str, Any], file: str | None) -> Location:
    row = fields.get("csvRowNumber", fields.get("xmlLine"))  # CSV row, or a NeTEx XML line
    return Location(
        file=fields.get("filename", file),
        row=row if isinstance(row, int) else None,
        field=fields.get("fieldName"),
        # RDF findings name a focus node and a result path, JSON findings a JSON pointer.
        focus_node=_text(fields.get("focusNode")),
        path=_text(fields.get("resultPath")),
        pointer=_text(fields.get("jsonPointer")),
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
