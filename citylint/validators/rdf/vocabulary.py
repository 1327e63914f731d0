"""The ``vocabulary`` validator: every class and property IRI used in RDF data against its vocabulary's terms.

Works without shapes. Terms are the predicates of the data and the objects of ``rdf:type``. A term whose
namespace is a known vocabulary must be one of its terms (else ``vocabulary_unknown_term`` with the closest
term); deprecated terms, SAREF core terms deleted in v4 and the pre-v3 SAREF namespace get warnings; terms of
any other namespace are summed up per namespace (``vocabulary_non_standard_namespace``, lock-in raw material).

Validator parameter ``standards``: standards-cache names (``saref-core``, ``saref4city``, ``saref4bldg``) the
profile requires; a missing one is exit 2 naming the install command. SAREF ontologies not required but
installed are used too; SAREF namespaces whose ontology is neither are noted as not checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.base import Context, Validator
from citylint.validators.parameters import VocabularyParameters
from citylint.validators.rdf.vocabulary_rules import RULES


class VocabularyValidator(Validator):
    name: ClassVar[str] = "vocabulary"
    parameter_class: ClassVar[type[Any] | None] = VocabularyParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"rdf"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        # The checks live in vocabulary_check, imported here: rdflib and the term lists load only when RDF is
        # validated, not whenever the registry lists this validator's rules.
        from citylint.validators.rdf.vocabulary_check import VocabularyCheck

        return VocabularyCheck().validate(path, context, sink)
