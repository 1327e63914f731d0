"""Access and hosting checks on the URLs of distributions and data services: credentials in the URL, plain
HTTP, and hosts on software-as-a-service portals or cloud storage (``hosts.yaml``)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from rdflib import URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.validators.metadata.dcat import DCAT, Metadata
from citylint.validators.metadata.lists import hosts
from citylint.validators.metadata.rules import HostedOnVendorPlatform, UrlCarriesCredentials, UrlNotHttps

URL_PROPERTIES = (DCAT.accessURL, DCAT.downloadURL, DCAT.endpointURL)


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
    query = "&".join(
        f"{name}=***" if name.lower() in wanted else (f"{name}={value}" if value else name)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    netloc = parts.netloc.rpartition("@")[2]
    netloc = f"***@{netloc}" if "@" in parts.netloc else netloc
    return parts._replace(netloc=netloc, query=query).geturl()


def _urls(meta: Metadata) -> list[tuple[Node, URIRef, str]]:
    out = []
    for predicate in URL_PROPERTIES:
        for subject, value in meta.graph.subject_objects(predicate):
            out.append((subject, predicate, str(value)))
    return sorted(set(out), key=str)


def check(meta: Metadata, sink: FindingSink) -> tuple[list[str], dict[str, str]]:
    """Findings about URLs; returns the hosts met and the platforms recognised (host -> platform), for the
    summary. Only platforms a vendor controls are findings; open-source and public portals are named."""
    met: set[str] = set()
    platforms: dict[str, str] = {}
    for subject, predicate, url in _urls(meta):
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host:
            met.add(host)
        fields = {**meta.fields(subject, predicate), "value": redacted(url)}
        parameter = _credentials(url)
        if parameter is not None:
            sink.add(
                UrlCarriesCredentials,
                {
                    **fields,
                    "parameter": parameter,
                    "lockinOrigin": host or url,
                    "alternative": "an open download URL, without registration",
                },
            )
        if parts.scheme.lower() == "http":
            sink.add(UrlNotHttps, fields)
        platform = hosts().platform(url)
        if platform is not None:
            platforms[host or url] = platform.origin
        if platform is not None and platform.vendor:
            sink.add(
                HostedOnVendorPlatform,
                {
                    **fields,
                    "platform": platform.origin,
                    "host": host,
                    "lockinOrigin": platform.origin,
                    "alternative": "a stable URL under the publisher's own domain",
                },
            )
    return sorted(met), dict(sorted(platforms.items()))
