"""The GTFS schema as data: files, fields, types, presence, keys, read once from ``gtfs_schema.yaml``.

Every schema-driven rule (file presence, columns, field types, enums, ranges, primary and foreign keys) reads
this description instead of hard-coding file names, so a change in the reference is a change in one data file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib.resources import files
from typing import Any

from citylint.yamlcache import load_yaml


class Presence(str, Enum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    CONDITIONALLY_REQUIRED = "conditionally_required"
    OPTIONAL = "optional"


class FieldType(str, Enum):
    TEXT = "text"
    ID = "id"
    URL = "url"
    EMAIL = "email"
    PHONE_NUMBER = "phone_number"
    COLOR = "color"
    DATE = "date"
    TIME = "time"
    TIMEZONE = "timezone"
    CURRENCY_CODE = "currency_code"
    CURRENCY_AMOUNT = "currency_amount"
    LANGUAGE_CODE = "language_code"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    INTEGER = "integer"
    FLOAT = "float"
    ENUM = "enum"


class Bounds(str, Enum):
    NON_NEGATIVE = "non_negative"
    POSITIVE = "positive"
    NON_ZERO = "non_zero"


@dataclass(frozen=True, slots=True)
class ForeignKey:
    file: str
    field: str


@dataclass(frozen=True, slots=True)
class FieldSchema:
    name: str
    type: FieldType
    presence: Presence
    enum: tuple[int, ...] = ()
    bounds: Bounds | None = None
    mixed_case: bool = False
    foreign_key: ForeignKey | None = None
    currency_field: str | None = None
    # A column that must be present in the header even when the field itself may be empty.
    required_column: bool = False


@dataclass(frozen=True, slots=True)
class FileSchema:
    name: str
    presence: Presence
    primary_key: tuple[str, ...]
    fields: tuple[FieldSchema, ...]
    single_row: bool = False
    # "csv" for the tables, "geojson" for locations.geojson.
    format: str = "csv"
    by_name: dict[str, FieldSchema] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.name: f for f in self.fields})

    def field(self, name: str) -> FieldSchema | None:
        return self.by_name.get(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def required_columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.presence is Presence.REQUIRED or f.required_column)

    def recommended_columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.presence is Presence.RECOMMENDED)


@dataclass(frozen=True, slots=True)
class GtfsSchema:
    reference: str
    files: dict[str, FileSchema]

    def file(self, name: str) -> FileSchema | None:
        return self.files.get(name)

    def with_presence(self, presence: Presence) -> list[str]:
        return [name for name, f in self.files.items() if f.presence is presence]


def _field(name: str, raw: dict[str, Any]) -> FieldSchema:
    fk = raw.get("foreign_key")
    fk_file, _, fk_field = fk.partition(":") if fk else ("", "", "")
    return FieldSchema(
        name=name,
        type=FieldType(raw["type"]),
        presence=Presence(raw.get("presence", "optional")),
        enum=tuple(int(v) for v in raw.get("enum", ())),
        bounds=Bounds(raw["bounds"]) if raw.get("bounds") else None,
        mixed_case=bool(raw.get("mixed_case", False)),
        foreign_key=ForeignKey(fk_file, fk_field) if fk else None,
        currency_field=raw.get("currency_field"),
        required_column=bool(raw.get("required_column", False)),
    )


@cache
def load_schema() -> GtfsSchema:
    text = files("citylint.validators.gtfs").joinpath("gtfs_schema.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text)  # parsed once per version of the file (citylint/yamlcache.py)
    return GtfsSchema(
        reference=str(raw["reference"]),
        files={
            name: FileSchema(
                name=name,
                presence=Presence(spec["presence"]),
                primary_key=tuple(spec.get("primary_key", ())),
                fields=tuple(_field(n, f) for n, f in (spec.get("fields") or {}).items()),
                single_row=bool(spec.get("single_row", False)),
                format=spec.get("format", "csv"),
            )
            for name, spec in raw["files"].items()
        },
    )
