"""Each built-in validator's profile parameters as a typed dataclass: the keys a profile may give under
``validators: NAME: {...}``, their types and defaults. A profile is checked against them when it loads
(``citylint.profiles.checks``), so that a misspelt key is an error instead of a setting silently ignored.

Validators read their parameters from ``Context.parameters`` (a mapping, checked and with the values coerced
to the declared types); a plugin declares its own dataclass as ``Validator.parameter_class`` the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from citylint.runoptions import SHACL_TIME_LIMIT_SECONDS


@dataclass(frozen=True)
class GtfsParameters:
    country_code: str | None = (
        None  # ISO 3166 alpha-2: enables phone number checks (MobilityData's --country_code)
    )
    max_rows: int = 1_000_000_000  # the highest row number a file may reach (csv_format.MAX_ROWS)
    max_member_bytes: int = 4 * 1024**3  # archive.MAX_MEMBER_BYTES (docs/security.md)
    max_compression_ratio: float = 200  # archive.MAX_COMPRESSION_RATIO
    licence: str | None = None  # the licence the data is published under (the lock-in rules read it)
    # Plain members from this inflated size (MB) on are streamed: memory bounded, time ~1.5x (gtfs/stream.py);
    # None: stream.STREAMED_FROM_BYTES (1 GiB), stream.CODED_STREAMED_FROM_BYTES for stop_times.txt (256 MB).
    stream_from_mb: float | None = None


@dataclass(frozen=True)
class FrNapParameters:
    """transport-validator's custom-rules keys (src/custom_rules.rs): a speed limit per mode, in km/h."""

    max_tramway_speed: float | None = None
    max_subway_speed: float | None = None
    max_rail_speed: float | None = None
    max_bus_speed: float | None = None
    max_ferry_speed: float | None = None
    max_cable_car_speed: float | None = None
    max_gondola_speed: float | None = None
    max_funicular_speed: float | None = None
    max_coach_speed: float | None = None
    max_air_speed: float | None = None
    max_taxi_speed: float | None = None
    max_other_speed: float | None = None
    min_wheelchair_boarding_share: float = 1.0
    min_wheelchair_accessible_share: float = 1.0
    stations_need_pathways: bool = False


@dataclass(frozen=True)
class ShaclParameters:
    shapes: list[str] = field(default_factory=list)  # files or standard:NAME/FILE
    background: list[str] = field(default_factory=list)  # vocabularies merged into the data graph
    jsonld_contexts: dict[str, str] = field(default_factory=dict)  # remote context URL -> local file
    time_limit_seconds: float = SHACL_TIME_LIMIT_SECONDS
    hierarchy: list[str] = field(default_factory=list)  # class hierarchies SHACL must see (rdf/hierarchy.py)
    vocabulary_tables: bool = False  # controlled vocabularies' tables in the report


@dataclass(frozen=True)
class VocabularyParameters:
    standards: list[str] = field(default_factory=list)  # standards cache names whose terms are known


@dataclass(frozen=True)
class JsonSchemaParameters:
    schema: str | None = None  # the schema file, or standard:NAME/FILE


@dataclass(frozen=True)
class TableSchemaParameters:
    schema: str | None = None  # the Table Schema file, or standard:NAME/FILE


@dataclass(frozen=True)
class NetexParameters:
    french: bool = (
        False  # the French profile and the base rules transport.data.gouv.fr asks Chouette Valid for
    )
    nordic: bool = False  # Nordic checks (numeric versions)
    entur_codes: bool = False  # Entur's equivalent code on each finding (enturCode)
    pan_verdict: bool = False  # transport.data.gouv.fr's NeTEx verdict
    external_codespaces: list[str] = field(default_factory=list)  # national registries' codespaces (NSR)
    schema: str | None = None  # structure | strict | off (--netex-schema wins)
    version: str | None = None  # 1.2.2 | 1.3.1 (--netex-version wins)
    tree_limit_mb: float = 48  # files up to this size are parsed whole (exact lines), larger ones streamed


@dataclass(frozen=True)
class GtfsRtParameters:
    static: str | None = None  # the static GTFS feed the snapshots refer to (--static wins)
    platform_verdict: bool = False  # transport.data.gouv.fr's "critical" verdict
    critical_threshold: int = (
        50  # identifier mismatches (E003, E004, E011, E034) that make a resource critical
    )


@dataclass(frozen=True)
class MetadataParameters:
    input: str | None = None  # "dcat-only": run only on RDF that holds DCAT
    standard: str | None = None  # the standard the metadata rules are advice beside (citylint/sections.py)


@dataclass(frozen=True)
class NoParameters:
    """A validator that takes none: any key is a mistake."""
