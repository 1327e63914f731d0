"""The schema.data.gouv.fr custom checks citylint evaluates, as frictionless checks run with the schema's own.

A Table Schema of schema.data.gouv.fr may list ``custom_checks`` (``{"name": ..., "params":
{"column": ...}}``) that Validata evaluates beside frictionless (validata_core/custom_checks/ and
infrastructure/fr_formats.py, read not copied): here the ones the transport schemas use — SIREN and SIRET
numbers (with frformat, the library Validata uses for them) and OpenStreetMap opening hours (with
opening-hours-py, as Validata) — under their current and deprecated names. Empty cells are skipped, as
Validata skips missing values. A check citylint does not know is reported as not evaluated, never silently
passed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from citylint.rules import RuleType
from citylint.validators.tableschema import rules as r


def _siren(value: str) -> bool:
    from frformat import Siren

    return bool(Siren().is_valid(value))


def _siret(value: str) -> bool:
    from frformat import Siret

    return bool(Siret().is_valid(value))


def _opening_hours(value: str) -> bool:
    import opening_hours

    return bool(opening_hours.validate(value))


@dataclass(frozen=True)
class CustomCheck:
    name: str
    rule: RuleType
    predicate: Callable[[str], bool]


# Validata's names, the deprecated ones included (validation_features.py: DEPRECATED_CHECKS).
KNOWN: dict[str, CustomCheck] = {
    "siren": CustomCheck("siren", r.SirenValue, _siren),
    "french-siren-value": CustomCheck("french-siren-value", r.SirenValue, _siren),
    "siret": CustomCheck("siret", r.SiretValue, _siret),
    "french-siret-value": CustomCheck("french-siret-value", r.SiretValue, _siret),
    "opening-hours-value": CustomCheck("opening-hours-value", r.OpeningHoursValue, _opening_hours),
}


# Validata's deprecated names and their replacements (validation_features.py, DEPRECATED_CHECKS).
DEPRECATED: dict[str, str] = {
    "french-siret-value": "siret",
    "french-siren-value": "siren",
    "nomenclature-actes-value": "nomenclature-acte",
}


@dataclass(frozen=True)
class PlannedCheck:
    check: CustomCheck
    column: str


@dataclass
class Plan:
    checks: list[PlannedCheck]
    skipped: list[dict[str, str]]  # name, column
    deprecated: list[dict[str, str]]  # name, replacement


def plan(descriptor: Mapping[str, Any]) -> Plan:
    """The checks to run on the schema's columns, those that cannot run (unknown to citylint, or naming no
    column), and those named by a deprecated name."""
    planned: list[PlannedCheck] = []
    skipped: list[dict[str, str]] = []
    deprecated: list[dict[str, str]] = []
    for entry in descriptor.get("custom_checks") or []:
        if not isinstance(entry, Mapping):
            continue
        name = str(entry.get("name", ""))
        params = entry.get("params") if isinstance(entry.get("params"), Mapping) else {}
        column = params.get("column") if isinstance(params, Mapping) else None
        if name in DEPRECATED:
            deprecated.append({"check": name, "replacement": DEPRECATED[name]})
        known = KNOWN.get(name)
        if known is None or not isinstance(column, str):
            skipped.append({"check": name, "fieldName": str(column or "")})
            continue
        planned.append(PlannedCheck(known, column))
    return Plan(planned, skipped, deprecated)


def frictionless_checks(planned: Iterable[PlannedCheck]) -> list[Any]:
    """One frictionless check per planned custom check: it sees every row as frictionless reads it."""
    import attrs
    import frictionless
    from frictionless import errors

    class CustomCheckError(errors.CellError):
        type: ClassVar[str] = "citylint-custom-check"
        title: ClassVar[str] = "Custom check"
        description: ClassVar[str] = "A value fails one of the schema's custom checks."
        template: ClassVar[str] = (
            'Value "{cell}" in row {rowNumber}, field "{fieldName}" fails the check {note}'
        )

    @attrs.define(kw_only=True, repr=False)
    class ValueCheck(frictionless.Check):
        type: ClassVar[str] = "citylint-value-check"
        Errors: ClassVar[list[Any]] = [CustomCheckError]
        check_name: str
        column: str

        def validate_row(self, row: Any) -> Iterable[frictionless.Error]:
            value = row.get(self.column) if self.column in row else None
            if value is None or value == "":
                return
            if not KNOWN[self.check_name].predicate(str(value)):
                yield CustomCheckError.from_row(row, note=self.check_name, field_name=self.column)

    return [ValueCheck(check_name=p.check.name, column=p.column) for p in planned]


def rule_of(check_name: str) -> RuleType:
    return KNOWN[check_name].rule
