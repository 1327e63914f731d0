""" "Will transport.data.gouv.fr accept it?": the platform's verdict, computed as the platform computes it.

Two separate facts, as the platform keeps them apart:

- **compliant** (conforme): no Fatal or Error issue in transport-validator's terms (transport-site
  ``dataset_quality_score.ex`` and ``validator_selection.ex``; GTFS-Flex resources — a zip holding
  location_groups.txt, location_group_stops.txt or locations.geojson — go through MobilityData's validator
  instead and fail on its ERROR notices);
- **up to date** (à jour): the end date of transport-validator's metadata (the calendar's window) is after the
  validation date (transport-site ``DB.MultiValidation.outdated?/1``: outdated when ``end_date <= today``;
  unknown when there is no end date, which the platform does not count as outdated).

**Ready** = compliant and up to date: the one headline the reports print, and the ``passed`` of the verdict.
The function is shared by every validator that answers the question for its format (GTFS here; NeTEx and
GTFS-RT reuse :func:`platform_verdict` with their own blocking codes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict
from citylint.validators.fr_nap.base import TvSeverity

SCHEME = "transport.data.gouv.fr"
FLEX_FILES = ("location_groups.txt", "location_group_stops.txt", "locations.geojson")
# The code that carries "not up to date" among the verdict's reasons (a fr_nap rule, see validity.py).
OUTDATED_CODE = "resource_outdated"

READY = N_("Ready for transport.data.gouv.fr: compliant and up to date")
READY_UNDATED = N_(
    "Ready for transport.data.gouv.fr: compliant (no validity end date, so never shown as outdated)"
)
OUTDATED = N_("Not ready for transport.data.gouv.fr: compliant, but not up to date")
NOT_COMPLIANT = N_("Not ready for transport.data.gouv.fr: not compliant, up to date")
NOT_COMPLIANT_UNDATED = N_("Not ready for transport.data.gouv.fr: not compliant (no validity end date)")
NOT_COMPLIANT_OUTDATED = N_("Not ready for transport.data.gouv.fr: not compliant and not up to date")
NOT_CHECKED = N_("Not ready for transport.data.gouv.fr: the input could not be fully validated")
HEADLINES = (
    READY,
    READY_UNDATED,
    OUTDATED,
    NOT_COMPLIANT,
    NOT_COMPLIANT_UNDATED,
    NOT_COMPLIANT_OUTDATED,
    NOT_CHECKED,
)


def platform_verdict(
    blocking: Iterable[str], up_to_date: bool | None, system_errors: Iterable[str] = ()
) -> Verdict:
    """The verdict from the codes that make the resource non-compliant (most severe first) and whether it is
    up to date (``None``: no end date known). ``reasons``: the blocking codes, then ``resource_outdated``."""
    errors = tuple(dict.fromkeys(system_errors))
    if errors:
        return Verdict(SCHEME, False, NOT_CHECKED, errors)
    reasons = tuple(dict.fromkeys(blocking))
    compliant = not reasons
    outdated = up_to_date is False
    if compliant:
        headline = OUTDATED if outdated else READY if up_to_date else READY_UNDATED
    else:
        headline = (
            NOT_COMPLIANT_OUTDATED if outdated else NOT_COMPLIANT if up_to_date else NOT_COMPLIANT_UNDATED
        )
    return Verdict(
        SCHEME, compliant and not outdated, headline, reasons + ((OUTDATED_CODE,) if outdated else ())
    )


def blocking_codes(report: Report, tv_severities: Mapping[str, TvSeverity], flex: bool) -> list[str]:
    """The codes that make the resource non-compliant, Fatal ones first. Flex: MobilityData's ERROR
    notices."""
    present = [n for n in report.notices.values() if n.total]
    if flex:
        return sorted(
            n.rule.code for n in present if n.rule.family == "gtfs" and n.rule.severity is Severity.ERROR
        )
    blocking = [
        (tv_severities[n.rule.code] is not TvSeverity.FATAL, n.rule.code)
        for n in present
        if n.rule.code in tv_severities and tv_severities[n.rule.code].blocks_compliance
    ]
    return [code for _, code in sorted(blocking)]


# transport-site gtfs_transport_validator.ex ``severity_level``: the order the platform lists its severities
# in.
TV_ORDER = (TvSeverity.FATAL, TvSeverity.ERROR, TvSeverity.WARNING, TvSeverity.INFORMATION)


def platform_issues(
    report: Report,
    tv_severities: Mapping[str, TvSeverity],
    issue_types: Mapping[str, str],
    titles: Mapping[str, str],
) -> list[dict[str, object]]:
    """transport-site's ``summary/1`` of a validation: per severity (Fatal first), its issue types with their
    count and the platform's French title."""
    groups: list[dict[str, object]] = []
    for severity in TV_ORDER:
        issues = [
            {"key": issue_types[code], "code": code, "count": n.total, "title": titles.get(issue_types[code])}
            for code, n in sorted(report.notices.items())
            if n.total and tv_severities.get(code) is severity and code in issue_types
        ]
        if issues:
            groups.append(
                {
                    "severity": severity.value,
                    "count": sum(int(str(i["count"])) for i in issues),
                    "issues": issues,
                }
            )
    return groups
