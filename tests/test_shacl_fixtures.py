"""Every SHACL / RDF rule has a case that triggers it and one that does not, run through the real CLI.

A case is ``fixtures/shacl/<code>/{bad,good}/`` with ``data.ttl``, ``shapes.ttl`` and ``case.json`` (expected
exit code and the exact notices); the CLI runs ``citylint check data.ttl --shapes shapes.ttl``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citylint.validators.rdf.shacl import ShaclValidator
from tests.conftest import FIXTURES, totals

SHACL_FIXTURES = FIXTURES / "shacl"
CASES = sorted(p for p in SHACL_FIXTURES.glob("*/*") if (p / "case.json").is_file())


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    code, report, err = check_json(case / "data.ttl", "--shapes", str(case / "shapes.ttl"))
    assert report["systemErrors"] == [], err
    assert totals(report) == spec["notices"]
    assert code == spec["exit"]
    if case.name == "bad":
        assert case.parent.name in spec["notices"]  # the case is filed under the code it triggers


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    for rule in ShaclValidator.rules:
        code = rule.rule.code
        for kind in ("bad", "good"):
            assert (SHACL_FIXTURES / code / kind / "case.json").is_file(), f"{code} has no {kind} case"
