"""Reading DCAT metadata: the graph of a metadata file, its datasets and distributions, and the values of the
properties the checks look at, in terms any RDF serialisation gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from citylint.validators.rdf.load import RdfDocument, parse

MOBILITYDCATAP = Namespace("https://w3id.org/mobilitydcat-ap#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
DCAT_NS = str(DCAT)


def load(path: Path) -> Graph:
    """The metadata file's graph, parsed offline (raises RdfSyntaxError / RdfNetworkRefused / OSError)."""
    return parse(RdfDocument.of(path))


@dataclass(frozen=True, slots=True)
class Metadata:
    graph: Graph
    filename: str

    def datasets(self) -> list[Node]:
        return sorted(set(self.graph.subjects(RDF.type, DCAT.Dataset)), key=str)

    def catalogues(self) -> list[Node]:
        return sorted(set(self.graph.subjects(RDF.type, DCAT.Catalog)), key=str)

    def distributions(self, dataset: Node) -> list[Node]:
        return sorted(set(self.graph.objects(dataset, DCAT.distribution)), key=str)

    def all_distributions(self) -> list[Node]:
        found = set(self.graph.subjects(RDF.type, DCAT.Distribution))
        found |= set(self.graph.objects(None, DCAT.distribution))
        return sorted(found, key=str)

    def services(self) -> list[Node]:
        return sorted(set(self.graph.subjects(RDF.type, DCAT.DataService)), key=str)

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.graph.objects(node, predicate), key=str)

    def catalogue_of(self, dataset: Node) -> list[Node]:
        return sorted(set(self.graph.subjects(DCAT.dataset, dataset)), key=str)

    def label(self, node: Node) -> str | None:
        """A plain name for a blank or described node (dct:identifier, dct:title, rdfs:label,
        skos:prefLabel)."""
        for predicate in (DCTERMS.identifier, DCTERMS.title, RDFS.label, SKOS.prefLabel, FOAF.name):
            value = self.graph.value(node, predicate)
            if isinstance(value, Literal):
                return str(value)
        return None

    def name(self, node: Node) -> str:
        """The node's IRI; a blank node (a distribution, a contact point) is named by the IRI that points to
        it and its URL when it has one, which stays the same from parse to parse, unlike its label
        (fingerprints and baselines rely on it)."""
        if not isinstance(node, BNode):
            return term(node)
        parent = next(((s, p) for s, p in self.graph.subject_predicates(node) if isinstance(s, URIRef)), None)
        if parent is None:
            return term(node)
        # without its query, which may hold a key (url_carries_credentials)
        url = next(
            (
                str(u).split("?", 1)[0]
                for p in (DCAT.downloadURL, DCAT.accessURL)
                for u in self.graph.objects(node, p)
            ),
            "",
        )
        return f"[{parent[0]} {self.short(URIRef(str(parent[1])))}{' ' + url if url else ''}]"

    @staticmethod
    def short(iri: URIRef) -> str:
        """``dcat:downloadURL`` for people; findings keep the full IRI in ``resultPath``."""
        namespace, _, local = str(iri).rpartition("#") if "#" in str(iri) else str(iri).rpartition("/")
        prefix = _PREFIXES.get(namespace + ("#" if "#" in str(iri) else "/"))
        return f"{prefix}:{local}" if prefix else str(iri)

    def fields(self, focus: Node, path: URIRef, value: Node | None = None) -> dict[str, object]:
        out: dict[str, object] = {
            "filename": self.filename,
            "focusNode": self.name(focus),
            "resultPath": str(path),
            "property": self.short(path),
        }
        if value is not None:
            out["value"] = term(value)
        return out


_PREFIXES = {
    str(DCAT): "dcat",
    str(DCTERMS): "dct",
    str(MOBILITYDCATAP): "mobilitydcatap",
    str(VCARD): "vcard",
}


def term(node: Node) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def literals(graph: Graph) -> Iterator[tuple[Node, URIRef, Literal]]:
    for subject, predicate, obj in graph:
        if isinstance(obj, Literal) and isinstance(predicate, URIRef):
            yield subject, predicate, obj


def holds_dcat(graph: Graph) -> bool:
    return any(graph.subjects(RDF.type, DCAT.Dataset)) or any(graph.subjects(RDF.type, DCAT.Catalog))


__all__ = [
    "DCAT",
    "DCTERMS",
    "FOAF",
    "MOBILITYDCATAP",
    "RDF",
    "SCHEMA",
    "VCARD",
    "Metadata",
    "holds_dcat",
    "literals",
    "load",
    "term",
]
