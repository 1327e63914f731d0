"""Test collections other than W3C manifests: DASH test cases and folders of positive / negative examples.

- **DASH** (``dash:GraphValidationTestCase``, the format of TopBraid's and pySHACL's test cases): one Turtle
  file is both the data graph and the shapes graph, and names its expected ``sh:ValidationReport`` with
  ``dash:expectedResult``. Mirrors ``check_dash_result`` in pySHACL's ``pyshacl/validator_conformance.py``
  (v0.40): a file with ``dash:GraphValidationTestCase`` nodes is validated once and each case's report is
  compared (here with the W3C suite's comparison, ``compare.py``). ``dash:InferencingTestCase`` and
  ``dash:FunctionTestCase`` are listed as untested (they test rules and functions, not validation).
- **Examples**: a folder with shapes (``shapes.ttl`` or ``shapes/*.ttl``) and data files under ``valid/`` or
  ``positive/`` (each must conform) and ``invalid/`` or ``negative/`` (each must not).

Every collection becomes :class:`~citylint.suite.manifest.SuiteTest` entries, so one runner and one EARL
writer serve all of them.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from citylint.suite.manifest import SHT, ManifestError, SuiteTest
from citylint.validators.rdf.formats import sniff_format
from citylint.validators.rdf.load import RdfDocument, RdfSyntaxError, parse

DASH = Namespace("http://datashapes.org/dash#")
# Expectation of an example: the data must conform, or must not.
CONFORMS, VIOLATES = "conforms", "violates"
POSITIVE_DIRS = ("valid", "positive", "good")
NEGATIVE_DIRS = ("invalid", "negative", "bad")
RDF_SUFFIXES = {".ttl", ".nt", ".jsonld", ".rdf", ".owl", ".xml", ".trig", ".nq", ".n3"}


def is_dash_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    return b"datashapes.org/dash#" in head and b"TestCase" in head


def load_dash(paths: list[Path]) -> list[SuiteTest]:
    """The DASH test cases of the given files and of the ``*.ttl`` files under the given folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.ttl") if is_dash_file(p))
        elif path.is_file():
            files.append(path)
        else:
            raise ManifestError(f"not found: {path}")
    tests: list[SuiteTest] = []
    for file in files:
        try:
            graph = parse(RdfDocument(file.resolve(), "turtle"))
        except RdfSyntaxError as exc:
            raise ManifestError(f"{file}: line {exc.line}: {exc.message}") from exc
        for kind in (
            DASH.GraphValidationTestCase,
            DASH.InferencingTestCase,
            DASH.FunctionTestCase,
            DASH.QueryTestCase,
        ):
            for case in sorted(graph.subjects(RDF.type, kind), key=str):
                tests.append(
                    SuiteTest(
                        iri=URIRef(case if isinstance(case, URIRef) else file.resolve().as_uri()),
                        label=str(graph.value(case, RDFS.label) or file.stem),
                        kind=SHT.Validate if kind == DASH.GraphValidationTestCase else kind,
                        data=file.resolve(),
                        shapes=file.resolve(),
                        expected=graph.value(case, DASH.expectedResult),
                        graph=graph,
                        status="",
                        manifest=file.resolve(),
                    )
                )
    return tests


def load_examples(folder: Path) -> list[SuiteTest]:
    """One test per example file: those under valid/ (positive/, good/) must conform, the others must not."""
    shapes = _shapes(folder)
    tests: list[SuiteTest] = []
    for names, expect in ((POSITIVE_DIRS, CONFORMS), (NEGATIVE_DIRS, VIOLATES)):
        for name in names:
            for data in sorted((folder / name).rglob("*")) if (folder / name).is_dir() else []:
                if data.suffix.lower() not in RDF_SUFFIXES or not data.is_file():
                    continue
                tests.append(
                    SuiteTest(
                        iri=URIRef(data.resolve().as_uri()),
                        label=f"{name}/{data.name}",
                        kind=SHT.Validate,
                        data=data.resolve(),
                        shapes=shapes,
                        expected=Literal(expect == CONFORMS),
                        graph=Graph(),
                        status="",
                        manifest=folder.resolve(),
                        expect=expect,
                    )
                )
    if not tests:
        raise ManifestError(f"{folder}: no examples under {', '.join(POSITIVE_DIRS + NEGATIVE_DIRS)}")
    return tests


def _shapes(folder: Path) -> Path:
    single = folder / "shapes.ttl"
    if single.is_file():
        return single.resolve()
    raise ManifestError(f"{folder}: no shapes.ttl next to the example folders")


def data_format(path: Path) -> str:
    """The rdflib format of an example file (Turtle when nothing says otherwise)."""
    return sniff_format(path) or "turtle"


def is_examples_folder(path: Path) -> bool:
    return (
        path.is_dir()
        and (path / "shapes.ttl").is_file()
        and any((path / name).is_dir() for name in POSITIVE_DIRS + NEGATIVE_DIRS)
    )
