"""Output formats. Each is a pure function of the reports (and the registry's rule docs), with one signature
(:class:`Renderer`): ``render(reports, *, color=False, lang="en", fail_on="info")``. Parts of a report that
other modules own (lock-in, scorecard) come through ``reports/section.py``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from citylint.i18n import SOURCE_LANG
from citylint.model import Report

DEFAULT_FAIL_ON = "info"


class Renderer(Protocol):
    """Every format's ``render``: ``color`` (ANSI colours, the text format on a terminal), ``lang`` (the
    language of the human texts, for the formats that translate), ``fail_on`` (the command's --fail-on, for
    the formats that say what fails, JUnit); a format ignores what it does not use."""

    def __call__(
        self,
        reports: Sequence[Report],
        *,
        color: bool = False,
        lang: str = SOURCE_LANG,
        fail_on: str = DEFAULT_FAIL_ON,
    ) -> str: ...


class _Reporters(Mapping[str, Renderer]):
    """Format name -> its ``render``, the format's module imported on first use: a run loads the libraries of
    the formats it writes (Jinja2 for html, rdflib for earl, junitparser for junit) and no others."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules

    def __getitem__(self, fmt: str) -> Renderer:
        module = importlib.import_module(f"{__name__}.{self._modules[fmt]}")
        renderer: Renderer = module.render
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


REPORTERS: Mapping[str, Renderer] = _Reporters(
    {
        "text": "text",
        "json": "json_report",
        "sarif": "sarif",
        "junit": "junit",
        "earl": "earl",
        "markdown": "markdown",
        "html": "html",
    }
)


def render(
    fmt: str,
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    """The report in format ``fmt``, its human texts in ``lang`` where the format translates."""
    return REPORTERS[fmt](reports, color=color, lang=lang, fail_on=fail_on)


# File name extensions for --output-dir (citylint-report.<ext>); a format not listed uses its own name.
EXTENSIONS = {"text": "txt", "junit": "xml", "earl": "ttl", "markdown": "md"}


def report_file_name(fmt: str) -> str:
    return f"citylint-report.{EXTENSIONS.get(fmt, fmt)}"


# What ``--output FILE`` without ``--format`` writes, by FILE's extension: ``-o report.html`` is an HTML page,
# never a text report under an .html name.
FORMAT_OF_EXTENSION = {
    ".txt": "text",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".ttl": "earl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for_file(name: str) -> str | None:
    """The format a report file of this name is in, None when its extension names none."""
    suffix = name[name.rfind(".") :].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return FORMAT_OF_EXTENSION.get(suffix)
