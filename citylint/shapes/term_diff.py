"""Terms an ontology's older version declared and its newer version no longer does (SAREF core v3.1.1 →
v4.1.1).

The list is derived, not written by hand: every IRI typed as a class, object / datatype / annotation property
or named individual in the old file, inside the new ontology's namespace, that the new file does not declare.
The result is YAML with a header naming both sources (file, version, sha256) so that it can be committed and
checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from citylint.shapes.from_owl import GENERATOR_VERSION, OntologySource, _sha256, _version
from citylint.validators.rdf.load import RdfDocument, parse

KINDS = {
    OWL.Class: "class",
    RDFS.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDF.Property: "property",
    OWL.NamedIndividual: "individual",
}


@dataclass(frozen=True, slots=True)
class RemovedTerm:
    iri: str
    kind: str


def _load(path: Path) -> tuple[Graph, OntologySource]:
    graph = parse(RdfDocument.of(path), graph=Graph(bind_namespaces="none"))
    ontology = next(iter(sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)), None)
    iri = str(ontology) if ontology is not None else ""
    version = _version(graph, URIRef(iri)) if iri else ""
    return graph, OntologySource(path.name, iri, version, _sha256(path))


def declared(graph: Graph, namespace: str) -> dict[str, str]:
    """IRI → kind of every term ``graph`` declares in ``namespace`` (a class wins over an individual)."""
    out: dict[str, str] = {}
    for rdf_type, kind in KINDS.items():
        for term in graph.subjects(RDF.type, rdf_type):
            text = str(term)
            if (
                isinstance(term, URIRef)
                and text.startswith(namespace)
                and text != namespace
                and out.get(text) in (None, "individual")
            ):
                out[text] = kind
    return out


def removed_terms(
    old: Path, new: Path, namespace: str
) -> tuple[list[RemovedTerm], OntologySource, OntologySource]:
    old_graph, old_source = _load(old)
    new_graph, new_source = _load(new)
    before, after = declared(old_graph, namespace), declared(new_graph, namespace)
    gone = [RemovedTerm(iri, kind) for iri, kind in sorted(before.items()) if iri not in after]
    return gone, old_source, new_source


def removed_terms_yaml(old: Path, new: Path, namespace: str, command: Sequence[str]) -> str:
    gone, old_source, new_source = removed_terms(old, new, namespace)
    header = [
        (
            f"# Terms of {namespace} declared by version {old_source.version} and not by version "
            f"{new_source.version}."
        ),
        "# Derived by citylint (generator version " + GENERATOR_VERSION + "); do not edit, regenerate with:",
        "#   " + " ".join(command),
        f"# old: {old_source.file} <{old_source.iri}> {old_source.version} sha256 {old_source.sha256}",
        f"# new: {new_source.file} <{new_source.iri}> {new_source.version} sha256 {new_source.sha256}",
    ]
    body = {
        "namespace": namespace,
        "removed_in": new_source.version,
        "last_version": old_source.version,
        "terms": [{"iri": t.iri, "kind": t.kind} for t in gone],
    }
    return "\n".join(header) + "\n" + yaml.safe_dump(body, sort_keys=False, width=200)
