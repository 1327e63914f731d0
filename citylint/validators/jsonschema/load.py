"""Hostile-safe JSON loading: bytes in, a value and the problems found out, never an exception.

Python's ``json`` accepts what JSON does not (``NaN``, ``Infinity``), keeps the last of duplicate keys without
a word, raises ``RecursionError`` on deep nesting and ``ValueError`` on integers of more than 4,300 digits.
Here each of these becomes a finding with its position: the parser's line and column, or the JSON pointer of
the value, found by one iterative walk over the parsed document (so no check recurses on the document's
depth).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from citylint.rules import RuleType
from citylint.validators.jsonschema.rules import (
    JsonDuplicateKey,
    JsonInvalidUtf8,
    JsonNumberOutOfRange,
    JsonSyntaxError,
    JsonTooDeep,
)

# Deeper than any real document (GeoJSON multipolygons nest about eight levels) and shallow enough that the
# schema validator, which recurses a few frames per level, stays far from Python's recursion limit.
MAX_DEPTH = 128
SAFE_INTEGER = 2**53
NUMBER_SHOWN = 40  # characters of an out-of-range number quoted in the finding


class _Object(dict[str, Any]):
    """A JSON object that remembers the names it had more than once."""

    duplicates: dict[str, int]


class _UnsafeInt(int):
    """An integer beyond ±2^53 (exact in Python, not in a double)."""


class _UnsafeFloat(float):
    """A number that a double cannot hold (it overflowed to infinity, or had too many digits to convert)."""

    text: str


class _NotJson(float):
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python's parser, not JSON."""

    text: str


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object(pairs)
    if len(out) != len(pairs):
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        out.duplicates = {k: n for k, n in counts.items() if n > 1}
    return out


def _int(text: str) -> int:
    if len(text) < 16:
        return int(text)
    if len(text) > 4000:  # Python refuses to convert more than 4,300 digits: keep the magnitude as a float
        big = _UnsafeFloat(float(text))
        big.text = text
        return big  # type: ignore[return-value]
    value = int(text)
    return _UnsafeInt(value) if abs(value) > SAFE_INTEGER else value


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        unsafe = _UnsafeFloat(value)
        unsafe.text = text
        return unsafe
    return value


def _constant(text: str) -> float:
    value = _NotJson(float(text))
    value.text = text
    return value


@dataclass
class LoadedJson:
    """A parsed document (``parsed`` False when it could not be read) and its problems as (rule, fields)."""

    value: Any = None
    parsed: bool = False
    too_deep: bool = False
    problems: list[tuple[RuleType, dict[str, Any]]] = field(default_factory=list)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def load_json(data: bytes, filename: str) -> LoadedJson:
    """Parse ``data`` as JSON (a UTF-8 byte-order mark is tolerated, as RFC 8259 §8.1 allows)."""
    out = LoadedJson()
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        line, column = _line_column(data, offset)
        out.problems.append(
            (
                JsonInvalidUtf8,
                {"filename": filename, "byteOffset": offset, "lineNumber": line, "columnNumber": column},
            )
        )
        return out
    try:
        out.value = json.loads(
            text, object_pairs_hook=_object, parse_int=_int, parse_float=_float, parse_constant=_constant
        )
    except json.JSONDecodeError as exc:
        out.problems.append(
            (
                JsonSyntaxError,
                {
                    "filename": filename,
                    "lineNumber": exc.lineno,
                    "columnNumber": exc.colno,
                    "where": f"line {exc.lineno}, column {exc.colno}",
                    "message": exc.msg,
                },
            )
        )
        return out
    except RecursionError:
        out.too_deep = True
        out.problems.append((JsonTooDeep, {"filename": filename, "maxDepth": MAX_DEPTH}))
        return out
    out.parsed = True
    _walk(out, filename)
    return out


def escape(key: str) -> str:
    """One JSON pointer reference token (RFC 6901 §3)."""
    return key.replace("~", "~0").replace("/", "~1")


def pointer(tokens: tuple[Any, ...]) -> str:
    return "".join("/" + escape(str(t)) for t in tokens)


def _walk(out: LoadedJson, filename: str) -> None:
    """One pass over the document: depth, duplicate keys and numbers other parsers read differently."""
    for node, path, depth in iterate(out.value):
        if depth > MAX_DEPTH:
            out.too_deep = True
            out.problems.append((JsonTooDeep, {"filename": filename, "maxDepth": MAX_DEPTH}))
            return
        if isinstance(node, _Object) and hasattr(node, "duplicates"):
            for key, count in node.duplicates.items():
                out.problems.append(
                    (
                        JsonDuplicateKey,
                        {
                            "filename": filename,
                            "jsonPointer": pointer((*path, key)),
                            "key": key,
                            "count": count,
                        },
                    )
                )
        elif isinstance(node, _NotJson):
            out.problems.append(
                (
                    JsonSyntaxError,
                    {
                        "filename": filename,
                        "jsonPointer": pointer(path),
                        "where": pointer(path) or "(root)",
                        "message": f"{node.text} is not a JSON number",
                    },
                )
            )
        elif isinstance(node, _UnsafeInt | _UnsafeFloat):
            text = getattr(node, "text", None) or str(int(node))
            shown = (
                text if len(text) <= NUMBER_SHOWN else f"{text[:NUMBER_SHOWN]}... ({len(text)} characters)"
            )
            out.problems.append(
                (JsonNumberOutOfRange, {"filename": filename, "jsonPointer": pointer(path), "number": shown})
            )


def iterate(value: Any) -> Iterator[tuple[Any, tuple[Any, ...], int]]:
    """Every value of a document with its path and depth, without recursion (depth-first, document order)."""
    stack: list[tuple[Any, tuple[Any, ...], int]] = [(value, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        yield node, path, depth
        if isinstance(node, dict):
            stack.extend((v, (*path, k), depth + 1) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((v, (*path, i), depth + 1) for i, v in reversed(list(enumerate(node))))
