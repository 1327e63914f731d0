"""JSON report. For one GTFS input it is shaped like MobilityData's ``report.json`` (``summary``, ``notices``
with ``code``, ``severity``, ``totalNotices``, ``sampleNotices`` named as MobilityData names them), with
citylint's own fields beside them; several inputs give ``{"reports": [...]}``. Schema:
``citylint/reports/report.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from citylint import __version__
from citylint.i18n import SOURCE_LANG, finding_message, rule_title, translate
from citylint.model import Finding, Notice, Report, Rule
from citylint.reports import DEFAULT_FAIL_ON, jsontext
from citylint.reports.section import section_data


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and not math.isfinite(value):  # NaN and infinities are not JSON
        return str(value)
    return value


def _sample(finding: Finding, rule: Rule, lang: str) -> dict[str, Any]:
    sample = {k: _plain(v) for k, v in finding.fields.items()}
    # citylint's additions sit under one key, so that no MobilityData field (some notices have a "message")
    # is ever shadowed.
    sample["citylint"] = {
        "message": finding.message,
        "location": finding.location.as_dict(),
        "fingerprint": finding.fingerprint,
    }
    if lang != SOURCE_LANG:  # the English message stays where tools expect it; the translation sits beside it
        sample["citylint"]["localizedMessage"] = finding_message(rule, finding, lang)
    if finding.lockin:
        sample["citylint"]["lockin"] = finding.lockin
    return sample


def _notice(notice: Notice, lang: str = SOURCE_LANG) -> dict[str, Any]:
    return {
        "code": notice.rule.code,
        "severity": notice.severity.value,
        "totalNotices": notice.total,
        "suppressedNotices": notice.suppressed,
        "sampleNotices": [_sample(f, notice.rule, lang) for f in notice.samples],
        "family": notice.rule.family,
        "summary": notice.rule.summary,
        "title": rule_title(notice.rule, lang),
        "specUrl": notice.rule.spec,
        "eifLayer": notice.rule.layer.value,
        "lockinKind": notice.rule.lockin.value if notice.rule.lockin else None,
    }


def report_dict(report: Report, lang: str = SOURCE_LANG) -> dict[str, Any]:
    gtfs = report.summary.get("gtfs", {})
    counts = report.counts()
    summary = {
        "validatorVersion": __version__,
        "validator": "citylint",
        "gtfsInput": report.input if report.kind == "gtfs" else None,
        "dateForValidation": report.validation_date,
        **gtfs,
        "input": report.input,
        "inputKind": report.kind,
        "profile": report.profile,
        "lang": lang,
        "findingCounts": {s.value: n for s, n in counts.items()},
        "suppressedCounts": {s.value: n for s, n in report.suppressed_counts().items()},
        "rulesChecked": report.checked,
        "timings": {**report.summary.get("timings", {}), **report.timings},
        # What other validators (plugins included) say about the input, under their own key.
        **{k: v for k, v in report.summary.items() if k not in ("gtfs", "timings", "lockin")},
    }
    return {
        # Whole-input answers ("ready for transport.data.gouv.fr?") come first, as the reader asks them first.
        "verdicts": [
            {
                "scheme": v.scheme,
                "passed": v.passed,
                "headline": v.headline,
                "title": translate(v.headline, lang),
                "reasons": list(v.reasons),
            }
            for v in report.verdicts
        ],
        "summary": summary,
        "notices": [_notice(n, lang) for n in report.sorted_notices()],
        "systemErrors": [{"code": e.code, "message": e.message, **e.detail} for e in report.system_errors],
        # the lock-in map and score (docs/lockin.md), the scorecard per EIF layer / principle (eif4scc)
        **section_data(report),
    }


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    if len(reports) == 1:
        body: dict[str, Any] = report_dict(reports[0], lang)
    else:
        body = {"validatorVersion": __version__, "reports": [report_dict(r, lang) for r in reports]}
    return jsontext.dumps(body) + "\n"
