"""A compact Markdown summary for pull-request comments and CI job summaries: verdict, counts per severity,
the top codes with one sample each, and every code with its samples in a collapsed section."""

from __future__ import annotations

from collections.abc import Sequence

from citylint.escape import markdown_text
from citylint.lockin.report import lockin_section
from citylint.model import Notice, Report, Severity
from citylint.reports.common import verdict, where
from citylint.rules_doc import rule_page_url

TOP_CODES = 5
SAMPLES_IN_DETAILS = 5
_ICONS = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}


def _cell(text: str) -> str:
    """Text safe inside a table cell or a list item: no pipes, line breaks, HTML, links, images or @mentions
    from the data (escape.markdown_text)."""
    return markdown_text(text)


def _code(notice: Notice) -> str:
    return f"[`{notice.rule.code}`]({rule_page_url(notice.rule.code)})"


def _lockin(report: Report) -> list[str]:
    """The lock-in map and score for a pull-request comment: a short list, not a wide table."""
    section = lockin_section(report)
    result = section["score"]
    if result["dataset"] is None and not report.lockin:
        return []
    score = "not assessed" if result["dataset"] is None else f"{result['dataset']:g}/100"
    lines = ["", f"**Lock-in score: {score}** (licence: {result['licence']}; see docs/lockin.md)", ""]
    for origin in report.lockin[:TOP_CODES]:
        exit_path = origin.exit.get("keeps") if origin.exit else None
        lines.append(
            f"- {_cell(origin.origin)} ({origin.kind.value}, {origin.layer.value}) ×{origin.findings:,}"
            + (f" — alternative: {_cell(origin.alternative)}" if origin.alternative else "")
            + (f"; exit keeps: {_cell(exit_path)}" if exit_path else "")
        )
    return lines


def _scorecard(report: Report) -> list[str]:
    card = report.scorecard
    if not card:
        return []
    lines = ["", f"<details><summary>Scorecard: {_cell(card['framework'])}</summary>", ""]
    for item in card["layers"] + card["principles"]:
        state = (
            "not assessed"
            if item.get("status") == "not_assessed"
            else f"{item['run']} run, {item['passed']} passed, {item['failed']} failed"
        )
        lines.append(f"- {_cell(item['name'])}: {state}")
    lines += ["", "</details>"]
    return lines


def _one(report: Report) -> list[str]:
    lines = [f"### citylint: {_cell(report.input)} — **{verdict(report)}**", ""]
    lines.append(
        f"{report.kind}, profile `{report.profile or '-'}`, validation date {report.validation_date}"
    )
    lines.append("")
    for error in report.system_errors:
        lines.append(f"- ⛔ could not check: {_cell(error.message)} (`{error.code}`)")
    if report.system_errors:
        lines.append("")
    counts, suppressed = report.counts(), report.suppressed_counts()
    show_suppressed = any(suppressed.values())
    lines.append("| severity | findings |" + (" suppressed by baseline |" if show_suppressed else ""))
    lines.append("|---|---:|" + ("---:|" if show_suppressed else ""))
    for severity in Severity:
        lines.append(
            f"| {_ICONS[severity]} {severity.value} | {counts[severity]:,} |"
            + (f" {suppressed[severity]:,} |" if show_suppressed else "")
        )
    lines.append("")
    active = [n for n in report.sorted_notices() if n.active]
    for notice in active[:TOP_CODES]:
        sample = f" — e.g. {_cell(notice.samples[0].message)}" if notice.samples else ""
        lines.append(
            f"- {_ICONS[notice.severity]} {_code(notice)} ×{notice.active:,}: "
            f"{_cell(notice.rule.summary)}{sample}"
        )
    if not active:
        lines.append("No findings." if not show_suppressed else "No findings beyond the baseline.")
    lines += _lockin(report) + _scorecard(report)
    notices = report.sorted_notices()
    if notices:
        lines += ["", f"<details><summary>All {len(notices)} codes</summary>", ""]
        lines += ["| code | severity | findings | suppressed | summary |", "|---|---|---:|---:|---|"]
        for notice in notices:
            lines.append(
                f"| {_code(notice)} | {notice.severity.value} | {notice.active:,} | {notice.suppressed:,} "
                f"| {_cell(notice.rule.summary)} |"
            )
        lines.append("")
        for notice in notices:
            if not notice.samples:
                continue
            lines.append(f"**`{notice.rule.code}`**")
            lines.append("")
            for finding in notice.samples[:SAMPLES_IN_DETAILS]:
                place = where(finding)
                lines.append(f"- {_cell(finding.message)}" + (f" ({_cell(place)})" if place else ""))
            lines.append("")
        lines.append("</details>")
    return lines


def render(reports: Sequence[Report], color: bool = False) -> str:
    return "\n\n".join("\n".join(_one(r)).rstrip() for r in reports) + "\n"
