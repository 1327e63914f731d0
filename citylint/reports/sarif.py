"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Follows what code scanning reads: ``tool.driver.rules[]`` generated from the rules' docstrings (``helpUri`` =
the rule's page), ``ruleId`` = the stable rule code, ``partialFingerprints`` from the finding's fingerprint
(no row numbers in it, so an alert survives rows moving), a ``region.startLine`` on every location. A file
inside a zip has no path of its own: the zip is the artifact, the member and row go in the message and a
logical location. GitHub takes at most 25,000 results per run; beyond that each rule keeps an equal share and
the run's properties and notifications say what was left out, as they say what the sample cap left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from citylint import __version__
from citylint.i18n import SOURCE_LANG
from citylint.model import Finding, Notice, Report, Rule
from citylint.reports import DEFAULT_FAIL_ON, jsontext
from citylint.reports.common import LEVELS, input_uri, member_file, where
from citylint.reports.section import section_data
from citylint.rules_doc import PROJECT_URL, rule_markdown, rule_page_url

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000  # GitHub code scanning's limit per run
FINGERPRINT_KEY = "citylintFingerprint/v1"


def per_rule_cap(sizes: dict[str, int], limit: int | None = None) -> int | None:
    """The largest per-rule share that keeps the total within ``limit`` (None: no cap needed).

    Small rules keep all their results; the big ones share what is left equally.
    """
    limit = MAX_RESULTS if limit is None else limit
    if sum(sizes.values()) <= limit:
        return None
    remaining, ordered = limit, sorted(sizes.values())
    for position, size in enumerate(ordered):
        share = remaining // (len(ordered) - position)
        if size > share:
            return share
        remaining -= size
    return None


def _rule(rule: Rule) -> dict[str, Any]:
    tags = [rule.family, f"eif:{rule.layer.value}"] + ([f"lockin:{rule.lockin.value}"] if rule.lockin else [])
    full = rule.description or rule.summary
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.code.split("_")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": f"{rule.summary}\n\n{full}", "markdown": rule_markdown(rule)},
        "helpUri": rule_page_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": tags, **({"specification": rule.spec} if rule.spec else {})},
    }


def _logical(finding: Finding) -> list[dict[str, Any]]:
    loc = finding.location
    if loc.focus_node:
        return [
            {
                "name": loc.focus_node,
                "fullyQualifiedName": f"{loc.focus_node} {loc.path or ''}".strip(),
                "kind": "object",
            }
        ]
    if loc.pointer is not None:
        return [
            {
                "name": loc.pointer or "/",
                "fullyQualifiedName": f"{loc.file or ''}#{loc.pointer}",
                "kind": "value",
            }
        ]
    if loc.file:
        # RFC 7111 fragment for a CSV row; the field name follows as the logical location's own name.
        fragment = f"#row={loc.row}" if loc.row is not None else ""
        return [
            {
                "name": loc.field or loc.file,
                "fullyQualifiedName": f"{loc.file}{fragment}" + (f"/{loc.field}" if loc.field else ""),
                "kind": "resource",
            }
        ]
    return []


def _result(
    report: Report, notice: Notice, finding: Finding, rule_index: int, artifacts: dict[str, int]
) -> dict[str, Any]:
    uri, own_file = member_file(report, finding)
    place = where(finding)
    text = finding.message + (f" ({place}{'' if own_file else ' in ' + report.input})" if place else "")
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": uri, "index": artifacts.setdefault(uri, len(artifacts))},
        # Code scanning needs a start line; a member of a zip has no line in the zip, so it points at line 1.
        "region": {"startLine": finding.location.row if own_file and finding.location.row else 1},
    }
    location: dict[str, Any] = {"physicalLocation": physical}
    logical = _logical(finding)
    if logical:
        location["logicalLocations"] = logical
    return {
        "ruleId": notice.rule.code,
        "ruleIndex": rule_index,
        "level": LEVELS[notice.severity],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        # the finding's lock-in attribution (origin, kind, layer, alternative), when it has one
        "properties": {
            "input": report.input,
            "severity": notice.severity.value,
            **({"lockin": finding.lockin} if finding.lockin else {}),
        },
    }


def _note(text: str, code: str, level: str = "note") -> dict[str, Any]:
    return {"level": level, "message": {"text": text}, "descriptor": {"id": code}}


def sarif_log(reports: Sequence[Report]) -> dict[str, Any]:
    rules: dict[str, tuple[int, Rule]] = {}
    sampled: dict[str, int] = {}
    for report in reports:
        for notice in report.sorted_notices():
            rules.setdefault(notice.rule.code, (len(rules), notice.rule))
            sampled[notice.rule.code] = sampled.get(notice.rule.code, 0) + len(notice.samples)
    cap = per_rule_cap(sampled)
    artifacts: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    used: dict[str, int] = {}
    notifications: list[dict[str, Any]] = []
    totals: dict[str, dict[str, int]] = {}
    for report in reports:
        artifacts.setdefault(input_uri(report.input), len(artifacts))
        for notice in report.sorted_notices():
            code = notice.rule.code
            room = len(notice.samples) if cap is None else max(0, cap - used.get(code, 0))
            chosen = notice.samples[:room]
            used[code] = used.get(code, 0) + len(chosen)
            results += [_result(report, notice, f, rules[code][0], artifacts) for f in chosen]
            entry = totals.setdefault(code, {"findings": 0, "results": 0, "suppressed": 0})
            entry["findings"] += notice.total
            entry["results"] += len(chosen)
            entry["suppressed"] += notice.suppressed
        for error in report.system_errors:
            notifications.append(_note(f"{report.input}: {error.message}", error.code, "error"))
    for code, entry in totals.items():
        left_out = entry["findings"] - entry["suppressed"] - entry["results"]
        if left_out > 0:
            why = (
                "GitHub's 25,000 results per run"
                if cap is not None and entry["results"] >= cap
                else "the sample cap (--max-samples)"
            )
            notifications.append(
                _note(
                    f"{code}: {entry['findings'] - entry['suppressed']:,} findings, {entry['results']:,} "
                    "reported as "
                    f"results; {left_out:,} left out by {why}. The JSON report has the exact counts.",
                    code,
                )
            )
        if entry["suppressed"]:
            notifications.append(
                _note(f"{code}: {entry['suppressed']:,} findings suppressed by the baseline", code)
            )
    invocation = {
        "executionSuccessful": not any(r.system_errors for r in reports),
        "toolExecutionNotifications": notifications,
    }
    run = {
        "tool": {
            "driver": {
                "name": "citylint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [_rule(rule) for _, rule in rules.values()],
            }
        },
        "invocations": [invocation],
        "artifacts": [{"location": {"uri": uri}} for uri in artifacts],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "findings": totals,  # per code: every finding, those reported as results, those suppressed
            "resultsCappedPerRule": cap,
            "inputs": [
                {
                    "input": r.input,
                    "kind": r.kind,
                    "profile": r.profile,
                    "validationDate": r.validation_date,
                    # the lock-in map and score, and the framework scorecard (docs/lockin.md, docs/eif4scc.md)
                    **section_data(r),
                }
                for r in reports
            ],
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    return jsontext.dumps(sarif_log(reports)) + "\n"
