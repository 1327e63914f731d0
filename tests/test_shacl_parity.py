"""``auto`` is never less right than pyshacl: every W3C SHACL test and every DASH-style case, run with
pyshacl, fast and auto, must give the same report (``sh:conforms`` and the multiset of results, compared as
the W3C suite compares them) wherever the fast engine runs; where it declines, auto must be pyshacl.

The DASH-style cases are citylint's own (``fixtures/shacl-dash``). The upstream DASH cases shipped in
pySHACL's repository (``test/resources/dash_tests``) are third-party and not copied here: set
``CITYLINT_DASH_TESTS`` to a local copy of that folder to run them too.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from citylint.suite.cases import load_dash
from citylint.suite.compare import ResultKey, actual_keys, differences
from citylint.suite.manifest import SHT, SuiteTest, load_tests
from citylint.validators.rdf.load import RdfDocument
from citylint.validators.rdf.shacl.engines import AutoShaclEngine
from citylint.validators.rdf.shacl.engines.base import (
    RdfInput,
    ShaclNotApplicable,
    ShaclOptions,
    ShaclShapesError,
    ShaclUnsupported,
)
from citylint.validators.rdf.shacl.engines.fast import FastShaclEngine
from citylint.validators.rdf.shacl.engines.pyshacl import PyShaclEngine
from tests.conftest import FIXTURES, SHARED

pytestmark = pytest.mark.slow  # the whole W3C suite with three engines

W3C = SHARED / "data" / "shacl-test-suite" / "tests" / "manifest.ttl"
DASH_FIXTURES = FIXTURES / "shacl-dash"
UPSTREAM_DASH = os.environ.get("CITYLINT_DASH_TESTS")


def _cases() -> list[SuiteTest]:
    tests = load_dash([DASH_FIXTURES])
    if W3C.is_file():
        tests += load_tests(W3C)
    if UPSTREAM_DASH:
        tests += load_dash([Path(UPSTREAM_DASH)])
    return [t for t in tests if t.kind == SHT.Validate and t.data is not None and t.shapes is not None]


CASES = _cases()


Report = tuple[bool, list[ResultKey]] | str


def _report(test: SuiteTest, engine: object) -> Report:
    """(conforms, result keys), or the reason the engine declined / the shapes failed."""
    assert test.data is not None and test.shapes is not None
    data = RdfInput([RdfDocument(test.data, "turtle")])
    shapes = RdfInput([RdfDocument(test.shapes, "turtle")])
    try:
        outcome = engine.validate(data, shapes, ShaclOptions())  # type: ignore[attr-defined]
    except ShaclNotApplicable as exc:
        return f"declined: {exc}"
    except ShaclShapesError:
        return "failure"
    except ShaclUnsupported:  # pyshacl's NotImplementedError ($shapesGraph): the run stops with exit 2
        return "unsupported"
    keys = actual_keys(outcome.results, data.graph(), outcome.shapes_graph)
    return outcome.conforms, keys


def _same(actual: Report, reference: Report) -> list[str]:
    """What differs between two reports (blank nodes compared by structure, as the W3C suite does)."""
    if isinstance(actual, str) or isinstance(reference, str):
        return [] if actual == reference else [f"{actual!r} != {reference!r}"]
    return differences(reference[0], reference[1], actual[0], actual[1])


@cache
def _reference(test: SuiteTest) -> Report:
    return _report(test, PyShaclEngine())


def _id(test: SuiteTest) -> str:
    return f"{test.manifest.parent.name}/{test.manifest.name}:{str(test.iri).rsplit('/', 1)[-1]}"


@pytest.mark.parametrize("test", CASES, ids=_id)
def test_fast_and_auto_give_the_reference_report(test: SuiteTest) -> None:
    reference = _reference(test)
    fast = _report(test, FastShaclEngine())
    if not (isinstance(fast, str) and fast.startswith("declined")):
        assert _same(fast, reference) == []
    assert _same(_report(test, AutoShaclEngine()), reference) == []


def test_the_fast_engine_runs_on_many_cases() -> None:
    """Guards the comparison above: it must not pass because the fast engine declines everything."""
    ran = [t for t in CASES if not str(_report(t, FastShaclEngine())).startswith("declined")]
    assert len(ran) >= (50 if W3C.is_file() else 2), len(ran)


def test_subclass_declared_component_is_not_a_wrong_conforms() -> None:
    """The issue's wrong "conforms": a component declared through subclasses of sh:ConstraintComponent."""
    test = next(t for t in CASES if t.manifest.name == "subclass-component.test.ttl")
    declined = _report(test, FastShaclEngine())
    assert isinstance(declined, str) and "subclass of sh:ConstraintComponent" in declined
    reference = _reference(test)
    assert not isinstance(reference, str) and reference[0] is False


def test_unloaded_imports_and_geodata_run_fast() -> None:
    for name in ("unloaded-import.test.ttl", "geo-long.test.ttl"):
        test = next(t for t in CASES if t.manifest.name == name)
        fast = _report(test, FastShaclEngine())
        assert not isinstance(fast, str), fast
        assert _same(fast, _reference(test)) == []
