"""The ``shacl`` validator: an RDF document against the shapes of the profile and of ``--shapes`` (parameters
and run-wide options: see :mod:`.inputs`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.base import Context, Validator
from citylint.validators.parameters import ShaclParameters
from citylint.validators.rdf.shacl.rules import RULES


class ShaclValidator(Validator):
    name: ClassVar[str] = "shacl"
    parameter_class: ClassVar[type[Any] | None] = ShaclParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"rdf"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        # The run lives in .run, imported here: rdflib and the engines load only when RDF is validated,
        # not whenever the registry lists this validator's rules.
        from citylint.validators.rdf.shacl.run import run

        return run(path, context, sink)
