"""File-format checks on distributions: a format is declared, machine-readable, and not proprietary (the two
lists of data.europa.eu, ``formats.yaml``)."""

from __future__ import annotations

from rdflib.term import Node

from citylint.collector import FindingSink
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.metadata.dcat import DCAT, DCTERMS, Metadata
from citylint.validators.metadata.lists import formats
from citylint.validators.metadata.rules import DCAT_AP, MQA, MetadataRule


class FormatMissing(MetadataRule, code="format_missing", severity=Severity.WARNING, spec=DCAT_AP,
                    layer=EifLayer.TECHNICAL, lockin=None,
                    message="{focusNode} declares neither a format (dct:format) nor a media type (dcat:mediaType)"):
    """A distribution says neither its file format nor its media type.

    ## Why it matters
    Reusers and harvesters choose a distribution by its format; without one they must download it to know
    whether they can read it. MQA gives 20 points to a declared format and 10 to a media type.

    ## Example
    A `dcat:Distribution` with a `dcat:downloadURL` and nothing else.

    ## Reference
    DCAT-AP 3.0.1, Distribution: format, media type (recommended); MQA, Interoperability.
    """


class FormatProprietary(MetadataRule, code="format_proprietary", severity=Severity.WARNING, spec=MQA,
                        layer=EifLayer.TECHNICAL, lockin=LockinKind.FORMAT,
                        message="{focusNode}: format {format} is machine-readable but proprietary"):
    """The distribution's format is machine-readable but proprietary (Excel, Shapefile, ...).

    ## Why it matters
    A proprietary format ties reusers to the software of the vendor that controls it: the 5-star open data
    scheme stops at two stars for it ("Excel instead of image scan"), and MQA scores non-proprietary
    formats (20 points). The same content in CSV, GeoJSON or an RDF syntax reaches every tool.

    ## Example
    `dct:format <http://publications.europa.eu/resource/authority/file-type/XLSX>`.

    ## Reference
    data.europa.eu non-proprietary format list (edp-vocabularies); 5-star open data, https://5stardata.info/;
    EIF 2017 recommendations 4 and 42.
    """


class FormatNotMachineReadable(MetadataRule, code="format_not_machine_readable", severity=Severity.WARNING,
                               spec=MQA, layer=EifLayer.TECHNICAL, lockin=LockinKind.FORMAT,
                               message="{focusNode}: format {format} is not machine-readable"):
    """The distribution's format is not machine-readable (PDF, word-processor files, images, web pages).

    ## Why it matters
    Data in a document or an image must be retyped or scraped before any reuse: it earns the first star of
    open data at most, and MQA scores machine-readable formats (20 points).

    ## Example
    `dcat:mediaType <https://www.iana.org/assignments/media-types/application/pdf>` for a timetable.

    ## Reference
    data.europa.eu machine-readable format list (edp-vocabularies); EIF 2017 recommendation 42.
    """


RULES = (FormatMissing, FormatProprietary, FormatNotMachineReadable)


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
            fields = {**meta.fields(distribution, DCTERMS.format), "format": code, "lockinOrigin": f"format {code}"}
            if code in lists.containers:
                continue  # a zip is as readable as what it holds (a GTFS zip holds CSV)
            if code not in lists.machine_readable:
                sink.add(FormatNotMachineReadable, {**fields, "alternative": "CSV, JSON, XML or an RDF syntax"})
            elif code not in lists.non_proprietary:
                sink.add(FormatProprietary, {**fields, "alternative": "a non-proprietary format (CSV, GeoJSON, "
                                                                      "ODS, an RDF syntax)"})
    return sorted(met)
