"""A finding's fields as a reader of another language expects them: numbers with that language's decimal mark
and grouping, rounded as a person writes them; dates in its usual form (``15/12/2025`` in French); and, for
the families that keep an upstream validator's English detail texts (fr_nap: transport-validator's
``details``), those texts in the language. The fields themselves stay as they are (JSON keeps the machine
values); only messages rendered for a reader go through here."""

from __future__ import annotations

import datetime as dt
import importlib
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Self

# Families whose rules carry free detail texts, and the module whose ``translate_details(fields, lang)``
# returns the fields with those texts translated.
DETAIL_TRANSLATORS = {"fr_nap": "citylint.validators.fr_nap.french"}
DATE_FORMATS = {"fr": "%d/%m/%Y", "de": "%d.%m.%Y", "es": "%d/%m/%Y", "it": "%d/%m/%Y", "nl": "%d-%m-%Y"}
# Whole-number fields that are quantities (grouped as the language groups digits: "4 661"), not ids or row
# numbers.
_QUANTITY = re.compile(r"(count|total|days|ago|meters|seconds|informed)$", re.IGNORECASE)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def human_round(value: float) -> float | int:
    """As a person writes a measure: whole above 100 (``1055.22`` → 1055), one decimal above 10 (``11.14`` →
    11.1), two below (``0.0834`` → 0.08)."""
    magnitude = abs(value)
    if magnitude >= 100:
        return round(value)
    return round(value, 1 if magnitude >= 10 else 2)


class LocalNumber(float):
    """A float that formats itself in a language: ``{x}`` and ``{x:g}`` round as :func:`human_round`; a
    ``.Nf`` or ``.N%`` spec keeps its digits; the decimal mark, grouping and percent sign follow the
    language."""

    lang: str = "en"

    def __new__(cls, value: float, lang: str) -> Self:
        number = super().__new__(cls, value)
        number.lang = lang
        return number

    def __format__(self, spec: str) -> str:
        from babel.numbers import format_decimal, format_percent

        if spec.endswith("%"):
            digits = int(spec[1:-1]) if spec.startswith(".") and spec[1:-1].isdigit() else 0
            return (
                str(
                    format_percent(
                        float(self), "#,##0" + ("." + "0" * digits if digits else "") + " %", locale=self.lang
                    )
                )
                .replace("\u00a0%", "\u202f%")
                .replace(" %", "\u202f%")
            )
        if spec.endswith("f") and spec.startswith(".") and spec[1:-1].isdigit():
            digits = int(spec[1:-1])
            return str(
                format_decimal(
                    round(float(self), digits),
                    "#,##0" + ("." + "0" * digits if digits else ""),
                    locale=self.lang,
                )
            )
        return str(format_decimal(human_round(float(self)), locale=self.lang))

    def __str__(self) -> str:
        return self.__format__("")


def local_date(value: str, lang: str) -> str:
    """``20251215`` or ``2025-12-15`` in the language's usual form; anything else as it is."""
    pattern = DATE_FORMATS.get(lang)
    match = _COMPACT_DATE.match(value) or _ISO_DATE.match(value)
    if pattern is None or match is None:
        return value
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).strftime(pattern)
    except ValueError:
        return value


def _is_date_field(key: str) -> bool:
    return key.lower().endswith("date") or key in ("date", "startDate", "endDate")


def localized_fields(fields: Mapping[str, Any], lang: str, family: str = "") -> dict[str, Any]:
    """``fields`` ready to render a message in ``lang``."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        measure = isinstance(value, float) and not math.isnan(value)
        quantity = isinstance(value, int) and not isinstance(value, bool) and bool(_QUANTITY.search(key))
        if measure or quantity:
            out[key] = LocalNumber(value, lang)
        elif isinstance(value, str) and _is_date_field(key):
            out[key] = local_date(value, lang)
        else:
            out[key] = value
    module = DETAIL_TRANSLATORS.get(family)
    if module is not None:
        translate: Callable[[dict[str, Any], str], dict[str, Any]] = importlib.import_module(
            module
        ).translate_details
        out = translate(out, lang)
    return out
