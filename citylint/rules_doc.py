"""Rule documentation in text, JSON and Markdown, generated from the rules' docstrings (so it cannot drift)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from citylint.model import Rule


def rule_dict(rule: Rule) -> dict[str, object]:
    return {"code": rule.code, "severity": rule.severity.value, "family": rule.family, "summary": rule.summary,
            "description": rule.description, "spec": rule.spec, "eifLayer": rule.layer.value,
            "lockinKind": rule.lockin.value if rule.lockin else None}


def rule_markdown(rule: Rule) -> str:
    body = rule.description.replace("\n## ", "\n#### ")
    if body.startswith("## "):
        body = "#### " + body[3:]
    return (f"### `{rule.code}`\n\n**{rule.severity.value}** · family `{rule.family}` · EIF layer "
            f"{rule.layer.value}{' · lock-in: ' + rule.lockin.value if rule.lockin else ''}\n\n"
            f"{rule.summary}\n\n{body}\n" + (f"\nSpecification: <{rule.spec}>\n" if rule.spec else ""))


def rules_as(rules: Iterable[Rule], fmt: str) -> str:
    ordered = sorted(rules, key=lambda r: (r.family, r.code))
    if fmt == "json":
        return json.dumps([rule_dict(r) for r in ordered], indent=2) + "\n"
    if fmt == "markdown":
        return "# citylint rules\n\n" + "\n".join(rule_markdown(r) for r in ordered)
    width = max((len(r.code) for r in ordered), default=10)
    return "".join(f"{r.code:<{width}}  {r.severity.value:<7}  {r.family:<6}  {r.summary}\n" for r in ordered)


# Where the generated rule pages (docs/rules/<code>.md) are published; SARIF's helpUri and the HTML report link
# there. One constant, so that every output agrees.
RULE_DOCS_BASE_URL = "https://github.com/citylint/citylint/blob/main/docs/rules/"


def rule_page_url(code: str) -> str:
    return f"{RULE_DOCS_BASE_URL}{code}.md"
