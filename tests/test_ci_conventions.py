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


def _profile(tmp_path: Path, body: str) -> str:
    path = tmp_path / "p.yaml"
    path.write_text("name: mine\ntitle: Mine\nextends: [gtfs]\n" + body)
    return str(path)


@pytest.mark.parametrize(("body", "named", "suggested"), [
    ("rules: {disable: [unused_statoin]}\n", "'unused_statoin'", "'unused_station'"),
    ("rules: {enable: ['unsued_*']}\n", "'unsued_*'", "'unused_*'"),
    ("severity: {unused_statoin: ERROR}\n", "'unused_statoin'", "'unused_station'"),
    ("validators: {gtfs: {contry_code: FR}}\n", "'contry_code'", "'country_code'"),
    ("validators: {gtsf: {}}\n", "'gtsf'", "'gtfs'"),
    ("validators: {gtfs: {max_rows: many}}\n", "max_rows", "an integer"),
])
def test_a_profile_naming_what_does_not_exist_is_exit_2(tmp_path: Path, body: str, named: str,
                                                         suggested: str) -> None:
    code, _, err = run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-q", "-p", _profile(tmp_path, body))
    assert code == 2, err
    assert named in err and suggested in err and "Traceback" not in err


def test_profile_parameters_of_the_right_type_are_accepted(tmp_path: Path) -> None:
    body = "validators: {gtfs: {country_code: FR, max_rows: 100}}\nrules: {disable: ['unused_*']}\n"
    code, _, err = run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-q", "-p", _profile(tmp_path, body))
    assert code == 0, err


def test_every_shipped_profile_passes_the_checks() -> None:
    from citylint.profiles import load_profile, shipped_profiles
    from citylint.profiles.checks import check_profile
    from citylint.registry import load_registry

    registry = load_registry()
    for name in shipped_profiles():
        check_profile(load_profile(name), registry)


@pytest.mark.parametrize(("name", "starts"), [("report.html", "<!DOCTYPE html"), ("report.json", "{"),
                                              ("report.sarif", "{"), ("report.txt", "")])
def test_output_extension_chooses_the_format(tmp_path: Path, name: str, starts: str) -> None:
    out = tmp_path / name
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-q", "-o", str(out))
    text = out.read_text()
    assert text.lstrip().startswith(starts) if starts else not text.lstrip().startswith(("<", "{"))
    assert ('"$schema"' in text) == name.endswith(".sarif")
