"""Two verdicts in one report: the standard's and citylint's own advice.

A report on metadata checked under a profile named after a standard (``dcat-ap``, ``mobilitydcat-ap``; and the
profiles that extend them) holds findings of two kinds: those of the standard's official checks (the SHACL
shapes SEMIC and NAPCORE publish, run as published) and those of citylint's own metadata rules (family
``metadata``: licence, contact, formats, hosting, vocabulary codes, ...), which are advice beyond the
standard. The ``verdict:`` line and the ``standard`` verdict answer "do the official checks accept it?"; the
``advice`` verdict answers for citylint's rules. ``--fail-on`` counts both unless ``--no-fail-on-advice`` is
given.

A report has the two sections when its ``metadata`` summary names the standard (the metadata validator's
parameter ``standard``, for metadata checked as the input itself); otherwise every finding is in one section.
"""

from __future__ import annotations

from typing import Any

from citylint.model import Notice, Report, Severity

ADVICE_FAMILIES = frozenset({"metadata"})


def standard_name(report: Report) -> str | None:
    """The standard the report's own section is about, when the report has an advice section apart."""
    facts: Any = report.summary.get("metadata")
    name = facts.get("standard") if isinstance(facts, dict) else None
    return str(name) if name else None


def is_advice(report: Report, notice: Notice) -> bool:
    """Whether the notice is citylint's own advice, apart from the standard's verdict."""
    return notice.rule.family in ADVICE_FAMILIES and standard_name(report) is not None


def standard_notices(report: Report) -> list[Notice]:
    return [n for n in report.notices.values() if not is_advice(report, n)]


def advice_notices(report: Report) -> list[Notice]:
    return [n for n in report.notices.values() if is_advice(report, n)]


def worst(notices: list[Notice]) -> Severity | None:
    present = [n.severity for n in notices if n.active]
    return max(present, key=lambda s: s.rank) if present else None
