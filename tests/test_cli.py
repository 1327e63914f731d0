"""The command line as users meet it: exit codes, messages, outputs, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from citylint.registry import load_registry
from tests.conftest import FIXTURES, REPORT_SCHEMA, ROOT, VALIDATION_DATE, run_cli, totals

BASE = FIXTURES / "gtfs" / "_base"
EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"


def _one_clear_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("citylint: error:")]
    assert len(errors) == 1, stderr


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(tmp_path / "nope.zip"))
    assert code == 2
    _one_clear_line(err)
    assert "no such file" in err


def test_not_gtfs_exits_2(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    code, _, err = run_cli("check", str(text))
    assert code == 2
    _one_clear_line(err)
    assert "unknown input kind" in err


def test_broken_zip_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "feed.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    code, _, err = run_cli("check", str(broken))
    assert code == 2
    _one_clear_line(err)
    assert "corrupt" in err


def test_zip_without_gtfs_exits_2(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("cat.jpg", b"\xff\xd8")
    code, _, err = run_cli("check", str(archive))
    assert code == 2
    assert "holds no GTFS file" in err


def test_folder_without_gtfs_exits_2(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("x")
    code, _, err = run_cli("check", str(tmp_path))
    assert code == 2
    _one_clear_line(err)


def test_one_bad_input_among_good_ones_still_reports_the_good_one(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _, _err = run_cli(
        "check",
        str(BASE),
        str(tmp_path / "missing"),
        "--date",
        VALIDATION_DATE,
        "-f",
        "json",
        "-o",
        str(out),
        "-q",
    )
    assert code == 2
    body = json.loads(out.read_text())
    jsonschema.validate(body, json.loads(REPORT_SCHEMA.read_text()))
    assert [r["summary"]["inputKind"] for r in body["reports"]] == ["gtfs", "unknown"]
    assert body["reports"][1]["systemErrors"][0]["code"] == "input_error"


def _feed_with_warning(tmp_path: Path) -> Path:
    feed = tmp_path / "feed"
    feed.mkdir()
    for item in BASE.iterdir():
        (feed / item.name).write_bytes(item.read_bytes())
    (feed / "feed_info.txt").unlink()  # missing_recommended_file, a WARNING
    return feed


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_threshold(tmp_path: Path, fail_on: str, expected: int) -> None:
    code, out, _ = run_cli(
        "check", str(_feed_with_warning(tmp_path)), "--date", VALIDATION_DATE, "--fail-on", fail_on, "-q"
    )
    assert code == expected
    assert "missing_recommended_file" in out


def test_errors_exit_1_and_never_exits_0(tmp_path: Path) -> None:
    feed = _feed_with_warning(tmp_path)
    (feed / "agency.txt").unlink()
    assert run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q")[0] == 1
    assert run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "--fail-on", "never")[0] == 0


def test_text_report_has_verdict_and_no_colour_when_not_a_tty() -> None:
    code, out, _ = run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-q")
    assert code == 0
    assert "verdict: conformant" in out
    assert "\033[" not in out


def test_bad_flags_exit_2() -> None:
    assert run_cli("check", str(BASE), "--fail-on", "sometimes")[0] == 2
    assert run_cli("check", str(BASE), "--date", "01/10/2026")[0] == 2
    assert run_cli("check")[0] == 2


def test_output_into_missing_folder_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.json"
    code, _, err = run_cli("check", str(BASE), "-f", "json", "-o", str(target))
    assert code == 2
    _one_clear_line(err)
    assert not (tmp_path / "no").exists()


def test_output_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    run_cli("check", str(BASE), "-f", "json", "-o", str(target), "-q")
    assert json.loads(target.read_text())["summary"]["inputKind"] == "gtfs"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_max_samples_caps_samples_not_totals(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    feed = _feed_with_warning(tmp_path)
    (feed / "stops.txt").write_text(
        "stop_id,stop_name,stop_lat,stop_lon\n"
        + "".join(f'"S{i} ",Stop {i},48.8,2.3\n' for i in range(1, 4))
        + "S1,Stop,48.8,2.3\nS2,Stop,48.8,2.3\nS3,Stop,48.8,2.3\n"
    )
    _code, report, _ = check_json(feed, "--max-samples", "2")
    notice = next(n for n in report["notices"] if n["code"] == "leading_or_trailing_whitespaces")
    assert notice["totalNotices"] == 3
    assert len(notice["sampleNotices"]) == 2


def test_rules_lists_every_rule_with_its_documentation() -> None:
    registry = load_registry()
    code, out, _ = run_cli("rules")
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines()}
    assert listed == set(registry.rules)
    code, out, _ = run_cli("rules", "--format", "json")
    docs = json.loads(out)
    assert {d["code"] for d in docs} == set(registry.rules)
    assert all(d["summary"].endswith(".") and "## Why it matters" in d["description"] for d in docs)
    code, out, _ = run_cli("rules", "--format", "markdown")
    assert out.count("\n### `") == len(registry.rules)


def test_profiles_lists_the_shipped_gtfs_profile() -> None:
    code, out, _ = run_cli("profiles")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert {"gtfs", "gtfs-lockin", "fr-nap", "gbfs", "shacl", "json-schema"} <= set(names)


def test_version() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("citylint, version ")


def test_console_script_on_the_bundled_example(tmp_path: Path) -> None:
    """The installed entry point, as the README's first command runs it."""
    out = tmp_path / "report.json"
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "citylint",
            "check",
            str(EXAMPLE),
            "--date",
            VALIDATION_DATE,
            "-f",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    report = json.loads(out.read_text())
    has_errors = report["summary"]["findingCounts"]["ERROR"] > 0
    assert result.returncode == (1 if has_errors else 0), result.stderr
    assert report["summary"]["feedInfo"]["publisherName"] == "ITO World"
    assert totals(report)["unexpected_enum_value"] == 4
