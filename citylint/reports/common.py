"""What several formats say the same way: the verdict, where a finding is, where the input's files are."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from citylint.escape import uri_path
from citylint.model import Finding, Report, Rule, Severity, Verdict
from citylint.registry import RegistryError, load_registry

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}  # SARIF, GitHub


def verdict(report: Report) -> str:
    if report.system_errors:
        return "could not validate"
    headline = headline_verdict(report)
    if headline is not None:
        return headline.headline
    worst = report.worst()
    return (
        {Severity.ERROR: "NOT CONFORMANT", Severity.WARNING: "conformant, with warnings"}.get(
            worst, "conformant"
        )
        if worst
        else "conformant"
    )


# Verdicts that answer the question the profile is run for ("will transport.data.gouv.fr accept it?"): when a
# report has one, it is the report's headline and replaces the verdict from the worst severity, so that a
# report never gives two answers that contradict each other.
HEADLINE_SCHEMES = (
    "transport.data.gouv.fr",
    "transport.data.gouv.fr/netex",
    "transport.data.gouv.fr/gtfs-rt",
)


def headline_verdict(report: Report) -> Verdict | None:
    return next((v for v in report.verdicts if v.scheme in HEADLINE_SCHEMES), None)


def where(finding: Finding) -> str:
    """The finding's place inside the input, in words: ``stops.txt, row 7, field stop_lat``."""
    loc = finding.location
    parts = [
        loc.file or "",
        f"row {loc.row}" if loc.row is not None else "",
        f"field {loc.field}" if loc.field else "",
        f"node {loc.focus_node}" if loc.focus_node else "",
        f"path {loc.path}" if loc.path else "",
        f"pointer {loc.pointer}" if loc.pointer else "",
    ]
    return ", ".join(p for p in parts if p)


def input_path(input_path: str) -> str:
    """The input's path relative to the working folder when it lies under it (code scanning and workflow
    annotations want paths relative to the repository root), else absolute; always with forward slashes."""
    path = Path(input_path)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePosixPath(*path.parts).as_posix() if path.parts else "."


def input_uri(input_path_: str) -> str:
    """The input as a URI reference: relative when possible, else an absolute file URI."""
    path = input_path(input_path_)
    return Path(path).as_uri() if Path(path).is_absolute() else uri_path(path)  # as_uri percent-encodes


def member_file(report: Report, finding: Finding, *, uri: bool = True) -> tuple[str, bool]:
    """The file a finding points at (as a URI or a path), and whether it is a file of its own (a folder
    input's member) rather than the input itself (a zip, whose members have no path of their own on disk)."""
    base = input_uri(report.input) if uri else input_path(report.input)
    inner = finding.location.file
    if inner and uri:
        inner = uri_path(inner)
    if inner and os.path.isdir(report.input):
        return (inner if base == "." else f"{base.rstrip('/')}/{inner}"), True
    return base, False


def known_rules() -> dict[str, Rule]:
    """Every registered rule's metadata, for formats that describe rules that ran without findings (the
    reports carry only the codes of those)."""
    try:
        return dict(load_registry().rules)
    except RegistryError:
        return {}
