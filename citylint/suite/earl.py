"""EARL 1.0 report of a suite run: one ``earl:Assertion`` per test, citylint as the test subject."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from citylint import __version__
from citylint.suite.run import SuiteRun, suite_id

EARL = Namespace("http://www.w3.org/ns/earl#")
DOAP = Namespace("http://usefulinc.com/ns/doap#")
CITYLINT = URIRef("https://citylint.eu/")


def earl_graph(runs: Iterable[SuiteRun], root: str, engine: str, when: dt.datetime | None = None) -> Graph:
    graph = Graph()
    for prefix, namespace in (("earl", EARL), ("doap", DOAP), ("dct", DCTERMS)):
        graph.bind(prefix, namespace)
    graph.add((CITYLINT, RDF.type, EARL.Software))
    graph.add((CITYLINT, RDF.type, EARL.TestSubject))
    graph.add((CITYLINT, RDF.type, DOAP.Project))
    graph.add((CITYLINT, DOAP.name, Literal("citylint")))
    release = BNode()
    graph.add((CITYLINT, DOAP.release, release))
    graph.add((release, RDF.type, DOAP.Version))
    graph.add((release, DOAP.revision, Literal(__version__)))
    description = Literal(f"citylint SHACL validation with the {engine} engine", lang="en")
    graph.add((CITYLINT, DCTERMS.description, description))
    stamp = Literal(
        (when or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(), datatype=XSD.dateTime
    )
    for run in runs:
        assertion, result = BNode(), BNode()
        graph.add((assertion, RDF.type, EARL.Assertion))
        graph.add((assertion, EARL.assertedBy, CITYLINT))
        graph.add((assertion, EARL.subject, CITYLINT))
        graph.add((assertion, EARL.test, URIRef(suite_id(run.test, root))))
        graph.add((assertion, EARL.mode, EARL.automatic))
        graph.add((assertion, EARL.result, result))
        graph.add((result, RDF.type, EARL.TestResult))
        graph.add((result, EARL.outcome, EARL[run.outcome.value]))
        graph.add((result, DCTERMS.date, stamp))
        if run.details:
            graph.add((result, EARL.info, Literal("; ".join(run.details)[:2000], lang="en")))
    return graph
