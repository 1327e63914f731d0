"""SHACL Core compiled to SPARQL over a pyoxigraph store.

Each shape is evaluated against a *focus source*: a function that writes a SPARQL group pattern binding a
given variable to the focus nodes (the shape's targets, or the value nodes of an enclosing shape). Every
constraint component becomes one SELECT whose solutions are the violations, so the store does the work in
Rust and Python only sees the results. Components that test other shapes (sh:node, sh:not, sh:and, sh:or,
sh:xone, sh:qualifiedValueShape) ask which of their candidate nodes violate the inner shape, with the same
machinery, and combine those sets in Python.

Error handling follows SHACL: a comparison that SPARQL cannot evaluate (an error) counts as a failed
constraint, hence the ``COALESCE(..., false)`` around the tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from citylint.validators.rdf.shacl.fast.paths import UnsupportedShapes, iri
from citylint.validators.rdf.shacl.fast.results import FastShaclResult
from citylint.validators.rdf.shacl.fast.shapes import Shape, ShapesModel, node_key, rdf_list, sparql_term
from citylint.validators.rdf.shacl.rules import (
    COMPONENT_RULES,
    ShaclAnd,
    ShaclClass,
    ShaclClosed,
    ShaclDatatype,
    ShaclDisjoint,
    ShaclEquals,
    ShaclHasValue,
    ShaclIn,
    ShaclLanguageIn,
    ShaclLessThan,
    ShaclLessThanOrEquals,
    ShaclMaxCount,
    ShaclMaxExclusive,
    ShaclMaxInclusive,
    ShaclMaxLength,
    ShaclMinCount,
    ShaclMinExclusive,
    ShaclMinInclusive,
    ShaclMinLength,
    ShaclNode,
    ShaclNodeKind,
    ShaclNot,
    ShaclOr,
    ShaclPattern,
    ShaclQualifiedMaxCount,
    ShaclQualifiedMinCount,
    ShaclRule,
    ShaclUniqueLang,
    ShaclXone,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

Focus = Callable[[str], str]  # variable name -> group pattern that binds it to the focus nodes
Row = tuple[str | None, ...]

RDF_TYPE = iri(RDF.type)
# Datatypes whose lexical space the store checks by casting; others are compared by datatype IRI only.
CASTS = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.dateTime, XSD.date, XSD.time}
NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI(?$v)",
    SH.BlankNode: "isBlank(?$v)",
    SH.Literal: "isLiteral(?$v)",
    SH.BlankNodeOrIRI: "!isLiteral(?$v)",
    SH.BlankNodeOrLiteral: "!isIRI(?$v)",
    SH.IRIOrLiteral: "!isBlank(?$v)",
}
RANGES: dict[Node, str] = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
PAIRS: dict[Node, str] = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
# Counts up to this size are written as "n distinct values exist" patterns, which stream; larger ones group.
SMALL_COUNT = 3


def component(name: str) -> str:
    return f"{SH}{name}ConstraintComponent"


def _int(term: Node, what: str) -> int:
    if not isinstance(term, Literal) or not isinstance(term.value, int) or isinstance(term.value, bool):
        raise UnsupportedShapes(f"{what} must be an integer, found {term!r}")
    return term.value


class Evaluation:
    """One validation run: a store, a compiled shapes model, and a counter for fresh variable names."""

    def __init__(self, store: ox.Store, model: ShapesModel) -> None:
        self.store = store
        self.model = model
        self.graph = model.graph
        self._fresh = 0
        self._closures: dict[URIRef, list[str]] = {}
        # The store writes typed literals canonically ("4.0"^^xsd:decimal comes back as "4"): focus nodes
        # given as constants (sh:targetNode) are reported as the shapes wrote them.
        self.constants: dict[str, str] = {}
        for shape in model.shapes.values():
            for kind, target in shape.targets:
                if kind == SH.targetNode and isinstance(target, Literal):
                    rows = self.rows(f"SELECT ?x WHERE {{ VALUES ?x {{ {sparql_term(target)} }} }}", ("x",))
                    if rows and rows[0][0] is not None:
                        self.constants[rows[0][0]] = node_key(target)

    # -- plumbing -----------------------------------------------------------------------------------------
    def var(self, stem: str) -> str:
        self._fresh += 1
        return f"{stem}{self._fresh}"

    def rows(self, query: str, variables: tuple[str, ...]) -> list[Row]:
        out: list[Row] = []
        try:
            solutions = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:  # a constant SPARQL cannot carry (e.g. a malformed language tag)
            raise UnsupportedShapes(f"compiled query not accepted: {exc}") from exc
        import pyoxigraph as ox

        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            out.append(tuple(None if (t := solution[v]) is None else str(t) for v in variables))
        return out

    def class_closure(self, cls: URIRef) -> list[str]:
        """The class and its subclasses in the data graph (SHACL's rdfs:subClassOf* instance test)."""
        if cls not in self._closures:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c {iri(RDFS.subClassOf)}* {iri(cls)} }}"
            found = {row[0] for row in self.rows(query, ("c",)) if row[0] is not None}
            self._closures[cls] = sorted(found | {iri(cls)})
        return self._closures[cls]

    def instance_of(self, node_var: str, cls: URIRef) -> str:
        closure = self.class_closure(cls)
        if len(closure) == 1:
            return f"?{node_var} {RDF_TYPE} {closure[0]} ."
        c = self.var("c")
        return f"?{node_var} {RDF_TYPE} ?{c} . VALUES ?{c} {{ {' '.join(closure)} }}"

    # -- focus sources ----------------------------------------------------------------------------------
    def target_focus(self, shape: Shape) -> Focus:
        def focus(v: str) -> str:
            branches = []
            for kind, target in shape.targets:
                if kind == SH.targetClass:
                    assert isinstance(target, URIRef)
                    branches.append(self.instance_of(v, target))
                elif kind == SH.targetNode:
                    branches.append(f"VALUES ?{v} {{ {sparql_term(target)} }}")
                elif kind == SH.targetSubjectsOf:
                    branches.append(f"?{v} {sparql_term(target)} ?{self.var('o')} .")
                else:
                    branches.append(f"?{self.var('s')} {sparql_term(target)} ?{v} .")
            return " UNION ".join("{ " + b + " }" for b in branches)

        return focus

    def value_focus(self, shape: Shape, focus: Focus) -> Focus:
        """The value nodes of ``shape`` for the given focus nodes, as a focus source for inner shapes."""
        if shape.path is None:
            return focus

        def values(v: str) -> str:
            t = self.var("t")
            return f"{{ SELECT DISTINCT ?{v} WHERE {{ {focus(t)} ?{t} {shape.path} ?{v} . }} }}"

        return values

    def value_pattern(self, shape: Shape, focus: Focus, t: str, v: str) -> str:
        if shape.path is None:
            return f"{focus(t)} BIND(?{t} AS ?{v})"
        return f"{focus(t)} ?{t} {shape.path} ?{v} ."

    # -- evaluation -------------------------------------------------------------------------------------
    def run(self) -> Iterator[FastShaclResult]:
        for shape in self.model.shapes.values():
            if shape.targets and not shape.deactivated:
                yield from self.evaluate(shape, self.target_focus(shape))

    def weighted(self, shape: Shape, focus: Focus, weights: dict[str, int]) -> dict[str, int]:
        """How many times each value node of ``shape`` is reached from its focus nodes (counted with the
        focus nodes' own weights), where more than once.

        SHACL validates a nested property shape once per (focus node, value node) pair of the enclosing
        property shape, so a value node reached from two focus nodes gives its results twice; the reference
        engine and the W3C suite count them so.
        """
        assert shape.path is not None
        t, v, n = self.var("t"), self.var("v"), self.var("n")
        if not weights:  # every focus node once: count the distinct (focus, value) pairs in the store
            query = (
                f"SELECT ?{v} (COUNT(*) AS ?{n}) WHERE {{ {{ SELECT DISTINCT ?{t} ?{v} WHERE {{ {focus(t)} "
                f"?{t} {shape.path} ?{v} . }} }} }} GROUP BY ?{v} HAVING (COUNT(*) > 1)"
            )
            return {row[0]: int(str(row[1]).split('"')[1]) for row in self.rows(query, (v, n)) if row[0]}
        query = f"SELECT DISTINCT ?{t} ?{v} WHERE {{ {focus(t)} ?{t} {shape.path} ?{v} . }}"
        counts: dict[str, int] = defaultdict(int)
        for focus_node, value in self.rows(query, (t, v)):
            assert focus_node is not None and value is not None
            counts[value] += weights.get(focus_node, 1)
        return {value: count for value, count in counts.items() if count > 1}

    def violators(self, node: Node, focus: Focus) -> set[str]:
        """Which of the focus nodes do not conform to the shape ``node``."""
        shape = self.model.shapes[node]
        if shape.deactivated:
            return set()
        return {r.focus_node for r in self.evaluate(shape, focus)}

    def evaluate(
        self, shape: Shape, focus: Focus, weights: dict[str, int] | None = None
    ) -> Iterator[FastShaclResult]:
        """The results of ``shape`` for the focus nodes; a result is repeated as many times as its focus node
        is reached (``weights``: the focus nodes reached more than once, see :meth:`weighted`)."""
        if shape.deactivated:
            return
        weights = weights or {}
        for found in self._components(shape, focus):
            yield from [found] * weights.get(found.focus_node, 1) if weights else [found]
        children = [self.model.shapes[child] for child in self.graph.objects(shape.node, SH.property)]
        if not children:
            return
        inner = weights if shape.path is None else self.weighted(shape, focus, weights)
        for child in children:
            yield from self.evaluate(child, self.value_focus(shape, focus), inner)

    def _components(self, shape: Shape, focus: Focus) -> Iterator[FastShaclResult]:
        """The results of the shape's own constraint components (not those of its property shapes)."""
        g = self.graph

        def result(
            focus_node: str | None, value: str | None, name: str, path: str | None = None
        ) -> FastShaclResult:
            assert focus_node is not None
            focus_node = self.constants.get(focus_node, focus_node)
            value = self.constants.get(value, value) if value is not None else None
            return FastShaclResult(
                focus_node,
                path if path is not None else shape.path,
                value,
                shape.severity,
                shape.key,
                component(name),
                shape.messages,
            )

        parameters = sorted(g.predicate_objects(shape.node), key=lambda po: (str(po[0]), str(po[1])))
        fusable = [
            (p, o)
            for p, o in parameters
            if shape.path is not None
            and (
                p in VALUE_TESTS
                or (p in (SH.minCount, SH.maxCount) and isinstance(o, Literal) and o.value == 1)
            )
        ]
        if len(fusable) > 1:  # one pass over the value nodes instead of one per component
            yield from self.fused(shape, focus, fusable, result)
            parameters = [po for po in parameters if po not in fusable]
        for predicate, obj in parameters:
            handler = COMPONENTS.get(predicate)
            if handler is not None:
                yield from handler(self, shape, focus, obj, result)

    def fused(
        self, shape: Shape, focus: Focus, parameters: list[tuple[Node, Node]], emit: Emit
    ) -> Iterator[FastShaclResult]:
        """sh:minCount 1, sh:maxCount 1 and the value tests of one property shape in a single query.

        A focus node without values has an unbound ?v (minCount); a second, different value binds ?w
        (maxCount); each value test binds a flag that is true when the value violates it.
        """
        t, v, w, many = self.var("t"), self.var("v"), self.var("w"), self.var("m")
        tests = [
            (VALUE_TESTS[p][0], VALUE_TESTS[p][1](self, shape, o)) for p, o in parameters if p in VALUE_TESTS
        ]
        flags = [self.var("f") for _ in tests]
        minimum = any(p == SH.minCount for p, _ in parameters)
        maximum = any(p == SH.maxCount for p, _ in parameters)
        inner = f"?{t} {shape.path} ?{v} ."
        if maximum:
            inner += f" OPTIONAL {{ ?{t} {shape.path} ?{w} . FILTER(!sameTerm(?{v}, ?{w})) }}"
        for flag, (_, test) in zip(flags, tests, strict=True):
            inner += f" BIND(({test.replace('?$t', f'?{t}').replace('?$v', f'?{v}')}) AS ?{flag})"
        violated = ([f"!BOUND(?{v})"] if minimum else []) + ([f"BOUND(?{w})"] if maximum else [])
        violated += [f"?{flag}" for flag in flags]
        query = (
            f"SELECT DISTINCT ?{t} ?{v} (BOUND(?{w}) AS ?{many}) {' '.join('?' + f for f in flags)} "
            f"WHERE {{ {focus(t)} OPTIONAL {{ {inner} }} FILTER({' || '.join(violated)}) }}"
        )
        too_many: set[str] = set()
        for row in self.rows(query, (t, v, many, *flags)):
            focus_node, value = row[0], row[1]
            if value is None:
                if minimum:
                    yield emit(focus_node, None, "MinCount")
                continue
            if maximum and _true(row[2]) and focus_node not in too_many:
                assert focus_node is not None
                too_many.add(focus_node)
                yield emit(focus_node, None, "MaxCount")
            for (name, _test), hit in zip(tests, row[3:], strict=True):
                if _true(hit):
                    yield emit(focus_node, value, name)

    def filtered(self, shape: Shape, focus: Focus, condition: str) -> list[Row]:
        """(focus, value) pairs whose value node meets ``condition`` (written with ?$t and ?$v)."""
        t, v = self.var("t"), self.var("v")
        test = condition.replace("?$t", f"?{t}").replace("?$v", f"?{v}")
        query = (
            f"SELECT DISTINCT ?{t} ?{v} WHERE {{ {self.value_pattern(shape, focus, t, v)} FILTER({test}) }}"
        )
        return self.rows(query, (t, v))

    def pairs(self, shape: Shape, focus: Focus) -> list[Row]:
        return self.filtered(shape, focus, "true")

    def distinct_values(self, shape: Shape, t: str, count: int) -> tuple[str, list[str]]:
        """A pattern with ``count`` pairwise different value nodes of ?t, and their variables."""
        names = [self.var("n") for _ in range(count)]
        assert shape.path is not None
        pattern = " ".join(f"?{t} {shape.path} ?{n} ." for n in names)
        different = [f"!sameTerm(?{a}, ?{b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        if different:
            pattern += f" FILTER({' && '.join(different)})"
        return pattern, names


Emit = Callable[..., FastShaclResult]
Handler = Callable[[Evaluation, Shape, Focus, Node, Emit], Iterator[FastShaclResult]]
# A violation condition over ?$v (and ?$t) for a component that tests each value node on its own.
ValueTest = Callable[[Evaluation, Shape, Node], str]


def compiles(*rules: type[ShaclRule]) -> Callable[[Handler], Handler]:
    """Gives the components' classes (rules.py) this handler: it yields their results for one shape."""

    def give(handler: Handler) -> Handler:
        for rule in rules:
            rule.fast_handler = handler
        return handler

    return give


def tests_each_value(rule: type[ShaclRule]) -> Callable[[ValueTest], ValueTest]:
    """Gives the component's class (rules.py) this value test (one query per component, or fused)."""

    def give(build: ValueTest) -> ValueTest:
        rule.fast_value_test = build
        return build

    return give


def _true(term: str | None) -> bool:
    return term is not None and term.startswith('"true"')


def _value_test(name: str, build: ValueTest) -> Handler:
    def handler(
        ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
    ) -> Iterator[FastShaclResult]:
        for t, v in ev.filtered(shape, focus, build(ev, shape, obj)):
            yield emit(t, v, name)

    return handler


@tests_each_value(ShaclClass)
def _class(ev: Evaluation, shape: Shape, obj: Node) -> str:
    if not isinstance(obj, URIRef):
        raise UnsupportedShapes("sh:class needs an IRI")
    closure = " ".join(ev.class_closure(obj))
    c = ev.var("c")
    return f"NOT EXISTS {{ ?$v {RDF_TYPE} ?{c} . VALUES ?{c} {{ {closure} }} }}"


@tests_each_value(ShaclDatatype)
def _datatype(ev: Evaluation, shape: Shape, obj: Node) -> str:
    if not isinstance(obj, URIRef):
        raise UnsupportedShapes("sh:datatype needs an IRI")
    if obj == RDFS.Literal:
        return "!isLiteral(?$v)"
    if obj == RDFS.Datatype:
        raise UnsupportedShapes("sh:datatype rdfs:Datatype (engines disagree on simple literals)")
    test = f"isLiteral(?$v) && sameTerm(datatype(?$v), {iri(obj)})"
    if obj in CASTS:  # ill-formed lexical forms do not have the datatype
        test += f" && isLiteral({iri(obj)}(STR(?$v)))"
    return f"!COALESCE({test}, false)"


@tests_each_value(ShaclNodeKind)
def _node_kind(ev: Evaluation, shape: Shape, obj: Node) -> str:
    if obj not in NODE_KINDS:
        raise UnsupportedShapes(f"unknown sh:nodeKind {obj!r}")
    return "!(" + NODE_KINDS[obj] + ")"


def _range(predicate: Node) -> Callable[[Evaluation, Shape, Node], str]:
    def build(ev: Evaluation, shape: Shape, obj: Node) -> str:
        if not isinstance(obj, Literal):
            raise UnsupportedShapes(f"{predicate} needs a literal")
        return f"!COALESCE(?$v {RANGES[predicate]} {sparql_term(obj)}, false)"

    return build


def _length(op: str, what: str) -> Callable[[Evaluation, Shape, Node], str]:
    def build(ev: Evaluation, shape: Shape, obj: Node) -> str:
        return f"isBlank(?$v) || !COALESCE(STRLEN(STR(?$v)) {op} {_int(obj, what)}, false)"

    return build


@tests_each_value(ShaclPattern)
def _pattern(ev: Evaluation, shape: Shape, obj: Node) -> str:
    flags = list(ev.graph.objects(shape.node, SH.flags))
    if not isinstance(obj, Literal) or len(flags) > 1:
        raise UnsupportedShapes("sh:pattern needs one literal (and at most one sh:flags)")
    args = sparql_term(Literal(str(obj)))
    if flags:
        args += ", " + sparql_term(Literal(str(flags[0])))
    # The store's regex engine has no look-around and no back-references; it answers "unbound" for such a
    # pattern, which would silently pass every value, so such patterns are left to pyshacl.
    if ev.rows(f'SELECT (REGEX("", {args}) AS ?ok) WHERE {{}}', ("ok",)) == [(None,)]:
        raise UnsupportedShapes(f"sh:pattern {str(obj)!r} is not a regular expression the store accepts")
    return f"isBlank(?$v) || !COALESCE(REGEX(STR(?$v), {args}), false)"


@tests_each_value(ShaclLanguageIn)
def _language_in(ev: Evaluation, shape: Shape, obj: Node) -> str:
    tags = [sparql_term(Literal(str(tag))) for tag in rdf_list(ev.graph, obj)]
    tests = " || ".join(f"langMatches(lang(?$v), {tag})" for tag in tags) or "false"
    return f"!COALESCE(isLiteral(?$v) && ({tests}), false)"


@tests_each_value(ShaclIn)
def _in(ev: Evaluation, shape: Shape, obj: Node) -> str:
    members = [sparql_term(m) for m in rdf_list(ev.graph, obj)]
    tests = " || ".join(f"sameTerm(?$v, {m})" for m in members) or "false"
    return f"!({tests})"


@compiles(ShaclHasValue)
def _has_value(
    ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
) -> Iterator[FastShaclResult]:
    t = ev.var("t")
    if shape.path is None:
        test = f"!sameTerm(?{t}, {sparql_term(obj)})"
    else:
        test = f"NOT EXISTS {{ ?{t} {shape.path} {sparql_term(obj)} }}"
    for (f,) in ev.rows(f"SELECT DISTINCT ?{t} WHERE {{ {focus(t)} FILTER({test}) }}", (t,)):
        yield emit(f, None, "HasValue")


def _count(ev: Evaluation, shape: Shape, focus: Focus, bound: int, minimum: bool) -> list[Row]:
    """Focus nodes with fewer than ``bound`` (minimum) or more than ``bound`` value nodes."""
    if shape.path is None:
        raise UnsupportedShapes("sh:minCount / sh:maxCount on a node shape")
    t = ev.var("t")
    if minimum and bound <= SMALL_COUNT:
        pattern, _ = ev.distinct_values(shape, t, bound)
        query = f"SELECT DISTINCT ?{t} WHERE {{ {focus(t)} FILTER NOT EXISTS {{ {pattern} }} }}"
    elif not minimum and bound < SMALL_COUNT:
        pattern, _ = ev.distinct_values(shape, t, bound + 1)
        query = f"SELECT DISTINCT ?{t} WHERE {{ {focus(t)} {pattern} }}"
    else:
        v = ev.var("v")
        if minimum:
            query = (
                f"SELECT ?{t} WHERE {{ {focus(t)} OPTIONAL {{ ?{t} {shape.path} ?{v} }} }} "
                f"GROUP BY ?{t} HAVING (COUNT(DISTINCT ?{v}) < {bound})"
            )
        else:
            query = (
                f"SELECT ?{t} WHERE {{ {focus(t)} ?{t} {shape.path} ?{v} . }} "
                f"GROUP BY ?{t} HAVING (COUNT(DISTINCT ?{v}) > {bound})"
            )
    return ev.rows(query, (t,))


@compiles(ShaclMinCount)
def _min_count(
    ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
) -> Iterator[FastShaclResult]:
    bound = _int(obj, "sh:minCount")
    if bound > 0:
        for (f,) in _count(ev, shape, focus, bound, minimum=True):
            yield emit(f, None, "MinCount")


@compiles(ShaclMaxCount)
def _max_count(
    ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
) -> Iterator[FastShaclResult]:
    for (f,) in _count(ev, shape, focus, _int(obj, "sh:maxCount"), minimum=False):
        yield emit(f, None, "MaxCount")


@compiles(ShaclUniqueLang)
def _unique_lang(
    ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
) -> Iterator[FastShaclResult]:
    if not (isinstance(obj, Literal) and obj.value is True):
        return
    t, v, lang = ev.var("t"), ev.var("v"), ev.var("l")
    query = (
        f"SELECT ?{t} ?{lang} WHERE {{ {ev.value_pattern(shape, focus, t, v)} "
        f'FILTER(isLiteral(?{v}) && lang(?{v}) != "") }} '
        f"GROUP BY ?{t} (LCASE(lang(?{v})) AS ?{lang}) HAVING (COUNT(DISTINCT ?{v}) > 1)"
    )
    for f, _ in ev.rows(query, (t, lang)):
        yield emit(f, None, "UniqueLang")


def _pair(name: str) -> Handler:
    def handler(
        ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
    ) -> Iterator[FastShaclResult]:
        other = sparql_term(obj)
        if not isinstance(obj, URIRef):
            raise UnsupportedShapes(f"sh:{name} needs an IRI")
        t, v = ev.var("t"), ev.var("v")
        values = ev.value_pattern(shape, focus, t, v)
        if name == "Equals":
            own = f"?{t} {shape.path} ?{v}" if shape.path else f"FILTER(sameTerm(?{t}, ?{v}))"
            query = (
                f"SELECT DISTINCT ?{t} ?{v} WHERE {{ {{ {values} FILTER NOT EXISTS {{ ?{t} {other} ?{v} }} }}"
                f" UNION {{ {focus(t)} ?{t} {other} ?{v} . FILTER NOT EXISTS {{ {own} }} }} }}"
            )
        elif name == "Disjoint":
            query = f"SELECT DISTINCT ?{t} ?{v} WHERE {{ {values} ?{t} {other} ?{v} . }}"
        else:
            # One result per (value, other value) pair that compares wrongly, as the reference engine reports
            # (and the W3C suite expects): hence ?w among the distinct variables.
            w = ev.var("w")
            op = PAIRS[SH.lessThan if name == "LessThan" else SH.lessThanOrEquals]
            query = (
                f"SELECT DISTINCT ?{t} ?{v} ?{w} WHERE {{ {values} ?{t} {other} ?{w} . "
                f"FILTER(!COALESCE(?{v} {op} ?{w}, false)) }}"
            )
            for f, value, _ in ev.rows(query, (t, v, w)):
                yield emit(f, value, name)
            return
        for f, value in ev.rows(query, (t, v)):
            yield emit(f, value, name)

    return handler


@compiles(ShaclClosed)
def _closed(ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit) -> Iterator[FastShaclResult]:
    if not (isinstance(obj, Literal) and obj.value is True):
        return
    if shape.path is not None:
        raise UnsupportedShapes("sh:closed on a property shape")
    g = ev.graph
    allowed = set()
    for child in g.objects(shape.node, SH.property):
        for path in g.objects(child, SH.path):
            if isinstance(path, URIRef):
                allowed.add(iri(path))
    for head in g.objects(shape.node, SH.ignoredProperties):
        allowed |= {sparql_term(p) for p in rdf_list(g, head)}
    t, p, o = ev.var("t"), ev.var("p"), ev.var("o")
    exclude = f"FILTER(?{p} NOT IN ({', '.join(sorted(allowed))}))" if allowed else ""
    for f, pred, value in ev.rows(
        f"SELECT DISTINCT ?{t} ?{p} ?{o} WHERE {{ {focus(t)} ?{t} ?{p} ?{o} . {exclude} }}", (t, p, o)
    ):
        yield emit(f, value, "Closed", path=pred)


def _shapes_of(ev: Evaluation, predicate: URIRef, obj: Node) -> list[Node]:
    members = rdf_list(ev.graph, obj) if predicate in (SH["and"], SH["or"], SH.xone) else [obj]
    for member in members:
        if member not in ev.model.shapes:
            raise UnsupportedShapes(f"{member!r} is not a shape")
    return members


def _logical(predicate: URIRef, name: str) -> Handler:
    def handler(
        ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
    ) -> Iterator[FastShaclResult]:
        members = _shapes_of(ev, predicate, obj)
        candidates = ev.value_focus(shape, focus)
        failing = [ev.violators(m, candidates) for m in members]
        for f, value in ev.pairs(shape, focus):
            conforming = sum(value not in bad for bad in failing)
            if predicate == SH.node or predicate == SH["and"]:
                fails = conforming < len(members)
            elif predicate == SH["not"]:
                fails = conforming == 1
            elif predicate == SH["or"]:
                fails = conforming == 0
            else:
                fails = conforming != 1
            if fails:
                yield emit(f, value, name)

    return handler


@compiles(ShaclQualifiedMinCount, ShaclQualifiedMaxCount)
def _qualified(
    ev: Evaluation, shape: Shape, focus: Focus, obj: Node, emit: Emit
) -> Iterator[FastShaclResult]:
    g = ev.graph
    if shape.path is None:
        raise UnsupportedShapes("sh:qualifiedValueShape on a node shape")
    lows = [_int(o, "sh:qualifiedMinCount") for o in g.objects(shape.node, SH.qualifiedMinCount)]
    highs = [_int(o, "sh:qualifiedMaxCount") for o in g.objects(shape.node, SH.qualifiedMaxCount)]
    disjoint = any(
        isinstance(d, Literal) and d.value is True
        for d in g.objects(shape.node, SH.qualifiedValueShapesDisjoint)
    )
    qualified = _shapes_of(ev, SH.qualifiedValueShape, obj)[0]
    candidates = ev.value_focus(shape, focus)
    bad = ev.violators(qualified, candidates)
    siblings: list[Node] = []
    if disjoint:  # the qualified shapes of the other property shapes of the same parent shapes
        for parent in g.subjects(SH.property, shape.node):
            for sibling in g.objects(parent, SH.property):
                if sibling != shape.node:
                    siblings += list(g.objects(sibling, SH.qualifiedValueShape))
    sibling_ok = [ev.violators(s, candidates) for s in siblings]
    counts: dict[str, int] = defaultdict(int)
    t, v = ev.var("t"), ev.var("v")
    query = f"SELECT DISTINCT ?{t} ?{v} WHERE {{ {focus(t)} OPTIONAL {{ ?{t} {shape.path} ?{v} }} }}"
    for f, value in ev.rows(query, (t, v)):
        assert f is not None
        counts[f] += 0
        if value is None or value in bad:
            continue
        if any(value not in sibling_bad for sibling_bad in sibling_ok):
            continue  # conforms to a sibling shape: not counted when the shapes must be disjoint
        counts[f] += 1
    for f, n in counts.items():
        if any(n < low for low in lows):
            yield emit(f, None, "QualifiedMinCount")
        if any(n > high for high in highs):
            yield emit(f, None, "QualifiedMaxCount")


# The components built by the factories above.
_rule: type[ShaclRule]
_predicate: URIRef
for _rule, _predicate in (
    (ShaclMinInclusive, SH.minInclusive),
    (ShaclMaxInclusive, SH.maxInclusive),
    (ShaclMinExclusive, SH.minExclusive),
    (ShaclMaxExclusive, SH.maxExclusive),
):
    tests_each_value(_rule)(_range(_predicate))
tests_each_value(ShaclMinLength)(_length(">=", "sh:minLength"))
tests_each_value(ShaclMaxLength)(_length("<=", "sh:maxLength"))
for _rule in (ShaclEquals, ShaclDisjoint, ShaclLessThan, ShaclLessThanOrEquals):
    compiles(_rule)(_pair(_rule.local_name()))
for _rule, _predicate in (
    (ShaclNode, SH.node),
    (ShaclNot, SH["not"]),
    (ShaclAnd, SH["and"]),
    (ShaclOr, SH["or"]),
    (ShaclXone, SH.xone),
):
    compiles(_rule)(_logical(_predicate, _rule.local_name()))

# Derived from the components' classes: the parameter each one compiles -> its value test, then its handler.
# Components that test each value node on its own: (name, violation condition over ?$v).
VALUE_TESTS: dict[Node, tuple[str, ValueTest]] = {
    SH[rule.fast_parameter]: (rule.local_name(), rule.fast_value_test)
    for rule in COMPONENT_RULES
    if rule.fast_parameter is not None and rule.fast_value_test is not None
}
COMPONENTS: dict[Node, Handler] = {
    **{p: _value_test(name, build) for p, (name, build) in VALUE_TESTS.items()},
    **{
        SH[rule.fast_parameter]: rule.fast_handler
        for rule in COMPONENT_RULES
        if rule.fast_parameter is not None and rule.fast_handler is not None
    },
}
