"""GTFS-Realtime benchmark: a 100,000-entity trip-update snapshot validated against the Brooklyn bus feed.

The snapshot is built from the static feed itself (``--entities`` trip updates, each with ``--updates``
stop_time updates taken from its trip's stop_times, times on 2026-10-01; one trip update in a hundred names a
trip_id the feed does not have, so the E003 path runs too), written once into ``--workdir``. Then each
repetition runs, as a fresh subprocess of this interpreter:

* ``citylint check SNAPSHOT.pb --static FEED.zip --format json`` (the whole run: start-up, decoding, loading
  the static feed on the polars loader, the rules, the report);
* the reference point measured in the same run: decoding the snapshot alone with the official bindings
  (``FeedMessage.ParseFromString``), the floor any Python validator of this file pays. No GTFS-Realtime peer
  validator runs offline here (MobilityData's is a Java web service / batch jar), so the ratio is to that
  floor.

Wall time (``perf_counter`` around the child), CPU time (user + system of the child and its threads) and peak
RSS (``ru_utime``, ``ru_stime``, ``ru_maxrss`` of ``os.wait4``): medians with min-max spread. On a shared,
loaded machine the wall time mostly measures the wait for a core; the CPU time is the work. ``--baseline DIR``
runs another citylint source tree (an earlier commit) in the same loop, for a ratio between versions. Not a
timed test; run it on a quiet machine:

    bash ../shared/bench/build_mta_feeds.sh        # /tmp/citylint-bench/us-nyc-mta-bus_bk.zip
    python benchmarks/bench_gtfs_rt.py -n 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DEFAULT_FEED = Path("/tmp/citylint-bench/us-nyc-mta-bus_bk.zip")
DATE = dt.date(2026, 10, 1)


def build_snapshot(feed: Path, out: Path, entities: int, updates: int) -> dict[str, int]:
    import polars as pl
    from google.transit import gtfs_realtime_pb2

    with zipfile.ZipFile(feed) as archive:
        stop_times = pl.read_csv(
            archive.read("stop_times.txt"),
            columns=["trip_id", "arrival_time", "stop_id", "stop_sequence"],
            schema_overrides={"trip_id": pl.String, "stop_id": pl.String, "arrival_time": pl.String},
        )
        trips = pl.read_csv(
            archive.read("trips.txt"),
            columns=["trip_id", "route_id"],
            schema_overrides={"trip_id": pl.String, "route_id": pl.String},
        )
    parts = pl.col("arrival_time").str.split(":")
    seconds = (
        parts.list.get(0).cast(pl.Int64) * 3600
        + parts.list.get(1).cast(pl.Int64) * 60
        + parts.list.get(2).cast(pl.Int64)
    )
    midnight = int(dt.datetime.combine(DATE, dt.time(), tzinfo=dt.UTC).timestamp())
    firsts = (
        stop_times.drop_nulls("arrival_time")
        .with_columns((seconds + midnight).alias("t"))
        .sort("trip_id", "stop_sequence")
        .group_by("trip_id", maintain_order=True)
        .head(updates)
        .join(trips, on="trip_id")
        .group_by("trip_id", maintain_order=True)
        .agg("route_id", "stop_id", "stop_sequence", "t")
    )
    rows = firsts.rows()
    message = gtfs_realtime_pb2.FeedMessage()
    message.header.gtfs_realtime_version = "2.0"
    message.header.incrementality = gtfs_realtime_pb2.FeedHeader.FULL_DATASET
    message.header.timestamp = midnight + 8 * 3600
    for index in range(entities):
        trip_id, routes, stops, sequences, times = rows[index % len(rows)]
        entity = message.entity.add()
        entity.id = f"e{index}"
        update = entity.trip_update
        update.trip.trip_id = trip_id if index % 100 else f"unknown-{index}"
        update.trip.route_id = routes[0]
        update.trip.schedule_relationship = gtfs_realtime_pb2.TripDescriptor.SCHEDULED
        update.trip.start_date = (DATE + dt.timedelta(days=index // len(rows))).strftime("%Y%m%d")
        update.vehicle.id = f"bus-{index}"
        update.timestamp = message.header.timestamp
        for stop, sequence, when in zip(stops, sequences, times, strict=True):
            stu = update.stop_time_update.add()
            stu.stop_sequence = sequence
            stu.stop_id = stop
            stu.arrival.time = when + 60
            stu.departure.time = when + 60
            stu.schedule_relationship = gtfs_realtime_pb2.TripUpdate.StopTimeUpdate.SCHEDULED
    out.write_bytes(message.SerializeToString())
    return {
        "entities": len(message.entity),
        "stopTimeUpdates": sum(len(e.trip_update.stop_time_update) for e in message.entity),
        "distinctTrips": len(rows),
        "bytes": out.stat().st_size,
    }


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Wall time, CPU time (user + system, all threads) and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    # from another folder: ``python -m`` puts the current folder first on sys.path, which would shadow a
    # --baseline tree given through PYTHONPATH
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir()
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed: {err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def _ratio(values: dict[str, list[float]], name: str, reference: str) -> str:
    return f"{statistics.median(values[name]) / statistics.median(values[reference]):.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("feed", nargs="?", type=Path, default=DEFAULT_FEED)
    parser.add_argument("-n", type=int, default=3, help="repetitions")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=5, help="stop_time_updates per trip update")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/citylint-bench/gtfs-rt"))
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another citylint source tree (e.g. `git archive main | tar -x -C DIR`), run in the same loop",
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    if not args.feed.exists():
        raise SystemExit(f"{args.feed}: not found; build it with ../shared/bench/build_mta_feeds.sh")
    args.workdir.mkdir(parents=True, exist_ok=True)
    snapshot = args.workdir / f"trip-updates-{args.entities}.pb"
    facts_file = snapshot.with_suffix(".json")
    if not snapshot.exists() or not facts_file.exists():
        facts_file.write_text(json.dumps(build_snapshot(args.feed, snapshot, args.entities, args.updates)))
    facts = json.loads(facts_file.read_text())
    report = args.workdir / "report.json"

    def check(output: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "citylint",
            "check",
            str(snapshot),
            "--static",
            str(args.feed),
            "--date",
            DATE.isoformat(),
            "--format",
            "json",
            "--output",
            str(output),
            "--quiet",
        ]

    decode_only = [
        sys.executable,
        "-c",
        (
            "import sys; from google.transit import gtfs_realtime_pb2 as g; "
            "m = g.FeedMessage(); m.ParseFromString(open(sys.argv[1], 'rb').read()); print(len(m.entity))"
        ),
        str(snapshot),
    ]
    runs: list[tuple[str, list[str], dict[str, str] | None]] = [
        ("citylint", check(report), None),
        ("decode", decode_only, None),
    ]
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
        runs.append(("baseline", check(args.workdir / "baseline-report.json"), env))
    names = [name for name, _, _ in runs]
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    memory: dict[str, list[float]] = {name: [] for name in names}
    for repetition in range(args.n):
        for name, argv, env in runs if repetition % 2 == 0 else runs[::-1]:
            elapsed, used, rss, _ = run(argv, env)
            times[name].append(elapsed)
            cpu[name].append(used)
            memory[name].append(rss)
    result = json.loads(report.read_text())
    result = result["reports"][0] if "reports" in result else result
    counts = {n["code"]: n["totalNotices"] for n in result["notices"]}
    print(
        f"input: {snapshot.name}: {facts['entities']} trip updates, {facts['stopTimeUpdates']} "
        f"stop_time_updates, {facts['bytes'] / 1e6:.1f} MB; static {args.feed.name}; "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    labels = {
        "citylint": "citylint check --static",
        "decode": "decode only (bindings)",
        "baseline": "baseline",
    }
    for name in names:
        print(
            f"{labels[name]:<24}: wall {summary(times[name])} s, CPU {summary(cpu[name])} s, "
            f"peak RSS {summary(memory[name])} MB"
        )
    print(
        f"ratio citylint / decode  : {_ratio(times, 'citylint', 'decode')} wall, "
        f"{_ratio(cpu, 'citylint', 'decode')} CPU, {_ratio(memory, 'citylint', 'decode')} memory "
        f"(median of {args.n})"
    )
    if args.baseline:
        baseline = json.loads((args.workdir / "baseline-report.json").read_text())
        baseline = baseline["reports"][0] if "reports" in baseline else baseline
        same = baseline["notices"] == result["notices"]
        print(
            f"ratio baseline / citylint: {_ratio(times, 'baseline', 'citylint')} wall, "
            f"{_ratio(cpu, 'baseline', 'citylint')} CPU; same notices: {same}"
        )
    print(f"citylint's own timings (last run): {result['summary'].get('timings')}")
    print(f"findings: {counts}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"facts": facts, "times": times, "cpu": cpu, "memory": memory, "notices": counts}, indent=1
            )
        )


if __name__ == "__main__":
    main()
