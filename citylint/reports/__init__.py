"""Output formats. Each is a pure function of the reports (and the registry's rule docs): ``render(reports)``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from citylint.model import Report
from citylint.reports import html, json_report, text

Renderer = Callable[[Sequence[Report], bool], str]

REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "html": html.render,
}
