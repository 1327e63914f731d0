"""The fast engine without a store: the data's triples as polars columns, common shapes evaluated on them.

Most shapes graphs in the field (DCAT-AP style, the sensor shapes of the benchmark) are node shapes with
targets whose property shapes follow one predicate and test counts, datatypes, allowed values, classes and
node kinds. For those the SPARQL store is the expensive part of a run: pyoxigraph's parser reads a triple in
a fraction of the time its in-memory store takes to index it, and the store holds ~400 bytes a triple. Here
the parser's output is serialised as canonical N-Triples (one triple a line; lexical forms as the data wrote
them: the parser keeps them, only the store canonicalises) into :class:`TripleSink`, which reads every chunk
of lines with polars into (subject, object) columns per predicate the shapes use; each constraint component
is then one columnar expression (a join, a group count, a filter). Python only sees the results.

What is not evaluated here raises :class:`NotColumnar` and the caller uses the store (``engine.py``): any
other component or path form, nested property shapes, literal targets, ``sh:datatype`` of an XSD datatype
whose lexical space is not checked below, a lexical form whose validity the engines might judge differently,
or a literal rdflib (pyshacl's graph) writes in another form. Semantics follow ``engine.py`` component for
component (``_count``, ``_datatype``, ``_in``, ``_class``, ``_node_kind``, ``_has_value``), themselves
checked against pyshacl and the W3C suite.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from citylint.validators.rdf.shacl.fast.results import FastShaclResult
from citylint.validators.rdf.shacl.fast.shapes import TARGETS, Shape, ShapesModel


class NotColumnar(Exception):
    """The shapes or the data need the store; the message says why."""


class NotPlain(NotColumnar):
    """An N-Triples file is not plain (``PLAIN_LINE``): its triples go through the parser instead."""


# N-Triples lines the parser and its canonical writer leave exactly as written, so that polars can read the
# file itself, without the parser (which costs as much as the rest of a run): single spaces, " ." at the
# end, printable ASCII only, no escape, no comment; http(s) IRIs with a plain host and urn: IRIs (whose
# syntax the parser's IRI check accepts whatever the rest), no blank node (labels are the parser's to give),
# lower-case language tags (the parser lowers them). Any other line sends the whole file to the parser.
_IRI_CHAR = r"(?:[A-Za-z0-9._~:/?@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})"
_IRI = rf"<(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?]{_IRI_CHAR}*)?(?:#{_IRI_CHAR}*)?|urn:[A-Za-z0-9-]+:{_IRI_CHAR}+)>"
_LITERAL = rf'"[\x20\x21\x23-\x5b\x5d-\x7e]*"(?:@[a-z]+(?:-[a-z0-9]+)*|\^\^{_IRI})?'
PLAIN_LINE = rf"^{_IRI} {_IRI} (?:{_IRI}|{_LITERAL}) \.$"
# The same test on a line split at its first two spaces (no IRI of the pattern holds a space, so a line
# matches PLAIN_LINE exactly when its subject and predicate match PLAIN_TERM and the rest PLAIN_REST): the
# predicates, a handful, are tested once each rather than once a line (issue 22: the whole-line pattern
# was ~0.7 s of CPU at 4 M triples).
PLAIN_TERM = rf"^{_IRI}$"
PLAIN_REST = rf"^(?:{_IRI}|{_LITERAL}) \.$"
# "a"^^xsd:string: plain to the pattern, but the parser writes it "a"
XSD_STRING_SUFFIX = f"^^<{XSD}string>"


# Parameters every engine ignores (no validation), and those evaluated here.
IGNORED = {SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group}
IGNORED |= {SH.defaultValue}
NODE_PARAMETERS = {*TARGETS, SH.property}
PROPERTY_PARAMETERS = {*TARGETS, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["in"], SH["class"]}
PROPERTY_PARAMETERS |= {SH.nodeKind, SH.hasValue}
RDF_TYPE, SUBCLASS = f"<{RDF.type}>", f"<{RDFS.subClassOf}>"
XSD_NS = str(XSD)
# Lexical forms both engines certainly read as valid, and as invalid, per datatype whose values the store
# checks by casting (engine.CASTS); anything between the two is left to the store and pyshacl.
VALID = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?[0-9]+(?:\.[0-9]+)?$",
    XSD.boolean: r"^(?:true|false|1|0)$",
}
NUMBER_INVALID = r"[^0-9+\-.eE\s_]"  # a character no reading of a number accepts (and no NaN / INF below)
INVALID = {XSD.integer: NUMBER_INVALID, XSD.decimal: NUMBER_INVALID, XSD.boolean: r"."}
NOT_A_NUMBER = r"(?i)nan|inf"
NODE_KINDS: dict[Node, tuple[str, ...]] = {
    SH.IRI: ("<",),
    SH.BlankNode: ("_:",),
    SH.Literal: ('"',),
    SH.BlankNodeOrIRI: ("<", "_:"),
    SH.BlankNodeOrLiteral: ("_:", '"'),
    SH.IRIOrLiteral: ("<", '"'),
}
# rdflib (the reference engine's graph) writes a well-formed XSD literal in its own form, str() of the Python
# value (``"01.50"^^xsd:decimal`` is ``"1.50"``, ``"1"^^xsd:boolean`` is ``"true"``), and merges two forms of
# one value. Lexical forms rdflib keeps as written, per datatype; any other XSD literal is checked one by one
# (at most FORMS_CHECKED distinct ones, else the store path decides).
KEPT_FORMS = {
    XSD.integer: r"^(?:0|-?[1-9][0-9]*)$",
    XSD.decimal: r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$",  # str(Decimal) writes 1E-7 from 6 leading zeros
    XSD.boolean: r"^(?:true|false)$",
}
EXPONENT_FORM = r"^-?0\.0{6}"
FORMS_CHECKED = 10_000
# The separator for polars' CSV reader: a byte the canonical N-Triples never holds raw (control characters
# are written \uXXXX); a line holding it anyway makes the reader fail, and the caller uses the store.
SEPARATOR = "\x1f"
# Subjects are kept as 64-bit hashes (joins and counts on integers, one copy of each subject's text in
# :class:`Triples`' names instead of one per predicate: ~40 % of the parts' memory at 100 k sensors); a second
# hash of every name proves no two names share the first (else NotColumnar: the store decides).
SEED, SEED_CHECK = 11, 12
NAMES = {"s": pl.UInt64, "s2": pl.UInt64, "name": pl.String}


def component(name: str) -> str:
    return f"{SH}{name}ConstraintComponent"


def plan(model: ShapesModel) -> list[tuple[Shape, Shape]]:
    """The (property shape, shape giving its focus nodes) pairs to evaluate, in the store engine's order;
    raises NotColumnar for anything this module does not evaluate."""
    g = model.graph
    for shape in model.shapes.values():
        used = {p for p in g.predicates(shape.node, None) if str(p).startswith(str(SH))} - IGNORED
        allowed = NODE_PARAMETERS if shape.path is None else PROPERTY_PARAMETERS
        if used - allowed:
            raise NotColumnar(f"{min(str(p) for p in used - allowed)} is evaluated by the store")
        if shape.path is not None and not isinstance(shape.path_node, URIRef):
            raise NotColumnar("a path other than one predicate")
        if any(kind == SH.targetNode and not isinstance(t, URIRef) for kind, t in shape.targets):
            raise NotColumnar("a literal sh:targetNode")
    checks: list[tuple[Shape, Shape]] = []
    for shape in model.shapes.values():
        if not shape.targets or shape.deactivated:
            continue
        if shape.path is not None:
            checks.append((shape, shape))
        for child_node in g.objects(shape.node, SH.property):
            child = model.shapes[child_node]
            if shape.path is not None or child.path is None:
                raise NotColumnar("nested shapes")
            if not child.deactivated:
                checks.append((child, shape))
    return checks


def needed_predicates(checks: Iterable[tuple[Shape, Shape]]) -> list[str]:
    """The predicates (N-Triples form) whose triples the evaluation reads: the paths, the targets'
    predicates, and rdf:type / rdfs:subClassOf (class targets and sh:class)."""
    wanted = {RDF_TYPE, SUBCLASS}
    for shape, focus in checks:
        wanted.add(f"<{shape.path_node}>")
        for kind, target in focus.targets:
            if kind in (SH.targetSubjectsOf, SH.targetObjectsOf):
                wanted.add(f"<{target}>")
    return sorted(wanted)


def hashed(name: pl.Expr) -> list[pl.Expr]:
    """A term's two hashes, as ``s`` (the join key) and ``s2`` (the collision check)."""
    return [name.hash(seed=SEED).alias("s"), name.hash(seed=SEED_CHECK).alias("s2")]


def _plain_triples(triples: pl.DataFrame) -> bool:
    """Whether every line split into ``s``, ``p``, ``o`` (the rest of the line) matches PLAIN_LINE."""
    subject, rest = pl.col("s"), pl.col("o")
    if not triples.select(
        subject.str.contains(PLAIN_TERM).all()
        & rest.is_not_null().all()  # (a missing part is null, which all() would skip)
        & rest.str.contains(PLAIN_REST).all()
    ).item():
        return False
    predicates = triples.get_column("p").unique()
    return bool(predicates.is_not_null().all() and predicates.str.contains(PLAIN_TERM).all())


class Triples:
    """The data's triples of the shapes' predicates: (s, o) pairs per predicate, ``s`` the hash of the
    subject (see SEED), ``o`` the object in canonical N-Triples; ``names`` maps each hash back to its term."""

    def __init__(self, parts: dict[str, pl.DataFrame], names: pl.DataFrame) -> None:
        self.parts = parts
        self.names = pl.DataFrame(schema=NAMES)
        self.add_names(names)

    def add_names(self, names: pl.DataFrame) -> None:
        """Add (s, s2, name) rows; raise NotColumnar when two names share a hash (1 in ~10^8 at 10^6
        subjects). A name may be listed twice (a subject stated in two blocks of lines): deduplicating the
        table would copy its text (+15 MB at 100 k sensors); the two hashes' distinct counts tell the
        same."""
        if self.names.height:  # the data's names, then a focus' objects or nodes: a few
            names = pl.concat([self.names, names], how="vertical_relaxed")
        pairs, hashes = names.select(
            pl.struct("s", "s2").n_unique().alias("pairs"), pl.col("s").n_unique()
        ).row(0)
        if pairs != hashes:
            raise NotColumnar("two terms of the data share a 64-bit hash")
        self.names = names

    def named(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame with its hashed ``s`` replaced by the terms themselves."""
        # the few names wanted first (the hash table on the frame's side), then the frame's own join
        wanted = self.names.join(frame.select("s"), on="s", how="semi").unique(subset="s").select("s", "name")
        out = frame.join(wanted, on="s", how="left").with_columns(pl.col("name").alias("s")).drop("name")
        if out.get_column("s").null_count():
            raise NotColumnar("a subject without its name")  # not expected: every subject is named
        return out


@dataclass
class Block:
    """What one block of lines gave: its line count, two hashes a line, the triples whose object is a blank
    node, its subjects' names and the (hashed s, o) pairs per predicate."""

    lines: int
    hashes: pl.DataFrame
    blank_objects: pl.DataFrame
    names: pl.DataFrame
    parts: dict[str, pl.DataFrame]


class TripleSink:
    """Where pyoxigraph's serializer writes the canonical N-Triples: every ~16 MB of whole lines are read by
    polars as three columns and kept per predicate (the shapes' predicates only), so neither the text nor a
    store is ever held whole. Also kept: two 64-bit hashes of every triple (to count the distinct triples,
    the graph's size) and the triples whose object is a blank node (to name blank nodes in messages)."""

    CHUNK = 4 << 20
    QUEUED = 2  # chunks read ahead of the parser at most (memory bound)

    def __init__(self, predicates: list[str], plain: bool = False) -> None:
        self.predicates = predicates
        self.plain = plain  # the bytes are an N-Triples file read directly: every line must be plain
        self._pending: list[bytes] = []
        self._size = 0
        self.stated = 0
        self._parts: dict[str, list[pl.DataFrame]] = {p: [] for p in predicates}
        self._hashes: list[pl.DataFrame] = []
        self._names: list[pl.DataFrame] = []
        self._blank_objects: list[pl.DataFrame] = []
        # polars reads a chunk in a thread of its own (it releases the GIL) while the parser, which needs
        # the GIL, goes on: the two overlap on two cores
        # (two readers for plain files, which have no parser to overlap with, cost 8-10 MB at 100 k sensors;
        # their gain in time could not be shown on the loaded machine)
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citylint-triples")
        self._queued: list[Future[Block | None]] = []
        self._failed: NotColumnar | None = None  # raised by finish(): the serializer would hide it

    def write(self, data: bytes) -> int:
        if self._failed is not None:
            return len(data)
        self._pending.append(bytes(data))
        self._size += len(data)
        if self._size >= self.CHUNK:
            joined = b"".join(self._pending)
            cut = joined.rfind(b"\n") + 1
            self._pending, self._size = [joined[cut:]], len(joined) - cut
            try:
                self._submit(joined[:cut])
            except NotColumnar as exc:
                self._failed, self._pending = exc, []
        return len(data)

    def flush(self) -> None:
        """Nothing to do: lines are read when a chunk is full and by :meth:`finish`."""

    def submit(self, block: bytes) -> None:
        """Read a block of whole lines (a plain file's, cut at line ends by the caller)."""
        self._submit(block)

    def _submit(self, block: bytes) -> None:
        while len(self._queued) >= self.QUEUED:
            self._collect(self._queued.pop(0).result())  # an error is raised here, or by finish()
        self._queued.append(self._reader.submit(self._read, block))

    def _collect(self, block: Block | None) -> None:
        """Keep what one block of lines gave, in the order of the blocks (in the caller's thread: the
        reader's returns its results rather than changing the sink)."""
        if block is None:
            return
        self.stated += block.lines
        self._hashes.append(block.hashes)
        self._blank_objects.append(block.blank_objects)
        self._names.append(block.names)
        for predicate, part in block.parts.items():
            self._parts[predicate].append(part)

    def _read(self, block: bytes) -> Block | None:
        if not block:
            return None
        try:
            lines = pl.read_csv(
                block, has_header=False, separator=SEPARATOR, quote_char=None, schema={"line": pl.String}
            )
        except pl.exceptions.PolarsError as exc:  # a line the reader splits (see SEPARATOR)
            failure = NotPlain if self.plain else NotColumnar
            raise failure(f"the triples do not read as lines: {exc}") from exc
        del block
        count = lines.height
        hashes = lines.select(pl.col("line").hash(seed=1).alias("a"), pl.col("line").hash(seed=2).alias("b"))
        if self.plain:
            line = pl.col("line")
            if not lines.select(
                line.is_not_null().all() & ~line.str.contains(XSD_STRING_SUFFIX, literal=True).any()
            ).item():
                raise NotPlain("a line the parser would read or write differently")
        triples = lines.select(
            pl.col("line").str.splitn(" ", 3).struct.rename_fields(["s", "p", "o"]).alias("t")
        ).unnest("t")
        del lines
        if self.plain and not _plain_triples(triples):
            raise NotPlain("a line the parser would read or write differently")
        triples = triples.with_columns(pl.col("o").str.strip_suffix(" ."))
        blank_objects = triples.filter(pl.col("o").str.starts_with("_:"))
        wanted = triples.filter(pl.col("p").is_in(self.predicates))
        del triples
        subject = pl.col("s")
        wanted = wanted.select(*hashed(subject), subject.alias("name"), "p", "o")  # each hash once a triple
        names = wanted.select("s", "s2", "name").unique(subset=["s", "s2"])
        wanted = wanted.select("s", "p", "o")
        parts = wanted.partition_by("p", as_dict=True, include_key=False)
        return Block(count, hashes, blank_objects, names, {str(p): part for (p,), part in parts.items()})

    def close(self) -> None:
        """Stop the reader thread (after an error of the parser: finish() was not reached)."""
        self._reader.shutdown(wait=True, cancel_futures=True)

    def finish(self) -> tuple[Triples, int, pl.DataFrame]:
        """The (s, o) pairs of each predicate, each pair once (:class:`Triples`); the number of distinct
        triples; the triples whose object is a blank node. Raises NotColumnar."""
        try:
            if self._failed is not None:
                raise self._failed
            self._submit(b"".join(self._pending))
            self._pending = []
            for queued in self._queued:
                self._collect(queued.result())
            self._queued = []
        finally:
            self.close()
        empty = pl.DataFrame(schema={"s": pl.UInt64, "o": pl.String})
        hashes = pl.concat(self._hashes, rechunk=False) if self._hashes else pl.DataFrame({"a": [], "b": []})
        self._hashes = []
        # one 64-bit hash per triple: as many distinct hashes as lines proves every triple distinct (the
        # usual case, +8 bytes a triple); else a pair of hashes, sorted, counts the distinct triples (a
        # two-column n_unique costs ~190 bytes a triple)
        distinct = hashes.get_column("a").n_unique() if hashes.height else 0
        if distinct != self.stated:
            pairs = hashes.sort(["a", "b"])
            changed = (pl.col("a") != pl.col("a").shift()) | (pl.col("b") != pl.col("b").shift())
            distinct = int(pairs.select(changed.fill_null(True).sum()).item())
        del hashes
        parts = {}
        for predicate, frames in self._parts.items():
            frame = pl.concat(frames, rechunk=False) if frames else empty
            parts[predicate] = frame if distinct == self.stated else frame.unique()  # duplicates stated
        self._parts = {}
        names = pl.concat(self._names, rechunk=False) if self._names else pl.DataFrame(schema=NAMES)
        self._names = []
        blank = (
            pl.concat(self._blank_objects, rechunk=False)
            if self._blank_objects
            else pl.DataFrame(schema={"s": pl.String, "p": pl.String, "o": pl.String})
        )
        return Triples(parts, names), distinct, blank


def term(node: Node) -> str:
    """A shapes-graph IRI or literal as the canonical N-Triples writes it (language tags are not used here:
    the parser writes them in lower case)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal) and not node.language and node.datatype != XSD.string:
        import pyoxigraph as ox  # here: a plain N-Triples run needs no parser

        if node.datatype is None:
            return str(ox.Literal(str(node)))
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
    raise NotColumnar(f"the constant {node!r} is compared by the store")


class Columns:
    """One evaluation over the triples frame."""

    def __init__(self, triples: Triples, model: ShapesModel) -> None:
        self.triples = triples
        self.parts = triples.parts
        self.model = model
        self._subclasses: dict[str, set[str]] | None = None
        self._instances: dict[URIRef, pl.DataFrame] = {}

    def by_predicate(self, predicate: str) -> pl.DataFrame:
        """The distinct (s, o) pairs of one predicate (TripleSink.finish made them distinct), ``s`` hashed."""
        return self.parts.get(predicate, pl.DataFrame(schema={"s": pl.UInt64, "o": pl.String}))

    def closure(self, cls: URIRef) -> list[str]:
        """The class and its subclasses in the data (rdfs:subClassOf*, as ``Evaluation.class_closure``)."""
        if self._subclasses is None:
            self._subclasses = {}
            for sub, sup in self.triples.named(
                self.by_predicate(SUBCLASS)
            ).iter_rows():  # the ontology: small
                self._subclasses.setdefault(sup, set()).add(sub)
        found, pending = {f"<{cls}>"}, [f"<{cls}>"]
        while pending:
            for sub in self._subclasses.get(pending.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    pending.append(sub)
        return sorted(found)

    def instances(self, cls: URIRef) -> pl.DataFrame:
        if cls not in self._instances:
            typed = self.by_predicate(RDF_TYPE).filter(pl.col("o").is_in(self.closure(cls)))
            self._instances[cls] = typed.select("s").unique()
        return self._instances[cls]

    def focus(self, shape: Shape) -> pl.DataFrame:
        parts = []
        for kind, target in shape.targets:
            if kind == SH.targetClass:
                assert isinstance(target, URIRef)
                parts.append(self.instances(target))
            elif kind == SH.targetSubjectsOf:
                parts.append(self.by_predicate(term(target)).select("s"))
            else:  # terms not (only) subjects: named, then hashed
                if kind == SH.targetNode:
                    terms = pl.DataFrame({"name": [term(target)]})
                else:
                    terms = self.by_predicate(term(target)).select(pl.col("o").alias("name")).unique()
                named = terms.select(*hashed(pl.col("name")), "name")
                self.triples.add_names(named)
                parts.append(named.select("s"))
        return pl.concat(parts).unique()

    def run(self, checks: list[tuple[Shape, Shape]]) -> Iterator[FastShaclResult]:
        focus: dict[str, pl.DataFrame] = {}  # by the shape whose targets they are
        for shape, source in checks:
            if source.key not in focus:
                focus[source.key] = self.focus(source)
            yield from self.evaluate(shape, focus[source.key])

    def evaluate(self, shape: Shape, focus: pl.DataFrame) -> Iterator[FastShaclResult]:
        g = self.model.graph
        assert shape.path_node is not None
        values = self.by_predicate(f"<{shape.path_node}>").join(focus, on="s", how="semi")

        def emit(rows: pl.DataFrame, name: str) -> Iterator[FastShaclResult]:
            with_value = "o" in rows.columns
            rows = self.triples.named(rows)
            for row in rows.sort(rows.columns).iter_rows():  # the same order from run to run
                yield FastShaclResult(
                    row[0],
                    shape.path,
                    row[1] if with_value else None,
                    shape.severity,
                    shape.key,
                    component(name),
                    shape.messages,
                )

        # counts as a window over the values (a u32 a row), not a group-by: a group-by copies every focus
        # node's string once more (~10 MB at 100 k nodes, the run's peak)
        count = pl.len().over("s")
        for predicate, obj in sorted(
            g.predicate_objects(shape.node), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if predicate == SH.minCount:
                bound = _int(obj)
                if bound > 0:  # the focus nodes without `bound` values
                    enough = values.select("s") if bound == 1 else values.select("s").filter(count >= bound)
                    yield from emit(focus.join(enough, on="s", how="anti"), "MinCount")
            elif predicate == SH.maxCount:
                over = values.select("s").filter(count > _int(obj)).unique()
                yield from emit(over, "MaxCount")
            elif predicate == SH.datatype:
                yield from emit(values.filter(~self.has_datatype(values, obj)), "Datatype")
            elif predicate == SH["in"]:
                members = [term(m) for m in _list(self.model, obj)]
                yield from emit(values.filter(~pl.col("o").is_in(members)), "In")
            elif predicate == SH["class"]:
                if not isinstance(obj, URIRef):
                    raise NotColumnar("sh:class needs an IRI")
                typed = self.triples.named(self.instances(obj)).rename({"s": "o"})
                yield from emit(values.join(typed, on="o", how="anti"), "Class")
            elif predicate == SH.nodeKind:
                if obj not in NODE_KINDS:
                    raise NotColumnar(f"unknown sh:nodeKind {obj!r}")
                kind = pl.any_horizontal([pl.col("o").str.starts_with(p) for p in NODE_KINDS[obj]])
                yield from emit(values.filter(~kind), "NodeKind")
            elif predicate == SH.hasValue:
                having = values.filter(pl.col("o") == term(obj)).select("s")
                yield from emit(focus.join(having, on="s", how="anti"), "HasValue")

    def has_datatype(self, values: pl.DataFrame, datatype: Node) -> pl.Expr:
        """Whether each value is a literal of ``datatype`` with a valid lexical form (as
        ``engine._datatype``)."""
        o = pl.col("o")
        literal = o.str.starts_with('"')
        if datatype == RDFS.Literal:
            return literal
        if not isinstance(datatype, URIRef):
            raise NotColumnar("sh:datatype needs an IRI")
        if str(datatype).startswith(XSD_NS) and datatype not in (XSD.string, *VALID):
            raise NotColumnar(f"sh:datatype {datatype} is checked by the store")
        if datatype == XSD.string:
            return literal & o.str.ends_with('"')
        if datatype == RDF.langString:
            return literal & o.str.contains(r'"@[A-Za-z0-9-]+$')
        typed = literal & o.str.ends_with(f'"^^<{datatype}>')
        if datatype not in VALID:
            return typed
        lexical = o.str.head(-len(f'"^^<{datatype}>')).str.slice(1)
        valid = lexical.str.contains(VALID[datatype])
        invalid = lexical.str.contains(INVALID[datatype]) & ~lexical.str.contains(NOT_A_NUMBER)
        if datatype == XSD.boolean:
            invalid = ~lexical.str.contains(r"(?i)^\s*(?:true|false|1|0)\s*$")
        unsure = values.filter(typed & ~valid & ~invalid)
        if unsure.height:
            raise NotColumnar(f"the lexical form of {unsure.item(0, 'o')} is checked by the store")
        return typed & valid


def _int(term: Node) -> int:
    if not isinstance(term, Literal) or not isinstance(term.value, int) or isinstance(term.value, bool):
        raise NotColumnar(f"a count must be an integer, found {term!r}")
    return term.value


def _list(model: ShapesModel, head: Node) -> list[Node]:
    from citylint.validators.rdf.shacl.fast.shapes import rdf_list

    return rdf_list(model.graph, head)


def validate(
    triples: Triples, model: ShapesModel, checks: list[tuple[Shape, Shape]]
) -> list[FastShaclResult]:
    """Every result of the planned checks over the triples of each predicate (raises NotColumnar)."""
    for part in triples.parts.values():
        check_forms(part)
    return list(Columns(triples, model).run(checks))


def check_forms(part: pl.DataFrame) -> None:
    """Raise NotColumnar when an object is an XSD literal that rdflib writes in another form (see KEPT_FORMS):
    the reference engine would report, count and compare it in that form."""
    o = pl.col("o")
    typed = (
        part.lazy()
        .select("o")
        .filter(o.str.starts_with('"') & o.str.ends_with(">"))
        .select(o, o.str.extract(r'"\^\^<([^<>"]*)>$').alias("datatype"))
        .filter(pl.col("datatype").str.starts_with(XSD_NS) & (pl.col("datatype") != str(XSD.string)))
        .collect()
    )
    others = []
    for (datatype,) in typed.select("datatype").unique().iter_rows():  # a few datatypes
        values = typed.filter(pl.col("datatype") == datatype).select("o")
        form = KEPT_FORMS.get(URIRef(datatype))
        if form is not None:
            lexical = o.str.head(-len(f'"^^<{datatype}>')).str.slice(1)
            kept = lexical.str.contains(form)
            if datatype == str(XSD.decimal):
                kept = kept & ~lexical.str.contains(EXPONENT_FORM)
            values = values.filter(~kept)
        others.append(values.unique().head(FORMS_CHECKED + 1))
    rest = pl.concat(others) if others else pl.DataFrame(schema={"o": pl.String})
    if rest.height > FORMS_CHECKED:
        raise NotColumnar("many XSD literals whose form rdflib may rewrite")
    with warnings.catch_warnings():  # rdflib warns about ill-typed values, which it keeps as written
        warnings.simplefilter("ignore")
        for (text,) in rest.iter_rows():
            lexical_form, _, iri = text[1:].rpartition('"^^<')
            if "\\" in lexical_form or str(Literal(lexical_form, datatype=URIRef(iri[:-1]))) != lexical_form:
                raise NotColumnar(f"rdflib writes {text} in another form")


def parents(blank_objects: pl.DataFrame, blanks: set[str]) -> dict[str, list[tuple[str, str]]]:
    """What reaches each of these blank nodes: (subject, predicate) pairs, from the triples whose object is
    a blank node (TripleSink.finish)."""
    out: dict[str, list[tuple[str, str]]] = {}
    if blanks:
        found = blank_objects.filter(pl.col("o").is_in(sorted(blanks))).unique()
        for subject, predicate, obj in found.select("s", "p", "o").iter_rows():
            out.setdefault(obj, []).append((subject, predicate))
    return out
