#!/usr/bin/env python3
"""Benchmark citylint's NeTEx check against lxml's full in-memory XML Schema validation, in the same run.

The input is a French line file (Penn ar Bed, LCO1) whose ServiceJourneys ../shared/bench/make_big_netex.py
replicates N times (200 copies ≈ 100 MB, 800 ≈ 400 MB). Each tool runs in a fresh subprocess, alternating the
tools and their order, so that machine noise hits both; wall time and peak RSS come from os.wait4.

* citylint: ``citylint check BIG.xml --profile netex-fr`` (schema compiled without identity constraints,
  identifiers / references / French profile / base rules checked by citylint's streaming index);
* lxml: compile ``NeTEx_publication.xsd`` (full, with its xsd:key / keyref), ``etree.parse`` the file, then
  ``XMLSchema.validate`` — what a Python user does without citylint (the peer measured in FEASIBILITY.md).

Both include the schema compilation (13–20 s, paid once per process by either). The report gives, per tool,
the median and the spread (min–max) of N runs, and citylint's ratio to lxml (time and memory).

usage: python benchmarks/bench_netex.py [--copies 200] [-n 3] [--json FILE] [--citylint-only]
Not a test: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BUILDER = SHARED / "bench" / "make_big_netex.py"
LINE = SHARED / "data" / "netex" / "data" / "fr_transport-site_fixture" / "netex" / "Ligne_PABMAR_LCO1.xml"
XSD = SHARED / "data" / "netex" / "xsd" / "NeTEx-v1.2.2" / "xsd" / "NeTEx_publication.xsd"
WORK = Path("/tmp/citylint-bench-netex")

LXML_DRIVER = """
import json, sys, time
from lxml import etree
t0 = time.perf_counter()
schema = etree.XMLSchema(etree.parse(sys.argv[1], etree.XMLParser(no_network=True)))
t1 = time.perf_counter()
tree = etree.parse(sys.argv[2], etree.XMLParser(no_network=True, huge_tree=True))
t2 = time.perf_counter()
ok = schema.validate(tree)
t3 = time.perf_counter()
print(json.dumps({"valid": ok, "errors": len(schema.error_log), "compile_s": t1 - t0, "parse_s": t2 - t1,
                  "validate_s": t3 - t2}))
"""


@dataclass
class Run:
    tool: str
    wall_s: float
    cpu_s: float  # user + system time of the process: less sensitive than wall time to a busy machine
    max_rss_mib: float
    ok: bool
    detail: dict[str, object]


def measure(tool: str, cmd: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    detail: dict[str, object] = {"exit": code}
    try:
        detail.update(json.loads(out.strip().splitlines()[-1]) if out.strip() else {})
    except (json.JSONDecodeError, IndexError):
        detail["stdout"] = out[-300:]
    if err and code not in (0, 1):
        detail["stderr"] = err[-500:]
    return Run(tool, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code in (0, 1), detail)


def citylint_cmd(big: Path, report: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "citylint",
        "check",
        str(big),
        "--profile",
        "netex-fr",
        "--format",
        "json",
        "--output",
        str(report),
        "--quiet",
        "--lang",
        "en",
    ]


def summarise(report: Path) -> dict[str, object]:
    data = json.loads(report.read_text())
    return {
        "counts": data["summary"]["findingCounts"],
        "seconds": data["summary"]["timings"]["total_seconds"],
    }


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("-n", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--citylint-only", action="store_true", help="no lxml peer (e.g. 400 MB: lxml needs ~3 GB)"
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    big = WORK / f"LCO1_x{args.copies}.xml"
    if not big.exists():
        subprocess.run([sys.executable, str(BUILDER), str(LINE), str(big), str(args.copies)], check=True)
    env = {**os.environ, "CITYLINT_STANDARDS_DIR": str(SHARED / "data")}
    driver = WORK / "lxml_full.py"
    driver.write_text(LXML_DRIVER)
    tools = ["citylint"] if args.citylint_only else ["citylint", "lxml"]
    runs: list[Run] = []
    for i in range(args.n):
        for tool in tools if i % 2 == 0 else list(reversed(tools)):
            if tool == "citylint":
                report = WORK / "report.json"
                run = measure(tool, citylint_cmd(big, report), env)
                if report.exists():
                    run.detail.update(summarise(report))
            else:
                run = measure(tool, [sys.executable, str(driver), str(XSD), str(big)], env)
            runs.append(run)
            print(
                f"{tool:9s} run {i + 1}: {run.wall_s:7.1f} s wall {run.cpu_s:7.1f} s cpu "
                f"{run.max_rss_mib:7.0f} MiB "
                f"{run.detail}",
                flush=True,
            )
    result: dict[str, object] = {
        "input": {"file": str(big), "bytes": big.stat().st_size, "copies": args.copies, "source": str(LINE)},
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "runs": [asdict(r) for r in runs],
    }
    for tool in tools:
        mine = [r for r in runs if r.tool == tool and r.ok]
        if mine:
            result[tool] = {
                "wall_s": stats([r.wall_s for r in mine]),
                "cpu_s": stats([r.cpu_s for r in mine]),
                "max_rss_mib": stats([r.max_rss_mib for r in mine]),
                "runs": len(mine),
            }
    if "citylint" in result and "lxml" in result:
        c, p = result["citylint"], result["lxml"]
        assert isinstance(c, dict) and isinstance(p, dict)
        result["ratio"] = {
            "time": round(c["wall_s"]["median"] / p["wall_s"]["median"], 3),
            "cpu": round(c["cpu_s"]["median"] / p["cpu_s"]["median"], 3),
            "memory": round(c["max_rss_mib"]["median"] / p["max_rss_mib"]["median"], 3),
        }
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
