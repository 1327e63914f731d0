"""The rule documentation in docs/ is generated from the rules' docstrings and must match them."""

from __future__ import annotations

from citylint.registry import load_registry
from citylint.rules_doc import rules_as
from tests.conftest import ROOT

RULES_DOC = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_generated_from_the_docstrings() -> None:
    expected = rules_as(load_registry(plugins=False).rules.values(), "markdown")
    assert RULES_DOC.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `citylint rules --format markdown > docs/rules.md`"
    )
