"""Codes of controlled vocabularies: a value in a table's namespace that the table does not hold
(``vocabulary_code_unknown``), with the closest codes; the tables come from the index of :mod:`.tables`."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from citylint.collector import FindingSink
from citylint.i18n import N_
from citylint.validators.metadata.dcat import Metadata
from citylint.validators.metadata.rules import VocabularyCodeUnknown
from citylint.validators.metadata.tables import background, index, iris_of


def check(meta: Metadata, sink: FindingSink) -> dict[str, Any]:
    """Findings for unknown codes; returns the summary of the tables used (codes found, tables not
    installed)."""
    found = background(iris_of(meta.graph))
    names = {name: entry for name, entry in index().items()}
    for unknown in found.unknown:
        value = URIRef(unknown.iri)
        closest = unknown.closest
        for subject, predicate in sorted(meta.graph.subject_predicates(value), key=str):
            sink.add(
                VocabularyCodeUnknown,
                {
                    **meta.fields(subject, URIRef(str(predicate)), value),
                    "table": unknown.table,
                    "scheme": names[unknown.table].table.scheme,
                    "closest": list(closest),
                    "closestCodes": ", ".join(closest) or "-",
                },
            )
    return {
        "valuesInTables": found.known,
        "unknownCodes": len(found.unknown),
        "notChecked": {
            table: {"reason": N_("table not installed"), "values": len(values)}
            for table, values in sorted(found.not_installed.items())
        },
    }
