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

Wall time (``perf_counter`` around the child) and peak RSS (``ru_maxrss`` of the child, ``os.wait4``): medians
with min-max spread. Not a timed test; run it on a quiet machine:

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


def run(argv: list[str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed: {err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("feed", nargs="?", type=Path, default=DEFAULT_FEED)
    parser.add_argument("-n", type=int, default=3, help="repetitions")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=5, help="stop_time_updates per trip update")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/citylint-bench/gtfs-rt"))
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
    citylint = [
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
        str(report),
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
    times: dict[str, list[float]] = {"citylint": [], "decode": []}
    memory: dict[str, list[float]] = {"citylint": [], "decode": []}
    for repetition in range(args.n):
        order = [("citylint", citylint), ("decode", decode_only)]
        for name, argv in order if repetition % 2 == 0 else order[::-1]:
            elapsed, rss, _ = run(argv)
            times[name].append(elapsed)
            memory[name].append(rss)
    result = json.loads(report.read_text())
    result = result["reports"][0] if "reports" in result else result
    counts = {n["code"]: n["totalNotices"] for n in result["notices"]}
    print(
        f"input: {snapshot.name}: {facts['entities']} trip updates, {facts['stopTimeUpdates']} "
        "stop_time_updates, "
        f"{facts['bytes'] / 1e6:.1f} MB; static {args.feed.name}"
    )
    print(
        f"citylint check --static  : {summary(times['citylint'])} s, peak RSS {summary(memory['citylint'])} "
        "MB"
    )
    print(f"decode only (bindings)   : {summary(times['decode'])} s, peak RSS {summary(memory['decode'])} MB")
    print(
        "ratio citylint / decode  : "
        f"{statistics.median(times['citylint']) / statistics.median(times['decode']):.1f}x"
        f" time, {statistics.median(memory['citylint']) / statistics.median(memory['decode']):.1f}x memory "
        f"(median of {args.n})"
    )
    print(f"citylint's own timings (last run): {result['summary'].get('timings')}")
    print(f"findings: {counts}")
    if args.json:
        args.json.write_text(
            json.dumps({"facts": facts, "times": times, "memory": memory, "notices": counts}, indent=1)
        )


if __name__ == "__main__":
    main()
