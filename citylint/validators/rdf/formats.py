"""Which RDF syntax a file is in, from its content and its name; no RDF library needed (input detection
runs on every input, RDF or not)."""

from __future__ import annotations

import re
from pathlib import Path

# rdflib format names by file extension (lower case).
FORMATS_BY_EXTENSION = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".n3": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
QUAD_FORMATS = frozenset({"nquads", "trig"})
TEXT_FORMATS = frozenset({"turtle", "nt", "nquads", "trig"})


_TURTLE_HINT = re.compile(rb"^\s*(@prefix|@base|PREFIX\s|BASE\s)", re.IGNORECASE | re.MULTILINE)
_NTRIPLE_LINE = re.compile(
    rb"^\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s+(<[^>]*>|_:\S+|\"(?:[^\"\\]|\\.)*\"\S*)\s*(?P<graph>\S*)\s*\.\s*$"
)
_TRIG_HINT = re.compile(rb"^\s*(GRAPH\s+)?(<[^>]*>|[\w-]*:[\w-]*)\s*\{", re.IGNORECASE | re.MULTILINE)


def sniff_format(path: Path, head: bytes | None = None) -> str | None:
    """The rdflib format of ``path``: from its content when the content says so clearly, else its extension.

    Content wins over the extension because files are often misnamed (``.rdf`` holding Turtle, ``.json``
    holding JSON-LD). None when neither content nor extension names an RDF syntax.
    """
    if head is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(8192)
        except OSError:
            return FORMATS_BY_EXTENSION.get(path.suffix.lower())
    by_extension = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        return by_extension
    if text.startswith((b"<?xml", b"<!DOCTYPE")) or b"<rdf:RDF" in text[:4096]:
        # XML: RDF/XML names the RDF namespace; any other XML (NeTEx, GML) is not RDF whatever its name.
        return "xml" if b"22-rdf-syntax-ns#" in text or b"<rdf:RDF" in text else None
    if text[:1] in (b"{", b"["):
        if any(key in text for key in (b'"@context"', b'"@id"', b'"@graph"', b'"@type"')):
            return "json-ld"
        return by_extension if by_extension == "json-ld" else None
    if _TURTLE_HINT.search(text) or _TRIG_HINT.search(text):
        graphs = _TRIG_HINT.search(text) is not None
        return "trig" if graphs or by_extension == "trig" else "turtle"
    if by_extension in TEXT_FORMATS:
        return by_extension  # N-Triples, N-Quads and Turtle without directives look alike: the name decides
    return _lines_format(text, len(head)) or by_extension


def _lines_format(text: bytes, size: int) -> str | None:
    lines = [line for line in text.splitlines()[:20] if line.strip() and not line.lstrip().startswith(b"#")]
    if size >= 8192 and lines:
        lines = lines[:-1]  # the last line of a truncated head may be cut
    if lines:
        matches = [_NTRIPLE_LINE.match(line) for line in lines]
        if all(matches):
            return "nquads" if any(m and m.group("graph") for m in matches) else "nt"
    if text.startswith((b"<", b"_:")) or re.search(rb"^\s*[\w-]*:\w*\s+(a|[\w-]*:\w*)\s", text, re.MULTILINE):
        return "turtle"
    return None


# OWL 2 XML Serialization (OWL/XML): XML whose root is owl:Ontology in the OWL namespace. It is not RDF/XML,
# although it often declares the RDF namespace: RDF parsers reject it with a message about RDF/XML syntax.
_OWL_XML_ROOT = re.compile(
    rb"<(?:(\w+):)?Ontology\b[^>]*xmlns(?::(\w+))?=[\"']http://www\.w3\.org/2002/07/owl#[\"']"
)
OWL_XML_MESSAGE = (
    "the document is OWL/XML (the OWL 2 XML serialization, root element Ontology), not RDF: "
    "convert it to Turtle or RDF/XML (e.g. with ROBOT: robot convert -i FILE -o FILE.ttl, or "
    "Protégé: Save as Turtle)"
)


def is_owl_xml(path: Path) -> bool:
    """Whether the file is OWL/XML: an ``Ontology`` root element bound to the OWL namespace."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    found = _OWL_XML_ROOT.search(head)
    return found is not None and found.group(1) == found.group(2)
