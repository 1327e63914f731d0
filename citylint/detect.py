"""Tells what kind of input a path is, from its structure, never from a network call."""

from __future__ import annotations

import zipfile
from pathlib import Path

from citylint.validators.base import InputError
from citylint.validators.gbfs.feed import DISTINCTIVE, gbfs_names
from citylint.validators.gtfs.archive import ZIP_ERRORS
from citylint.validators.gtfs.schema import load_schema
from citylint.validators.gtfs_rt.decode import is_snapshot_folder
from citylint.validators.gtfs_rt.decode import sniff as gtfs_rt_sniff
from citylint.validators.netex.delivery import looks_like_netex
from citylint.validators.rdf.formats import sniff_format


def _looks_like_gtfs(names: list[str]) -> bool:
    known = set(load_schema().files)
    return any(name.rsplit("/", 1)[-1] in known for name in names)


def detect_kind(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        try:
            names = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
        except OSError as exc:
            raise InputError(f"{path}: cannot read folder: {exc.strerror or exc}") from exc
        # GBFS before GTFS: a folder with gbfs.json or GBFS feed files is a GBFS feed even beside stray .txt
        # files
        if gbfs_names(names):
            return "gbfs"
        if _looks_like_gtfs(names):
            return "gtfs"
        if is_snapshot_folder(names, path):
            return "gtfs_rt"  # a folder of GTFS-Realtime snapshots taken over time
        if looks_like_netex(path):
            return "netex"
        raise InputError(
            f"{path}: folder holds no GTFS file (agency.txt, stops.txt, ...) nor GBFS file "
            "(gbfs.json, system_information.json, ...)"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except ZIP_ERRORS as exc:
            raise InputError(f"{path}: corrupt or unreadable zip archive ({exc})") from exc
        if gbfs_names(names):
            return "gbfs"
        if _looks_like_gtfs(names):
            return "gtfs"
        if looks_like_netex(path):
            return "netex"
        raise InputError(
            f"{path}: zip archive holds no GTFS file (agency.txt, stops.txt, ...) nor GBFS file "
            "(gbfs.json, system_information.json, ...)"
        )
    if gtfs_rt_sniff(path):
        return "gtfs_rt"  # a GTFS-Realtime FeedMessage (.pb, or protobuf bytes that decode as one)
    if path.suffix.lower() == ".json" and path.stem in DISTINCTIVE:
        return "gbfs"  # one GBFS feed file, checked as a feed of that file alone
    if looks_like_netex(path):
        return "netex"  # before RDF: a NeTEx .xml file is XML, never RDF/XML
    if sniff_format(path) is not None:
        return "rdf"
    if path.suffix.lower() in (".csv", ".tsv"):
        return "csv"  # a table, validated against a Table Schema (schema.data.gouv.fr)
    if _looks_like_json(path, head):
        return "json"
    raise InputError(
        f"{path}: unknown input kind (expected a GTFS or GBFS zip or folder, an RDF document, a "
        "JSON document or a CSV table)"
    )


def _looks_like_json(path: Path, head: bytes) -> bool:
    """A .json / .geojson name, or content opening an object or array (after a byte-order mark and blanks)."""
    if path.suffix.lower() in (".json", ".geojson"):
        return True
    try:
        with path.open("rb") as handle:
            start = handle.read(1024)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")
