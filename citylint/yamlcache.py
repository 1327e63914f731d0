"""Shipped YAML data that every run reads (the GTFS schema, the GTFS lock-in catalogue), parsed once per text.

Even with libyaml's parser, PyYAML builds the objects and resolves each scalar's type in Python: the GTFS
schema and the extension catalogue took 15 ms and 30 ms of every GTFS check on a quiet machine, about a tenth
of a small feed's run (issue 22). The parsed data is kept as JSON (no code in it, read in well under a
millisecond) in the user's cache, beside the other derived files (``~/.cache/citylint/derived``), under the
SHA-256 of the text: an edited file is a new text, parsed again. What JSON has no form for is tagged (dates,
the integer keys of the catalogue's code tables); data that still would not come back equal is parsed every
time, and a cache that cannot be written (a read-only home) only leaves the runs as slow as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from citylint import standards

FORMAT = 1  # of the cached files: a new format is a new name
# Tags of what JSON cannot hold, as one-key objects; no key of the data starts with this character.
_TAG = "\u0000"


def load_yaml(text: str) -> Any:
    """``yaml.load(text)`` with the safe loader (libyaml's where PyYAML has it), or the same data from the
    cache."""
    digest = hashlib.sha256(f"yaml-json {FORMAT} {yaml.__version__}\n{text}".encode()).hexdigest()[:32]
    path = cache_dir() / f"yaml-{digest}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_hook=_decoded)
    except (OSError, ValueError, TypeError):  # not there yet, unreadable, or cut short: parse it
        pass
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _store(path, data)
    return data


def cache_dir() -> Path:
    return standards.derived_dir()


def _encoded(data: Any) -> Any:
    """The data with JSON's types only: dates and maps with keys that are not strings as tagged objects."""
    if isinstance(data, dict):
        if all(isinstance(key, str) and not key.startswith(_TAG) for key in data):
            return {key: _encoded(value) for key, value in data.items()}
        return {_TAG + "items": [[_encoded(key), _encoded(value)] for key, value in data.items()]}
    if isinstance(data, list):
        return [_encoded(value) for value in data]
    if isinstance(data, dt.datetime):
        return {_TAG + "datetime": data.isoformat()}
    if isinstance(data, dt.date):
        return {_TAG + "date": data.isoformat()}
    if data is None or isinstance(data, str | int | float):
        return data
    raise TypeError(f"no JSON form for {type(data).__name__}")


def _decoded(found: dict[str, Any]) -> Any:
    if len(found) == 1:
        ((key, value),) = found.items()
        if key == _TAG + "items":
            return {item[0]: item[1] for item in value}
        if key == _TAG + "datetime":
            return dt.datetime.fromisoformat(value)
        if key == _TAG + "date":
            return dt.date.fromisoformat(value)
    return found


def _store(path: Path, data: Any) -> None:
    try:
        encoded = json.dumps(_encoded(data), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # a type JSON cannot hold
        return
    if json.loads(encoded, object_hook=_decoded) != data:  # (a NaN, say): no copy that would differ
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            handle.write(encoded)
        os.replace(handle.name, path)  # whole or not at all, for runs in parallel
    except OSError:
        if "handle" in locals():
            Path(handle.name).unlink(missing_ok=True)
