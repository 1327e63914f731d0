"""SAREF profiles through the real CLI, and the generator of their shapes.

``fixtures/saref/<case>/{bad,good}/`` hold ``data.ttl`` and ``case.json`` (profile, exit code, notices,
location of the first finding of a bad case). The SAREF ontologies come from the standards cache, pointed here
at the shared corpus (a mirror folder), so these tests are corpus tests; the generator's own fixture is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from citylint import standards
from citylint.shapes.from_owl import derive
from citylint.shapes.term_diff import removed_terms, removed_terms_yaml
from tests.conftest import FIXTURES, ROOT, corpus, run_cli, totals

SAREF_FIXTURES = FIXTURES / "saref"
PROFILE_DIR = ROOT / "citylint" / "profiles" / "saref"
RELEASES = "data/saref/ontologies/etsi-release"
OWL_FIXTURE = FIXTURES / "owl" / "from_owl"


@pytest.fixture
def saref_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    shared = corpus("data")
    monkeypatch.setenv(standards.ENV_DIR, str(shared))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return shared


@pytest.mark.corpus
def test_saref4city_reports_shacl_and_vocabulary_findings(
    saref_cache: Path, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data.ttl"
    data.write_text(
        (SAREF_FIXTURES / "saref4city_cardinality" / "bad" / "data.ttl").read_text(encoding="utf-8")
        + "ex:a1 s4city:quantifiesKPl ex:kpi1 .\nex:m1 a saref:Measurement .\n",
        encoding="utf-8",
    )
    code, report, _ = check_json(data, "--profile", "saref4city")
    found = totals(report)
    assert found["shacl_min_count"] == 1 and found["vocabulary_unknown_term"] == 1
    assert found["saref_removed_term"] == 1 and code == 1
    typo = next(n for n in report["notices"] if n["code"] == "vocabulary_unknown_term")["sampleNotices"][0]
    assert typo["citylint"]["location"] == {
        "file": "data.ttl",
        "focus_node": "https://city.example/data/a1",
        "path": "https://saref.etsi.org/saref4city/quantifiesKPl",
    }
    assert typo["suggestion"] == "https://saref.etsi.org/saref4city/quantifiesKPI"


def test_missing_ontology_is_exit_2_naming_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    code, _, err = run_cli(
        "check",
        str(SAREF_FIXTURES / "saref4city_datatype" / "good" / "data.ttl"),
        "--profile",
        "saref4city",
        "--quiet",
    )
    assert code == 2
    assert "citylint standards install saref-core" in err
    assert "Traceback" not in err


@pytest.mark.corpus
def test_broken_saref4city_example_is_a_syntax_finding(saref_cache: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    example = corpus("data/saref/examples/oeg-saref-ext-2020/saref4city-example1.ttl")
    code, report, _ = check_json(example, "--profile", "saref4city")
    assert totals(report) == {"rdf_syntax_error": 1}
    sample = report["notices"][0]["sampleNotices"][0]
    assert sample["lineNumber"] >= 13  # the unclosed IRI opens on line 13; the parser stops where it notices
    assert code == 1


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("profile", "ontologies"),
    [
        ("saref-core", ["saref-core-v4.1.1.ttl"]),
        ("saref4city", ["saref-core-v4.1.1.ttl", "saref4city-v2.1.1.ttl"]),
        ("saref4bldg", ["saref-core-v4.1.1.ttl", "saref4bldg-v2.1.1.ttl"]),
    ],
)
def test_derived_shapes_are_up_to_date(profile: str, ontologies: list[str]) -> None:
    paths = [corpus(f"{RELEASES}/{name}") for name in ontologies]
    derived = derive(paths, [PROFILE_DIR / "saref-core.hand.ttl"])
    committed = (PROFILE_DIR / f"{profile}.derived.ttl").read_text(encoding="utf-8")
    assert derived.turtle == committed, f"regenerate {profile}.derived.ttl (see its header)"
    assert derived.skipped == []
    for path in paths:
        assert standards.sha256_of(path) in committed


@pytest.mark.corpus
def test_removed_terms_list_is_up_to_date() -> None:
    old = corpus("data/saref/ontologies/older/saref-core-v3.1.1-copy.owl")
    new = corpus(f"{RELEASES}/saref-core-v4.1.1.ttl")
    namespace = "https://saref.etsi.org/core/"
    command = ["citylint", "shapes", "removed-terms", old.name, new.name, "--namespace", namespace]
    committed = (PROFILE_DIR / "saref-core-removed-terms.yaml").read_text(encoding="utf-8")
    assert removed_terms_yaml(old, new, namespace, command) == committed
    gone, _, _ = removed_terms(old, new, namespace)
    kinds = [t.kind for t in gone]
    # the count: 66 classes and 21 object properties between v3.1.1 and v4.1.1
    assert (kinds.count("class"), kinds.count("object property")) == (66, 21)


def test_replacements_name_only_removed_terms_and_cite_a_source() -> None:
    removed = yaml.safe_load((PROFILE_DIR / "saref-core-removed-terms.yaml").read_text(encoding="utf-8"))
    locals_ = {t["iri"].removeprefix(removed["namespace"]) for t in removed["terms"]}
    replacements = yaml.safe_load((PROFILE_DIR / "saref-core-replacements.yaml").read_text(encoding="utf-8"))
    for term, entry in replacements["replacements"].items():
        assert term in locals_, term
        assert entry["by"] and entry["source"]


def test_hand_shapes_cite_their_clause() -> None:
    from rdflib import Graph
    from rdflib.namespace import SH

    graph = Graph().parse(PROFILE_DIR / "saref-core.hand.ttl")
    messages = [str(m) for m in graph.objects(None, SH.message)]
    assert len(messages) >= 10
    assert all("TS 103 264 V4.1.1 clause 5." in m for m in messages)


@pytest.mark.parametrize("kind", ["good", "bad"])
def test_from_owl_shapes_check_data(kind: str, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    shapes = tmp_path / "shapes.ttl"
    code, _, err = run_cli("shapes", "from-owl", str(OWL_FIXTURE / "ontology.ttl"), "-o", str(shapes))
    assert code == 0, err
    header = shapes.read_text(encoding="utf-8")
    assert "version 1.0 sha256 " + standards.sha256_of(OWL_FIXTURE / "ontology.ttl") in header
    spec = json.loads((OWL_FIXTURE / "case.json").read_text(encoding="utf-8"))[kind]
    code, report, err = check_json(OWL_FIXTURE / kind / "data.ttl", "--shapes", str(shapes))
    assert report["systemErrors"] == [], err
    counts: dict[str, int] = {}  # shacl_or comes from a Violation and a Warning shape: two notices, one code
    for notice in report["notices"]:
        counts[notice["code"]] = counts.get(notice["code"], 0) + notice["totalNotices"]
    assert counts == spec["notices"]
    assert code == spec["exit"]


def test_from_owl_severities_follow_the_axiom(tmp_path: Path) -> None:
    text = derive([OWL_FIXTURE / "ontology.ttl"]).turtle
    blocks = {b.split("\n", 1)[0]: b for b in text.split("\n\n") if b.startswith("<urn:")}

    def severity(fragment: str) -> str:
        block = next(b for name, b in blocks.items() if fragment in name)
        return block.split("sh:severity ", 1)[1].split()[0]

    assert severity("ParkingSensor-park-monitors-some") == "sh:Violation"
    assert severity("Sensor-park-installedIn-all") == "sh:Warning"
    assert (
        severity("ParkingSensor-park-level-all") == "sh:Violation"
    )  # a datatype: a contradiction, not a gap
    assert severity("ParkingSensor-park-status-hasValue") == "sh:Info"
    assert severity("hasSerial-domain") == "sh:Warning"
    assert "sh:targetClass park:ParkingSensor, park:SmartParkingSensor" in text


def test_from_owl_unreadable_ontology_is_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix : <https://example.org/> .\n:a :b\n", encoding="utf-8")
    code, _, err = run_cli("shapes", "from-owl", str(broken))
    assert code == 2 and "broken.ttl" in err and "Traceback" not in err
