"""Fingerprints of every row of a findings frame at once, equal to ``Finding.fingerprint`` of each row.

``Finding.fingerprint`` hashes ``json.dumps([code, file, field, focus node, path, pointer, stable fields],
sort_keys=True)``. Baselines need it for every finding, not only the samples, so the JSON text is built here
as polars string expressions for the column types whose JSON is plain (strings, integers, booleans, nulls) and
only the hashing runs per row in Python. Values whose JSON needs escapes beyond ``\\`` and ``"`` (non-ASCII,
control characters) are encoded by Python itself, row by row, so the result is exact; a frame with other
column types (floats, dates, lists) returns None and the caller takes the row-wise path.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import polars as pl

from citylint.model import POSITIONAL_FIELDS, fingerprint_of

_PLAIN_ASCII = r"^[\x20-\x7E]*$"
_INTEGER_TYPES = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)
# Location parts the collector turns into text (collector._location: ``str(value)``).
_TEXT_LOCATION_COLUMNS = ("focusNode", "resultPath", "jsonPointer")


def _encodable(dtype: pl.DataType) -> bool:
    return dtype in (pl.String, pl.Boolean, pl.Null) or dtype in _INTEGER_TYPES


def _json_string(expr: pl.Expr) -> pl.Expr:
    escaped = expr.str.replace_all("\\", "\\\\", literal=True).str.replace_all('"', '\\"', literal=True)
    return (
        pl.when(expr.is_null())
        .then(pl.lit("null"))
        .otherwise(pl.concat_str([pl.lit('"'), escaped, pl.lit('"')]))
    )


def _json_value(name: str, dtype: pl.DataType) -> pl.Expr:
    column = pl.col(name)
    if dtype == pl.String:
        return _json_string(column)
    if dtype == pl.Boolean:
        return (
            pl.when(column.is_null())
            .then(pl.lit("null"))
            .otherwise(pl.when(column).then(pl.lit("true")).otherwise(pl.lit("false")))
        )
    if dtype == pl.Null:
        return pl.lit("null")
    return column.cast(pl.String).fill_null("null")


def _text_part(frame: pl.DataFrame, name: str) -> pl.Expr | None:
    """A location part that the collector makes text of, as JSON; None when ``str(value)`` differs from
    polars' text of the type (booleans)."""
    dtype = frame.schema.get(name)
    if dtype is None or dtype == pl.Null:
        return pl.lit("null")
    if dtype == pl.Boolean:
        return None
    return _json_string(pl.col(name).cast(pl.String))


def frame_fingerprints(code: str, frame: pl.DataFrame, file: str | None) -> pl.Series | None:
    """``Finding.fingerprint`` of each row (the finding ``FindingSink`` makes of it), or None when the frame
    has a column type whose JSON text is not built here."""
    if not all(_encodable(dtype) for dtype in frame.schema.values()):
        return None
    stable = sorted(c for c in frame.columns if c not in POSITIONAL_FIELDS)
    if any(json.dumps(name) != f'"{name}"' for name in stable):  # a name that JSON escapes: rare, exact path
        return None
    schema = frame.schema
    file_part = (
        _json_value("filename", schema["filename"]) if "filename" in schema else pl.lit(json.dumps(file))
    )
    field_part = _json_value("fieldName", schema["fieldName"]) if "fieldName" in schema else pl.lit("null")
    parts: list[pl.Expr] = [pl.lit("[" + json.dumps(code) + ", "), file_part, pl.lit(", "), field_part]
    for name in _TEXT_LOCATION_COLUMNS:
        part = _text_part(frame, name)
        if part is None:
            return None
        parts += [pl.lit(", "), part]
    parts.append(pl.lit(", {"))
    for position, name in enumerate(stable):
        parts += [pl.lit(("" if position == 0 else ", ") + f'"{name}": '), _json_value(name, schema[name])]
    parts.append(pl.lit("}]"))
    texts = [pl.col(c) for c in frame.columns if schema[c] == pl.String]
    plain = (
        pl.all_horizontal([t.is_null() | t.str.contains(_PLAIN_ASCII) for t in texts])
        if texts
        else pl.lit(True)
    )
    keys = frame.select(pl.when(plain).then(pl.concat_str(parts)).otherwise(None).alias("key"))["key"]
    # Hash each distinct key once (rows often repeat the same finding), then map the hashes back.
    distinct = keys.drop_nulls().unique()
    sha256 = hashlib.sha256
    hashes = [sha256(key.encode()).hexdigest()[:32] for key in distinct.to_list()]
    prints = keys.replace_strict(
        distinct, pl.Series(hashes, dtype=pl.String), default=None, return_dtype=pl.String
    ).alias("fingerprint")
    unplain = keys.is_null().arg_true()
    if len(unplain):  # JSON escapes beyond the plain ones: Python encodes these rows
        prints = prints.scatter(
            unplain, [_row_fingerprint(code, frame.row(i, named=True), file) for i in unplain]
        )
    return prints


def _row_fingerprint(code: str, fields: dict[str, Any], file: str | None) -> str:
    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return fingerprint_of(
        code,
        fields.get("filename", file),
        fields.get("fieldName"),
        text(fields.get("focusNode")),
        text(fields.get("resultPath")),
        text(fields.get("jsonPointer")),
        fields,
    )
