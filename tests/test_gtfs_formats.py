"""The text formats of GTFS values, case by case, with the verdicts of MobilityData's validator v8.0.1.

Each row is a value users write and what MobilityData (commons-validator, libphonenumber, Locale.Builder,
its mixed-case generator) says of it; the few places where citylint knowingly differs are marked.
"""

from __future__ import annotations

import polars as pl
import pytest

from citylint.validators.gtfs import formats
from citylint.validators.gtfs.values import _is_mixed_case


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://transit.example.org", True),
        ("http://transit.example.org:8080/horaires?ligne=1#top", True),
        ("HTTPS://TRANSIT.EXAMPLE.ORG", True),  # schemes and hosts are case-insensitive
        ("ftp://ftp.example.org/pub/gtfs.zip", True),
        ("http://user:secret@example.org/", True),
        ("http://127.0.0.1/feed", True),
        ("http://[::1]/feed", True),
        ("http://example.org./", True),  # root dot
        ("http://例子.中国/", True),  # internationalised host, checked in punycode
        ("http://example.org/a/../b", True),
        ("http://example.org/#frag ment", True),  # the fragment may hold anything
        ("transit.example.org", False),  # no scheme
        ("www.example.org/horaires", False),
        ("mailto:contact@example.org", False),
        ("//example.org", False),
        ("http://localhost", False),  # no top-level domain
        ("http://example.o", False),  # no one-letter TLD exists
        ("http://999.1.1.1/", False),  # octet above 255
        ("http://example.org:65536/", False),
        ("http://example.org/a//b", False),
        ("http://example.org/../a", False),  # climbs above the root
        ("http://example.org/café", False),  # non-ASCII path must be percent-encoded
        ("http://example.org/a b", False),
        ("http://example.org/?q=a b", False),
        ("http://-bad.example.org", False),
        ("http://[gggg::1]/", False),
    ],
)
def test_url(value: str, valid: bool) -> None:
    assert formats.is_url(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("contact@transit.example.org", True),
        ("contact+horaires@transit-idf.example.fr", True),
        ("o'brien@example.ie", True),
        ('"service client"@example.org', True),  # quoted local part
        ("a@[192.168.0.1]", True),
        ("é@example.org", True),  # commons accepts non-ASCII local parts
        ("info@münchen.de", True),
        ("contact(at)example.org", False),
        ("data@", False),
        ("@example.org", False),
        ("a..b@example.org", False),
        (".a@example.org", False),
        ("a@b@example.org", False),
        ("a@localhost", False),
        ("a@example.org.", False),
        ("a@example.c0m", False),
        ("a@[999.1.1.1]", False),
        ("x" * 65 + "@example.org", False),  # local part over 64 characters
    ],
)
def test_email(value: str, valid: bool) -> None:
    assert formats.is_email(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("fr", True),
        ("fr-FR", True),
        ("FR", True),  # case-insensitive
        ("fr-Latn-FR", True),
        ("zh-Hant-TW", True),
        ("es-419", True),  # UN M.49 region
        ("zh-yue-HK", True),  # extended language subtag
        ("de-CH-1996", True),  # variant
        ("en-US-u-ca-gregory", True),  # extension
        ("x-private", True),
        ("i-klingon", True),  # grandfathered irregular
        ("qaa", True),  # well-formed, even if unassigned: MobilityData checks the grammar only
        ("fr_FR", False),
        ("french", True),  # 5-8 letters is a registered-language shape: valid for MobilityData
        ("francais1", False),
        ("a", False),
        ("en-", False),
        ("en--US", False),
        ("123", False),
    ],
)
def test_language_code(value: str, valid: bool) -> None:
    assert formats.is_language_code(value) is valid


@pytest.mark.parametrize(
    ("value", "country", "valid"),
    [
        ("+33 1 23 45 67 89", "FR", True),
        ("01 23 45 67 89", "FR", True),
        ("+1 415-555-0100", "FR", True),  # international format, any country
        ("12", "FR", False),
        ("01 23", "FR", False),
        ("appelez-nous", "FR", False),
        ("12", None, True),  # without a country MobilityData does not check
        ("12", "ZZ", True),  # nor with an unknown one
        ("(415) 555-0100", "US", True),
        ("555-01", "US", False),
    ],
)
def test_phone_number(value: str, country: str | None, valid: bool) -> None:
    assert formats.is_phone_number(value, country) is valid


@pytest.mark.parametrize(
    ("code", "digits"), [("EUR", 2), ("JPY", 0), ("BHD", 3), ("CLF", 4), ("XAU", None), ("XXX", None)]
)
def test_currency_digits(code: str, digits: int | None) -> None:
    assert formats.is_currency(code)
    assert formats.currency_digits()[code] == digits


@pytest.mark.parametrize(
    ("value", "mixed"),
    [
        ("Gare de l'Est", True),
        ("Gare Centrale", True),
        ("RER B", True),  # one-letter tokens are not judged
        ("Quai 2B", True),
        ("Ligne 1", True),
        ("TGV INOUI", False),
        ("GARE CENTRALE", False),
        ("gare centrale", False),
        ("porte", False),  # a single all-lower-case word
        ("Gare", True),
        ("GARE", True),  # a single all-capital word is accepted
        ("33DP", False),  # the leading empty token before "DP" counts as a second token
        ("1a", True),
        ("a1", True),  # the token is "a": too short to judge
        ("ab1", False),
        ("123", True),  # no letters
        ("ÉVRY COURCOURONNES", False),
        ("Évry Courcouronnes", True),
        ("北京", True),  # no case at all
    ],
)
def test_mixed_case(value: str, mixed: bool) -> None:
    result = pl.DataFrame({"v": [value]}).select(_is_mixed_case(pl.col("v"))).item()
    assert result is mixed


def test_time_zones_are_those_zoneinfo_lists() -> None:
    """is_timezone answers from tzdata's packaged list before the (slow) search of the system's folders:
    the answers must be available_timezones()'s, for every name either knows and for names neither does."""
    import zoneinfo

    available = zoneinfo.available_timezones()
    names = available | formats._packaged_timezones()
    others = {"posixrules", "right/UTC", "posix/UTC", "Mars/Base", "", "europe/paris", "UTC ", "../UTC"}
    assert len(names) > 400
    assert {name for name in names | others if formats.is_timezone(name)} == available
