"""Rule documentation in text, JSON and Markdown, generated from the rules' docstrings (so it cannot
drift)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path

from citylint.i18n import SOURCE_LANG, rule_title
from citylint.model import Rule

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def project_urls(pyproject: Path = PYPROJECT, distribution: str = "citylint") -> dict[str, str]:
    """Where the project is published, ``[project.urls]`` of pyproject.toml (``Repository``: its source;
    ``Documentation``: its site, where the rule pages are published), the one place to change when the project
    moves. Read from pyproject.toml in a source checkout (an editable install's metadata is as old as its last
    ``pip install``), else from the installed package's ``Project-URL`` entries; {} when neither has them."""
    if pyproject.is_file():
        import tomllib

        with contextlib.suppress(OSError, tomllib.TOMLDecodeError):
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
            if project.get("name") == distribution:
                return {str(k): str(v) for k, v in project.get("urls", {}).items()}
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries = metadata(distribution).get_all("Project-URL") or []
    except PackageNotFoundError:
        entries = []
    return project_urls_of(entries)


def project_urls_of(entries: Iterable[str]) -> dict[str, str]:
    """Core metadata's ``Project-URL: label, url`` entries as {label: url}."""
    urls = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        urls[label.strip()] = url.strip()
    return urls


# The pages are not committed: they are generated from the rule classes (`citylint rules --format markdown
# --output-dir DIR`) and published with the project's site by .github/workflows/rule-pages.yml (GitHub Pages,
# Jekyll turns rules/<code>.md into rules/<code>.html); DEVELOPERS.md, "Rule documentation".
_URLS = project_urls()
PROJECT_URL = _URLS.get("Repository", "").rstrip("/")
DOCS_SITE_URL = _URLS.get("Documentation", "").rstrip("/") + "/"
DOCS_BASE_URL = f"{DOCS_SITE_URL}rules/"


def rule_page_url(code: str) -> str:
    """The rule's published documentation page (SARIF ``helpUri``, EARL test IRIs, report links)."""
    return f"{DOCS_BASE_URL}{code}.html"


def source_url(rule: Rule) -> str:
    """The rule's source file in the repository (the module that defines it); "" when it is not citylint's."""
    if not rule.source.startswith("citylint."):
        return ""
    return f"{PROJECT_URL}/blob/main/{rule.source.replace('.', '/')}.py"


def source_path(rule: Rule) -> str:
    """The rule's source file, relative to the repository (``citylint/validators/gtfs/families/fares.py``)."""
    return rule.source.replace(".", "/") + ".py" if rule.source else ""


def rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "severity": rule.severity.value,
        "family": rule.family,
        "summary": rule.summary,
        "description": rule.description,
        "spec": rule.spec,
        "eifLayer": rule.layer.value,
        "lockinKind": rule.lockin.value if rule.lockin else None,
        "upstream": rule.upstream or None,
        "source": source_path(rule) or None,
    }


def rule_markdown(rule: Rule) -> str:
    body = rule.description.replace("\n## ", "\n#### ")
    if body.startswith("## "):
        body = "#### " + body[3:]
    return (
        f"### `{rule.code}`\n\n**{rule.severity.value}** · family `{rule.family}` · EIF layer "
        f"{rule.layer.value}{' · lock-in: ' + rule.lockin.value if rule.lockin else ''}\n\n"
        f"{rule.summary}\n\n{body}\n"
        + (f"\nSpecification: <{rule.spec}>\n" if rule.spec else "")
        + (f"\nUpstream rule: <{rule.upstream}>\n" if rule.upstream else "")
    )


def rules_as(rules: Iterable[Rule], fmt: str, lang: str = SOURCE_LANG) -> str:
    """The rules in ``fmt``; ``lang`` translates the titles of the text listing (json and markdown are the
    English reference documentation)."""
    ordered = sorted(rules, key=lambda r: (r.family, r.code))
    if fmt == "json":
        return json.dumps([rule_dict(r) for r in ordered], indent=2) + "\n"
    if fmt == "markdown":
        return "# citylint rules\n\n" + "\n".join(rule_markdown(r) for r in ordered)
    width = max((len(r.code) for r in ordered), default=10)
    return "".join(
        f"{r.code:<{width}}  {r.severity.value:<7}  {r.family:<6}  {rule_title(r, lang)}\n" for r in ordered
    )


# The first line of every generated page: how to regenerate it, and how ``write_rule_pages`` knows which files
# it may replace or remove.
GENERATED = (
    "<!-- Generated from the rule's docstring by `citylint rules --format markdown --output-dir DIR`. -->"
)
GENERATED_PREFIX = (
    "<!-- Generated from the rule's docstring"  # also the marker of pages written by older versions
)
INDEX_PAGE = "README.md"


def rule_page(rule: Rule) -> str:
    """One rule's page: what it finds, its metadata, then its documented sections (why, example,
    reference)."""
    lockin = f"`{rule.lockin.value}`" if rule.lockin else "—"
    spec = f"<{rule.spec}>" if rule.spec else "—"
    upstream = f"| Upstream rule | <{rule.upstream}> |\n" if rule.upstream else ""
    url = source_url(rule)
    source = f"[`{source_path(rule)}`]({url})" if url else (f"`{rule.source}`" if rule.source else "—")
    return (
        f"{GENERATED}\n\n# `{rule.code}`\n\n{rule.summary}\n\n"
        f"| | |\n|---|---|\n| Code | `{rule.code}` |\n| Severity | {rule.severity.value} |\n"
        f"| Family | `{rule.family}` |\n| EIF layer | {rule.layer.value} |\n| Lock-in kind | {lockin} |\n"
        f"| Specification | {spec} |\n{upstream}| Source | {source} |\n\n{rule.description}\n\n"
        f"[All rules]({INDEX_PAGE})\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_index(rules: Iterable[Rule]) -> str:
    ordered = sorted(rules, key=lambda r: (r.family, r.code))
    lines = [GENERATED, "", "# citylint rules", "", f"{len(ordered)} rules, one page each.", ""]
    for family in sorted({r.family for r in ordered}):
        lines += [
            f"## Family `{family}`",
            "",
            "| Code | Severity | EIF layer | Lock-in | What it finds |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| [`{r.code}`]({r.code}.md) | {r.severity.value} | {r.layer.value} | "
            f"{r.lockin.value if r.lockin else ''} | {_cell(r.summary)} |"
            for r in ordered
            if r.family == family
        ]
        lines.append("")
    return "\n".join(lines)


def rule_pages(rules: Iterable[Rule]) -> dict[str, str]:
    """File name → content of every rule page: one per rule and the index (README.md)."""
    listed = list(rules)
    return {INDEX_PAGE: rules_index(listed), **{f"{r.code}.md": rule_page(r) for r in listed}}


def write_rule_pages(rules: Iterable[Rule], folder: Path) -> list[str]:
    """Write the pages into ``folder`` and remove generated pages of rules that no longer exist (files without
    the generated marker are left alone). Returns the names written."""
    pages = rule_pages(rules)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.md"):
        if stale.name not in pages and stale.read_text(encoding="utf-8").startswith(GENERATED_PREFIX):
            stale.unlink()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(pages)
