"""SHACL engines behind one interface (:mod:`.base`): ``pyshacl`` (the reference), ``fast`` (SHACL Core
compiled to SPARQL over pyoxigraph) and ``auto`` (the fast one where it gives pyshacl's results)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from citylint.validators.base import InputError

if TYPE_CHECKING:
    from citylint.validators.rdf.shacl.engines.base import ShaclEngine

# SHACL engines by name (``--engine`` of ``citylint suite`` and ``citylint check``, option ``shacl_engine``).
ENGINE_NAMES = ("auto", "fast", "pyshacl")
DEFAULT_ENGINE = "auto"


def engine_named(name: str) -> ShaclEngine:
    if name == "pyshacl":
        from citylint.validators.rdf.shacl.engines.pyshacl import PyShaclEngine

        return PyShaclEngine()
    if name in ("fast", "auto"):
        # Imported here: only runs that may use it load pyoxigraph and the compiler.
        from citylint.validators.rdf.shacl.engines.fast import AutoShaclEngine, FastShaclEngine

        return FastShaclEngine() if name == "fast" else AutoShaclEngine()
    raise InputError(f"unknown SHACL engine {name!r} (known: {', '.join(ENGINE_NAMES)})")
