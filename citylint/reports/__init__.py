"""Output formats. Each is a pure function of the reports (and the registry's rule docs):
``render(reports, color=False, lang="en")``."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from citylint.i18n import SOURCE_LANG
from citylint.model import Report
from citylint.reports import earl, html, json_report, junit, markdown, sarif, text

# render(reports, color, lang): lang is the language of the human texts; a renderer written before languages
# existed (render(reports, color)) still works through render() below, in English.
Renderer = Callable[..., str]

REPORTERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "earl": earl.render,
    "markdown": markdown.render,
    "html": html.render,
}


def _takes_lang(renderer: Renderer) -> bool:
    try:
        parameters = inspect.signature(renderer).parameters
    except (TypeError, ValueError):
        return False
    return "lang" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def render(fmt: str, reports: Sequence[Report], color: bool = False, lang: str = SOURCE_LANG) -> str:
    """The report in format ``fmt``, its human texts in ``lang`` where the renderer translates."""
    renderer = REPORTERS[fmt]
    if _takes_lang(renderer):
        return renderer(reports, color, lang=lang)
    return renderer(reports, color)


# File name extensions for --output-dir (citylint-report.<ext>); a format not listed uses its own name.
EXTENSIONS = {"text": "txt", "junit": "xml", "earl": "ttl", "markdown": "md"}


def report_file_name(fmt: str) -> str:
    return f"citylint-report.{EXTENSIONS.get(fmt, fmt)}"
