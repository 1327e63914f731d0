from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

BASE_FEED = FIXTURES / "gtfs" / "_base"


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """One LocalCluster of two worker processes for the session's catalogue tests (as --scheduler)."""
    import logging

    import dask
    from distributed import LocalCluster

    # A task whose worker dies fails at once (the crash test) instead of being retried on the other workers,
    # which under load can take minutes of restarts.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
            silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


def make_feed(folder: Path, **files: str) -> Path:
    """The fixtures' clean feed in ``folder``, with some files replaced (``stops_txt="..."``)."""
    shutil.copytree(BASE_FEED, folder)
    for key, text in files.items():
        (folder / key.replace("_txt", ".txt")).write_text(text, encoding="utf-8")
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server (Debian's package, installed by .ci/run), started for the tests on loopback."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        pytest.skip("postgresql server not installed (.ci/run installs Debian's postgresql)")
    bindir = Path(binaries[-1]).parent
    home = Path(tempfile.mkdtemp(prefix="citylint-pg-"))
    data, sockets = home / "data", home / "sockets"
    sockets.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the package's postgres user
        user = pwd.getpwnam("postgres")
        for path in (home, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
                   check=True, capture_output=True)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(home / "server.log"), "-o",
                    f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
