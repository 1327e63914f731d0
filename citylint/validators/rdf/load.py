"""Parsing RDF documents with rdflib without touching the network (which syntax a file is in: formats.py).

Parsing never fetches anything unless the caller allows the network:

- JSON-LD: every remote ``@context`` / ``@import`` reference is replaced, before rdflib sees the document, by
  a local copy (a file next to the document, one the profile names in ``contexts``, or a context of the
  standards cache such as DCAT-AP's); a remote reference with no local copy is an :class:`RdfNetworkRefused`
  error instead of a download (a known one not installed: :class:`~citylint.standards.StandardMissing`).
- RDF/XML: parsed with a SAX parser whose external general and parameter entities are switched off explicitly
  (Python's default since 3.7.1, set here so that it cannot depend on the interpreter), so a document cannot
  read local files or URLs through ``<!ENTITY x SYSTEM "...">``.
- ``owl:imports`` are never followed by parsing; the SHACL engine follows them only with the network allowed.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse
from xml.sax import handler as sax_handler

import rdflib
from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser
from rdflib import Dataset, Graph
from rdflib.namespace import XSD
from rdflib.parser import InputSource, PythonInputSource
from rdflib.parser import Parser as ParserKind
from rdflib.plugin import register
from rdflib.plugins.parsers import rdfxml

from citylint import readpolicy
from citylint.standards import StandardsError, local_copy
from citylint.validators.rdf.formats import OWL_XML_MESSAGE, QUAD_FORMATS, is_owl_xml, sniff_format

SAFE_XML_FORMAT = "citylint-rdfxml"
_BOOLEAN = XSD.boolean
# rdflib's table of literal-to-Python converters (no public API to swap one for a while; pyshacl does the
# same)
_TO_PYTHON: dict[Any, Any] = rdflib.term._toPythonMapping


@dataclass(frozen=True, slots=True)
class RdfDocument:
    """One RDF file and the rdflib format name it is parsed with."""

    path: Path
    format: str

    @classmethod
    def of(cls, path: Path) -> RdfDocument:
        fmt = sniff_format(path)
        if fmt in (None, "xml") and is_owl_xml(path):  # RDF/XML parsers misread it, or reject it misleadingly
            raise RdfSyntaxError(path, OWL_XML_MESSAGE)
        if fmt is None:
            raise RdfSyntaxError(path, "not an RDF document (no known RDF syntax by extension or content)")
        return cls(path, fmt)


class RdfSyntaxError(Exception):
    """A document is not well-formed in its syntax; line and column where the parser gives them."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.path, self.message, self.line, self.column = path, message, line, column


class RdfNetworkRefused(Exception):
    """Parsing would need a download (a remote JSON-LD context) and the network is not allowed."""

    def __init__(self, path: Path, url: str) -> None:
        super().__init__(
            f"{path}: JSON-LD context {url} is remote; give a local copy or allow the network "
            f"(--allow-network)"
        )
        self.path, self.url = path, url


# -- parsing ------------------------------------------------------------------------------------------------


class _SafeRdfXmlParser(rdfxml.RDFXMLParser):
    """rdflib's RDF/XML parser on defusedxml's expat reader: no external entity is read (no file or URL), and
    a document declaring entities is refused, since internal entities are how "billion laughs" documents
    expand to gigabytes. RDF/XML has no use for either."""

    def parse(self, source: InputSource, sink: Graph, **args: Any) -> None:
        parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.start_namespace_decl(
            "xml", "http://www.w3.org/XML/1998/namespace"
        )  # as rdflib's create_parser
        parser.setFeature(sax_handler.feature_namespaces, 1)
        parser.setFeature(sax_handler.feature_external_ges, False)
        parser.setFeature(sax_handler.feature_external_pes, False)
        handler = rdfxml.RDFXMLHandler(sink)
        handler.setDocumentLocator(source)  # type: ignore[arg-type]  # as rdflib does
        parser.setContentHandler(handler)
        parser.setErrorHandler(sax_handler.ErrorHandler())
        self._parser = parser
        parser.parse(source)


register(SAFE_XML_FORMAT, ParserKind, __name__, "_SafeRdfXmlParser")


@contextmanager
def quiet_logs() -> Iterator[None]:
    """Silence logging below ERROR and Python warnings for a while: rdflib logs a traceback for every
    ill-typed literal and pyshacl a warning per odd shape (through a handler of its own on stderr), which
    would reach the user's terminal; citylint reports what matters through its findings instead."""
    previous = logging.root.manager.disable
    logging.disable(max(previous, logging.WARNING))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # rdflib warns about ill-typed literals ("weird boolean") this way
            yield
    finally:
        logging.disable(previous)


def parse(
    document: RdfDocument,
    *,
    allow_network: bool = False,
    contexts: Mapping[str, Path] | None = None,
    graph: Graph | None = None,
) -> Graph:
    """Parse ``document`` into ``graph`` (a new one by default). Quads are merged into the one graph: citylint
    validates the union of a dataset's graphs.

    Raises :class:`RdfSyntaxError` for a malformed document, :class:`RdfNetworkRefused` for a remote JSON-LD
    context without a local copy, ``OSError`` when the file cannot be read.
    """
    target = graph if graph is not None else Graph()
    with quiet_logs(), _literals_as_written():
        return _parse(document, target, allow_network, contexts)


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Keep literals as the document writes them: rdflib would turn ``"1"^^xsd:boolean`` into ``"true"`` and
    ``"01"^^xsd:integer`` into ``"1"``, but they are other RDF terms, and SHACL compares terms (sh:in,
    sh:hasValue, sh:uniqueLang "1" is not true). pyshacl loads its own inputs the same way."""
    saved, saved_boolean = rdflib.NORMALIZE_LITERALS, _TO_PYTHON.get(_BOOLEAN)
    rdflib.NORMALIZE_LITERALS = False
    # SHACL's boolean parameters (sh:uniqueLang, sh:closed, sh:deactivated) are on when they are ``true``;
    # ``"1"^^xsd:boolean`` is another term that the W3C test suite expects to leave them off.
    _TO_PYTHON[_BOOLEAN] = lambda lexical: lexical.strip().lower() == "true"
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved
        _TO_PYTHON[_BOOLEAN] = saved_boolean


def _parse(
    document: RdfDocument, target: Graph, allow_network: bool, contexts: Mapping[str, Path] | None
) -> Graph:
    path = document.path
    try:
        if document.format == "json-ld":
            data = _local_jsonld(path, allow_network, contexts or {})
            target.parse(source=PythonInputSource(data, system_id=path.resolve().as_uri()), format="json-ld")
        elif document.format in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=document.format)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                target.add((s, p, o))
        else:
            fmt = SAFE_XML_FORMAT if document.format == "xml" else document.format
            target.parse(path, format=fmt, publicID=path.resolve().as_uri())
    except (RdfNetworkRefused, OSError, StandardsError):
        raise
    except DefusedXmlException as exc:
        raise RdfSyntaxError(
            path,
            f"the document declares XML entities or a DTD ({type(exc).__name__}); "
            "citylint refuses them: they read other files or expand to gigabytes",
        ) from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated types for bad syntax
        raise _syntax_error(path, exc) from exc
    return target


def _syntax_error(path: Path, exc: Exception) -> RdfSyntaxError:
    """The parser's complaint with its line and column, whichever way this parser reports them."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    why, document, offset = getattr(exc, "_why", None), getattr(exc, "_str", None), getattr(exc, "_i", None)
    if why is not None and isinstance(document, bytes) and isinstance(offset, int):
        # rdflib's Turtle / TriG parser (BadSyntax): a reason, the document and the offset of the error.
        offset = len(document) if offset < 0 else offset  # -1: at the end of the input
        line = document.count(b"\n", 0, offset) + 1
        column = offset - document.rfind(b"\n", 0, offset)
        text = str(why)
    getter = getattr(exc, "getLineNumber", None)  # xml.sax.SAXParseException
    if callable(getter):
        line, column = getter(), exc.getColumnNumber()  # type: ignore[attr-defined]
    if line is None:
        found = re.search(r"\bline:? (\d+)", text, re.IGNORECASE)
        line = int(found.group(1)) if found else None
    if column is None:
        found = re.search(r"\b(?:column|col|char):? (\d+)", text, re.IGNORECASE)
        column = int(found.group(1)) if found else None
    invalid = re.match(r"Invalid line(?: \(([^)]*)\))?: (.*)$", text)
    if line is None and invalid:  # N-Triples / N-Quads quote the rest of the line, not its number
        line, column = _line_holding(path, invalid.group(2).strip().strip("'\""))
    if callable(getter):
        text = re.sub(r"^\S+:\d+:\d+:\s*", "", text)  # SAX repeats the location in its message
    if isinstance(exc, json.JSONDecodeError):
        line, column, text = exc.lineno, exc.colno, exc.msg
    text = re.sub(r"^at line \d+ of <[^>]*>:\s*", "", text)
    return RdfSyntaxError(
        path, text[:500], int(line) if line is not None else None, int(column) if column is not None else None
    )


def _line_holding(path: Path, fragment: str) -> tuple[int | None, int | None]:
    """Line and column of the first line holding ``fragment`` (N-Triples errors quote the rest of the
    line)."""
    if not fragment:
        return None, None
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                at = line.find(fragment)
                if at >= 0:
                    return number, at + 1
    except OSError:
        pass
    return None, None


def _local_jsonld(path: Path, allow_network: bool, contexts: Mapping[str, Path]) -> Any:
    """The JSON-LD document with every remote context reference replaced by its local copy's content."""
    data = json.loads(path.read_text(encoding="utf-8"))
    base = path.resolve().as_uri()
    return _inline_contexts(data, base, path, allow_network, contexts, depth=0)


def _inline_contexts(
    node: Any, base: str, path: Path, allow_network: bool, contexts: Mapping[str, Path], depth: int
) -> Any:
    if depth > 32:
        raise RdfSyntaxError(path, "JSON-LD contexts nest or include each other more than 32 levels deep")
    if isinstance(node, list):
        return [_inline_contexts(item, base, path, allow_network, contexts, depth) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("@context", "@import"):
            out[key] = _resolve_context(value, base, path, allow_network, contexts, depth)
        else:
            out[key] = _inline_contexts(value, base, path, allow_network, contexts, depth)
    return out


def _resolve_context(
    value: Any, base: str, path: Path, allow_network: bool, contexts: Mapping[str, Path], depth: int
) -> Any:
    if isinstance(value, list):
        return [_resolve_context(v, base, path, allow_network, contexts, depth) for v in value]
    if isinstance(value, dict):
        return _inline_contexts(value, base, path, allow_network, contexts, depth + 1)
    if not isinstance(value, str):
        return value
    url = urljoin(base, value)
    local = contexts.get(url) or contexts.get(value)
    if local is None and urlparse(url).scheme == "file":
        local = Path(urlparse(url).path)
    if local is None:
        local = local_copy(url)  # a context citylint knows (e.g. DCAT-AP's), from the standards cache
    if local is None:
        if allow_network:
            return value  # rdflib fetches it: the user opted in
        raise RdfNetworkRefused(path, url)
    try:  # a local context is read under the read policy: inside the allowed roots, a regular file, capped
        loaded = json.loads(
            readpolicy.read_text(
                local,
                "JSON-LD context",
                max_bytes=readpolicy.CONTEXT_MAX_BYTES,
                within=[*readpolicy.roots(), path.resolve().parent],
            )
        )
    except readpolicy.ReadRefused as exc:
        raise RdfSyntaxError(path, str(exc)) from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise RdfSyntaxError(path, f"JSON-LD context {value} ({local}) cannot be read: {exc}") from exc
    inner = loaded.get("@context", loaded) if isinstance(loaded, dict) else loaded
    return _resolve_context(inner, Path(local).resolve().as_uri(), path, allow_network, contexts, depth + 1)
