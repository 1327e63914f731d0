"""The small Markdown subset rule docstrings use (headings, paragraphs, lists, code blocks, inline code,
links), turned into escaped HTML for the HTML report. Every piece of text is escaped before any tag is added.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_INLINE = re.compile(
    r"`([^`]+)`|<(https?://[^>\s]+)>|\[([^\]]+)\]\((https?://[^)\s]+)\)|(https?://[^\s<>()]+)"
)


def _inline(text: str) -> str:
    """One line of Markdown: code spans and links, the rest escaped."""
    out: list[str] = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        code, angle, label, target, bare = match.groups()
        if code is not None:
            out.append(f"<code>{escape(code)}</code>")
        else:
            url = angle or target or bare
            out.append(f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(label or url)}</a>')
        last = match.end()
    out.append(str(escape(text[last:])))
    return "".join(out)


def _block(lines: list[str]) -> str:
    first = lines[0]
    if first.startswith("#"):
        level = min(len(first) - len(first.lstrip("#")) + 2, 6)  # "## Why" inside a rule section is an h4
        return f"<h{level}>{_inline(first.lstrip('#').strip())}</h{level}>"
    if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
        items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(line.startswith("    ") for line in lines):
        return "<pre><code>" + str(escape("\n".join(line[4:] for line in lines))) + "</code></pre>"
    return "<p>" + _inline(" ".join(line.strip() for line in lines)) + "</p>"


def markdown_html(text: str) -> Markup:
    """``text`` (Markdown) as HTML; anything not in the subset stays readable as a paragraph."""
    blocks: list[str] = []
    current: list[str] = []
    fence: list[str] | None = None
    for line in text.splitlines():
        if fence is not None:
            if line.strip().startswith("```"):
                blocks.append("<pre><code>" + str(escape("\n".join(fence))) + "</code></pre>")
                fence = None
            else:
                fence.append(line)
            continue
        if line.strip().startswith("```"):
            if current:
                blocks.append(_block(current))
                current = []
            fence = []
        elif not line.strip():
            if current:
                blocks.append(_block(current))
                current = []
        elif line.startswith("#"):  # a heading ends the block before it and stands alone
            if current:
                blocks.append(_block(current))
                current = []
            blocks.append(_block([line]))
        else:
            current.append(line)
    if fence is not None:
        blocks.append("<pre><code>" + str(escape("\n".join(fence))) + "</code></pre>")
    if current:
        blocks.append(_block(current))
    return Markup("\n".join(blocks))


def inline_html(text: str) -> Markup:
    """A one-line text with Markdown code spans and links (rule titles), as escaped HTML."""
    return Markup(_inline(text))
