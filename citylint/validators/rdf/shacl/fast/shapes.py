"""Read a SHACL shapes graph (rdflib) into the small model the compiler needs, or say why it cannot.

The fast engine compiles only what it reproduces exactly; anything else (SHACL-SPARQL, custom constraint
components, SPARQL targets, rules, SHACL-AF node expressions and functions, blank nodes where SPARQL needs a
constant) makes the whole shapes graph unsupported, and the caller then uses the reference engine (pyshacl).

What is "anything else" is judged by the SHACL semantics, not by the names the compiler knows: a constraint
component may be declared through a *subclass* of ``sh:ConstraintComponent`` (its validator through a subclass
of ``sh:SPARQLAskValidator``) and its parameters are any IRIs (``ex:test1``), not ``sh:`` ones, so
:func:`refusal` looks at declarations (``sh:parameter``, validators, any class declared a subclass of a SHACL
class) wherever they are in the graph, as pySHACL's ``ShapesGraph._find_custom_constraints`` does (pyshacl
0.40, ``pyshacl/shapes_graph.py``: instances of ``sh:ConstraintComponent`` and of its subclasses).
``owl:imports`` is not a reason: with the network off neither engine follows it (the caller refuses it when
the network is allowed, as pyshacl would then load the imported graph).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from citylint.validators.rdf.shacl.fast.paths import UnsupportedShapes, iri, sparql_path
from citylint.validators.rdf.shacl.rules import COMPONENT_RULES

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
SHAPE_REFERENCES = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
# Parameters the compiler implements (the one of each constraint component the fast engine evaluates, as its
# class in rules.py says, and the others those components read), plus the non-validating ones every engine
# ignores.
COMPILED = {
    *(SH[rule.fast_parameter] for rule in COMPONENT_RULES if rule.fast_parameter is not None),
    SH.flags,
    SH.property,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.path,
    SH.severity,
    SH.message,
    SH.deactivated,
    *TARGETS,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
}
# Graph-level features that only the reference engine implements.
# An open namespace: SHACL-AF terms (sh:values, sh:expression) are not in rdflib's closed SH.
SHX = Namespace(str(SH))
UNSUPPORTED_TYPES = (
    SHX.ConstraintComponent,
    SHX.SPARQLConstraint,
    SHX.SPARQLTarget,
    SHX.SPARQLTargetType,
    SHX.JSConstraint,
    SHX.SPARQLRule,
    SHX.TripleRule,
    SHX.SPARQLFunction,
    SHX.Parameter,
    SHX.SPARQLAskValidator,
    SHX.SPARQLSelectValidator,
    SHX.Validator,
    SHX.JSValidator,
    SHX.JSFunction,
    SHX.JSRule,
    SHX.JSTarget,
    SHX.JSTargetType,
    SHX.Function,
    SHX.Rule,
    SHX.Target,
    SHX.TargetType,
    SHX.SPARQLExecutable,
    SHX.SPARQLAskExecutable,
    SHX.SPARQLSelectExecutable,
    SHX.SPARQLConstructExecutable,
    SHX.SPARQLUpdateExecutable,
)
# Predicates that declare or use SHACL-SPARQL, SHACL-AF or SHACL-JS, wherever they appear in the graph.
UNSUPPORTED_PREDICATES = (
    SHX.sparql,
    SHX.target,
    SHX.rule,
    SHX.entailment,
    SHX.parameter,
    SHX.validator,
    SHX.nodeValidator,
    SHX.propertyValidator,
    SHX.select,
    SHX.ask,
    SHX.construct,
    SHX.update,
    SHX.expression,
    SHX.js,
    SHX.jsFunctionName,
    SHX.jsLibrary,
    SHX.values,
    SHX.condition,
    SHX.filterShape,
    SHX.intersection,
    SHX.union,
    SHX.nodes,
    SHX.labelTemplate,
    SHX.optional,
    SHX.returnType,
)


def refusal(graph: Graph) -> str | None:
    """Why the shapes graph uses something the compiler does not evaluate (judged graph-wide), or None."""
    names = graph.namespace_manager
    for subclass, superclass in graph.subject_objects(RDFS.subClassOf):
        if str(superclass).startswith(str(SH)) and not str(subclass).startswith(str(SH)):
            return (
                f"declares {node_key(subclass)} a subclass of {superclass.n3(names)} (its instances are "
                "SHACL declarations the fast engine does not read)"
            )
    for kind in UNSUPPORTED_TYPES:
        for node in graph.subjects(RDF.type, kind):
            if kind == SH.ConstraintComponent and str(node).startswith(str(SH)):
                continue  # the Core components of shacl.ttl, when the vocabulary is loaded with the shapes
            return f"uses {kind.n3(names)}"
    for predicate in UNSUPPORTED_PREDICATES:
        if (None, predicate, None) in graph:
            return f"uses {predicate.n3(names)}"
    return None


@dataclass
class Shape:
    """One shape: its node, SPARQL path (property shapes) and the metadata every result carries."""

    node: Node
    key: str
    path: str | None
    path_node: Node | None
    severity: str
    messages: tuple[str, ...]
    deactivated: bool
    targets: list[tuple[URIRef, Node]] = field(default_factory=list)


def node_key(node: Node) -> str:
    """A shape or term in N-Triples syntax (rdflib's blank node label for shapes-graph blank nodes)."""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node.n3())


def sparql_term(term: Node) -> str:
    """A constant for a SPARQL query; blank nodes of the shapes graph have no counterpart in the data."""
    if isinstance(term, URIRef):
        return iri(term)
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^{iri(term.datatype)}'
        return f'"{text}"'
    raise UnsupportedShapes(f"blank node used as a constant: {term!r}")


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    if head == RDF.nil:
        return []
    if (head, RDF.first, None) not in graph:
        raise UnsupportedShapes(f"not an RDF list: {head!r}")
    return list(Collection(graph, head))


class ShapesModel:
    """All shapes of a shapes graph, keyed by node; raises UnsupportedShapes when one cannot be compiled."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        refused = refusal(graph)
        if refused is not None:
            raise UnsupportedShapes(refused)
        self.shapes: dict[Node, Shape] = {}
        for node in self._shape_nodes():
            self.shapes[node] = self._read(node)

    def _shape_nodes(self) -> set[Node]:
        g = self.graph
        nodes: set[Node] = set(g.subjects(RDF.type, SH.NodeShape)) | set(
            g.subjects(RDF.type, SH.PropertyShape)
        )
        for predicate in TARGETS:
            nodes |= set(g.subjects(predicate, None))
        nodes |= set(g.subjects(SH.path, None))
        pending = list(nodes)
        while pending:  # shapes reached from other shapes, however deep
            shape = pending.pop()
            found: list[Node] = [o for p in SHAPE_REFERENCES for o in g.objects(shape, p)]
            for predicate in SHAPE_LISTS:
                for head in g.objects(shape, predicate):
                    found += rdf_list(g, head)
            for node in found:
                if node not in nodes:
                    nodes.add(node)
                    pending.append(node)
        return nodes

    def _read(self, node: Node) -> Shape:
        g = self.graph
        if isinstance(node, Literal):
            raise UnsupportedShapes(f"a literal used as a shape: {node!r}")
        for predicate in set(g.predicates(node, None)):
            if str(predicate).startswith(str(SH)) and predicate not in COMPILED:
                raise UnsupportedShapes(f"{predicate.n3(g.namespace_manager)} is not compiled")
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise UnsupportedShapes(f"shape {node_key(node)} has several sh:path values")
        severities = list(g.objects(node, SH.severity))
        if len(severities) > 1 or (severities and not isinstance(severities[0], URIRef)):
            raise UnsupportedShapes(f"shape {node_key(node)} has an unusable sh:severity")
        deactivated = [o for o in g.objects(node, SH.deactivated)]
        shape = Shape(
            node=node,
            key=node_key(node),
            path=sparql_path(g, paths[0]) if paths else None,
            path_node=paths[0] if paths else None,
            severity=str(severities[0]) if severities else str(SH.Violation),
            messages=tuple(str(m) for m in g.objects(node, SH.message)),
            deactivated=any(isinstance(d, Literal) and d.value is True for d in deactivated),
        )
        for predicate in TARGETS:
            for target in g.objects(node, predicate):
                sparql_term(target)  # blank-node targets cannot be matched in another graph
                if predicate != SH.targetNode and not isinstance(target, URIRef):
                    raise UnsupportedShapes(f"{predicate.n3(g.namespace_manager)} needs an IRI")
                shape.targets.append((predicate, target))
        is_class = (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g
        is_shape = (node, RDF.type, SH.NodeShape) in g or (node, RDF.type, SH.PropertyShape) in g
        if is_class and is_shape and isinstance(node, URIRef):
            shape.targets.append((SH.targetClass, node))  # implicit class target
        return shape
