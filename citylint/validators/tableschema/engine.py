"""A CSV file against a Table Schema, the way Validata validates it.

Validata (validata-table, which schema.data.gouv.fr and transport.data.gouv.fr run; GPL, read and not copied:
``validata_core/domain/validation_features.py`` and ``warning_messages.py``, version 0.12.5) validates with
frictionless, matching columns to fields by name (``Detector(schema_sync=True)``, ``fieldsMatch: partial``
in frictionless 5) and case-sensitively; a
required field without its column is ``missing-label``; an optional field without its column, a column the
schema does not know and columns out of order are warnings. The cell checks (types, constraints, keys) are
frictionless's. citylint does the same through frictionless itself, streaming the rows (frictionless keeps
no more than the keys it must compare), and turns each error into a finding.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.base import InputError
from citylint.validators.tableschema import custom_checks
from citylint.validators.tableschema import rules as r
from citylint.validators.tableschema.schemas import header_of

_CONSTRAINT_NOTE = re.compile(r'constraint "(?P<name>\w+)" is "(?P<expected>.*)"', re.DOTALL)
_TYPE_NOTE = re.compile(r'type is "(?P<type>[^/"]+)(?:/(?P<format>.*))?"', re.DOTALL)
# frictionless keeps every error in its report: past this many, a file is reported as far as they go.
MAX_ERRORS = 1_000_000
_ROW_SHAPE = {"blank-row", "extra-cell", "missing-cell"}
_SOURCE = {"encoding-error", "source-error", "format-error", "scheme-error", "hash-count", "byte-count"}


def header_findings(
    filename: str, labels: list[str], fields: list[str], required: set[str], sink: FindingSink
) -> None:
    """Validata's header checks: the errors frictionless leaves to ``schema_sync`` and the three warnings."""
    present = set(labels)
    for name in fields:
        if name not in present:
            rule: RuleType = r.MissingLabel if name in required else r.MissingOptionalLabel
            sink.add(rule, {"filename": filename, "fieldName": name})
    known = set(fields)
    for position, name in enumerate(labels, start=1):
        if name not in known:
            sink.add(r.ExtraLabel, {"filename": filename, "fieldName": name, "fieldPosition": position})
    if present == known and labels != fields:
        sink.add(r.DisorderedLabels, {"filename": filename, "expected": ", ".join(fields)})


def _cell_fields(filename: str, error: Any) -> dict[str, Any]:
    return {
        "filename": filename,
        "csvRowNumber": getattr(error, "row_number", None),
        "fieldName": getattr(error, "field_name", None),
        "fieldValue": getattr(error, "cell", None),
    }


def _finding(filename: str, error: Any, primary_key: str) -> tuple[RuleType, dict[str, Any]] | None:
    """The rule and fields of one frictionless error; None for the header errors Validata does not report
    (column matching is by name, so frictionless's positional label errors do not apply)."""
    kind = error.type
    note = str(getattr(error, "note", "") or "")
    if kind == "citylint-custom-check":
        return custom_checks.rule_of(note), _cell_fields(filename, error)
    if kind in ("missing-label", "extra-label", "incorrect-label"):
        return None  # reported from the header itself (header_findings), as Validata does
    if kind == "type-error":
        match = _TYPE_NOTE.search(note)
        field_type = match["type"] if match else "value"
        field_format = match["format"] if match and match["format"] and match["format"] != "default" else ""
        return r.TypeError_, {
            **_cell_fields(filename, error),
            "fieldType": field_type,
            "fieldFormat": field_format,
            "fieldFormatNote": f" (format {field_format})" if field_format else "",
        }
    if kind == "constraint-error":
        match = _CONSTRAINT_NOTE.search(note)
        name, expected = (match["name"], match["expected"]) if match else ("?", note)
        if name == "required":
            return r.RequiredValue, _cell_fields(filename, error)
        return r.ConstraintError, {**_cell_fields(filename, error), "constraint": name, "expected": expected}
    if kind == "unique-error":
        return r.UniqueError, {**_cell_fields(filename, error), "note": note}
    if kind == "primary-key":
        return r.PrimaryKeyError, {
            "filename": filename,
            "csvRowNumber": getattr(error, "row_number", None),
            "primaryKey": primary_key,
            "note": note,
        }
    if kind == "foreign-key":
        return r.ForeignKeyError, {
            "filename": filename,
            "csvRowNumber": getattr(error, "row_number", None),
            "note": note,
        }
    if kind in _ROW_SHAPE:
        return r.RowShapeError, {
            "filename": filename,
            "csvRowNumber": getattr(error, "row_number", None),
            "errorType": kind,
            "note": error.message,
        }
    if kind in _SOURCE:
        return r.SourceError, {"filename": filename, "errorType": kind, "note": note or error.message}
    # a kind no schema and file can produce without checks citylint does not run: not a finding to guess at
    raise InputError(
        f"{filename}: frictionless reported an error citylint does not know ({kind}: {note or error.message})"
    )


def validate_table(path: Path, descriptor: Mapping[str, Any], sink: FindingSink) -> dict[str, Any]:
    """Validate ``path`` against the schema ``descriptor``; findings to ``sink``; the table's facts back."""
    import frictionless  # loaded only when a CSV is validated (about 0.4 s of imports)
    from frictionless import resources

    schema = frictionless.Schema.from_descriptor(dict(descriptor))
    # Validata's Detector(schema_sync=True), in frictionless 5's current words: a required field needs its
    # column, the others may be missing, columns are matched by name in any order
    schema.fields_match = "partial"
    fields = [field.name for field in schema.fields]
    required = {field.name for field in schema.fields if field.constraints.get("required")}
    # frictionless refuses paths with ".." or absolute ones as unsafe: the file is named inside its folder
    resource = resources.TableResource(path=path.name, basepath=str(path.resolve().parent), schema=schema)
    filename = path.name
    duplicated = _duplicated_labels(header_of(path))
    if duplicated:  # matching by name needs unique names: frictionless stops here, and so does Validata
        for name, position in duplicated:
            sink.add(r.DuplicateLabel, {"filename": filename, "fieldName": name, "fieldPosition": position})
        return {"rows": None, "fields": len(fields), "columns": None}
    checks = custom_checks.plan(descriptor)
    for entry in checks.deprecated:
        sink.add(r.DeprecatedCheck, {"filename": filename, **entry})
    for entry in checks.skipped:
        sink.add(r.CheckNotEvaluated, {"filename": filename, **entry})
    report = frictionless.validate(
        resource, checks=custom_checks.frictionless_checks(checks.checks), limit_errors=MAX_ERRORS
    )
    task = report.tasks[0] if report.tasks else None
    errors = list(task.errors) if task is not None else list(report.errors)
    unreadable = [e for e in errors if e.type == "resource-error"]
    if unreadable:
        raise InputError(f"{filename}: cannot read as a table: {unreadable[0].note or unreadable[0].message}")
    labels = [str(label) for label in task.labels] if task is not None and task.labels else []
    if labels:
        header_findings(filename, labels, fields, required, sink)
    key = schema.primary_key
    for error in errors:
        found = _finding(filename, error, ", ".join(key))
        if found is not None:
            sink.add(*found)
    stats = task.stats if task is not None else {}
    return {"rows": stats.get("rows"), "fields": len(fields), "columns": len(labels)}


def _duplicated_labels(labels: list[str]) -> list[tuple[str, int]]:
    seen: set[str] = set()
    repeated = []
    for position, name in enumerate(labels, start=1):
        if name in seen:
            repeated.append((name, position))
        seen.add(name)
    return repeated
