"""Run the fast SHACL engine and pyshacl on the same data and shapes, for the parity tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from citylint.validators.rdf.shacl.fast import load_store, supports, validate
from citylint.validators.rdf.shacl.fast.store import data_supports
from tests.shacl_compare import ResultKey, fast_keys, report_keys


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)  # same label as in the store, so results name the same blank nodes
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def graph_of(store: ox.Store) -> Graph:
    graph = Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def both(data: list[Path], shapes_path: Path) -> tuple[set[ResultKey], set[ResultKey], bool] | str:
    """(fast keys, pyshacl keys, pyshacl conforms), or the reason the fast engine does not apply."""
    shapes = Graph().parse(shapes_path)
    support = supports(shapes)
    if not support:
        return support.reason
    if not data_supports(data):
        return "the data names a datatype the store rewrites"
    store = load_store(data)
    fast = fast_keys(validate(store, shapes), shapes)
    conforms, report, _ = pyshacl.validate(graph_of(store), shacl_graph=shapes)
    assert isinstance(report, Graph)
    return fast, report_keys(report), bool(conforms)


def masked(keys: set[ResultKey]) -> set[tuple[str | None, ...]]:
    """Keys with data blank nodes hidden, to compare runs whose parsers labelled blank nodes differently."""

    def mask(term: str | None) -> str | None:
        return "_:b" if term is not None and term.startswith("_:") else term

    return {(mask(f), p, mask(v), s, shape, c) for f, p, v, s, shape, c in keys}


def reference_on_file(data: Path, shapes_path: Path) -> set[ResultKey]:
    """pyshacl on the file as rdflib parses it (so literals keep their lexical form as written)."""
    shapes = Graph().parse(shapes_path)
    _, report, _ = pyshacl.validate(Graph().parse(data), shacl_graph=shapes)
    assert isinstance(report, Graph)
    return report_keys(report)
