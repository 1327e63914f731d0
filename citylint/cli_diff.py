"""``citylint diff OLD.json NEW.json``: what changed between two runs (registered on the main command
group)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from citylint.diff import ReportFileError, diff_json, diff_reports, diff_text, load_report, new_at_or_above


@click.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Lowest severity of *new* findings that makes the exit code 1.",
)
def diff(old: Path, new: Path, fmt: str, fail_on: str) -> None:
    """Compare two JSON reports (citylint check --format json): new, fixed and unchanged findings per code.

    Findings are matched by fingerprint where both reports hold all of a code's findings as samples, by totals
    otherwise (each code says which). Exit code: 0 no new finding at or above --fail-on, 1 some, 2 unreadable
    report.
    """
    try:
        result = diff_reports(load_report(old), load_report(new))
    except ReportFileError as exc:
        click.echo(f"citylint: error: {exc}", err=True)
        sys.exit(2)
    click.echo(diff_json(result) if fmt == "json" else diff_text(result, (str(old), str(new))), nl=False)
    sys.exit(1 if new_at_or_above(result, fail_on) else 0)
