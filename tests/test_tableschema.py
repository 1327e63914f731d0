"""CSV tables against Table Schemas through the real CLI: every table_schema rule's fixtures, Validata's own
results on the official examples and real files of schema.data.gouv.fr, how the schema is found.

A fixture case is ``fixtures/tableschema/<code>/{bad,good}/`` with ``data.csv``, its sidecar schema
``data.schema.json`` and ``case.json``. The Validata comparison reads ``../shared/data/tableschema/`` (the
results of validata-table 0.12.5 on each file: ``validata_results.tsv``) and installs the official schemas
from there into a temporary standards cache.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citylint import standards
from citylint.profiles import load_profile, shipped_profiles
from citylint.validators.tableschema import TableSchemaValidator
from citylint.validators.tableschema.rules import VALIDATA_TYPES
from tests.conftest import (
    FIXTURES,
    SHARED,
    assert_every_rule_has_cases,
    corpus,
    installed_standards,
    run_cli,
    totals,
)

TABLE_FIXTURES = FIXTURES / "tableschema"
SCHEMA_ARTEFACTS = [name for name in standards.manifest() if name.startswith("schema-")] + ["geojson-schema"]


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(TABLE_FIXTURES, TableSchemaValidator.rules)


def test_a_csv_without_schema_is_exit_2_naming_the_sidecar(tmp_path: Path) -> None:
    (tmp_path / "parkings.csv").write_text("id,nom\n1,a\n", encoding="utf-8")
    code, _, err = run_cli("check", str(tmp_path / "parkings.csv"))
    assert code == 2
    assert "parkings.schema.json" in err and "Traceback" not in err


def test_a_cell_finding_names_file_row_column_and_value(check_json) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(TABLE_FIXTURES / "table_schema_type_error/bad/data.csv")
    samples = report["notices"][0]["sampleNotices"]
    assert [(s["filename"], s["csvRowNumber"], s["fieldName"], s["fieldValue"]) for s in samples] == [
        ("data.csv", 2, "places", "douze"),
        ("data.csv", 3, "maj", "31/01/2024"),
    ]


def test_verdict_follows_the_errors(check_json) -> None:  # type: ignore[no-untyped-def]
    _, bad, _ = check_json(TABLE_FIXTURES / "table_schema_required_value/bad/data.csv")
    _, warned, _ = check_json(TABLE_FIXTURES / "table_schema_extra_label/bad/data.csv")
    assert [(v["scheme"], v["passed"]) for v in bad["verdicts"]] == [("validata", False)]
    assert [(v["scheme"], v["passed"]) for v in warned["verdicts"]] == [("validata", True)]


def test_french_report_of_a_table(tmp_path: Path) -> None:
    code, out, _ = run_cli(
        "check", str(TABLE_FIXTURES / "table_schema_required_value/bad/data.csv"), "--lang", "fr"
    )
    assert code == 1
    assert "ligne 2" in out and "Validata" in out


# --- the official schemas and Validata's results
# (corpus) ---------------------------------------------------------


@pytest.fixture(scope="module")
def schema_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return installed_standards(tmp_path_factory, SCHEMA_ARTEFACTS, corpus("data/tableschema").parent)


@pytest.fixture
def with_schemas(schema_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(standards.ENV_DIR, str(schema_cache))
    yield


def _validata_rows() -> list[dict[str, str]]:
    results = SHARED / "data/tableschema/validata_results.tsv"
    if not results.is_file():
        return []
    with results.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _validata_types(report: dict[str, Any]) -> Counter[str]:
    found: Counter[str] = Counter()
    for code, total in totals(report).items():
        if code in VALIDATA_TYPES:
            found[VALIDATA_TYPES[code]] += total
    return found


def _counts(report: dict[str, Any], severity: str) -> int:
    return sum(n["totalNotices"] for n in report["notices"] if n["severity"] == severity)


@pytest.mark.corpus
@pytest.mark.parametrize("row", _validata_rows(), ids=lambda r: f"{r['schema']}~{r['data']}")
def test_validata_gives_the_same_errors_and_warnings(row: dict[str, str], tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    """Each file validated by validata-table 0.12.5 against a schema (validata_results.tsv): the same verdict,
    the same number of errors per Validata error type, the same number of warnings."""
    shared = corpus("data/tableschema")
    data = tmp_path / Path(row["data"]).name
    shutil.copyfile(shared / row["data"], data)
    shutil.copyfile(shared / row["schema"], data.with_name(data.stem + ".schema.json"))
    code, report, err = check_json(data)
    assert report["systemErrors"] == [], err
    expected = Counter(
        {kind: int(n) for kind, n in (p.split("=") for p in row["error_types"].split("; ") if p)}
    )
    assert _validata_types(report) == expected
    assert _counts(report, "ERROR") == int(row["errors"])
    assert _counts(report, "WARNING") == int(row["warnings"])
    assert (code == 0) == (row["valid"] == "True")


@pytest.mark.corpus
def test_errors_injected_into_real_irve_rows_are_all_found(
    with_schemas: None, tmp_path: Path, check_json
) -> None:  # type: ignore[no-untyped-def]
    """3,000 real IRVE rows (national file, cleaned by Qualicharge) with 16 defects injected at known places:
    a number in words (type), a socket flag that is no boolean (type), an unknown access condition (enum), an
    empty required station name (required). Each is found once, at its row and column, and nothing else."""
    source = corpus("data/tableschema/real/irve/irve-statique-qualicharge-sample3000.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    faults = {
        "puissance_nominale": "vingt-deux",
        "prise_type_2": "peut-etre",
        "condition_acces": "Acces prive",
        "nom_station": "",
    }
    expected = set()
    for n, row_index in enumerate(range(7, 3001, 199)):  # 4 rows per fault, spread over the file
        column = list(faults)[n % len(faults)]
        rows[row_index][header.index(column)] = faults[column]
        expected.add((row_index + 1, column))  # csvRowNumber counts the header as row 1
    data = tmp_path / "irve.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    code, report, err = check_json(data, "--profile", "irve-statique", "--max-samples", "100")
    assert code == 1, err
    found = {(s["csvRowNumber"], s["fieldName"]) for n in report["notices"] for s in n["sampleNotices"]}
    assert found == expected
    assert totals(report) == {
        "table_schema_type_error": 8,
        "table_schema_constraint_error": 4,
        "table_schema_required_value": 4,
    }


@pytest.mark.corpus
def test_every_schema_profile_accepts_its_official_valid_example(with_schemas: None, check_json) -> None:  # type: ignore[no-untyped-def]
    shared = corpus("data/tableschema")
    examples = {
        "irve-statique": "irve-statique/exemple-valide-statique.csv",
        "irve-dynamique": "irve-dynamique/exemple-valide-dynamique.csv",
        "stationnement": "stationnement/exemple-valide.csv",
        "stationnement-cyclable": "stationnement-cyclable/exemple-valide.csv",
        "comptage-mobilites-site": "comptage-mobilites/site_exemple-valide.csv",
        "comptage-mobilites-channel": "comptage-mobilites/channel_exemple-valide.csv",
        "comptage-mobilites-measure": "comptage-mobilites/measure_exemple-valide.csv",
        "passage-a-niveau": "passage-a-niveau/exemple-valide.csv",
        "lieux-covoiturage": "real/bnlc/bnlc-without-id_lieu.csv",
    }
    table_profiles = {
        n for n in shipped_profiles() if "schema" in (load_profile(n).validators.get("tableschema") or {})
    }
    assert table_profiles == set(examples)
    for profile, example in examples.items():
        code, report, err = check_json(shared / example, "--profile", profile)
        assert code == 0 and report["systemErrors"] == [], (profile, err, totals(report))
        assert [v["passed"] for v in report["verdicts"]] == [True]


@pytest.mark.corpus
def test_an_invalid_official_example_fails_under_its_profile(with_schemas: None, check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(
        corpus("data/tableschema/stationnement/exemple-invalide.csv"), "--profile", "stationnement"
    )
    assert code == 1
    assert totals(report) == {
        "table_schema_constraint_error": 2,
        "table_schema_siret": 1,
        "table_schema_deprecated_check": 1,
    }


@pytest.mark.corpus
def test_a_csv_without_schema_names_the_profiles_its_header_fits(with_schemas: None, tmp_path: Path) -> None:
    data = tmp_path / "bornes.csv"
    shutil.copyfile(corpus("data/tableschema/irve-statique/exemple-valide-statique.csv"), data)
    code, _, err = run_cli("check", str(data))
    assert code == 2
    assert "--profile irve-statique" in err and "40/40 columns" in err


# --- the JSON Schema datasets of schema.data.gouv.fr (ZFE, cycle
# paths) ---------------------------------------------

JSON_PROFILES = {
    "zfe/schema.json": "zfe",
    "amenagements-cyclables/sdgf_schema_amenagements_cyclables.json": "amenagements-cyclables",
}


def _jsonschema_rows() -> list[dict[str, str]]:
    results = SHARED / "data/tableschema/jsonschema_results.tsv"
    if not results.is_file():
        return []
    with results.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["schema"] in JSON_PROFILES]


@pytest.mark.corpus
@pytest.mark.parametrize("row", _jsonschema_rows(), ids=lambda r: r["data"])
def test_json_schema_datasets_give_the_reference_errors(
    row: dict[str, str], with_schemas: None, check_json
) -> None:  # type: ignore[no-untyped-def]
    """jsonschema_results.tsv: each GeoJSON example validated by the jsonschema library with a format checker,
    the GeoJSON $ref read from the standards cache; the same errors per keyword."""
    code, report, err = check_json(
        corpus("data/tableschema/" + row["data"]), "--profile", JSON_PROFILES[row["schema"]]
    )
    assert report["systemErrors"] == [], err
    expected = {f"json_schema_{k}": v for k, v in json.loads(row["by_keyword"].replace("'", '"')).items()}
    assert totals(report) == expected
    assert code == (1 if expected else 0)
