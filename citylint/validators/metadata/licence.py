"""Licence checks: every distribution (or dataset without distributions) has a licence, that licence is named
by an IRI a machine can look up, citylint knows it, and it is open."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.lockin.licences import LicenceState
from citylint.validators.metadata.dcat import DCTERMS, Metadata, term
from citylint.validators.metadata.licence_states import classify
from citylint.validators.metadata.lists import Licence, licences
from citylint.validators.metadata.rules import (
    LicenceMissing,
    LicenceNotIri,
    LicenceNotOpen,
    LicenceNotRecognised,
)

OPEN_ALTERNATIVE = "an open licence named by its IRI, e.g. CC-BY-4.0, ODbL-1.0 or etalab-2.0"


_REASONS = {
    "restricted": "the Open Definition rejects non-commercial and no-derivatives clauses",
    "identifies": "its terms make reusers identify themselves",
    "closed": "it reserves all rights: reuse needs the publisher's permission",
}


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
        inherited = licence_values(meta, dataset) or [
            v for c in meta.catalogue_of(dataset) for v in licence_values(meta, c)
        ]
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
            sink.add(
                LicenceMissing,
                {
                    **meta.fields(node, DCTERMS.license),
                    "lockinOrigin": "Publisher (no licence declared)",
                    "alternative": OPEN_ALTERNATIVE,
                },
            )
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
            sink.add(
                LicenceNotRecognised,
                {**fields, "lockinOrigin": f"licence {text}", "alternative": OPEN_ALTERNATIVE},
            )
        elif licence.status in _REASONS:
            sink.add(
                LicenceNotOpen,
                {
                    **fields,
                    "licence": licence.id,
                    "reason": _REASONS[licence.status],
                    "lockinOrigin": f"licence {licence.id}",
                    "alternative": OPEN_ALTERNATIVE,
                },
            )
    return sorted(set(declared))


def declared_licence(meta: Metadata) -> str | None:
    """The licence the metadata declares for the data, as an id fr-nap and the GTFS rules understand (the SPDX
    id when citylint knows the licence, else the value as written); None when it declares none."""
    for _, values in effective(meta):
        for value in values:
            licence = identify(meta, value)
            return licence.id if licence else _value_text(meta, value)
    return None


def states(meta: Metadata) -> list[LicenceState]:
    """The lock-in state of the licence of each distribution (or dataset without distributions): ``none`` when
    the metadata declares no licence for it."""
    out = []
    for _, values in effective(meta):
        if not values:
            out.append(LicenceState("none", None))
        for value in values:
            licence = identify(meta, value)
            out.append(classify(licence.id if licence else _value_text(meta, value)))
    return out
