"""The fast engine's validation result: a plain record, one per SHACL validation result."""

from __future__ import annotations

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
