"""Which Table Schema a CSV file is validated against, and which it could be when none is named.

In order: the ``tableschema`` validator's ``schema`` parameter (a profile named after a schema of
schema.data.gouv.fr sets it to ``standard:NAME/FILE``, the official file from the standards cache), then a
sidecar beside the file (``<name>.schema.json``, as ``<name>.dcat.ttl`` is the metadata sidecar). Without
either, nothing is guessed: the input error names the shipped profiles whose schema matches the header best,
so the user chooses.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citylint import readpolicy, standards
from citylint.validators.base import InputError, named_file

MAX_SCHEMA_BYTES = 8 * 1024**2
# A shipped profile is named as a candidate when the file's header holds at least this share of its columns.
CANDIDATE_SHARE = 0.5


@dataclass(frozen=True)
class TableSchema:
    path: Path
    descriptor: dict[str, Any]

    @property
    def field_names(self) -> list[str]:
        return [str(f.get("name")) for f in self.descriptor.get("fields", []) if isinstance(f, dict)]

    @property
    def label(self) -> str:
        name, version = self.descriptor.get("name"), self.descriptor.get("version")
        return f"{name} {version}" if name and version else str(name or self.path.name)


def read_schema(path: Path) -> TableSchema:
    """A Table Schema file, parsed; an input error when it is not one."""
    try:  # read as the JSON Schema validator reads its schemas: a regular file, size-capped (readpolicy.py)
        data = readpolicy.read_bytes(
            path, "Table Schema", max_bytes=MAX_SCHEMA_BYTES, within=[path.resolve().parent]
        )
    except readpolicy.ReadRefused as exc:
        raise InputError(str(exc)) from exc
    try:
        descriptor = json.loads(data)
    except ValueError as exc:
        raise InputError(f"{path.name}: schema is not JSON ({exc})") from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        raise InputError(f'{path.name}: not a Table Schema (no "fields" list)')
    return TableSchema(path, descriptor)


def sidecar(path: Path) -> Path | None:
    candidate = path.with_name(path.stem + ".schema.json")
    return candidate if candidate.is_file() and not candidate.is_symlink() else None


def schema_for(path: Path, configured: str | None) -> TableSchema:
    """The profile's schema (parameter ``schema``), else the ``<name>.schema.json`` beside the table."""
    if configured:
        chosen = named_file(configured)
        if not chosen.is_file():
            raise InputError(f"schema file not found: {chosen}")
        return read_schema(chosen)
    beside = sidecar(path)
    if beside is not None:
        return read_schema(beside)
    raise InputError(no_schema_message(path))


def header_of(path: Path) -> list[str]:
    """The first line's column names (comma, semicolon or tab separated), for naming candidate schemas."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return []
    text = head.decode("utf-8-sig", errors="replace").splitlines()
    if not text:
        return []
    first = text[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [c.strip() for c in next(csv.reader(io.StringIO(first), delimiter=delimiter), [])]


def candidates(header: list[str]) -> list[tuple[str, int, int]]:
    """Shipped profiles whose installed schema the header fits: (profile, columns matched, schema columns),
    best first. A profile whose schema is not installed cannot be compared and is left out."""
    from citylint.profiles import load_profile, shipped_profiles

    columns = set(header)
    found = []
    for name in shipped_profiles():
        params = load_profile(name).validators.get("tableschema") or {}
        ref = params.get("schema")
        if not isinstance(ref, str):
            continue
        try:
            schema = read_schema(standards.resolve(ref))
        except (standards.StandardsError, InputError):
            continue
        fields = schema.field_names
        matched = len(columns.intersection(fields))
        if fields and matched / len(fields) >= CANDIDATE_SHARE:
            found.append((name, matched, len(fields)))
    return sorted(found, key=lambda c: (-c[1] / c[2], c[0]))


def no_schema_message(path: Path) -> str:
    found = candidates(header_of(path))
    base = (
        f"{path.name}: no Table Schema to validate against: name one with a profile (--profile NAME; "
        f"`citylint profiles` lists them) or put it beside the file as {path.stem}.schema.json"
    )
    if not found:
        return (
            base + "; no installed schema of schema.data.gouv.fr fits its header "
            "(`citylint standards install --from DIR` installs them)"
        )
    listed = ", ".join(f"{name} ({matched}/{total} columns)" for name, matched, total in found[:3])
    return f"{base}; its header fits {listed}: try `citylint check {path.name} --profile {found[0][0]}`"
