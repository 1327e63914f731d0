"""Every SHACL / RDF rule has a case that triggers it and one that does not (run through the real CLI by
tests/test_fixtures.py).

A case is ``fixtures/shacl/<code>/{bad,good}/`` with ``data.ttl``, ``shapes.ttl`` and ``case.json`` (expected
exit code and the exact notices); the CLI runs ``citylint check data.ttl --shapes shapes.ttl``.
"""

from __future__ import annotations

from citylint.validators.rdf.shacl.validator import ShaclValidator
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
)

SHACL_FIXTURES = FIXTURES / "shacl"


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(SHACL_FIXTURES, ShaclValidator.rules)
