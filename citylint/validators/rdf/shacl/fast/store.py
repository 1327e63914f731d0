"""Parse RDF files into a pyoxigraph store: Rust parsing, no network (pyoxigraph never fetches anything)."""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from citylint.validators.rdf.shacl.fast.literals import xsd_name

if TYPE_CHECKING:
    import pyoxigraph as ox

FORMATS = {
    ".ttl": "TURTLE",
    ".turtle": "TURTLE",
    ".nt": "N_TRIPLES",
    ".nq": "N_QUADS",
    ".trig": "TRIG",
    ".jsonld": "JSON_LD",
    ".json": "JSON_LD",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
    ".n3": "N3",
}


def rdf_format(path: Path) -> ox.RdfFormat:
    import pyoxigraph as ox  # here: a columnar run needs no parser

    try:
        return getattr(ox.RdfFormat, FORMATS[path.suffix.lower()])  # type: ignore[no-any-return]
    except KeyError:
        raise ValueError(f"{path.name}: unknown RDF file extension {path.suffix!r}") from None


def load_store(paths: Iterable[Path]) -> ox.Store:
    """An in-memory store holding every file's triples; raises SyntaxError with the parser's position."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        store.load(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri())
    return store


# The store keeps integer-derived XSD literals as xsd:integer ("5"^^xsd:int becomes "5"^^xsd:integer), so
# sh:datatype would judge them differently from the data as written. Data that names such a datatype is left
# to the reference engine. The datatype is matched as a whole IRI: in full, or under a prefix the file binds
# to the XSD namespace (``wgs84:long`` and ``geo:long`` are properties, not ``xsd:long``).
_DERIVED = (
    rb"(?:int|long|short|byte|nonNegativeInteger|nonPositiveInteger|positiveInteger|negativeInteger"
    rb"|unsigned(?:Int|Long|Short|Byte))(?![A-Za-z0-9_.-])"
)


@cache
def _derived_integer(xsd: bytes) -> re.Pattern[bytes]:
    return re.compile(xsd + _DERIVED)


def data_supports(paths: Iterable[Path]) -> bool:
    """Whether the store holds these files' literals as written, as far as SHACL Core can tell."""
    for path in paths:
        if path.stat().st_size == 0:
            continue
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if _derived_integer(xsd_name(data)).search(data):
                return False
    return True
