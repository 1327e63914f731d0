"""The ``tableschema`` validator: a CSV file against a Table Schema, as Validata validates it.

Validata (validata.fr) is what schema.data.gouv.fr and transport.data.gouv.fr run on the CSV datasets
described by Table Schemas (charging points IRVE, carpooling areas BNLC, parking, cycle parking, counting,
level crossings, ...). The engine is frictionless, Validata's own (``engine.py``), with Validata's header
rules and the schemas' custom checks (``custom_checks.py``); the schema comes from a profile or a sidecar
(``schemas.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator
from citylint.validators.parameters import TableSchemaParameters
from citylint.validators.tableschema.rules import RULES
from citylint.validators.tableschema.schemas import schema_for

VALIDATA = "validata"
ACCEPTED = N_("Validata would accept it: no error against the schema")
REJECTED = N_("Validata would reject it: errors against the schema")


class TableSchemaValidator(Validator):
    name: ClassVar[str] = "tableschema"
    parameter_class: ClassVar[type[Any] | None] = TableSchemaParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"csv"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        schema = schema_for(path, context.settings(TableSchemaParameters).schema)
        from citylint.validators.tableschema.engine import validate_table  # frictionless: only here

        try:
            table = validate_table(path, schema.descriptor, sink)
        except Exception as exc:  # frictionless raises its own exception for a schema it cannot use
            if type(exc).__name__ != "FrictionlessException":
                raise
            raise InputError(f"{schema.path.name}: not a usable Table Schema: {exc}") from exc
        return {"tableschema": {"schema": schema.label, "schemaFile": schema.path.name, **table}}

    def verdicts(self, report: Report) -> list[Verdict]:
        if report.system_errors:
            return []
        failing = tuple(
            sorted(
                n.rule.code
                for n in report.notices.values()
                if n.severity is Severity.ERROR and n.total > n.suppressed and n.rule.family == "table_schema"
            )
        )
        return [Verdict(VALIDATA, not failing, REJECTED if failing else ACCEPTED, failing)]
