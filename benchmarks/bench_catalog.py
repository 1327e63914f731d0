"""Benchmark ``citylint check-many``: throughput of a catalogue with 2 Dask workers against 1, in one run.

The catalogue is a CSV of N entries (default 200) cycling over the GTFS feeds of ../shared/data/gtfs, read in
place, each under a distinct dataset id. Each configuration runs ``citylint check-many --force`` in a fresh
process and a fresh output folder (its own SQLite store), alternating the order between repetitions so that
machine noise hits both; wall time includes starting the LocalCluster, as a user sees it.

usage: python benchmarks/bench_catalog.py [-n 2] [--inputs 200] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT.parent / "shared" / "data" / "gtfs"


def build_catalog(folder: Path, inputs: int) -> Path:
    feeds = sorted(FEEDS.glob("*.zip"))
    if not feeds:
        sys.exit(f"no feeds in {FEEDS}: the shared corpus is needed")
    catalog = folder / "catalog.csv"
    lines = ["id,path,profile,metadata"]
    lines += [f"feed-{i:04d},{feeds[i % len(feeds)]},," for i in range(inputs)]
    catalog.write_text("\n".join(lines) + "\n")
    return catalog


def run(catalog: Path, workers: int, scratch: Path) -> float:
    out = scratch / f"out-{workers}-{time.monotonic_ns()}"
    command = [
        sys.executable,
        "-m",
        "citylint",
        "check-many",
        str(catalog),
        "-d",
        str(out),
        "--workers",
        str(workers),
        "--force",
        "--quiet",
        "--date",
        "2026-10-01",
        "--fail-on",
        "never",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"check-many failed ({done.returncode}): {done.stderr[-2000:]}")
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--repetitions", type=int, default=2)
    parser.add_argument("--inputs", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citylint-bench-catalog-") as tmp:
        scratch = Path(tmp)
        catalog = build_catalog(scratch, args.inputs)
        times: dict[int, list[float]] = {1: [], 2: []}
        for repetition in range(args.repetitions):
            for workers in (1, 2) if repetition % 2 == 0 else (2, 1):
                seconds = run(catalog, workers, scratch)
                times[workers].append(seconds)
                print(
                    f"  {workers} worker(s): {seconds:.1f} s, {args.inputs / seconds:.2f} inputs/s",
                    flush=True,
                )
    median = {w: statistics.median(t) for w, t in times.items()}
    ratio = median[1] / median[2]
    print(
        f"{args.inputs} inputs, median of {args.repetitions}: 1 worker {median[1]:.1f} s "
        f"({args.inputs / median[1]:.2f}/s), 2 workers {median[2]:.1f} s ({args.inputs / median[2]:.2f}/s): "
        f"throughput ratio {ratio:.2f}x (target >= 1.8x) on {os.cpu_count()} cores, {platform.platform()}"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"inputs": args.inputs, "seconds": times, "ratio": ratio}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
