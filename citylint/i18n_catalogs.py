"""The maintainer's side of translations: build each domain's template from the code, merge it into the
catalogues.

Rule domains (``rules-<family>``) come from the registry: per rule, its title (``Rule.summary``) and its
message template, both with the rule code as message context and their role ("title" / "message") as an
extracted comment. Other domains come from the source: every ``translate("...", ...)`` /
``translate_plural("...", "...", ...)`` / ``N_("...")`` call with literal text, in the domain its ``domain=``
argument names (``ui`` when it names none); and every ``_("...")`` of a Jinja template (``*.j2``), in the
domain its ``{# i18n domain: NAME #}`` comment names.

Merging keeps every existing translation. When a rule's text changes, its old translation is carried over
marked fuzzy (matched by rule code and role, never by resemblance to another rule's text, which would hand a
new rule a neighbour's words); a new rule's entries start with an empty msgstr. Text that no longer exists is
dropped: git keeps it.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po
from jinja2.ext import babel_extract

from citylint import __version__
from citylint.model import Rule

PACKAGE = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE / "locale"
TARGET_LANGS = ("fr",)
_CALLS = {"translate": 1, "translate_plural": 2, "N_": 1}  # function name -> how many leading literal msgids
_WIDTH = 110


def _new_catalog(domain: str, lang: str | None = None) -> Catalog:
    return Catalog(
        locale=lang,
        domain=domain,
        project="citylint",
        version=__version__,
        fuzzy=False,
        last_translator="citylint contributors",
        language_team=f"{lang} <citylint contributors>",
        header_comment=f"# Translations of citylint, domain {domain}. Update with `citylint i18n extract`.",
    )


def rule_templates(rules: Iterable[Rule]) -> dict[str, Catalog]:
    """One template per family: ``rules-<family>``."""
    templates: dict[str, Catalog] = {}
    for rule in sorted(rules, key=lambda r: (r.family, r.code)):
        domain = f"rules-{rule.family}"
        template = templates.setdefault(domain, _new_catalog(domain))
        template.add(rule.summary, context=rule.code, auto_comments=["title"])
        template.add(rule.message, context=rule.code, auto_comments=["message"])
    return templates


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def source_templates(package: Path = PACKAGE) -> dict[str, Catalog]:
    """Templates of the non-rule domains, from the translatable literals in the package's Python sources."""
    templates: dict[str, Catalog] = {}
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            wanted = _CALLS.get(name or "")
            if not wanted or len(node.args) < wanted:
                continue
            ids = [text for text in (_literal(a) for a in node.args[:wanted]) if text is not None]
            if len(ids) < wanted:
                continue  # a variable: its literal is marked with N_ where it is written
            keywords = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
            domain = keywords.get("domain") or "ui"
            where = (source.relative_to(package.parent).as_posix(), node.lineno)
            msgid: str | tuple[str, str] = ids[0] if wanted == 1 else (ids[0], ids[1])
            _add(templates, domain, msgid, keywords.get("context"), where)
    for source in sorted(package.rglob("*.j2")):
        domain, messages = _jinja_messages(source)
        for lineno, text in messages:
            _add(templates, domain, text, None, (source.relative_to(package.parent).as_posix(), lineno))
    return templates


def _add(
    templates: dict[str, Catalog],
    domain: str,
    msgid: str | tuple[str, str],
    context: str | None,
    where: tuple[str, int],
) -> None:
    template = templates.setdefault(domain, _new_catalog(domain))
    existing = template.get(msgid, context=context)
    if existing is not None:
        existing.locations.append(where)
    else:
        template.add(msgid, context=context, locations=[where])


# A Jinja template names its domain in a comment: {# i18n domain: html #}; its texts are the _("...") calls.
_TEMPLATE_DOMAIN = re.compile(r"\{#\s*i18n domain:\s*([\w-]+)")


def _jinja_messages(source: Path) -> tuple[str, list[tuple[int, str]]]:
    found = _TEMPLATE_DOMAIN.search(source.read_text(encoding="utf-8"))
    with source.open("rb") as handle:
        messages = [
            (lineno, text)
            for lineno, _, text, _ in babel_extract(handle, ("_",), (), {"silent": "false"})
            if isinstance(text, str)
        ]
    return (found.group(1) if found else "ui"), messages


def _role(message: Message) -> frozenset[str]:
    return frozenset(message.auto_comments)


def merge(existing: Catalog | None, template: Catalog, lang: str) -> Catalog:
    """``template``'s entries with ``existing``'s translations (see the module docstring for the rules)."""
    catalog = existing if existing is not None else _new_catalog(template.domain or "", lang)
    by_rule = template.domain is not None and template.domain.startswith("rules-")
    earlier = {
        (m.id if isinstance(m.id, str) else m.id[0], m.context): m.previous_id for m in catalog if m.fuzzy
    }
    catalog.update(template, no_fuzzy_matching=by_rule, update_creation_date=False)
    for message in catalog:  # update() keeps a still-fuzzy entry's flag but not the text it was made from
        if message.fuzzy and not message.previous_id:
            key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
            message.previous_id = earlier.get(key) or []
    if by_rule:
        # Carry a changed rule text's translation over, fuzzy, from the entry of the same rule and role.
        old = {(m.context, _role(m)): m for m in catalog.obsolete.values() if m.string}
        for message in catalog:
            if not message.id or message.string:
                continue
            previous = old.get((message.context, _role(message)))
            if previous is not None:
                message.string = previous.string
                message.flags.add("fuzzy")
                message.previous_id = [previous.id] if isinstance(previous.id, str) else list(previous.id)
    catalog.obsolete.clear()
    return catalog


def render_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=_WIDTH, ignore_obsolete=True, include_previous=True, include_lineno=False
    )  # line numbers would make every edit above a string churn the catalogue
    return buffer.getvalue()


def _previous_ids(message: Message) -> None:
    """Babel writes a fuzzy entry's former msgid as ``#| msgid "..."`` but reads it back as a user comment ``|
    msgid "..."``: turn it back into ``previous_id`` (kept while the entry is fuzzy), so it neither piles up
    nor outlives the review."""
    previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    ids: list[str] = []
    for line in previous:
        keyword, _, quoted = line.partition(" ") if not line.startswith('"') else ("", "", line)
        if keyword in ("msgid", "msgid_plural"):
            ids.append("")
        if ids and quoted.startswith('"'):
            ids[-1] += unescape(quoted)
    message.previous_id = ids if message.fuzzy else []


def read_catalog(path: Path, lang: str, domain: str) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    for message in catalog:
        _previous_ids(message)
    return catalog


@dataclass
class Outcome:
    """What an extraction changed (or, when checking, would change)."""

    written: list[Path] = field(default_factory=list)
    untranslated: dict[Path, int] = field(default_factory=dict)  # entries with no usable (non-fuzzy) msgstr


def _untranslated(catalog: Catalog) -> int:
    def done(m: Message) -> bool:
        strings = m.string if isinstance(m.string, (tuple, list)) else [m.string]
        return not m.fuzzy and all(strings)

    return sum(1 for m in catalog if m.id and not done(m))


_BOOKKEEPING = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Project-Id-Version:', b'"Generated-By:')


def _content(po: bytes) -> bytes:
    """The catalogue without the header lines that change with the day or the tool's version, not the text."""
    return b"\n".join(line for line in po.split(b"\n") if not line.startswith(_BOOKKEEPING))


def extract(
    rules: Iterable[Rule],
    *,
    locale_dir: Path = LOCALE_DIR,
    langs: Iterable[str] = TARGET_LANGS,
    package: Path = PACKAGE,
    write: bool = True,
) -> Outcome:
    """Bring every catalogue of ``langs`` up to date with the rules and sources; ``write=False`` only reports
    which files are out of date."""
    templates = {**source_templates(package), **rule_templates(rules)}
    outcome = Outcome()
    now = dt.datetime.now(dt.UTC)
    for lang in langs:
        for domain, template in sorted(templates.items()):
            path = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
            before = path.read_bytes() if path.is_file() else b""
            catalog = merge(read_catalog(path, lang, domain), template, lang)
            after = render_po(catalog)
            if _content(after) != _content(before):
                catalog.revision_date = now
                catalog.version = __version__
                after = render_po(catalog)
                outcome.written.append(path)
                if write:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(after)
            missing = _untranslated(catalog)
            if missing:
                outcome.untranslated[path] = missing
    return outcome
