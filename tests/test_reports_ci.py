"""CI behaviour through the real CLI: several formats, exit codes, baselines, GitHub annotations, report
diffs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from citylint.baseline import FingerprintTracker
from citylint.github import PER_KIND
from tests.conftest import FIXTURES, ROOT, VALIDATION_DATE, run_cli

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
BASE = FIXTURES / "gtfs" / "_base"
# Two stations without platforms (unused_station) and a stop in capitals (mixed_case_recommended_field) that
# no trip serves (stop_without_stop_time).
NEW_STOPS = [
    "NEW0001,,Harbour Terminal,51.5801,-2.9901,0,1,,",
    "NEW0002,,Castle Green,51.5802,-2.9902,0,1,,",
    "NEW0003,nwpnew,NEW BRIDGE ROAD,51.5803,-2.9903,0,,,",
]


def _json(path: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(path.read_text())
    return body


def _modified_example(tmp_path: Path, extra_stops: list[str], name: str = "feed.zip") -> Path:
    """The example with rows inserted right after the header of stops.txt, so every other row moves down."""
    target = tmp_path / name
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.namelist():
            data = source.read(member)
            if member == "stops.txt":
                header, _, rest = data.decode("utf-8").partition("\n")
                data = "\n".join([header, *extra_stops, rest]).encode("utf-8")
            copy.writestr(member, data)
    return target


def _check(path: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, _, err = run_cli(
        "check", str(path), "--date", VALIDATION_DATE, "-f", "json", "-o", str(out), "-q", *extra
    )
    return code, (_json(out) if out.exists() else {}), err


def _active(report: dict[str, Any]) -> dict[str, int]:
    return {
        n["code"]: n["totalNotices"] - n["suppressedNotices"]
        for n in report["notices"]
        if n["totalNotices"] - n["suppressedNotices"]
    }


# --- formats and exit
# codes ------------------------------------------------------------------------------------


def test_several_formats_need_an_output_dir(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(BASE), "-f", "json", "-f", "sarif")
    assert code == 2 and "--output-dir" in err


def test_one_format_with_output_dir_writes_its_file(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "nested"
    code, stdout, _ = run_cli(
        "check", str(BASE), "--date", VALIDATION_DATE, "-f", "junit", "--output-dir", str(out), "-q"
    )
    assert code == 0 and stdout == ""
    assert [p.name for p in out.iterdir()] == ["citylint-report.xml"]


def test_exit_zero_keeps_findings_from_failing_but_not_system_errors(tmp_path: Path) -> None:
    assert run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE, "-q")[0] == 1
    assert run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE, "-q", "--exit-zero")[0] == 0
    assert run_cli("check", str(tmp_path / "missing.zip"), "-q", "--exit-zero")[0] == 2


# --- GitHub
# annotations -----------------------------------------------------------------------------------------


def test_github_annotations_are_capped_as_github_caps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, _, err = run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE, "-q", "-f", "json")
    assert code == 1
    lines = err.splitlines()
    by_kind = {
        kind: [line for line in lines if line.startswith(f"::{kind} ")]
        for kind in ("error", "warning", "notice")
    }
    assert {k: len(v) for k, v in by_kind.items()} == {
        "error": PER_KIND,
        "warning": PER_KIND,
        "notice": PER_KIND,
    }
    first = by_kind["error"][0]
    assert "file=examples/gb-newport-2023-06-13.zip" in first or "gb-newport-2023-06-13.zip" in first
    assert "title=citylint trip_distance_exceeds_shape_distance::" in first
    assert any("stops.txt, row" in line for line in by_kind["notice"])
    summary = [line for line in lines if line.startswith("citylint: 1,229 findings, 30 shown")]
    assert len(summary) == 1


def test_github_annotations_on_a_folder_give_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    for member in BASE.iterdir():
        (feed / member.name).write_bytes(member.read_bytes())
    (feed / "stops.txt").write_text((BASE / "stops.txt").read_text().replace("48.8676", "48.8676x"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", "feed", "--date", VALIDATION_DATE, "-q", "-f", "json")
    assert code == 1
    [line] = [line for line in err.splitlines() if line.startswith("::error ")]
    assert line.startswith("::error file=feed/stops.txt,line=4,title=citylint invalid_float::")
    assert "citylint:" not in err.split(line)[1]  # nothing left out, no summary line


def test_no_annotations_outside_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    _, _, err = run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE, "-q", "-f", "json")
    assert "::error" not in err


# --- baselines ----------------------------------------------------------------------------------------------


def test_baseline_silences_exactly_the_baselined_findings(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    before = tmp_path / "before.json"
    code, first, err = _check(EXAMPLE, before, "--baseline", str(baseline), "--update-baseline")
    assert code == 0, err
    written = _json(baseline)
    [entry] = written["inputs"].values()
    assert sum(sum(fps.values()) for fps in entry.values()) == 1229
    assert {c: sum(fps.values()) for c, fps in entry.items()} == {
        n["code"]: n["totalNotices"] for n in first["notices"]
    }

    # The same feed with the baseline: nothing counts, everything is reported as suppressed.
    code, same, _ = _check(EXAMPLE, tmp_path / "same.json", "--baseline", str(baseline), "--fail-on", "info")
    assert code == 0
    assert same["summary"]["findingCounts"] == {"ERROR": 0, "WARNING": 0, "INFO": 0}
    assert same["summary"]["suppressedCounts"] == {"ERROR": 12, "WARNING": 53, "INFO": 1164}
    assert all(
        n["suppressedNotices"] == n["totalNotices"] and not n["sampleNotices"] for n in same["notices"]
    )

    # New rows at the top move every station down a row: fingerprints ignore rows, so only the new ones count.
    changed = _modified_example(tmp_path, NEW_STOPS)
    code, after, _ = _check(
        changed, tmp_path / "after.json", "--baseline", str(baseline), "--fail-on", "info"
    )
    assert code == 1
    assert _active(after) == {
        "unused_station": 2,
        "mixed_case_recommended_field": 1,
        "stop_without_stop_time": 1,
    }
    stations = next(n for n in after["notices"] if n["code"] == "unused_station")
    assert stations["totalNotices"] == 1162 and stations["suppressedNotices"] == 1160
    assert sorted(s["stopId"] for s in stations["sampleNotices"]) == ["NEW0001", "NEW0002"]
    # The default --fail-on error: the new findings are warnings and infos, so the run passes.
    assert _check(changed, tmp_path / "after2.json", "--baseline", str(baseline))[0] == 0


def test_baseline_counts_repeated_fingerprints(tmp_path: Path) -> None:
    """The same problem once more (same fingerprint, another row) is one new finding, not a suppressed one."""
    baseline = tmp_path / "b.json"
    _check(EXAMPLE, tmp_path / "0.json", "--baseline", str(baseline), "--update-baseline")
    # Copy an existing capitalised stop under its own id in a new row: same id, same name -> same fingerprint.
    with zipfile.ZipFile(EXAMPLE) as zf:
        stops = zf.read("stops.txt").decode().splitlines()
    shouting = next(line for line in stops[1:] if "OBAN - STATION SQUARE" in line)
    changed = _modified_example(tmp_path, [shouting])
    code, after, _ = _check(changed, tmp_path / "1.json", "--baseline", str(baseline), "--fail-on", "warning")
    assert code == 1
    assert _active(after)["mixed_case_recommended_field"] == 1
    mixed = next(n for n in after["notices"] if n["code"] == "mixed_case_recommended_field")
    assert mixed["suppressedNotices"] == 2


def test_fingerprint_tracker_counts_per_fingerprint() -> None:
    tracker = FingerprintTracker({"x": __import__("collections").Counter({"a": 2})}, record=True)
    assert tracker.take("x", "a", 3) == 2
    assert tracker.take("x", "a", 1) == 0
    assert tracker.take("y", "a", 1) == 0
    assert tracker.seen == {"x": {"a": 4}, "y": {"a": 1}}


def test_baseline_problems_exit_2_with_one_line(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(BASE), "--baseline", str(tmp_path / "none.json"))
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"something": 1}')
    code, _, err = run_cli("check", str(BASE), "--baseline", str(bad))
    assert code == 2 and "not a citylint baseline" in err
    code, _, err = run_cli("check", str(BASE), "--update-baseline")
    assert code == 2 and "--baseline" in err


def test_suppressed_findings_show_in_every_format(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    _check(EXAMPLE, tmp_path / "0.json", "--baseline", str(baseline), "--update-baseline")
    changed = _modified_example(tmp_path, NEW_STOPS[:1])
    out = tmp_path / "out"
    args = [a for f in ("text", "markdown", "sarif", "junit", "earl") for a in ("-f", f)]
    code, _, _ = run_cli(
        "check",
        str(changed),
        "--date",
        VALIDATION_DATE,
        "--baseline",
        str(baseline),
        "--output-dir",
        str(out),
        "-q",
        *args,
    )
    assert code == 0
    assert "(1,229 more suppressed by the baseline)" in (out / "citylint-report.txt").read_text()
    markdown = (out / "citylint-report.md").read_text()
    assert "suppressed by baseline" in markdown and "| 1,164 |" in markdown
    [run] = _json(out / "citylint-report.sarif")["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["unused_station"]
    assert run["properties"]["findings"]["unused_station"]["suppressed"] == 1160
    junit = (out / "citylint-report.xml").read_text()
    assert "suppressed by the baseline" in junit
    assert "suppressed by the baseline" in (out / "citylint-report.ttl").read_text()


# --- diff ---------------------------------------------------------------------------------------------------


def test_diff_of_two_versions_of_a_feed(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    _check(EXAMPLE, old)
    _check(_modified_example(tmp_path, NEW_STOPS), new)
    code, out, _ = run_cli("diff", str(old), str(new), "--format", "json")
    assert code == 0  # nothing new at or above ERROR
    body = json.loads(out)
    [entry] = body["inputs"]
    codes = {c["code"]: c for c in entry["codes"]}
    assert codes["mixed_case_recommended_field"]["method"] == "fingerprint"
    assert (
        codes["mixed_case_recommended_field"]["new"],
        codes["mixed_case_recommended_field"]["unchanged"],
    ) == (1, 2)
    assert "NEW BRIDGE ROAD" in codes["mixed_case_recommended_field"]["newSamples"][0]
    # 1,160 stations but 1,000 samples: fingerprints cannot tell which are new, totals can tell how many.
    assert codes["unused_station"]["method"] == "totals"
    assert (codes["unused_station"]["new"], codes["unused_station"]["unchanged"]) == (2, 1160)
    assert entry["totals"]["fixed"] == 0
    assert body["newBySeverity"] == {"ERROR": 0, "WARNING": 2, "INFO": 2}
    assert run_cli("diff", str(old), str(new), "--fail-on", "warning")[0] == 1
    # Backwards: the new findings are fixed ones.
    code, text, _ = run_cli("diff", str(new), str(old))
    assert code == 0
    assert "0 new, 4 fixed" in text and "- stops.txt row 4: stop_name = 'NEW BRIDGE ROAD'" in text


def test_diff_by_fingerprint_when_samples_are_complete(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    _check(EXAMPLE, old, "--max-samples", "5000")
    _check(_modified_example(tmp_path, NEW_STOPS[:1]), new, "--max-samples", "5000")
    body = json.loads(run_cli("diff", str(old), str(new), "-f", "json")[1])
    stations = next(c for c in body["inputs"][0]["codes"] if c["code"] == "unused_station")
    assert stations["method"] == "fingerprint"
    assert (stations["new"], stations["fixed"], stations["unchanged"]) == (1, 0, 1160)
    assert "NEW0001" in stations["newSamples"][0]


def test_diff_of_identical_reports_is_empty_and_bad_files_exit_2(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    _check(EXAMPLE, old)
    code, text, _ = run_cli("diff", str(old), str(old))
    assert code == 0 and "0 new, 0 fixed, 1,229 unchanged" in text
    (tmp_path / "x.json").write_text("[1, 2]")
    code, _, err = run_cli("diff", str(old), str(tmp_path / "x.json"))
    assert code == 2 and "not a citylint JSON report" in err


def test_check_compare_fails_only_on_new_findings(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    _check(EXAMPLE, old)
    changed = _modified_example(tmp_path, NEW_STOPS)
    out = tmp_path / "out"
    code, _, err = run_cli(
        "check",
        str(changed),
        "--date",
        VALIDATION_DATE,
        "--compare",
        str(old),
        "--output-dir",
        str(out),
        "-f",
        "json",
    )
    assert code == 0  # the example's 12 errors are old; the new findings are below ERROR
    assert "4 new, 0 fixed" in err
    diff = _json(out / "citylint-diff.json")
    assert diff["newBySeverity"]["WARNING"] == 2
    code, _, _ = run_cli(
        "check",
        str(changed),
        "--date",
        VALIDATION_DATE,
        "--compare",
        str(old),
        "-q",
        "--fail-on",
        "warning",
        "-f",
        "json",
    )
    assert code == 1


def test_update_baseline_is_not_written_when_an_input_cannot_be_validated(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    code, _, err = run_cli(
        "check",
        str(BASE),
        str(tmp_path / "missing.zip"),
        "--baseline",
        str(baseline),
        "--update-baseline",
        "-q",
    )
    assert code == 2 and "not writing" in err
    assert not baseline.exists()
