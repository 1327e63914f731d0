"""One run of the ``vocabulary`` validator (see :mod:`.vocabulary`): the data's class and property terms
against the known vocabularies' term lists."""

from __future__ import annotations

import difflib
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from citylint import standards
from citylint.collector import FindingSink
from citylint.lockin import namespaces
from citylint.validators.base import Context, InputError
from citylint.validators.parameters import VocabularyParameters
from citylint.validators.rdf.load import RdfDocument, RdfNetworkRefused, RdfSyntaxError, parse
from citylint.validators.rdf.shacl.rules import RdfSyntaxErrorRule
from citylint.validators.rdf.shacl.run import syntax_fields
from citylint.validators.rdf.vocabularies import (
    SAREF_CORE,
    SAREF_FAMILY,
    SAREF_LEGACY_NAMESPACE,
    SAREF_STANDARDS,
    UNLISTED_STANDARDS,
    Vocabulary,
    namespace_of,
    ontology_vocabulary,
    rdflib_vocabularies,
    removed_saref_core_terms,
)
from citylint.validators.rdf.vocabulary_rules import (
    DeprecatedTerm,
    LegacySarefNamespace,
    NonStandardNamespace,
    RedefinedSarefTerm,
    RemovedSarefTerm,
    UnknownTerm,
)

BLANK = "[ ]"  # the example subject of a term only blank nodes use: their labels differ from run to run
NONE = "—"  # no suggestion: a sign rather than a word, so that messages read the same in every language
MAPPING_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        SKOS.exactMatch,
        SKOS.closeMatch,
    }
)


class VocabularyCheck:
    """``VocabularyValidator.validate``, with the term checks it makes."""

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        started = time.perf_counter()
        evidence = context.handoffs.evidence
        required = context.settings(VocabularyParameters).standards  # checked when the profile loaded
        vocabularies = _vocabularies(required)
        try:
            graph = parse(RdfDocument.of(path), allow_network=context.options.allow_network)
        except RdfSyntaxError as error:
            if "rdf_syntax_error" not in sink.notices:  # the shacl validator may have reported it already
                sink.add(RdfSyntaxErrorRule, syntax_fields(error))
            return {"vocabulary": {"parsed": False}}
        except RdfNetworkRefused as exc:
            raise InputError(str(exc)) from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        usage = _usage(graph)
        known = {v.namespace: v for v in vocabularies}
        core = known.get(SAREF_CORE) or _removed_only()
        _add_value_uses(graph, usage, core)
        foreign: dict[str, list[URIRef]] = {}
        not_checked: set[str] = set()
        for term in sorted(usage.counts, key=str):
            text = str(term)
            namespace = namespace_of(text)
            local = text[len(namespace) :]
            if namespace == SAREF_LEGACY_NAMESPACE:
                continue  # reported once per namespace below
            vocabulary = known.get(namespace)
            if vocabulary is None and namespace == SAREF_CORE and local in removed_saref_core_terms():
                # the removed-term list ships with citylint: version findings need no installed ontology
                vocabulary = _removed_only()
            if vocabulary is None:
                if _is_standard(namespace, known):
                    not_checked.add(namespace)
                else:
                    foreign.setdefault(namespace, []).append(term)
                continue
            if not local:
                continue
            self._check_term(sink, path, term, local, vocabulary, usage)
        legacy = sorted((t for t in usage.counts if str(t).startswith(SAREF_LEGACY_NAMESPACE)), key=str)
        if legacy:
            sink.add(
                LegacySarefNamespace,
                {
                    "filename": path.name,
                    "namespace": SAREF_LEGACY_NAMESPACE,
                    "current": SAREF_CORE,
                    "focusNode": usage.example(legacy[0]),
                    "triples": sum(usage.counts[t] for t in legacy),
                },
            )
            if core.terms:  # terms no SAREF version has: invented in the old namespace, not just moved
                old = _legacy_vocabulary(core)
                for term in legacy:
                    local = str(term)[len(SAREF_LEGACY_NAMESPACE) :]
                    if local and not old.has(local):
                        self._check_term(sink, path, term, local, old, usage)
        self._check_redefinitions(sink, path, graph)
        for namespace, terms in sorted(foreign.items()):
            mapped = [t for t in terms if _mapped(graph, t, known)]
            near = difflib.get_close_matches(namespace, list(known), n=1, cutoff=0.85)
            sink.add(
                NonStandardNamespace,
                {
                    "filename": path.name,
                    "namespace": namespace,
                    "terms": len(terms),
                    "focusNode": usage.example(terms[0]),
                    "triples": sum(usage.counts[t] for t in terms),
                    "mapped": len(mapped),
                    "mappedTerms": [str(t) for t in mapped],
                    "unmappedTerms": [str(t) for t in terms if t not in mapped],
                    "suggestion": near[0] if near else NONE,
                    # the lock-in origin: the vendor citylint's namespace catalogue names, else the namespace
                    # itself
                    "lockinOrigin": namespaces.origin_name(namespace),
                },
            )
            if evidence is not None:
                reach = evidence.facts.setdefault("reach", {}).setdefault(
                    namespaces.origin_name(namespace), {}
                )
                reach["reached"] = reach.get("reached", 0) + sum(usage.counts[t] for t in terms)
        if evidence is not None:
            evidence.facts["units"] = {"unit": "triples", "total": len(graph)}
        return {
            "vocabulary": {
                "terms": len(usage.counts),
                "nonStandardNamespaces": sorted(foreign),
                "notChecked": sorted(not_checked),  # used in the data, known, but with no term list at hand
                "sources": sorted({v.source for v in vocabularies}),
                "seconds": round(time.perf_counter() - started, 3),
            }
        }

    @staticmethod
    def _check_redefinitions(sink: FindingSink, path: Path, graph: Graph) -> None:
        """SAREF terms the data types or re-declares (``saref:Sensor a saref:FeatureKind``), one finding per
        term; files that declare an ontology in a SAREF namespace are ontologies, not instance data."""
        own = {namespace_of(str(o)) for o in graph.subjects(RDF.type, OWL.Ontology)} | {
            str(o) for o in graph.subjects(RDF.type, OWL.Ontology)
        }
        statements: dict[URIRef, Counter[str]] = {}
        for predicate in REDEFINING:
            for subject, obj in graph.subject_objects(predicate):
                text = str(subject)
                if (
                    not isinstance(subject, URIRef)
                    or not text.startswith(SAREF_FAMILY)
                    or any(text.startswith(n.rstrip("#/")) for n in own if n.startswith(SAREF_FAMILY))
                ):
                    continue
                statements.setdefault(subject, Counter())[_short(graph, predicate, obj)] += 1
        for term in sorted(statements, key=str):
            said = statements[term]
            sink.add(
                RedefinedSarefTerm,
                {
                    "filename": path.name,
                    "term": str(term),
                    "focusNode": str(term),
                    "statement": ", ".join(sorted(said)),
                    "triples": sum(said.values()),
                },
            )

    @staticmethod
    def _check_term(
        sink: FindingSink, path: Path, term: URIRef, local: str, vocabulary: Vocabulary, usage: _Usage
    ) -> None:
        fields: dict[str, Any] = {
            "filename": path.name,
            "term": str(term),
            "vocabulary": vocabulary.title,
            "source": vocabulary.source,
            "triples": usage.counts[term],
            "focusNode": usage.example(term),
        }
        if usage.is_property(term):
            fields["resultPath"] = str(term)
        if local in vocabulary.removed:
            removed = vocabulary.removed[local]
            by = removed.get("by") or []
            fields.update(
                version=removed["version"],
                removedIn=removed["removedIn"],
                replacement=by,
                replacementSource=removed.get("source", ""),
                suggestion=" + ".join(by) if by else NONE,
            )
            sink.add(RemovedSarefTerm, fields)
        elif not vocabulary.has(local):
            fields["suggestion"] = _suggestion(local, vocabulary)
            sink.add(UnknownTerm, fields)
        elif local in vocabulary.deprecated:
            by, _, source = vocabulary.deprecated[local].partition("|")
            fields.update(deprecationSource=source, suggestion=f"{vocabulary.namespace}{by}" if by else NONE)
            sink.add(DeprecatedTerm, fields)


# Statements that say what a term *is*: instance data has no business making them about SAREF's terms.
REDEFINING = (
    RDF.type,
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
)


def _short(graph: Graph, predicate: URIRef, obj: Any) -> str:
    try:
        return f"{predicate.n3(graph.namespace_manager)} {obj.n3(graph.namespace_manager)}"
    except Exception:  # noqa: BLE001 - a term rdflib cannot shorten is written in full
        return f"<{predicate}> {obj}"


def _add_value_uses(graph: Graph, usage: _Usage, core: Vocabulary) -> None:
    """Count removed SAREF core terms and pre-v3 SAREF terms used as *values* (``saref:relatesToProperty
    saref:Temperature``, ``saref:hasFunction saref:SensingFunction``) with their uses as classes and
    properties: one finding per term, with every use counted."""
    for subject, predicate, obj in graph:
        if not isinstance(obj, URIRef) or predicate == RDF.type:
            continue
        text = str(obj)
        if text.startswith(SAREF_LEGACY_NAMESPACE) or (
            text.startswith(SAREF_CORE) and text[len(SAREF_CORE) :] in core.removed
        ):
            usage.add(obj, subject, False)


def _legacy_vocabulary(core: Vocabulary) -> Vocabulary:
    """The pre-v3 namespace's terms as far as citylint knows them: every term of SAREF core, current or
    removed."""
    return Vocabulary(
        f"{core.title} (pre-v3 namespace)",
        SAREF_LEGACY_NAMESPACE,
        core.source,
        core.terms | frozenset(core.removed),
    )


def _removed_only() -> Vocabulary:
    return Vocabulary(
        "SAREF core",
        SAREF_CORE,
        "citylint/profiles/saref/saref-core-removed-terms.yaml",
        frozenset(),
        {},
        removed_saref_core_terms(),
    )


def _vocabularies(required: list[str]) -> list[Vocabulary]:
    """rdflib's vocabularies plus the SAREF ontologies: required ones must be installed, others if they
    are."""
    out = list(rdflib_vocabularies())
    for name, namespace in SAREF_STANDARDS.items():
        try:
            out.append(ontology_vocabulary(name, namespace))
        except standards.StandardMissing as exc:
            if name in required:
                raise InputError(str(exc)) from exc
        except RdfSyntaxError as exc:
            raise InputError(f"standard {name}: {exc.path}: {exc.message}") from exc
    unknown = [n for n in required if n not in SAREF_STANDARDS]
    for name in unknown:  # any other standard the profile names must at least be installed
        try:
            standards.path(name)
        except standards.StandardsError as exc:
            raise InputError(str(exc)) from exc
    return out


class _Usage:
    """How often each class / property term is used, and one subject using it (for the finding's focus node).

    The example is the smallest IRI using the term, not the first subject seen: rdflib's iteration order
    depends on Python's hash seed, and blank node labels change from parse to parse, so "the first" would give
    findings another focus node (and fingerprint) on every run and break baselines. A term used only by blank
    nodes has the example ``[ ]``.
    """

    def __init__(self) -> None:
        self.counts: Counter[URIRef] = Counter()
        self.properties: set[URIRef] = set()
        self.subjects: dict[URIRef, str] = {}

    def add(self, term: URIRef, subject: Any, is_property: bool) -> None:
        self.counts[term] += 1
        if is_property:
            self.properties.add(term)
        if isinstance(subject, URIRef):
            current = self.subjects.get(term)
            if current is None or current == BLANK or str(subject) < current:
                self.subjects[term] = str(subject)
        elif term not in self.subjects:
            self.subjects[term] = BLANK

    def is_property(self, term: URIRef) -> bool:
        return term in self.properties

    def example(self, term: URIRef) -> str:
        return self.subjects.get(term, "")


def _usage(graph: Graph) -> _Usage:
    usage = _Usage()
    for subject, predicate, obj in graph:
        if isinstance(predicate, URIRef):
            usage.add(predicate, subject, True)
        if predicate == RDF.type and isinstance(obj, URIRef):
            usage.add(obj, subject, False)
    return usage


def _mapped(graph: Graph, term: URIRef, known: dict[str, Vocabulary]) -> bool:
    """Whether the data maps ``term`` to a term of a known vocabulary (either direction for equivalences)."""
    for predicate in MAPPING_PREDICATES:
        for other in graph.objects(term, predicate):
            if isinstance(other, URIRef) and _is_standard(namespace_of(str(other)), known):
                return True
        if predicate not in (RDFS.subClassOf, RDFS.subPropertyOf):
            for other in graph.subjects(predicate, term):
                if isinstance(other, URIRef) and _is_standard(namespace_of(str(other)), known):
                    return True
    return False


def _is_standard(namespace: str, known: dict[str, Vocabulary]) -> bool:
    """A known vocabulary, whether or not its term list is at hand (SAREF not installed, vCard, QUDT, ...)."""
    return (
        namespace in known
        or namespace.startswith(SAREF_FAMILY)
        or namespace in UNLISTED_STANDARDS
        or namespace == SAREF_LEGACY_NAMESPACE
        or namespaces.is_standard(namespace)
    )


def _suggestion(local: str, vocabulary: Vocabulary) -> str:
    by_case = {t.lower(): t for t in vocabulary.terms}
    close = by_case.get(local.lower())
    if close is None:
        matches = difflib.get_close_matches(local, sorted(vocabulary.terms), n=1, cutoff=0.7)
        close = matches[0] if matches else None
    return f"{vocabulary.namespace}{close}" if close else NONE
