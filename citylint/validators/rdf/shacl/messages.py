"""The message of a SHACL Core result whose shape gives none: written by citylint, the same for every engine.

pyshacl writes its own messages for such results, but they are not a function of the result: ``sh:in``'s
lists its members in the order of a Python set (which changes from one process to the next), and data blank
nodes are described from the data graph. So that a finding is identical whichever engine found it (and from
run to run), citylint writes these messages itself from what every engine reports — component, focus node,
path, value — and the source shape's parameters in the shapes graph. Terms use the shapes graph's prefixes
(the data's differ by parser); a blank node is written ``[]``, as engines label blank nodes differently.

Messages the shapes give (``sh:message``), and those of SHACL-SPARQL and custom components (templates the
engine fills in), are kept as the engine reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from citylint.i18n import SOURCE_LANG, translate
from citylint.validators.rdf.shacl.engines.base import SH, ShaclResult, path_text
from citylint.validators.rdf.shacl.rules import COMPONENT_RULES

# Component local name (without "ConstraintComponent") -> (parameter of the shape, template), from each
# component's class (rules.py). The template may use {focus}, {path} ("focus->path", or the focus alone on a
# node shape), {value} and {param}.
TEMPLATES: dict[str, tuple[URIRef | None, str]] = {
    rule.local_name(): (SH[rule.template_parameter] if rule.template_parameter else None, rule.template)
    for rule in COMPONENT_RULES
    if rule.template is not None
}


def core_component(result: ShaclResult) -> str | None:
    """The local name of the result's SHACL Core component (``MinCount``), or None for any other."""
    text = str(result.source_constraint_component)
    if result.source_constraint is not None or not text.startswith(str(SH)):
        return None
    name = text[len(str(SH)) :].removesuffix("ConstraintComponent")
    return name if name in TEMPLATES else None


def shape_messages(shapes: Graph, result: ShaclResult) -> tuple[Literal, ...]:
    """The source shape's own ``sh:message`` values, sorted as the reference adapter sorts them."""
    return tuple(
        sorted(
            (m for m in shapes.objects(result.source_shape, SH.message) if isinstance(m, Literal)), key=str
        )
    )


def blank_namer(
    parents: Callable[[Node], Iterable[tuple[Node, Node]]], names: NamespaceManager
) -> Callable[[Node], str | None]:
    """Names for the data's blank nodes that people can find: the IRI and property that reach one,
    ``[ex:dataset1 dcat:contactPoint]`` (nested: ``[[ex:d dct:temporal] dcat:endDate]``); None when nothing
    named reaches it (or the engine labelled it differently from this graph)."""

    def name(node: Node, depth: int = 0) -> str | None:
        if not isinstance(node, BNode) or depth > 3:
            return None
        for subject, predicate in sorted(parents(node), key=str):
            parent = name(subject, depth + 1) if isinstance(subject, BNode) else term(subject, names)
            if parent:
                return f"[{parent} {term(predicate, names)}]"
        return None

    return name


def generated_message(
    result: ShaclResult,
    shapes: Graph,
    names: NamespaceManager | None = None,
    blank: Callable[[Node], str | None] | None = None,
    lang: str = SOURCE_LANG,
    memo: dict[tuple[object, ...], object] | None = None,
) -> str | None:
    """citylint's message for a SHACL Core result without ``sh:message``; None when the engine's is kept.
    ``names``: the prefixes to write terms with (default: the shapes graph's); ``blank``: names for the data's
    blank nodes (default ``[]``); ``lang``: the language of the template (gettext catalogue ``ui``); ``memo``:
    a dict kept by the caller for one shapes graph and one ``names``, so that what a message reads from the
    shapes graph (the shape's messages, parameters and path) and the terms it writes are worked out once per
    run, not once per result (a run may have tens of thousands)."""
    memo = {} if memo is None else memo
    name = core_component(result)
    if name is None:
        return None
    if _memo(memo, ("messages", result.source_shape), lambda: bool(shape_messages(shapes, result))):
        return None
    names = names if names is not None else shapes.namespace_manager

    def data_term(node: Node) -> str:
        if blank is not None and isinstance(node, BNode):
            named = blank(node)
            if named:
                return named
        return str(_memo(memo, ("term", node), lambda: term(node, names)))

    parameter, template = TEMPLATES[name]
    template = translate(template, lang) if lang != SOURCE_LANG else template
    focus = data_term(result.focus_node)
    path = _memo(memo, ("path", result.result_path), lambda: path_text(shapes, result.result_path, names))
    param = (
        _memo(
            memo,
            ("param", result.source_shape, parameter),
            lambda: _parameter(shapes, shape, parameter, names),
        )
        if (shape := result.source_shape) is not None and parameter is not None
        else ""
    )
    return template.format(
        focus=focus,
        path=f"{focus}->{path}" if path and name != "Closed" else (path or focus),
        value=data_term(result.value) if result.value is not None else "(none)",
        param=param,
    )


def _memo(
    memo: dict[tuple[object, ...], object], key: tuple[object, ...], compute: Callable[[], object]
) -> object:
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _parameter(shapes: Graph, shape: Node, parameter: URIRef, names: NamespaceManager) -> str:
    values = sorted(term(v, names, shapes) for v in shapes.objects(shape, parameter))
    return ", ".join(values) if values else "?"


def term(node: Node, names: NamespaceManager, shapes: Graph | None = None) -> str:
    """A term as a message writes it: prefixed where ``names`` can, an RDF list of the shapes in
    parentheses, any other blank node ``[]``."""
    if isinstance(node, BNode):
        if (
            shapes is not None and (node, RDF.first, None) in shapes
        ):  # an RDF list of the shapes (sh:in, sh:or)
            return "(" + " ".join(term(m, names, shapes) for m in Collection(shapes, node)) + ")"
        return "[]"
    if isinstance(node, URIRef | Literal):
        try:
            return str(node.n3(names))
        except Exception:  # noqa: BLE001 - an IRI rdflib cannot shorten is shown in full
            return str(node.n3())
    return str(node)
