"""The EU authority tables as background knowledge, and the two verdicts of a metadata profile.

The samples (``fixtures/metadata/_vocabulary_tables``) follow NAPCORE's validation toolkit (mobilityDCAT-AP/
validation ``sample_data``: a positive and negatives per property, one property changed from a conformant base
like their M-P-03): a concept of the right table conforms to the official shapes; a concept of another table
is still a range violation; a code the table does not hold fails too, and gets ``vocabulary_code_unknown``
with the closest codes. The tables are installed from the shared mirror into a temporary standards cache, as a
user would.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citylint.validators.metadata import tables
from tests.conftest import FIXTURES, VALIDATION_DATE, corpus, run_cli

SAMPLES = FIXTURES / "metadata" / "_vocabulary_tables"
POSITIVES = sorted((SAMPLES / "positives").glob("*.ttl"))
WRONG_TABLE = sorted((SAMPLES / "negatives").glob("*-wrong-table.ttl"))
UNKNOWN_CODE = sorted((SAMPLES / "negatives").glob("*-unknown-code.ttl"))
SHAPES = ["dcat-ap-shacl", "mobilitydcat-ap-shacl", "mobilitydcat-ap-vocabularies"]


def _install(folder: Path, names: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYLINT_STANDARDS_DIR", str(folder / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "xdg"))
    code, _, err = run_cli("standards", "install", *names, "--from", str(corpus("data")))
    assert code == 0, err


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("tables")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _install(folder, [*SHAPES, "eu-vocabularies"], monkeypatch)
        yield folder


def check(path: Path, *extra: str, profile: str = "mobilitydcat-ap") -> tuple[int, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        code, _, err = run_cli(
            "check",
            str(path),
            "--profile",
            profile,
            "--date",
            VALIDATION_DATE,
            "--format",
            "json",
            "--output",
            str(out),
            "--quiet",
            "--max-samples",
            "1000",
            *extra,
        )
        assert code in (0, 1), err
        return code, json.loads(out.read_text())


def verdicts(report: dict[str, Any]) -> dict[str, bool]:
    return {v["scheme"]: v["passed"] for v in report["verdicts"]}


def samples(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [s for n in report["notices"] if n["code"] == code for s in n["sampleNotices"]]


def value_of(sample: Path) -> str:
    """The value the sample is about, from its first line (``... <IRI>.``)."""
    first = sample.read_text().splitlines()[0]
    return first[first.index("<") + 1 : first.index(">")]


@pytest.mark.corpus
@pytest.mark.parametrize("sample", POSITIVES, ids=lambda p: p.stem)
def test_a_concept_of_the_right_table_conforms(installed: Path, sample: Path) -> None:
    code, report = check(sample, "--no-fail-on-advice")
    assert verdicts(report)["standard"], [n["code"] for n in report["notices"]]
    assert code == 0
    # (an owl:imports of the shapes that cannot be followed offline is information, not a result)
    assert not [n for n in report["notices"] if n["code"].startswith("shacl_") and n["severity"] != "INFO"]
    assert not samples(report, "vocabulary_code_unknown")


def range_violation(sample: Path) -> tuple[dict[str, Any], str]:
    """The sample's report, once checked that the standard's verdict fails on a range violation of its
    value."""
    code, report = check(sample, "--no-fail-on-advice")
    value = value_of(sample)
    assert not verdicts(report)["standard"] and code == 1
    assert value in {s.get("value") for s in samples(report, "shacl_class")}
    return report, value


@pytest.mark.corpus
@pytest.mark.parametrize("sample", WRONG_TABLE, ids=lambda p: p.stem)
def test_a_concept_of_another_table_is_still_a_range_violation(installed: Path, sample: Path) -> None:
    report, _ = range_violation(sample)
    assert not samples(report, "vocabulary_code_unknown")  # it is a code, of another table


@pytest.mark.corpus
@pytest.mark.parametrize("sample", UNKNOWN_CODE, ids=lambda p: p.stem)
def test_a_code_the_table_does_not_hold_fails_and_is_named(installed: Path, sample: Path) -> None:
    report, value = range_violation(sample)
    [unknown] = samples(report, "vocabulary_code_unknown")
    assert unknown["value"] == value
    assert unknown["closest"], "the closest codes are named"
    # the code of the positive sample of the same property, which the typo was made from, is among them
    number = sample.stem.split("-")[2][:2]
    [positive] = [p for p in POSITIVES if p.stem.split("-")[2] == number]
    assert any(value_of(positive).endswith("/" + c) for c in unknown["closest"]), unknown["closest"]


@pytest.mark.corpus
def test_unknown_code_names_the_closest_ones(installed: Path) -> None:
    _, report = check(SAMPLES / "negatives" / "T-N-01b-dct-spatial-unknown-code.ttl")
    [unknown] = samples(report, "vocabulary_code_unknown")
    assert unknown["table"] == "country" and "DEU" in unknown["closest"]
    assert "(closest codes: DEU, " in unknown["citylint"]["message"]


@pytest.mark.corpus
def test_a_table_not_installed_is_not_checked_never_a_violation(installed: Path) -> None:
    code, report = check(
        SAMPLES / "positives" / "T-P-10-dct-publisher-corporate-body.ttl", "--no-fail-on-advice"
    )
    assert code == 0 and verdicts(report)["standard"]
    corporate = "http://publications.europa.eu/resource/authority/corporate-body/SNCF"
    assert report["summary"]["shacl"]["vocabularyTables"]["notChecked"]["corporate-body"] == {
        "reason": "table not installed",
        "values": [corporate],
    }
    assert report["summary"]["metadata"]["vocabularyTables"]["notChecked"]["corporate-body"]["values"] == 1
    code, out, _ = run_cli(
        "check",
        str(SAMPLES / "positives" / "T-P-10-dct-publisher-corporate-body.ttl"),
        "--profile",
        "mobilitydcat-ap",
        "--date",
        VALIDATION_DATE,
        "--quiet",
    )
    assert "not checked: corporate-body (table not installed), 1 value" in out


@pytest.mark.corpus
def test_without_the_eu_tables_their_values_are_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, SHAPES, monkeypatch)  # the shapes and mobility vocabularies, not eu-vocabularies
    code, report = check(SAMPLES / "positives" / "T-P-01-dct-spatial.ttl", "--no-fail-on-advice")
    assert code == 0 and verdicts(report)["standard"]
    not_checked = report["summary"]["shacl"]["vocabularyTables"]["notChecked"]
    assert {"country", "frequency", "file-type"} <= set(not_checked)


@pytest.mark.corpus
def test_own_rules_never_change_the_standards_verdict(installed: Path) -> None:
    """licence_missing (citylint's rule, ERROR) is advice: the standard's verdict and the verdict line are the
    official shapes' alone; --fail-on counts it unless --no-fail-on-advice."""
    without_licence = SAMPLES / "positives" / "T-P-01-dct-spatial.ttl"
    with_licence = SAMPLES / "positives" / "T-P-05-dct-license.ttl"
    for sample in (without_licence, with_licence):
        _, report = check(sample)
        assert verdicts(report)["standard"]
        reasons = {v["scheme"]: v["reasons"] for v in report["verdicts"]}
        assert not [c for c in reasons["standard"] if not c.startswith("shacl_")]
    code, report = check(without_licence)
    assert code == 1 and not verdicts(report)["citylint-metadata"]
    assert "licence_missing" in {v["scheme"]: v["reasons"] for v in report["verdicts"]}["citylint-metadata"]
    assert check(without_licence, "--no-fail-on-advice")[0] == 0
    code, out, _ = run_cli(
        "check", str(without_licence), "--profile", "mobilitydcat-ap", "--date", VALIDATION_DATE, "--quiet"
    )
    assert "verdict (mobilityDCAT-AP 1.1.0, official checks): conformant" in out
    assert "citylint's own checks, beside mobilityDCAT-AP 1.1.0 (NOT CONFORMANT):" in out
    # and a negative stays not conformant whatever the advice
    code, _ = check(WRONG_TABLE[0], "--no-fail-on-advice")
    assert code == 1


@pytest.mark.corpus
def test_dcat_ap_profile_uses_the_tables_too(installed: Path) -> None:
    code, report = check(
        SAMPLES / "positives" / "T-P-03-dct-format.ttl", "--no-fail-on-advice", profile="dcat-ap"
    )
    assert verdicts(report)["standard"] and code == 0
    code, report = check(
        SAMPLES / "negatives" / "T-N-03a-dct-format-wrong-table.ttl", "--no-fail-on-advice", profile="dcat-ap"
    )
    assert code == 1 and samples(report, "shacl_class")


@pytest.mark.corpus
def test_the_index_is_built_once_and_reused(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables.index()
    written = sorted(tables.index_dir().glob("vocabulary-tables-*.json"))
    assert written, "the index is written to the user cache"
    tables._index_for.cache_clear()  # a new process: the index is read, the tables' RDF is not

    def refuse(path: Path) -> None:
        raise AssertionError(f"the table {path} was read again")

    monkeypatch.setattr(tables, "_scan", refuse)
    known = tables.index()
    assert (
        known["country"].installed
        and "http://publications.europa.eu/resource/authority/country/DEU" in known["country"].concepts
    )
    assert not known["corporate-body"].installed


BLANK = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <https://example.org/data/> .
ex:dataset1 a dcat:Dataset ; dct:title "Bus"@en ; dct:description "Bus"@en ; dct:publisher [ a foaf:Agent ] .
"""


@pytest.mark.corpus
@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_messages_use_the_usual_prefixes_and_name_blank_nodes(
    installed: Path, tmp_path: Path, engine: str
) -> None:
    data = tmp_path / "blank.ttl"
    data.write_text(BLANK)
    _, report = check(data, "--engine", engine, profile="dcat-ap")
    [agent] = [
        s for s in samples(report, "shacl_min_count") if s.get("resultPath", "").endswith("foaf/0.1/name")
    ]
    # the blank publisher is named by the IRI and property that reach it, in the message and in "where"
    assert agent["where"] == "[ex:dataset1 dct:publisher] foaf:name"
    assert "[ex:dataset1 dct:publisher]->foaf:name" in agent["resultMessage"]
    assert agent["focusNode"].startswith("_:")  # the machine field stays the node itself
    _, report = check(SAMPLES / "negatives" / "T-N-04a-dct-language-wrong-table.ttl", "--engine", "pyshacl")
    messages = [s["resultMessage"] for s in samples(report, "shacl_class")]
    assert any("does not have class dct:LinguisticSystem" in m for m in messages), messages
    assert not any("dc1:" in m for n in report["notices"] for s in n["sampleNotices"] for m in [str(s)])


@pytest.mark.corpus
def test_shacl_messages_in_french(installed: Path) -> None:
    code, out, _ = run_cli(
        "check",
        str(SAMPLES / "negatives" / "T-N-04a-dct-language-wrong-table.ttl"),
        "--profile",
        "mobilitydcat-ap",
        "--date",
        VALIDATION_DATE,
        "--quiet",
        "--lang",
        "fr",
    )
    assert code == 1
    assert "n'a pas la classe dct:LinguisticSystem" in out
    assert "does not have class" not in out


def test_every_shacl_message_template_has_a_french_translation() -> None:
    from citylint.i18n import translate
    from citylint.validators.rdf.shacl.messages import TEMPLATES

    for name, (_, template) in TEMPLATES.items():
        french = translate(template, "fr")
        assert french != template, f"{name}: no French message"
        assert sorted(p for p in ("{value}", "{param}", "{path}", "{focus}") if p in french) == sorted(
            p for p in ("{value}", "{param}", "{path}", "{focus}") if p in template
        ), name


def test_a_translated_field_is_not_part_of_a_findings_identity() -> None:
    from citylint.model import fingerprint_of

    fields = {
        "focusNode": "https://example.org/d",
        "resultMessage": "Value x does not have class dct:Location",
    }
    french = {**fields, "resultMessage@fr": "La valeur x n'a pas la classe dct:Location"}
    assert fingerprint_of("shacl_class", "a.ttl", None, None, None, None, fields) == fingerprint_of(
        "shacl_class", "a.ttl", None, None, None, None, french
    )
    assert fingerprint_of("shacl_class", "a.ttl", None, None, None, None, fields) != fingerprint_of(
        "shacl_class", "a.ttl", None, None, None, None, {**fields, "resultMessage": "other"}
    )
