#!/usr/bin/env python3
"""Benchmark citylint's fast SHACL path against pyshacl on the same generated graph, side by side.

The input is made by ../shared/bench/gen_rdf.py (NODES sensors, ~4 triples each, ~1 % violations of each
kind) and validated against ../shared/bench/sensor-shapes.ttl. Each engine runs in a fresh subprocess
(parse + validate + write its result keys), alternating (fast, pyshacl, fast, ...), measured with os.wait4 (wall time, peak RSS of that
child alone). The result sets are compared for identity.

usage: python benchmarks/bench_shacl.py [--nodes 1000000] [-n 1] [--fast-repeat 3] [--json FILE]
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

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
FAST, REFERENCE = "citylint-fast", "pyshacl"

# Both drivers write the same keys (focus, path, value, severity, source shape, component) as JSON.
FAST_DRIVER = """
import json, sys, time
from pathlib import Path
from rdflib import Graph
from citylint.validators.rdf.fast import load_store, supports, validate
from citylint.validators.rdf.fast.compare import fast_keys
from citylint.validators.rdf.fast.store import data_supports
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
from citylint.validators.rdf.fast.compare import report_keys
t0 = time.perf_counter()
data = Graph().parse(sys.argv[1], format="nt")
shapes = Graph().parse(sys.argv[2])
t1 = time.perf_counter()
_, report, _ = pyshacl.validate(data, shacl_graph=shapes)
keys = report_keys(report)
t2 = time.perf_counter()
json.dump({"keys": sorted(keys, key=str), "parse_s": t1 - t0, "validate_s": t2 - t1}, open(sys.argv[3], "w"))
"""


def run_once(tool: str, data: Path, shapes: Path, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-shacl-") as tmp:
        out = Path(tmp) / "keys.json"
        driver = FAST_DRIVER if tool == FAST else REFERENCE_DRIVER
        start = time.perf_counter()
        with open(Path(tmp) / "stderr", "w+") as err:
            proc = subprocess.Popen([sys.executable, "-c", driver, str(data), str(shapes), str(out)],
                                    stdout=subprocess.DEVNULL, stderr=err)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child only
            timer.cancel()
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read()
        run: dict[str, object] = {"tool": tool, "wall_s": round(wall, 2), "max_rss_mb": round(usage.ru_maxrss / 1024),
                                  "exit": proc.returncode}
        if proc.returncode == 0:
            report = json.loads(out.read_text())
            run.update(parse_s=round(report["parse_s"], 2), validate_s=round(report["validate_s"], 2),
                       keys={tuple(k) for k in report["keys"]})
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
    args = parser.parse_args()

    args.dir.mkdir(parents=True, exist_ok=True)
    data = args.dir / f"sensors-{args.nodes}.nt"
    if not data.exists():
        subprocess.run([sys.executable, str(SHARED_BENCH / "gen_rdf.py"), str(args.nodes), str(data)], check=True)
    with open(data, "rb") as lines:
        triples = sum(1 for _ in lines)

    # pyshacl takes minutes, the fast path seconds: the fast path runs before and after each pyshacl run
    # (and --fast-repeat times in all), so one burst of machine noise cannot decide its time.
    order = [FAST]
    for _ in range(args.repeat):
        order += [REFERENCE, FAST]
    order += [FAST] * max(args.fast_repeat - order.count(FAST), 0)
    runs = []
    for tool in order:
        run = run_once(tool, data, args.shapes, args.timeout)
        print(f"{tool:14} wall {run['wall_s']:8.2f} s   peak RSS {run['max_rss_mb']:6} MB   exit {run['exit']}",
              file=sys.stderr, flush=True)
        runs.append(run)
    ok = [r for r in runs if r["exit"] == 0]
    fast = [r for r in ok if r["tool"] == FAST]
    ref = [r for r in ok if r["tool"] == REFERENCE]
    if not fast or not ref:
        for r in runs:
            print(r["tool"], r.get("error", ""), file=sys.stderr)
        return 1
    key_sets = [r["keys"] for r in ok]
    identical = all(keys == key_sets[0] for keys in key_sets)
    fast_wall = statistics.median(float(str(r["wall_s"])) for r in fast)
    ref_wall = statistics.median(float(str(r["wall_s"])) for r in ref)
    fast_rss = max(int(str(r["max_rss_mb"])) for r in fast)
    ref_rss = max(int(str(r["max_rss_mb"])) for r in ref)
    print(f"input: {data} ({triples} triples), shapes: {args.shapes.name}")
    print(f"{'engine':14} {'wall s':>8} {'parse s':>8} {'valid. s':>8} {'peak MB':>8} {'results':>8}")
    for r in runs:
        print(f"{r['tool']:14} {r['wall_s']:>8} {r.get('parse_s', '-'):>8} {r.get('validate_s', '-'):>8} "
              f"{r['max_rss_mb']:>8} {len(r.get('keys', ())):>8}")  # type: ignore[arg-type]
    print(f"median wall: {FAST} {fast_wall:.1f} s, {REFERENCE} {ref_wall:.1f} s; "
          f"max peak RSS: {FAST} {fast_rss} MB, {REFERENCE} {ref_rss} MB")
    print(f"time x {fast_wall / ref_wall:.3f}   RSS x {fast_rss / ref_rss:.3f}   "
          f"identical results: {'yes' if identical else 'NO'}")
    if args.json:
        machine = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
                   "load_avg_1_5_15_min": os.getloadavg(), "platform": platform.platform(),
                   "python": platform.python_version(),
                   "versions": {d: version(d) for d in ("pyoxigraph", "pyshacl", "rdflib")}}
        args.json.write_text(json.dumps({"machine": machine, "input": str(data), "triples": triples,
                                         "runs": [{k: v for k, v in r.items() if k != "keys"} | {
                                             "results": len(r.get("keys", ()))} for r in runs],  # type: ignore[arg-type]
                                         "time_ratio": fast_wall / ref_wall, "rss_ratio": fast_rss / ref_rss,
                                         "identical": identical}, indent=2))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
