"""``json.dumps(value, indent=2, ensure_ascii=False, default=str)``, byte for byte, at a fraction of its cost.

With an indent the standard library encodes in pure Python: a chain of generators, one resumed per value and
per enclosing container for every chunk it yields. A report with ~10,000 findings (an RDF check's samples)
spent 2.3 s there under the profiler, more than the SHACL engine's own evaluation (issue 22). Here the
containers are walked by plain recursive functions that append to one list, and every container that holds no
other container (a finding's location, a sample's fields, a list of strings) is encoded by the C encoder of
the standard library in one call, with an item separator that carries the indentation of its level; its
braces are then laid out as the indented encoder lays them out. The rules are the standard library's
(``json/encoder.py``, ``_make_iterencode``): the same order of type tests, the same key coercion (``str``,
``float``, ``True``/``False``/``None``, ``int``), ``float.__repr__`` with ``NaN``/``Infinity``, ``str()`` of
anything else. Where the C encoder is missing, or a structure is circular or too deep, ``json.dumps`` itself
runs (and raises what it raises).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from json import encoder as _std
from typing import Any

_INDENT = "  "
_encode_str: Callable[[str], str] = _std.encode_basestring
_int_repr = int.__repr__
_float_repr = float.__repr__
_INF = float("inf")
_flat_by_level: dict[int, Callable[[Any, int], Any]] = {}
# the standard library's C encoder (``_json.make_encoder``), None where _json is missing
_make_encoder: Callable[..., Callable[[Any, int], Any]] | None = getattr(_std, "c_make_encoder", None)


def dumps(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=str)``."""
    if _make_encoder is None:  # pragma: no cover - CPython always has _json
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    out: list[str] = []
    try:
        _value(value, 0, out)
    except RecursionError:  # circular (or absurdly deep): the standard encoder's own error or result
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return "".join(out)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return _float_repr(value)


def _flat(level: int) -> Callable[[Any, int], Any]:
    """The C encoder whose items are separated by a line break and the indentation of ``level``."""
    encode = _flat_by_level.get(level)
    if encode is None:
        make = _make_encoder
        assert make is not None
        # (markers, default, encoder, indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan):
        # no indent, so that the C code lays every item out with the separators given here
        encode = make(None, str, _encode_str, None, ": ", ",\n" + _INDENT * level, False, False, True)
        _flat_by_level[level] = encode
    return encode


def _value(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(_int_repr(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        _list(value, level, out)
    elif isinstance(value, dict):
        _dict(value, level, out)
    else:
        _value(str(value), level, out)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int_repr(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _list(items: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    if not items:
        out.append("[]")
        return
    inner = level + 1
    newline = "\n" + _INDENT * inner
    if not any(isinstance(item, (list, tuple, dict)) for item in items):
        text = "".join(_flat(inner)(items, 0))  # "[a,\n<indent>b]"
        out.append("[" + newline + text[1:-1] + "\n" + _INDENT * level + "]")
        return
    out.append("[" + newline)
    separator = "," + newline
    first = True
    for item in items:
        if first:
            first = False
        else:
            out.append(separator)
        _value(item, inner, out)
    out.append("\n" + _INDENT * level + "]")


def _dict(mapping: dict[Any, Any], level: int, out: list[str]) -> None:
    if not mapping:
        out.append("{}")
        return
    inner = level + 1
    newline = "\n" + _INDENT * inner
    if not any(isinstance(item, (list, tuple, dict)) for item in mapping.values()):
        text = "".join(_flat(inner)(mapping, 0))  # '{"k": v,\n<indent>"k2": v2}'
        out.append("{" + newline + text[1:-1] + "\n" + _INDENT * level + "}")
        return
    out.append("{" + newline)
    separator = "," + newline
    first = True
    for key, item in mapping.items():
        if first:
            first = False
        else:
            out.append(separator)
        out.append(_encode_str(_key(key)))
        out.append(": ")
        _value(item, inner, out)
    out.append("\n" + _INDENT * level + "}")
