"""SHACL shapes derived from an ontology's OWL axioms, for checking instance data as it is published.

OWL reasons in an open world: a missing value is unknown, not absent, and an untyped value of an
``owl:allValuesFrom`` property is simply inferred to have the filler's type. Published data is read in a
closed world: what is not in the file is not there. Each axiom kind below is translated into the check a
consumer of the published file can fairly make, at a severity that says how strong the ontology's intent is
(docs/saref.md):

- ``owl:someValuesFrom F`` on C: every C has >= 1 value of the property whose type is F (``sh:minCount 1``
  when F is ``owl:Thing``, else ``sh:qualifiedValueShape`` + ``sh:qualifiedMinCount 1``). Violation.
- ``owl:allValuesFrom F``: ``sh:datatype`` (Violation: another datatype contradicts the ontology) or
  ``sh:class`` with F's subclasses (Warning: OWL would infer the type; the data only fails to state it).
- ``owl:cardinality / minCardinality / maxCardinality`` and their qualified forms: ``sh:minCount`` /
  ``sh:maxCount`` or qualified counts. Violation (max: distinct values are read as distinct things).
- ``owl:hasValue V``: ``sh:hasValue V``. Info: SAREF4BLDG uses it to list the properties a kind of device is
  characterised by, which published data rarely states all of.
- ``rdfs:range`` of a datatype property: ``sh:nodeKind sh:Literal`` and, for a datatype, ``sh:datatype`` on
  every subject of the property (``sh:targetSubjectsOf``). Violation.
- ``rdfs:domain`` of a datatype property: the subjects are instances of the domain (or a subclass). Warning.

Targets and ``sh:class`` checks carry the subclass closure computed over all the ontologies given, because the
data graph holds no ``rdfs:subClassOf`` triples. Axioms with fillers other than named classes, datatypes or
unions of named classes are counted as skipped and listed in the header.

The output is Turtle written here (not by rdflib's serializer) so that it is byte-for-byte reproducible: a
test regenerates the shipped shapes and compares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from citylint.validators.rdf.load import RdfDocument, parse

GENERATOR = "citylint shapes from-owl"
GENERATOR_VERSION = "2"  # bump when the output for the same input changes
SHAPE_NS = "urn:citylint:owl-shape:"
VIOLATION, WARNING, INFO = "sh:Violation", "sh:Warning", "sh:Info"
LITERAL_TYPES = frozenset(
    {RDFS.Literal, RDF.PlainLiteral, RDF.langString, RDF.XMLLiteral, RDF.HTML, RDF.JSON}
)
# XSD numeric and temporal datatypes derived by restriction (XML Schema 1.1 Part 2, §3.4 built-in type
# hierarchy): a value of a derived type is a value of its base type (``"5"^^xsd:int`` is an xsd:integer, an
# xsd:dateTimeStamp an xsd:dateTime), while sh:datatype compares datatype IRIs exactly; a range or filler of
# the base type accepts them all.
XSD_BASE = {
    "integer": "decimal",
    "nonPositiveInteger": "integer",
    "negativeInteger": "nonPositiveInteger",
    "long": "integer",
    "int": "long",
    "short": "int",
    "byte": "short",
    "nonNegativeInteger": "integer",
    "unsignedLong": "nonNegativeInteger",
    "unsignedInt": "unsignedLong",
    "unsignedShort": "unsignedInt",
    "unsignedByte": "unsignedShort",
    "positiveInteger": "nonNegativeInteger",
    "dateTimeStamp": "dateTime",
    "dayTimeDuration": "duration",
    "yearMonthDuration": "duration",
}


def xsd_derived(datatype: URIRef) -> list[URIRef]:
    """The XSD numeric / temporal datatypes derived from ``datatype``, at any depth, in a stable order."""
    local = str(datatype).removeprefix(str(XSD))
    if str(datatype) == local:
        return []
    out = []
    for name in XSD_BASE:
        ancestor = XSD_BASE.get(name)
        while ancestor is not None and ancestor != local:
            ancestor = XSD_BASE.get(ancestor)
        if ancestor == local:
            out.append(XSD[name])
    return out


def datatype_constraint(datatype: URIRef, n: Callable[[Node], str]) -> str:
    """``sh:datatype D``, or ``sh:or`` over D and the XSD datatypes derived from it."""
    derived = xsd_derived(datatype)
    if not derived:
        return f"sh:datatype {n(datatype)}"
    return "sh:or ( " + " ".join(f"[ sh:datatype {n(d)} ]" for d in (datatype, *derived)) + " )"


BASE_PREFIXES = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass(frozen=True, slots=True)
class OntologySource:
    """One ontology file as the header of the generated shapes names it."""

    file: str
    iri: str
    version: str
    sha256: str


@dataclass
class Derivation:
    """The shapes as Turtle, what they came from, and what could not be translated."""

    turtle: str
    sources: list[OntologySource]
    shapes: int
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Shape:
    iri: str
    severity: str
    message: str
    targets: list[str]  # Turtle lines such as "sh:targetClass saref:Sensor"
    body: list[str]  # Turtle lines of the constraint (on the shape itself, or in its sh:property)
    path: str | None = None  # a property shape's path; None for a node shape


def derive(ontologies: Sequence[Path], extend_targets: Sequence[Path] = ()) -> Derivation:
    """Shapes for the axioms of ``ontologies`` (read offline, in this order), with one subclass closure.

    ``extend_targets``: shapes files (hand-written ones) whose ``sh:targetClass`` targets are extended here
    with the subclasses of their classes, so that they apply to instances typed with an extension's subclass.
    """
    graph = Graph(bind_namespaces="none")  # only the ontologies' own prefixes, not rdflib's defaults
    sources = []
    for path in ontologies:
        before = set(graph.subjects(RDF.type, OWL.Ontology))
        parse(RdfDocument.of(path), graph=graph)
        new = sorted(str(s) for s in set(graph.subjects(RDF.type, OWL.Ontology)) - before)
        iri = new[0] if new else ""
        version = _version(graph, URIRef(iri)) if iri else ""
        sources.append(OntologySource(path.name, iri, version, _sha256(path)))
    deriver = _Deriver(graph, sources)
    deriver.extend_files = [p.name for p in extend_targets]
    extension = deriver.extended_targets(extend_targets) if extend_targets else ""  # first: it names prefixes
    result = deriver.run()
    result.turtle += extension
    return result


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version(graph: Graph, ontology: URIRef) -> str:
    info = graph.value(ontology, OWL.versionInfo)
    if info is not None:
        return str(info).removeprefix("v")
    version_iri = graph.value(ontology, OWL.versionIRI)
    return str(version_iri or "")


class _Deriver:
    def __init__(self, graph: Graph, sources: list[OntologySource]) -> None:
        self.graph, self.sources = graph, sources
        self.prefixes = _prefixes(graph)
        self.subclasses = _subclass_closure(graph)
        self.skipped: list[str] = []
        self.used_prefixes: set[str] = {"sh"}
        self.extend_files: list[str] = []
        self.namespaces = _ontology_namespaces(graph, sources)

    def run(self) -> Derivation:
        shapes: list[_Shape] = []
        for cls in sorted(self._named_classes(), key=str):
            for restriction in sorted(self._restrictions(cls), key=self._restriction_key):
                shape = self._restriction_shape(cls, restriction)
                if shape is not None:
                    shapes.append(shape)
        for prop in sorted(self._datatype_properties(), key=str):
            shapes += self._datatype_property_shapes(prop)
        seen: set[str] = set()
        unique = []
        for shape in shapes:  # two ontologies may state the same axiom: one shape
            if shape.iri not in seen:
                seen.add(shape.iri)
                unique.append(shape)
        return Derivation(self._turtle(unique), self.sources, len(unique), sorted(set(self.skipped)))

    # -- reading the ontology ---------------------------------------------------------------------------

    def _named_classes(self) -> set[URIRef]:
        return {c for c in self.graph.subjects(RDFS.subClassOf, None) if isinstance(c, URIRef)}

    def _restrictions(self, cls: URIRef) -> list[Node]:
        return [
            r
            for r in self.graph.objects(cls, RDFS.subClassOf)
            if isinstance(r, BNode) and (r, RDF.type, OWL.Restriction) in self.graph
        ]

    def _restriction_key(self, restriction: Node) -> str:
        # Blank node ids change from run to run: order restrictions by what they say.
        return " ".join(
            sorted(
                f"{p} {o if not isinstance(o, BNode) else self._describe(o)}"
                for p, o in self.graph.predicate_objects(restriction)
            )
        )

    def _describe(self, node: Node) -> str:
        members = self._union(node)
        return "or(" + ",".join(sorted(str(m) for m in members)) + ")" if members is not None else "bnode"

    def _datatype_properties(self) -> set[URIRef]:
        return {p for p in self.graph.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}

    def _union(self, node: Node) -> list[URIRef] | None:
        """The members of ``[ owl:unionOf ( A B ) ]`` when all are named, else None."""
        head = self.graph.value(node, OWL.unionOf)
        if head is None:
            return None
        members = list(Collection(self.graph, head))
        return (
            [m for m in members if isinstance(m, URIRef)]
            if all(isinstance(m, URIRef) for m in members)
            else None
        )

    def _is_datatype(self, node: Node) -> bool:
        return isinstance(node, URIRef) and (
            str(node).startswith(str(XSD))
            or node in LITERAL_TYPES
            or (node, RDF.type, RDFS.Datatype) in self.graph
        )

    # -- translating axioms -------------------------------------------------------------------------------

    def _restriction_shape(self, cls: URIRef, restriction: Node) -> _Shape | None:
        g = self.graph
        prop = g.value(restriction, OWL.onProperty)
        where = f"{self.n(cls)} {self.n(prop) if prop is not None else '?'}"
        if not isinstance(prop, URIRef):
            self.skipped.append(f"{where}: restriction on an inverse or unnamed property")
            return None
        targets = self._class_targets(cls)
        base = f"{self._local(cls)}-{self._local(prop)}"
        source = f"in {self._source_of(cls)}"
        for kind in (OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue):
            filler = g.value(restriction, kind)
            if filler is None:
                continue
            if kind == OWL.hasValue:
                return _Shape(
                    self._iri(base, "hasValue", filler),
                    INFO,
                    f"{self.n(cls)} is characterised by {self.n(prop)} {self.n(filler)} "
                    f"(owl:hasValue {source})",
                    targets,
                    [f"sh:hasValue {self.n(filler)}"],
                    self.n(prop),
                )
            constraint = self._filler_constraint(filler)
            if constraint is None:
                self.skipped.append(f"{where}: {kind.fragment} with a complex class expression")
                return None
            lines, filler_text, is_datatype = constraint
            if kind == OWL.someValuesFrom:
                if filler in (OWL.Thing, RDFS.Resource):
                    body = ["sh:minCount 1"]
                else:
                    body = [f"sh:qualifiedValueShape [ {' ; '.join(lines)} ]", "sh:qualifiedMinCount 1"]
                return _Shape(
                    self._iri(base, "some", filler),
                    VIOLATION,
                    f"{self.n(cls)} must have a value of {self.n(prop)} that is {filler_text} "
                    f"(owl:someValuesFrom {source})",
                    targets,
                    body,
                    self.n(prop),
                )
            if (
                is_datatype
                and (prop, RDFS.range, filler) in g
                and (prop, RDF.type, OWL.DatatypeProperty) in g
            ):
                return (
                    None  # the range shape already checks every value of this property, whoever the subject
                )
            return _Shape(
                self._iri(base, "all", filler),
                VIOLATION if is_datatype else WARNING,
                f"values of {self.n(prop)} on {self.n(cls)} should be {filler_text} "
                f"(owl:allValuesFrom {source})",
                targets,
                lines,
                self.n(prop),
            )
        return self._cardinality_shape(cls, prop, restriction, base, targets, source)

    def _cardinality_shape(
        self, cls: URIRef, prop: URIRef, restriction: Node, base: str, targets: list[str], source: str
    ) -> _Shape | None:
        g = self.graph
        on_class = g.value(restriction, OWL.onClass) or g.value(restriction, OWL.onDataRange)
        pairs = [
            (OWL.cardinality, OWL.qualifiedCardinality, "exactly"),
            (OWL.minCardinality, OWL.minQualifiedCardinality, "at least"),
            (OWL.maxCardinality, OWL.maxQualifiedCardinality, "at most"),
        ]
        for plain, qualified, words in pairs:
            value = g.value(restriction, qualified if on_class is not None else plain)
            if value is None:
                continue
            count = int(value) if isinstance(value, Literal) else None
            if count is None:
                return None
            low = count if words in ("exactly", "at least") else None
            high = count if words in ("exactly", "at most") else None
            if on_class is None:
                body = ([f"sh:minCount {low}"] if low else []) + (
                    [f"sh:maxCount {high}"] if high is not None else []
                )
                what = f"{self.n(prop)} value(s)"
                name = f"{words.replace(' ', '')}{count}"
            else:
                constraint = self._filler_constraint(on_class)
                if constraint is None:
                    self.skipped.append(
                        f"{self.n(cls)} {self.n(prop)}: qualified cardinality on a complex class"
                    )
                    return None
                lines, filler_text, _ = constraint
                body = [f"sh:qualifiedValueShape [ {' ; '.join(lines)} ]"]
                body += [f"sh:qualifiedMinCount {low}"] if low else []
                body += [f"sh:qualifiedMaxCount {high}"] if high is not None else []
                what = f"{self.n(prop)} value(s) that are {filler_text}"
                name = f"{words.replace(' ', '')}{count}-{self._local(on_class)}"
            if not body:
                return None  # owl:minCardinality 0 says nothing
            return _Shape(
                f"{SHAPE_NS}{base}-{name}",
                VIOLATION,
                f"{self.n(cls)} must have {words} {count} {what} ({plain.fragment} {source})",
                targets,
                body,
                self.n(prop),
            )
        self.skipped.append(f"{self.n(cls)} {self.n(prop)}: restriction of an unsupported kind")
        return None

    def _filler_constraint(self, filler: Node) -> tuple[list[str], str, bool] | None:
        """Turtle lines requiring a value to be ``filler``, how to say it, and whether it is a datatype."""
        if self._is_datatype(filler):
            if filler in LITERAL_TYPES - {RDF.langString}:
                return ["sh:nodeKind sh:Literal"], "a literal", True
            return [datatype_constraint(URIRef(str(filler)), self.n)], f"a {self.n(filler)} literal", True
        if isinstance(filler, URIRef):
            if filler in (OWL.Thing, RDFS.Resource):
                return ["sh:nodeKind sh:BlankNodeOrIRI"], "a resource", False
            return [self._class_constraint([filler])], f"a {self.n(filler)}", False
        members = self._union(filler)
        if members:
            return [self._class_constraint(members)], " or ".join(f"a {self.n(m)}" for m in members), False
        return None

    def _class_constraint(self, classes: Iterable[URIRef]) -> str:
        """``sh:class`` for one class without subclasses, else ``sh:or`` over the classes and their
        subclasses."""
        closure = sorted({c for cls in classes for c in (cls, *self.subclasses.get(cls, ()))}, key=str)
        if len(closure) == 1:
            return f"sh:class {self.n(closure[0])}"
        return "sh:or ( " + " ".join(f"[ sh:class {self.n(c)} ]" for c in closure) + " )"

    def _class_targets(self, cls: URIRef) -> list[str]:
        closure = sorted({cls, *self.subclasses.get(cls, ())}, key=str)
        return ["sh:targetClass " + ", ".join(self.n(c) for c in closure)]

    def _datatype_property_shapes(self, prop: URIRef) -> list[_Shape]:
        g = self.graph
        out = []
        targets = [f"sh:targetSubjectsOf {self.n(prop)}"]
        base = self._local(prop)
        source = f"in {self._source_of(prop)}"
        ranges = sorted((r for r in g.objects(prop, RDFS.range)), key=str)
        body = ["sh:nodeKind sh:Literal"]
        words = "a literal"
        for rng in ranges:
            if (
                isinstance(rng, URIRef)
                and self._is_datatype(rng)
                and rng not in LITERAL_TYPES - {RDF.langString}
            ):
                body.append(datatype_constraint(rng, self.n))
                words = f"a {self.n(rng)} literal"
            elif isinstance(rng, BNode):
                self.skipped.append(f"{self.n(prop)}: rdfs:range with a data range expression")
        out.append(
            _Shape(
                f"{SHAPE_NS}{base}-range",
                VIOLATION,
                f"values of the datatype property {self.n(prop)} must be {words} (rdfs:range {source})",
                targets,
                body,
                self.n(prop),
            )
        )
        for domain in sorted(
            g.objects(prop, RDFS.domain), key=lambda d: self._describe(d) if isinstance(d, BNode) else str(d)
        ):
            constraint = self._filler_constraint(domain)
            if constraint is None or constraint[2]:
                self.skipped.append(f"{self.n(prop)}: rdfs:domain with a complex class expression")
                continue
            lines, filler_text, _ = constraint
            name = self._local(domain) if isinstance(domain, URIRef) else "union"
            out.append(
                _Shape(
                    f"{SHAPE_NS}{base}-domain-{name}",
                    WARNING,
                    f"subjects of {self.n(prop)} should be {filler_text} (rdfs:domain {source})",
                    targets,
                    lines,
                )
            )
        return out

    def extended_targets(self, files: Sequence[Path]) -> str:
        """Turtle adding the subclass closure to the ``sh:targetClass`` targets of the shapes in ``files``."""
        sh_target = URIRef(BASE_PREFIXES["sh"] + "targetClass")
        lines = [
            "",
            "# Subclass targets for the shapes of "
            + ", ".join(f.name for f in files)
            + " (--extend-targets)",
            "",
        ]
        for path in files:
            shapes = parse(RdfDocument.of(path), graph=Graph(bind_namespaces="none"))
            for shape, cls in sorted(shapes.subject_objects(sh_target), key=str):
                subs = sorted(self.subclasses.get(cls, set()), key=str) if isinstance(cls, URIRef) else []
                if isinstance(shape, URIRef) and subs:
                    lines.append(f"<{shape}> sh:targetClass " + ", ".join(self.n(s) for s in subs) + " .")
        return "\n".join(lines) + "\n"

    def _source_of(self, term: URIRef) -> str:
        """The ontology whose namespace holds ``term``, as ``prefix version`` (the axiom's most likely
        author)."""
        for namespace, label in sorted(self.namespaces.items(), key=lambda item: -len(item[0])):
            if str(term).startswith(namespace):
                return label
        return " + ".join(f"{s.file} {s.version}" for s in self.sources)

    # -- names and output ----------------------------------------------------------------------------------

    def n(self, node: Node | None) -> str:
        """A term in Turtle: prefixed where a prefix fits, else in full."""
        if isinstance(node, Literal):
            return node.n3()
        if not isinstance(node, URIRef):
            return "[]"
        text = str(node)
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda item: -len(item[1])):
            local = text[len(namespace) :]
            if text.startswith(namespace) and local and _is_local_name(local):
                self.used_prefixes.add(prefix)
                return f"{prefix}:{local}"
        return f"<{text}>"

    def _local(self, node: Node) -> str:
        return self.n(node).replace(":", "-").strip("<>").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def _iri(self, base: str, kind: str, filler: Node) -> str:
        suffix = self._local(filler) if isinstance(filler, URIRef | Literal) else self._describe(filler)
        clean = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in suffix)
        return f"{SHAPE_NS}{base}-{kind}-{clean}"

    def _turtle(self, shapes: list[_Shape]) -> str:
        lines = [
            f"# SHACL shapes derived from OWL axioms by {GENERATOR} (generator version {GENERATOR_VERSION}).",
            (
                "# Do not edit: regenerate with the command below; tests/test_saref.py checks this file is "
                "current."
            ),
            "#   citylint shapes from-owl "
            + " ".join(s.file for s in self.sources)
            + "".join(f" --extend-targets {name}" for name in self.extend_files),
        ]
        for source in self.sources:
            lines.append(
                f"# source: {source.file} ontology <{source.iri}> version {source.version or '?'} "
                f"sha256 {source.sha256}"
            )
        lines.append(f"# shapes: {len(shapes)}; axioms not translated: {len(set(self.skipped))}")
        lines += [f"#   skipped: {s}" for s in sorted(set(self.skipped))]
        lines.append("")
        used = {p: ns for p, ns in sorted(self.prefixes.items()) if p in self.used_prefixes}
        lines += [f"@prefix {p}: <{ns}> ." for p, ns in used.items()]
        lines.append("")
        for shape in shapes:
            lines.append(f"<{shape.iri}>")
            constraint = [
                f"sh:message {Literal(shape.message, lang='en').n3()}",
                f"sh:severity {shape.severity}",
            ]
            if shape.path is None:
                statements = ["a sh:NodeShape", *shape.targets, *constraint, *shape.body]
            else:
                inner = " ;\n        ".join([f"sh:path {shape.path}", *shape.body, *constraint])
                statements = ["a sh:NodeShape", *shape.targets, f"sh:property [\n        {inner}\n    ]"]
            lines.append("    " + " ;\n    ".join(statements) + " .")
            lines.append("")
        return "\n".join(lines)


def _ontology_namespaces(graph: Graph, sources: list[OntologySource]) -> dict[str, str]:
    """Namespace → ``prefix version`` of each source ontology (``vann:preferredNamespaceUri``, else its
    IRI)."""
    vann = "http://purl.org/vocab/vann/"
    out = {}
    for source in sources:
        ontology = URIRef(source.iri)
        namespace = graph.value(ontology, URIRef(vann + "preferredNamespaceUri")) or source.iri
        prefix = graph.value(ontology, URIRef(vann + "preferredNamespacePrefix")) or source.file
        out[str(namespace)] = f"{prefix} {source.version}".strip()
    return out


def _is_local_name(local: str) -> bool:
    return local[0].isalpha() and all(ch.isalnum() or ch in "-_" for ch in local)


def _prefixes(graph: Graph) -> dict[str, str]:
    """Prefixes for the output: the ontologies' own (``vann:preferredNamespacePrefix`` first), plus the
    basics."""
    out = dict(BASE_PREFIXES)
    vann = URIRef("http://purl.org/vocab/vann/")
    for ontology in graph.subjects(RDF.type, OWL.Ontology):
        preferred = graph.value(ontology, vann + "preferredNamespacePrefix")
        uri = graph.value(ontology, vann + "preferredNamespaceUri")
        if preferred is not None and uri is not None:
            out.setdefault(str(preferred), str(uri))
    for prefix, namespace in graph.namespaces():
        if prefix and str(namespace) not in out.values() and prefix not in out:
            out[prefix] = str(namespace)
    return out


def _subclass_closure(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class → all its named subclasses (transitive; ``owl:equivalentClass`` both ways)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            direct.setdefault(sup, set()).add(sub)
    for a, b in graph.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            direct.setdefault(a, set()).add(b)
            direct.setdefault(b, set()).add(a)
    closure: dict[URIRef, set[URIRef]] = {}
    for cls, subs in direct.items():
        seen: set[URIRef] = set()
        stack = list(subs)
        while stack:
            sub = stack.pop()
            if sub not in seen and sub != cls:
                seen.add(sub)
                stack.extend(direct.get(sub, ()))
        closure[cls] = seen
    return closure
