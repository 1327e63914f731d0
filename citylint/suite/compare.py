"""Comparing a validation outcome with a test's expected ``sh:ValidationReport``, as the SHACL test suite
does.

Two reports match when ``sh:conforms`` is the same and their results are the same multiset, each result
compared on ``sh:focusNode``, ``sh:resultPath``, ``sh:value``, ``sh:resultSeverity``, ``sh:sourceShape`` and
``sh:sourceConstraintComponent`` (messages and ``sh:sourceConstraint`` are not compared). IRIs and literals
compare as terms; result paths as the path expression they denote; other blank nodes compare by structure
(their outgoing triples, recursively), and a blank node that one side does not describe (a node of another
graph) matches any blank node.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from citylint.validators.rdf.shacl.engines.base import SH, ShaclResult, path_text

FIELDS = ("focusNode", "resultPath", "value", "resultSeverity", "sourceShape", "sourceConstraintComponent")
ANY_BLANK = "_:*"
MAX_DEPTH = 8


@dataclass(frozen=True)
class ResultKey:
    values: tuple[str | None, ...]  # one canonical text per FIELDS entry

    def matches(self, other: ResultKey) -> bool:
        return all(a == b or ANY_BLANK in (a, b) for a, b in zip(self.values, other.values, strict=True))

    def describe(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in zip(FIELDS, self.values, strict=True) if value)


def canonical(
    graph: Graph, node: Node | None, depth: int = 0, seen: frozenset[Node] = frozenset()
) -> str | None:
    """A text equal for equal terms: IRIs, literals by value, blank nodes by the structure ``graph`` gives."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        if depth > MAX_DEPTH or node in seen:
            return "_:cycle"
        parts = sorted(
            f"{canonical(graph, p)} {canonical(graph, o, depth + 1, seen | {node})}"
            for p, o in graph.predicate_objects(node)
        )
        return "[" + " ; ".join(parts) + "]" if parts else ANY_BLANK
    return str(node)


def _path(graph: Graph, node: Node | None) -> str | None:
    """A result path compares as the path expression it denotes (a list is a sequence path even when the
    node carries other path keys too), not as the triples that happen to describe it."""
    return path_text(graph, node)


def expected_keys(graph: Graph, report: Node) -> tuple[bool, list[ResultKey]]:
    conforms = graph.value(report, SH.conforms)
    keys = []
    for result in graph.objects(report, SH.result):
        keys.append(
            ResultKey(
                tuple(
                    _path(graph, graph.value(result, SH[name]))
                    if name == "resultPath"
                    else canonical(graph, graph.value(result, SH[name]))
                    for name in FIELDS
                )
            )
        )
    return bool(conforms.toPython()) if isinstance(conforms, Literal) else False, keys


def actual_keys(results: Sequence[ShaclResult], data: Graph, shapes: Graph) -> list[ResultKey]:
    keys = []
    for r in results:
        keys.append(
            ResultKey(
                (
                    canonical(data, r.focus_node),
                    _path(shapes, r.result_path),
                    canonical(data, r.value),
                    canonical(shapes, r.severity),
                    canonical(shapes, r.source_shape),
                    canonical(shapes, r.source_constraint_component),
                )
            )
        )
    return keys


def differences(
    expected_conforms: bool, expected: list[ResultKey], actual_conforms: bool, actual: list[ResultKey]
) -> list[str]:
    """What differs, one line each; empty when the reports match."""
    out = []
    if expected_conforms != actual_conforms:
        out.append(
            f"sh:conforms is {str(actual_conforms).lower()}, expected {str(expected_conforms).lower()}"
        )
    remaining = list(actual)
    for key in expected:
        # exact matches first, so that a wildcard does not take a result another expected one needs
        found = next((i for i, a in enumerate(remaining) if a == key), None)
        if found is None:
            found = next((i for i, a in enumerate(remaining) if key.matches(a)), None)
        if found is None:
            out.append(f"missing result: {key.describe()}")
        else:
            remaining.pop(found)
    out += [f"unexpected result: {key.describe()}" for key in remaining]
    return out
