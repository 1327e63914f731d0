"""A NeTEx delivery: one ``PublicationDelivery`` XML file, a folder or a zip of them (the French layout: one
file per line beside shared stops, network and calendar files; the Nordic one: shared files prefixed ``_``).

Files are recognised by content (the root element), never by name alone; members are read as streams, so a
zipped national delivery is never inflated to disk nor held whole in memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

NETEX_NS = "http://www.netex.org.uk/netex"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?PublicationDelivery[\s>/]")
_VERSION = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?PublicationDelivery\b[^>]*?\sversion\s*=\s*[\"']([^\"']*)[\"']", re.DOTALL
)
HEAD_BYTES = 8192
MAX_MEMBERS = 10_000


@dataclass(frozen=True, slots=True)
class Document:
    """One XML file of a delivery: its name in reports, its size, and where to read it."""

    name: str
    size: int
    path: Path  # the file, or the zip holding it
    member: str | None = None  # the zip member's name

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if self.member is None:
            with self.path.open("rb") as handle:
                yield handle
        else:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as handle:
                yield handle

    def head(self) -> bytes:
        with self.open() as handle:
            return handle.read(HEAD_BYTES)


def is_delivery_head(head: bytes) -> bool:
    """The first bytes of a file open a NeTEx PublicationDelivery (after the XML declaration and comments)."""
    return bool(_ROOT.search(head)) and b"<" in head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def delivery_version(head: bytes) -> str | None:
    """``PublicationDelivery/@version`` read from the file's first bytes."""
    found = _VERSION.search(head)
    return found.group(1).decode("utf-8", "replace") if found else None


def _is_xml_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(".xml") and not base.startswith(".") and "__MACOSX/" not in name


def documents(path: Path) -> list[Document]:
    """The XML files of a delivery, in name order (a single file is a delivery of one document)."""
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _is_xml_name(p.name))
        return [Document(p.relative_to(path).as_posix(), p.stat().st_size, p) for p in found]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir() and _is_xml_name(i.filename)]
        if len(infos) > MAX_MEMBERS:
            infos = infos[:MAX_MEMBERS]
        return [
            Document(i.filename, i.file_size, path, i.filename)
            for i in sorted(infos, key=lambda i: i.filename)
        ]
    return [Document(path.name, path.stat().st_size, path)]


def looks_like_netex(path: Path) -> bool:
    """A file, folder or zip holding at least one NeTEx PublicationDelivery (by content)."""
    try:
        if path.is_dir() or zipfile.is_zipfile(path):
            candidates = documents(path)[:50]
        else:
            with path.open("rb") as handle:
                return is_delivery_head(handle.read(HEAD_BYTES))
        return any(is_delivery_head(doc.head()) for doc in candidates)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def default_profile(path: Path) -> str:
    """``netex-fr`` for a French delivery (``FR-NETEX`` in its version string or the French frame types),
    ``netex-nordic`` for a Nordic one (``:NO-``), ``netex`` otherwise; read from the first documents'
    heads."""
    try:
        heads = [doc.head() for doc in documents(path)[:20]]
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return "netex"
    for head in heads:
        version = delivery_version(head) or ""
        if (
            "FR-NETEX" in version.upper()
            or b'TypeOfFrameRef ref="FR:' in head
            or b":TypeOfFrame:NETEX_" in head
        ):
            return "netex-fr"
        if ":NO-" in version:
            return "netex-nordic"
    return "netex"
