"""SHACL engines behind one interface (:mod:`.base`): ``pyshacl`` (the reference), ``fast`` (SHACL Core
compiled to SPARQL over pyoxigraph) and ``auto`` (the fast one where it gives pyshacl's results).

:meth:`AutoShaclEngine.validate` is the one place that decides which engine runs and why: the fast
engine says, before and while it runs, whether its results would be the reference ones (it raises
:class:`~.base.ShaclNotApplicable` with the reason: ``engines/fast.py``), and auto then gives the run to
pyshacl. Every outcome says which engine ran and why (``ShaclOutcome.engine`` / ``engine_reason``, shown in
the report summary as ``shacl.engine`` / ``engineReason``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citylint.runoptions import SHACL_ENGINE
from citylint.validators.base import InputError

if TYPE_CHECKING:
    from citylint.validators.rdf.shacl.engines.base import RdfInput, ShaclEngine, ShaclOptions, ShaclOutcome

# SHACL engines by name (``--engine`` of ``citylint suite`` and ``citylint check``, option ``shacl_engine``).
ENGINE_NAMES = ("auto", "fast", "pyshacl")
DEFAULT_ENGINE = SHACL_ENGINE  # written once, in runoptions.py
# Why the fast engine ran under auto (it ran to the end without declining).
FAST_REASON = "every shape compiles to SPARQL and the results' terms are written as in the data"


def engine_named(name: str) -> ShaclEngine:
    if name == "pyshacl":
        from citylint.validators.rdf.shacl.engines.pyshacl import PyShaclEngine

        return PyShaclEngine()
    if name == "fast":
        # Imported here: only runs that may use it load pyoxigraph and the compiler.
        from citylint.validators.rdf.shacl.engines.fast import FastShaclEngine

        return FastShaclEngine()
    if name == "auto":
        return AutoShaclEngine()
    raise InputError(f"unknown SHACL engine {name!r} (known: {', '.join(ENGINE_NAMES)})")


def reason_asked(engine: ShaclEngine) -> str:
    """Why an engine the user named ran."""
    return f"asked for (engine {engine.name})"


class AutoShaclEngine:
    """The fast engine where it gives the reference engine's results, pyshacl elsewhere."""

    name = "auto"

    def validate(self, data: RdfInput, shapes: RdfInput, options: ShaclOptions) -> ShaclOutcome:
        from citylint.validators.rdf.load import RdfSyntaxError
        from citylint.validators.rdf.shacl.engines.base import ShaclNotApplicable

        try:
            outcome = engine_named("fast").validate(data, shapes, options)
        except RdfSyntaxError:
            reason = "the fast parser rejected the data; the reference parser reports where"
        except ShaclNotApplicable as exc:
            reason = str(exc)
        else:
            # The fast engine may say which of its paths ran (the columnar one); else the usual reason.
            outcome.engine_reason = outcome.engine_reason or FAST_REASON
            return outcome
        outcome = engine_named("pyshacl").validate(data, shapes, options)
        outcome.engine_reason = reason
        return outcome
