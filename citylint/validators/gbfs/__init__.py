"""The ``gbfs`` validator: a GBFS feed (folder, zip, or one feed file) against the official JSON Schemas of
its version, then the cross-file rules the schemas cannot express.

The version comes from ``gbfs.json``'s ``version``, else from another file's, else 1.0 (as gbfs-validator
falls back). Each file is validated against the schema of its own declared version when that version is known,
else the feed's; the schemas come from the standards cache (``gbfs-schemas-v<version>``), never from the
network: a missing one is an input error naming the install command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from citylint import standards
from citylint.collector import FindingSink
from citylint.lockin.gbfs import RULES as LOCKIN_RULES
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator
from citylint.validators.gbfs import crossfile
from citylint.validators.gbfs.feed import SCHEMA_PREFIX, GbfsFeed, GbfsFile, known_versions
from citylint.validators.gbfs.rules import (
    RULES,
    GbfsFileNotInVersion,
    GbfsUnknownVersion,
    GbfsVersionMismatch,
)
from citylint.validators.parameters import NoParameters

if TYPE_CHECKING:
    from jsonschema.protocols import Validator as SchemaValidator


class _Schemas:
    """The official schemas of each version, read once per run."""

    def __init__(self) -> None:
        self._validators: dict[tuple[str, str], tuple[SchemaValidator, Path]] = {}

    def names(self, version: str) -> set[str]:
        return {f.name.removesuffix(".json") for f in standards.artefact(SCHEMA_PREFIX + version).files}

    def get(self, version: str, name: str) -> tuple[SchemaValidator, Path]:
        key = (version, name)
        if key not in self._validators:
            try:
                path = standards.file(SCHEMA_PREFIX + version, f"{name}.json")
            except standards.StandardsError as exc:
                raise InputError(str(exc)) from exc
            from citylint.validators.jsonschema.schemas import LocalSchema

            self._validators[key] = (
                LocalSchema(path.resolve(), _read(path), siblings=False).validator(),
                path,
            )
        return self._validators[key]


def _read(path: Path) -> Any:
    from citylint.validators.jsonschema.schemas import read_schema

    return read_schema(path)


class GbfsValidator(Validator):
    name: ClassVar[str] = "gbfs"
    parameter_class: ClassVar[type[Any] | None] = NoParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gbfs"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES + LOCKIN_RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        # jsonschema is loaded only to validate, not whenever the registry lists this validator's rules
        from citylint.validators.jsonschema.schemas import report_errors

        feed = GbfsFeed.open(path)
        for file in feed.files.values():
            for rule, fields in file.loaded.problems:
                sink.add(rule, fields)
        known = known_versions()
        schemas = _Schemas()
        checked: dict[str, int] = {}
        documents: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []  # for the lock-in map
        if feed.version not in known:
            sink.add(
                GbfsUnknownVersion,
                {"filename": feed.version_source, "version": feed.version, "known": ", ".join(known)},
            )
        for name in sorted(feed.files):
            file = feed.files[name]
            if not file.usable:
                continue
            version = self._file_version(feed, file, known, sink)
            if version is None:
                continue
            if name not in schemas.names(version):
                sink.add(GbfsFileNotInVersion, {"filename": file.filename, "version": version})
                continue
            validator, schema_path = schemas.get(version, name)
            checked[file.filename] = report_errors(
                validator, file.loaded.value, schema_path, file.filename, sink
            )
            documents.append((file.filename, file.doc, getattr(validator, "schema", None)))
        crossfile.check(feed, sink)
        from citylint.lockin import gbfs as gbfs_lockin  # the feed's lock-in map (docs/lockin.md, "GBFS")

        system = feed.get("system_information")
        info = (system.doc.get("data") or {}) if system is not None else {}
        operator = (
            str(info.get("operator") or info.get("name") or "the publisher") if isinstance(info, dict) else ""
        )
        gbfs_lockin.check(
            documents, feed.version, operator or "the publisher", sink, context.handoffs.evidence
        )
        types = crossfile.entities(feed.get("vehicle_types"), "vehicle_types")
        return {
            "gbfs": {
                "version": feed.version,
                "versionSource": feed.version_source,
                "files": sorted(f.filename for f in feed.files.values()),
                "schemaErrors": checked,
                "formFactors": sorted({str(t.get("form_factor")) for _, t in types if t.get("form_factor")}),
                "stationBased": "station_information" in feed.files,
                "freeFloating": "free_bike_status" in feed.files or "vehicle_status" in feed.files,
            }
        }

    @staticmethod
    def _file_version(feed: GbfsFeed, file: GbfsFile, known: list[str], sink: FindingSink) -> str | None:
        """The version to check ``file`` with: its own when known, else the feed's (None: no schema)."""
        own = file.version
        if own is not None and own != feed.version and file.name != "gbfs":
            sink.add(
                GbfsVersionMismatch,
                {
                    "filename": file.filename,
                    "fileVersion": own,
                    "feedVersion": feed.version,
                    "versionSource": feed.version_source,
                },
            )
        if own in known:
            return own
        return feed.version if feed.version in known else None
