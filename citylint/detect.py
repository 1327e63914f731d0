"""Tells what kind of input a path is, from its structure, never from a network call."""

from __future__ import annotations

import zipfile
from pathlib import Path

from citylint.validators.base import InputError
from citylint.validators.gtfs.archive import ZIP_ERRORS
from citylint.validators.gtfs.schema import load_schema
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
        if _looks_like_gtfs(names):
            return "gtfs"
        raise InputError(f"{path}: folder holds no GTFS file (agency.txt, stops.txt, ...)")
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
        if _looks_like_gtfs(names):
            return "gtfs"
        raise InputError(f"{path}: zip archive holds no GTFS file (agency.txt, stops.txt, ...)")
    if sniff_format(path) is not None:
        return "rdf"
    raise InputError(f"{path}: unknown input kind (expected a GTFS zip or folder, or an RDF document)")
