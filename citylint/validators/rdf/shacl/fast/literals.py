"""Data the fast store would hold differently from the reference engine's graph: literals it rewrites.

The store keeps XSD numbers, booleans, dates, times and durations in canonical form and language tags in
lower case, and ``"a"^^xsd:string`` as ``"a"``. rdflib (the reference engine's graph) keeps the data's own
forms, so where the data writes such a literal in another form (``"0.650"^^xsd:decimal``, ``1.50``,
``"a"@EN``, any ``xsd:dateTime``, ``"a"^^xsd:string``) the two graphs can differ:

- two forms of one value (``1.50`` and ``1.5`` on one subject) are one term in the store and two in rdflib:
  counts, ``sh:uniqueLang``, ``sh:equals`` / ``sh:disjoint`` would judge differently;
- string tests (``sh:pattern``, ``sh:minLength``, ``sh:maxLength``) would read the canonical form;
- ``sh:in`` / ``sh:hasValue`` / ``sh:targetNode`` literals would match by value instead of by term;
- a reported literal could be written canonically: the caller then asks the reference engine.

:func:`rewritten_literals` finds such literals by a byte scan (C speed, no per-triple Python); a false alarm
(the pattern inside a string) only sends the input to the reference engine. :func:`literal_sensitive` says
whether shapes use a component that can tell; :func:`triples_merged` whether the store holds fewer triples
than the data states (two forms merged, or a triple stated twice: either way, counts are left to pyshacl).
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal
from rdflib.namespace import SH

if TYPE_CHECKING:
    import pyoxigraph as ox

XSD_IRI = rb"http://www\.w3\.org/2001/XMLSchema#"
_END = rb"(?![\w.-])"
# Datatypes whose canonical form this scan does not check: any use is treated as rewritten.
_ALWAYS = (
    rb"(?:float|double|date|dateTime|dateTimeStamp|time|duration|dayTimeDuration|yearMonthDuration"
    rb"|gYear|gYearMonth|gMonth|gDay|gMonthDay)"
)
_INTEGER = rb"(?:0|-?[1-9][0-9]*)"
_DECIMAL = rb"(?:0|-?[1-9][0-9]*|-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9])"


def xsd_name(text: bytes | mmap.mmap) -> bytes:
    """A pattern for "an XSD datatype IRI, up to its local name" in this Turtle / N-Triples / RDF/XML text:
    ``<http://www.w3.org/2001/XMLSchema#``, the bare IRI (RDF/XML attributes), or a prefix bound to XSD."""
    prefixes = sorted(_xsd_prefixes(text))
    forms = [b"<?" + XSD_IRI]
    if prefixes:
        forms.append(rb"(?<![\w.:-])(?:" + b"|".join(re.escape(p) for p in prefixes) + rb"):")
    return rb"(?:" + b"|".join(forms) + rb")"


# The prefixes a Turtle file binds to the XSD namespace: a datatype is XSD's only under one of them (or in
# full), so ``wgs84:long`` or ``ex:date`` is not taken for ``xsd:long`` / ``xsd:date``.
# A prefix declaration ends with the namespace IRI written whole: the scan finds each such IRI with a plain
# byte search and reads the declaration in the bytes before it, instead of running the case-insensitive
# pattern over the whole file (2.4 s on 40 MB of N-Triples, which cannot declare prefixes at all).
_XSD_WHOLE = b"<http://www.w3.org/2001/XMLSchema#>"
_XSD_PREFIX_BEFORE = re.compile(rb"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*\Z", re.IGNORECASE)
_DECLARATION_WINDOW = 4096


def _xsd_prefixes(text: bytes | mmap.mmap) -> set[bytes]:
    """The prefixes bound to the XSD namespace (``@prefix p: <...#>``, ``PREFIX p: <...#>``), found from each
    whole XSD IRI."""
    found: set[bytes] = set()
    at = text.find(_XSD_WHOLE)
    while at != -1:
        before = text[max(0, at - _DECLARATION_WINDOW) : at]
        match = _XSD_PREFIX_BEFORE.search(before)
        if match is not None:
            found.add(match.group(1) or b"")
        at = text.find(_XSD_WHOLE, at + 1)
    return found


@cache
def _patterns(xsd: bytes, rdf_xml: bool) -> tuple[tuple[str, re.Pattern[bytes]], ...]:
    """The searches for literals the store rewrites, by kind: "value" (typed XSD literals the store
    canonicalises), "language" (tags), "string" (xsd:string). Separate searches, each starting with a fixed
    byte, run faster than one alternation."""
    if rdf_xml:  # rdf:datatype="...#integer">01</...>, xml:lang="EN"
        typed = rb'datatype="' + XSD_IRI
        return (
            ("value", re.compile(typed + _ALWAYS + rb'"')),
            ("string", re.compile(typed + rb'string"')),
            ("language", re.compile(rb'xml:lang="[^"]*[A-Z]')),
            ("value", re.compile(typed + rb'integer"[^>]*>(?!' + _INTEGER + rb"<)")),
            ("value", re.compile(typed + rb'decimal"[^>]*>(?!' + _DECIMAL + rb"<)")),
            ("value", re.compile(typed + rb'boolean"[^>]*>(?!(?:true|false)<)')),
        )
    return (
        ("value", re.compile(rb"\^\^" + xsd + _ALWAYS + _END)),  # a datatype the store always canonicalises
        (
            "string",
            re.compile(rb"\^\^" + xsd + rb"string" + _END),
        ),  # "a"^^xsd:string, which the store writes "a"
        ("language", re.compile(rb'"@[A-Za-z0-9-]*[A-Z]')),  # a language tag with capitals
        (
            "value",
            re.compile(rb'"(?!' + _INTEGER + rb'")[^"\\\n]*"\^\^' + xsd + rb"integer" + _END),
        ),  # "01", "+1"
        (
            "value",
            re.compile(rb'"(?!' + _DECIMAL + rb'")[^"\\\n]*"\^\^' + xsd + rb"decimal" + _END),
        ),  # "0.650"
        ("value", re.compile(rb'"(?!(?:true|false)")[^"\\\n]*"\^\^' + xsd + rb"boolean" + _END)),  # "1", "0"
        (
            "value",
            re.compile(rb"'\^\^" + xsd + rb"(?:integer|decimal|boolean)" + _END),
        ),  # Turtle '...': not checked
    )


# Turtle shorthand numbers (not in N-Triples): exponents, a leading +, leading zeros, trailing zeros. Searched
# in the text with its strings, IRIs and comments blanked out (``TOKENS_NOT_NUMBERS``): "Route 001" is text.
SHORTHAND = re.compile(
    rb"(?<![\w\"'.:#/%-])(?:[+-]?[0-9]*\.?[0-9]+[eE][+-]?[0-9]+|\+[0-9]|-?0[0-9]|[0-9]\.[0-9]*0(?![0-9]))"
)
# Each string form as an unrolled loop (a run of plain characters, then an escape or a lone quote and another
# run): the same language as (?:plain|escape)*, without one backtracking point per character, which made a
# 20 MB literal cost 2.4 GB in the regex engine.
TOKENS_NOT_NUMBERS = re.compile(
    rb'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""' + rb"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    rb'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"' + rb"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'" + rb'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
# Components that see a literal's form (or compare literals as terms), and so can tell a rewritten literal.
SENSITIVE = (
    SH.pattern,
    SH.minLength,
    SH.maxLength,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
)


def rewritten_literals(
    paths: Iterable[Path], syntax: dict[Path, str] | None = None, only: frozenset[str] | None = None
) -> set[str]:
    """The kinds of literal ("value", "language", "string") the data may hold in a form the store rewrites.

    ``syntax`` gives each file's format (citylint's names: "nt", "turtle", "xml"); by default its suffix.
    ``only``: search for these kinds alone.
    """
    kinds: set[str] = set()
    for path in paths:
        if path.stat().st_size == 0:
            continue
        fmt = (syntax or {}).get(path) or (
            "nt"
            if path.suffix.lower() in (".nt", ".ntriples")
            else "xml"
            if path.suffix.lower() in (".rdf", ".owl", ".xml")
            else "turtle"
        )
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
            patterns = _patterns(xsd_name(text), fmt == "xml")
            kinds |= {
                kind
                for kind, pattern in patterns
                if kind not in kinds and (only is None or kind in only) and pattern.search(text)
            }
            if (
                (only is None or "value" in only)
                and fmt == "turtle"
                and "value" not in kinds
                and SHORTHAND.search(TOKENS_NOT_NUMBERS.sub(b'""', text))
            ):
                kinds.add("value")
    return kinds


def literal_sensitive(shapes: Graph) -> str | None:
    """The first component of the shapes that can tell a rewritten literal from the data's, or None."""
    for predicate in SENSITIVE:
        if (None, predicate, None) in shapes:
            return str(predicate.n3(shapes.namespace_manager))
    for predicate in (SH["in"], SH.hasValue, SH.targetNode):
        for _, obj in shapes.subject_objects(predicate):
            members = list(shapes.items(obj)) if predicate == SH["in"] else [obj]
            if any(isinstance(m, Literal) for m in members):
                return f"{predicate.n3(shapes.namespace_manager)} with a literal"
    return None


def triples_merged(store: ox.Store, paths: Iterable[Path], rdf_format: dict[Path, ox.RdfFormat]) -> bool:
    """Whether the store holds fewer triples than the files state (forms merged, or a triple stated twice).

    N-Triples states one triple a line (a comment or empty line makes this say True: a false alarm only);
    other formats are counted by parsing them again.
    """
    import pyoxigraph as ox

    stated = 0
    for path in paths:
        if rdf_format[path] == ox.RdfFormat.N_TRIPLES:
            with open(path, "rb") as fh:
                last = b"\n"
                for chunk in iter(lambda: fh.read(1 << 24), b""):
                    stated += chunk.count(b"\n")
                    last = chunk[-1:]
                stated += 0 if last == b"\n" else 1
        else:
            stated += sum(
                1 for _ in ox.parse(path=str(path), format=rdf_format[path], base_iri=path.resolve().as_uri())
            )
    return len(store) < stated
