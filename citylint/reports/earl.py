"""W3C EARL 1.0 (Evaluation and Report Language) in Turtle, for conformance and implementation reports.

One ``earl:Assertion`` per rule that ran and input: the input is the test subject, the rule (its documentation
page) the test, citylint with its version the assertor. A rule with findings has failed; one without has
passed, unless the input could not be fully checked (a system error): then nothing is certain and the outcome
is ``earl:cantTell``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, DOAP, FOAF, RDF, XSD

from citylint import __version__
from citylint.escape import visible
from citylint.i18n import SOURCE_LANG
from citylint.model import Report, Rule
from citylint.reports import DEFAULT_FAIL_ON
from citylint.reports.common import known_rules
from citylint.rules_doc import PROJECT_URL, rule_page_url

EARL = Namespace("http://www.w3.org/ns/earl#")
CITYLINT = URIRef(PROJECT_URL)


def _assertor(graph: Graph) -> None:
    graph.add((CITYLINT, RDF.type, EARL.Software))
    graph.add((CITYLINT, RDF.type, EARL.Assertor))
    graph.add((CITYLINT, RDF.type, DOAP.Project))
    graph.add((CITYLINT, DOAP.name, Literal("citylint")))
    graph.add((CITYLINT, DOAP.homepage, CITYLINT))
    release = BNode("citylint-release")
    graph.add((CITYLINT, DOAP.release, release))
    graph.add((release, RDF.type, DOAP.Version))
    graph.add((release, DOAP.revision, Literal(__version__)))
    graph.add((CITYLINT, FOAF.name, Literal("citylint")))


def _subject(graph: Graph, report: Report) -> URIRef:
    subject = URIRef(Path(report.input).resolve().as_uri())
    graph.add((subject, RDF.type, EARL.TestSubject))
    graph.add((subject, DCTERMS.title, Literal(visible(report.input))))
    graph.add((subject, DCTERMS.type, Literal(report.kind)))
    return subject


def _add_report(graph: Graph, report: Report, rules: dict[str, Rule]) -> None:
    subject = _subject(graph, report)
    date = Literal(report.validation_date, datatype=XSD.date)
    uncertain = bool(report.system_errors)
    for code in sorted(set(report.checked) | set(report.notices)):
        notice = report.notices.get(code)
        test = URIRef(rule_page_url(code))
        graph.add((test, RDF.type, EARL.TestCriterion))
        graph.add((test, DCTERMS.identifier, Literal(code)))
        rule = notice.rule if notice is not None else rules.get(code)
        if rule is not None:
            graph.add((test, DCTERMS.title, Literal(rule.summary, lang="en")))
        active = notice.active if notice else 0
        suppressed = notice.suppressed if notice else 0
        outcome = EARL.failed if active else (EARL.cantTell if uncertain else EARL.passed)
        description = f"{active} finding(s)" + (
            f", {suppressed} suppressed by the baseline" if suppressed else ""
        )
        if notice is not None and notice.samples:
            description += f"; e.g. {notice.samples[0].message}"
        assertion, result = BNode(), BNode()
        graph.add((assertion, RDF.type, EARL.Assertion))
        graph.add((assertion, EARL.assertedBy, CITYLINT))
        graph.add((assertion, EARL.subject, subject))
        graph.add((assertion, EARL.test, test))
        graph.add((assertion, EARL.mode, EARL.automatic))
        graph.add((assertion, EARL.result, result))
        graph.add((result, RDF.type, EARL.TestResult))
        graph.add((result, EARL.outcome, outcome))
        graph.add((result, DCTERMS.date, date))
        graph.add((result, DCTERMS.description, Literal(visible(description), lang="en")))


def earl_graph(reports: Sequence[Report]) -> Graph:
    graph = Graph()
    graph.bind("earl", EARL)
    graph.bind("doap", DOAP)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    _assertor(graph)
    rules = known_rules()
    for report in reports:
        _add_report(graph, report, rules)
    return graph


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    text = earl_graph(reports).serialize(format="turtle")
    return text if text.endswith("\n") else text + "\n"
