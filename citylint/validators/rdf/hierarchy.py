"""Class and property hierarchies of ontologies, merged into the data graph so that SHACL sees them.

SHACL reads ``rdfs:subClassOf`` from the *data* graph (``sh:class``, ``sh:targetClass``; SHACL §3.4 "SHACL
instance"), never from an ontology it is not given. Data that uses a class of a SAREF extension under a
profile of another (``s4bldg:Compressor`` under ``saref-core``: a device, hence a feature of interest) or a
class of its own ontology (``ex:Kitchen ⊑ ex:Room ⊑ s4bldg:BuildingSpace``) would otherwise be reported as
"not a FeatureOfInterest". The shacl validator's parameter ``hierarchy`` names where the axioms come from:

- a standard's name (``saref4bldg``): its ontology from the standards cache, if installed (an extension that
  is not installed adds nothing; the vocabulary validator says which SAREF namespaces it could not check);
- ``saref-installed``: every SAREF ontology citylint knows and finds installed;
- ``data-imports``: the ontologies the data ``owl:imports``, where the standards cache holds them or the IRI
  is a local ``file:`` path inside the data's folder (nothing is downloaded).

Only named-class ``rdfs:subClassOf`` / ``owl:equivalentClass`` and ``rdfs:subPropertyOf`` axioms are merged
(as ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` triples between IRIs), not the ontology's individuals or
restrictions, which shapes would otherwise validate as data. They are written as N-Triples to a temporary
folder that exists for the run only, so that both engines read them as they read any data file.
"""

from __future__ import annotations

import mmap
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import OWL, RDFS, Graph, URIRef

from citylint import standards
from citylint.validators.rdf.load import RdfDocument, parse
from citylint.validators.rdf.vocabularies import SAREF_STANDARDS

SAREF_INSTALLED = "saref-installed"
DATA_IMPORTS = "data-imports"


def ontology_files(entries: list[str], data: Path) -> list[Path]:
    """The ontology files the ``hierarchy`` entries name, each once, in a stable order."""
    out: list[Path] = []
    for entry in entries:
        if entry == SAREF_INSTALLED:
            found: list[Path | None] = [_installed(name) for name in SAREF_STANDARDS]
        elif entry == DATA_IMPORTS:
            found = list(_imports(data))
        else:
            found = [_installed(entry)]
        out += [p for p in found if p is not None and p not in out]
    return out


def _installed(name: str) -> Path | None:
    try:
        return standards.file(name)
    except standards.StandardsError:
        return None


def _imports(data: Path) -> list[Path]:
    if not _mentions(
        data, b"imports"
    ):  # a byte search first: big data without owl:imports is not parsed again
        return []
    try:
        graph = parse(RdfDocument.of(data))
    except Exception:  # noqa: BLE001 - the validators report the data's syntax; here it only has no imports
        return []
    out = []
    folder = data.resolve().parent
    for iri in sorted({str(o) for o in graph.objects(None, OWL.imports)}):
        try:
            local = standards.local_copy(iri)
        except standards.StandardsError:
            local = None
        if local is None and urlparse(iri).scheme == "file":
            candidate = Path(unquote(urlparse(iri).path)).resolve()
            local = candidate if candidate.is_file() and candidate.is_relative_to(folder) else None
        if local is not None:
            out.append(local)
    return out


def _mentions(path: Path, word: bytes) -> bool:
    try:
        if path.stat().st_size == 0:
            return False
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
            return text.find(word) >= 0
    except OSError:
        return False


@cache
def _axioms(path: str, mtime: float) -> str:
    """The hierarchy of one ontology as sorted N-Triples lines (cached per file version)."""
    graph = parse(RdfDocument.of(Path(path)), graph=Graph(bind_namespaces="none"))
    lines = set()
    for predicate, emitted in (
        (RDFS.subClassOf, RDFS.subClassOf),
        (OWL.equivalentClass, RDFS.subClassOf),
        (RDFS.subPropertyOf, RDFS.subPropertyOf),
    ):
        for sub, sup in graph.subject_objects(predicate):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
                lines.add(f"<{sub}> <{emitted}> <{sup}> .\n")
                if predicate == OWL.equivalentClass:
                    lines.add(f"<{sup}> <{emitted}> <{sub}> .\n")
    return "".join(sorted(lines))


def write_hierarchy(ontologies: list[Path], folder: Path) -> Path | None:
    """One N-Triples file with the hierarchies of ``ontologies`` in ``folder``; None when there is none."""
    text = "".join(_axioms(str(p), p.stat().st_mtime) for p in ontologies)
    if not text:
        return None
    target = folder / "hierarchy.nt"
    target.write_text(text, encoding="utf-8")
    return target
