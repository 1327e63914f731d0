"""``check-many`` on a cluster as a national access point runs it (issue 20): an external scheduler whose
workers run in another folder, an unreachable scheduler, the dashboard kept on loopback, a dataset that became
unreadable, concurrent first opens of one store, an interrupted run. All on loopback."""

from __future__ import annotations

import contextlib
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
from typing import Any

import pytest

from citylint.catalog.store import ResultStore, store_url
from tests.catalog.conftest import make_feed
from tests.catalog.test_check_many import BAD_STOPS
from tests.conftest import ROOT, VALIDATION_DATE, run_cli

pytestmark = pytest.mark.slow  # Dask schedulers and workers in other processes


@pytest.fixture(scope="module")
def external_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and a worker started as separate processes, the worker in a folder of its own (as on
    another machine: nothing of the client's working folder is there)."""
    home = tmp_path_factory.mktemp("cluster")
    elsewhere = home / "worker-folder"
    elsewhere.mkdir()
    scheduler_file = home / "scheduler.json"
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--dashboard-address",
            "127.0.0.1:0",
            "--scheduler-file",
            str(scheduler_file),
        ],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_worker",
                address,
                "--nthreads",
                "1",
                "--nworkers",
                "1",
                "--host",
                "127.0.0.1",
                "--dashboard-address",
                "127.0.0.1:0",
            ],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
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


def test_relative_paths_reach_workers_that_run_elsewhere(
    tmp_path: Path, external_scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_feed(tmp_path / "feeds" / "a")
    make_feed(tmp_path / "feeds" / "b", stops_txt=BAD_STOPS)
    (tmp_path / "quiet.yaml").write_text("name: quiet\ntitle: q\nextends: [gtfs]\nrules: {disable: ['*']}\n")
    (tmp_path / "catalog.csv").write_text("id,path,profile,metadata\na,feeds/a,,\nb,feeds/b,quiet.yaml,\n")
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run_cli(
        "check-many", "catalog.csv", "-d", "out", "--scheduler", external_scheduler, "--date", VALIDATION_DATE
    )
    assert code == 0, stdout + stderr
    assert "2 validated" in stdout and "0 could not be validated" in stdout


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    make_feed(tmp_path / "catalog" / "a")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    code, _, stderr = run_cli(
        "check-many",
        str(tmp_path / "catalog"),
        "-d",
        str(tmp_path / "out"),
        "--scheduler",
        f"tcp://127.0.0.1:{port}",
        "-q",
    )
    assert code == 2, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert "cannot reach the Dask scheduler" in stderr
    assert time.monotonic() - started < 60


def test_the_local_dashboard_listens_on_loopback_only() -> None:
    import psutil

    from citylint.catalog.runner import _client

    with _client(1, None) as client:
        port = client.scheduler_info()["services"]["dashboard"]
        listening = [
            c.laddr.ip
            for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr.port == port
        ]
    assert listening and set(listening) <= {"127.0.0.1", "::1"}, listening


def test_local_workers_keep_no_profile_per_task() -> None:
    """Dask's profiler kept a call tree per second of work (~130 KB per input): the worker memory that grew
    over a long catalogue run (issue 20, benchmarks/bench_worker_memory.py). citylint's workers run without
    it."""
    from citylint.catalog.runner import _client

    def profiling(dask_worker: Any) -> bool:
        return (
            "profile" in dask_worker.periodic_callbacks or "profile-cycle" in dask_worker.periodic_callbacks
        )

    with _client(1, None) as client:
        assert list(client.run(profiling).values()) == [False]


def test_history_counts_a_dataset_that_became_unreadable(tmp_path: Path, dask_scheduler: str) -> None:
    catalog, out = tmp_path / "catalog", tmp_path / "out"
    make_feed(catalog / "metro")
    assert (
        run_cli(
            "check-many",
            str(catalog),
            "-d",
            str(out),
            "--scheduler",
            dask_scheduler,
            "--date",
            VALIDATION_DATE,
        )[0]
        == 0
    )
    for item in (catalog / "metro").iterdir():  # republished as something that is no feed
        item.unlink()
    (catalog / "metro" / "readme.md").write_text("moved to another portal\n")
    assert (
        run_cli(
            "check-many",
            str(catalog),
            "-d",
            str(out),
            "--scheduler",
            dask_scheduler,
            "--date",
            VALIDATION_DATE,
        )[0]
        == 2
    )
    code, text, _ = run_cli("history", "--store", str(out / "citylint-results.sqlite"))
    assert code == 0 and "REGRESSION metro" in text and "became unreadable" in text
    body = json.loads(run_cli("history", "--store", str(out / "citylint-results.sqlite"), "-f", "json")[1])
    assert body["regressions"][0]["becameUnreadable"]


def _open_store(url: str) -> int:
    ResultStore(url)
    return 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_first_opens_of_one_store(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
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


def _slow_run(args: list[str], seconds: float = 1.0) -> subprocess.Popen[str]:
    """check-many in a process of its own, each input taking ``seconds`` longer than it does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CITYLINT_TEST_TASK_SECONDS": str(seconds), "NO_COLOR": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.catalog.slow_task",
            "check-many",
            *args,
            "--date",
            VALIDATION_DATE,
            "-q",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_results(db: Path, count: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as connection:
                    if connection.execute("select count(*) from citylint_results").fetchone()[0] >= count:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} results in {db} after {timeout} s")


def _catalog_of(root: Path, count: int) -> Path:
    catalog = root / "catalog"
    for i in range(count):
        make_feed(catalog / f"feed{i}")
    return catalog


def _runs(db: Path) -> list[tuple[str, int, str | None]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "select status, validated, interrupted_reason from citylint_runs order by id"
        ).fetchall()


def test_sigterm_marks_the_run_interrupted_and_a_new_run_resumes(tmp_path: Path, dask_scheduler: str) -> None:
    catalog, out = _catalog_of(tmp_path, 6), tmp_path / "out"
    db = out / "citylint-results.sqlite"
    process = _slow_run([str(catalog), "-d", str(out), "--scheduler", dask_scheduler], seconds=1.5)
    _wait_for_results(db, 1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stderr
    assert "interrupted (SIGTERM)" in stderr and "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    ((status, validated, reason),) = _runs(db)
    assert status == "interrupted" and reason == "SIGTERM" and validated >= 1  # counters as far as it got
    code, stdout, _ = run_cli(
        "check-many", str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--date", VALIDATION_DATE
    )
    assert code == 0, stdout
    assert f"{validated} unchanged and skipped" in stdout and f"{6 - validated} validated" in stdout


def test_a_killed_client_is_resumed_and_its_run_marked(
    tmp_path: Path, dask_scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, out = _catalog_of(tmp_path, 6), tmp_path / "out"
    db = out / "citylint-results.sqlite"
    process = _slow_run([str(catalog), "-d", str(out), "--scheduler", dask_scheduler], seconds=1.5)
    _wait_for_results(db, 2)
    process.kill()  # SIGKILL: no chance to say anything
    process.communicate(timeout=60)
    ((status, validated, _),) = _runs(db)
    # Counters written as results came (each just after its result: the kill may fall between), not zeros.
    assert status == "running" and validated >= 1
    monkeypatch.setenv("CITYLINT_STALE_AFTER_SECONDS", "0")  # its heartbeat has stopped: no longer live
    code, stdout, _ = run_cli(
        "check-many", str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--date", VALIDATION_DATE
    )
    assert code == 0 and "0 could not be validated" in stdout, stdout
    stored = (
        sqlite3.connect(db).execute("select count(distinct dataset_id) from citylint_results").fetchone()[0]
    )
    assert stored == 6
    runs = _runs(db)
    assert runs[0][0] == "interrupted" and runs[1][0] == "finished"


def test_two_runs_of_one_catalogue_at_once_validate_each_input_once(
    tmp_path: Path, dask_scheduler: str
) -> None:
    catalog, out = _catalog_of(tmp_path, 4), tmp_path / "out"
    db = out / "citylint-results.sqlite"
    first = _slow_run([str(catalog), "-d", str(out), "--scheduler", dask_scheduler], seconds=2)
    _wait_for_results(db, 0)
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and not sqlite3.connect(db).execute("select count(*) from citylint_reservations").fetchone()[0]
    ):
        time.sleep(0.1)
    code, stdout, _ = run_cli(
        "check-many", str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--date", VALIDATION_DATE
    )
    first.communicate(timeout=180)
    assert first.returncode == 0 and code == 0
    assert "4 inputs left to the run validating them now" in stdout, stdout
    with sqlite3.connect(db) as connection:
        per_input = connection.execute(
            "select dataset_id, count(*) from citylint_results group by dataset_id"
        )
        assert {count for _, count in per_input} == {1}


def test_a_stopped_database_interrupts_the_run_and_a_new_run_resumes(
    tmp_path: Path, dask_scheduler: str, own_postgres: dict[str, object]
) -> None:
    url, stop, start = own_postgres["url"], own_postgres["stop"], own_postgres["start"]
    assert isinstance(url, str) and callable(stop) and callable(start)
    catalog, out = _catalog_of(tmp_path, 5), tmp_path / "out"
    process = _slow_run(
        [str(catalog), "-d", str(out), "--scheduler", dask_scheduler, "--store", url], seconds=1.5
    )
    from sqlalchemy import create_engine, text

    engine = create_engine(store_url(url, out))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(Exception),
            engine.connect() as connection,
        ):  # the schema may not be there yet
            if connection.execute(text("select count(*) from citylint_results")).scalar_one() >= 1:
                break
        time.sleep(0.2)
    engine.dispose()
    stop()
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 2 and "results store lost" in stderr and "Traceback" not in stderr, stderr
    start()
    os.environ["CITYLINT_STALE_AFTER_SECONDS"] = "0"
    try:
        code, stdout, _ = run_cli(
            "check-many",
            str(catalog),
            "-d",
            str(out),
            "--scheduler",
            dask_scheduler,
            "--store",
            url,
            "--date",
            VALIDATION_DATE,
        )
    finally:
        del os.environ["CITYLINT_STALE_AFTER_SECONDS"]
    assert code == 0 and "unchanged and skipped" in stdout and "0 could not be validated" in stdout, stdout
    engine = create_engine(store_url(url, out))
    with engine.connect() as connection:
        statuses = [r[0] for r in connection.execute(text("select status from citylint_runs order by id"))]
    engine.dispose()
    assert statuses == ["interrupted", "finished"]
