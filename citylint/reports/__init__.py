"""Output formats. Each is a pure function of the reports (and the registry's rule docs):
``render(reports, color=False, lang="en")``."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence

from citylint.i18n import SOURCE_LANG
from citylint.model import Report

# render(reports, color, lang): lang is the language of the human texts; a renderer written before languages
# existed (render(reports, color)) still works through render() below, in English.
Renderer = Callable[..., str]


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


def _takes_lang(renderer: Renderer) -> bool:
    try:
        parameters = inspect.signature(renderer).parameters
    except (TypeError, ValueError):
        return False
    return "lang" in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def _accepts(renderer: Renderer, name: str) -> bool:
    try:
        return name in inspect.signature(renderer).parameters
    except (TypeError, ValueError):
        return False


def render(
    fmt: str, reports: Sequence[Report], color: bool = False, lang: str = SOURCE_LANG, **settings: object
) -> str:
    """The report in format ``fmt``, its human texts in ``lang`` where the renderer translates. ``settings``
    (such as ``fail_on``) go to the renderers that take them by name, and only to those."""
    renderer = REPORTERS[fmt]
    extra = {k: v for k, v in settings.items() if _accepts(renderer, k)}
    if _takes_lang(renderer):
        return renderer(reports, color, lang=lang, **extra)
    return renderer(reports, color, **extra)


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
