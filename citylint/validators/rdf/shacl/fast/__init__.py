"""The fast SHACL path: data parsed by pyoxigraph, SHACL Core shapes compiled to SPARQL over the store.

``applies(shapes, data_files)`` says whether the fast engine gives pyshacl's results for these inputs (every
shape and component compiled, and no data the store would rewrite); when it does not, the caller uses the
reference engine. ``load_store(files)`` parses, ``validate(store, shapes)`` returns the results, and
``lexical_forms_kept(results)`` says whether their literals are written as in the data (the store writes XSD
numbers, booleans, dates and language tags canonically).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from citylint.validators.rdf.shacl.fast.engine import Evaluation
from citylint.validators.rdf.shacl.fast.paths import UnsupportedShapes
from citylint.validators.rdf.shacl.fast.results import FastShaclResult, lexical_forms_kept
from citylint.validators.rdf.shacl.fast.shapes import ShapesModel
from citylint.validators.rdf.shacl.fast.store import data_supports, load_store

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "FastShaclResult",
    "Support",
    "UnsupportedShapes",
    "applies",
    "data_supports",
    "lexical_forms_kept",
    "load_store",
    "supports",
    "validate",
]


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
        import pyoxigraph as ox  # here: the columnar path runs without it (10 MB)

        validate(ox.Store(), shapes)
    except UnsupportedShapes as exc:
        return Support(False, str(exc))
    return Support(True)


def applies(shapes: Graph, data: Iterable[Path]) -> Support:
    """Whether the fast engine gives the reference engine's results for these shapes and data files."""
    support = supports(shapes)
    if support and not data_supports(data):
        return Support(False, "the data uses an integer-derived XSD datatype, which the store rewrites")
    return support


def validate(store: ox.Store, shapes: Graph) -> list[FastShaclResult]:
    """Every validation result of the data in ``store`` against ``shapes`` (raises UnsupportedShapes)."""
    evaluation = Evaluation(store, ShapesModel(shapes))
    return list(evaluation.run())
