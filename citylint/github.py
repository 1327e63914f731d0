"""GitHub Actions workflow annotations (``::error file=...,line=...::message``) for a run inside a workflow.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job) and drops the rest
silently, so citylint writes that many of each, worst codes first, and one plain line saying how many more
the report holds.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from citylint.escape import visible
from citylint.model import Report, Severity
from citylint.reports.common import member_file, where

PER_KIND = 10  # annotations of one kind GitHub shows per step
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    # GitHub's data escapes (actions/runner src/Runner.Common/ActionCommand.cs, _escapeDataMappings), and the
    # legacy "##[" prefix broken, which the runner's TryParse finds anywhere in a line
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace("##[", "#\\x23[")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(reports: Sequence[Report]) -> list[str]:
    """The workflow commands for the findings (samples) of ``reports``, capped as GitHub caps them, and a last
    plain line when findings are left out."""
    lines: list[str] = []
    shown = {s: 0 for s in Severity}
    for report in reports:
        for notice in report.sorted_notices():
            for finding in notice.samples:
                if shown[notice.severity] >= PER_KIND:
                    break
                shown[notice.severity] += 1
                path, own_file = member_file(report, finding, uri=False)
                props = [
                    f"file={_property(visible(path))}",
                    f"title={_property('citylint ' + notice.rule.code)}",
                ]
                if own_file and finding.location.row is not None:
                    props.insert(1, f"line={finding.location.row}")
                place = where(finding)
                message = finding.message + (
                    f" ({place} in {report.input})" if place and not own_file else ""
                )
                lines.append(f"::{COMMANDS[notice.severity]} {','.join(props)}::{_data(visible(message))}")
    total = sum(sum(r.counts().values()) for r in reports)
    left_out = total - sum(shown.values())
    if left_out > 0:
        lines.append(
            f"citylint: {total:,} findings, {sum(shown.values())} shown as annotations (GitHub shows "
            f"{PER_KIND} per severity per step); {left_out:,} more are in the report."
        )
    return lines
