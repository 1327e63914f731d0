"""Parse RDF files into a pyoxigraph store: Rust parsing, no network (pyoxigraph never fetches anything)."""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path.name}: unknown RDF file extension {path.suffix!r}") from None


def load_store(paths: Iterable[Path]) -> ox.Store:
    """An in-memory store holding every file's triples; raises SyntaxError with the parser's position."""
    store = ox.Store()
    for path in paths:
        store.load(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri())
    return store


# The store keeps integer-derived XSD literals as xsd:integer ("5"^^xsd:int becomes "5"^^xsd:integer), so
# sh:datatype would judge them differently from the data as written. Data that names such a datatype
# anywhere is left to the reference engine; a false alarm (the word in a comment) only costs speed.
_DERIVED_INTEGER = re.compile(
    rb"[#:](?:int|long|short|byte|(?:non)?(?:Negative|Positive)Integer|nonNegativeInteger|nonPositiveInteger"
    rb"|positiveInteger|negativeInteger|unsigned(?:Int|Long|Short|Byte))(?![A-Za-z0-9_-])")


def data_supports(paths: Iterable[Path]) -> bool:
    """Whether the store holds these files' literals as written, as far as SHACL Core can tell."""
    for path in paths:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if _DERIVED_INTEGER.search(data):
                return False
    return True
