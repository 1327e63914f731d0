"""The controlled vocabularies as background knowledge: an index of the EU authority tables (and ADMS, IANA,
the mobilityDCAT-AP vocabularies) built once from the standards cache, and what the SHACL run of a metadata
profile takes from it.

The tables, their files and the class a concept of each gets are in ``eu_tables.yaml`` (with the sources of
that mapping: SEMIC's DCAT-AP range shapes, DCAT-AP-SE-Processor's ``RDFVocabularyBuilder.java`` and NAPCORE's
``fix_vocab_stubs.py``). Reading the tables' RDF takes about a second; the index (codes, scheme, one label
each) is written as JSON to the user cache, keyed by the tables' hashes, and read in milliseconds afterwards —
no table graph is built per run. For one data graph, :func:`background` gives the triples that the values it
uses need (``a skos:Concept``, the range classes, ``skos:prefLabel``, ``skos:inScheme``), the values whose
code the table does not hold, and the tables that are not installed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import yaml

from citylint import standards

INDEX_FORMAT = 1
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FOAF_AGENT = "http://xmlns.com/foaf/0.1/Agent"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
LABEL_LANGUAGES = ("en", "fr")  # the label kept per concept: English, else French, else any


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    scheme: str
    namespaces: tuple[str, ...]
    files: tuple[str, ...]  # "artefact/file" in the standards cache
    classes: tuple[str, ...]  # full IRIs
    source: str


@cache
def tables() -> tuple[Table, ...]:
    """The tables ``eu_tables.yaml`` lists."""
    text = (
        package_files("citylint.validators.metadata").joinpath("eu_tables.yaml").read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text)
    prefixes: dict[str, str] = raw["prefixes"]

    def full(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    return tuple(
        Table(
            name=t["name"],
            scheme=t["scheme"],
            namespaces=tuple(t.get("namespaces") or [t["scheme"] + "/"]),
            files=tuple(t.get("files") or ()),
            classes=tuple(full(c) for c in t.get("classes") or ()),
            source=str(t.get("source", "")),
        )
        for t in raw["tables"]
    )


@dataclass(slots=True)
class TableIndex:
    """What citylint knows of one table: its concepts (IRI -> label, "" when the table gives none) and whether
    the table types them ``skos:Concept``."""

    table: Table
    installed: bool
    concepts: dict[str, str] = field(default_factory=dict)
    typed_concept: set[str] = field(default_factory=set)

    def code(self, iri: str) -> str:
        """The IRI as written in the table's first namespace (``http://`` IANA IRIs as ``https://``)."""
        for namespace in self.table.namespaces[1:]:
            if iri.startswith(namespace):
                return self.table.namespaces[0] + iri[len(namespace) :]
        return iri

    def closest(self, iri: str, count: int = 3) -> list[str]:
        """The codes of the table nearest to ``iri``'s (by spelling, case aside)."""
        namespace = self.table.namespaces[0]
        local = self.code(iri)[len(namespace) :]
        codes = {
            c[len(namespace) :].lower(): c[len(namespace) :] for c in self.concepts if c.startswith(namespace)
        }
        wanted = local.lower()
        matcher = difflib.SequenceMatcher(b=wanted)
        scored = []
        for candidate in codes:
            matcher.set_seq1(candidate)
            if (
                matcher.real_quick_ratio() >= 0.5
                and matcher.quick_ratio() >= 0.5
                and (ratio := matcher.ratio()) >= 0.5
            ):
                # ties (DEX: DEU and MEX) go to the code sharing the longer start, then alphabetically
                prefix = len(os.path.commonprefix([candidate, wanted]))
                scored.append((-ratio, -prefix, candidate))
        return [codes[c] for _, _, c in sorted(scored)[:count]]


def _artefact_path(entry: str) -> Path | None:
    name, _, file_name = entry.partition("/")
    try:
        return standards.locate(name, file_name)
    except standards.StandardsError:
        return None


def _digest(table_list: Iterable[Table]) -> str:
    """Identity of the index: the table definitions and the manifest hashes of their files."""
    h = hashlib.sha256(f"format {INDEX_FORMAT}".encode())
    for table in table_list:
        h.update(repr(table).encode())
        for entry in table.files:
            name, _, file_name = entry.partition("/")
            try:
                art = standards.artefact(name)
            except standards.StandardsError:
                continue
            h.update(next((f.sha256 for f in art.files if f.name == file_name), "").encode())
    return h.hexdigest()[:24]


def index_dir() -> Path:
    """Where derived indexes are kept."""
    return standards.derived_dir()


def _scan(path: Path) -> dict[str, dict[str, Any]]:
    """subject IRI -> {"schemes": set, "labels": {lang: text}, "concept": bool} for one table file."""
    import pyoxigraph as ox  # imported here: only the first run after an install reads the tables' RDF

    fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.RDF_XML
    out: dict[str, dict[str, Any]] = {}
    # lenient: the Publications Office's RDF/XML has IRIs with spaces that a strict parser refuses
    for triple in ox.parse(path=str(path), format=fmt, lenient=True):
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        predicate = triple.predicate.value
        if predicate == SKOS + "inScheme" and isinstance(triple.object, ox.NamedNode):
            out.setdefault(subject.value, {}).setdefault("schemes", set()).add(triple.object.value)
        elif predicate == SKOS + "prefLabel" and isinstance(triple.object, ox.Literal):
            out.setdefault(subject.value, {}).setdefault("labels", {})[triple.object.language or ""] = (
                triple.object.value
            )
        elif predicate == RDF_TYPE and triple.object == ox.NamedNode(SKOS + "Concept"):
            out.setdefault(subject.value, {})["concept"] = True
    return out


def _label(labels: dict[str, str]) -> str:
    for language in LABEL_LANGUAGES:
        if language in labels:
            return labels[language]
    return next(iter(sorted(labels.items())), ("", ""))[1]


def _build(table_list: tuple[Table, ...]) -> dict[str, Any]:
    scanned: dict[Path, dict[str, dict[str, Any]]] = {}
    out: dict[str, Any] = {}
    for table in table_list:
        paths = [_artefact_path(entry) for entry in table.files]
        if not paths or any(p is None for p in paths):
            out[table.name] = {"installed": False}
            continue
        concepts: dict[str, str] = {}
        typed: list[str] = []
        for path in paths:
            assert path is not None
            if path not in scanned:
                scanned[path] = _scan(path)
            for iri, facts in scanned[path].items():
                if table.scheme not in facts.get("schemes", ()):
                    continue
                label = _label(facts.get("labels", {}))
                concepts[iri] = concepts.get(iri) or label
                if facts.get("concept"):
                    typed.append(iri)
        # the labels a concept has in another file of the table (a scheme index has none)
        for path in paths:
            assert path is not None
            for iri, label in concepts.items():
                if not label and iri in scanned[path]:
                    concepts[iri] = _label(scanned[path][iri].get("labels", {}))
        out[table.name] = {
            "installed": True,
            "concepts": dict(sorted(concepts.items())),
            "typed": sorted(set(typed)),
        }
    return {"format": INDEX_FORMAT, "tables": out}


def _write(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(handle.name, path)
    except OSError:
        # a read-only cache: the index is rebuilt by the next run (about a second), nothing else is lost
        if "handle" in locals():
            Path(handle.name).unlink(missing_ok=True)


def index() -> dict[str, TableIndex]:
    """Every table by name, from the cached index (built and written on first use)."""
    table_list = tables()
    digest = _digest(table_list)
    return _index_for(digest, tuple(str(_artefact_path(e)) for t in table_list for e in t.files))


@cache
def _index_for(digest: str, located: tuple[str, ...]) -> dict[str, TableIndex]:
    # ``located`` is part of the cache key: installing a table in the same process is seen
    path = (
        index_dir()
        / f"vocabulary-tables-{digest}-{hashlib.sha256(repr(located).encode()).hexdigest()[:8]}.json"
    )
    data: dict[str, Any] | None = None
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
    if data is None or data.get("format") != INDEX_FORMAT:
        data = _build(tables())
        _write(path, data)
    out = {}
    for table in tables():
        facts = data["tables"].get(table.name, {"installed": False})
        out[table.name] = TableIndex(
            table, bool(facts.get("installed")), dict(facts.get("concepts", {})), set(facts.get("typed", ()))
        )
    return out


def table_of(iri: str, known: dict[str, TableIndex]) -> TableIndex | None:
    """The table whose namespace holds ``iri`` (the longest namespace wins), or None."""
    best: tuple[int, TableIndex] | None = None
    for entry in known.values():
        for namespace in entry.table.namespaces:
            if (
                iri.startswith(namespace)
                and len(iri) > len(namespace)
                and (best is None or len(namespace) > best[0])
            ):
                best = (len(namespace), entry)
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value in a table's namespace that is not a code of the table."""

    iri: str
    table: str
    closest: tuple[str, ...]


@dataclass(slots=True)
class Background:
    """What one data graph needs from the tables."""

    triples: list[tuple[str, str, str, str | None]] = field(
        default_factory=list
    )  # s, p, o (IRI or text), lang
    unknown: list[Unknown] = field(default_factory=list)
    not_installed: dict[str, list[str]] = field(default_factory=dict)  # table -> values not checked
    known: int = 0  # values found in an installed table

    def ntriples(self) -> str:
        lines = []
        for s, p, o, language in self.triples:
            obj = (
                json.dumps(o, ensure_ascii=False) + (f"@{language}" if language else "")
                if language is not None
                else f"<{o}>"
            )
            lines.append(f"<{s}> <{p}> {obj} .")
        return "\n".join(lines) + "\n"

    def not_checked(self, *nodes: str) -> bool:
        """Whether a result on these nodes (focus node, value) comes from a table that is not installed."""
        return any(n in values for n in nodes for values in self.not_installed.values())


def background(values: Iterable[str]) -> Background:
    """Background knowledge for the IRIs a data graph uses."""
    known = index()
    out = Background()
    for iri in sorted(set(values)):
        entry = table_of(iri, known)
        if entry is None or iri in (entry.table.scheme, *entry.table.namespaces):
            continue
        if not entry.installed:
            out.not_installed.setdefault(entry.table.name, []).append(iri)
            continue
        code = entry.code(iri)
        if code not in entry.concepts:
            out.unknown.append(Unknown(iri, entry.table.name, tuple(entry.closest(iri))))
            continue
        out.known += 1
        classes = list(entry.table.classes)
        if code in entry.typed_concept and SKOS + "Concept" not in classes:
            classes.insert(0, SKOS + "Concept")
        for cls in classes:
            out.triples.append((iri, RDF_TYPE, cls, None))
        out.triples.append((iri, SKOS + "inScheme", entry.table.scheme, None))
        label = entry.concepts[code]
        if label:
            out.triples.append((iri, SKOS + "prefLabel", label, ""))
            if FOAF_AGENT in classes:  # fix_vocab_stubs.py gives its corporate body a foaf:name too
                out.triples.append((iri, FOAF_NAME, label, ""))
    return out


def iris_of(graph: Any) -> set[str]:
    """The IRIs an rdflib graph uses as objects (the values a range shape looks at)."""
    from rdflib import URIRef

    return {str(o) for o in graph.objects() if isinstance(o, URIRef)}


class VocabularyTables:
    """The background knowledge of one SHACL run: the data graph with the tables' triples for the values it
    uses (for the reference engine) and the same triples as a document beside the data (for engines that parse
    by themselves); :meth:`close` removes that document."""

    def __init__(self, data: Any, found: Background, folder: tempfile.TemporaryDirectory[str] | None) -> None:
        self.data = data
        self.background = found
        self._folder = folder

    @classmethod
    def for_data(cls, data: Any, options: Any) -> VocabularyTables:
        from rdflib import Graph

        from citylint.validators.rdf.load import RdfDocument, parse
        from citylint.validators.rdf.shacl.engines.base import RdfInput

        # the values of the input itself, not of the vocabularies a profile merges beside it
        own = parse(data.documents[0], allow_network=options.allow_network, contexts=options.contexts)
        found = background(iris_of(own))
        graph: Graph = data.graph(options)
        if not found.triples:
            return cls(data, found, None)
        folder = tempfile.TemporaryDirectory(prefix="citylint-tables-")
        target = Path(folder.name) / "vocabulary-tables.nt"
        target.write_text(found.ntriples(), encoding="utf-8")
        graph.parse(data=found.ntriples(), format="nt")
        return cls(RdfInput([*data.documents, RdfDocument(target, "nt")], graph=graph), found, folder)

    def not_checked(self, *nodes: Any) -> bool:
        return self.background.not_checked(*(str(n) for n in nodes if n is not None))

    def summary(self) -> dict[str, Any]:
        """The ``vocabularyTables`` entry of the run's summary."""
        found = self.background
        return {
            "valuesInTables": found.known,
            "unknownCodes": [u.iri for u in found.unknown],
            "notChecked": {
                table: {"reason": "table not installed", "values": values}
                for table, values in sorted(found.not_installed.items())
            },
        }

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


__all__ = [
    "Background",
    "Table",
    "TableIndex",
    "Unknown",
    "VocabularyTables",
    "background",
    "index",
    "index_dir",
    "iris_of",
    "table_of",
    "tables",
]
