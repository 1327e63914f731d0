""""Ready for transport.data.gouv.fr?": the platform's compliance score, read from the findings.

The platform scores a resource non-compliant as soon as transport-validator reports a Fatal or an Error
issue; GTFS-Flex resources (a zip holding location_groups.txt, location_group_stops.txt or
locations.geojson) go through MobilityData's validator instead, and fail on its ERROR notices
(transport-site ``dataset_quality_score.ex``, ``validator_selection.ex``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict
from citylint.validators.fr_nap.base import TvSeverity

SCHEME = "transport.data.gouv.fr"
FLEX_FILES = ("location_groups.txt", "location_group_stops.txt", "locations.geojson")
READY = N_("Ready for transport.data.gouv.fr")
NOT_READY = N_("Not ready for transport.data.gouv.fr: transport-validator reports Fatal or Error issues")
NOT_READY_FLEX = N_("Not ready for transport.data.gouv.fr: GTFS-Flex feed with MobilityData ERROR notices")
NOT_CHECKED = N_("Not ready for transport.data.gouv.fr: the feed could not be fully validated")


def nap_verdict(report: Report, tv_severities: Mapping[str, TvSeverity], flex: bool) -> Verdict:
    """``reasons`` are the deciding rule codes, Fatal ones first."""
    if report.system_errors:
        return Verdict(SCHEME, False, NOT_CHECKED, tuple(dict.fromkeys(e.code for e in report.system_errors)))
    present = [n for n in report.notices.values() if n.total]
    if flex:
        reasons = sorted(n.rule.code for n in present if n.rule.family == "gtfs" and n.rule.severity is Severity.ERROR)
        return Verdict(SCHEME, not reasons, NOT_READY_FLEX if reasons else READY, tuple(reasons))
    blocking = [(tv_severities[n.rule.code] is not TvSeverity.FATAL, n.rule.code) for n in present
                if n.rule.code in tv_severities and tv_severities[n.rule.code].blocks_compliance]
    reasons = [code for _, code in sorted(blocking)]
    return Verdict(SCHEME, not reasons, NOT_READY if reasons else READY, tuple(reasons))


VALIDITY_SCHEME = "transport.data.gouv.fr/validity"
CURRENT = N_("Validity window: current (more than 7 days left)")
EXPIRING = N_("Validity window: expires within 7 days (transport.data.gouv.fr flags it as expiring)")
EXPIRED = N_("Validity window: expired")
UNKNOWN = N_("Validity window: unknown (no feed_info dates nor service dates)")
ACCESSIBILITY_SCHEME = "loi-lom/accessibility"
ACCESSIBLE = N_("Accessibility data (loi LOM): at the profile's thresholds")
NOT_ACCESSIBLE = N_("Accessibility data (loi LOM): below the profile's thresholds")


def validity_verdict(window: Mapping[str, Any]) -> Verdict:
    """Reasons are language-neutral ``key=value`` tokens (dates, days left, reminder thresholds crossed)."""
    if window.get("endDate") is None:
        return Verdict(VALIDITY_SCHEME, False, UNKNOWN)
    tokens = (f"source={window['source']}", f"start={window['startDate'] or '?'}", f"end={window['endDate']}",
              f"daysLeft={window['daysLeft']}",
              "remindersCrossed=" + (",".join(str(d) for d in window["remindersCrossed"]) or "none"))
    headline = EXPIRED if window["expired"] else EXPIRING if window["expiring"] else CURRENT
    return Verdict(VALIDITY_SCHEME, headline == CURRENT, headline, tokens)


def accessibility_verdict(report: Report, figures: Mapping[str, Any], codes: tuple[str, ...]) -> Verdict:
    def share(part: Mapping[str, Any] | None) -> str:
        return "n/a" if not part or part.get("share") is None else f"{part['share']:.0%}"

    stations = figures.get("stations") or {}
    tokens = (f"stopsWheelchairBoarding={share(figures.get('stops'))}",
              f"tripsWheelchairAccessible={share(figures.get('trips'))}",
              f"stationsWithPathways={stations.get('withPathways', 0)}/{stations.get('total', 0)}")
    failing = [c for c in codes if c in report.notices and report.notices[c].total]
    return Verdict(ACCESSIBILITY_SCHEME, not failing, NOT_ACCESSIBLE if failing else ACCESSIBLE,
                   tuple(failing) + tokens)
