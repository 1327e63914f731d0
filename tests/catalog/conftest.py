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
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,
        ) as cluster,
    ):
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


class PostgresServer:
    """A real PostgreSQL server (Debian's package, installed by .ci/run) in a temporary folder, on
    loopback."""

    def __init__(self) -> None:
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            pytest.skip("postgresql server not installed (.ci/run installs Debian's postgresql)")
        self.bindir = Path(binaries[-1]).parent
        self.home = Path(tempfile.mkdtemp(prefix="citylint-pg-"))
        self.data, self.sockets = self.home / "data", self.home / "sockets"
        self.sockets.mkdir()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root: run it as the package's postgres user
            user = pwd.getpwnam("postgres")
            for path in (self.home, self.sockets):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.port = _free_port()
        subprocess.run(
            [
                *self.prefix,
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        subprocess.run(
            [
                *self.prefix,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-w",
                "-l",
                str(self.home / "server.log"),
                "-o",
                f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One server for the session's tests."""
    server = PostgresServer()
    server.start()
    try:
        yield server.url
    finally:
        server.remove()


@pytest.fixture
def own_postgres() -> Iterator[dict[str, object]]:
    """A server of the test's own, which the test may stop and start again."""
    server = PostgresServer()
    server.start()
    try:
        yield {"url": server.url, "stop": server.stop, "start": server.start}
    finally:
        server.remove()
