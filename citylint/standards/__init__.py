"""The standards cache: official artefacts (ontologies, shapes, schemas) that citylint uses at run time but
does not ship, each pinned by version and sha256 in ``manifest.yaml``.

    from citylint import standards
    standards.path("saref-core")            # the file (single-file artefacts) or the artefact's folder
    standards.file("gbfs-schemas-v3.0", "gbfs.json")

Lookup order: ``$CITYLINT_STANDARDS_DIR``, then the user cache (``$XDG_CACHE_HOME/citylint/standards``, by
default ``~/.cache/citylint/standards``; ``%LOCALAPPDATA%\\citylint\\standards`` on Windows). In either folder
a file sits at ``<name>/<version>/<file name>``; ``$CITYLINT_STANDARDS_DIR`` may also be a mirror folder laid
out as the manifest's ``mirror`` paths say. A missing artefact raises :class:`StandardMissing`, whose message
is the command that installs it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path

import yaml

ENV_DIR = "CITYLINT_STANDARDS_DIR"
REFERENCE_PREFIX = "standard:"  # how a profile names a file of this cache: standard:NAME[/FILE]


class StandardsError(Exception):
    """A standards-cache operation failed (unknown name, hash mismatch, unreadable source)."""


class StandardMissing(StandardsError):
    """An artefact citylint needs is not in the cache; the message says how to install it."""

    def __init__(self, name: str, title: str) -> None:
        super().__init__(
            f"standard {name!r} ({title}) is not installed; install it with "
            f"`citylint standards install {name} --from DIR` (a local mirror) or "
            f"`citylint standards install {name} --allow-network`"
        )
        self.name = name


@dataclass(frozen=True, slots=True)
class ArtefactFile:
    name: str
    url: str
    sha256: str
    mirror: str
    aliases: tuple[str, ...] = ()  # other IRIs it is published or imported under (owl:imports, @context)


@dataclass(frozen=True, slots=True)
class Artefact:
    name: str
    title: str
    version: str
    licence: str
    licence_url: str
    media_type: str
    source: str
    files: tuple[ArtefactFile, ...]
    note: str = ""

    def relative(self, item: ArtefactFile) -> Path:
        """Where the file sits inside a cache folder."""
        return Path(self.name) / self.version / item.name


@cache
def manifest() -> dict[str, Artefact]:
    """The artefacts, by name, as the package's manifest lists them."""
    raw = yaml.safe_load(
        package_files("citylint.standards").joinpath("manifest.yaml").read_text(encoding="utf-8")
    )
    out = {}
    for entry in raw["artefacts"]:
        items = tuple(
            ArtefactFile(f["name"], f["url"], f["sha256"].lower(), f["mirror"], tuple(f.get("aliases") or ()))
            for f in entry["files"]
        )
        for item in items:
            # File names come from the manifest and become paths in the cache: plain names, or relative paths
            # of plain names for artefacts that are a tree of files (the NeTEx XML Schema's ~420 files).
            if "\\" in item.name or any(part in {"", ".", ".."} for part in item.name.split("/")):
                raise StandardsError(
                    f"manifest: {entry['name']}: file name {item.name!r} is not a plain name"
                )
        out[entry["name"]] = Artefact(
            name=entry["name"],
            title=entry["title"],
            version=str(entry["version"]),
            licence=entry["licence"],
            licence_url=entry.get("licence_url", ""),
            media_type=entry["media_type"],
            source=entry["source"],
            files=items,
            note=entry.get("note", ""),
        )
    return out


def artefact(name: str) -> Artefact:
    try:
        return manifest()[name]
    except KeyError:
        raise StandardsError(f"unknown standard {name!r} (known: {', '.join(sorted(manifest()))})") from None


def user_cache_dir() -> Path:
    """The per-user cache folder (XDG on Linux and macOS, LOCALAPPDATA on Windows)."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "citylint" / "standards"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "citylint" / "standards"


def derived_dir() -> Path:
    """Where files citylint derives from what it ships or installs are kept (indexes of the EU tables, parsed
    YAML): beside the user's standards cache, never in a mirror folder; named by a hash of what they derive
    from, so a stale one is never read."""
    return user_cache_dir().parent / "derived"


def cache_dir() -> Path:
    """Where ``install`` writes: ``$CITYLINT_STANDARDS_DIR`` if set, else the user cache."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else user_cache_dir()


def _candidates(art: Artefact, item: ArtefactFile) -> list[Path]:
    out = []
    env = os.environ.get(ENV_DIR)
    if env:
        out += [Path(env) / art.relative(item), Path(env) / item.mirror]
    out.append(user_cache_dir() / art.relative(item))
    return out


def locate(name: str, file_name: str | None = None) -> Path | None:
    """The first existing copy of one file of the artefact (its only file by default), or None."""
    art = artefact(name)
    item = _item(art, file_name)
    return next((p for p in _candidates(art, item) if p.is_file()), None)


def _item(art: Artefact, file_name: str | None) -> ArtefactFile:
    if file_name is None:
        if len(art.files) != 1:
            raise StandardsError(f"standard {art.name!r} has {len(art.files)} files: name one")
        return art.files[0]
    for item in art.files:
        if item.name == file_name:
            return item
    raise StandardsError(f"standard {art.name!r} has no file {file_name!r}")


def file(name: str, file_name: str | None = None) -> Path:
    """One file of an installed artefact; raises :class:`StandardMissing` when it is not installed."""
    found = locate(name, file_name)
    if found is None:
        raise StandardMissing(name, artefact(name).title)
    return found


def is_reference(entry: object) -> bool:
    return str(entry).startswith(REFERENCE_PREFIX)


def resolve(entry: str | Path) -> Path:
    """A file a profile names: ``standard:NAME[/FILE]`` is that file of the cache (raising as :func:`file`
    does), anything else a path."""
    if not is_reference(entry):
        return Path(entry)
    name, _, file_name = str(entry)[len(REFERENCE_PREFIX) :].partition("/")
    return file(name, file_name or None)


def files(name: str) -> dict[str, Path]:
    """Every file of an installed artefact by file name; raises :class:`StandardMissing` if any is missing."""
    art = artefact(name)
    out = {}
    for item in art.files:
        found = locate(name, item.name)
        if found is None:
            raise StandardMissing(name, art.title)
        out[item.name] = found
    return out


def path(name: str) -> Path:
    """The artefact's file (single-file artefacts) or the folder holding all its files."""
    art = artefact(name)
    if len(art.files) == 1:
        return file(name)
    found = files(name)
    folders = {p.parent for p in found.values()}
    if len(folders) != 1:  # a mirror spreading one artefact over folders: no single folder to give
        raise StandardsError(f"standard {name!r} is spread over several folders; use standards.files()")
    return folders.pop()


def by_iri(iri: str) -> tuple[Artefact, ArtefactFile] | None:
    """The artefact file published under ``iri`` (its download URL or an alias), if the manifest has one."""
    wanted = iri.rstrip("#")
    for art in manifest().values():
        for item in art.files:
            if wanted in (item.url, *item.aliases):
                return art, item
    return None


def local_copy(iri: str) -> Path | None:
    """The installed copy of the file published under ``iri``; None when the manifest does not know the IRI.

    Raises :class:`StandardMissing` when it knows the IRI but the artefact is not installed.
    """
    known = by_iri(iri)
    if known is None:
        return None
    art, item = known
    return file(art.name, item.name)


def sha256_of(target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def status(name: str) -> str:
    """``installed``, ``missing`` or ``modified`` (a file whose hash is not the manifest's)."""
    art = artefact(name)
    for item in art.files:
        found = locate(name, item.name)
        if found is None:
            return "missing"
        if sha256_of(found) != item.sha256:
            return "modified"
    return "installed"
