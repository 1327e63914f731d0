"""A GBFS feed on disk (folder, zip, or one file): its files parsed, its version detected.

Files are keyed by their feed name (``station_status`` for ``station_status.json``). They are taken from the
folder that holds ``gbfs.json``, else from the folder holding the most GBFS files, so a zip with a top folder
works as well as a flat one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citylint import standards
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.jsonschema.load import LoadedJson, load_json

# Every feed file any GBFS version defines (v1.0 to v3.1); manifest.json alone is too common a name to count.
FEED_NAMES = frozenset(
    {
        "gbfs",
        "gbfs_versions",
        "system_information",
        "vehicle_types",
        "station_information",
        "station_status",
        "free_bike_status",
        "vehicle_status",
        "system_hours",
        "system_calendar",
        "system_regions",
        "system_pricing_plans",
        "system_alerts",
        "geofencing_zones",
        "vehicle_availability",
        "manifest",
    }
)
DISTINCTIVE = FEED_NAMES - {"manifest"}
DEFAULT_VERSION = "1.0"  # gbfs-validator's fallback when no file says (1.0 has no version field)
SCHEMA_PREFIX = "gbfs-schemas-v"


def gbfs_names(names: list[str]) -> list[str]:
    """The members of ``names`` that are distinctive GBFS files."""
    return [
        n for n in names if posixpath.basename(n).removesuffix(".json") in DISTINCTIVE and n.endswith(".json")
    ]


def known_versions() -> list[str]:
    """The GBFS versions whose schemas the standards manifest lists."""
    return [name[len(SCHEMA_PREFIX) :] for name in standards.manifest() if name.startswith(SCHEMA_PREFIX)]


def version_key(version: str) -> tuple[int, ...]:
    """``2.3`` → (2, 3); release candidates sort with their release (for minimum-version comparisons)."""
    numbers = version.split("-", 1)[0].split(".")
    return tuple(int(n) if n.isdigit() else 0 for n in numbers)


@dataclass
class GbfsFile:
    name: str  # feed name, e.g. "station_status"
    filename: str  # as shown in findings, e.g. "station_status.json"
    loaded: LoadedJson

    @property
    def usable(self) -> bool:
        return self.loaded.parsed and not self.loaded.too_deep and isinstance(self.loaded.value, dict)

    @property
    def doc(self) -> dict[str, Any]:
        return self.loaded.value if self.usable else {}

    @property
    def version(self) -> str | None:
        value = self.doc.get("version")
        return value if isinstance(value, str) else None

    @property
    def data(self) -> dict[str, Any]:
        value = self.doc.get("data")
        return value if isinstance(value, dict) else {}


@dataclass
class GbfsFeed:
    files: dict[str, GbfsFile] = field(default_factory=dict)
    other_json: list[str] = field(default_factory=list)  # JSON files of the folder that are no GBFS feed
    version: str = DEFAULT_VERSION
    version_source: str = "default"

    def get(self, name: str) -> GbfsFile | None:
        found = self.files.get(name)
        return found if found is not None and found.usable else None

    @classmethod
    def open(cls, path: Path) -> GbfsFeed:
        feed = cls()
        if path.is_file() and not _is_zip(path):
            name = path.name.removesuffix(".json")
            feed.files[name] = GbfsFile(name, path.name, load_json(_read_file(path), path.name))
        else:
            archive = FeedArchive.open(path)
            folder = _feed_folder(archive.members)
            for member in archive.members:
                if posixpath.dirname(member) != folder or not member.endswith(".json"):
                    continue
                base = posixpath.basename(member)
                name = base.removesuffix(".json")
                if name in FEED_NAMES:
                    feed.files[name] = GbfsFile(name, base, load_json(archive.read(member), base))
                else:
                    feed.other_json.append(base)
        feed._detect_version()
        return feed

    def _detect_version(self) -> None:
        discovery = self.get("gbfs")
        if discovery is not None and discovery.version:
            self.version, self.version_source = discovery.version, discovery.filename
            return
        for name in sorted(self.files):
            found = self.get(name)
            if found is not None and found.version:
                self.version, self.version_source = found.version, found.filename
                return


def _is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"PK"


def _read_file(path: Path) -> bytes:
    from citylint.validators.jsonschema import read_document  # the same size cap as JSON documents

    return read_document(path)


def _feed_folder(members: list[str]) -> str:
    folders: dict[str, int] = {}
    for member in gbfs_names(members):
        folder = posixpath.dirname(member)
        if posixpath.basename(member) == "gbfs.json":
            return folder
        folders[folder] = folders.get(folder, 0) + 1
    return max(sorted(folders), key=lambda f: folders[f]) if folders else ""
