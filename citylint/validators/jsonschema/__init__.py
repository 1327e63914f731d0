"""The ``jsonschema`` validator: a JSON document against a JSON Schema.

The schema is the validator parameter ``schema`` (a file beside the profile, resolved when the profile is
loaded, or ``standard:NAME/FILE`` for a file of the standards cache), else the document's ``$schema`` when it
names a schema available locally: a JSON Schema metaschema (the document is then a schema, checked against its
dialect), the URL of a file in the standards manifest, or a relative path to a file in the document's folder.
Nothing is fetched over the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from citylint import standards
from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator, named_file
from citylint.validators.jsonschema.load import LoadedJson, load_json
from citylint.validators.jsonschema.rules import RULES
from citylint.validators.parameters import JsonSchemaParameters

MAX_DOCUMENT_BYTES = 512 * 1024**2


def read_document(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputError(f"{path}: larger than {MAX_DOCUMENT_BYTES:,} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def report_problems(loaded: LoadedJson, sink: FindingSink) -> None:
    for rule, fields in loaded.problems:
        sink.add(rule, fields)


def _manifest_file(url: str) -> Path | None:
    wanted = url.rstrip("#")
    for art in standards.manifest().values():
        for item in art.files:
            if item.url == wanted:
                return named_file(f"{standards.REFERENCE_PREFIX}{art.name}/{item.name}")
    return None


def _metaschema(uri: str) -> dict[str, Any] | None:
    """The metaschema a ``$schema`` URI names, when jsonschema knows that dialect (it ships them)."""
    import jsonschema  # imported here, as in validate: the registry loads this module on every run

    wanted = uri.rstrip("#")
    for cls in (
        jsonschema.Draft202012Validator,
        jsonschema.Draft201909Validator,
        jsonschema.Draft7Validator,
        jsonschema.Draft6Validator,
        jsonschema.Draft4Validator,
        jsonschema.Draft3Validator,
    ):
        if str(cls.META_SCHEMA.get("$schema") or cls.META_SCHEMA.get("id") or "").rstrip("#") == wanted:
            return cls.META_SCHEMA
    return None


def schema_for(path: Path, document: Any, context: Context) -> tuple[Path | None, Any]:
    """The schema to use: (its file, None) or (None, a metaschema's contents)."""
    configured = context.settings(JsonSchemaParameters).schema
    if configured:
        chosen = named_file(configured)
        if not chosen.is_file():
            raise InputError(f"schema file not found: {chosen}")
        return chosen, None
    named = document.get("$schema") if isinstance(document, dict) else None
    if not isinstance(named, str) or not named:
        raise InputError(
            f"{path}: no JSON Schema to validate against: use a profile whose jsonschema validator "
            "has `schema: FILE`, or a document whose $schema names a local schema"
        )
    meta = _metaschema(named)
    if meta is not None:
        return None, meta
    parts = urlsplit(named)
    if parts.scheme in ("http", "https"):
        found = _manifest_file(named)
        if found is not None:
            return found, None
    elif not parts.scheme and not parts.netloc:
        folder = path.resolve().parent
        target = (folder / unquote(parts.path)).resolve()
        if not target.is_relative_to(folder):
            raise InputError(
                f"{path}: $schema {named!r} leads outside the document's folder; citylint does not read it"
            )
        if target.is_file():
            return target, None
    raise InputError(
        f"{path}: $schema {named!r} is not available locally (citylint does not fetch schemas); "
        "put it beside the document or name it in a profile (`schema: FILE`)"
    )


class JsonSchemaValidator(Validator):
    name: ClassVar[str] = "jsonschema"
    parameter_class: ClassVar[type[Any] | None] = JsonSchemaParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"json"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        loaded = load_json(read_document(path), path.name)
        report_problems(loaded, sink)
        if not loaded.parsed or loaded.too_deep:
            return {"json": {"parsed": loaded.parsed, "validated": False}}
        schema_path, metaschema = schema_for(path, loaded.value, context)
        from citylint.validators.jsonschema.schemas import LocalSchema, report_errors  # jsonschema: only here

        if schema_path is not None:
            schema = LocalSchema.of(schema_path)
        else:
            schema = LocalSchema(path.resolve(), metaschema, siblings=False)
        errors = report_errors(schema.validator(), loaded.value, schema.path, path.name, sink)
        return {
            "json": {
                "parsed": True,
                "validated": True,
                "schema": str(schema_path) if schema_path else str(loaded.value.get("$schema")),
                "errors": errors,
            }
        }
