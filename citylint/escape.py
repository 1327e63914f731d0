"""Data-derived text escaped for the program that reads it (docs/security.md, "Escaping").

Findings quote the data: file and member names, values, identifiers, messages of parsers. Each output escapes
that text for its consumer, so that data can never act as the consumer's syntax:

- a terminal or a CI log (:func:`visible`): control characters, escape sequences (window title, OSC 52
  clipboard writes, cursor moves), carriage returns, line and paragraph separators and bidirectional overrides
  become visible escapes (``\\x1b``, ``\\u202e``), so a value cannot rewrite what is on the screen or start a
  line of its own;
- GitHub Actions (:func:`neutral_lines`, and :mod:`citylint.github` for citylint's own workflow commands): no
  line written to stdout or stderr starts, after leading white space, with ``::`` unless citylint built it,
  and no line holds the legacy ``##[`` prefix (the runner parses both: actions/runner
  src/Runner.Common/ActionCommand.cs, ``TryParseV2`` trims leading space, ``TryParse`` finds ``##[``
  anywhere);
- Markdown (:func:`markdown_text`): no @mention, image, link, autolink, HTML, heading or table break from
  data;
- XML 1.0 (:func:`xml_text`): characters XML 1.0 forbids are written as visible escapes instead;
- URIs (:func:`uri_path`): percent-encoded.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 controls but tab, DEL, C1 controls, line / paragraph separators, bidirectional embeddings and isolates,
# BOM
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# What XML 1.0 forbids: C0 controls but tab, newline and carriage return; surrogates; U+FFFE and U+FFFF
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COMMAND_START = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
_LEGACY_COMMAND = "##["


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """``text`` with every control or invisible formatting character written as a visible escape."""
    return _INVISIBLE.sub(_escaped, text) if _INVISIBLE.search(text) else text


def neutral_lines(text: str) -> str:
    """Output for stdout / stderr: a line that would read as a workflow command gets its first colon escaped
    (``\\x3a:``), and the legacy ``##[`` prefix is broken by a zero-width space. citylint's own workflow
    commands are written apart, by :mod:`citylint.github`, never through this."""
    if "::" in text:
        text = _COMMAND_START.sub(lambda m: m.group(1) + "\\x3a", text)
    # a zero-width space: valid inside every format's strings (JSON, XML), where a backslash would not be
    return text.replace(_LEGACY_COMMAND, "#\u200b#[") if _LEGACY_COMMAND in text else text


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (written as visible escapes: the reader still sees
    that the data held one)."""
    return _XML_FORBIDDEN.sub(_escaped, text) if _XML_FORBIDDEN.search(text) else text


# Inline Markdown syntax: with "[" and "]" escaped no link or image can form, so "(", ")" and "!" stay as
# written
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~<>])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)(:|\.)")


def markdown_text(text: str) -> str:
    """Plain text inside a Markdown line, list item or table cell: one line (control characters visible, white
    space runs folded), Markdown punctuation backslash-escaped (no link, image, code span, emphasis, heading,
    HTML, or table cell break), and no @mention, #reference or autolink (a zero-width joiner after ``@`` and
    inside ``http:`` / ``www.``, which GitHub then leaves as text)."""
    out = " ".join(visible(text.replace("\n", " ").replace("\r", " ")).split())
    out = out.replace("&", "&amp;")
    out = _MARKDOWN_SPECIAL.sub(r"\\\1", out)
    out = _MENTION.sub("@\u200d", out)
    return _AUTOLINK.sub(lambda m: m.group(1) + "\u200d" + m.group(2), out)


def uri_path(text: str) -> str:
    """A relative URI reference for a path: every character outside RFC 3986's unreserved set and ``/``
    percent-encoded (UTF-8)."""
    return quote(text, safe="/", errors="surrogateescape")
