#!/usr/bin/env python3
"""Benchmark citylint's Table Schema check against frictionless (the engine Validata runs) on the same file.

Each tool validates the file N times, alternating tools and their order, each run a fresh subprocess whose
wall time and peak RSS are measured with os.wait4. frictionless is driven the way Validata drives it (columns
matched by name, ``fieldsMatch: partial``, no error limit); citylint runs ``citylint check FILE --profile P``
with the schema read from the shared data folder as a standards mirror. Both must find the same number of
errors (citylint's warnings are Validata's header warnings, which frictionless alone does not give).

usage: python benchmarks/bench_tableschema.py [CSV] [--profile irve-statique] [--schema SCHEMA.json] [-n 5]
Without CSV: the national IRVE file of the shared data (23,427 rows, 11.8 MB) against IRVE statique 2.3.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_CSV = SHARED / "tableschema/real/irve/irve-statique-qualicharge-full.csv"
DEFAULT_SCHEMA = SHARED / "tableschema/irve-statique/schema-statique.json"

FRICTIONLESS_DRIVER = """
import json, os, sys, frictionless
from frictionless import resources
schema = frictionless.Schema.from_descriptor(sys.argv[2])
schema.fields_match = "partial"
folder, name = os.path.split(os.path.abspath(sys.argv[1]))
resource = resources.TableResource(path=name, basepath=folder, schema=schema)
report = frictionless.validate(resource, limit_errors=10**9)
print(json.dumps({"errors": sum(len(t.errors) for t in report.tasks) + len(report.errors)}))
"""


def command(tool: str, data: Path, schema: Path, profile: str, out: Path) -> list[str]:
    if tool == "citylint":
        return [
            sys.executable,
            "-m",
            "citylint",
            "check",
            str(data),
            "--profile",
            profile,
            "--format",
            "json",
            "--output",
            str(out / "report.json"),
            "--quiet",
        ]
    return [sys.executable, "-c", FRICTIONLESS_DRIVER, str(data), str(schema)]


def errors_found(tool: str, stdout: str, out: Path) -> int:
    if tool == "citylint":
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        return sum(n["totalNotices"] for n in report["notices"] if n["severity"] == "ERROR")
    return int(json.loads(stdout.strip().splitlines()[-1])["errors"])


def run_once(tool: str, data: Path, schema: Path, profile: str) -> dict[str, object]:
    env = {**os.environ, "CITYLINT_STANDARDS_DIR": str(SHARED)}  # the shared folder as a standards mirror
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp)
        with open(out / "stdout", "w+") as so, open(out / "stderr", "w+") as se:
            start = time.perf_counter()
            proc = subprocess.Popen(
                command(tool, data, schema, profile, out), stdout=so, stderr=se, cwd=tmp, env=env
            )
            _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child only
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            so.seek(0)
            se.seek(0)
            stdout, stderr = so.read(), se.read()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{tool} failed (exit {proc.returncode}): {stderr.strip()[-400:]}")
        return {
            "tool": tool,
            "wall_s": wall,
            "max_rss_mb": usage.ru_maxrss / 1024,
            "errors": errors_found(tool, stdout, out),
        }


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--profile", default="irve-statique")
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the runs and the summary here")
    args = parser.parse_args()
    tools = ["citylint", "frictionless"]
    runs: list[dict[str, object]] = []
    for i in range(args.n):
        for tool in tools if i % 2 == 0 else reversed(tools):
            runs.append(run_once(tool, args.csv, args.schema, args.profile))
    summary = {}
    for tool in tools:
        mine = [r for r in runs if r["tool"] == tool]
        summary[tool] = {
            "wall_s": [float(str(r["wall_s"])) for r in mine],
            "max_rss_mb": [float(str(r["max_rss_mb"])) for r in mine],
            "errors": sorted({int(str(r["errors"])) for r in mine}),
        }
    rows = sum(1 for _ in args.csv.open(encoding="utf-8", errors="replace")) - 1
    print(
        f"{args.csv.name}: {rows:,} rows, {args.csv.stat().st_size / 1e6:.1f} MB; n={args.n}; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, "
        f"frictionless {importlib.metadata.version('frictionless')}, {dt.date.today()}"
    )
    for tool in tools:
        s = summary[tool]
        print(
            f"  {tool:12} wall {spread(s['wall_s'])} s   peak {spread(s['max_rss_mb'])} MB   errors "
            f"{s['errors']}"
        )
    ratio_t = statistics.median(summary["citylint"]["wall_s"]) / statistics.median(
        summary["frictionless"]["wall_s"]
    )
    ratio_m = statistics.median(summary["citylint"]["max_rss_mb"]) / statistics.median(
        summary["frictionless"]["max_rss_mb"]
    )
    print(f"  citylint / frictionless: {ratio_t:.2f}x the time, {ratio_m:.2f}x the memory (medians)")
    if summary["citylint"]["errors"] != summary["frictionless"]["errors"]:
        print("  WARNING: the tools found different numbers of errors")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "summary": summary}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
