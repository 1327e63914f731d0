"""Fingerprints do not depend on Python's hash seed or on parse order: a baseline written by one run is reused
by a run with another ``PYTHONHASHSEED`` without bringing a finding back as new (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = (
    """@prefix ex: <http://example.org/city#> .
@prefix saref: <https://saref.etsi.org/core/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix vend: <http://vendor.example.com/ns#> .
"""
    + "".join(
        f'ex:lamp{i} a saref:Device ; dcat:downloadUrl <http://example.org/{i}> ; vend:status "on" .\n'
        for i in range(40)
    )
    + """
[] a saref:Device ; dcat:downloadUrl <http://example.org/b> ; vend:status "off" .
"""
)


def _run(tmp_path: Path, seed: str, *extra: str) -> tuple[int, dict[str, object]]:
    data = tmp_path / "devices.ttl"
    data.write_text(DATA)
    out = tmp_path / f"report-{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "citylint",
            "check",
            str(data),
            "--profile",
            "vocabulary",
            "--format",
            "json",
            "--output",
            str(out),
            "--quiet",
            "--date",
            "2026-01-01",
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(out.read_text())


def _fingerprints(report: dict[str, object]) -> list[str]:
    notices = report["notices"]
    assert isinstance(notices, list)
    return sorted(s["citylint"]["fingerprint"] for n in notices for s in n["sampleNotices"])


def test_fingerprints_are_the_same_under_two_hash_seeds(tmp_path: Path) -> None:
    _, first = _run(tmp_path, "1")
    _, second = _run(tmp_path, "4242")
    assert _fingerprints(first) and _fingerprints(first) == _fingerprints(second)


def test_a_baseline_survives_another_hash_seed(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    _run(tmp_path, "7", "--baseline", str(baseline), "--update-baseline")
    code, report = _run(tmp_path, "99", "--baseline", str(baseline))
    counts = report["summary"]["findingCounts"]  # type: ignore[index]
    suppressed = report["summary"]["suppressedCounts"]  # type: ignore[index]
    assert code == 0, (counts, suppressed)
    assert sum(suppressed.values()) > 0 and sum(counts.values()) == 0
