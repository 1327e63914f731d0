"""The fast SHACL engine behind the :class:`ShaclEngine` interface.

``FastShaclEngine`` parses the data with pyoxigraph and evaluates the shapes compiled to SPARQL
(``shacl/fast/``); it raises :class:`ShaclNotApplicable` where its results would not be the reference
engine's, which is where ``auto`` (``engines/__init__.py``) runs pyshacl instead. It runs to the end only
where:

- the data is N-Triples, Turtle or RDF/XML (the formats whose parsing the two engines share without options:
  JSON-LD contexts, named graphs, RDF/XML with a DTD (entities) or XML literals are left to the reference
  loader);
- ``fast.applies()``: every shape compiles, and the data names no integer-derived XSD datatype;
- where the data writes a literal in a form the store rewrites (``fast/literals.py``): the shapes use no
  component that sees a literal's form, and the store merged no two triples;
- where the data has such literals, no result reports a literal; when one does, auto validates again with
  pyshacl: a re-run is slower than mapping values back to the file's lexical forms, but it is the reference
  answer by definition. (Where the scan finds no rewritten literal, the store holds every literal in the
  data's own form, so the results are exact.)

Each outcome says which engine ran and why (``ShaclOutcome.engine`` / ``engine_reason``, shown in the report
summary as ``shacl.engine`` / ``engineReason``).
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from rdflib import OWL, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import from_n3

from citylint.validators.rdf.load import RdfSyntaxError
from citylint.validators.rdf.shacl import fast
from citylint.validators.rdf.shacl.engines.base import (
    SH,
    RdfInput,
    ShaclNotApplicable,
    ShaclOptions,
    ShaclOutcome,
    ShaclResult,
)
from citylint.validators.rdf.shacl.fast import columnar, literals
from citylint.validators.rdf.shacl.fast.engine import Evaluation
from citylint.validators.rdf.shacl.fast.shapes import Shape, ShapesModel

if TYPE_CHECKING:
    import pyoxigraph as ox

# The data formats the fast engine reads (citylint's format names → pyoxigraph's RdfFormat members).
# pyoxigraph is imported where a file is parsed or a store built: plain N-Triples evaluated column by column
# load it only after their data is freed (10 MB of the 100 k-sensor run's peak).
FAST_FORMATS = {"nt": "N_TRIPLES", "turtle": "TURTLE", "xml": "RDF_XML"}


def _ox_format(name: str) -> ox.RdfFormat:
    """pyoxigraph's RdfFormat of one of FAST_FORMATS' names."""
    import pyoxigraph as ox

    return cast("ox.RdfFormat", getattr(ox.RdfFormat, FAST_FORMATS[name]))


# RDF/XML the two parsers may read differently: entities declared in a DTD, XML literals (whose canonical
# form the parsers write differently).
# What pyoxigraph's parser itself writes differently from the data (the store rewrites more: literals.py).
PARSER_REWRITES = frozenset({"string", "language"})
_RDF_XML_REFUSED = re.compile(rb"<!DOCTYPE|<!ENTITY|parseType=[\"']Literal")


# Every reason the fast engine declines (``auto`` then runs pyshacl and shows the reason as engineReason),
# by key; :func:`_decline` fills the fields in.
DECLINES = {
    "network_imports": (
        "the shapes graph has owl:imports and the network is allowed: the reference engine loads them"
    ),
    "format": "the fast engine reads N-Triples, Turtle and RDF/XML, the data is {formats}",
    "rdf_xml": (
        "the RDF/XML data declares a DTD (entities) or an XML literal, which the parsers read differently"
    ),
    "shapes": "the fast engine does not apply: {reason}",
    "integer_derived": (
        "the fast engine does not apply: the data uses an integer-derived XSD datatype, which the store "
        "rewrites"
    ),
    "literal_sensitive": (
        "the data writes a literal (number, date, language tag, xsd:string) in a form the fast store "
        "rewrites, and the shapes use {component}"
    ),
    "merged": (
        "the fast store merged literals the data writes in two forms (or a triple stated twice), which "
        "counts would see"
    ),
    "reports_literal": (
        "a result reports a literal, and the data writes some literals in a form the fast store rewrites; "
        "the reference engine reports the data's own form"
    ),
    "parser_limit": "the fast parser cannot read {filename}: {error}",
}


def _decline(key: str, **fields: object) -> ShaclNotApplicable:
    """The ShaclNotApplicable of one of DECLINES."""
    return ShaclNotApplicable(DECLINES[key].format(**fields))


class FastShaclEngine:
    name = "fast"

    def validate(self, data: RdfInput, shapes: RdfInput, options: ShaclOptions) -> ShaclOutcome:
        return self.run(data, shapes, options)[0]

    def run(
        self, data: RdfInput, shapes: RdfInput, options: ShaclOptions
    ) -> tuple[ShaclOutcome, list[fast.FastShaclResult]]:
        """The outcome, and the engine's own results (terms as the store writes them); raises
        ShaclNotApplicable where the results would differ from the reference engine's."""
        graph = shapes.graph(options)
        _refuse(data, graph, options)
        try:
            model = ShapesModel(graph)
        except fast.UnsupportedShapes as exc:
            _check_supported(graph)  # its reason first, as when it ran before the model
            raise _decline("shapes", reason=exc) from exc
        columns = _columnar(data, model)
        # the shapes must compile to SPARQL whichever path evaluates them (the declines stay the same);
        # checked after the columnar run, whose data is freed by then: loading pyoxigraph adds nothing to
        # its peak
        _check_supported(graph)
        if columns is not None:
            return columns
        if not fast.data_supports(d.path for d in data.documents):
            raise _decline("integer_derived")
        paths = [d.path for d in data.documents]
        rewritten = literals.rewritten_literals(paths, {d.path: d.format for d in data.documents})
        sensitive = literals.literal_sensitive(graph) if rewritten else None
        if sensitive is not None:
            raise _decline("literal_sensitive", component=sensitive)
        import pyoxigraph as ox

        store = ox.Store()
        prefixes: list[tuple[str, str, bool]] = []
        for document in data.documents:
            prefixes += _load(store, document.path, _ox_format(document.format))
        if rewritten and literals.triples_merged(
            store, paths, {d.path: _ox_format(d.format) for d in data.documents}
        ):
            raise _decline("merged")
        try:
            found = list(Evaluation(store, model).run())
        except fast.UnsupportedShapes as exc:
            raise _decline("shapes", reason=exc) from exc
        # Without rewritten literals in the data, every literal of the store is written as in the data; with
        # them, a literal in a result may be the store's form of another one.
        if _reports_literal(found, rewritten):
            raise _decline("reports_literal")
        shapes_by_key = {shape.key: shape for shape in model.shapes.values()}
        results = _results(found, shapes_by_key, graph)
        outcome = ShaclOutcome(
            not results,
            results,
            graph,
            data_triples=len(store),
            data_namespaces=_namespaces(prefixes),
            engine=self.name,
            parents=_parents(store),
        )
        return outcome, found


def _refuse(data: RdfInput, shapes: Graph, options: ShaclOptions) -> None:
    """Raise ShaclNotApplicable where the fast engine would not give the reference results, known before it
    runs (then _check_supported: whether the shapes compile)."""
    if options.allow_network and (None, OWL.imports, None) in shapes:
        # with the network allowed pyshacl loads the imported graphs; without it neither engine does
        raise _decline("network_imports")
    formats = {d.format for d in data.documents}
    if not formats <= FAST_FORMATS.keys():
        raise _decline("format", formats=", ".join(sorted(formats)))
    for document in data.documents:
        if document.format == "xml" and _search(document.path, _RDF_XML_REFUSED):
            raise _decline("rdf_xml")


def _check_supported(shapes: Graph) -> None:
    """Raise ShaclNotApplicable when the shapes do not compile to SPARQL (``fast.supports``)."""
    support = fast.supports(shapes)
    if not support:
        raise _decline("shapes", reason=support.reason)


def _search(path: Path, pattern: re.Pattern[bytes]) -> bool:
    if path.stat().st_size == 0:
        return False
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
        return pattern.search(text) is not None


def _load(store: ox.Store, path: Path, rdf_format: ox.RdfFormat) -> list[tuple[str, str, bool]]:
    """Load one file into the store; its prefixes for messages people read (see :func:`_prefixes`)."""
    import pyoxigraph as ox

    with _parse_errors(path):
        if rdf_format == ox.RdfFormat.N_TRIPLES:  # no prefixes: the store reads it directly
            store.load(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri())
            return []
        parser = ox.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri())
        store.extend(quad for quad in parser)
        return _prefixes(path, rdf_format, parser)


def _prefixes(path: Path, rdf_format: ox.RdfFormat, parser: ox.QuadParser) -> list[tuple[str, str, bool]]:
    """A parsed file's prefixes for messages people read, as rdflib binds them (prefix, namespace,
    override): Turtle's from the parser, RDF/XML's xmlns declarations (pyoxigraph reports none)."""
    import pyoxigraph as ox

    if rdf_format == ox.RdfFormat.N_TRIPLES:
        return []
    if rdf_format == ox.RdfFormat.RDF_XML:
        return [(prefix, namespace, False) for prefix, namespace in _xmlns(path)]
    return [(prefix, namespace, True) for prefix, namespace in parser.prefixes.items()]


@contextmanager
def _parse_errors(path: Path) -> Iterator[None]:
    """pyoxigraph's parse errors as citylint's: a syntax error with its position, or not applicable."""
    try:
        yield
    except (
        MemoryError
    ) as exc:  # the parser's token buffer is bounded (16 MB): a huge literal; rdflib reads it
        raise _decline("parser_limit", filename=path.name, error=exc) from exc
    except SyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        column = exc.offset if isinstance(exc.offset, int) else None
        raise RdfSyntaxError(path, str(exc.msg or exc), line, column) from exc


def _fill(
    sink: columnar.TripleSink, data: RdfInput
) -> tuple[columnar.Triples, int, Any, list[tuple[str, str, bool]]]:
    """The data's triples through the sink: read as they are (a plain sink), or written by the parser as
    canonical N-Triples. The sink's finish() (parts per predicate, distinct triples, blank-node objects), and
    the prefixes of the files. Raises NotColumnar (NotPlain), or the parser's errors as citylint's."""
    prefixes: list[tuple[str, str, bool]] = []
    try:
        for document in data.documents:
            if sink.plain:  # blocks of whole lines straight to the reader (one copy, not write()'s three)
                with open(document.path, "rb") as fh:
                    while block := fh.read(sink.CHUNK):
                        sink.submit(block + fh.readline())
                continue
            import pyoxigraph as ox

            rdf_format = _ox_format(document.format)
            with _parse_errors(document.path):
                parser = ox.parse(
                    path=str(document.path), format=rdf_format, base_iri=document.path.resolve().as_uri()
                )
                ox.serialize(parser, output=cast("IO[bytes]", sink), format=ox.RdfFormat.N_TRIPLES)
            prefixes += _prefixes(document.path, rdf_format, parser)
        parts, count, blank_objects = sink.finish()
    finally:
        sink.close()
    return parts, count, blank_objects, prefixes


COLUMNAR_REASON = (
    "every shape is a node or one-predicate property shape evaluated column by column over the parsed "
    "triples (no store), and the results' terms are written as in the data"
)


def _columnar(data: RdfInput, model: ShapesModel) -> tuple[ShaclOutcome, list[fast.FastShaclResult]] | None:
    """The store-free evaluation (``fast/columnar.py``) where it applies, else None (then the store).

    The parser keeps every lexical form but two, which it writes as the store does: ``"a"^^xsd:string`` as
    ``"a"`` and language tags in lower case; data writing either is left to the store path (and its checks).
    """
    try:
        checks = columnar.plan(model)
    except columnar.NotColumnar:
        return None
    predicates = columnar.needed_predicates(checks)
    parts: columnar.Triples | None = None
    try:
        if all(d.format == "nt" for d in data.documents):
            try:  # plain N-Triples: polars reads the files themselves
                parts, count, blank_objects, prefixes = _fill(
                    columnar.TripleSink(predicates, plain=True), data
                )
            except columnar.NotPlain:
                parts = None
        if parts is None:
            paths = [d.path for d in data.documents]
            syntax = {d.path: d.format for d in data.documents}
            if literals.rewritten_literals(paths, syntax, only=PARSER_REWRITES):
                return None
            parts, count, blank_objects, prefixes = _fill(columnar.TripleSink(predicates), data)
        found = columnar.validate(parts, model, checks)
    except columnar.NotColumnar:
        return None
    del parts
    blanks = {t for r in found for t in (r.focus_node, r.value) if t is not None and t.startswith("_:")}
    reaching = columnar.parents(blank_objects, blanks)
    del blank_objects

    def parents(node: Node) -> list[tuple[Node, Node]]:
        if not isinstance(node, BNode):
            return []
        return [(_term(s), _term(p)) for s, p in reaching.get(f"_:{node}", [])]

    shapes_by_key = {shape.key: shape for shape in model.shapes.values()}
    results = _results(found, shapes_by_key, model.graph)
    outcome = ShaclOutcome(
        not results,
        results,
        model.graph,
        data_triples=count,
        data_namespaces=_namespaces(prefixes),
        engine=FastShaclEngine.name,
        engine_reason=COLUMNAR_REASON,
        parents=parents,
    )
    return outcome, found


# An XML namespace declaration; rdflib's RDF/XML parser binds each one it meets (``rdfxml.py``: ``bind(prefix,
# namespace, override=False)``), the default namespace as the empty prefix.
_XMLNS = re.compile(rb"""xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*["']([^"']*)["']""")


def _xmlns(path: Path) -> list[tuple[str, str]]:
    """The xmlns declarations of an XML file, each (prefix, namespace) once, in document order."""
    if path.stat().st_size == 0:
        return []
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
        found = dict.fromkeys(_XMLNS.findall(text))
    return [
        (p.decode("utf-8", "replace"), n.decode("utf-8", "replace"))
        for p, n in found
        if n not in (b"http://www.w3.org/XML/1998/namespace",)
    ]


def _namespaces(prefixes: list[tuple[str, str, bool]]) -> tuple[tuple[str, URIRef], ...]:
    """The prefixes rdflib would know after parsing the data: its defaults, then the file's."""
    graph = Graph()
    for prefix, namespace, override in prefixes:
        if override:
            graph.bind(prefix, namespace, override=True, replace=True)
        else:
            graph.bind(prefix, namespace or "", override=False)
    return tuple(graph.namespaces())


def _reports_literal(found: Iterable[fast.FastShaclResult], kinds: set[str]) -> bool:
    """Whether a result's focus node or value is a literal of a kind the data writes in a form the store
    rewrites (``literals.rewritten_literals``): a plain string ("string"), a language string ("language"),
    an XSD-typed literal ("value"). Literals of other datatypes are kept as written."""
    if not kinds:
        return False
    for result in found:
        for term in (result.focus_node, result.value):
            if term is None or not term.startswith('"'):
                continue
            tail = term.rsplit('"', 1)[1]  # "", "@lang" or "^^<datatype>"
            kind = (
                "string"
                if not tail
                else "language"
                if tail.startswith("@")
                else "value"
                if tail.startswith("^^<http://www.w3.org/2001/XMLSchema#")
                else None
            )
            if kind in kinds:
                return True
    return False


def _results(
    found: list[fast.FastShaclResult], shapes: dict[str, Shape], graph: Graph
) -> tuple[ShaclResult, ...]:
    """The engine's results as ShaclResults; a shape's messages are read from the shapes graph once per
    shape, not once per result (39,783 results at 4 M triples: 0.3 s of rdflib lookups)."""
    messages: dict[str, tuple[Literal, ...]] = {}
    out = []
    for result in found:
        key = result.source_shape
        if key not in messages:
            node = shapes[key].node
            messages[key] = tuple(
                sorted((m for m in graph.objects(node, SH.message) if isinstance(m, Literal)), key=str)
            )
        out.append(_result(result, shapes, messages[key]))
    return tuple(out)


def _result(
    found: fast.FastShaclResult, shapes: dict[str, Shape], messages: tuple[Literal, ...]
) -> ShaclResult:
    shape = shapes[found.source_shape]
    if found.result_path is None:
        path: Node | None = None
    elif found.result_path == shape.path:
        path = shape.path_node  # the shapes graph's own path node, as the reference engine reports it
    else:  # sh:closed reports the predicate of the offending triple
        path = URIRef(found.result_path.removeprefix("<").removesuffix(">"))
    return ShaclResult(
        focus_node=_term(found.focus_node),
        severity=URIRef(found.severity),
        source_constraint_component=URIRef(found.source_constraint_component),
        source_shape=shape.node,
        result_path=path,
        value=_term(found.value) if found.value is not None else None,
        messages=messages,
    )


def _parents(store: ox.Store) -> Callable[[Node], list[tuple[Node, Node]]]:
    """What reaches a blank node of the store (labelled as the results label it), to name it in messages."""

    import pyoxigraph as ox

    def find(node: Node) -> list[tuple[Node, Node]]:
        if not isinstance(node, BNode):
            return []
        return [
            (_term(str(q.subject)), _term(str(q.predicate)))
            for q in store.quads_for_pattern(None, None, ox.BlankNode(str(node)))
        ]

    return find


def _term(text: str) -> Node:
    """An N-Triples term (as the store writes it) as an rdflib node."""
    if text.startswith("<") and "\\" not in text:
        # from_n3 unescapes \uXXXX in IRIs, the identity without a backslash; 3x faster (0.35 s for the
        # ~60,000 terms of 39,783 results at 4 M triples)
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    node = from_n3(text)
    if not isinstance(node, Node):
        raise TypeError(f"not an RDF term: {text!r}")
    return node
