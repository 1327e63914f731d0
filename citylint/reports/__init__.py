"""Output formats. Each is a pure function of the reports (and the registry's rule docs): ``render(reports)``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from citylint.model import Report
from citylint.reports import earl, json_report, junit, markdown, sarif, text

Renderer = Callable[[Sequence[Report], bool], str]

REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "earl": earl.render,
    "markdown": markdown.render,
}

# File name extensions for --output-dir (citylint-report.<ext>); a format not listed uses its own name.
EXTENSIONS = {"text": "txt", "junit": "xml", "earl": "ttl", "markdown": "md"}


def report_file_name(fmt: str) -> str:
    return f"citylint-report.{EXTENSIONS.get(fmt, fmt)}"
