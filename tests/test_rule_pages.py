"""Rule pages: one per rule and an index, generated from the rule classes (never committed: DEVELOPERS.md,
"Rule documentation"), each with its sections, metadata, source file and upstream link; published where
``rule_page_url`` (SARIF helpUri, EARL, HTML and Markdown reports) points."""

from __future__ import annotations

from pathlib import Path

import yaml

from citylint.registry import load_registry
from citylint.rules_doc import (
    DOCS_BASE_URL,
    GENERATED,
    INDEX_PAGE,
    rule_page_url,
    rule_pages,
    rules_as,
    source_path,
)
from tests.conftest import ROOT, run_cli

WORKFLOW = ROOT / ".github" / "workflows" / "rule-pages.yml"


def test_every_rule_page_has_its_sections_and_metadata() -> None:
    rules = load_registry(plugins=False).rules
    pages = rule_pages(rules.values())
    assert sorted(pages) == sorted([INDEX_PAGE, *(f"{code}.md" for code in rules)])
    for code, rule in rules.items():
        page = pages[f"{code}.md"]
        assert page.startswith(GENERATED + f"\n\n# `{code}`\n\n{rule.summary}\n")
        assert "## Why it matters" in page and "## Reference" in page, code
        assert (
            f"| Severity | {rule.severity.value} |" in page and f"| EIF layer | {rule.layer.value} |" in page
        )
        assert f"[`{code}`]({code}.md)" in pages[INDEX_PAGE]
        assert rule_page_url(code) == f"{DOCS_BASE_URL}{code}.html"
        # the page names the file that defines the rule (some define their rules from a table), and it exists
        source = source_path(rule)
        assert f"| Source | [`{source}`](" in page, code
        assert (ROOT / source).is_file(), (code, source)


def test_gtfs_pages_link_mobilitydata_rule_from_one_place() -> None:
    """Every GTFS rule shares MobilityData's notice code: its page links MobilityData's rule page, generated
    (GtfsRule.upstream_page), while no docstring writes that link by hand."""
    rules = load_registry(plugins=False).rules
    pages = rule_pages(rules.values())
    gtfs = [rule for rule in rules.values() if rule.family == "gtfs"]
    assert len(gtfs) > 150
    for rule in gtfs:
        link = f"https://gtfs-validator.mobilitydata.org/rules.html#{rule.code}-rule"
        assert rule.upstream == link
        assert f"| Upstream rule | <{link}> |" in pages[f"{rule.code}.md"]
        assert "gtfs-validator.mobilitydata.org/rules.html" not in rule.doc, rule.code
        assert f"Upstream rule: <{link}>" in rules_as([rule], "markdown")  # SARIF help.markdown, rules.md
    others = [rule for rule in rules.values() if rule.family != "gtfs"]
    assert all("| Upstream rule |" not in pages[f"{rule.code}.md"] for rule in others)


def test_cli_writes_the_pages_and_removes_only_stale_generated_ones(tmp_path: Path) -> None:
    stale = tmp_path / "a_rule_that_was_removed.md"
    stale.write_text(GENERATED + "\n\n# old\n", encoding="utf-8")
    older = tmp_path / "another_removed_rule.md"  # written by a version whose marker named docs/rules
    older.write_text(
        "<!-- Generated from the rule's docstring by `citylint rules ... docs/rules`. -->\n", "utf-8"
    )
    own = tmp_path / "notes.md"
    own.write_text("# my notes\n", encoding="utf-8")
    code, _, err = run_cli("rules", "--format", "markdown", "--output-dir", str(tmp_path))
    assert code == 0
    assert not stale.exists() and not older.exists() and own.exists()
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md") if p.name != "notes.md"}
    assert written == rule_pages(load_registry().rules.values())
    assert f"wrote {len(written)} pages" in err


def test_output_dir_needs_markdown(tmp_path: Path) -> None:
    code, _, err = run_cli("rules", "--format", "json", "--output-dir", str(tmp_path))
    assert code == 2
    assert "use it with --format markdown" in err and "Traceback" not in err


def test_rule_pages_are_not_committed_and_the_publishing_job_generates_them() -> None:
    """Adding a rule touches no generated document; the pages helpUri links to are published by one job that
    runs the documented command."""
    assert not (ROOT / "docs" / "rules").exists() or not any((ROOT / "docs" / "rules").glob("*.md"))
    assert not (ROOT / "docs" / "rules.md").exists()
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    commands = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any("citylint rules --format markdown --output-dir site/rules" in c for c in commands)
    assert DOCS_BASE_URL.endswith("/rules/")
