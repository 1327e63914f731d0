"""Issue 20: a CI gate that cannot turn green by mistake, configuration mistakes that are not silent, and the
conventions users of ruff, check-jsonschema and MobilityData's validator expect — through the real CLI."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, VALIDATION_DATE, run_cli

BASE = FIXTURES / "gtfs" / "_base"


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with the usual umask (022), whatever the test runner's is."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_missing_input_with_output_does_not_print_a_clean_summary(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(tmp_path / "nosuch.zip"), "-o", str(tmp_path / "r.txt"))
    assert code == 2
    assert "0 errors" not in err
    assert "nosuch.zip: could not be validated" in err


@pytest.mark.usefixtures("umask")
def test_reports_are_written_readable_by_others_and_respect_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-f", "json", "-o", str(out), "-q")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    os.umask(0o077)
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-f", "json", "-o", str(out), "-q")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind
