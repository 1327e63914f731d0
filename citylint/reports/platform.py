"""Lines the reports print under a transport.data.gouv.fr headline, read from ``summary.frNap`` alone (so the
reports do not import the validator that wrote it)."""

from __future__ import annotations

from citylint.i18n import format_number, translate, translate_plural
from citylint.model import Report

# transport-site gtfs_transport_validator.ex ``severity_level``: the order the platform lists its severities
# in.
TV_ORDER = ("Fatal", "Error", "Warning", "Information")


def _severity_count(severity: str, count: int, lang: str) -> str:
    if severity == "Fatal":
        text = translate_plural("{count} fatal failure", "{count} fatal failures", count, lang)
    elif severity == "Error":
        text = translate_plural("{count} error", "{count} errors", count, lang)
    elif severity == "Warning":
        text = translate_plural("{count} warning", "{count} warnings", count, lang)
    else:
        text = translate_plural("{count} information", "{count} informations", count, lang)
    return text.format(count=format_number(count, lang))


def platform_lines(report: Report, lang: str) -> list[str]:
    """The line under the headline: transport-validator's counts per severity, as the platform words them
    ("1 échec irrécupérable, 2 erreurs, ..." — transport-site ``format_severity``)."""
    facts = report.summary.get("frNap") or {}
    groups = facts.get("issues")
    if not isinstance(groups, list) or facts.get("gtfsFlex"):
        return []
    counts = {str(g["severity"]): int(g["count"]) for g in groups}
    parts = [_severity_count(s, counts.get(s, 0), lang) for s in TV_ORDER]
    return ["  " + translate("transport-validator: {counts}", lang).format(counts=", ".join(parts))]
