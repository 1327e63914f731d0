#!/usr/bin/env python3
"""RDF size sweep: citylint's fast SHACL engine against pyoxigraph's bare parse and pyshacl, in one run.

For each size (``../shared/bench/gen_rdf.py NODES``: ~4 triples a sensor, ~1 % violations of each kind,
validated against ``../shared/bench/sensor-shapes.ttl``) every tool runs as a fresh subprocess of this
interpreter, measured with ``os.wait4`` (wall time, peak RSS of that child alone):

- ``parse``: pyoxigraph's parser reading every triple of the file, nothing kept (the floor of any engine
  that parses with it);
- ``store``: the same triples loaded into a pyoxigraph in-memory store (what the SPARQL path of the fast
  engine pays before validating);
- ``engine``: citylint's fast engine as ``citylint check --engine auto`` calls it (``FastShaclEngine.run``:
  parse, validate, results as rdflib terms), imports included; the child writes the results' fields and
  this process turns them into comparison keys (rdflib's canonical terms: ~1 s of CPU at 1 M nodes that
  is the comparison's, not the engine's; measured inside the child until 2026-12-08);
- ``cli``: the command users run, ``citylint check DATA --shapes SHAPES -f json --engine auto`` (the report
  written with every finding);
- ``pyshacl``: rdflib's parse and ``pyshacl.validate``, results as keys (skipped above ``--pyshacl-max``
  nodes: it takes ~4 minutes for 100 k nodes on a loaded 2-core machine and ~18 on 1 M nodes quiet).

Repetition *k* runs the tools in one order, *k+1* in the reverse order, so a burst of load hits all of them.
The table gives the median wall time with its range, the largest peak RSS, and the ratios the issue asks
for: engine / parse and cli / parse (time), engine / pyshacl and cli / pyshacl (time and memory). The
engine's and pyshacl's result keys (focus node, path, value, severity, source shape, component) must be
identical, and every CLI report must name the fast engine; exit code 0 only then.

usage: python benchmarks/bench_rdf_sweep.py [--nodes 100000 250000 1000000] [-n 3] [--json FILE]
       python benchmarks/bench_rdf_sweep.py --quick      # 100 k nodes, n = 1, pyshacl included
Run it from the repository root with the interpreter of the environment that has citylint and pyshacl.
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

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = ROOT.parent / "shared" / "bench"

PARSE_DRIVER = """
import json, sys
import pyoxigraph as ox
n = sum(1 for _ in ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES))
json.dump({"triples": n}, open(sys.argv[3], "w"))
"""
STORE_DRIVER = """
import json, sys
import pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
json.dump({"triples": len(store)}, open(sys.argv[3], "w"))
"""
ENGINE_DRIVER = """
import json, sys
from pathlib import Path
from citylint.validators.rdf.shacl.engines.base import RdfInput, ShaclOptions
from citylint.validators.rdf.shacl.engines.fast import FastShaclEngine
from tests.shacl_compare import fast_rows
shapes = RdfInput.of([Path(sys.argv[2])])
outcome, found = FastShaclEngine().run(RdfInput.of([Path(sys.argv[1])]), shapes, ShaclOptions())
json.dump({"rows": fast_rows(found, shapes.graph()), "reason": outcome.engine_reason}, open(sys.argv[3], "w"))
"""
REFERENCE_DRIVER = """
import json, sys
import pyshacl
from rdflib import Graph
from tests.shacl_compare import report_keys
data = Graph().parse(sys.argv[1], format="nt")
shapes = Graph().parse(sys.argv[2])
_, report, _ = pyshacl.validate(data, shacl_graph=shapes)
json.dump({"keys": sorted(report_keys(report), key=str)}, open(sys.argv[3], "w"))
"""
DRIVERS = {"parse": PARSE_DRIVER, "store": STORE_DRIVER, "engine": ENGINE_DRIVER, "pyshacl": REFERENCE_DRIVER}
TOOLS = ("parse", "store", "engine", "cli", "pyshacl")


def command(tool: str, data: Path, shapes: Path, out: Path) -> list[str]:
    if tool == "cli":
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
            "auto",
            "--max-samples",
            "10000000",
            "--quiet",
            "--exit-zero",
        ]
    return [sys.executable, "-c", DRIVERS[tool], str(data), str(shapes), str(out)]


def _keys_of_rows(rows: list[list[str | None]]) -> set[tuple[str | None, ...]]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.shacl_compare import keys_of_rows

    return set(keys_of_rows(rows))


def run_once(tool: str, data: Path, shapes: Path, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-rdf-") as tmp:
        out = Path(tmp) / "out.json"
        start = time.perf_counter()
        with open(Path(tmp) / "stderr", "w+") as err:
            proc = subprocess.Popen(
                command(tool, data, shapes, out), stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT
            )
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child only
            timer.cancel()
            wall = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read()
        run: dict[str, Any] = {
            "tool": tool,
            "wall_s": round(wall, 2),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "max_rss_mb": round(usage.ru_maxrss / 1024),
            "exit": code,
        }
        if code != 0 or not out.exists():
            run["error"] = stderr.strip()[-500:] or f"exit {code}"
            return run
        result = json.loads(out.read_text())
        if tool == "engine":  # the keys' rdflib terms made here, after the measured child (~1 s at 1 M nodes)
            run["keys"] = _keys_of_rows(result["rows"])
            run["reason"] = result.get("reason")
        elif tool == "pyshacl":
            run["keys"] = {tuple(k) for k in result["keys"]}
            run["reason"] = result.get("reason")
        elif tool == "cli":
            shacl = result["summary"]["shacl"]
            run.update(
                engine=shacl.get("engine"), reason=shacl.get("engineReason"), results=shacl.get("results")
            )
            run["shacl_s"] = shacl.get("seconds")
        return run


def summary(runs: list[dict[str, Any]], tool: str) -> dict[str, Any] | None:
    ok = [r for r in runs if r["tool"] == tool and r["exit"] == 0 and "error" not in r]
    if not ok:
        return None
    walls = [r["wall_s"] for r in ok]
    return {
        "runs": len(ok),
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "cpu_median_s": statistics.median(r["cpu_s"] for r in ok),
        "max_rss_mb": max(r["max_rss_mb"] for r in ok),
    }


def sweep_one(nodes: int, args: argparse.Namespace) -> dict[str, Any]:
    data = args.dir / f"sensors-{nodes}.nt"
    if not data.exists():
        args.dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(SHARED_BENCH / "gen_rdf.py"), str(nodes), str(data)], check=True)
    with open(data, "rb") as lines:
        triples = sum(1 for _ in lines)
    tools = [t for t in TOOLS if t != "pyshacl" or nodes <= args.pyshacl_max]
    runs = []
    for k in range(args.repeat):
        for tool in tools if k % 2 == 0 else list(reversed(tools)):
            if tool == "pyshacl" and k >= args.pyshacl_repeat:
                continue
            run = run_once(tool, data, args.shapes, args.timeout)
            print(
                f"{nodes:>8} nodes  {tool:8} wall {run['wall_s']:8.2f} s  cpu {run['cpu_s']:8.2f} s  "
                f"peak {run['max_rss_mb']:6} MB  exit {run['exit']}  load {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
                flush=True,
            )
            runs.append(run)
    table = {tool: summary(runs, tool) for tool in tools}
    keyed = [r for r in runs if "keys" in r]
    identical = bool(keyed) and all(r["keys"] == keyed[0]["keys"] for r in keyed)
    cli_fast = all(r.get("engine") == "fast" for r in runs if r["tool"] == "cli" and r["exit"] == 0)
    errors = [f"{r['tool']}: {r['error']}" for r in runs if "error" in r]
    return {
        "nodes": nodes,
        "triples": triples,
        "input": str(data),
        "tools": table,
        "results": len(keyed[0]["keys"]) if keyed else None,
        "identical": identical and cli_fast and not errors,
        "pyshacl_compared": "pyshacl" in tools,
        "cli_engine_reason": next((r.get("reason") for r in runs if r["tool"] == "cli"), None),
        "errors": errors,
        "runs": [{k: v for k, v in r.items() if k != "keys"} for r in runs],
    }


def ratio(a: dict[str, Any] | None, b: dict[str, Any] | None, key: str) -> str:
    if a is None or b is None or not b[key]:
        return "-"
    return f"{a[key] / b[key]:.3f}"


def print_table(sizes: list[dict[str, Any]]) -> None:
    print("| nodes | triples | tool | runs | wall s, median (min-max) | CPU s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        for tool, s in size["tools"].items():
            if s is None:
                continue
            wall = f"{s['wall_median_s']:.2f} ({s['wall_min_s']:.2f}-{s['wall_max_s']:.2f})"
            print(
                f"| {size['nodes']:,} | {size['triples']:,} | {tool} | {s['runs']} | {wall} "
                f"| {s['cpu_median_s']:.2f} | {s['max_rss_mb']} |"
            )
    print()
    print(
        "| nodes | engine/parse time (CPU) | cli/parse time (CPU) | engine/pyshacl time | engine/pyshacl RSS "
        "| cli/pyshacl time | cli/pyshacl RSS | results | identical |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        t = size["tools"]
        pyshacl = t.get("pyshacl")
        print(
            f"| {size['nodes']:,} | {ratio(t['engine'], t['parse'], 'wall_median_s')} "
            f"({ratio(t['engine'], t['parse'], 'cpu_median_s')}) "
            f"| {ratio(t['cli'], t['parse'], 'wall_median_s')} "
            f"({ratio(t['cli'], t['parse'], 'cpu_median_s')}) "
            f"| {ratio(t['engine'], pyshacl, 'wall_median_s')} | {ratio(t['engine'], pyshacl, 'max_rss_mb')} "
            f"| {ratio(t['cli'], pyshacl, 'wall_median_s')} | {ratio(t['cli'], pyshacl, 'max_rss_mb')} "
            f"| {size['results']} | {'yes' if size['identical'] else 'NO'}"
            f"{'' if size['pyshacl_compared'] else ' (no pyshacl run)'} |"
        )


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[100_000, 250_000, 1_000_000])
    parser.add_argument("--shapes", type=Path, default=SHARED_BENCH / "sensor-shapes.ttl")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/citylint-bench-shacl"))
    parser.add_argument("-n", "--repeat", type=int, default=3, help="repetitions of every tool but pyshacl")
    parser.add_argument("--pyshacl-repeat", type=int, default=1, help="pyshacl runs per size (minutes each)")
    parser.add_argument("--pyshacl-max", type=int, default=100_000, help="largest NODES pyshacl runs on")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--json", type=Path, help="write every run, the tables and the machine here")
    parser.add_argument("--quick", action="store_true", help="100 k nodes, one run of each tool")
    args = parser.parse_args()
    if args.quick:
        args.nodes, args.repeat, args.pyshacl_repeat = [100_000], 1, 1
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    sizes = [sweep_one(nodes, args) for nodes in args.nodes]
    print_table(sizes)
    for size in sizes:
        for error in size["errors"]:
            print(f"{size['nodes']} nodes: {error}")
    machine = {
        "started": started,
        "ended": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_avg_before": load_before,
        "load_avg_after": os.getloadavg(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {d: version(d) for d in ("pyoxigraph", "pyshacl", "rdflib", "polars")},
    }
    print(f"machine: {json.dumps(machine)}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "sizes": sizes}, indent=2, default=str))
    return 0 if all(size["identical"] for size in sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
