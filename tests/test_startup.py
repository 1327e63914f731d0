"""citylint.startup: the command line ends a check without the interpreter's teardown (os._exit), with the
same exit code, outputs and atexit functions; anything else ends the usual way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

GTFS_FEED = FIXTURES / "gtfs" / "_base"

# os._exit, spied on (the fast end calls it); an atexit function (both ends must run it).
_PROBE = """
import atexit, os, sys
_exit = os._exit
def spy(code, _exit=_exit, write=os.write):
    write(2, b"FAST END\\n")
    _exit(code)
os._exit = spy
atexit.register(lambda: sys.stderr.write("ATEXIT RAN\\n"))
from citylint.cli import main
sys.argv = ["citylint", *sys.argv[2:]]
if sys.argv_mode == "args":
    main(sys.argv[1:])
else:
    main()
"""


def _run(mode: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = _PROBE.replace("sys.argv_mode", repr(mode))
    return subprocess.run(
        [sys.executable, "-c", code, "-", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def _untimed(report: str) -> object:
    data = json.loads(report)
    del data["summary"]["timings"]
    return data


def _bad_feed(tmp_path: Path) -> Path:
    feed = tmp_path / "feed"
    feed.mkdir()
    for member in GTFS_FEED.iterdir():
        (feed / member.name).write_bytes(member.read_bytes())
    (feed / "stops.txt").write_text("stop_id,stop_name,stop_lat,stop_lon\nS1,Main,95,2\n", encoding="utf-8")
    return feed


@pytest.mark.parametrize("fixture", ["good", "bad"])
def test_the_command_line_ends_a_check_early_with_the_same_code_and_report(
    tmp_path: Path, fixture: str
) -> None:
    feed = GTFS_FEED if fixture == "good" else _bad_feed(tmp_path)
    args = ("check", str(feed), "--format", "json", "--date", "2026-10-01")
    fast, usual = _run("argv", *args), _run("args", *args)
    assert fast.returncode == usual.returncode == (0 if fixture == "good" else 1)
    assert _untimed(fast.stdout) == _untimed(usual.stdout)  # the whole report reached stdout
    assert "ATEXIT RAN" in fast.stderr and "ATEXIT RAN" in usual.stderr
    assert "FAST END" not in usual.stderr  # main([...]) raised SystemExit
    assert "FAST END" in fast.stderr  # ended once the report was written


def test_a_check_that_cannot_validate_still_ends_with_code_2(tmp_path: Path) -> None:
    done = _run("argv", "check", str(tmp_path / "missing"))
    assert done.returncode == 2
    assert "FAST END" in done.stderr and "ATEXIT RAN" in done.stderr


def test_a_check_refused_before_its_work_ends_the_usual_way() -> None:
    done = _run("argv", "check", str(GTFS_FEED), "--update-baseline")
    assert done.returncode == 2
    assert "needs --baseline" in done.stderr
    assert "FAST END" not in done.stderr


def test_other_commands_end_the_usual_way() -> None:
    done = _run("argv", "rules", "--format", "json")
    assert done.returncode == 0
    assert "FAST END" not in done.stderr
