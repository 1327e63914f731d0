"""Validity of the GTFS text formats that are not numbers: URL, e-mail, phone, time zone, language, currency.

These run on the distinct values of a column (a few thousand at most, even in large feeds), never per row.
They follow the libraries MobilityData's validator relies on (Apache commons-validator, libphonenumber,
the tz database, ISO 4217, BCP 47), with the differences listed in ``docs/parity.md``.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from importlib.resources import files

import phonenumbers

_LABEL = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)"
_HOST = rf"(?:{_LABEL}\.)+[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]|\d{{1,3}}(?:\.\d{{1,3}}){{3}}|\[[0-9a-fA-F:]+\]"
_URL = re.compile(
    rf"\A(?i:https?|ftp)://(?:[^@/?#\s]*@)?(?:{_HOST})(?::\d{{1,5}})?(?:/[^?#\s]*)?(?:\?[^#\s]*)?(?:#.*)?\Z",
    re.DOTALL,
)
_EMAIL = re.compile(
    rf"\A[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{{|}}~-]+)*@(?:{_LABEL}\.)+[a-zA-Z]{{2,}}\Z"
)
# RFC 5646 well-formed language tags (langtag / privateuse / grandfathered irregular).
_ALNUM = "[a-zA-Z0-9]"
_LANGTAG = re.compile(
    r"\A(?:"
    r"(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4}|[a-zA-Z]{5,8})"  # language [-extlang]
    r"(?:-[a-zA-Z]{4})?"  # script
    r"(?:-(?:[a-zA-Z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyzA-WYZ](?:-{_ALNUM}{{2,8}})+)*"  # extensions
    rf"(?:-[xX](?:-{_ALNUM}{{1,8}})+)?"  # private use
    rf"|[xX](?:-{_ALNUM}{{1,8}})+"
    r"|(?i:en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao"
    r"|i-tay|i-tsu|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE)"
    r")\Z"
)


def is_url(value: str) -> bool:
    return bool(_URL.match(value)) and "//" not in value.split("://", 1)[1].split("?", 1)[0]


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def is_language_code(value: str) -> bool:
    return bool(_LANGTAG.match(value))


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_timezone(value: str) -> bool:
    return value in _timezones()


@cache
def currency_digits() -> dict[str, int]:
    """ISO 4217 active codes → number of minor-unit digits (from the packaged ``currencies.tsv``)."""
    text = files("citylint.validators.gtfs").joinpath("currencies.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "code")))
    return {code: int(digits) for code, digits, *_ in rows}


def is_currency(value: str) -> bool:
    return value in currency_digits()


def is_phone_number(value: str, country: str | None) -> bool:
    """libphonenumber's 'possible number' test; without a known country MobilityData does not check."""
    if not country or country.upper() not in phonenumbers.SUPPORTED_REGIONS:
        return True
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(value, country.upper())))
    except phonenumbers.NumberParseException:
        return False
