"""Translations. English is written in the code; other languages come from gettext catalogues read with Babel.

Catalogues live in ``citylint/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per owner so that a family's
translations sit beside nobody else's: ``ui`` (report and CLI strings), ``rules-<family>`` (each rule's title
and message template, with the rule code as message context), and one domain per report format that has its
own strings (e.g. ``html``). Reports translate at render time, so a report stays one language-free list of
findings.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from citylint.model import Finding, Rule

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

SOURCE_LANG = "en"
LANGS = ("en", "fr")
LOCALE = files("citylint").joinpath("locale")


@cache
def catalog(lang: str, domain: str) -> Catalog | None:
    entry = LOCALE.joinpath(lang, "LC_MESSAGES", f"{domain}.po")
    if lang == SOURCE_LANG or not entry.is_file():
        return None
    from babel.messages.pofile import read_po  # Babel loads only for a language other than English

    with entry.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def N_(msgid: str) -> str:  # gettext's name for "translate later", which extractors know
    """Mark ``msgid`` for extraction where it is written; it is translated where it is shown."""
    return msgid


def translate(msgid: str, lang: str, *, domain: str = "ui", context: str | None = None) -> str:
    """``msgid`` in ``lang``; the English text when the catalogue has no (or only a fuzzy) translation."""
    found = catalog(lang, domain)
    message = found.get(msgid, context=context) if found is not None else None
    if message is None or message.fuzzy or not isinstance(message.string, str) or not message.string:
        return msgid
    return message.string


@cache
def _plural_rule(lang: str, domain: str) -> Callable[[int], int]:
    found = catalog(lang, domain)
    return gettext.c2py(found.plural_expr if found is not None else "(n != 1)")


def translate_plural(singular: str, plural: str, count: int, lang: str, *, domain: str = "ui") -> str:
    """The form of ``singular`` / ``plural`` that ``count`` takes in ``lang`` (French: 0 and 1 are
    singular)."""
    found = catalog(lang, domain)
    message = found.get((singular, plural)) if found is not None else None
    forms = message.string if message is not None and not message.fuzzy else None
    if not isinstance(forms, (tuple, list)) or not all(forms):
        return singular if count == 1 else plural
    index = _plural_rule(lang, domain)(count)
    return str(forms[min(index, len(forms) - 1)])


def format_number(value: float, lang: str) -> str:
    """``value`` with the language's digit grouping ("1,234" in English, "1 234" in French)."""
    if lang == SOURCE_LANG and type(value) is int and abs(value) < 10**18:
        return f"{value:,}"  # Babel's English grouping of a count, without loading Babel and its locale data
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


def rule_domain(rule: Rule) -> str:
    return f"rules-{rule.family}"


def rule_title(rule: Rule, lang: str) -> str:
    return translate(rule.summary, lang, domain=rule_domain(rule), context=rule.code)


def rule_message_template(rule: Rule, lang: str) -> str:
    return translate(rule.message, lang, domain=rule_domain(rule), context=rule.code)


def finding_message(rule: Rule, finding: Finding, lang: str) -> str:
    """The finding's message in ``lang``, rendered from its own fields."""
    if lang == SOURCE_LANG:
        return finding.message
    # a field may carry its own translation as "name@lang" (a SHACL result's message, written per language)
    suffix = "@" + lang
    localised = {k[: -len(suffix)]: v for k, v in finding.fields.items() if k.endswith(suffix)}
    from citylint.localize import localized_fields

    fields = {**finding.fields, **localised} if localised else finding.fields
    return rule.render(localized_fields(fields, lang, rule.family), rule_message_template(rule, lang))


def resolve_lang(requested: str | None, environ: Mapping[str, Any] | None = None) -> str:
    """The language of a run: the one asked for (``--lang``), else the environment's. The one place that
    decides, so that other defaults (a profile's language) slot in here."""
    if requested:
        code = requested.split(".")[0].split("_")[0].split("-")[0].lower()
        if code not in LANGS:
            raise ValueError(f"unknown language {requested!r}: citylint speaks {', '.join(LANGS)}")
        return code
    return default_lang(environ)


def default_lang(environ: Mapping[str, Any] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first set of LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG (a colon-separated priority list), the first listed language citylint has; else
    English."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = str(env.get(variable) or "")
        if not value or value in ("C", "POSIX"):
            continue
        for candidate in value.split(":"):
            code = candidate.split(".")[0].split("_")[0].lower()
            if code in LANGS:
                return code
        return SOURCE_LANG
    return SOURCE_LANG
