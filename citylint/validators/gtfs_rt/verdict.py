"""transport.data.gouv.fr's verdict on a GTFS-Realtime resource.

The platform runs MobilityData's validator on one snapshot against the dataset's GTFS, then
(``Transport.Validators.GTFSRT``, ``apps/transport/lib/validators/gtfs_rt_validator.ex``; read, not copied:
AGPL): ``errors_count`` = the occurrences of ERROR rules, ``warnings_count`` = those of WARNING rules; a run
that gives no report is ``FATAL`` ("Not a valid GTFS or GTFS-RT feed"); the resource is **critical**
(``critical_errors?/1``: producer e-mails, dataset checks) when the occurrences of E003, E004, E011 and E034
(identifiers the GTFS does not know) add up to 50 or more, or on a FATAL. Its tests: E003 x49 not critical,
x50 critical, E003 x10 + E004 x40 critical, E001 x100 not critical. The resource page then says, in French,
"De nombreuses erreurs de validation indiquent que les identifiants du GTFS-RT ne correspondent pas aux
identifiants du GTFS."
"""

from __future__ import annotations

from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict

SCHEME = "transport.data.gouv.fr/gtfs-rt"
ID_MISMATCH = ("E003", "E004", "E011", "E034")
THRESHOLD = 50
NOT_CRITICAL = N_(
    "GTFS-RT not critical for transport.data.gouv.fr (no fatal error, fewer than 50 identifier mismatches)"
)
CRITICAL_IDS = N_(
    "GTFS-RT critical for transport.data.gouv.fr: many validation errors indicate that the GTFS-RT "
    "identifiers do not match the GTFS identifiers"
)
CRITICAL_FATAL = N_("GTFS-RT critical for transport.data.gouv.fr: not a valid GTFS or GTFS-RT feed (FATAL)")


def platform_verdict(report: Report, threshold: int = THRESHOLD) -> Verdict:
    """``reasons``: the count of each identifier-mismatch code (``E003=12``), then the platform's error and
    warning totals, or ``FATAL`` and the system errors' codes."""
    if report.system_errors:
        return Verdict(
            SCHEME, False, CRITICAL_FATAL, ("FATAL", *dict.fromkeys(e.code for e in report.system_errors))
        )
    totals = {n.rule.code: n.total for n in report.notices.values() if n.rule.family == "gtfs_rt"}
    counts = {upstream: totals.get(f"gtfs_rt_{upstream.lower()}", 0) for upstream in ID_MISMATCH}
    errors = sum(
        n.total
        for n in report.notices.values()
        if n.rule.family == "gtfs_rt" and n.rule.severity is Severity.ERROR
    )
    warnings = sum(
        n.total
        for n in report.notices.values()
        if n.rule.family == "gtfs_rt" and n.rule.severity is Severity.WARNING
    )
    critical = sum(counts.values()) >= threshold
    tokens = (
        *(f"{code}={count}" for code, count in counts.items()),
        f"errors={errors}",
        f"warnings={warnings}",
    )
    return Verdict(SCHEME, not critical, CRITICAL_IDS if critical else NOT_CRITICAL, tokens)
