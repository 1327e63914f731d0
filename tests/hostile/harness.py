"""Runs the real ``citylint`` in a fresh process on a hostile input and records what it did to the machine.

Each run gets its own working folder and ``TMPDIR``, so that any file citylint writes outside the output path,
and any temporary file it leaves behind, is seen; wall time and peak memory come from ``os.wait4``. Every
run is audited (``audit/sitecustomize.py``, Python's audit hooks): the files it opened and listed and the
sockets it used are in ``Outcome.audit``, and no socket may leave the machine without ``--allow-network``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citylint import standards

ROOT = Path(__file__).resolve().parents[2]
BASE_FEED = ROOT / "fixtures" / "gtfs" / "_base"
LAUNCHER = Path(__file__).with_name("launch.py")
AUDIT = Path(__file__).with_name("audit")  # holds the sitecustomize.py that installs the audit hook
LOOPBACK = ("127.", "::1", "localhost")

# The bounds every hostile input must stay within (docs/security.md states them for users).
MAX_SECONDS = 60.0
MAX_PEAK_RSS_MB = 1500


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float
    report: dict[str, Any] | None
    stray_files: list[str] = field(default_factory=list)
    args: tuple[str, ...] = ()  # the command's arguments
    audit: list[dict[str, Any]] = field(default_factory=list)  # events of audit/sitecustomize.py

    def opened(self) -> set[str]:
        """Every path the run opened or listed, as the audit hook saw it (not resolved)."""
        return {e["detail"] for e in self.audit if e["event"] in ("open", "os.listdir", "os.scandir")}

    def off_machine(self) -> list[dict[str, Any]]:
        """Socket events that name something other than the loopback interface (a Dask LocalCluster talks to
        its workers on 127.0.0.1; a test's own HTTP server listens there too and counts its requests)."""
        found = []
        for event in (e for e in self.audit if e["event"].startswith("socket.")):
            detail = event["detail"]
            host = detail[0] if isinstance(detail, list) and detail else detail
            if isinstance(host, str) and (host.startswith(LOOPBACK) or host.startswith("/")):
                continue  # a loopback address, or a Unix socket
            found.append(event)
        return found

    def codes(self) -> dict[str, int]:
        if not self.report:
            return {}
        return {n["code"]: n["totalNotices"] for n in self.report.get("notices", [])}


def base_members() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(BASE_FEED.iterdir())}


def audit_env(logs: Path) -> dict[str, str]:
    """The environment that makes every Python process of a run log its events to ``logs/audit.jsonl``."""
    log = logs / "audit.jsonl"
    log.unlink(missing_ok=True)
    return {"CITYLINT_AUDIT_LOG": str(log), "PYTHONPATH": os.pathsep.join([str(AUDIT), str(ROOT)])}


def read_audit(logs: Path) -> list[dict[str, Any]]:
    log = logs / "audit.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(errors="replace").splitlines() if line.strip()]


def run_citylint(workdir: Path, *args: str, report: bool = True, timeout: float = 300) -> Outcome:
    """Run ``citylint check ARGS`` in ``workdir`` (a JSON report to ``out/report.json`` unless ``report`` is
    False)."""
    workdir.mkdir(parents=True, exist_ok=True)
    tmpdir = workdir / "tmp"
    out = workdir / "out"
    tmpdir.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    before = _listing(workdir)
    command = [sys.executable, "-m", "citylint", "check", *args, "--date", "2026-10-01", "--quiet"]
    if report:
        command += ["--format", "json", "--output", str(out / "report.json")]
    logs = workdir.parent / f"{workdir.name}.logs"
    logs.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmpdir), "NO_COLOR": "1", **audit_env(logs)}
    measured = logs / "measured.json"
    with (logs / "stdout").open("wb") as stdout, (logs / "stderr").open("wb") as stderr:
        subprocess.run(
            [sys.executable, str(LAUNCHER), str(measured), str(timeout), *command],
            cwd=workdir,
            env=env,
            stdout=stdout,
            stderr=stderr,
            check=False,
        )
    facts = json.loads(measured.read_text())
    report_path = out / "report.json"
    parsed = json.loads(report_path.read_text()) if report and report_path.exists() else None
    after = _listing(workdir)
    stray = sorted(p for p in after - before if not p.startswith("out/"))
    return Outcome(
        facts["exit_code"],
        (logs / "stdout").read_text(errors="replace"),
        (logs / "stderr").read_text(errors="replace"),
        facts["seconds"],
        facts["peak_rss_kb"] / 1024,
        parsed,
        stray,
        tuple(command[3:]),
        read_audit(logs),
    )


def _listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def assert_handled(outcome: Outcome, *, exit_codes: set[int]) -> None:
    """What every hostile input must get: a chosen exit code, no traceback, clear one-line errors, nothing
    left behind, within the time and memory bounds."""
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.exit_code in exit_codes, (outcome.exit_code, outcome.stderr[-2000:])
    if outcome.exit_code == 2:
        # citylint's own reasons, or click's for a bad flag ("Error: Invalid value for ...")
        errors = [
            line for line in outcome.stderr.splitlines() if line.startswith(("citylint: error:", "Error:"))
        ]
        assert errors, outcome.stderr
    assert outcome.stray_files == [], outcome.stray_files
    assert outcome.seconds < MAX_SECONDS
    assert outcome.peak_rss_mb < MAX_PEAK_RSS_MB
    assert_offline(outcome)


def assert_offline(outcome: Outcome) -> None:
    """Without --allow-network, no socket of the run leaves the machine (none at all for ``check``, which
    starts no cluster)."""
    if "--allow-network" in outcome.args:
        return
    assert outcome.off_machine() == [], outcome.off_machine()
    if outcome.args[:1] == ("check",):
        sockets = [e for e in outcome.audit if e["event"].startswith("socket.")]
        assert sockets == [], sockets


FORBIDDEN = ("/etc/shadow", "/etc/passwd", "/dev/zero")


def _system_roots() -> list[str]:
    """What any Python program of this installation reads: the interpreter's libraries, citylint's package,
    the time-zone database (zoneinfo), the standards cache."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(ROOT / "citylint"), str(AUDIT)}
    roots |= {str(p) for p in ROOT.glob("*.egg-info")}  # citylint's installed metadata (entry points)
    roots |= {"/usr/share/zoneinfo", str(standards.user_cache_dir().parent), "/dev/null"}
    # Facts about the machine that Dask and psutil read to size a LocalCluster and watch its workers.
    roots |= {
        "/proc/stat",
        "/proc/meminfo",
        "/proc/diskstats",
        "/proc/net/dev",
        "/proc/self",
        "/sys/fs/cgroup",
    }
    if os.environ.get(standards.ENV_DIR):
        roots.add(os.environ[standards.ENV_DIR])
    return sorted({os.path.realpath(r) for r in roots} | roots)


# A process's own counters (psutil reads its workers' /proc/PID/stat, statm and fd).
_PROC_COUNTERS = re.compile(r"/proc/\d+/(?:stat|statm|fd)")


def _inside(path: str, roots: list[str]) -> bool:
    if _PROC_COUNTERS.fullmatch(path):
        return True
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def assert_opened_only_inside(outcome: Outcome, *roots: Path, forbidden: tuple[str, ...] = ()) -> None:
    """Every path the run opened or listed lies in ``roots`` or the system's, as given and resolved; nothing
    of ``FORBIDDEN`` or ``forbidden`` was touched at all."""
    assert outcome.audit, "the audit hook recorded nothing: is audit/sitecustomize.py on PYTHONPATH?"
    allowed = _system_roots() + [str(r) for r in roots] + [os.path.realpath(r) for r in roots]
    # Python's import system lists the folders on sys.path: the repository (PYTHONPATH), the run's folder.
    listed_only = [str(ROOT)]
    bad = []
    for event in outcome.audit:
        if event["event"] not in ("open", "os.listdir", "os.scandir"):
            continue
        path = os.path.normpath(event["detail"])
        real = os.path.realpath(path)
        for shown in {path, real}:
            if shown in forbidden or (shown in FORBIDDEN and not _inside(shown, [str(r) for r in roots])):
                bad.append((event["event"], path, "forbidden"))
            elif not _inside(shown, allowed) and not (event["event"] != "open" and shown in listed_only):
                bad.append((event["event"], path, real))
    assert bad == [], bad
