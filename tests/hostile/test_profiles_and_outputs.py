"""Hostile profiles and output paths: refused with exit 2 and one line, nothing run, nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.builders import feed_folder
from tests.hostile.harness import assert_handled, run_citylint

pytestmark = pytest.mark.hostile


def _profile(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Ten aliases per level, eight levels: 10^8 list items if a loader expanded them (safe_load keeps references).
BILLION_LAUGHS = (
    "l0: &l0 [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(f"l{i}: &l{i} [{','.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 8))
    + "name: x\ntitle: x\n"
)

PROFILES = {
    "unsafe YAML tag": (
        "name: x\ntitle: x\nvalidators: !!python/object/apply:os.system ['touch pwned']\n",
        "not valid YAML",
    ),
    "extends a file outside its folder": (
        "name: x\ntitle: x\nextends: [../../outside.yaml]\n",
        "leads outside the profile's folder",
    ),
    "extends an absolute path": (
        "name: x\ntitle: x\nextends: [/etc/hostname]\n",
        "leads outside the profile's folder",
    ),
    "unknown key": ("name: x\ntitle: x\nrun_this: [rm -rf /]\n", "Additional properties are not allowed"),
    "not a mapping": ("- just\n- a list\n", "is not of type 'object'"),
    "extends itself": ("name: x\ntitle: x\nextends: [profile.yaml]\n", "extends itself"),
    "anchors expanded a billion times": (BILLION_LAUGHS, "Additional properties are not allowed"),
}


@pytest.mark.parametrize("name", PROFILES)
def test_hostile_profile(name: str, tmp_path: Path) -> None:
    text, reason = PROFILES[name]
    (tmp_path / "outside.yaml").write_text("name: outside\ntitle: outside\n")
    profile = _profile(tmp_path / "profiles" / "nested", text)
    feed = feed_folder(tmp_path / "feed")
    outcome = run_citylint(tmp_path / "run", str(feed), "--profile", str(profile))
    assert_handled(outcome, exit_codes={2})
    assert reason in outcome.stderr, outcome.stderr
    assert len([line for line in outcome.stderr.splitlines() if line.strip()]) == 1, outcome.stderr
    assert not (tmp_path / "run" / "pwned").exists()


def test_binary_profile_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_bytes(os.urandom(4000) + b"\xff\xfe")
    outcome = run_citylint(tmp_path / "run", str(feed_folder(tmp_path / "feed")), "--profile", str(profile))
    assert_handled(outcome, exit_codes={2})
    assert "profile" in outcome.stderr


def _check_to(tmp_path: Path, output: Path) -> tuple[int, str]:
    feed = feed_folder(tmp_path / "feed")
    outcome = run_citylint(
        tmp_path / "run", str(feed), "--format", "json", "--output", str(output), report=False
    )
    assert_handled(outcome, exit_codes={0, 2})
    return outcome.exit_code, outcome.stderr


def test_output_in_a_missing_folder(tmp_path: Path) -> None:
    code, err = _check_to(tmp_path, tmp_path / "missing" / "report.json")
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_existing_output_file_is_replaced_whole(tmp_path: Path) -> None:
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    output.write_text("x" * 1_000_000)
    code, _ = _check_to(tmp_path, output)
    assert code == 0
    assert output.read_text().lstrip().startswith("{") and "x" * 100 not in output.read_text()
    assert sorted(p.name for p in output.parent.iterdir()) == ["report.json"], "a temporary file was left"


def test_output_in_a_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes through permission bits: use a folder no one can create files in
        folder = Path("/proc")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    code, err = _check_to(tmp_path, folder / "report.json")
    assert code == 2 and "cannot write" in err
    assert not (folder / "report.json").exists()


def test_output_path_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    code, err = _check_to(tmp_path, tmp_path / "taken")
    assert code == 2 and "taken" in err


def test_output_to_a_device_writes_into_it_and_leaves_it_a_device(tmp_path: Path) -> None:
    code, _ = _check_to(tmp_path, Path("/dev/null"))
    assert code == 0
    assert Path("/dev/null").is_char_device(), "the atomic writer replaced /dev/null with a file"
