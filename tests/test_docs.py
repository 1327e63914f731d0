"""The whole rule documentation as one Markdown document (`citylint rules --format markdown`), generated from
the rules' docstrings: every rule, with its full documentation."""

from __future__ import annotations

from citylint.registry import load_registry
from citylint.rules_doc import rules_as
from tests.conftest import run_cli


def test_rules_markdown_holds_every_rule_with_its_documentation() -> None:
    rules = load_registry(plugins=False).rules
    code, out, _ = run_cli("rules", "--format", "markdown")
    assert code == 0
    assert out == rules_as(load_registry().rules.values(), "markdown")
    for rule in rules.values():
        assert f"### `{rule.code}`\n\n**{rule.severity.value}**" in out
        assert rule.summary in out
