"""The ``vocabulary`` validator through the real CLI: each rule has a case that triggers it and one that does
not.

A case is ``fixtures/vocabulary/<code>/{bad,good}/`` with ``data.ttl`` and ``case.json`` (expected exit code
and notices, and for a bad case fields of its first sample). The standards cache is pointed at an empty
folder, so these cases hold whether or not SAREF is installed on the machine running the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citylint import standards
from citylint.validators.rdf.vocabulary import VocabularyValidator
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
    corpus,
    totals,
)

VOCABULARY_FIXTURES = FIXTURES / "vocabulary"


@pytest.fixture(autouse=True)
def _no_installed_standards(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "standards"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def _sample(report: dict, code: str) -> dict:  # type: ignore[type-arg]
    return next(n for n in report["notices"] if n["code"] == code)["sampleNotices"][0]


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(VOCABULARY_FIXTURES, VocabularyValidator.rules)


def test_non_standard_namespace_is_vendor_lockin(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(
        VOCABULARY_FIXTURES / "vocabulary_non_standard_namespace" / "bad" / "data.ttl",
        "--profile",
        "vocabulary",
    )
    sample = _sample(report, "vocabulary_non_standard_namespace")
    assert sample["namespace"] == "https://iot.acme.example/model#"
    assert sample["mappedTerms"] == ["https://iot.acme.example/model#ParkingSensor"]
    assert sorted(sample["unmappedTerms"]) == [
        "https://iot.acme.example/model#batteryLevel",
        "https://iot.acme.example/model#occupied",
    ]
    assert VocabularyValidator.rules[-1].rule.lockin is not None
    assert VocabularyValidator.rules[-1].rule.lockin.value == "vendor_namespace"


def test_namespace_typo_is_suggested(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data.ttl"
    data.write_text("<https://city.example/d> a <http://www.w3.org/ns/dcat/Dataset> .\n", encoding="utf-8")
    _, report, _ = check_json(data, "--profile", "vocabulary")
    sample = _sample(report, "vocabulary_non_standard_namespace")
    assert "http://www.w3.org/ns/dcat#" in sample["suggestion"]


def test_removed_term_names_version_and_source(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(
        VOCABULARY_FIXTURES / "saref_removed_term" / "bad" / "data.ttl", "--profile", "vocabulary"
    )
    sample = _sample(report, "saref_removed_term")
    assert (sample["version"], sample["removedIn"]) == ("3.1.1", "4.1.1")
    assert "in favour of saref:Observation" in sample["replacementSource"]


def test_syntax_error_is_a_finding_once(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data.ttl"
    data.write_text("@prefix ex: <https://city.example/> .\nex:a ex:b ex:c\n", encoding="utf-8")
    code, report, _ = check_json(data, "--profile", "vocabulary")
    assert totals(report) == {"rdf_syntax_error": 1}
    assert code == 1


def test_removed_saref_individual_used_as_a_value(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix saref: <https://saref.etsi.org/core/> .\n"
        "<https://city.example/washer> saref:accomplishes saref:Washing .\n",
        encoding="utf-8",
    )
    _, report, _ = check_json(data, "--profile", "vocabulary")
    assert totals(report) == {"saref_removed_term": 1}
    sample = _sample(report, "saref_removed_term")
    assert sample["term"] == "https://saref.etsi.org/core/Washing"
    assert sample["citylint"]["location"]["focus_node"] == "https://city.example/washer"


def test_removed_saref_classes_used_as_values_are_one_finding_each(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """v3 classes removed in v4 are found as values too (saref:Temperature as a property,
    saref:SensingFunction as a function), one finding per term with every use counted (issue 17's misses)."""
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix saref: <https://saref.etsi.org/core/> .\n@prefix ex: <https://city.example/> .\n"
        "ex:s1 a saref:Sensor ; saref:hasFunction saref:SensingFunction ; saref:observes saref:Power .\n"
        "ex:s2 a saref:Sensor ; saref:observes saref:Temperature .\n"
        "ex:s3 a saref:Sensor ; saref:observes saref:Temperature .\n"
        "ex:t a saref:Temperature .\n",
        encoding="utf-8",
    )
    _, report, _ = check_json(data, "--profile", "vocabulary")
    notice = next(n for n in report["notices"] if n["code"] == "saref_removed_term")
    uses = {s["term"].rpartition("/")[2]: s["triples"] for s in notice["sampleNotices"]}
    assert uses == {"Power": 1, "SensingFunction": 1, "Temperature": 3}
    temperature = next(s for s in notice["sampleNotices"] if s["term"].endswith("Temperature"))
    assert temperature["citylint"]["location"]["focus_node"] == "https://city.example/s2"  # the smallest IRI


@pytest.mark.corpus
def test_invented_terms_in_the_pre_v3_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_json
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(standards.ENV_DIR, str(corpus("data")))
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix old: <https://w3id.org/saref#> .\n"
        "<https://city.example/d1> a old:Device ; old:hasFunction <https://city.example/f> ;\n"
        "    old:hasBatteryLevelPercent 80 .\n",
        encoding="utf-8",
    )
    _, report, _ = check_json(data, "--profile", "vocabulary")
    assert totals(report) == {"saref_legacy_namespace": 1, "vocabulary_unknown_term": 1}
    assert (
        _sample(report, "vocabulary_unknown_term")["term"] == "https://w3id.org/saref#hasBatteryLevelPercent"
    )
