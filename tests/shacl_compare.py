"""Comparable keys for validation results, so that the fast engine can be checked against pyshacl.

A key is (focus node, result path, value, severity, source shape, constraint component). Terms are written
by rdflib after its literal normalisation, paths as SPARQL property paths, and blank-node shapes by their
structure (the triples reachable from them), which is the same in the shapes graph and in a report graph
that copied them - so keys from different processes and different parsers compare equal.
"""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node
from rdflib.util import from_n3

from citylint.validators.rdf.shacl.fast.paths import UnsupportedShapes, sparql_path
from citylint.validators.rdf.shacl.fast.results import FastShaclResult

ResultKey = tuple[str, str | None, str | None, str, str, str]


def term_key(term: Node | str | None) -> str | None:
    """rdflib's N3 form of a term given as an rdflib node or as N-Triples text."""
    if term is None:
        return None
    node = term if isinstance(term, Node) else from_n3(term)
    if isinstance(node, Literal):  # rebuilt so that both sides get rdflib's canonical lexical form
        node = Literal(str(node), lang=node.language, datatype=node.datatype)
    if not isinstance(node, Node):
        raise TypeError(f"not an RDF term: {term!r}")
    return str(node.n3())


def structure(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> str:
    """A blank node written as the sorted description of everything it leads to (IRIs stay IRIs)."""
    if not isinstance(node, BNode):
        return str(node.n3())
    if node in seen:
        return "[cycle]"
    inner = sorted(f"{p.n3()} {structure(graph, o, seen | {node})}" for p, o in graph.predicate_objects(node))
    return "[" + "; ".join(inner) + "]"


def fast_rows(results: list[FastShaclResult], shapes: Graph) -> list[list[str | None]]:
    """Each result as (focus, path, value, severity, shape structure, component): the part of a key that
    needs the shapes graph the results name (its blank-node labels), each shape's structure computed once."""
    structures: dict[str, str] = {}
    rows: list[list[str | None]] = []
    for r in results:
        if r.source_shape not in structures:
            shape = (
                from_n3(r.source_shape) if not r.source_shape.startswith("_:") else BNode(r.source_shape[2:])
            )
            assert isinstance(shape, Node)
            structures[r.source_shape] = structure(shapes, shape)
        rows.append(
            [
                r.focus_node,
                r.result_path,
                r.value,
                r.severity,
                structures[r.source_shape],
                r.source_constraint_component,
            ]
        )
    return rows


def keys_of_rows(rows: list[list[str | None]]) -> set[ResultKey]:
    """The keys of :func:`fast_rows`' rows (terms in rdflib's canonical form)."""
    return {
        (str(term_key(focus)), path, term_key(value), str(severity), str(shape), str(component))
        for focus, path, value, severity, shape, component in rows
    }


def fast_keys(results: list[FastShaclResult], shapes: Graph) -> set[ResultKey]:
    return keys_of_rows(fast_rows(results, shapes))


def report_keys(report: Graph) -> set[ResultKey]:
    """The keys of every sh:ValidationResult in a validation report graph (pyshacl's, or an expected one)."""
    keys: set[ResultKey] = set()
    # Only the report's own sh:result values: pyshacl also writes nested results under sh:detail.
    for result in (
        r
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for r in report.objects(report_node, SH.result)
    ):
        path = report.value(result, SH.resultPath)
        try:
            path_text = sparql_path(report, path) if path is not None else None
        except UnsupportedShapes:
            path_text = structure(report, path) if path is not None else None
        source_shape = report.value(result, SH.sourceShape)
        assert source_shape is not None
        keys.add(
            (
                str(term_key(report.value(result, SH.focusNode))),
                path_text,
                term_key(report.value(result, SH.value)),
                str(report.value(result, SH.resultSeverity)),
                structure(report, source_shape),
                str(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return keys
