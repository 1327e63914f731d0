"""Every SHACL / RDF rule has a case that triggers it and one that does not, run through the real CLI.

A case is ``fixtures/shacl/<code>/{bad,good}/`` with ``data.ttl``, ``shapes.ttl`` and ``case.json`` (expected
exit code and the exact notices); the CLI runs ``citylint check data.ttl --shapes shapes.ttl``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citylint.validators.rdf.shacl.validator import ShaclValidator
from tests.conftest import (
    FIXTURES,
    assert_case_outcome,
    assert_every_rule_has_cases,
    fixture_cases,
    read_case,
)

SHACL_FIXTURES = FIXTURES / "shacl"
CASES = fixture_cases(SHACL_FIXTURES)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, err = check_json(case / "data.ttl", "--shapes", str(case / "shapes.ttl"))
    assert_case_outcome(case, read_case(case), code, report, err)


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(SHACL_FIXTURES, ShaclValidator.rules)
