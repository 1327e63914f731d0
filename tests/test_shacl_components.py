"""One class per SHACL constraint component (rules.py) holds its documentation, its message template and the
fast engine's evaluation; the tables the message writer and the fast engine use are derived from them."""

from __future__ import annotations

import pytest

from citylint.validators.rdf.shacl.rules import COMPONENT_RULES, ShaclRule, ShaclSparql, rule_for

SH = "http://www.w3.org/ns/shacl#"


def test_every_core_component_has_a_template_and_the_fast_engine_evaluates_it() -> None:
    from citylint.validators.rdf.shacl.fast import engine

    for rule in COMPONENT_RULES:
        assert rule.__doc__ and rule.rule.code.startswith("shacl_")
        if rule is ShaclSparql:  # SHACL-SPARQL: the engine fills in the shape's own message; pyshacl runs it
            assert rule.template is None and rule.fast_parameter is None
            continue
        assert rule.template, rule
        assert rule.fast_parameter, rule
        # exactly one of the two ways of evaluating it, given by fast/engine.py when it loads
        assert (rule.fast_handler is None) != (rule.fast_value_test is None), rule
        handler = engine.COMPONENTS[engine.SH[rule.fast_parameter]]
        if rule.fast_handler is not None:
            assert handler is rule.fast_handler
        else:
            assert engine.VALUE_TESTS[engine.SH[rule.fast_parameter]] == (
                rule.local_name(),
                rule.fast_value_test,
            )


def test_the_derived_tables_hold_nothing_else() -> None:
    from citylint.validators.rdf.shacl.fast import engine
    from citylint.validators.rdf.shacl.fast.shapes import COMPILED
    from citylint.validators.rdf.shacl.messages import TEMPLATES

    assert set(TEMPLATES) == {r.local_name() for r in COMPONENT_RULES if r is not ShaclSparql}
    parameters = {str(engine.SH[r.fast_parameter]) for r in COMPONENT_RULES if r.fast_parameter}
    assert {str(p) for p in engine.COMPONENTS} == parameters
    assert parameters <= {str(p) for p in COMPILED}
    # sh:in's template names its parameter; sh:closed's has none
    assert TEMPLATES["In"][0] == engine.SH["in"] and TEMPLATES["Closed"][0] is None


@pytest.mark.parametrize("rule", COMPONENT_RULES, ids=lambda r: r.rule.code)
def test_results_find_their_component_class(rule: type[ShaclRule]) -> None:
    assert rule_for(SH + rule.component) is rule


def test_the_rules_module_loads_neither_rdflib_nor_pyoxigraph() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, citylint.validators.rdf.shacl.validator; "
        "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyshacl') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
