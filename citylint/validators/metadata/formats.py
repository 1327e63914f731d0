"""File-format checks on distributions: a format is declared, machine-readable, and not proprietary (the two
lists of data.europa.eu, ``formats.yaml``)."""

from __future__ import annotations

from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.validators.metadata.dcat import DCAT, DCTERMS, Metadata
from citylint.validators.metadata.lists import formats
from citylint.validators.metadata.rules import FormatMissing, FormatNotMachineReadable, FormatProprietary


def _codes(meta: Metadata, distribution: Node) -> list[str]:
    lists = formats()
    out = []
    for predicate in (DCTERMS.format, DCAT.mediaType):
        for value in meta.values(distribution, predicate):
            code = lists.code(str(value)) or lists.code(meta.label(value) or "")
            if code is not None and code not in out:
                out.append(code)
    return out


def check(meta: Metadata, sink: FindingSink) -> list[str]:
    """Findings about formats; returns the format codes met, for the summary."""
    lists = formats()
    met: set[str] = set()
    for distribution in meta.all_distributions():
        if not meta.values(distribution, DCTERMS.format) and not meta.values(distribution, DCAT.mediaType):
            sink.add(FormatMissing, meta.fields(distribution, DCTERMS.format))
            continue
        for code in _codes(meta, distribution):
            met.add(code)
            fields = {
                **meta.fields(distribution, DCTERMS.format),
                "format": code,
                "lockinOrigin": f"format {code}",
            }
            if code in lists.containers:
                continue  # a zip is as readable as what it holds (a GTFS zip holds CSV)
            if code not in lists.machine_readable:
                sink.add(
                    FormatNotMachineReadable, {**fields, "alternative": "CSV, JSON, XML or an RDF syntax"}
                )
            elif code not in lists.non_proprietary:
                sink.add(
                    FormatProprietary,
                    {**fields, "alternative": "a non-proprietary format (CSV, GeoJSON, ODS, an RDF syntax)"},
                )
    return sorted(met)
