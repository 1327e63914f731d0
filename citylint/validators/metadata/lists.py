"""The lists the metadata rules judge against, shipped as data beside this module (each sourced in its file):
``licences.yaml``, ``formats.yaml``, ``hosts.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import yaml

_HERE = files("citylint.validators.metadata")


def _yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load(_HERE.joinpath(name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Licence:
    id: str
    title: str
    status: str  # open | restricted | identifies
    source: str
    share_alike: bool = False


_SPDX = re.compile(r"^https?://spdx\.org/licenses/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?/?$")


def _key(text: str) -> str:
    """IRIs compare without scheme, ``www.`` or trailing slash; names without case."""
    text = text.strip().lower()
    text = re.sub(r"^https?://(www\.)?", "", text)
    return text.rstrip("/")


@dataclass(frozen=True)
class Licences:
    by_key: dict[str, Licence]
    by_id: dict[str, Licence]

    def find(self, value: str) -> Licence | None:
        """The licence an IRI, SPDX IRI, SPDX id or usual name stands for."""
        spdx = _SPDX.match(value.strip())
        if spdx:
            return self.by_id.get(spdx.group(1).lower())
        return self.by_key.get(_key(value)) or self.by_id.get(value.strip().lower())


@cache
def licences() -> Licences:
    by_key: dict[str, Licence] = {}
    by_id: dict[str, Licence] = {}
    for entry in _yaml("licences.yaml")["licences"]:
        licence = Licence(
            entry["id"], entry["title"], entry["status"], entry["source"], bool(entry.get("share_alike"))
        )
        by_id[licence.id.lower()] = licence
        for name in [*entry.get("iris", []), *entry.get("aliases", [])]:
            by_key[_key(name)] = licence
    return Licences(by_key, by_id)


@dataclass(frozen=True)
class Formats:
    authority: str
    non_proprietary: frozenset[str]
    machine_readable: frozenset[str]
    containers: frozenset[str]
    media_types: dict[str, str]
    names: dict[str, str]
    source: str

    def code(self, value: str) -> str | None:
        """The EU file-type code a dct:format / dcat:mediaType value stands for, None when unknown."""
        text = value.strip()
        if text.startswith(self.authority):
            return text[len(self.authority) :].strip("/").upper() or None
        media = re.sub(r"^https?://www\.iana\.org/assignments/media-types/", "", text).lower()
        media = media.split(";", 1)[0].strip()
        if media in self.media_types:
            return self.media_types[media]
        lowered = text.lower().lstrip(".")
        if lowered in self.names:
            return self.names[lowered]
        upper = lowered.upper().replace("-", "_")
        known = (
            self.non_proprietary | self.machine_readable | self.containers | set(self.media_types.values())
        )
        return upper if upper in known else None


@cache
def formats() -> Formats:
    raw = _yaml("formats.yaml")
    extra = raw.get("citylint_additions", {})
    return Formats(
        authority=raw["authority"],
        non_proprietary=frozenset(raw["non_proprietary"]) | frozenset(extra),
        machine_readable=frozenset(raw["machine_readable"]) | frozenset(extra),
        containers=frozenset(raw["containers"]),
        media_types={k.lower(): v for k, v in raw["media_types"].items()},
        names={k.lower(): v for k, v in raw["names"].items()},
        source=raw["source"],
    )


@dataclass(frozen=True, slots=True)
class Platform:
    origin: str
    kind: str  # saas | storage | open-source | public (hosts.yaml)
    suffixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    source: str

    @property
    def vendor(self) -> bool:
        """Whether a vendor controls it (a software-as-a-service portal or a storage service)."""
        return self.kind in ("saas", "storage")


@dataclass(frozen=True)
class Hosts:
    platforms: tuple[Platform, ...]
    credential_parameters: frozenset[str]

    def platform(self, url: str) -> Platform | None:
        """The platform serving ``url``: by its host, else by the shape of its path on any domain."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        for platform in self.platforms:
            if any(host == s or host.endswith("." + s) for s in platform.suffixes):
                return platform
        for platform in self.platforms:
            if any(p.search(parts.path) for p in platform.patterns):
                return platform
        return None


@cache
def hosts() -> Hosts:
    raw = _yaml("hosts.yaml")
    platforms = tuple(
        Platform(
            h["origin"],
            h["kind"],
            tuple(h.get("suffixes", ())),
            tuple(re.compile(p) for p in h.get("patterns", ())),
            h["source"],
        )
        for h in raw["hosts"]
    )
    return Hosts(platforms, frozenset(p.lower() for p in raw["credential_parameters"]))
