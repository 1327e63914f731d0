"""The fast engine's validation result: a plain record, one per SHACL validation result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FastShaclResult:
    """One ``sh:ValidationResult``. RDF terms are in N-Triples syntax (``<iri>``, ``"lex"^^<dt>``, ``_:id``).

    ``focus_node`` and ``value`` come from the data store (blank nodes keep the store's labels);
    ``source_shape`` comes from the shapes graph (blank nodes keep rdflib's labels). ``result_path`` is the
    shape's ``sh:path`` written as a SPARQL 1.1 property path with full IRIs; ``messages`` are the shape's
    ``sh:message`` values (empty: the caller writes its own message).
    """

    focus_node: str
    result_path: str | None
    value: str | None
    severity: str
    source_shape: str
    source_constraint_component: str
    messages: tuple[str, ...] = ()


XSD_STRING = "^^<http://www.w3.org/2001/XMLSchema#string>"


def lexical_forms_kept(results: Iterable[FastShaclResult]) -> bool:
    """Whether every literal in the results is written exactly as in the data.

    The store keeps XSD numeric, boolean, date, time and duration literals in canonical form ("12.340" comes
    back as "12.34", "1"^^xsd:boolean as "true") and language tags in lower case, while pyshacl reports the
    form the file used. Results whose focus nodes and values are IRIs, blank nodes, plain strings or literals
    of non-XSD datatypes are exact; for the others the caller either accepts a value-equal form or asks the
    reference engine.
    """
    for result in results:
        for term in (result.focus_node, result.value):
            if term is None or not term.startswith('"'):
                continue
            tail = term.rsplit('"', 1)[1]  # after the closing quote: "", "@lang" or "^^<datatype>"
            if tail.startswith("@") or (
                tail.startswith("^^<http://www.w3.org/2001/XMLSchema#") and tail != XSD_STRING
            ):
                return False
    return True
