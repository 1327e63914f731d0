"""Translations. English is written in the code; other languages come from gettext catalogues read with Babel.

Catalogues live in ``citylint/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per owner so that a family's
translations sit beside nobody else's: ``ui`` (report and CLI strings), ``rules-<family>`` (each rule's title and
message template, with the rule code as message context), and one domain per report format that has its own strings
(e.g. ``html``). Reports translate at render time, so a report stays one language-free list of findings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from citylint.model import Finding, Rule

SOURCE_LANG = "en"
LANGS = ("en", "fr")
LOCALE = files("citylint").joinpath("locale")


@cache
def catalog(lang: str, domain: str) -> Catalog | None:
    entry = LOCALE.joinpath(lang, "LC_MESSAGES", f"{domain}.po")
    if lang == SOURCE_LANG or not entry.is_file():
        return None
    with entry.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


def translate(msgid: str, lang: str, *, domain: str = "ui", context: str | None = None) -> str:
    """``msgid`` in ``lang``; the English text when the catalogue has no (or only a fuzzy) translation."""
    found = catalog(lang, domain)
    message = found.get(msgid, context=context) if found is not None else None
    if message is None or message.fuzzy or not isinstance(message.string, str) or not message.string:
        return msgid
    return message.string


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
    return rule.render(finding.fields, rule_message_template(rule, lang))


def default_lang(environ: Mapping[str, Any] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first set of LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG (a colon-separated priority list), the first listed language citylint has; else English."""
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
