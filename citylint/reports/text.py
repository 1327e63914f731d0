"""The terminal summary a transport authority reads: verdict, counts per severity, top codes with a sample."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from citylint.escape import visible
from citylint.i18n import (
    N_,
    SOURCE_LANG,
    finding_message,
    format_number,
    rule_title,
    translate,
    translate_plural,
)
from citylint.model import Finding, Report, Severity
from citylint.reports import DEFAULT_FAIL_ON
from citylint.reports.common import headline_verdict
from citylint.reports.platform import platform_lines
from citylint.reports.section import SECTIONS
from citylint.sections import is_advice, standard_name, standard_notices
from citylint.sections import worst as section_worst

TOP_CODES = 15
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_VERDICTS = {
    Severity.ERROR: N_("NOT CONFORMANT"),
    Severity.WARNING: N_("conformant, with warnings"),
    Severity.INFO: N_("conformant"),
    None: N_("conformant"),
}
_LABELS = {Severity.ERROR: N_("ERROR"), Severity.WARNING: N_("WARNING"), Severity.INFO: N_("INFO")}


def plain(text: str) -> str:
    """Inline code as a terminal shows it: without the Markdown / reStructuredText backticks of the titles
    (``feed_end_date`` reads as feed_end_date)."""
    return text.replace("``", "").replace("`", "")


def with_file(finding: Finding, message: str) -> str:
    """The message, led by the file it is about when the message does not name it ("service 676 (row 2)" alone
    does not say which file row 2 is in)."""
    file = finding.location.file
    return f"{file}: {message}" if file and file not in message else message


def counts_line(counts: dict[Severity, int], lang: str = SOURCE_LANG) -> str:
    """ "3 errors, 1 warning, 0 info" in ``lang``."""
    forms = {
        Severity.ERROR: translate_plural("{count} error", "{count} errors", counts[Severity.ERROR], lang),
        Severity.WARNING: translate_plural(
            "{count} warning", "{count} warnings", counts[Severity.WARNING], lang
        ),
        Severity.INFO: translate_plural("{count} info", "{count} info", counts[Severity.INFO], lang),
    }
    return ", ".join(forms[s].format(count=format_number(counts[s], lang)) for s in Severity)


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _one(report: Report, color: bool, lang: str) -> list[str]:
    def t(msgid: str) -> str:
        return translate(msgid, lang)

    lines = [
        _paint(visible(report.input), "1", color)
        + "  "
        + translate("({kind}, profile {profile}, date {date})", lang).format(
            kind=report.kind, profile=report.profile or "-", date=report.validation_date
        )
    ]
    for answer in report.verdicts:  # whole-input answers first: what the reader came to know
        mark = _paint("✓", "32", color) if answer.passed else _paint("✗", "1;31", color)
        reasons = f" — {visible(', '.join(answer.reasons))}" if answer.reasons else ""
        lines.append(f"  {mark} {translate(answer.headline, lang)}{reasons}")
    lines += platform_lines(report, lang)
    if report.system_errors:
        for error in report.system_errors:
            lines.append(
                "  "
                + translate("{could_not_validate}: {message}", lang).format(
                    could_not_validate=_paint(translate("could not validate", lang), "1;31", color),
                    message=visible(error.message),
                )
            )
        return lines
    # with an advice section apart (citylint.sections), the verdict is the standard's alone
    standard = standard_name(report)
    worst = report.worst() if standard is None else section_worst(standard_notices(report))
    verdict = _paint(t(_VERDICTS[worst]), _COLORS.get(worst, "32") if worst else "32", color)
    # a transport.data.gouv.fr verdict printed first is the headline: no second, contradicting one
    if headline_verdict(report) is None and standard is None:
        lines.append("  " + translate("verdict: {verdict}", lang).format(verdict=verdict))
    elif headline_verdict(report) is None:
        lines.append(
            "  "
            + translate("verdict ({standard}, official checks): {verdict}", lang).format(
                standard=standard, verdict=verdict
            )
        )
    for table, facts in sorted(_not_checked(report).items()):
        lines.append(
            "  "
            + translate_plural(
                "not checked: {table} ({reason}), {count} value",
                "not checked: {table} ({reason}), {count} values",
                facts["values"],
                lang,
            ).format(table=table, reason=t(facts["reason"]), count=format_number(facts["values"], lang))
        )
    suppressed = sum(report.suppressed_counts().values())
    lines.append(
        "  "
        + counts_line(report.counts(), lang)
        + (
            " "
            + translate("({count} more suppressed by the baseline)", lang).format(
                count=format_number(suppressed, lang)
            )
            if suppressed
            else ""
        )
    )
    notices = [n for n in report.sorted_notices() if n.active and not is_advice(report, n)]
    advice = [n for n in report.sorted_notices() if n.active and is_advice(report, n)]
    labels = {s: t(_LABELS[s]) for s in Severity}
    width = max(len(label) for label in labels.values())
    shown = notices[:TOP_CODES]
    for notice in shown + advice[: max(0, TOP_CODES - len(shown))]:
        if advice and notice is advice[0]:
            lines.append(
                "  "
                + translate("citylint's own checks, beside {standard} ({verdict}):", lang).format(
                    standard=standard, verdict=t(_VERDICTS[section_worst(advice)])
                )
            )
        label = _paint(f"{labels[notice.severity]:<{width}}", _COLORS[notice.severity], color)
        lines.append(
            f"  {label} {notice.rule.code} ×{format_number(notice.active, lang)} — "
            f"{plain(rule_title(notice.rule, lang))}"
        )
        if notice.samples:
            sample = visible(
                with_file(notice.samples[0], finding_message(notice.rule, notice.samples[0], lang))
            )
            lines.append(" " * (width + 3) + translate("e.g. {message}", lang).format(message=sample))
    notices = notices + advice
    if len(notices) > TOP_CODES:
        more = len(notices) - TOP_CODES
        lines.append(
            "  "
            + translate_plural(
                "... and {count} more code (use --format json for all)",
                "... and {count} more codes (use --format json for all)",
                more,
                lang,
            ).format(count=format_number(more, lang))
        )
    for section in SECTIONS:  # lock-in, scorecard: they name vendors and files of the data
        lines += [visible(line) for line in section.text_lines(report, lang)]
    return lines


def _not_checked(report: Report) -> dict[str, dict[str, Any]]:
    """Controlled vocabularies whose values were not checked (their table is not installed)."""
    facts = report.summary.get("metadata")
    tables = facts.get("vocabularyTables") if isinstance(facts, dict) else None
    found = tables.get("notChecked") if isinstance(tables, dict) else None
    return found if isinstance(found, dict) else {}


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    blocks = ["\n".join(_one(r, color, lang)) for r in reports]
    return "\n\n".join(blocks) + "\n"
