"""Start-up time of `citylint --version` and `citylint --help` (issue 20: under 0.2 s), against the floor
every Python command line pays: the interpreter starting and importing click (the peer, measured in the same
run).

    python benchmarks/bench_startup.py [-n 21]

Each command is a fresh subprocess of this interpreter, run alternately so that machine load hits all of them;
printed: median wall time, its spread (min-max of the runs) and the ratio to the floor's median."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "floor: python -c 'import click'": [sys.executable, "-c", "import click"],
    "citylint --version": [sys.executable, "-m", "citylint", "--version"],
    "citylint --help": [sys.executable, "-m", "citylint", "--help"],
    "citylint check --help": [sys.executable, "-m", "citylint", "check", "--help"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=21, help="runs per command (default 21)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.n):
        for name, command in COMMANDS.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    floor = statistics.median(times[next(iter(COMMANDS))])
    print(
        f"{'command':<34} {'median':>8} {'min-max':>15} {'x floor':>8}   ({args.n} runs each, "
        f"{sys.version.split()[0]})"
    )
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<34} {median:>7.3f}s {min(runs):>6.3f}-{max(runs):.3f}s {median / floor:>7.2f}x")


if __name__ == "__main__":
    main()
