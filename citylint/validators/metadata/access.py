"""Access and hosting checks on the URLs of distributions and data services: credentials in the URL, plain
HTTP, and hosts on software-as-a-service portals or cloud storage (``hosts.yaml``)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from rdflib import URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.metadata.dcat import DCAT, Metadata
from citylint.validators.metadata.lists import hosts
from citylint.validators.metadata.rules import DCAT_AP, MetadataRule

URL_PROPERTIES = (DCAT.accessURL, DCAT.downloadURL, DCAT.endpointURL)


class UrlCarriesCredentials(MetadataRule, code="url_carries_credentials", severity=Severity.ERROR,
                            spec="https://eur-lex.europa.eu/eli/reg_del/2017/1926/oj",
                            layer=EifLayer.ORGANISATIONAL, lockin=LockinKind.ACCESS,
                            message="{focusNode}: {property} carries a credential ({parameter}) in its URL"):
    """An access or download URL carries an API key, token or password.

    ## Why it matters
    A URL that needs a personal key means every reuser must first register with whoever issues keys, who can
    refuse or revoke them: an access barrier the licence does not show. Published in metadata, the key is
    also a leaked secret. Regulation (EU) 2017/1926 defines accessibility as the possibility to request and
    obtain the data at any time in a machine-readable format.

    ## Example
    `dcat:downloadURL <https://api.example.org/gtfs.zip?apikey=abc123>`.

    ## Reference
    Delegated Regulation (EU) 2017/1926, art. 2; EIF 2017 recommendations 2 and 15.
    """


class UrlNotHttps(MetadataRule, code="url_not_https", severity=Severity.WARNING, spec=DCAT_AP,
                  layer=EifLayer.TECHNICAL, lockin=None,
                  message="{focusNode}: {property} {value} is plain HTTP"):
    """An access or download URL uses plain HTTP rather than HTTPS.

    ## Why it matters
    Over plain HTTP the data can be altered on its way without anyone noticing, and browsers and many HTTP
    clients refuse or warn about it. EIF 2017 asks for secure and trustworthy data exchange.

    ## Example
    `dcat:accessURL <http://data.example.org/feed.zip>`.

    ## Reference
    EIF 2017 recommendation 15 (security and privacy).
    """


class HostedOnVendorPlatform(MetadataRule, code="hosted_on_vendor_platform", severity=Severity.INFO,
                             spec="https://interoperable-europe.ec.europa.eu/collection/nifo-national-interoperability-framework-observatory/european-interoperability-framework-detail",
                             layer=EifLayer.ORGANISATIONAL, lockin=LockinKind.HOSTING,
                             message="{focusNode}: {property} is hosted on {platform} ({host})"):
    """The data is served from a software-as-a-service portal or a cloud storage platform.

    ## Why it matters
    The publisher's URLs, APIs and their limits then belong to the platform: changing provider breaks every
    reuser's link, and the platform's terms apply on top of the licence. Where the data is hosted
    (jurisdiction) cannot be told from the URL; this is a signal to look at, not a fault.

    ## Example
    `dcat:accessURL <https://city.opendatasoft.com/api/explore/v2.1/catalog/datasets/stops/exports/csv>`.

    ## Reference
    EIF 2017 recommendations 8 and 9 (technological neutrality, data portability);
    `citylint/validators/metadata/hosts.yaml`.
    """


RULES = (UrlCarriesCredentials, UrlNotHttps, HostedOnVendorPlatform)


def _credentials(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.password or parts.username:
        return "user information"
    wanted = hosts().credential_parameters
    for name, _ in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in wanted:
            return name
    return None


def redacted(url: str) -> str:
    """The URL with credential values and user information masked: reports must not spread the secret."""
    parts = urlsplit(url)
    wanted = hosts().credential_parameters
    query = "&".join(f"{name}=***" if name.lower() in wanted else (f"{name}={value}" if value else name)
                     for name, value in parse_qsl(parts.query, keep_blank_values=True))
    netloc = parts.netloc.rpartition("@")[2]
    netloc = f"***@{netloc}" if "@" in parts.netloc else netloc
    return parts._replace(netloc=netloc, query=query).geturl()


def _urls(meta: Metadata) -> list[tuple[Node, URIRef, str]]:
    out = []
    for predicate in URL_PROPERTIES:
        for subject, value in meta.graph.subject_objects(predicate):
            out.append((subject, predicate, str(value)))
    return sorted(set(out), key=str)


def check(meta: Metadata, sink: FindingSink) -> list[str]:
    """Findings about URLs; returns the hosts met, for the summary."""
    met: set[str] = set()
    for subject, predicate, url in _urls(meta):
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host:
            met.add(host)
        fields = {**meta.fields(subject, predicate), "value": redacted(url)}
        parameter = _credentials(url)
        if parameter is not None:
            sink.add(UrlCarriesCredentials, {**fields, "parameter": parameter, "lockinOrigin": host or url,
                                             "alternative": "an open download URL, without registration"})
        if parts.scheme.lower() == "http":
            sink.add(UrlNotHttps, fields)
        platform = hosts().platform(url)
        if platform is not None:
            sink.add(HostedOnVendorPlatform, {**fields, "platform": platform.origin, "host": host,
                                              "lockinOrigin": platform.origin,
                                              "alternative": "a stable URL under the publisher's own domain"})
    return sorted(met)
