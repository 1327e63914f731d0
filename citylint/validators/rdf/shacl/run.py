"""One run of the ``shacl`` validator (see :mod:`.inputs`): parse the data and the shapes (following
``owl:imports`` from the standards cache), run the chosen engine within the time limit, and turn its results
into findings."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, NamespaceManager
from rdflib.term import Node

from citylint import readpolicy, standards
from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.timelimit import TimeLimitExceeded, time_limit
from citylint.validators.base import Context, InputError
from citylint.validators.parameters import ShaclParameters
from citylint.validators.rdf.hierarchy import ontology_files, write_hierarchy
from citylint.validators.rdf.load import RdfDocument, RdfNetworkRefused, RdfSyntaxError, parse
from citylint.validators.rdf.shacl.coverage import not_evaluated
from citylint.validators.rdf.shacl.engines import DEFAULT_ENGINE, engine_named, reason_asked
from citylint.validators.rdf.shacl.engines.base import (
    SH,
    RdfInput,
    ShaclNotApplicable,
    ShaclOptions,
    ShaclResult,
    ShaclShapesError,
    ShaclUnsupported,
    path_text,
    report_graph,
)
from citylint.validators.rdf.shacl.inputs import (
    background_files,
    jsonld_contexts,
    shapes_files,
)
from citylint.validators.rdf.shacl.messages import blank_namer, generated_message, term
from citylint.validators.rdf.shacl.rules import RdfSyntaxErrorRule, ShaclNotEvaluated, ShaclRule, rule_for

if TYPE_CHECKING:
    from citylint.validators.metadata.tables import VocabularyTables

ROOT_CAUSES = 20  # root causes listed in the summary
SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


def shapes_with_imports(files: list[Path], options: ShaclOptions) -> tuple[RdfInput, list[str]]:
    """The shapes files plus what their ``owl:imports`` name, when the standards cache holds it.

    Imports the cache does not know are not followed (listed in the summary) unless the network is allowed,
    in which case the engine fetches them; a known import not installed stops with the install command.
    """
    documents = [RdfDocument.of(f) for f in files]
    graph = Graph()
    for document in documents:
        parse(document, allow_network=options.allow_network, contexts=options.contexts, graph=graph)
    ignored: list[str] = []
    done: set[str] = set()
    pending = [str(o) for o in graph.objects(None, OWL.imports)]
    while pending:
        iri = pending.pop(0)
        if iri in done:
            continue
        done.add(iri)
        local = standards.local_copy(iri)
        if local is None:
            ignored.append(iri)
            continue
        document = RdfDocument.of(local)
        documents.append(document)
        parse(document, allow_network=options.allow_network, contexts=options.contexts, graph=graph)
        pending += [str(o) for o in graph.objects(None, OWL.imports) if str(o) not in done]
    return RdfInput(documents, graph=graph), ([] if options.allow_network else sorted(ignored))


def syntax_fields(error: RdfSyntaxError) -> dict[str, Any]:
    fields: dict[str, Any] = {"filename": error.path.name, "message": error.message}
    if error.line is not None:
        fields["lineNumber"] = error.line
    if error.column is not None:
        fields["columnNumber"] = error.column
    fields["position"] = f" {_where(error)}".rstrip(": ") if error.line is not None else ""
    return fields


# What a failure of the run tells the user (exit 2), by exception type, tried in order (a subclass before its
# base): (types, message from the exception, the data file and the engine's name).
FAILURES: tuple[tuple[tuple[type[Exception], ...], Callable[[Any, Path, str], str]], ...] = (
    ((RdfNetworkRefused, standards.StandardsError), lambda exc, path, engine: str(exc)),
    ((OSError,), lambda exc, path, engine: f"{path}: cannot read: {exc.strerror or exc}"),
    ((ShaclShapesError,), lambda exc, path, engine: f"the shapes graph is not well-formed SHACL: {exc}"),
    (
        (ShaclNotApplicable,),
        lambda exc, path, engine: (
            f"{path}: the {engine} SHACL engine would not give the reference results here "
            f"({exc}); use --engine auto or --engine pyshacl"
        ),
    ),
    ((ShaclUnsupported,), lambda exc, path, engine: f"the SHACL engine cannot evaluate these shapes: {exc}"),
)
FAILURE_TYPES = tuple(kind for kinds, _ in FAILURES for kind in kinds)


def input_error(exc: Exception, path: Path, engine: str) -> InputError:
    """The run's failure as the message the user reads (:data:`FAILURES`)."""
    for kinds, message in FAILURES:
        if isinstance(exc, kinds):
            return InputError(message(exc, path, engine))
    raise TypeError(f"not a failure of a SHACL run: {exc!r}") from exc


def run(path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
    """``ShaclValidator.validate``: parse the data and the shapes, run the engine, report its results."""
    options = ShaclOptions(allow_network=context.options.allow_network, contexts=jsonld_contexts(context))
    files = shapes_files(context)
    if not files:
        raise InputError(
            f"{path}: no SHACL shapes to validate against: give --shapes FILE or a profile with shapes"
        )
    with tempfile.TemporaryDirectory(prefix="citylint-shacl-") as scratch:  # removed when the run ends
        return _run(path, context, sink, options, files, Path(scratch))


def _run(
    path: Path, context: Context, sink: FindingSink, options: ShaclOptions, files: list[Path], scratch: Path
) -> dict[str, Any]:
    settings = context.settings(ShaclParameters)
    ontologies = ontology_files(list(settings.hierarchy), path)
    hierarchy = write_hierarchy(ontologies, scratch) if ontologies else None
    try:
        data = RdfInput(
            [
                RdfDocument.of(path),
                *(RdfDocument.of(p) for p in background_files(context)),
                *([RdfDocument(hierarchy, "nt")] if hierarchy else []),
            ]
        )
        shapes, imports_ignored = shapes_with_imports(files, options)
        # parameter vocabulary_tables: the EU authority tables as background knowledge (metadata profiles)
        tables = _vocabulary_tables(data, options) if settings.vocabulary_tables else None
        data = tables.data if tables is not None else data
    except RdfSyntaxError as error:
        if error.path == path:
            sink.add(RdfSyntaxErrorRule, syntax_fields(error))
            return {"shacl": {"parsed": False}}
        role = "background file" if error.path in background_files(context) else "shapes file"
        raise InputError(
            f"{role} {error.path}: {_where(error)}{readpolicy.withheld(error.path, error.message)}"
        ) from error
    except (RdfNetworkRefused, standards.StandardsError) as exc:
        raise input_error(exc, path, "") from exc
    engine = engine_named(context.options.shacl_engine or DEFAULT_ENGINE)
    started = time.perf_counter()
    limit = context.options.time_limit or settings.time_limit_seconds
    try:
        # The engine parses the data (the reference engine through RdfInput.graph, a fast one its own way).
        with time_limit(float(limit)):
            outcome = engine.validate(data, shapes, options)
    except TimeLimitExceeded:
        sink.could_not_check(
            "shacl_time_limit",
            f"{path}: SHACL validation stopped after {float(limit):g} s "
            "(--time-limit, or the profile's time_limit_seconds)",
            seconds=float(limit),
        )
        return {"shacl": {"engine": engine.name, "timedOut": True}}
    except RdfSyntaxError as error:
        sink.add(RdfSyntaxErrorRule, syntax_fields(error))
        return {"shacl": {"parsed": False}}
    except FAILURE_TYPES as exc:
        raise input_error(exc, path, engine.name) from exc
    finally:
        if tables is not None:
            tables.close()
    seconds = time.perf_counter() - started
    collected = context.options.shacl_report_graph
    if collected is not None:
        collected += report_graph(outcome)
    names = _merged(outcome.data_namespaces, outcome.shapes_graph)
    skipped = not_evaluated(outcome.shapes_graph, imports_ignored)
    for item in skipped:
        # an import not followed may hold no shape at all (mobilityDCAT-AP's shapes import DQV, an ontology):
        # said as information; a feature known to carry constraints (SHACL-JS, DASH, ...) is a warning
        unfollowed = item.feature.startswith("owl:imports")
        sink.add(
            ShaclNotEvaluated,
            {
                "filename": path.name,
                "feature": item.feature,
                "reason": item.reason,
                "count": item.count,
                "example": item.example,
            },
            severity=Severity.INFO if unfollowed else None,
        )
    causes: Counter[tuple[str, str, str]] = Counter()
    memo: dict[tuple[object, ...], object] = {}  # what the findings read from the shapes graph, once per run
    examples: dict[tuple[str, str, str], tuple[str, str]] = {}
    # blank nodes named by the IRI and property that reach them: from the engine's store, else from the data
    # graph (parsed already by the reference engine)
    blank = (
        blank_namer(outcome.parents or (lambda n: data.graph(options).subject_predicates(n)), names)
        if any(isinstance(r.focus_node, BNode) or isinstance(r.value, BNode) for r in outcome.results)
        else None
    )
    reported = []
    for result in outcome.results:
        if tables is not None and tables.not_checked(result.focus_node, result.value):
            continue  # on a value of a table that is not installed: not checked (listed in the summary)
        rule = rule_for(str(result.source_constraint_component))
        fields = _fields(result, path, outcome.shapes_graph, names, blank, memo)
        reported.append((rule, fields, SEVERITY.get(result.severity, Severity.ERROR)))
    # In one order whatever the engine's: pyshacl's follows Python's hash order, which changes from run to
    # run, and the samples a report keeps are the first ones added.
    reported.sort(key=lambda item: _result_order(item[0], item[1]))
    for rule, fields, severity in reported:
        sink.add(rule, fields, severity=severity)
        cause = (rule.rule.code, fields["sourceShape"], fields.get("resultPath", ""))
        causes[cause] += 1
        example = (fields["focusNode"], fields["resultMessage"])
        examples[cause] = min(examples.get(cause, example), example)  # the same example whatever the order
    return {
        "shacl": {
            "engine": outcome.engine or engine.name,
            "engineReason": outcome.engine_reason or reason_asked(engine),
            "conforms": outcome.conforms,
            "results": len(outcome.results),
            "triples": outcome.data_triples,
            "format": data.documents[0].format,
            "shapesFiles": [str(d.path) for d in shapes.documents],
            "owlImportsNotFollowed": imports_ignored,
            "hierarchyFrom": [str(p) for p in ontologies],
            "notEvaluated": [item.feature for item in skipped],
            # one line per root cause (one constraint of one shape on one path), most frequent first
            "rootCauses": [
                {
                    "code": cause[0],
                    "sourceShape": cause[1],
                    "resultPath": cause[2],
                    "results": count,
                    "exampleFocusNode": examples[cause][0],
                    "exampleMessage": examples[cause][1],
                }
                for cause, count in sorted(causes.items(), key=lambda item: (-item[1], item[0]))[:ROOT_CAUSES]
            ],
            "seconds": round(seconds, 3),
            **({"vocabularyTables": tables.summary()} if tables is not None else {}),
        }
    }


def _vocabulary_tables(data: RdfInput, options: ShaclOptions) -> VocabularyTables:
    # imported here: only the metadata profiles read the tables' index
    from citylint.validators.metadata.tables import VocabularyTables

    return VocabularyTables.for_data(data, options)


def _result_order(rule: type[ShaclRule], fields: dict[str, Any]) -> tuple[str, ...]:
    """A finding's place in the report: by focus node, path, rule, value, shape, message (blank nodes are
    named by what reaches them, so the order holds across runs)."""
    keys = ("focusNode", "resultPath", "value", "sourceShape", "resultMessage")
    return (str(fields.get(keys[0], "")), str(fields.get(keys[1], "")), rule.rule.code) + tuple(
        str(fields.get(key, "")) for key in keys[2:]
    )


def _where(error: RdfSyntaxError) -> str:
    if error.line is None:
        return ""
    return f"line {error.line}" + (f", column {error.column}" if error.column is not None else "") + ": "


def _fields(
    result: ShaclResult,
    path: Path,
    shapes: Graph,
    names: NamespaceManager,
    blank: Callable[[Node], str | None] | None = None,
    memo: dict[tuple[object, ...], object] | None = None,
) -> dict[str, Any]:
    """A result as finding fields: full IRIs for machines, ``where`` in prefixed form for people.
    ``memo``: a dict kept for one run (see ``generated_message``)."""
    memo = {} if memo is None else memo

    def once(key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    fields: dict[str, Any] = {"filename": path.name, "focusNode": _term(result.focus_node)}
    full_path = once(("full path", result.result_path), lambda: path_text(shapes, result.result_path))
    if full_path is not None:
        fields["resultPath"] = full_path
    if result.value is not None:
        fields["value"] = _term(result.value)
    fields["sourceShape"] = once(
        ("shape label", result.source_shape), lambda: _shape_label(shapes, result.source_shape)
    )
    # sh:Violation / sh:Warning / sh:Info by local name; a custom severity (counted as ERROR) by its IRI
    fields["resultSeverity"] = (
        str(result.severity).rpartition("#")[2] if result.severity in SEVERITY else str(result.severity)
    )
    fields["sourceConstraintComponent"] = str(result.source_constraint_component)
    fields["resultMessage"] = generated_message(result, shapes, names, blank, memo=memo) or _message(result)
    # the same in French: a French report renders {resultMessage} with it (citylint.i18n.finding_message)
    fields["resultMessage@fr"] = generated_message(result, shapes, names, blank, "fr", memo) or _message(
        result, "fr"
    )
    # the key generated_message uses for the same text
    short_path = once(("path", result.result_path), lambda: path_text(shapes, result.result_path, names))
    node = result.focus_node
    # an IRI's or literal's short form is the message's term for it (messages.term, computed by
    # generated_message above under the same key): one rdflib n3() a focus node, not two (issue 22)
    focus = (blank(node) if blank is not None else None) or (
        once(("term", node), lambda: term(node, names))
        if isinstance(node, URIRef | Literal)
        else once(("short", node), lambda: _short(node, names))
    )
    fields["where"] = focus + (f" {short_path}" if short_path else "")
    return fields


# The prefixes people read in DCAT-AP and SHACL texts, for namespaces the data does not name itself (a shapes
# graph merged from several files may hold dc: and dct: for DC Terms, which rdflib then writes dc1:).
USUAL_PREFIXES = {
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "locn": "http://www.w3.org/ns/locn#",
    "prov": "http://www.w3.org/ns/prov#",
    "mobilitydcatap": "https://w3id.org/mobilitydcat-ap#",
    "sh": "http://www.w3.org/ns/shacl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}


def _merged(data: Iterable[tuple[str, URIRef]], shapes: Graph) -> NamespaceManager:
    """The data's prefixes, completed by the usual ones, then by the shapes' ones."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in [
        *shapes.namespaces(),
        *((p, URIRef(n)) for p, n in USUAL_PREFIXES.items()),
        *data,
    ]:
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph.namespace_manager


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3() if isinstance(node, Literal) else str(node)


def _short(node: Node, names: NamespaceManager) -> str:
    if isinstance(node, URIRef | Literal):
        try:
            return node.n3(names)
        except Exception:  # noqa: BLE001 - an IRI rdflib cannot shorten is shown in full
            return node.n3()
    return _term(node)


def _shape_label(shapes: Graph, shape: Node) -> str:
    """An IRI shape is its IRI; a blank one is named by its path, which stays the same from run to run."""
    if not isinstance(shape, BNode):
        return str(shape)
    shape_path = path_text(shapes, shapes.value(shape, SH.path))
    return f"[ sh:path {shape_path} ]" if shape_path else "[ ]"


def _message(result: ShaclResult, lang: str = "en") -> str:
    own = [m for m in result.messages if m.language == lang]
    english = [m for m in result.messages if m.language in (None, "en")]
    chosen = (own or english or list(result.messages))[:1]
    if chosen:
        return str(chosen[0])
    component = str(result.source_constraint_component).rpartition("#")[2] or "constraint"
    value = f" (value {_term(result.value)})" if result.value is not None else ""
    return f"does not satisfy {component.removesuffix('ConstraintComponent')}{value}"
