"""What a catalogue holds: one entry per input, read from a folder, a CSV file or a DCAT catalogue."""

from __future__ import annotations

import csv
import re
import stat
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from citylint import readpolicy

CSV_COLUMNS = ("id", "path", "profile", "metadata")
FILE_MARK = "file:"  # prefix kept on a path that came from a file: URL, until the read policy has checked it
MAX_CATALOG_BYTES = 256 * 1024 * 1024


class CatalogError(Exception):
    """The catalogue itself cannot be read: exit 2 (a bad entry is not this, it fails alone)."""


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    path: str  # a local path, or an http(s) URL that is fetched only with --allow-network
    profile: str | None = None
    metadata: str | None = None
    content_hash: str | None = None  # set by the runner when it has hashed the input already
    # Why the entry cannot be validated, found while reading the catalogue (a file: URL not allowed, a path
    # outside the catalogue's folder, a missing file): it fails at once, without a task (readpolicy.py).
    problem: str | None = None

    @property
    def is_remote(self) -> bool:
        return urlparse(self.path).scheme in ("http", "https")


def read_catalog(
    source: Path, *, allow_file_urls: bool = False, allow_network: bool = False
) -> list[CatalogEntry]:
    """The entries of a catalogue, local paths made absolute: the workers of an external cluster do not run in
    the client's folder, and a relative path would name nothing there (or something else). A catalogue may be
    harvested from anyone: its local entries must stay in its own folder and its ``file:`` URLs are refused,
    unless ``allow_file_urls`` (``--allow-file-urls``); an entry must be a regular file or a folder (never a
    device or a FIFO). A refused entry fails alone."""
    if not source.exists():
        raise CatalogError(f"{source}: no such file or folder")
    source = source.absolute()
    if source.is_dir():
        entries = _from_folder(source)
    elif source.stat().st_size > MAX_CATALOG_BYTES:
        raise CatalogError(f"{source}: larger than {MAX_CATALOG_BYTES:,} bytes")
    elif source.suffix.lower() == ".csv":
        entries = _from_csv(source)
    else:
        entries = _from_dcat(source, allow_network)
    folder = (source if source.is_dir() else source.parent).resolve()
    entries = [_checked(e, folder, allow_file_urls) for e in entries]
    counted = Counter(e.id for e in entries)
    duplicates = sorted(i for i, n in counted.items() if n > 1)
    if duplicates:
        raise CatalogError(f"{source}: dataset ids must be unique; repeated: {', '.join(duplicates[:5])}")
    if not entries:
        raise CatalogError(f"{source}: the catalogue lists no input")
    return entries


def _checked(entry: CatalogEntry, folder: Path, allow_file_urls: bool) -> CatalogEntry:
    """The entry with ``problem`` set when the read policy refuses it."""
    if entry.is_remote:
        return entry
    scheme = urlparse(entry.path).scheme
    if entry.path.startswith(FILE_MARK) and not allow_file_urls:
        return replace(
            entry, problem="file: URL refused: a catalogue may name local files only with --allow-file-urls"
        )
    if len(scheme) > 1 and not entry.path.startswith(FILE_MARK):
        return replace(
            entry,
            problem=f"{scheme}: URLs are not fetched (http, https and, with --allow-file-urls, file only)",
        )
    path = Path(entry.path.removeprefix(FILE_MARK))
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError):
        return replace(entry, path=str(path), problem=f"{path}: no such file or folder")
    if not allow_file_urls and not readpolicy.inside(real, [folder]):
        return replace(
            entry,
            path=str(path),
            problem=f"{path}: outside the catalogue's folder {folder}; "
            "citylint reads it only with --allow-file-urls",
        )
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return replace(entry, path=str(path), problem=f"{path}: not a regular file or folder")
    for named in (entry.profile, entry.metadata):  # files the catalogue names for the entry, same policy
        if named and (named.startswith(FILE_MARK) or "/" in named or named.endswith((".yaml", ".yml"))):
            try:
                readpolicy.check(
                    named.removeprefix(FILE_MARK),
                    "file named by the catalogue",
                    within=None if allow_file_urls else [folder],
                )
            except readpolicy.ReadRefused as exc:
                return replace(entry, path=str(path), problem=str(exc))
    return replace(entry, path=str(path))


def _from_folder(folder: Path) -> list[CatalogEntry]:
    """Each file or subfolder is one input, its name (without extension for a file) the dataset id."""
    return [
        CatalogEntry(item.stem if item.is_file() else item.name, str(item))
        for item in sorted(folder.iterdir())
        if not item.name.startswith(".")
    ]


def _from_csv(source: Path) -> list[CatalogEntry]:
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"{source}: cannot read the CSV catalogue: {exc}") from exc
    missing = [c for c in ("id", "path") if c not in header]
    if missing:
        raise CatalogError(
            f"{source}: the CSV catalogue needs the columns {', '.join(CSV_COLUMNS)}; missing: "
            + ", ".join(missing)
        )
    entries = []
    for number, row in enumerate(rows, start=2):
        if not (row.get("id") or "").strip() or not (row.get("path") or "").strip():
            raise CatalogError(f"{source}: row {number}: id and path are required")
        profile = (row.get("profile") or "").strip() or None
        if profile and (profile.endswith((".yaml", ".yml")) or "/" in profile):  # a file, not a shipped name
            profile = _resolve(source.parent, profile)
        entries.append(
            CatalogEntry(
                row["id"].strip(),
                _resolve(source.parent, row["path"].strip()),
                profile,
                _resolve(source.parent, m) if (m := (row.get("metadata") or "").strip()) else None,
            )
        )
    return entries


def _resolve(base: Path, reference: str) -> str:
    parsed = urlparse(reference)
    if parsed.scheme in ("http", "https"):
        return reference
    if parsed.scheme == "file":
        return FILE_MARK + unquote(parsed.path)  # checked by _checked: refused unless --allow-file-urls
    if len(parsed.scheme) > 1:
        return reference
    return str(base / reference)


def _from_dcat(source: Path, allow_network: bool = False) -> list[CatalogEntry]:
    """Datasets of a DCAT catalogue (any RDF syntax rdflib reads) and their distributions' download URLs.

    Parsed by citylint's offline RDF loader: a remote JSON-LD ``@context`` is read from the standards cache or
    refused without ``--allow-network``, and local contexts follow the read policy."""
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from citylint.standards import StandardsError
    from citylint.validators.rdf.load import RdfDocument, RdfNetworkRefused, RdfSyntaxError, parse

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    try:
        graph = parse(RdfDocument.of(source), allow_network=allow_network)
    except (RdfNetworkRefused, StandardsError) as exc:
        raise CatalogError(f"{source}: cannot read the DCAT catalogue: {exc}") from exc
    except RdfSyntaxError as exc:
        where = f" line {exc.line}" if exc.line is not None else ""
        raise CatalogError(f"{source}:{where}: cannot read the DCAT catalogue: {exc.message}") from exc
    except (OSError, RecursionError, ValueError) as exc:
        raise CatalogError(f"{source}: cannot read the DCAT catalogue: {type(exc).__name__}") from exc
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
    """A dataset id usable as a folder name: the IRI's last segment or the identifier, safe characters
    only."""
    tail = text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
    return re.sub(r"[^A-Za-z0-9._-]+", "-", tail).strip("-.") or "dataset"
