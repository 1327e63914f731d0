#!/usr/bin/env python3
"""Benchmark citylint's fast SHACL path against pyshacl on the same generated graph, side by side.

The input is made by ../shared/bench/gen_rdf.py (NODES sensors, ~4 triples each, ~1 % violations of each kind)
and validated against ../shared/bench/sensor-shapes.ttl. Each engine runs in a fresh subprocess (parse +
validate + write its result keys), alternating (fast, pyshacl, fast, ...), measured with os.wait4 (wall time,
peak RSS of that child alone). The result sets are compared for identity.

usage: python benchmarks/bench_shacl.py [--nodes 1000000] [-n 1] [--fast-repeat 3] [--json FILE]
       python benchmarks/bench_shacl.py --cli [--nodes 1000000] [--json FILE]

``--cli`` times the real command instead, ``citylint check DATA --shapes SHAPES -f json --engine E``, with
``--engine pyshacl`` once and then ``--engine auto`` (``--fast-repeat`` times), and compares the findings of
the JSON reports (code, severity, focus node, path, value, source shape, message); it also checks that the
auto runs' summary names the fast engine.
Run it with the interpreter of the environment that has citylint and pyshacl installed.
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
import threading
import time
from pathlib import Path
from typing import Any

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
# The drivers import the result keys from tests/shacl_compare.py (test support, not shipped) of this checkout.
CHECKOUT = Path(__file__).resolve().parents[1]
FAST, REFERENCE = "citylint-fast", "pyshacl"
CLI_AUTO, CLI_REFERENCE = "check --engine auto", "check --engine pyshacl"
# Enough samples to keep every finding of the 1M-sensor graph (~40,000) in the JSON report.
CLI_MAX_SAMPLES = 10_000_000

# Both drivers write the same keys (focus, path, value, severity, source shape, component) as JSON.
FAST_DRIVER = """
import json, sys, time
from pathlib import Path
from rdflib import Graph
from citylint.validators.rdf.shacl.fast import load_store, supports, validate
from tests.shacl_compare import fast_keys
from citylint.validators.rdf.shacl.fast.store import data_supports
t0 = time.perf_counter()
shapes = Graph().parse(sys.argv[2])
assert supports(shapes) and data_supports([Path(sys.argv[1])])
store = load_store([Path(sys.argv[1])])
t1 = time.perf_counter()
keys = fast_keys(validate(store, shapes), shapes)
t2 = time.perf_counter()
json.dump({"keys": sorted(keys, key=str), "parse_s": t1 - t0, "validate_s": t2 - t1}, open(sys.argv[3], "w"))
"""
REFERENCE_DRIVER = """
import json, sys, time
import pyshacl
from rdflib import Graph
from tests.shacl_compare import report_keys
t0 = time.perf_counter()
data = Graph().parse(sys.argv[1], format="nt")
shapes = Graph().parse(sys.argv[2])
t1 = time.perf_counter()
_, report, _ = pyshacl.validate(data, shacl_graph=shapes)
keys = report_keys(report)
t2 = time.perf_counter()
json.dump({"keys": sorted(keys, key=str), "parse_s": t1 - t0, "validate_s": t2 - t1}, open(sys.argv[3], "w"))
"""


def report_findings(report: dict[str, Any]) -> tuple[set[tuple[object, ...]], dict[str, Any]]:
    """The findings of a ``citylint check -f json`` report as comparable tuples, and its SHACL summary."""
    keys: set[tuple[object, ...]] = set()
    for notice in report["notices"]:
        if notice["totalNotices"] != len(notice["sampleNotices"]):
            raise SystemExit(
                f"{notice['code']}: only {len(notice['sampleNotices'])} of {notice['totalNotices']} "
                "findings in the report; raise CLI_MAX_SAMPLES"
            )
        for s in notice["sampleNotices"]:
            keys.add(
                (
                    notice["code"],
                    notice["severity"],
                    s.get("focusNode"),
                    s.get("resultPath"),
                    s.get("value"),
                    s.get("sourceShape"),
                    s.get("resultMessage"),
                )
            )
    return keys, report["summary"].get("shacl", {})


def cli_command(tool: str, data: Path, shapes: Path, out: Path, timeout: float) -> list[str]:
    engine = "auto" if tool == CLI_AUTO else "pyshacl"
    return [
        sys.executable,
        "-m",
        "citylint",
        "check",
        str(data),
        "--shapes",
        str(shapes),
        "-f",
        "json",
        "-o",
        str(out),
        "--engine",
        engine,
        "--max-samples",
        str(CLI_MAX_SAMPLES),
        "--time-limit",
        str(timeout),
        "--quiet",
        "--exit-zero",
    ]


def run_once(tool: str, data: Path, shapes: Path, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-shacl-") as tmp:
        out = Path(tmp) / "keys.json"
        if tool in (CLI_AUTO, CLI_REFERENCE):
            command = cli_command(tool, data, shapes, out, timeout)
        else:
            command = [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(CHECKOUT)!r})\n"
                + (FAST_DRIVER if tool == FAST else REFERENCE_DRIVER),
                str(data),
                str(shapes),
                str(out),
            ]
        start = time.perf_counter()
        with open(Path(tmp) / "stderr", "w+") as err:
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child only
            timer.cancel()
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read()
        run: dict[str, object] = {
            "tool": tool,
            "wall_s": round(wall, 2),
            "max_rss_mb": round(usage.ru_maxrss / 1024),
            "exit": proc.returncode,
        }
        if proc.returncode == 0 and tool in (CLI_AUTO, CLI_REFERENCE):
            keys, shacl = report_findings(json.loads(out.read_text()))
            run.update(
                parse_s="-",
                validate_s=shacl.get("seconds", "-"),
                keys=keys,
                engine=shacl.get("engine"),
                engine_reason=shacl.get("engineReason"),
            )
        elif proc.returncode == 0:
            report = json.loads(out.read_text())
            run.update(
                parse_s=round(report["parse_s"], 2),
                validate_s=round(report["validate_s"], 2),
                keys={tuple(k) for k in report["keys"]},
            )
        else:
            run["error"] = stderr.strip()[-500:]
        return run


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=1_000_000, help="gen_rdf.py NODES (default 1000000)")
    parser.add_argument("--shapes", type=Path, default=SHARED_BENCH / "sensor-shapes.ttl")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/citylint-bench-shacl"))
    parser.add_argument("-n", "--repeat", type=int, default=1, help="pyshacl runs (each takes minutes)")
    parser.add_argument("--fast-repeat", type=int, default=3, help="fast-path runs (at least n + 1)")
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument("--json", type=Path, help="write the runs and the machine to this file")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="time `citylint check --engine auto` against `--engine pyshacl` (the real command)",
    )
    args = parser.parse_args()
    fast_tool, reference_tool = (CLI_AUTO, CLI_REFERENCE) if args.cli else (FAST, REFERENCE)

    args.dir.mkdir(parents=True, exist_ok=True)
    data = args.dir / f"sensors-{args.nodes}.nt"
    if not data.exists():
        subprocess.run(
            [sys.executable, str(SHARED_BENCH / "gen_rdf.py"), str(args.nodes), str(data)], check=True
        )
    with open(data, "rb") as lines:
        triples = sum(1 for _ in lines)

    # pyshacl takes minutes, the fast path seconds: the fast path runs before and after each pyshacl run
    # (and --fast-repeat times in all), so one burst of machine noise cannot decide its time.
    order = [FAST]
    for _ in range(args.repeat):
        order += [REFERENCE, FAST]
    order += [FAST] * max(args.fast_repeat - order.count(FAST), 0)
    if args.cli:  # pyshacl first: its ~18 minutes are the bulk of the run, the auto runs follow it
        order = [REFERENCE] * args.repeat + [FAST] * args.fast_repeat
    order = [{FAST: fast_tool, REFERENCE: reference_tool}[tool] for tool in order]
    runs = []
    for tool in order:
        run = run_once(tool, data, args.shapes, args.timeout)
        print(
            f"{tool:22} wall {run['wall_s']:8.2f} s   peak RSS {run['max_rss_mb']:6} MB   exit {run['exit']}",
            file=sys.stderr,
            flush=True,
        )
        runs.append(run)
    ok = [r for r in runs if r["exit"] == 0]
    fast = [r for r in ok if r["tool"] == fast_tool]
    ref = [r for r in ok if r["tool"] == reference_tool]
    if not fast or not ref:
        for r in runs:
            print(r["tool"], r.get("error", ""), file=sys.stderr)
        return 1
    key_sets = [r["keys"] for r in ok]
    identical = all(keys == key_sets[0] for keys in key_sets)
    if args.cli:  # the auto runs must have chosen the fast engine, else the comparison proves nothing
        identical = identical and all(r.get("engine") == "fast" for r in fast)
        for r in ok:
            print(
                f"{r['tool']}: summary.shacl.engine {r.get('engine')!r}, engineReason "
                f"{r.get('engine_reason')!r}"
            )
    fast_wall = statistics.median(float(str(r["wall_s"])) for r in fast)
    ref_wall = statistics.median(float(str(r["wall_s"])) for r in ref)
    fast_rss = max(int(str(r["max_rss_mb"])) for r in fast)
    ref_rss = max(int(str(r["max_rss_mb"])) for r in ref)
    print(f"input: {data} ({triples} triples), shapes: {args.shapes.name}")
    print(f"{'engine':22} {'wall s':>8} {'parse s':>8} {'valid. s':>8} {'peak MB':>8} {'results':>8}")
    for r in runs:
        print(
            f"{r['tool']:22} {r['wall_s']:>8} {r.get('parse_s', '-'):>8} {r.get('validate_s', '-'):>8} "
            f"{r['max_rss_mb']:>8} {len(r.get('keys', ())):>8}"
        )  # type: ignore[arg-type]
    print(
        f"median wall: {fast_tool} {fast_wall:.1f} s, {reference_tool} {ref_wall:.1f} s; "
        f"max peak RSS: {fast_tool} {fast_rss} MB, {reference_tool} {ref_rss} MB"
    )
    print(
        f"time x {fast_wall / ref_wall:.3f}   RSS x {fast_rss / ref_rss:.3f}   "
        f"identical results: {'yes' if identical else 'NO'}"
    )
    if args.json:
        machine = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "cpu_count": os.cpu_count(),
            "load_avg_1_5_15_min": os.getloadavg(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "versions": {d: version(d) for d in ("pyoxigraph", "pyshacl", "rdflib")},
        }
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "input": str(data),
                    "triples": triples,
                    "runs": [
                        {k: v for k, v in r.items() if k != "keys"} | {"results": len(r.get("keys", ()))}
                        for r in runs
                    ],  # type: ignore[arg-type]
                    "time_ratio": fast_wall / ref_wall,
                    "rss_ratio": fast_rss / ref_rss,
                    "identical": identical,
                },
                indent=2,
            )
        )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
