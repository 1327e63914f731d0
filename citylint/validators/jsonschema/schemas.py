"""JSON Schemas from local files only, and validation errors as findings.

A schema's ``$ref`` is resolved from the schema's own folder (relative references and ``file:`` URIs inside
it), from the ``$id`` of the JSON files beside it (read only when a reference needs them), and from the
standards cache for an IRI the manifest knows (GeoJSON's schemas), the metaschemas coming from
``jsonschema-specifications``; a reference to anything else (``https://...``) is refused with
an :class:`InputError` saying so, never fetched. A ``$ref`` that loops back on itself without reaching a
constraint ends in Python's recursion limit, caught and reported (no hang: each turn of the loop costs stack
frames).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import referencing
import referencing.exceptions
from jsonschema.exceptions import SchemaError, ValidationError
from jsonschema.protocols import Validator as SchemaValidator
from referencing import Specification
from referencing.jsonschema import DRAFT202012, specification_with

from citylint import readpolicy, standards
from citylint.collector import FindingSink
from citylint.validators.base import InputError
from citylint.validators.jsonschema.load import load_json, pointer
from citylint.validators.jsonschema.rules import KEYWORD_RULES, JsonSchemaOther

MAX_SCHEMA_BYTES = 32 * 1024**2
MAX_SIBLINGS = 200  # JSON files beside a schema read for their $id (a schema folder, not a data dump)
MESSAGE_SHOWN = 300  # the validator's messages quote whole values: keep them readable


class RemoteReference(Exception):
    """A ``$ref`` that would need the network."""


def read_schema(path: Path) -> Any:
    """A schema file, parsed with the same hostile-safe loader as documents; a bad one is an input error."""
    try:
        if path.stat().st_size > MAX_SCHEMA_BYTES:
            raise InputError(f"schema {path}: larger than {MAX_SCHEMA_BYTES:,} bytes")
        # a regular file, read no further than the cap (readpolicy.py); where it may be was checked by the
        # caller
        data = readpolicy.read_bytes(
            path, "schema", max_bytes=MAX_SCHEMA_BYTES, within=[path.resolve().parent]
        )
    except readpolicy.ReadRefused as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(f"schema {path}: cannot read: {exc.strerror or exc}") from exc
    loaded = load_json(data, path.name)
    if not loaded.parsed or loaded.too_deep:
        rule, fields = loaded.problems[0]
        raise InputError(f"schema {path}: not usable JSON: " + rule.rule.render(fields))
    return loaded.value


@dataclass
class LocalSchema:
    """A schema file and the folder its references may reach."""

    path: Path
    contents: Any
    siblings: bool = True  # look for $ref targets by $id among the JSON files beside it (off for schema sets)
    _ids: dict[str, Any] | None = field(default=None, init=False, repr=False)
    # Referenced files without a $schema of their own are read in the main schema's dialect.
    _dialect: Specification[Any] = field(default=DRAFT202012, init=False, repr=False)

    @classmethod
    def of(cls, path: Path) -> LocalSchema:
        return cls(path.resolve(), read_schema(path))

    def validator(self) -> SchemaValidator:
        cls = jsonschema.validators.validator_for(self.contents, default=jsonschema.Draft202012Validator)
        try:
            cls.check_schema(self.contents)
        except SchemaError as exc:
            where = pointer(tuple(exc.absolute_path)) or "(root)"
            raise InputError(
                f"schema {self.path}: not a valid JSON Schema at {where}: {_short(exc.message)}"
            ) from exc
        except RecursionError as exc:
            raise InputError(f"schema {self.path}: nests too deeply to check") from exc
        self._dialect = specification_with(str(cls.META_SCHEMA.get("$schema", "")), default=DRAFT202012)
        registry: referencing.Registry[Any] = referencing.Registry(retrieve=self._retrieve)  # type: ignore[call-arg]
        return cls(self.contents, registry=registry, format_checker=cls.FORMAT_CHECKER)

    def _by_id(self) -> dict[str, Any]:
        """The JSON files beside the schema that declare an ``$id``, by that id (read on the first need
        only)."""
        if self._ids is None:
            self._ids = {}
            candidates = sorted(self.path.parent.glob("*.json"))[:MAX_SIBLINGS] if self.siblings else []
            for sibling in candidates:
                if sibling == self.path or not sibling.is_file():
                    continue
                try:
                    contents = read_schema(sibling)
                except InputError:
                    continue  # not a schema; a reference to it fails with its own message
                if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
                    self._ids[contents["$id"].rstrip("#")] = contents
        return self._ids

    def _retrieve(self, uri: str) -> referencing.Resource[Any]:
        parts = urlsplit(uri)
        if parts.scheme in ("", "file") and not parts.netloc:
            target = (self.path.parent / unquote(parts.path)).resolve()
            if target.is_relative_to(self.path.parent) and target.is_file():
                return referencing.Resource.from_contents(
                    read_schema(target), default_specification=self._dialect
                )
            raise RemoteReference(f"$ref {uri!r} names no file in the schema's folder {self.path.parent}")
        local = self._by_id().get(uri.rstrip("#"))
        if local is not None:
            return referencing.Resource.from_contents(local, default_specification=self._dialect)
        try:  # a schema the standards manifest knows by this IRI (e.g. GeoJSON's), read from the cache
            cached = standards.local_copy(uri)
        except standards.StandardMissing as exc:
            raise RemoteReference(f"$ref {uri!r}: {exc}") from exc
        if cached is not None:
            return referencing.Resource.from_contents(
                read_schema(cached), default_specification=self._dialect
            )
        raise RemoteReference(
            f"$ref {uri!r} is not available locally and citylint does not fetch schemas over "
            "the network; put the referenced schema beside this one"
        )


def validation_errors(
    validator: SchemaValidator, document: Any, schema_path: Path
) -> Iterator[ValidationError]:
    """The validator's top-level errors; unresolvable or looping references become input errors."""
    try:
        yield from validator.iter_errors(document)
    except referencing.exceptions.Unresolvable as exc:
        remote = _remote_cause(exc)
        reason = str(remote) if remote is not None else f"$ref {_ref_of(exc)!r} cannot be resolved"
        raise InputError(f"schema {schema_path}: {reason}") from exc
    except RemoteReference as exc:
        raise InputError(f"schema {schema_path}: {exc}") from exc
    except RecursionError as exc:
        raise InputError(
            f"schema {schema_path}: a $ref loops back on itself (recursive $ref without a "
            "constraint in between); cannot validate"
        ) from exc


def _remote_cause(exc: BaseException) -> RemoteReference | None:
    """The refused retrieval behind a referencing error (jsonschema and referencing each wrap it once)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RemoteReference):
            return current
        seen.add(id(current))
        wrapped = getattr(current, "_wrapped", None)
        current = (
            wrapped if isinstance(wrapped, BaseException) else (current.__cause__ or current.__context__)
        )
    return None


def _ref_of(exc: referencing.exceptions.Unresolvable) -> str:
    return str(getattr(exc, "ref", "") or exc)


def report_errors(
    validator: SchemaValidator, document: Any, schema_path: Path, filename: str, sink: FindingSink
) -> int:
    """Each validation error as a finding of its keyword's rule; returns how many."""
    count = 0
    for error in validation_errors(validator, document, schema_path):
        keyword = str(error.validator) if error.validator is not None else "false"
        where = pointer(tuple(error.absolute_path))
        sink.add(
            KEYWORD_RULES.get(keyword, JsonSchemaOther),
            {
                "filename": filename,
                "jsonPointer": where,
                "where": where or "(root)",
                "keyword": keyword,
                "schemaPath": pointer(tuple(error.absolute_schema_path)),
                "message": _short(error.message),
            },
        )
        count += 1
    return count


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_SHOWN else text[:MESSAGE_SHOWN] + "..."
