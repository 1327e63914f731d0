"""What a SHACL run does not evaluate is reported, one entry per cause (``shacl.coverage.not_evaluated``)."""

from __future__ import annotations

from rdflib import Graph

from citylint.validators.rdf.shacl.coverage import not_evaluated

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix dash: <http://datashapes.org/dash#> .
@prefix ex: <http://example.org/> .
"""


def _features(turtle: str, imports: tuple[str, ...] = ()) -> dict[str, int]:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    return {item.feature: item.count for item in not_evaluated(graph, imports)}


def test_core_and_advanced_features_are_evaluated() -> None:
    assert (
        _features("""ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
        dash:editor dash:TextFieldEditor ] ; sh:expression [ sh:path ex:q ] ;
        sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this a ex:C }" ] .""")
        == {}
    )


def test_each_cause_is_one_entry_with_its_count() -> None:
    found = _features(
        """
        ex:A a sh:NodeShape ; sh:targetClass ex:C ; sh:js [ sh:jsFunctionName "f" ] ;
            dash:uniqueValueForClass ex:C .
        ex:B a sh:NodeShape ; sh:targetClass ex:D ; sh:js [ sh:jsFunctionName "g" ] ;
            dash:uniqueValueForClass ex:D .
        ex:E a sh:NodeShape ; sh:target [ a ex:UnknownTarget ] .
        <http://example.org/shapes> sh:entailment <http://www.w3.org/ns/entailment/RDFS> .""",
        imports=("http://example.org/not-cached",),
    )
    assert found == {
        "SHACL-JavaScript (sh:js)": 2,
        "dash:uniqueValueForClass": 2,
        "sh:target": 1,
        "sh:entailment": 1,
        "owl:imports <http://example.org/not-cached>": 1,
    }


def test_a_declared_dash_component_is_evaluated() -> None:
    assert (
        _features("""ex:Comp a sh:ConstraintComponent ; sh:parameter [ sh:path dash:uniqueValueForClass ] ;
        sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { }" ] .
        ex:A a sh:NodeShape ; sh:targetClass ex:C ; dash:uniqueValueForClass ex:C .""")
        == {}
    )
