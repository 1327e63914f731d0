"""citylint's own input formats (baselines, JSON reports given to ``diff`` / ``--compare``) read with limits
and checked against a schema, so that a tampered or truncated one is exit 2 with one line, never a traceback.

Limits (docs/security.md): a regular file of at most ``MAX_BYTES``, UTF-8, JSON nested at most ``MAX_DEPTH``
levels (citylint's own files nest 6), then the schema of what the reader uses. Profiles (YAML) get the same
size and depth limits in :mod:`citylint.profiles.loader`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from citylint import readpolicy

MAX_BYTES = 512 * 1024 * 1024  # a JSON report of a big feed at --max-samples 1000 is ~100 MB
MAX_DEPTH = 64


class OwnFormatError(Exception):
    """A file of citylint's own format cannot be used; the message is one line."""


_ANY_OBJECT: dict[str, Any] = {"type": "object"}
_NOTICE: dict[str, Any] = {
    "type": "object",
    "required": ["code", "totalNotices"],
    "properties": {
        "code": {"type": "string"},
        "severity": {"type": "string"},
        "totalNotices": {"type": "integer", "minimum": 0},
        "sampleNotices": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "citylint": {
                        "type": "object",
                        "properties": {"fingerprint": {"type": "string"}, "message": {"type": "string"}},
                    }
                },
            },
        },
    },
}
_REPORT: dict[str, Any] = {
    "type": "object",
    "required": ["notices"],
    "properties": {
        "notices": {"type": "array", "items": _NOTICE},
        "summary": {"type": "object", "properties": {"input": {"type": "string"}}},
        "rulesChecked": {"type": "array", "items": {"type": "string"}},
    },
}
REPORT_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {
            "type": "object",
            "required": ["reports"],
            "properties": {"reports": {"type": "array", "items": _REPORT}},
        },
        {**_REPORT, "not": {"required": ["reports"]}},
    ]
}
BASELINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["citylintBaseline", "inputs"],
    "properties": {
        "inputs": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer", "minimum": 0},
                },
            },
        }
    },
}


def depth(value: Any) -> int:
    """How deeply ``value`` nests lists and mappings, computed iteratively (no recursion on the data's depth)
    and once per shared container (YAML aliases share them: a "billion laughs" document is not expanded). A
    container that holds itself (a YAML alias cycle) counts as deeper than any limit."""
    height: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        item, children_done = stack.pop()
        if not isinstance(item, (dict, list)):
            continue
        key = id(item)
        children = list(item.values()) if isinstance(item, dict) else item
        if children_done:
            on_path.discard(key)
            height[key] = 1 + max(
                (height.get(id(c), 0) for c in children if isinstance(c, (dict, list))), default=0
            )
            if height[key] > MAX_DEPTH:
                return height[key]
            continue
        if key in height:
            continue
        if key in on_path:
            return MAX_DEPTH + 1  # a cycle
        on_path.add(key)
        stack.append((item, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)) and id(c) not in height)
    return height.get(id(value), 0)


def read_json(path: Path, what: str) -> Any:
    """The parsed JSON of ``path``, a file the user named: regular, capped, UTF-8, nested at most
    MAX_DEPTH."""
    if not path.exists():
        raise OwnFormatError(f"{path}: no such file")
    try:
        data = readpolicy.read_bytes(path, what, max_bytes=MAX_BYTES, within=[path.resolve().parent])
        body = json.loads(data.decode("utf-8-sig"))
    except readpolicy.ReadRefused as exc:
        raise OwnFormatError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise OwnFormatError(f"{path} is not a {what}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise OwnFormatError(
            f"{path} is not a {what}: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise OwnFormatError(f"{path} is not a {what}: JSON nested deeper than {MAX_DEPTH} levels") from None
    if depth(body) > MAX_DEPTH:
        raise OwnFormatError(f"{path} is not a {what}: JSON nested deeper than {MAX_DEPTH} levels")
    return body


def check(body: Any, schema: dict[str, Any], what: str, path: Path) -> None:
    """Refuse ``body`` unless it has the shape of ``schema``; the message names the first place that does
    not."""
    import jsonschema  # imported here: a run that reads no such file does not load it

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is not None:
        message = " ".join(error.message.split())
        message = message if len(message) <= 200 else message[:200] + "..."
        raise OwnFormatError(f"{path} is not a valid {what}: at {error.json_path}: {message}")
