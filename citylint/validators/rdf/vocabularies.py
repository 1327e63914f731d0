"""The vocabularies citylint knows: namespace, term list, deprecated and removed terms, and where each list
comes from.

Term lists are never typed in by hand:

- W3C, DCMI and other vocabularies come from rdflib's bundled namespace classes
  (``rdflib.namespace.DCAT`` ...), which rdflib generates from the official vocabulary files; the source is
  named as ``rdflib <version>``.
- SAREF ontologies come from the standards cache (``citylint standards install``) and are read at run time.
- Terms deleted by a new SAREF version come from a list citylint derives from two ontology versions
  (``citylint shapes removed-terms``), shipped in ``citylint/profiles/saref/``, with a small hand-kept map of
  the replacements the SAREF change log names.

A few namespaces are known standards for which no term list is available offline (vCard, QUDT, OM, SAREF
extensions not in the standards cache): their terms are not checked, and they are not reported as vendor
namespaces either. The hand-kept list of deprecated terms in ``deprecated_terms.yaml`` names its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version as package_version
from importlib.resources import files
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import (
    CSVW,
    DC,
    DCAM,
    DCAT,
    DCMITYPE,
    DCTERMS,
    DOAP,
    FOAF,
    GEO,
    ODRL2,
    ORG,
    OWL,
    PROF,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    SOSA,
    SSN,
    TIME,
    VANN,
    VOID,
    WGS,
    XSD,
    DefinedNamespaceMeta,
)

from citylint import standards
from citylint.shapes.term_diff import declared
from citylint.validators.rdf.load import RdfDocument, parse

SAREF_FAMILY = "https://saref.etsi.org/"
SAREF_LEGACY_NAMESPACE = "https://w3id.org/saref#"
SAREF_CORE = "https://saref.etsi.org/core/"
# Standards in the cache whose terms the vocabulary check reads when they are installed.
SAREF_STANDARDS = {
    "saref-core": SAREF_CORE,
    "saref4city": "https://saref.etsi.org/saref4city/",
    "saref4bldg": "https://saref.etsi.org/saref4bldg/",
}

# rdflib namespace classes: (title, class, extra namespaces spelling the same vocabulary).
_RDFLIB: list[tuple[str, DefinedNamespaceMeta, tuple[str, ...]]] = [
    ("RDF", RDF, ()),
    ("RDFS", RDFS, ()),
    ("OWL", OWL, ()),
    ("XSD", XSD, ()),
    ("SHACL", SH, ()),
    ("DCAT", DCAT, ()),
    ("DCTERMS", DCTERMS, ()),
    ("Dublin Core elements", DC, ()),
    ("DCMI type", DCMITYPE, ()),
    ("DCAM", DCAM, ()),
    ("FOAF", FOAF, ()),
    ("PROV-O", PROV, ()),
    ("SKOS", SKOS, ()),
    ("SOSA", SOSA, ()),
    ("SSN", SSN, ()),
    ("OWL-Time", TIME, ()),
    ("schema.org", SDO, ("http://schema.org/",)),
    ("GeoSPARQL", GEO, ()),
    ("W3C Basic Geo (WGS84)", WGS, ("http://www.w3.org/2003/01/geo/wgs84_pos#",)),
    ("ORG", ORG, ()),
    ("ODRL", ODRL2, ()),
    ("PROF", PROF, ()),
    ("Data Cube", QB, ()),
    ("VoID", VOID, ()),
    ("VANN", VANN, ()),
    ("DOAP", DOAP, ()),
    ("CSVW", CSVW, ()),
]

# Known standards with no term list available offline: not checked term by term, never "non-standard".
UNLISTED_STANDARDS = {
    "http://www.w3.org/2006/vcard/ns#": "vCard (no term list offline: rdflib 7 dropped its VCARD namespace)",
    "http://qudt.org/schema/qudt/": "QUDT schema",
    "http://qudt.org/vocab/unit/": "QUDT units",
    "http://qudt.org/vocab/quantitykind/": "QUDT quantity kinds",
    "http://www.ontology-of-units-of-measure.org/resource/om-2/": "OM 2 (units of measure)",
    "http://www.opengis.net/ont/sf#": "GeoSPARQL Simple Features",
    "http://www.w3.org/ns/locn#": "ISA Core Location",
    "http://data.europa.eu/m8g/": "SEMIC Core Vocabularies (CPSV-AP, CPOV)",
    "http://purl.org/vocab/cpsv#": "CPSV",
    "http://www.w3.org/ns/adms#": "ADMS",
    "http://spdx.org/rdf/terms#": "SPDX",
    "http://www.w3.org/ns/odrl/2/": "ODRL",
    "https://w3id.org/mobilitydcat-ap#": "mobilityDCAT-AP",
    "http://www.w3.org/ns/ssn/systems/": "SSN systems",
    "http://www.w3.org/XML/1998/namespace": "XML",
}


@dataclass(frozen=True)
class Vocabulary:
    title: str
    namespace: str
    source: str
    terms: frozenset[str]  # local names
    deprecated: dict[str, str] = field(default_factory=dict)  # local name -> replacement / note
    removed: dict[str, dict[str, Any]] = field(default_factory=dict)  # local name -> {version, by, source}

    def has(self, local: str) -> bool:
        return local in self.terms or (
            self.namespace == str(RDF) and local.startswith("_") and local[1:].isdigit()
        )


def namespace_of(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut >= 0 else iri


def _rdflib_terms(ns: DefinedNamespaceMeta) -> frozenset[str]:
    base = str(ns._NS)
    return frozenset(str(t)[len(base) :] for t in dir(ns) if str(t).startswith(base))


@cache
def _deprecated_list() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(
        files("citylint.validators.rdf").joinpath("deprecated_terms.yaml").read_text("utf-8")
    )
    out: dict[str, dict[str, str]] = {}
    for entry in raw["vocabularies"]:
        out[entry["namespace"]] = {t["term"]: f"{t.get('by', '')}|{entry['source']}" for t in entry["terms"]}
    return out


@cache
def rdflib_vocabularies() -> tuple[Vocabulary, ...]:
    source = f"rdflib {package_version('rdflib')} bundled namespace"
    out = []
    for title, ns, aliases in _RDFLIB:
        terms = _rdflib_terms(ns)
        for namespace in (str(ns._NS), *aliases):
            out.append(Vocabulary(title, namespace, source, terms, _deprecated_list().get(str(ns._NS), {})))
    return tuple(out)


@cache
def removed_saref_core_terms() -> dict[str, dict[str, Any]]:
    """Local name → {version (the last one declaring it), kind, by (replacements), source} for SAREF core."""
    folder = files("citylint.profiles.saref")
    removed = yaml.safe_load(folder.joinpath("saref-core-removed-terms.yaml").read_text("utf-8"))
    replacements = yaml.safe_load(folder.joinpath("saref-core-replacements.yaml").read_text("utf-8"))[
        "replacements"
    ]
    out = {}
    for term in removed["terms"]:
        local = term["iri"][len(removed["namespace"]) :]
        entry = {
            "version": str(removed["last_version"]),
            "removedIn": str(removed["removed_in"]),
            "kind": term["kind"],
        }
        if local in replacements:
            entry["by"] = [b if ":" in b else SAREF_CORE + b for b in replacements[local]["by"]]
            entry["source"] = replacements[local]["source"]
        out[local] = entry
    return out


def ontology_vocabulary(name: str, namespace: str) -> Vocabulary:
    """A SAREF ontology's terms from the standards cache; raises ``standards.StandardMissing`` if not
    installed."""
    path = standards.file(name)
    return _ontology_vocabulary(str(path), name, namespace)


@cache
def _ontology_vocabulary(path: str, name: str, namespace: str) -> Vocabulary:
    from pathlib import Path

    graph = parse(RdfDocument.of(Path(path)), graph=Graph(bind_namespaces="none"))
    terms = frozenset(iri[len(namespace) :] for iri in declared(graph, namespace))
    deprecated = {
        str(s)[len(namespace) :]: "|owl:deprecated in the ontology"
        for s in graph.subjects(OWL.deprecated, Literal(True))
        if isinstance(s, URIRef) and str(s).startswith(namespace)
    }
    art = standards.artefact(name)
    removed = removed_saref_core_terms() if namespace == SAREF_CORE else {}
    return Vocabulary(
        art.title, namespace, f"standards cache: {name} {art.version}", terms, deprecated, removed
    )
