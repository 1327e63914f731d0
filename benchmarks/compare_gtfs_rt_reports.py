"""GTFS-Realtime: the JSON reports of every real feed and fixture, written into a folder, so that two
versions of citylint can be compared finding for finding (a change that only makes it faster must leave them
identical).

    python benchmarks/compare_gtfs_rt_reports.py write /tmp/before          # with the old version
    python benchmarks/compare_gtfs_rt_reports.py write /tmp/after           # with the new one
    python benchmarks/compare_gtfs_rt_reports.py diff /tmp/before /tmp/after

Inputs: every ``.pb`` / ``.bin`` under ``../shared/data/gtfs-rt/data`` (against its static feed where
``static_match.tsv`` pairs one), the otp folder as a snapshot series, every ``fixtures/gtfs_rt`` case, and,
with ``--bench``, the benchmark's 100,000-entity snapshot (``bench_gtfs_rt.py`` builds it). Run-time facts
(``timings``, the run's date) are dropped before comparing; everything else, notices and samples, must match.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gtfs-rt"
BENCH = Path("/tmp/citylint-bench")
sys.path.insert(0, str(ROOT))  # tests.conftest, tests.test_gtfs_rt
VOLATILE = {"timings", "generatedAt", "startedAt", "finishedAt", "duration", "durationSeconds", "elapsed"}


def _cases(bench: bool, scratch: Path) -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {}
    pairs = {}
    match = CORPUS / "static_match.tsv"
    if match.exists():
        for line in match.read_text().splitlines()[1:]:
            rt, static = line.split("\t")[:2]
            pairs[rt] = static
    for feed in sorted((CORPUS / "data").rglob("*")):
        if feed.suffix not in (".pb", ".bin") or not feed.is_file():
            continue
        relative = feed.relative_to(CORPUS).as_posix()
        argv = [str(feed)]
        if relative in pairs:
            argv += ["--static", str(CORPUS / pairs[relative])]
        cases[relative] = argv
    parts = sorted((CORPUS / "data" / "otp").glob("king-county-metro-*.pb"))
    if parts:
        series = scratch / "king-county-series"
        series.mkdir()
        for part in parts:
            (series / part.name).write_bytes(part.read_bytes())
        cases["series:king-county"] = [str(series)]
    from tests.test_fixtures import build_case, case_args  # the one fixture runner's own builder

    for case in sorted((ROOT / "fixtures" / "gtfs_rt").glob("*/*/case.json")):
        spec = json.loads(case.read_text())
        name = f"{case.parent.parent.name}/{case.parent.name}"
        folder = scratch / name.replace("/", "-")
        folder.mkdir()
        cases[f"fixture:{name}"] = [str(build_case(case.parent, folder, spec)), *case_args(case.parent, spec)]
    if bench:
        snapshot = BENCH / "gtfs-rt" / "trip-updates-100000.pb"
        feed = BENCH / "us-nyc-mta-bus_bk.zip"
        if snapshot.exists() and feed.exists():
            cases["bench:100000"] = [str(snapshot), "--static", str(feed), "--date", "2026-10-01"]
    return {k: v for k, v in cases.items() if v}


def _clean(value: object) -> object:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def write(out: Path, bench: bool) -> None:
    """Run ``citylint check`` in this process (as the tests do: the same code, no start-up per case)."""
    from click.testing import CliRunner

    from citylint.cli import main
    from tests.conftest import VALIDATION_DATE

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, argv in _cases(bench, Path(tmp)).items():
            report = Path(tmp) / "report.json"
            dated = argv if "--date" in argv else [*argv, "--date", VALIDATION_DATE]
            command = ["check", *dated, "--format", "json", "--output", str(report), "--quiet"]
            done = CliRunner().invoke(main, command, catch_exceptions=False)
            result = {"exit": done.exit_code, "stderr": done.stderr.strip().splitlines()[-1:]}
            if report.exists():
                result["report"] = _clean(json.loads(report.read_text().replace(tmp, "<scratch>")))
                report.unlink()
            (out / (name.replace("/", "__").replace(":", "_") + ".json")).write_text(
                json.dumps(result, indent=1, sort_keys=True)
            )
            print(f"{name}: exit {done.exit_code}")


def _load(path: Path) -> object:
    # reports written before the scratch folder was masked: mask it here too
    return json.loads(re.sub(r"/tmp/tmp[^/\"]*", "<scratch>", path.read_text()))


def _counts(before: object, after: object) -> str:
    """The notice counts that changed (a new rule adds a code), or the exit code, else nothing."""

    def counts(result: object) -> dict[str, int]:
        report = result.get("report", {}) if isinstance(result, dict) else {}
        report = report["reports"][0] if "reports" in report else report
        return {n["code"]: n["totalNotices"] for n in report.get("notices", [])}

    a, b = counts(before), counts(after)
    changed = {
        code: (a.get(code, 0), b.get(code, 0))
        for code in sorted(set(a) | set(b))
        if a.get(code) != b.get(code)
    }
    exits = (
        (before.get("exit"), after.get("exit"))
        if isinstance(before, dict) and isinstance(after, dict)
        else ()
    )
    parts = [f"{code} {old} -> {new}" for code, (old, new) in changed.items()]
    if exits and exits[0] != exits[1]:
        parts.append(f"exit {exits[0]} -> {exits[1]}")
    return (": " + ", ".join(parts)) if parts else " (same notice counts and exit code)"


def diff(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    different = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if not a.exists() else 'before'}")
            different += 1
        elif _load(a) != _load(b):
            print(f"{name}: DIFFERENT{_counts(_load(a), _load(b))}")
            different += 1
    print(f"{len(names)} reports, {different} different")
    return 1 if different else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    writer = commands.add_parser("write")
    writer.add_argument("out", type=Path)
    writer.add_argument("--bench", action="store_true", help="also the 100,000-entity benchmark snapshot")
    differ = commands.add_parser("diff")
    differ.add_argument("before", type=Path)
    differ.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.out, args.bench)
    else:
        raise SystemExit(diff(args.before, args.after))


if __name__ == "__main__":
    main()
