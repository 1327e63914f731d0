"""Defining a rule: one class whose keywords give its code, severity and message, and whose docstring is its
documentation, so code, severity and docs live in one place.

    class MissingRequiredField(GtfsRule, code="missing_required_field", severity=Severity.ERROR,
                               message="{filename} row {csvRowNumber}: required field {fieldName} is empty"):
        '''A required field is empty.

        ## Why it matters
        ...
        '''

A rule whose findings carry a row number (``csvRowNumber``) of one table says which
(``table="stop_times.txt"``; by default the file its message starts with, "routes.txt row {csvRowNumber}:
..."): a finding that names no file itself (a ``filename`` field, ``file=`` where it is reported) is located
in that table.

Checks report findings with the class (``sink.add(MissingRequiredField, {...})``); its metadata is
``MissingRequiredField.rule``. ``citylint rules``, the rule pages and the reports' rule sections are
generated from it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from citylint.model import EifLayer, LockinKind, Rule, Severity


class RuleDef:
    """Base of rule classes. A subclass without ``code`` is a family base (it sets ``family`` for its
    subclasses)."""

    rule: ClassVar[Rule]
    family: ClassVar[str] = ""
    # The page of the upstream rule a family's codes are shared with, ``{code}`` standing for the code: set
    # once on a family base (GtfsRule), so no docstring writes the link by hand; rule pages and SARIF show it.
    upstream_page: ClassVar[str] = ""

    def __init_subclass__(
        cls,
        *,
        code: str | None = None,
        severity: Severity | None = None,
        message: str = "",
        spec: str = "",
        layer: EifLayer = EifLayer.TECHNICAL,
        lockin: LockinKind | None = None,
        family: str | None = None,
        table: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if family is not None:
            cls.family = family
        if code is None:
            return
        if severity is None or not message:
            raise TypeError(f"rule {code} needs a severity and a message")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"rule {code} has no docstring: its docstring is its documentation")
        cls.rule = Rule(
            code=code,
            severity=severity,
            family=cls.family,
            doc=cls.__doc__ or "",
            message=message,
            spec=spec,
            layer=layer,
            lockin=lockin,
            source=cls.__module__,
            upstream=cls.upstream_page.format(code=code) if cls.upstream_page else "",
            table=table or _table_of(message),
        )


# "routes.txt row {csvRowNumber}: ...": the file a rule's message names for its row.
_MESSAGE_TABLE = re.compile(r"([A-Za-z0-9_]+\.(?:txt|geojson)) row \{csvRowNumber\}")


def _table_of(message: str) -> str | None:
    """The file whose row a message starts with, which is the file of the findings' row number (the default of
    ``table=``, so that a finding's location names the file its message names)."""
    found = _MESSAGE_TABLE.match(message)
    return found.group(1) if found else None


RuleType = type[RuleDef]


# MobilityData's page for one of its notice codes (gtfs-validator's rules page anchors each code as
# ``#<code>-rule``); ``citylint.validators.gtfs.spec.rule_page`` builds it from here.
MOBILITYDATA_RULE_PAGE = "https://gtfs-validator.mobilitydata.org/rules.html#{code}-rule"


class GtfsRule(RuleDef, family="gtfs"):
    """Base of the GTFS rules (MobilityData's notice codes)."""

    upstream_page = MOBILITYDATA_RULE_PAGE


class GtfsExtraRule(RuleDef, family="gtfs_extra"):
    """Base of citylint's own GTFS rules, beyond MobilityData's notices (codes of their own, never
    MobilityData's)."""
