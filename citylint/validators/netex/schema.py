"""The official CEN NeTEx XML Schema, from the standards cache, compiled once per process.

Compiling ``NeTEx_publication.xsd`` takes 13–20 s (about 420 files); the compiled schema is kept for the
process (libxml2 cannot store it on disk), so ``check-many`` workers and a test session pay it once.

By default the schema's identity constraints (xsd:key / keyref / unique, about 1,500 of them) are removed from
every schema document as it is loaded: they take about 99 % of libxml2's validation time and cannot span the
files of a delivery anyway; citylint checks identifiers and references itself across the whole delivery
(``index.py``). ``strict`` keeps them (``--netex-schema strict``).

Measured on the shared corpus (``../shared/data/netex/results/FEASIBILITY.md``): French deliveries declare
``1.09`` / ``1.10`` and are nearly valid against v1.2.2 but get thousands of errors against v1.3.1
(``order="0"`` became invalid), so the version is chosen from ``PublicationDelivery/@version``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citylint import standards

XS = "http://www.w3.org/2001/XMLSchema"
IDENTITY = (f"{{{XS}}}key", f"{{{XS}}}keyref", f"{{{XS}}}unique")
IDENTITY_MARKERS = (b"<xsd:key", b"<xsd:unique", b"<xs:key", b"<xs:unique")  # the prefixes the CEN files use
VERSIONS = ("1.2.2", "1.3.1")
ENTRY = "NeTEx_publication.xsd"
_LEADING = re.compile(r"^(?:[A-Za-z]+:)?(\d+)\.(\d+)")
_LOCK = threading.Lock()
_COMPILED: dict[tuple[str, bool], Any] = {}


def artefact_name(version: str) -> str:
    return f"netex-xsd-v{version}"


def choose_version(declared: str | None) -> tuple[str, str]:
    """(schema version, why) for a delivery's ``version`` attribute: ``1.3x`` and later → v1.3.1; earlier
    (``1.0``, ``1.09``, ``1.10`` French, ``1.13``–``1.15`` Nordic, ``ntx:1.1`` EPIP) → v1.2.2, the latest
    release that still accepts them; none or unreadable → v1.2.2."""
    found = _LEADING.match(declared or "")
    if not found:
        return "1.2.2", "no readable version in PublicationDelivery/@version"
    major, minor = int(found.group(1)), found.group(2)
    if major > 1 or (major == 1 and minor.startswith("3")):
        return "1.3.1", f"declared version {declared!r}"
    return "1.2.2", f"declared version {declared!r}"


def _strip_identity(doc: Any) -> int:
    removed = 0
    for element in list(doc.iter(*IDENTITY)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
            removed += 1
    return removed


@dataclass
class CompiledSchema:
    version: str
    strict: bool
    schema: Any  # lxml.etree.XMLSchema
    folder: Path
    constraints_removed: int


def compiled(version: str, *, strict: bool = False) -> CompiledSchema:
    """The compiled schema of a version (installed in the standards cache), compiled on first use."""
    if version not in VERSIONS:
        raise ValueError(f"unknown NeTEx schema version {version!r} (known: {', '.join(VERSIONS)})")
    key = (version, strict)
    with _LOCK:
        if key not in _COMPILED:
            _COMPILED[key] = _compile(version, strict)
        return _COMPILED[key]  # type: ignore[no-any-return]


def _compile(version: str, strict: bool) -> CompiledSchema:
    from lxml import etree

    entry = standards.file(artefact_name(version), ENTRY)
    folder = entry.parent.resolve()
    removed = [0]

    class StripIdentity(etree.Resolver):  # type: ignore[misc]
        """Every schema document below the schema's folder, read locally without its identity constraints."""

        def resolve(self, url: str, pubid: str | None, context: Any) -> Any:
            target = Path(url.removeprefix("file://")).resolve()
            if target.suffix != ".xsd" or not target.is_relative_to(folder) or not target.is_file():
                return None
            raw = target.read_bytes()
            if not any(marker in raw for marker in IDENTITY_MARKERS):
                return None  # no constraint in it (415 of ~420 files): libxml2 reads it itself, parsed once
            doc = etree.fromstring(
                raw, etree.XMLParser(no_network=True, resolve_entities=False), base_url=str(target)
            ).getroottree()
            removed[0] += _strip_identity(doc)
            return self.resolve_string(etree.tostring(doc), context, base_url=str(target))

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    if not strict:
        parser.resolvers.add(StripIdentity())
    doc = etree.parse(str(entry), parser)
    if not strict:
        removed[0] += _strip_identity(doc)
    return CompiledSchema(version, strict, etree.XMLSchema(doc), folder, removed[0])
