"""Worker memory over a long ``check-many`` run (issue 20: "grows by ~100 KB per input"): one Dask worker
process validates N copies of a small feed (fixtures/gtfs/_base, each under its own dataset id, as run_catalog
submits them), and its resident memory is read every STEP inputs; the peer, in the same run, is the same
worker running a task that does nothing (Dask's own bookkeeping per task). The cluster is check-many's own
(runner._client, one worker); --with-profiler adds the cluster it made before issue 20's fix (Dask's
defaults: its profiler on).

    python benchmarks/bench_worker_memory.py [--inputs 2000] [--step 250] [--with-profiler]

Printed: RSS after each step; the growth per input between the first step (warm) and the last; the median,
min and max of the growth per input step by step; the rate."""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def rss_kb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 1024


def nothing(entry: Any, settings: Any) -> dict[str, Any]:
    return {"skipped": True}


def measure(client: Any, task: Any, inputs: int, step: int, out: Path) -> list[tuple[int, float]]:
    from distributed import as_completed

    from citylint.catalog.sources import CatalogEntry
    from citylint.catalog.tasks import RunSettings

    settings = RunSettings(output_dir=str(out), date="2026-10-01")
    feed = str(ROOT / "fixtures" / "gtfs" / "_base")
    points = []
    done = 0
    for start in range(0, inputs, step):
        futures = [
            client.submit(
                task, CatalogEntry(f"d{i}", feed), settings, key=f"m-{task.__name__}-{i}", pure=False
            )
            for i in range(start, min(start + step, inputs))
        ]
        for future in as_completed(futures):
            future.result()
            future.release()
        done += len(futures)
        [rss] = client.run(rss_kb).values()
        points.append((done, rss))
    return points


def slopes(points: list[tuple[int, float]]) -> list[float]:
    """KB per input between consecutive measurements, from the first (warm) one on."""
    return [(r2 - r1) / (n2 - n1) for (n1, r1), (n2, r2) in itertools.pairwise(points)]


def dask_defaults_cluster() -> Any:
    """The cluster check-many made before issue 20's fix: Dask's defaults, its profiler on."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.worker.profile.enabled": True}):
        cluster = LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.CRITICAL,
            env={"POLARS_MAX_THREADS": "1"},
        )
    return cluster, Client(cluster)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=2000)
    parser.add_argument("--step", type=int, default=250)
    parser.add_argument(
        "--with-profiler",
        action="store_true",
        help="also run validate_entry on Dask's defaults (profiler on)",
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the no-op peer (a long run: its numbers change little)"
    )
    args = parser.parse_args()
    from statistics import median

    from citylint.catalog.runner import _client
    from citylint.catalog.tasks import validate_entry

    runs: list[tuple[str, Any]] = [("no-op task (peer)", nothing)] * (not args.no_peer)
    runs.append(("validate_entry", validate_entry))
    if args.with_profiler:
        runs.append(("validate_entry, Dask's profiler on (before)", validate_entry))
    with tempfile.TemporaryDirectory() as scratch:
        for name, task in runs:
            started = time.perf_counter()
            if "profiler on" in name:
                cluster, client = dask_defaults_cluster()
                with cluster, client:
                    points = measure(client, task, args.inputs, args.step, Path(scratch))
            else:
                with _client(1, None) as client:  # the cluster check-many makes, with one worker
                    points = measure(client, task, args.inputs, args.step, Path(scratch))
            seconds = time.perf_counter() - started
            (first_n, first), (last_n, last) = points[0], points[-1]
            per_input = (last - first) / max(last_n - first_n, 1)
            steps = slopes(points)
            print(
                f"{name}: "
                + ", ".join(f"{n}: {r / 1024:.1f} MB" for n, r in points)
                + f"  -> {per_input:.1f} KB per input after the first {first_n}; per step: median "
                + (f"{median(steps):.1f} KB (min {min(steps):.1f}, max {max(steps):.1f})" if steps else "-")
                + f"; {last_n / seconds:.1f} inputs/s",
                flush=True,
            )


if __name__ == "__main__":
    main()
