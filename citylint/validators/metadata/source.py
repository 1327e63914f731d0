"""Where a dataset's metadata comes from, and what the rest of a run takes from it.

In order: the run-wide option ``metadata`` (``--metadata FILE``); else a DCAT file beside the data named after
it, ``<name>.dcat.<ext>`` (``feed.zip`` → ``feed.dcat.ttl``; a folder ``feed/`` → ``feed.dcat.ttl``), then
``dcat.<ext>`` in the same folder, with ``<ext>`` one of the RDF extensions below; else, for an RDF input that
holds a ``dcat:Dataset`` or ``dcat:Catalog``, the input itself. The licence the metadata declares becomes the
run option ``licence`` when the caller gave none, so that the GTFS rules and the fr-nap profile see it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from citylint import readpolicy, standards
from citylint.runoptions import RunOptions

SIDECAR_EXTENSIONS = (".ttl", ".jsonld", ".rdf", ".nt", ".trig", ".nq")
DCAT_NAMESPACE = b"http://www.w3.org/ns/dcat#"
DCAT_AP_CONTEXT = b"semiceu.github.io/DCAT-AP"
MOBILITY_DCAT_AP = b"w3id.org/mobilitydcat-ap"
_SNIFF_BYTES = 1 << 20


def sidecar(path: Path) -> Path | None:
    """The DCAT file beside ``path`` by the naming convention, if there is one."""
    stem = path.name if path.is_dir() else path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    beside = [path.parent.resolve()]
    for name in [f"{stem}.dcat{ext}" for ext in SIDECAR_EXTENSIONS] + [
        f"dcat{ext}" for ext in SIDECAR_EXTENSIONS
    ]:
        candidate = path.parent / name
        if candidate.is_file() and candidate.resolve() != path.resolve():
            try:  # a link out of the data's folder, or a device, is not the data's metadata (readpolicy.py)
                readpolicy.check(candidate, "metadata file", within=beside)
            except readpolicy.ReadRefused:
                continue
            return candidate
    return None


def dcat_flavour(path: Path) -> str | None:
    """``"mobilitydcat-ap"`` or ``"dcat-ap"`` when an RDF file looks like DCAT metadata (from its first
    megabyte: the DCAT namespace or the DCAT-AP JSON-LD context, and a Dataset or Catalog), else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    if not (DCAT_NAMESPACE in head or DCAT_AP_CONTEXT in head) or not (
        b"Dataset" in head or b"Catalog" in head
    ):
        return None
    return "mobilitydcat-ap" if MOBILITY_DCAT_AP in head else "dcat-ap"


def metadata_file(path: Path, options: RunOptions) -> Path | None:
    """The metadata file for the input at ``path`` (not the input itself)."""
    given = options.metadata
    if given:
        return Path(given)
    return None if path.is_file() and dcat_flavour(path) else sidecar(path)


def with_metadata(path: Path, options: RunOptions) -> RunOptions:
    """The run options for one input: ``metadata`` set from the convention when found, and ``licence`` from
    the metadata when the caller gave none. A metadata file that cannot be read is left for the metadata
    validator to report; here it only means no licence is taken from it."""
    found = metadata_file(path, options)
    if found is None:
        return options
    out = replace(options, metadata=str(found))
    if out.licence is None:
        # imported here: rdflib is loaded only for an input that has metadata
        from citylint.validators.metadata.dcat import Metadata, load
        from citylint.validators.metadata.licence import declared_licence
        from citylint.validators.rdf.load import RdfNetworkRefused, RdfSyntaxError

        try:
            licence = declared_licence(Metadata(load(found), found.name))
        except (OSError, RdfSyntaxError, RdfNetworkRefused, standards.StandardsError):
            licence = None
        if licence is not None:
            out = replace(out, licence=licence)
    return out
