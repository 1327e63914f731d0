"""What a SHACL run does not evaluate: never silence, one ``shacl_not_evaluated`` finding per cause.

The reference engine (pyshacl 0.40, run with ``advanced=True``, ``js=False``, ``inference="none"``) evaluates
SHACL Core, SHACL-SPARQL and SHACL Advanced Features (node expressions ``sh:expression``, SPARQL functions,
SPARQL targets and target types, rules). It silently skips:

- SHACL-JavaScript (``sh:js``, ``sh:JSConstraint``, ...): pyshacl evaluates it only with its ``js`` extra and
  the option on (``pyshacl/shape.py``, ``Shape.validate``: ``sh:js`` is a parameter only ``if
  self.sg.js_enabled``), which citylint does not use;
- ``sh:entailment``: pyshacl never reads it (no code names it), although SHACL §6.4 (entailment regimes) asks
  a processor that does not support the regime to fail;
- constraint parameters of DASH / TopBraid (``dash:uniqueValueForClass``, ...) when no component of the shapes
  graph declares them: their components live in ``dash.ttl``, which is not loaded; per SHACL they are then
  plain triples;
- ``sh:target`` nodes that are neither SPARQL targets nor instances of a declared target type;
- ``owl:imports`` of the shapes graph that the standards cache does not hold, with the network off.

The fast engine refuses all of these (``fast/shapes.py``), so the list is the same whichever engine ran.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

SHX = Namespace("http://www.w3.org/ns/shacl#")  # open: SHACL-AF / JS terms are not in rdflib's closed SH
DASH = "http://datashapes.org/dash#"
JS_TYPES = (SHX.JSConstraint, SHX.JSRule, SHX.JSTarget, SHX.JSTargetType, SHX.JSFunction, SHX.JSValidator)
SHAPE_LINKS = (
    SHX.property,
    SHX.node,
    SHX.path,
    SHX.targetClass,
    SHX.targetNode,
    SHX.targetSubjectsOf,
    SHX.targetObjectsOf,
    SHX.target,
)


@dataclass(frozen=True)
class NotEvaluated:
    feature: str  # what is not evaluated, e.g. "sh:js (SHACL-JavaScript)"
    reason: str
    count: int  # how many shapes / declarations use it
    example: str  # one of them (the smallest IRI or label, so that runs agree)


def not_evaluated(shapes: Graph, imports_not_followed: Iterable[str] = ()) -> list[NotEvaluated]:
    """Every feature of the shapes graph the run does not evaluate, one entry per cause."""
    out: list[NotEvaluated] = []
    # the shapes using JavaScript, and JavaScript declarations (functions, targets) no shape links with sh:js
    js = {s for s in shapes.subjects(SHX.js, None)}
    js |= {s for kind in JS_TYPES for s in shapes.subjects(RDF.type, kind) if (None, SHX.js, s) not in shapes}
    if js:
        out.append(
            NotEvaluated(
                "SHACL-JavaScript (sh:js)", "citylint runs pyshacl without JavaScript", len(js), _first(js)
            )
        )
    entailments = {str(o) for o in shapes.objects(None, SHX.entailment)}
    if entailments:
        out.append(
            NotEvaluated(
                "sh:entailment",
                "no entailment regime is applied (the data is validated as written)",
                len(entailments),
                min(entailments),
            )
        )
    declared = {
        p for parameter in shapes.objects(None, SHX.parameter) for p in shapes.objects(parameter, SHX.path)
    }
    dash: dict[str, set[Node]] = {}
    for shape in _shapes(shapes):
        for predicate in set(shapes.predicates(shape, None)):
            if _is_dash_parameter(predicate) and predicate not in declared:
                dash.setdefault(_short(shapes, predicate), set()).add(shape)
    for name, users in sorted(dash.items()):
        out.append(
            NotEvaluated(
                name,
                "a DASH constraint parameter whose component (declared in dash.ttl) is not "
                "in the shapes graph",
                len(users),
                _first(users),
            )
        )
    targets = set()
    for target in shapes.objects(None, SHX.target):
        types = set(shapes.objects(target, RDF.type))
        if (target, SHX.select, None) in shapes or any(
            (t, RDF.type, SHX.SPARQLTargetType) in shapes
            or (t, RDFS.subClassOf, SHX.SPARQLTargetType) in shapes
            for t in types
        ):
            continue
        targets.add(target)
    if targets:
        out.append(
            NotEvaluated(
                "sh:target",
                "a custom target with neither sh:select nor a declared SPARQL target type",
                len(targets),
                _first(targets),
            )
        )
    for iri in sorted(set(imports_not_followed)):
        out.append(
            NotEvaluated(
                f"owl:imports <{iri}>",
                "the imported graph is not in the standards cache and the "
                "network is off (--allow-network fetches it)",
                1,
                iri,
            )
        )
    return out


def _shapes(graph: Graph) -> set[Node]:
    nodes: set[Node] = set(graph.subjects(RDF.type, SHX.NodeShape)) | set(
        graph.subjects(RDF.type, SHX.PropertyShape)
    )
    for link in SHAPE_LINKS:
        nodes |= set(graph.subjects(link, None))
    nodes |= set(graph.objects(None, SHX.property)) | set(graph.objects(None, SHX.node))
    return nodes


# DASH terms used on shapes that are annotations (editors' hints), not constraint parameters.
DASH_ANNOTATIONS = {
    "editor",
    "viewer",
    "singleLine",
    "readOnly",
    "hidden",
    "propertyRole",
    "detailsEndpoint",
    "index",
    "applicableToClass",
    "defaultLang",
    "indexed",
    "neverMaterialize",
    "mimeTypes",
    "composite",
    "dependencyPredicate",
    "shape",
    "abstract",
}


def _is_dash_parameter(predicate: Node) -> bool:
    return str(predicate).startswith(DASH) and str(predicate).rpartition("#")[2] not in DASH_ANNOTATIONS


def _short(graph: Graph, node: Node) -> str:
    try:
        return str(node.n3(graph.namespace_manager))
    except Exception:  # noqa: BLE001 - an IRI rdflib cannot shorten is shown in full
        return f"<{node}>"


def _first(nodes: Iterable[Node]) -> str:
    """A stable example: the smallest IRI, else a blank node (labels change from run to run)."""
    iris = sorted(str(n) for n in nodes if isinstance(n, URIRef))
    return iris[0] if iris else "[ ]"
