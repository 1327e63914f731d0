"""``citylint check-many`` and ``citylint history`` through the real CLI, on Dask workers, with SQLite and a
real PostgreSQL server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from citylint.catalog.runner import run_catalog
from citylint.catalog.sources import CatalogEntry, read_catalog
from citylint.catalog.store import ResultStore, store_url
from citylint.catalog.tasks import RunSettings
from tests.catalog.conftest import make_feed
from tests.catalog.crashing_task import crash_on_broken
from tests.conftest import VALIDATION_DATE, run_cli

pytestmark = pytest.mark.slow  # Dask workers and a PostgreSQL server

BAD_STOPS = (
    "stop_id,stop_name,stop_lat,stop_lon\nS1,Nowhere,,\n"  # stops missing, one without location: errors
)


def _catalog_folder(root: Path) -> Path:
    catalog = root / "catalog"
    catalog.mkdir()
    make_feed(catalog / "clean")
    make_feed(catalog / "broken-stops", stops_txt=BAD_STOPS)
    (catalog / "not-a-feed.zip").write_bytes(b"this is not a zip")
    return catalog


def _check_many(*args: str) -> tuple[int, str, str]:
    return run_cli("check-many", *args, "--date", VALIDATION_DATE)


def _results(db: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(db) as connection:
        return sorted(
            connection.execute("select dataset_id, status, verdict, errors from citylint_results").fetchall()
        )


def test_folder_catalogue_survives_a_broken_input_and_resumes(tmp_path: Path, dask_scheduler: str) -> None:
    catalog, out = _catalog_folder(tmp_path), tmp_path / "out"
    code, stdout, stderr = _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)
    assert code == 2, stderr  # one input could not be validated ...
    assert (
        "3 inputs, 2 validated (1 not conformant), 0 unchanged and skipped (0 not conformant as stored), "
        "1 could not be validated"
    ) in stdout
    assert "could not validate not-a-feed: " in stdout  # the failed input is named, with its reason
    assert "3/3 done, 1 failed, 0 remaining" in stderr  # progress on stderr
    assert "Traceback" not in stderr
    rows = _results(out / "citylint-results.sqlite")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("broken-stops", "validated", "not_conformant"),
        ("clean", "validated", "conformant"),
        ("not-a-feed", "failed", "could_not_validate"),
    ]
    report = json.loads((out / "broken-stops" / "report.json").read_text())
    assert {n["code"] for n in report["notices"]} >= {"foreign_key_violation"}
    assert rows[0][3] == report["summary"]["findingCounts"]["ERROR"] > 0
    # ... the others still got their reports. A second run skips what is unchanged; --force validates again.
    code, stdout, _ = _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)
    assert (
        "0 validated (0 not conformant), 2 unchanged and skipped (1 not conformant as stored), "
        "1 could not be validated"
    ) in stdout
    code, stdout, _ = _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--force")
    assert "2 validated (1 not conformant), 0 unchanged and skipped" in stdout
    assert len(_results(out / "citylint-results.sqlite")) == 3 + 1 + 3


def test_the_gate_stays_red_when_unchanged_inputs_are_skipped(tmp_path: Path, dask_scheduler: str) -> None:
    """Issue 20: a second run on unchanged inputs skipped them all and exited 0 although one is not
    conformant."""
    catalog, out = tmp_path / "catalog", tmp_path / "out"
    make_feed(catalog / "clean")
    make_feed(catalog / "broken-stops", stops_txt=BAD_STOPS)
    first = _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)
    second = _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)
    assert first[0] == 1, first
    assert "2 unchanged and skipped (1 not conformant as stored)" in second[1]
    assert second[0] == 1, second  # the stored verdict of the skipped input still fails the gate
    assert (
        _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--fail-on", "never")[0] == 0
    )


def test_csv_catalogue_with_profiles_and_a_local_cluster(tmp_path: Path) -> None:
    make_feed(tmp_path / "feeds" / "a")
    make_feed(tmp_path / "feeds" / "b", stops_txt=BAD_STOPS)
    (tmp_path / "quiet.yaml").write_text("name: quiet\ntitle: q\nextends: [gtfs]\nrules: {disable: ['*']}\n")
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("id,path,profile,metadata\nlyon/a,feeds/a,,\nlyon/b,feeds/b,quiet.yaml,\n")
    out = tmp_path / "out"
    code, stdout, stderr = _check_many(
        str(catalog), "-d", str(out), "--workers", "1", "--format", "json", "--format", "text"
    )
    assert code == 0, stdout + stderr  # b's errors are disabled by its own profile
    assert "citylint: 2 inputs from" in stderr and "on a LocalCluster of 1 worker\n" in stderr
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 2 and all(f.startswith("lyon-") for f in folders)  # "/" never makes a sub-path
    for folder in folders:
        assert (out / folder / "report.json").is_file() and (out / folder / "report.txt").is_file()
    with sqlite3.connect(out / "citylint-results.sqlite") as connection:
        stored = dict(connection.execute("select dataset_id, profile from citylint_results"))
    assert stored == {"lyon/a": "auto", "lyon/b": str(tmp_path / "quiet.yaml")}


def test_dcat_catalogue_local_files_and_a_remote_url_refused_offline(
    tmp_path: Path, dask_scheduler: str
) -> None:
    feed = make_feed(tmp_path / "feed")
    catalog = tmp_path / "catalog.ttl"
    catalog.write_text(f"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.org/catalog> a dcat:Catalog ;
    dcat:dataset <https://data.example.org/ds/bus>, <https://data.example.org/ds/tram> .
<https://data.example.org/ds/bus> a dcat:Dataset ; dct:identifier "bus-network" ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{feed.as_uri()}> ] .
<https://data.example.org/ds/tram> a dcat:Dataset ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://data.example.org/tram.zip> ] .
""")
    assert [e.id for e in read_catalog(catalog)] == ["bus-network", "tram"]
    assert read_catalog(catalog)[0].problem is not None  # a file: URL needs --allow-file-urls
    out = tmp_path / "out"
    code, stdout, _ = _check_many(
        str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--allow-file-urls"
    )
    assert code == 2 and "1 validated" in stdout and "1 could not be validated" in stdout
    with sqlite3.connect(out / "citylint-results.sqlite") as connection:
        errors = dict(connection.execute("select dataset_id, system_errors from citylint_results"))
    assert "--allow-network" in errors["tram"] and json.loads(errors["bus-network"]) == []


def test_history_shows_a_regression_between_two_runs(tmp_path: Path, dask_scheduler: str) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    make_feed(catalog / "metro")
    make_feed(catalog / "bus")
    out = tmp_path / "out"
    assert _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)[0] == 0
    # The metro feed is republished with broken stops.
    (catalog / "metro" / "stops.txt").write_text(BAD_STOPS)
    assert _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler)[0] == 1
    db = str(out / "citylint-results.sqlite")
    code, text, _ = run_cli("history", "--store", db)
    assert code == 0
    assert "REGRESSION metro" in text and "new foreign_key_violation" in text and "REGRESSION bus" not in text
    code, body, _ = run_cli("history", "metro", "--store", db, "--format", "json")
    parsed = json.loads(body)
    assert list(parsed["datasets"]) == ["metro"] and len(parsed["datasets"]["metro"]) == 2
    assert [r["datasetId"] for r in parsed["regressions"]] == ["metro"]
    assert "foreign_key_violation" in parsed["regressions"][0]["newErrors"]


def test_a_crashing_worker_fails_its_input_only(tmp_path: Path, dask_scheduler: str) -> None:
    entries = [
        CatalogEntry("crasher", str(make_feed(tmp_path / "x"))),
        CatalogEntry("fine", str(make_feed(tmp_path / "y"))),
    ]
    store = ResultStore(store_url(None, tmp_path))
    settings = RunSettings(output_dir=str(tmp_path / "out"), date=VALIDATION_DATE)
    summary = run_catalog(
        entries, settings, store, catalog="test", scheduler=dask_scheduler, task=crash_on_broken
    )
    assert (summary.validated, summary.failed) == (1, 1)
    rows = {r["dataset_id"]: r for r in store.history()}
    assert rows["crasher"]["status"] == "failed" and "worker" in rows["crasher"]["system_errors_list"][0]


@pytest.mark.parametrize("catalog", ["missing", "empty", "bad-csv"])
def test_a_catalogue_that_cannot_be_read_is_exit_2(catalog: str, tmp_path: Path) -> None:
    path = {"missing": tmp_path / "nope", "empty": tmp_path / "empty", "bad-csv": tmp_path / "c.csv"}[catalog]
    if catalog == "empty":
        path.mkdir()
    if catalog == "bad-csv":
        path.write_text("name,url\nx,y\n")
    code, _, stderr = _check_many(str(path), "-d", str(tmp_path / "out"))
    assert code == 2 and stderr.startswith("citylint: error:") and "Traceback" not in stderr


def test_results_in_a_real_postgresql(tmp_path: Path, dask_scheduler: str, postgres_url: str) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    make_feed(catalog / "metro")
    out = tmp_path / "out"
    assert (
        _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--store", postgres_url)[0]
        == 0
    )
    assert not (out / "citylint-results.sqlite").exists()
    (catalog / "metro" / "stops.txt").write_text(BAD_STOPS)
    assert (
        _check_many(str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--store", postgres_url)[0]
        == 1
    )
    code, body, _ = run_cli("history", "metro", "--store", postgres_url, "--format", "json")
    parsed = json.loads(body)
    assert code == 0 and [r["verdict"] for r in parsed["datasets"]["metro"]][-2:] == [
        "conformant",
        "not_conformant",
    ]
    assert [r["datasetId"] for r in parsed["regressions"]] == ["metro"]
    # Reopening migrates nothing twice.
    ResultStore(store_url(postgres_url, out))


def test_an_unreachable_store_is_exit_2(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    make_feed(catalog / "metro")
    code, _, stderr = _check_many(
        str(catalog), "-d", str(tmp_path / "out"), "--store", "postgresql://nobody:secret@127.0.0.1:1/none"
    )
    assert code == 2 and "cannot open the results store" in stderr and "secret" not in stderr
