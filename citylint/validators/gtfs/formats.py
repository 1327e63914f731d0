"""Validity of the GTFS text formats that are not numbers: URL, e-mail, phone, time zone, language, currency.

These run on the distinct values of a column (a few thousand at most, even in large feeds), never per row.
They follow the libraries MobilityData's validator relies on (Apache commons-validator, libphonenumber,
the tz database, ISO 4217, BCP 47), with the differences listed in ``docs/parity.md``.
"""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from functools import cache
from importlib.resources import files

# Host names as commons-validator's DomainValidator reads them: ASCII labels of at most 63 characters, a top
# label shaped like a delegated one, an optional root dot. Internationalised names are converted to punycode
# first.
_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
# Every delegated top-level domain is two letters or more, or the punycode form of a non-ASCII one.
_TOP_LABEL = r"(?:[a-zA-Z]{2,63}|[xX][nN]--[a-zA-Z0-9-]{1,59})"
_DOMAIN = re.compile(rf"\A(?:{_LABEL}\.)+{_TOP_LABEL}\.?\Z")
_IPV4 = re.compile(r"\A(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}\Z")
# RFC 3986 appendix B: scheme, authority, path, query, fragment (the split commons-validator starts from).
_URL_PARTS = re.compile(r"\A([^:/?#]+):(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?\Z", re.DOTALL)
# Authority: optional user[:password]@, then a bracketed IPv6 literal or a host, then an optional port.
_USERINFO = r"[A-Za-z0-9!$%&'()*+,;=._~-]+(?::[A-Za-z0-9!$%&'()*+,;=._~-]*)?@"
_AUTHORITY = re.compile(rf"\A(?:{_USERINFO})?(?:\[([0-9a-fA-F:]+)\]|([A-Za-z0-9.-]*))(?::([0-9]*))?\Z")
# commons' path alphabet is ASCII only: "/café" is not a valid URL path until percent-encoded.
_PATH = re.compile(r"\A(?:/[-A-Za-z0-9_:@&?=+,.!/~*'%$;()]*)?\Z")
_ASCII_SPACE = re.compile(r"[ \t\n\x0b\f\r]")
# E-mail local part (commons EmailValidator): dot-separated words of characters that are neither white space
# nor specials, or quoted strings; non-ASCII letters are allowed. The domain is a host name or [IPv4].
_LOCAL_WORD = r'(?:(?:\\.|[^ \t\n\x0b\f\r\x00-\x1f\x7f()<>@,;:\\".\[\]])+|"[^"]*")'
_LOCAL = re.compile(rf"\A{_LOCAL_WORD}(?:\.{_LOCAL_WORD})*\Z")
MAX_PORT = 65535
MAX_DOMAIN_LENGTH = 253
MAX_LOCAL_LENGTH = 64
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


def _ascii_host(host: str) -> str | None:
    """The punycode form of a host name (as java.net.IDN), or None when it cannot be converted."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _is_domain(host: str) -> bool:
    """A syntactically valid host name.

    MobilityData (commons-validator) also requires the top-level domain to be in the IANA list frozen in its
    release, so ``example.transit`` is invalid there; citylint checks the shape only (see ``docs/parity.md``).
    """
    ascii_host = _ascii_host(host)
    return ascii_host is not None and len(ascii_host) <= MAX_DOMAIN_LENGTH and bool(_DOMAIN.match(ascii_host))


def _is_ipv4(host: str) -> bool:
    # Octets up to 255, without leading zeros ("010" is ambiguous: octal to some resolvers).
    return bool(_IPV4.match(host)) and all(int(octet) <= 255 for octet in host.split("."))


def _is_ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def _escapes_root(path: str) -> bool:
    """Whether the path, normalised as java.net.URI does, climbs above the root ("/../a")."""
    depth = 0
    for segment in path.split("/")[1:]:
        if segment == "..":
            if depth == 0:
                return True
            depth -= 1
        elif segment != ".":
            depth += 1
    return False


def is_url(value: str) -> bool:
    """commons-validator ``UrlValidator`` with default options: an absolute http, https or ftp URL."""
    parts = _URL_PARTS.match(value)
    if not parts:
        return False
    scheme, authority, path, query, _fragment = parts.groups()
    if scheme.lower() not in ("http", "https", "ftp") or authority is None:
        return False
    # commons converts the whole authority to punycode before splitting it.
    auth = _AUTHORITY.match(_ascii_host(authority) or authority)
    if not auth:
        return False
    ipv6, host, port = auth.groups()
    if ipv6 is not None:
        if not _is_ipv6(ipv6):
            return False
    elif not (_is_domain(host) or _is_ipv4(host)) or (port and int(port) > MAX_PORT):
        return False
    if not _PATH.match(path) or "//" in path or _escapes_root(path):
        return False
    return query is None or not _ASCII_SPACE.search(query)


def is_email(value: str) -> bool:
    """commons-validator ``EmailValidator`` (no local addresses): local part, ``@``, host name or [IPv4]."""
    local, at, domain = value.rpartition("@")
    # A trailing dot is refused outright, even though the domain alone would accept a root dot.
    if not at or not local or not domain or value.endswith("."):
        return False
    if len(local) > MAX_LOCAL_LENGTH or not _LOCAL.match(local):
        return False
    if domain.startswith("[") and domain.endswith("]"):
        return _is_ipv4(domain[1:-1])
    return _is_domain(domain)


def is_language_code(value: str) -> bool:
    return bool(_LANGTAG.match(value))


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _packaged_timezones() -> frozenset[str]:
    """The zone names the ``tzdata`` package lists in one file, which ``available_timezones`` starts from."""
    try:
        text = files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError):
        return frozenset()
    return frozenset(zone.strip() for zone in text.splitlines() if zone.strip())


def is_timezone(value: str) -> bool:
    """A name ``zoneinfo.available_timezones()`` holds. That function opens every file under the system's
    time zone folders (~10 ms, every run: issue 22), so a name the packaged list holds is taken from it (the
    function's result includes that list, less "posixrules"), and only another name asks the function."""
    return (value != "posixrules" and value in _packaged_timezones()) or value in _timezones()


@cache
def currency_digits() -> dict[str, int | None]:
    """ISO 4217 active codes → number of minor-unit digits (from the packaged ``currencies.tsv``).

    None for the codes ISO gives no minor unit ("N.A.", written ``-``: gold, SDR, testing...): an amount in
    them may have any number of decimals. (MobilityData takes Java's -1 for them and so reports every amount.)
    """
    text = files("citylint.validators.gtfs").joinpath("currencies.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "code")))
    return {code: None if digits == "-" else int(digits) for code, digits, *_ in rows}


def is_currency(value: str) -> bool:
    return value in currency_digits()


def is_phone_number(value: str, country: str | None) -> bool:
    """libphonenumber's 'possible number' test; without a known country MobilityData does not check."""
    if not country:
        return True
    import phonenumbers  # imported here: only a run with a country_code needs libphonenumber

    if country.upper() not in phonenumbers.SUPPORTED_REGIONS:
        return True
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(value, country.upper())))
    except phonenumbers.NumberParseException:
        return False
