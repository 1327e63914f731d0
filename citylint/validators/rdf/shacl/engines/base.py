"""The SHACL engine interface: data and shapes in, typed validation results out.

Every engine (pyshacl, the reference; the fast engine of ``engines.fast``) implements :class:`ShaclEngine`:

    outcome = engine.validate(RdfInput.of([data_path]), RdfInput.of(shape_paths), ShaclOptions())
    outcome.conforms, outcome.results  # tuple[ShaclResult, ...]

Results carry rdflib terms. ``result_path`` is an IRI or a blank node *of* ``outcome.shapes_graph`` (a path
expression such as ``[ sh:inversePath ex:p ]``), so that the report, the test-suite runner and the findings
can describe it; focus nodes and values are terms of the data graph. :func:`report_graph` turns an outcome
into a ``sh:ValidationReport`` graph, so an engine need not build one itself.

A new engine implements :class:`ShaclEngine` and is added to ``engines.ENGINE_NAMES`` /
``engines.engine_named`` (the ``shacl_engine`` run option and ``citylint suite --engine`` then reach it); it
should fill ``ShaclOutcome.data_triples`` and ``data_namespaces`` when it knows them.

An engine raises :class:`ShaclShapesError` when the shapes graph is ill-formed (the spec's "failure"),
:class:`ShaclUnsupported` for a feature it does not implement,
:class:`~citylint.validators.rdf.load.RdfSyntaxError` when an input does not parse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from citylint.validators.rdf.load import RdfDocument, parse

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, slots=True)
class ShaclResult:
    """One ``sh:ValidationResult``."""

    focus_node: Node
    severity: URIRef  # sh:Violation, sh:Warning, sh:Info (or a custom severity IRI)
    source_constraint_component: URIRef
    source_shape: Node
    result_path: Node | None = None  # IRI, or a blank node of the shapes graph holding a path expression
    value: Node | None = None
    messages: tuple[Literal, ...] = ()
    source_constraint: Node | None = None  # the sh:sparql / sh:SPARQLConstraint node, for SHACL-SPARQL


@dataclass(frozen=True)
class ShaclOptions:
    allow_network: bool = False  # follow owl:imports of the shapes graph (and remote JSON-LD contexts)
    contexts: Mapping[str, Path] = field(default_factory=dict)  # JSON-LD context URL -> local file


@dataclass
class ShaclOutcome:
    conforms: bool
    results: tuple[ShaclResult, ...]
    shapes_graph: Graph
    report: Graph | None = None  # the engine's own sh:ValidationReport, when it builds one
    data_triples: int | None = None  # size of the data graph, when the engine knows it
    data_namespaces: tuple[tuple[str, URIRef], ...] = ()  # the data's prefixes, for messages people read
    engine: str = ""  # the engine that produced the results, when it is not the one asked (``auto``)
    engine_reason: str = ""  # why that engine ran (``auto``)
    # the (subject, predicate) pairs that reach a data node, labelled as the results label it (to name blank
    # nodes in messages); None: read them from the data graph
    parents: Callable[[Node], list[tuple[Node, Node]]] | None = None


class ShaclShapesError(Exception):
    """The shapes graph is ill-formed (e.g. a shape with two sh:path values): validation cannot run."""


class ShaclUnsupported(Exception):
    """The shapes use a feature this engine does not implement (e.g. ``$shapesGraph`` in SPARQL)."""


class ShaclNotApplicable(ShaclUnsupported):
    """The engine would not give the reference engine's results for these inputs (the fast engine's data
    checks); ``auto`` then uses the reference engine, and the test-suite runner counts the test untested."""


class RdfInput:
    """One or more RDF documents that together make a graph; parsed at most once, on demand.

    Engines that parse by themselves (the fast engine) read ``documents``; the others call :meth:`graph`.
    """

    def __init__(self, documents: Sequence[RdfDocument], *, graph: Graph | None = None) -> None:
        self.documents = tuple(documents)
        self._graph = graph

    @classmethod
    def of(cls, paths: Iterable[Path]) -> RdfInput:
        return cls([RdfDocument.of(Path(p)) for p in paths])

    def graph(self, options: ShaclOptions | None = None) -> Graph:
        if self._graph is None:
            options = options or ShaclOptions()
            graph = Graph()
            for document in self.documents:
                parse(document, allow_network=options.allow_network, contexts=options.contexts, graph=graph)
            self._graph = graph
        return self._graph


class ShaclEngine(Protocol):
    name: str

    def validate(self, data: RdfInput, shapes: RdfInput, options: ShaclOptions) -> ShaclOutcome:
        """Validate ``data`` against ``shapes``; raises ShaclShapesError or RdfSyntaxError."""
        ...


SEVERITIES = {SH.Violation: "ERROR", SH.Warning: "WARNING", SH.Info: "INFO"}


def report_graph(outcome: ShaclOutcome) -> Graph:
    """The outcome as a ``sh:ValidationReport`` graph (path expressions copied from the shapes graph)."""
    if outcome.report is not None:
        return outcome.report
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(outcome.conforms)))
    for result in outcome.results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus_node))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.sourceConstraintComponent, result.source_constraint_component))
        graph.add((node, SH.sourceShape, result.source_shape))
        if result.result_path is not None:
            graph.add((node, SH.resultPath, result.result_path))
            _copy_description(outcome.shapes_graph, result.result_path, graph)
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.source_constraint is not None:
            graph.add((node, SH.sourceConstraint, result.source_constraint))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    return graph


def _copy_description(source: Graph, node: Node, target: Graph, depth: int = 0) -> None:
    """Copy the triples that describe a blank node (a path expression), recursively."""
    if not isinstance(node, BNode) or depth > 16:
        return
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        _copy_description(source, o, target, depth + 1)


def path_text(graph: Graph, path: Node | None, names: NamespaceManager | None = None) -> str | None:
    """A SHACL path (described in ``graph``) as a SPARQL property path: ``ex:a/^ex:b`` with the prefixes of
    ``names``, or with full IRIs (``<http://...>``; a lone IRI without brackets) when ``names`` is None."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path) if names is None else _iri(path, names)
    return _path(graph, path, names)


def _iri(iri: URIRef, names: NamespaceManager | None) -> str:
    if names is None:
        return f"<{iri}>"
    try:
        return iri.n3(names)
    except Exception:  # noqa: BLE001 - an IRI rdflib cannot shorten is shown in full
        return f"<{iri}>"


def _path(graph: Graph, path: Node, names: NamespaceManager | None) -> str:
    if isinstance(path, URIRef):
        return _iri(path, names)
    if not isinstance(path, BNode):
        return str(path)
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(_path(graph, p, names) for p in Collection(graph, path)) + ")"
    for key, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, key)
        if inner is not None:
            return template.format(_path(graph, inner, names))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(graph, p, names) for p in Collection(graph, alternatives)) + ")"
    return "[]"
