"""Descriptive checks: languages, publisher and contact, the standard the data follows, and dates."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.validators.metadata.dcat import DCAT, DCTERMS, MOBILITYDCATAP, SCHEMA, VCARD, Metadata, literals
from citylint.validators.metadata.rules import (
    ContactMissing,
    CoverageEnded,
    DatesInconsistent,
    LanguageInvalid,
    NoDataset,
    PublisherMissing,
    StandardNotDeclared,
    TextWithoutLanguage,
)

LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
# BCP 47 (RFC 5646) language tags, well-formedness only: language, script, region, variants, extensions.
_BCP47 = re.compile(
    r"^[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(-[0-9a-wy-z](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$|^x(-[a-z0-9]{1,8})+$",
    re.IGNORECASE,
)
TEXT_PROPERTIES = (DCTERMS.title, DCTERMS.description)


def _languages(meta: Metadata, sink: FindingSink) -> None:
    for subject, value in sorted(meta.graph.subject_objects(DCTERMS.language), key=str):
        if not (isinstance(value, URIRef) and str(value).startswith(LANGUAGE_AUTHORITY)):
            sink.add(
                LanguageInvalid,
                {
                    **meta.fields(subject, DCTERMS.language, value),
                    "expected": "an IRI of the EU language table",
                },
            )
    for subject, predicate, literal in sorted(literals(meta.graph), key=str):
        if literal.language and not _BCP47.match(literal.language):
            sink.add(
                LanguageInvalid,
                {
                    **meta.fields(subject, predicate),
                    "value": f"@{literal.language}",
                    "expected": "a well-formed BCP 47 language tag",
                },
            )
    described = set(meta.datasets()) | set(meta.all_distributions()) | set(meta.catalogues())
    for node in sorted(described, key=str):
        for predicate in TEXT_PROPERTIES:
            for value in meta.values(node, predicate):
                if isinstance(value, Literal) and not value.language:
                    sink.add(TextWithoutLanguage, {**meta.fields(node, predicate), "value": str(value)[:80]})


def _reachable(meta: Metadata, contact: Node) -> bool:
    return any(
        meta.values(contact, p)
        for p in (VCARD.hasEmail, VCARD.hasURL, VCARD.hasTelephone, VCARD.email, VCARD.url)
    )


def _people(meta: Metadata, sink: FindingSink) -> None:
    for dataset in meta.datasets():
        catalogues = meta.catalogue_of(dataset)
        if not meta.values(dataset, DCTERMS.publisher) and not any(
            meta.values(c, DCTERMS.publisher) for c in catalogues
        ):
            sink.add(PublisherMissing, meta.fields(dataset, DCTERMS.publisher))
        if not any(
            _reachable(meta, c) or isinstance(c, URIRef) for c in meta.values(dataset, DCAT.contactPoint)
        ):
            sink.add(ContactMissing, meta.fields(dataset, DCAT.contactPoint))


def _standards(meta: Metadata, sink: FindingSink) -> list[str]:
    met: set[str] = set()
    for distribution in meta.all_distributions():
        declared = [
            *meta.values(distribution, DCTERMS.conformsTo),
            *meta.values(distribution, MOBILITYDCATAP.mobilityDataStandard),
        ]
        met |= {str(v) for v in declared if isinstance(v, URIRef | Literal)}
        if not declared:
            sink.add(StandardNotDeclared, meta.fields(distribution, DCTERMS.conformsTo))
    return sorted(met)


def _date(value: Node | None) -> dt.date | None:
    if not isinstance(value, Literal):
        return None
    text = str(value)[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_START = (DCAT.startDate, SCHEMA.startDate)
_END = (DCAT.endDate, SCHEMA.endDate)


def _first(meta: Metadata, node: Node, predicates: tuple[URIRef, ...]) -> dt.date | None:
    for predicate in predicates:
        found = _date(meta.graph.value(node, predicate))
        if found is not None:
            return found
    return None


def _dates(meta: Metadata, sink: FindingSink, today: dt.date) -> None:
    for dataset in meta.datasets():
        issued, modified = (
            _date(meta.graph.value(dataset, DCTERMS.issued)),
            _date(meta.graph.value(dataset, DCTERMS.modified)),
        )
        if issued and modified and modified < issued:
            sink.add(
                DatesInconsistent,
                {
                    **meta.fields(dataset, DCTERMS.modified),
                    "problem": f"modified on {modified} before it was issued on {issued}",
                },
            )
        for period in meta.values(dataset, DCTERMS.temporal):
            start, end = _first(meta, period, _START), _first(meta, period, _END)
            if start and end and end < start:
                sink.add(
                    DatesInconsistent,
                    {
                        **meta.fields(dataset, DCTERMS.temporal),
                        "problem": f"the period it covers ends on {end}, before it starts on {start}",
                    },
                )
            elif end and end < today:
                sink.add(
                    CoverageEnded,
                    {
                        **meta.fields(dataset, DCTERMS.temporal),
                        "endDate": end.isoformat(),
                        "date": today.isoformat(),
                    },
                )


def check(meta: Metadata, sink: FindingSink, today: dt.date) -> list[str]:
    """Findings about description; returns the standards declared, for the summary."""
    if not meta.datasets():
        sink.add(NoDataset, {"filename": meta.filename})
    _languages(meta, sink)
    _people(meta, sink)
    _dates(meta, sink, today)
    return _standards(meta, sink)
