"""``check-many`` on a cluster as a national access point runs it (issue 20): an external scheduler whose workers
run in another folder, an unreachable scheduler, the dashboard kept on loopback, a dataset that became
unreadable, concurrent first opens of one store, an interrupted run. All on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from citylint.catalog.store import ResultStore, store_url
from tests.catalog.conftest import make_feed
from tests.catalog.test_check_many import BAD_STOPS
from tests.conftest import ROOT, VALIDATION_DATE, run_cli


@pytest.fixture(scope="module")
def external_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and a worker started as separate processes, the worker in a folder of its own (as on another
    machine: nothing of the client's working folder is there)."""
    home = tmp_path_factory.mktemp("cluster")
    elsewhere = home / "worker-folder"
    elsewhere.mkdir()
    scheduler_file = home / "scheduler.json"
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", "0", "--dashboard-address", "127.0.0.1:0", "--scheduler-file",
                                  str(scheduler_file)], cwd=home, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                   "--nworkers", "1", "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"],
                                  cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
        assert bindir.is_dir()
        yield address
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_relative_paths_reach_workers_that_run_elsewhere(tmp_path: Path, external_scheduler: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    make_feed(tmp_path / "feeds" / "a")
    make_feed(tmp_path / "feeds" / "b", stops_txt=BAD_STOPS)
    (tmp_path / "quiet.yaml").write_text("name: quiet\ntitle: q\nextends: [gtfs]\nrules: {disable: ['*']}\n")
    (tmp_path / "catalog.csv").write_text("id,path,profile,metadata\na,feeds/a,,\nb,feeds/b,quiet.yaml,\n")
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run_cli("check-many", "catalog.csv", "-d", "out", "--scheduler", external_scheduler,
                                   "--date", VALIDATION_DATE)
    assert code == 0, stdout + stderr
    assert "2 validated" in stdout and "0 could not be validated" in stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    make_feed(tmp_path / "catalog" / "a")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code, _, stderr = run_cli("check-many", str(tmp_path / "catalog"), "-d", str(tmp_path / "out"), "--scheduler",
                              f"tcp://127.0.0.1:{port}", "-q")
    assert code == 2, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert "cannot reach the Dask scheduler" in stderr
    assert time.monotonic() - started < 60


def test_the_local_dashboard_listens_on_loopback_only() -> None:
    import psutil

    from citylint.catalog.runner import _client

    with _client(1, None) as client:
        port = client.scheduler_info()["services"]["dashboard"]
        listening = [c.laddr.ip for c in psutil.net_connections(kind="tcp")
                     if c.status == psutil.CONN_LISTEN and c.laddr.port == port]
    assert listening and set(listening) <= {"127.0.0.1", "::1"}, listening


def test_history_counts_a_dataset_that_became_unreadable(tmp_path: Path, dask_scheduler: str) -> None:
    catalog, out = tmp_path / "catalog", tmp_path / "out"
    make_feed(catalog / "metro")
    assert run_cli("check-many", str(catalog), "-d", str(out), "--scheduler", dask_scheduler,
                   "--date", VALIDATION_DATE)[0] == 0
    for item in (catalog / "metro").iterdir():  # republished as something that is no feed
        item.unlink()
    (catalog / "metro" / "readme.md").write_text("moved to another portal\n")
    assert run_cli("check-many", str(catalog), "-d", str(out), "--scheduler", dask_scheduler,
                   "--date", VALIDATION_DATE)[0] == 2
    code, text, _ = run_cli("history", "--store", str(out / "citylint-results.sqlite"))
    assert "REGRESSION metro" in text and "became unreadable" in text
    body = json.loads(run_cli("history", "--store", str(out / "citylint-results.sqlite"), "-f", "json")[1])
    assert body["regressions"][0]["becameUnreadable"]


def _open_store(url: str) -> int:
    ResultStore(url)
    return 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_first_opens_of_one_store(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """Several runs opening a new store at once: none fails, the schema is created once (one version row)."""
    from concurrent.futures import ProcessPoolExecutor

    if backend == "sqlite":
        url = store_url(None, tmp_path)
    else:
        base = request.getfixturevalue("postgres_url")
        from sqlalchemy import create_engine, text

        name = f"first_open_{os.getpid()}"
        admin = create_engine(store_url(base, tmp_path), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            connection.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = store_url(base.rsplit("/", 1)[0] + "/" + name, tmp_path)
    with ProcessPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(_open_store, [url] * 6))
    assert outcomes == [0] * 6
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("select version from citylint_schema_version")).fetchall()
    engine.dispose()
    assert len(versions) == 1
