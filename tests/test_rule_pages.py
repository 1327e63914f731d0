"""docs/rules/: one page per rule and an index, generated from the docstrings, committed, and kept current."""

from __future__ import annotations

from pathlib import Path

from citylint.registry import load_registry
from citylint.rules_doc import GENERATED, INDEX_PAGE, rule_page_url, rule_pages
from tests.conftest import ROOT, run_cli

PAGES = ROOT / "docs" / "rules"
REGENERATE = "run `citylint rules --format markdown --output-dir docs/rules`"


def test_committed_rule_pages_are_current() -> None:
    expected = rule_pages(load_registry(plugins=False).rules.values())
    committed = {p.name: p.read_text(encoding="utf-8") for p in PAGES.glob("*.md")}
    assert sorted(committed) == sorted(expected), (
        f"docs/rules/ lists other pages than the rules: {REGENERATE}"
    )
    stale = sorted(name for name, text in expected.items() if committed[name] != text)
    assert stale == [], f"stale pages {stale[:5]}: {REGENERATE}"


def test_every_rule_page_has_its_sections_and_metadata() -> None:
    rules = load_registry(plugins=False).rules
    pages = rule_pages(rules.values())
    for code, rule in rules.items():
        page = pages[f"{code}.md"]
        assert page.startswith(GENERATED + f"\n\n# `{code}`\n\n{rule.summary}\n")
        assert "## Why it matters" in page and "## Reference" in page, code
        assert (
            f"| Severity | {rule.severity.value} |" in page and f"| EIF layer | {rule.layer.value} |" in page
        )
        assert f"[`{code}`]({code}.md)" in pages[INDEX_PAGE]
        assert rule_page_url(code).endswith(f"docs/rules/{code}.md")


def test_cli_writes_the_pages_and_removes_only_stale_generated_ones(tmp_path: Path) -> None:
    stale = tmp_path / "a_rule_that_was_removed.md"
    stale.write_text(GENERATED + "\n\n# old\n", encoding="utf-8")
    own = tmp_path / "notes.md"
    own.write_text("# my notes\n", encoding="utf-8")
    code, _, err = run_cli("rules", "--format", "markdown", "--output-dir", str(tmp_path))
    assert code == 0
    assert not stale.exists() and own.exists()
    written = {p.name for p in tmp_path.glob("*.md")} - {"notes.md"}
    assert written == {p.name for p in PAGES.glob("*.md")}
    assert (tmp_path / "invalid_url.md").read_text(encoding="utf-8") == (PAGES / "invalid_url.md").read_text(
        encoding="utf-8"
    )
    assert f"wrote {len(written)} pages" in err


def test_output_dir_needs_markdown(tmp_path: Path) -> None:
    code, _, err = run_cli("rules", "--format", "json", "--output-dir", str(tmp_path))
    assert code == 2
    assert "use it with --format markdown" in err and "Traceback" not in err
