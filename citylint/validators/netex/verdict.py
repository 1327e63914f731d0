""" "Ready for transport.data.gouv.fr?" for a NeTEx delivery: the platform's answer, read from the findings.

transport.data.gouv.fr sends NeTEx to Chouette Valid with its ruleset (French-profile rules + enRoute's base
rules + XSD) and files each message under a category: ``xsd-schema`` (any code prefixed ``xsd-``),
``french-profile`` and ``base-rules``; a message without severity counts as an error, and the resource is
non-compliant when the worst is an error (transport-site ``apps/transport/lib/validators/netex/
results_adapters/v0_2_x.ex``, read in ``../shared/data/netex/profile/transport-site``).
"""

from __future__ import annotations

from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict

SCHEME = "transport.data.gouv.fr/netex"
READY = N_("NeTEx ready for transport.data.gouv.fr")
NOT_READY = N_(
    "NeTEx not ready for transport.data.gouv.fr: errors in the XSD, French-profile or base-rules categories"
)
NOT_CHECKED = N_("NeTEx not ready for transport.data.gouv.fr: the delivery could not be fully validated")
XSD_CODES = frozenset({"netex_xsd_error", "netex_xsd_identity_error", "netex_xml_syntax_error"})


PAN_FRENCH_PROFILE = frozenset({"netex_fr_pan_mandatory_missing"})


def category(code: str, family: str) -> str | None:
    """The platform's category for a citylint rule, or None for what the platform does not check (the rest of
    the French profile, citylint's delivery-wide identifier and reference rules): schema messages under
    ``xsd-schema``, the four French-profile rules of ruleset ``pan:french_profile:2`` under
    ``french-profile``, enRoute's base rules under ``base-rules``."""
    if code in XSD_CODES:
        return "xsd-schema"
    if code in PAN_FRENCH_PROFILE:
        return "french-profile"
    if family == "netex_base":
        return "base-rules"
    return None


def categories(report: Report) -> dict[str, dict[str, int]]:
    """Findings per category and severity, as the platform's summary counts them."""
    out: dict[str, dict[str, int]] = {}
    for notice in report.notices.values():
        name = category(notice.rule.code, notice.rule.family)
        if name is None or not notice.active:
            continue
        bucket = out.setdefault(name, {})
        bucket[notice.severity.value] = bucket.get(notice.severity.value, 0) + notice.active
    return out


def nap_netex_verdict(report: Report) -> Verdict:
    if report.system_errors:
        return Verdict(SCHEME, False, NOT_CHECKED, tuple(dict.fromkeys(e.code for e in report.system_errors)))
    reasons = sorted(
        n.rule.code
        for n in report.notices.values()
        if n.active and n.severity is Severity.ERROR and category(n.rule.code, n.rule.family)
    )
    return Verdict(SCHEME, not reasons, NOT_READY if reasons else READY, tuple(reasons))
