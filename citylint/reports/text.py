"""The terminal summary a transport authority reads: verdict, counts per severity, top codes with a sample."""

from __future__ import annotations

from collections.abc import Sequence

from citylint.model import Report, Severity

TOP_CODES = 15
_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _one(report: Report, color: bool) -> list[str]:
    lines = [_paint(f"{report.input}", "1", color) + f"  ({report.kind}, profile {report.profile or '-'}, "
             f"date {report.validation_date})"]
    if report.system_errors:
        for error in report.system_errors:
            lines.append("  " + _paint("could not validate", "1;31", color) + f": {error.message}")
        return lines
    counts = report.counts()
    worst = report.worst()
    verdict = {Severity.ERROR: "NOT CONFORMANT", Severity.WARNING: "conformant, with warnings",
               Severity.INFO: "conformant", None: "conformant"}[worst]
    lines.append(f"  verdict: {_paint(verdict, _COLORS.get(worst, '32') if worst else '32', color)}")
    suppressed = sum(report.suppressed_counts().values())
    lines.append("  " + ", ".join(f"{counts[s]:,} {s.value.lower()}" for s in Severity)
                 + (f" ({suppressed:,} more suppressed by the baseline)" if suppressed else ""))
    notices = [n for n in report.sorted_notices() if n.active]
    for notice in notices[:TOP_CODES]:
        label = _paint(f"{notice.severity.value:<7}", _COLORS[notice.severity], color)
        lines.append(f"  {label} {notice.rule.code} ×{notice.active:,} — {notice.rule.summary}")
        if notice.samples:
            lines.append(f"          e.g. {notice.samples[0].message}")
    if len(notices) > TOP_CODES:
        lines.append(f"  ... and {len(notices) - TOP_CODES} more codes (use --format json for all)")
    return lines


def render(reports: Sequence[Report], color: bool = False) -> str:
    blocks = ["\n".join(_one(r, color)) for r in reports]
    return "\n\n".join(blocks) + "\n"
