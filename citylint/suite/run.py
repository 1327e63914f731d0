"""Running manifest tests with a SHACL engine and judging each one."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

from rdflib import URIRef

from citylint.suite.cases import CONFORMS, data_format
from citylint.suite.compare import actual_keys, differences, expected_keys
from citylint.suite.manifest import SHT, SuiteTest
from citylint.validators.rdf.load import RdfDocument, RdfNetworkRefused, RdfSyntaxError
from citylint.validators.rdf.shacl.engines.base import (
    RdfInput,
    ShaclEngine,
    ShaclNotApplicable,
    ShaclOptions,
    ShaclShapesError,
    ShaclUnsupported,
)


class Outcome(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    UNTESTED = "untested"  # a test type this runner does not run (e.g. SHACL-AF), or no local graphs


@dataclass
class SuiteRun:
    test: SuiteTest
    outcome: Outcome
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0


def suite_id(test: SuiteTest, root: str) -> str:
    """The test's id as the W3C reports write it: ``urn:x-shacl-test:/core/node/minInclusive-001``."""
    iri = str(test.iri)
    if iri.startswith(root):
        return "urn:x-shacl-test:/" + iri[len(root) :].lstrip("/").removesuffix(".ttl")
    return iri


def run_one(test: SuiteTest, engine: ShaclEngine, options: ShaclOptions | None = None) -> SuiteRun:
    started = time.perf_counter()
    run = _judge(test, engine, options or ShaclOptions())
    run.seconds = round(time.perf_counter() - started, 4)
    return run


def _judge(test: SuiteTest, engine: ShaclEngine, options: ShaclOptions) -> SuiteRun:
    if test.kind != SHT.Validate:
        return SuiteRun(test, Outcome.UNTESTED, [f"test type {test.kind} is not run"])
    if test.data is None or test.shapes is None or test.expected is None:
        return SuiteRun(test, Outcome.UNTESTED, ["no local data graph, shapes graph or expected result"])
    expects_failure = test.expected == SHT.Failure
    try:
        data = RdfInput(
            [RdfDocument(test.data, data_format(test.data) if test.expect != "report" else "turtle")]
        )
        shapes = RdfInput([RdfDocument(test.shapes, "turtle")])
        outcome = engine.validate(data, shapes, options)
    except ShaclShapesError as exc:
        if expects_failure:
            return SuiteRun(test, Outcome.PASSED, [f"failure, as expected: {exc}"])
        return SuiteRun(test, Outcome.FAILED, [f"engine reported a failure: {exc}"])
    except ShaclNotApplicable as exc:  # the fast engine declines: auto gives such tests to the reference
        return SuiteRun(test, Outcome.UNTESTED, [f"the engine does not apply: {exc}"])
    except ShaclUnsupported as exc:
        return SuiteRun(test, Outcome.FAILED, [f"unsupported by the engine: {exc}"])
    except (RdfSyntaxError, RdfNetworkRefused, OSError) as exc:
        return SuiteRun(test, Outcome.FAILED, [f"cannot read the test's graphs: {exc}"])
    except Exception as exc:  # noqa: BLE001 - one engine crash fails its test, not the whole run
        return SuiteRun(test, Outcome.FAILED, [f"engine error: {type(exc).__name__}: {exc}"])
    if expects_failure:
        return SuiteRun(test, Outcome.FAILED, ["expected a failure (ill-formed shapes), got a report"])
    if test.expect != "report":  # an example: only whether it conforms is expected
        wanted = test.expect == CONFORMS
        if outcome.conforms == wanted:
            return SuiteRun(test, Outcome.PASSED, [])
        verb = "conform" if wanted else "violate"
        detail = f"expected the example to {verb}, got {len(outcome.results)} result(s)"
        return SuiteRun(test, Outcome.FAILED, [detail])
    conforms, expected = expected_keys(test.graph, test.expected)
    found = actual_keys(outcome.results, data.graph(options), outcome.shapes_graph)
    problems = differences(conforms, expected, outcome.conforms, found)
    return SuiteRun(test, Outcome.FAILED if problems else Outcome.PASSED, problems)


def run_all(
    tests: Iterable[SuiteTest], engine: ShaclEngine, progress: Callable[[SuiteRun], None] | None = None
) -> list[SuiteRun]:
    runs = []
    for test in tests:
        run = run_one(test, engine)
        runs.append(run)
        if progress is not None:
            progress(run)
    return runs


def by_id(runs: Iterable[SuiteRun], root: str) -> dict[str, SuiteRun]:
    return {suite_id(r.test, root): r for r in runs}


def root_of(manifest_iri: URIRef | str) -> str:
    """The folder IRI test ids are relative to (the top manifest's folder)."""
    text = str(manifest_iri)
    return text.rsplit("/", 1)[0] + "/"
