"""GBFS through the real CLI: every rule's fixtures, the shared samples (version detected, schema results as
recorded in their EXPECTED.json), and the standards cache being required, never the network.

The official schemas are third-party data: a session fixture installs them from ../shared/data into a
temporary standards cache with ``citylint standards install`` (so these tests are corpus tests, skipped
without it).

A case is ``fixtures/gbfs/<code>/{bad,good}/``: the files that differ from ``fixtures/gbfs/_base`` (a small
valid GBFS 2.3 feed) and ``case.json``: ``delete`` (base files to remove), ``base: null`` (the case's files
alone), ``set_version`` (rewrite every file's ``version``), ``args`` (extra CLI arguments), ``exit`` and the
exact ``notices``.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from citylint import standards
from citylint.validators.gbfs import GbfsValidator
from citylint.validators.jsonschema.rules import KEYWORD_RULES, JsonSchemaOther
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
    corpus,
    installed_standards,
    totals,
)

GBFS_FIXTURES = FIXTURES / "gbfs"
BASE = GBFS_FIXTURES / "_base"
SCHEMA_ARTEFACTS = [name for name in standards.manifest() if name.startswith("gbfs-schemas-")]

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="session")
def gbfs_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return installed_standards(tmp_path_factory, SCHEMA_ARTEFACTS, corpus("data/gbfs/schemas").parent.parent)


@pytest.fixture
def with_schemas(gbfs_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv(standards.ENV_DIR, str(gbfs_cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "no-user-cache"))  # only the temporary cache counts
    yield


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(GBFS_FIXTURES, GbfsValidator.rules)


def test_the_base_feed_is_valid_and_detected_as_2_3(check_json, with_schemas: None) -> None:  # type: ignore[no-untyped-def]
    code, report, err = check_json(BASE, "--profile", "gbfs-fr")
    assert (code, totals(report), report["systemErrors"]) == (0, {}, []), err
    summary = report["summary"]["gbfs"]
    assert (summary["version"], summary["versionSource"]) == ("2.3", "gbfs.json")
    assert set(summary["schemaErrors"]) == {p.name for p in BASE.glob("*.json")}


def test_a_zipped_feed_with_a_top_folder_is_read_like_the_folder(
    tmp_path: Path,
    check_json,  # type: ignore[no-untyped-def]
    with_schemas: None,
) -> None:
    archive = tmp_path / "feed.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(BASE.iterdir()):
            data = path.read_bytes()
            if path.name == "station_status.json":
                data = data.replace(b'"velo"', b'"velo-cargo"', 1)
            out.writestr(f"export/{path.name}", data)
    _code, report, err = check_json(archive)
    assert report["summary"]["inputKind"] == "gbfs", err
    assert totals(report) == {"gbfs_unknown_vehicle_type": 1}
    sample = report["notices"][0]["sampleNotices"][0]
    assert sample["jsonPointer"] == "/data/stations/0/vehicle_types_available/0/vehicle_type_id"


def test_missing_schemas_are_exit_2_naming_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check_json
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "empty-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-user-cache"))
    code, _report, err = check_json(BASE)
    assert code == 2
    assert "citylint standards install gbfs-schemas-v2.3 --from DIR" in err
    assert "Traceback" not in err


# --- the shared samples -------------------------------------------------------------------------------------


def _expected() -> dict[str, dict]:  # type: ignore[type-arg]
    return json.loads(corpus("data/gbfs/samples/EXPECTED.json").read_text(encoding="utf-8"))["files"]  # type: ignore[no-any-return]


def _sample_folders() -> list[str]:
    samples = Path(__file__).resolve().parents[2] / "shared" / "data" / "gbfs" / "samples"
    return sorted(p.relative_to(samples).as_posix() for p in samples.glob("*/*") if p.is_dir())


@pytest.mark.parametrize("sample", _sample_folders())
def test_shared_sample_schema_results_match_expected(
    sample: str,
    check_json,  # type: ignore[no-untyped-def]
    with_schemas: None,
) -> None:
    folder = corpus(f"data/gbfs/samples/{sample}")
    expected = {k: v for k, v in _expected().items() if k.startswith(sample + "/")}
    _code, report, err = check_json(
        folder, "--max-samples", "5000"
    )  # every finding listed (Vélib' has 2,882)
    assert report["systemErrors"] == [], err
    assert report["summary"]["inputKind"] == "gbfs"
    summary = report["summary"]["gbfs"]
    declared = {v["declared_version"] for v in expected.values()} - {None}
    assert summary["version"] == (
        declared.pop() if declared else "1.0"
    )  # detected: gbfs.json, a file, or 1.0
    # Per file: the schema findings counted by rule equal EXPECTED.json's errors mapped to their keyword's
    # rule.
    by_file: dict[str, Counter[str]] = {}
    for notice in report["notices"]:
        if notice["code"].startswith("json_schema_"):
            assert notice["totalNotices"] == len(
                notice["sampleNotices"]
            )  # under the sample cap: all are listed
            for sample_notice in notice["sampleNotices"]:
                by_file.setdefault(sample_notice["filename"], Counter())[notice["code"]] += 1
    for key, result in expected.items():
        filename = key.rsplit("/", 1)[1]
        wanted: Counter[str] = Counter()
        for error in result["errors"]:
            wanted[KEYWORD_RULES.get(error["keyword"], JsonSchemaOther).rule.code] += error["count"]
        assert by_file.get(filename, Counter()) == wanted, filename
        assert summary["schemaErrors"][filename] == result["error_count"], filename


def test_the_unknown_vehicle_type_sample_is_caught_across_files(
    check_json,  # type: ignore[no-untyped-def]
    with_schemas: None,
) -> None:
    folder = corpus("data/gbfs/samples/INVALID-lillestrom-unknown-vehicle-type/2.2")
    _, report, _ = check_json(folder)
    notice = next(n for n in report["notices"] if n["code"] == "gbfs_unknown_vehicle_type")
    assert notice["totalNotices"] == 1
    assert (
        notice["sampleNotices"][0]["jsonPointer"]
        == "/data/stations/0/vehicle_types_available/0/vehicle_type_id"
    )


@pytest.mark.parametrize(
    ("sample", "code"),
    [
        ("velib-metropole/legacy-unversioned", "gbfs_fr_version_below_minimum"),  # no version: read as 1.0
        ("hsl-helsinki/1.0", "gbfs_fr_version_below_minimum"),
    ],
)
def test_french_minimum_on_old_samples(
    sample: str,
    code: str,
    check_json,  # type: ignore[no-untyped-def]
    with_schemas: None,
) -> None:
    _, report, _ = check_json(corpus(f"data/gbfs/samples/{sample}"), "--profile", "gbfs-fr")
    assert totals(report).get(code) == 1
    _, plain, _ = check_json(corpus(f"data/gbfs/samples/{sample}"))
    assert code not in totals(plain)  # the default gbfs profile does not apply French policy


def test_french_car_sharing_sample_passes_the_minimum(check_json, with_schemas: None) -> None:  # type: ignore[no-untyped-def]
    _, report, _ = check_json(corpus("data/gbfs/samples/citiz-grand-poitiers/3.0"), "--profile", "gbfs-fr")
    assert report["summary"]["gbfs"]["formFactors"] == ["car"]
    assert not any(code.startswith("gbfs_fr_") for code in totals(report))
