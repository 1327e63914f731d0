"""Profiles: validated against their JSON Schema, extendable, and effective on what runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from citylint.model import Severity
from citylint.profiles import ProfileError, load_profile, shipped_profiles
from tests.conftest import FIXTURES, run_cli, totals

BASE = FIXTURES / "gtfs" / "_base"


def _profile(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_shipped_profiles_load() -> None:
    assert "gtfs" in shipped_profiles()
    profile = load_profile("gtfs")
    assert profile.inputs == ["gtfs"] and "gtfs" in profile.validators


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: x\ntitle: t\nrulez: {}\n", "$: Additional properties"),
        ("name: x\ntitle: t\nseverity: {duplicate_key: FATAL}\n", "$.severity.duplicate_key"),
        ("name: x\ntitle: t\nrules: {disable: [3]}\n", "$.rules.disable[0]"),
        ("title: t\n", "'name' is a required property"),
        ("name: x\ntitle: t\nextends: [no-such-profile]\n", "unknown profile 'no-such-profile'"),
        ("name: [unclosed\n", "not valid YAML"),
        ("!!python/object/apply:os.system [echo pwned]\n", "not valid YAML"),
    ],
)
def test_bad_profiles_exit_2_with_the_place_of_the_problem(tmp_path: Path, text: str, where: str) -> None:
    path = _profile(tmp_path, text)
    code, _, err = run_cli("check", str(BASE), "--profile", str(path))
    assert code == 2
    assert where in err
    assert "Traceback" not in err


def test_unknown_profile_name_exits_2() -> None:
    code, _, err = run_cli("check", str(BASE), "--profile", "nope")
    assert code == 2 and "unknown profile 'nope'" in err


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    _profile(tmp_path, "name: a\ntitle: a\nextends: [b.yaml]\n", "a.yaml")
    _profile(tmp_path, "name: b\ntitle: b\nextends: [a.yaml]\n", "b.yaml")
    with pytest.raises(ProfileError, match="extends itself"):
        load_profile(str(tmp_path / "a.yaml"))


def test_disable_and_severity_override_apply(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = tmp_path / "feed"
    feed.mkdir()
    for item in BASE.iterdir():
        (feed / item.name).write_bytes(item.read_bytes())
    (feed / "feed_info.txt").unlink()
    (feed / "notes.txt").write_text("x")
    code, report, _ = check_json(feed)
    assert totals(report) == {"missing_recommended_file": 1, "unknown_file": 1}
    assert code == 0
    profile = _profile(
        tmp_path,
        "name: strict\ntitle: Strict\nextends: [gtfs]\n"
        "rules: {disable: ['unknown_*']}\nseverity: {missing_recommended_file: ERROR}\n",
    )
    code, report, _ = check_json(feed, "--profile", str(profile))
    assert totals(report) == {"missing_recommended_file": 1}
    assert report["notices"][0]["severity"] == "ERROR"
    assert code == 1


def test_extending_profile_inherits_and_overrides(tmp_path: Path) -> None:
    _profile(
        tmp_path,
        "name: base\ntitle: b\nextends: [gtfs]\nseverity: {unknown_file: WARNING}\n"
        "validators: {gtfs: {country_code: FR}}\n",
        "base.yaml",
    )
    child = _profile(
        tmp_path,
        "name: child\ntitle: c\nextends: [base.yaml]\nvalidators: {gtfs: {max_rows: 9}}\n",
        "child.yaml",
    )
    profile = load_profile(str(child))
    assert profile.severity["unknown_file"] is Severity.WARNING
    assert profile.validators["gtfs"] == {"country_code": "FR", "max_rows": 9}
    assert profile.inputs == ["gtfs"]


def test_a_profile_enables_again_what_the_profile_it_extends_disabled(tmp_path: Path) -> None:
    from citylint.engine import enabled_codes
    from citylint.registry import load_registry

    (tmp_path / "base.yaml").write_text(
        "name: base\ntitle: b\nrules: {enable: ['*'], disable: ['unknown_*']}\n"
    )
    (tmp_path / "child.yaml").write_text(
        "name: child\ntitle: c\nextends: [base.yaml]\nrules: {enable: [unknown_file]}\n"
    )
    registry = load_registry()
    base = enabled_codes(load_profile(str(tmp_path / "base.yaml")), registry)
    child = enabled_codes(load_profile(str(tmp_path / "child.yaml")), registry)
    assert "unknown_file" not in base and "unknown_column" not in base
    assert "unknown_file" in child and "unknown_column" not in child
