"""SHACL property paths (sh:path values) written as SPARQL 1.1 property paths.

Every SHACL path form has an exact SPARQL equivalent with the same set semantics once the query projects
DISTINCT value nodes, so the fast engine can hand the whole path to the store.
"""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node


class UnsupportedShapes(Exception):
    """The shapes use something the fast engine does not compile; the message says what."""


def iri(term: Node) -> str:
    if not isinstance(term, URIRef):
        raise UnsupportedShapes(f"expected an IRI, found {term!r}")
    text = str(term)
    if any(ch in text for ch in '<>"{}|^`\\ '):
        raise UnsupportedShapes(f"IRI with characters SPARQL cannot carry: {text!r}")
    return f"<{text}>"


def sparql_path(graph: Graph, node: Node, depth: int = 0) -> str:
    """The SPARQL property path of a SHACL path node (raises UnsupportedShapes on malformed paths)."""
    if depth > 50:
        raise UnsupportedShapes("path nested too deeply (cyclic?)")
    if isinstance(node, URIRef):
        return iri(node)
    if not isinstance(node, BNode):
        raise UnsupportedShapes(f"a literal cannot be a path: {node!r}")
    if (node, RDF.first, None) in graph:
        members = list(Collection(graph, node))
        if len(members) < 2:
            raise UnsupportedShapes("a sequence path needs at least two members")
        return "(" + "/".join(sparql_path(graph, m, depth + 1) for m in members) + ")"
    forms: dict[Node, str] = {
        SH.inversePath: "^{}",
        SH.zeroOrMorePath: "{}*",
        SH.oneOrMorePath: "{}+",
        SH.zeroOrOnePath: "{}?",
    }
    found = [(p, o) for p, o in graph.predicate_objects(node) if p in forms or p == SH.alternativePath]
    if len(found) != 1:
        raise UnsupportedShapes(f"not a SHACL path: {node!r}")
    predicate, target = found[0]
    if predicate == SH.alternativePath:
        members = list(Collection(graph, target))
        if len(members) < 2:
            raise UnsupportedShapes("an alternative path needs at least two members")
        return "(" + "|".join(sparql_path(graph, m, depth + 1) for m in members) + ")"
    return "(" + forms[predicate].format(sparql_path(graph, target, depth + 1)) + ")"
