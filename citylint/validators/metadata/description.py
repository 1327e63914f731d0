"""Descriptive checks: languages, publisher and contact, the standard the data follows, and dates."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.model import EifLayer, Severity
from citylint.validators.metadata.dcat import DCAT, DCTERMS, MOBILITYDCATAP, SCHEMA, VCARD, Metadata, literals
from citylint.validators.metadata.rules import DCAT_AP, MOBILITY_DCAT_AP, MQA, MetadataRule

LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
# BCP 47 (RFC 5646) language tags, well-formedness only: language, script, region, variants, extensions.
_BCP47 = re.compile(r"^[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
                    r"(-[0-9a-wy-z](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$|^x(-[a-z0-9]{1,8})+$", re.IGNORECASE)
TEXT_PROPERTIES = (DCTERMS.title, DCTERMS.description)


class LanguageInvalid(MetadataRule, code="language_invalid", severity=Severity.WARNING, spec=DCAT_AP,
                      layer=EifLayer.SEMANTIC, lockin=None,
                      message="{focusNode}: {property} {value} is not {expected}"):
    """A language is given in a form machines cannot recognise: a `dct:language` outside the EU language
    table, or a literal's language tag that is not a well-formed BCP 47 tag.

    ## Why it matters
    Portals filter and translate by language; DCAT-AP names languages by the IRIs of the EU language
    authority table, and RDF tags text with BCP 47 tags. "French" or "fr_FR" is guesswork for a harvester.

    ## Example
    `dct:language "fr"` instead of `dct:language <http://publications.europa.eu/resource/authority/language/FRA>`.

    ## Reference
    DCAT-AP 3.0.1, Dataset: language (dct:LinguisticSystem from the EU language table); BCP 47 (RFC 5646);
    EIF 2017 recommendation 16 (multilingualism).
    """


class TextWithoutLanguage(MetadataRule, code="text_without_language", severity=Severity.INFO, spec=DCAT_AP,
                          layer=EifLayer.SEMANTIC, lockin=None,
                          message="{focusNode}: {property} \"{value}\" has no language tag"):
    """A title or description has no language tag.

    ## Why it matters
    DCAT-AP expects one value per language for titles and descriptions; without a tag a portal cannot show
    the right one to a reader, nor tell that a translation is missing.

    ## Example
    `dct:title "Horaires du réseau"` instead of `dct:title "Horaires du réseau"@fr`.

    ## Reference
    DCAT-AP 3.0.1, usage note on multilingual literals; EIF 2017 recommendation 16 (multilingualism).
    """


class PublisherMissing(MetadataRule, code="publisher_missing", severity=Severity.WARNING, spec=DCAT_AP,
                       layer=EifLayer.ORGANISATIONAL, lockin=None,
                       message="{focusNode} names no publisher (dct:publisher), nor does its catalogue"):
    """A dataset names no publisher.

    ## Why it matters
    Reusers need to know who is responsible for the data and who they may ask; MQA gives 10 points to a
    publisher, and transparency is a principle of the EIF.

    ## Example
    A `dcat:Dataset` without `dct:publisher` in a catalogue without one either.

    ## Reference
    DCAT-AP 3.0.1, Dataset: publisher (recommended; mandatory for the catalogue); MQA, Reusability: publisher;
    EIF 2017 recommendation 5 (transparency).
    """


class ContactMissing(MetadataRule, code="contact_missing", severity=Severity.WARNING, spec=DCAT_AP,
                     layer=EifLayer.ORGANISATIONAL, lockin=None,
                     message="{focusNode} has no contact point with an e-mail address, telephone or URL "
                             "(dcat:contactPoint)"):
    """A dataset has no contact point that says how to reach someone.

    ## Why it matters
    Reusers who find an error or need help have nobody to write to; MQA gives 20 points to a contact point,
    and EIF 2017 asks for a single point of contact and for ways to involve users.

    ## Example
    A `dcat:Dataset` without `dcat:contactPoint`, or with a `vcard:Kind` that holds only a name.

    ## Reference
    DCAT-AP 3.0.1, Dataset: contact point (recommended); MQA, Reusability: contact point;
    EIF 2017 recommendations 11 and 12.
    """


class StandardNotDeclared(MetadataRule, code="standard_not_declared", severity=Severity.WARNING,
                          spec=MOBILITY_DCAT_AP, layer=EifLayer.SEMANTIC, lockin=None,
                          message="{focusNode} declares no standard it conforms to (dct:conformsTo or "
                                  "mobilitydcatap:mobilityDataStandard)"):
    """A distribution does not say which standard or data model its content follows.

    ## Why it matters
    Without it reusers must open the file to learn whether it is GTFS, NeTEx or an ad-hoc schema; national
    access points list only data that declares a standard, and mobilityDCAT-AP makes
    `mobilityDataStandard` mandatory on distributions.

    ## Example
    A GTFS distribution without `mobilitydcatap:mobilityDataStandard <https://w3id.org/mobilitydcat-ap/mobility-data-standard/gtfs>`.

    ## Reference
    mobilityDCAT-AP 1.1.0, Distribution: mobility data standard (mandatory); DCAT-AP 3.0.1, conforms to;
    EIF 2017 recommendations 4 and 6 (openness, reusability).
    """


class DatesInconsistent(MetadataRule, code="dates_inconsistent", severity=Severity.WARNING, spec=DCAT_AP,
                        layer=EifLayer.ORGANISATIONAL, lockin=None,
                        message="{focusNode}: {problem}"):
    """Dates contradict each other: a period ends before it starts, or a modification precedes the issue.

    ## Why it matters
    Reusers and portals decide from these dates whether the data covers the days they need and whether it
    changed since they last took it; wrong dates make the data look expired or new when it is not.

    ## Example
    `dct:temporal [ dcat:startDate "2026-09-01"; dcat:endDate "2026-06-30" ]`.

    ## Reference
    DCAT-AP 3.0.1, Period of time; Dataset: release date, modification date; MQA, Contextuality;
    EIF 2017 recommendation 18 (preservation of information).
    """


class CoverageEnded(MetadataRule, code="coverage_ended", severity=Severity.INFO, spec=MQA,
                    layer=EifLayer.ORGANISATIONAL, lockin=None,
                    message="{focusNode}: the period the dataset covers ended on {endDate}, before {date}"):
    """The dataset's temporal coverage ended before the validation date.

    ## Why it matters
    For timetables and other operational data, a coverage in the past means the data is outdated: journey
    planners drop expired feeds, and transport.data.gouv.fr warns producers before it happens. For historical
    data it is expected; the finding is informational.

    ## Example
    `dct:temporal [ dcat:endDate "2025-12-31"^^xsd:date ]` checked in 2026.

    ## Reference
    DCAT-AP 3.0.1, Dataset: temporal coverage; EIF 2017 recommendation 18 (preservation of information).
    """


class NoDataset(MetadataRule, code="no_dataset", severity=Severity.ERROR, spec=DCAT_AP,
                layer=EifLayer.ORGANISATIONAL, lockin=None,
                message="{filename} describes no dcat:Dataset"):
    """The metadata describes no dataset.

    ## Why it matters
    The metadata given for the data (or checked as a catalogue) holds no `dcat:Dataset`: nothing in it says
    what the data is, who publishes it or under which licence.

    ## Example
    A Turtle file holding only a `dcat:Catalog` with a title.

    ## Reference
    DCAT-AP 3.0.1, Dataset.
    """


RULES = (LanguageInvalid, TextWithoutLanguage, PublisherMissing, ContactMissing, StandardNotDeclared,
         DatesInconsistent, CoverageEnded, NoDataset)


def _languages(meta: Metadata, sink: FindingSink) -> None:
    for subject, value in sorted(meta.graph.subject_objects(DCTERMS.language), key=str):
        if not (isinstance(value, URIRef) and str(value).startswith(LANGUAGE_AUTHORITY)):
            sink.add(LanguageInvalid, {**meta.fields(subject, DCTERMS.language, value),
                                       "expected": "an IRI of the EU language table"})
    for subject, predicate, literal in sorted(literals(meta.graph), key=str):
        if literal.language and not _BCP47.match(literal.language):
            sink.add(LanguageInvalid, {**meta.fields(subject, predicate), "value": f"@{literal.language}",
                                       "expected": "a well-formed BCP 47 language tag"})
    described = set(meta.datasets()) | set(meta.all_distributions()) | set(meta.catalogues())
    for node in sorted(described, key=str):
        for predicate in TEXT_PROPERTIES:
            for value in meta.values(node, predicate):
                if isinstance(value, Literal) and not value.language:
                    sink.add(TextWithoutLanguage, {**meta.fields(node, predicate), "value": str(value)[:80]})


def _reachable(meta: Metadata, contact: Node) -> bool:
    return any(meta.values(contact, p) for p in (VCARD.hasEmail, VCARD.hasURL, VCARD.hasTelephone, VCARD.email,
                                                 VCARD.url))


def _people(meta: Metadata, sink: FindingSink) -> None:
    for dataset in meta.datasets():
        catalogues = meta.catalogue_of(dataset)
        if not meta.values(dataset, DCTERMS.publisher) and not any(meta.values(c, DCTERMS.publisher)
                                                                    for c in catalogues):
            sink.add(PublisherMissing, meta.fields(dataset, DCTERMS.publisher))
        if not any(_reachable(meta, c) or isinstance(c, URIRef) for c in meta.values(dataset, DCAT.contactPoint)):
            sink.add(ContactMissing, meta.fields(dataset, DCAT.contactPoint))


def _standards(meta: Metadata, sink: FindingSink) -> list[str]:
    met: set[str] = set()
    for distribution in meta.all_distributions():
        declared = [*meta.values(distribution, DCTERMS.conformsTo),
                    *meta.values(distribution, MOBILITYDCATAP.mobilityDataStandard)]
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
        issued, modified = _date(meta.graph.value(dataset, DCTERMS.issued)), _date(
            meta.graph.value(dataset, DCTERMS.modified))
        if issued and modified and modified < issued:
            sink.add(DatesInconsistent, {**meta.fields(dataset, DCTERMS.modified),
                                         "problem": f"modified on {modified} before it was issued on {issued}"})
        for period in meta.values(dataset, DCTERMS.temporal):
            start, end = _first(meta, period, _START), _first(meta, period, _END)
            if start and end and end < start:
                sink.add(DatesInconsistent, {**meta.fields(dataset, DCTERMS.temporal),
                                             "problem": f"the period it covers ends on {end}, before it starts "
                                                        f"on {start}"})
            elif end and end < today:
                sink.add(CoverageEnded, {**meta.fields(dataset, DCTERMS.temporal), "endDate": end.isoformat(),
                                         "date": today.isoformat()})


def check(meta: Metadata, sink: FindingSink, today: dt.date) -> list[str]:
    """Findings about description; returns the standards declared, for the summary."""
    if not meta.datasets():
        sink.add(NoDataset, {"filename": meta.filename})
    _languages(meta, sink)
    _people(meta, sink)
    _dates(meta, sink, today)
    return _standards(meta, sink)


__all__ = ["MQA", "RULES", "check"]
