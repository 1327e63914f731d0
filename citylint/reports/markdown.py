"""A compact Markdown summary for pull-request comments and CI job summaries: verdict, counts per severity,
the top codes with one sample each, and every code with its samples in a collapsed section."""

from __future__ import annotations

from collections.abc import Sequence

from citylint.escape import markdown_text
from citylint.i18n import SOURCE_LANG
from citylint.model import Notice, Report, Severity
from citylint.reports import DEFAULT_FAIL_ON
from citylint.reports.common import verdict, where
from citylint.reports.section import SECTIONS
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
    for section in SECTIONS:  # lock-in, scorecard: written by their modules
        lines += section.markdown_lines(report)
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


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    return "\n\n".join("\n".join(_one(r)).rstrip() for r in reports) + "\n"
