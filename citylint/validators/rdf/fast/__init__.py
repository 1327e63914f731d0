"""The fast SHACL path: data parsed by pyoxigraph, SHACL Core shapes compiled to SPARQL over the store.

``supports(shapes)`` says whether every shape and component of a shapes graph is compiled (else the caller
uses the reference engine, pyshacl); ``validate(store, shapes)`` returns the validation results.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from citylint.validators.rdf.fast.engine import Evaluation
from citylint.validators.rdf.fast.paths import UnsupportedShapes
from citylint.validators.rdf.fast.results import FastShaclResult
from citylint.validators.rdf.fast.shapes import ShapesModel
from citylint.validators.rdf.fast.store import load_store

__all__ = ["FastShaclResult", "Support", "UnsupportedShapes", "load_store", "supports", "validate"]


@dataclass(frozen=True)
class Support:
    """Whether the fast engine compiles a shapes graph; falsy with the reason when it does not."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def supports(shapes: Graph) -> Support:
    """Compile every shape and component reachable from a target, by validating an empty store."""
    try:
        validate(ox.Store(), shapes)
    except UnsupportedShapes as exc:
        return Support(False, str(exc))
    return Support(True)


def validate(store: ox.Store, shapes: Graph) -> list[FastShaclResult]:
    """Every validation result of the data in ``store`` against ``shapes`` (raises UnsupportedShapes)."""
    evaluation = Evaluation(store, ShapesModel(shapes))
    return list(evaluation.run())
