"""Reading W3C test manifests: ``mf:Manifest`` files, their ``mf:include``s and ``mf:entries``.

Manifests are read from local files only; an include or a graph outside the local files is a test that
cannot run, never a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from citylint.validators.rdf.load import RdfDocument, RdfSyntaxError, parse

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


class ManifestError(Exception):
    """A manifest cannot be read (missing file, bad syntax, include loop)."""


@dataclass(frozen=True)
class SuiteTest:
    iri: URIRef
    label: str
    kind: URIRef  # sht:Validate, or another type this runner does not run
    data: Path | None
    shapes: Path | None
    expected: Node | None  # the mf:result node (a sh:ValidationReport, or sht:Failure)
    graph: Graph  # the manifest graph holding the expected report
    status: str  # local name of mf:status (approved, proposed, rejected)
    manifest: Path
    expect: str = (
        "report"  # "report": compare with ``expected``; "conforms" / "violates": examples (cases.py)
    )


def _local_path(iri: Node) -> Path | None:
    parsed = urlparse(str(iri))
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def load_tests(manifest: Path) -> list[SuiteTest]:
    """Every test of the manifest and of the manifests it includes, in manifest order."""
    tests: list[SuiteTest] = []
    _load(manifest.resolve(), tests, seen=set())
    return tests


def _load(path: Path, tests: list[SuiteTest], seen: set[Path]) -> None:
    if path in seen:
        raise ManifestError(f"{path}: included twice (include loop)")
    seen.add(path)
    if not path.is_file():
        raise ManifestError(f"manifest not found: {path}")
    try:
        graph = parse(RdfDocument(path, "turtle"))
    except RdfSyntaxError as exc:
        raise ManifestError(f"{path}: line {exc.line}: {exc.message}") from exc
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for included in graph.objects(manifest, MF.include):
            local = _local_path(included)
            if local is None:
                raise ManifestError(f"{path}: include {included} is not a local file")
            _load(local, tests, seen)
        for entries in graph.objects(manifest, MF.entries):
            for entry in Collection(graph, entries):
                if isinstance(entry, URIRef):
                    tests.append(_test(graph, entry, path))


def _test(graph: Graph, entry: URIRef, manifest: Path) -> SuiteTest:
    action = graph.value(entry, MF.action)
    data = graph.value(action, SHT.dataGraph) if action is not None else None
    shapes = graph.value(action, SHT.shapesGraph) if action is not None else None
    status = graph.value(entry, MF.status)
    return SuiteTest(
        iri=entry,
        label=str(graph.value(entry, RDFS.label) or ""),
        kind=URIRef(str(graph.value(entry, RDF.type) or "")),
        data=_local_path(data) if data is not None else None,
        shapes=_local_path(shapes) if shapes is not None else None,
        expected=graph.value(entry, MF.result),
        graph=graph,
        status=str(status).rpartition("#")[2] if status is not None else "",
        manifest=manifest,
    )
