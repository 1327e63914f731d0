"""Licence checks: every distribution (or dataset without distributions) has a licence, that licence is named
by an IRI a machine can look up, citylint knows it, and it is open."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.metadata.dcat import DCTERMS, Metadata, term
from citylint.validators.metadata.lists import Licence, licences
from citylint.validators.metadata.rules import DCAT_AP, MQA, MetadataRule

OPEN_ALTERNATIVE = "an open licence named by its IRI, e.g. CC-BY-4.0, ODbL-1.0 or etalab-2.0"


class LicenceMissing(MetadataRule, code="licence_missing", severity=Severity.ERROR, spec=DCAT_AP,
                     layer=EifLayer.LEGAL, lockin=LockinKind.LICENCE,
                     message="{focusNode} has no licence (dct:license), nor has its dataset or catalogue"):
    """A distribution, or a dataset without distributions, declares no licence.

    ## Why it matters
    Without a licence every right stays with the publisher: reusers may not lawfully reuse the data, and the
    publisher alone decides who may. An open licence is the first star of the 5-star open data scheme and
    data.europa.eu's metadata quality assessment (MQA) gives 20 points to a declared licence.

    ## Example
    A `dcat:Distribution` with an access URL and a format, but no `dct:license`, in a dataset that has none.

    ## Reference
    DCAT-AP 3.0.1, Distribution: licence (recommended); MQA, Reusability: licence information;
    EIF 2017 recommendation 2 (openness).
    """


class LicenceNotRecognised(MetadataRule, code="licence_not_recognised", severity=Severity.WARNING, spec=MQA,
                           layer=EifLayer.LEGAL, lockin=LockinKind.LICENCE,
                           message="{focusNode}: licence {value} is not one citylint knows (EU licence table, "
                                   "SPDX, Open Definition): reusers cannot tell by machine what they may do"):
    """The licence is named by an IRI or text that no licence list citylint ships knows.

    ## Why it matters
    A bespoke licence or terms of use must be read by a lawyer before every reuse; a licence from a
    shared list (the EU licence authority table, SPDX) is understood by machines and people alike. MQA
    gives 10 points to a licence from the EU controlled vocabulary, and the RDA FAIR indicator R1.1-02M
    asks for a standard reuse licence.

    ## Example
    `dct:license <https://example.org/terms-of-use>`.

    ## Reference
    MQA, Reusability: licence from a controlled vocabulary; RDA FAIR Data Maturity Model R1.1-02M;
    `citylint/validators/metadata/licences.yaml` (the licences citylint knows, with their sources).
    """


class LicenceNotOpen(MetadataRule, code="licence_not_open", severity=Severity.ERROR, spec="https://opendefinition.org/licenses/",
                     layer=EifLayer.LEGAL, lockin=LockinKind.LICENCE,
                     message="{focusNode}: licence {licence} is not open: {reason}"):
    """The licence is not open: it forbids commercial use or derived works, or makes reusers identify
    themselves.

    ## Why it matters
    Non-commercial and no-derivatives clauses are rejected by the Open Definition: journey planners,
    companies and even public bodies doing anything commercial cannot reuse the data. A licence that makes
    reusers identify themselves or authenticate (the Licence Mobilités) turns the licence into an access
    barrier that only the publisher can lift.

    ## Example
    `dct:license <http://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0>`.

    ## Reference
    Open Definition 2.1 and its list of conformant licences; okfn/licenses `licenses.csv` (od_conformance);
    OpenStreetMap France, open letter on the Licence Mobilités; EIF 2017 recommendation 2.
    """


class LicenceNotIri(MetadataRule, code="licence_not_iri", severity=Severity.WARNING, spec=DCAT_AP,
                   layer=EifLayer.SEMANTIC, lockin=None,
                   message="{focusNode}: licence {value} is text, not an IRI (dct:LicenseDocument)"):
    """The licence is given as text rather than as the IRI of a licence document.

    ## Why it matters
    DCAT-AP ranges `dct:license` over `dct:LicenseDocument`, a resource named by an IRI, so that harvesters
    and portals can recognise the licence without guessing from its spelling. Text such as "CC BY" or
    "Licence ouverte" is understood by people but not reliably by machines.

    ## Example
    `dct:license "CC-BY-4.0"` instead of `dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>`.

    ## Reference
    DCAT-AP 3.0.1, Distribution: licence, range dct:LicenseDocument.
    """


RULES = (LicenceMissing, LicenceNotRecognised, LicenceNotOpen, LicenceNotIri)

_REASONS = {"restricted": "the Open Definition rejects non-commercial and no-derivatives clauses",
            "identifies": "its terms make reusers identify themselves"}


def licence_values(meta: Metadata, node: Node) -> list[Node]:
    return meta.values(node, DCTERMS.license)


def _value_text(meta: Metadata, value: Node) -> str:
    return str(value) if isinstance(value, URIRef | Literal) else (meta.label(value) or term(value))


def identify(meta: Metadata, value: Node) -> Licence | None:
    """The licence a dct:license value stands for: its IRI, text, or (a described node) its identifier."""
    found = licences().find(_value_text(meta, value))
    if found is None and not isinstance(value, Literal):
        for same in meta.graph.objects(value, URIRef("http://www.w3.org/2002/07/owl#sameAs")):
            found = found or licences().find(str(same))
    return found


def effective(meta: Metadata) -> list[tuple[Node, list[Node]]]:
    """Each distribution (or dataset without distributions) with the licences that apply to it: its own, else
    its dataset's, else its catalogue's."""
    out = []
    for dataset in meta.datasets():
        inherited = licence_values(meta, dataset) or [v for c in meta.catalogue_of(dataset)
                                                      for v in licence_values(meta, c)]
        distributions = meta.distributions(dataset)
        if not distributions:
            out.append((dataset, inherited))
        for distribution in distributions:
            out.append((distribution, licence_values(meta, distribution) or inherited))
    return out


def check(meta: Metadata, sink: FindingSink) -> list[str]:
    """Findings about licences; returns the ids (or texts) of the licences declared, for the summary."""
    declared: list[str] = []
    for node, values in effective(meta):
        if not values:
            sink.add(LicenceMissing, {**meta.fields(node, DCTERMS.license),
                                      "lockinOrigin": "Publisher (no licence declared)",
                                      "alternative": OPEN_ALTERNATIVE})
    seen: set[tuple[str, str]] = set()
    for subject, value in sorted(meta.graph.subject_objects(DCTERMS.license), key=str):
        key = (str(subject), str(value))
        if key in seen:
            continue
        seen.add(key)
        text = _value_text(meta, value)
        licence = identify(meta, value)
        declared.append(licence.id if licence else text)
        fields = {**meta.fields(subject, DCTERMS.license, value), "value": text}
        if isinstance(value, Literal):
            sink.add(LicenceNotIri, fields)
        if licence is None:
            sink.add(LicenceNotRecognised, {**fields, "lockinOrigin": f"licence {text}",
                                            "alternative": OPEN_ALTERNATIVE})
        elif licence.status in _REASONS:
            sink.add(LicenceNotOpen, {**fields, "licence": licence.id, "reason": _REASONS[licence.status],
                                      "lockinOrigin": f"licence {licence.id}", "alternative": OPEN_ALTERNATIVE})
    return sorted(set(declared))


def declared_licence(meta: Metadata) -> str | None:
    """The licence the metadata declares for the data, as an id fr-nap and the GTFS rules understand (the SPDX
    id when citylint knows the licence, else the value as written); None when it declares none."""
    for _, values in effective(meta):
        for value in values:
            licence = identify(meta, value)
            return licence.id if licence else _value_text(meta, value)
    return None
