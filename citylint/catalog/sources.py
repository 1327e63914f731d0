"""What a catalogue holds: one entry per input, read from a folder, a CSV file or a DCAT catalogue."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

CSV_COLUMNS = ("id", "path", "profile", "metadata")


class CatalogError(Exception):
    """The catalogue itself cannot be read: exit 2 (a bad entry is not this, it fails alone)."""


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    path: str  # a local path, or an http(s) URL that is fetched only with --allow-network
    profile: str | None = None
    metadata: str | None = None
    content_hash: str | None = None  # set by the runner when it has hashed the input already

    @property
    def is_remote(self) -> bool:
        return urlparse(self.path).scheme in ("http", "https")


def read_catalog(source: Path) -> list[CatalogEntry]:
    """The catalogue's entries, local paths made absolute: the workers of an external cluster do not run in the
    client's folder, and a relative path would name nothing there (or something else)."""
    if not source.exists():
        raise CatalogError(f"{source}: no such file or folder")
    source = source.absolute()
    if source.is_dir():
        entries = _from_folder(source)
    elif source.suffix.lower() == ".csv":
        entries = _from_csv(source)
    else:
        entries = _from_dcat(source)
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogError(f"{source}: dataset ids must be unique; repeated: {', '.join(duplicates[:5])}")
    if not entries:
        raise CatalogError(f"{source}: the catalogue lists no input")
    return entries


def _from_folder(folder: Path) -> list[CatalogEntry]:
    """Each file or subfolder is one input, its name (without extension for a file) the dataset id."""
    return [CatalogEntry(item.stem if item.is_file() else item.name, str(item))
            for item in sorted(folder.iterdir()) if not item.name.startswith(".")]


def _from_csv(source: Path) -> list[CatalogEntry]:
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"{source}: cannot read the CSV catalogue: {exc}") from exc
    missing = [c for c in ("id", "path") if c not in header]
    if missing:
        raise CatalogError(f"{source}: the CSV catalogue needs the columns {', '.join(CSV_COLUMNS)}; missing: "
                           + ", ".join(missing))
    entries = []
    for number, row in enumerate(rows, start=2):
        if not (row.get("id") or "").strip() or not (row.get("path") or "").strip():
            raise CatalogError(f"{source}: row {number}: id and path are required")
        profile = (row.get("profile") or "").strip() or None
        if profile and (profile.endswith((".yaml", ".yml")) or "/" in profile):  # a file, not a shipped name
            profile = _resolve(source.parent, profile)
        entries.append(CatalogEntry(row["id"].strip(), _resolve(source.parent, row["path"].strip()), profile,
                                    _resolve(source.parent, m) if (m := (row.get("metadata") or "").strip()) else None))
    return entries


def _resolve(base: Path, reference: str) -> str:
    parsed = urlparse(reference)
    if parsed.scheme in ("http", "https"):
        return reference
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return str(base / reference)


def _from_dcat(source: Path) -> list[CatalogEntry]:
    """Datasets of a DCAT catalogue (any RDF syntax rdflib reads) and their distributions' download URLs."""
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    graph = Graph()
    try:
        graph.parse(source)
    except Exception as exc:
        raise CatalogError(f"{source}: cannot read the DCAT catalogue: {type(exc).__name__}: {exc}") from exc
    entries = []
    for dataset in sorted(set(graph.subjects(RDF.type, dcat.Dataset)), key=str):
        identifier = graph.value(dataset, DCTERMS.identifier)
        base_id = _slug(str(identifier) if identifier is not None else str(dataset))
        distributions = sorted(graph.objects(dataset, dcat.distribution), key=str)
        urls: list[str] = []
        for distribution in distributions:
            link = graph.value(distribution, dcat.downloadURL) or graph.value(distribution, dcat.accessURL)
            if isinstance(link, URIRef):
                urls.append(str(link))
        for index, url in enumerate(urls):
            entry_id = base_id if len(urls) == 1 else f"{base_id}-{index + 1}"
            entries.append(CatalogEntry(entry_id, _resolve(source.parent, url)))
    return entries


def _slug(text: str) -> str:
    """A dataset id usable as a folder name: the IRI's last segment or the identifier, safe characters only."""
    tail = text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
    return re.sub(r"[^A-Za-z0-9._-]+", "-", tail).strip("-.") or "dataset"
