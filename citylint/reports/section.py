"""Report sections that modules outside ``reports/`` contribute: each says what it adds to every format, and
the renderers ask each registered section in turn (instead of writing the lock-in or scorecard parts
themselves). A new section is one object with these members, added to :data:`SECTIONS`; the HTML page lays
out each section's view in its template (``reports/assets/report.html.j2``).
"""

from __future__ import annotations

from typing import Any, Protocol

from citylint.eif.report import SCORECARD_SECTION
from citylint.lockin.report import LOCKIN_SECTION
from citylint.model import Report


class ReportSection(Protocol):
    """One part of a report, written by the module that owns its data."""

    # The property the section's data is under in the JSON report and in SARIF's ``properties.inputs[]``.
    key: str

    def data(self, report: Report) -> Any | None:
        """The section's data as JSON writes it; None: the report has no such section."""
        ...

    def text_lines(self, report: Report, lang: str) -> list[str]:
        """The text report's lines, in ``lang`` (none when the report has no such section)."""
        ...

    def markdown_lines(self, report: Report) -> list[str]:
        """The Markdown report's lines (a pull-request comment: short), none when there is no section."""
        ...

    def html_view(self, report: Report, lang: str) -> dict[str, Any] | None:
        """What the HTML page's template shows of the section, in ``lang``; None: no such section."""
        ...


# In the order the reports show them.
SECTIONS: tuple[ReportSection, ...] = (LOCKIN_SECTION, SCORECARD_SECTION)


def section_data(report: Report) -> dict[str, Any]:
    """Each section's data under its key, for JSON and SARIF (sections the report does not have left out)."""
    out = {}
    for section in SECTIONS:
        data = section.data(report)
        if data is not None:
            out[section.key] = data
    return out
