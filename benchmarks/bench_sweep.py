#!/usr/bin/env python3
"""Size sweep: citylint against gtfs-guru on a small, a medium, a big feed and 4x the big one, in one run.

usage: python benchmarks/bench_sweep.py [--quick] [-n 5] [--with-reference] [--json FILE]
  --quick           n=3 and no 4x feed (the lead's one-command rerun on a quiet machine)
  --with-reference  also gtfs-validator==0.1.2, once per feed (minutes on the big feed; not on 4x)

Feeds: small = ../shared/data/gtfs/us-seattle-area-2017-11-16.zip (57 k stop_times), medium and big = the NYC
MTA subway (565 k) and Brooklyn bus (2.4 M) feeds built by ../shared/bench/build_mta_feeds.sh into
/tmp/citylint-bench, 4x = the bus feed with 4 times its trips (scale_feed.py, made once beside it).
Every run is a fresh subprocess timed and measured as bench_gtfs.py does (wall time around the child, peak
RSS from os.wait4); within a repetition each feed runs with both tools, the order flipping at every
repetition. The table gives, per feed and tool, the median wall time with its min-max spread, the peak RSS
(max over runs), the error/warning counts, and the ratios citylint / gtfs-guru of the medians and peaks.
The machine's load average is printed before and after: wall times are only comparable on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_gtfs as bg  # the runner, the peer's driver and the machine description

SMALL = Path(__file__).resolve().parents[2] / "shared" / "data" / "gtfs" / "us-seattle-area-2017-11-16.zip"
MEDIUM = bg.DEFAULT_DIR / "us-nyc-mta-subway.zip"
BIG = bg.DEFAULT_DIR / "us-nyc-mta-bus_bk.zip"
TOOLS = ["citylint", bg.PEER]


def _stats(runs: list[bg.Run]) -> dict[str, object]:
    good = [r for r in runs if r.ok]
    if not good:
        return {"runs_ok": f"0/{len(runs)}", "failure": runs[-1].error if runs else "not run"}
    walls = [r.wall_s for r in good]
    return {
        "runs_ok": f"{len(good)}/{len(runs)}",
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "max_s": max(walls),
        "peak_rss_mb": max(r.max_rss_kb for r in good) / 1024,
        "errors": good[-1].counts.get("ERROR", 0),
        "warnings": good[-1].counts.get("WARNING", 0),
    }


def _row_text(label: str, tool: str, s: dict[str, object], ratio: str) -> str:
    if "median_s" not in s:
        return f"{label:8} {tool:15} {s['runs_ok']:>5}  failed: {str(s.get('failure', ''))[:70]}"
    spread = f"{s['min_s']:.2f}-{s['max_s']:.2f}"
    return (
        f"{label:8} {tool:15} {s['runs_ok']:>5} {s['median_s']:8.2f} s ({spread:>13}) "
        f"{s['peak_rss_mb']:7.0f} MB {s['errors']:>7,} {s['warnings']:>8,}  {ratio}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--repetitions", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="n=3 and no 4x feed")
    ap.add_argument("--with-reference", action="store_true", help="gtfs-validator once per feed (slow)")
    ap.add_argument("--date", default="2026-10-01")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--json", type=Path, metavar="FILE")
    args = ap.parse_args()
    reps = 3 if args.quick else args.repetitions
    try:
        import gtfs_guru  # noqa: F401
    except ImportError:
        print("gtfs-guru is not installed: pip install 'citylint[bench]'", file=sys.stderr)
        return 2
    feeds = {"small": SMALL, "medium": MEDIUM, "big": BIG}
    missing = [str(f) for f in feeds.values() if not f.is_file()]
    if missing:
        print("missing feed(s): " + ", ".join(missing), file=sys.stderr)
        print(f"build the MTA feeds first: bash {bg.BUILDER}", file=sys.stderr)
        return 2
    if not args.quick:
        feeds["4x big"] = bg.scaled_copy(BIG, 4)
    bg.compile_citylint()
    load_before = os.getloadavg()
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)
    runs: dict[tuple[str, str], list[bg.Run]] = {(f, t): [] for f in feeds for t in TOOLS}
    for rep in range(reps):
        order = TOOLS if rep % 2 == 0 else TOOLS[::-1]
        for label, feed in feeds.items():
            for tool in order:
                run = bg.run_once(tool, feed, args.date, args.timeout)
                runs[label, tool].append(run)
                print(
                    f"[{rep + 1}/{reps}] {label:7} {tool:15} {run.wall_s:8.2f} s "
                    f"{run.max_rss_kb / 1024:7.0f} MB  {'ok' if run.ok else 'FAILED ' + run.error[:80]}",
                    file=sys.stderr,
                    flush=True,
                )
    reference: dict[str, dict[str, object]] = {}
    if args.with_reference:
        for label, feed in feeds.items():
            if label != "4x big":
                run = bg.run_once(bg.REFERENCE, feed, args.date, args.timeout)
                runs.setdefault((label, bg.REFERENCE), []).append(run)
                reference[label] = _stats([run])
    load_after = os.getloadavg()
    table: list[dict[str, object]] = []
    print(
        f"\n{'feed':8} {'tool':15} {'runs':>5} {'median':>10} {'(min-max)':>15} {'peak RSS':>10} "
        f"{'errors':>7} {'warnings':>8}  citylint / gtfs-guru"
    )
    for label, feed in feeds.items():
        mine, peer = _stats(runs[label, "citylint"]), _stats(runs[label, bg.PEER])
        row: dict[str, object] = {
            "feed": label,
            "file": feed.name,
            "stop_times": bg.stop_times_rows(feed),
            "citylint": mine,
            bg.PEER: peer,
        }
        ratio = ""
        if "median_s" in mine and "median_s" in peer:
            row["time_ratio"] = float(mine["median_s"]) / float(peer["median_s"])  # type: ignore[arg-type]
            row["rss_ratio"] = float(mine["peak_rss_mb"]) / float(peer["peak_rss_mb"])  # type: ignore[arg-type]
            ratio = f"time {row['time_ratio']:.2f}x  RSS {row['rss_ratio']:.2f}x"
        print(_row_text(label, "citylint", mine, ratio))
        print(_row_text("", bg.PEER, peer, ""))
        if label in reference:
            row[bg.REFERENCE] = reference[label]
            print(_row_text("", bg.REFERENCE, reference[label], ""))
        table.append(row)
    big, scaled = (next((r for r in table if r["feed"] == name), None) for name in ("big", "4x big"))
    if big and scaled and "median_s" in big["citylint"] and "median_s" in scaled["citylint"]:  # type: ignore[operator]
        b, s = big["citylint"], scaled["citylint"]
        print(
            f"4x big / big, citylint: time {s['median_s'] / b['median_s']:.2f}x, "  # type: ignore[index,operator]
            f"peak RSS {s['peak_rss_mb'] / b['peak_rss_mb']:.2f}x (bounds 4x, 3x)"  # type: ignore[index,operator]
        )
    print(
        f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; "
        f"{reps} repetition(s), median wall time (min-max), peak RSS max over runs"
    )
    if args.json:
        doc = {
            "machine": bg.machine_info([*TOOLS, bg.REFERENCE] if args.with_reference else TOOLS)
            | {"load_avg_before": load_before, "load_avg_after": load_after},
            "validation_date": args.date,
            "repetitions": reps,
            "table": table,
            "runs": [asdict(r) for rs in runs.values() for r in rs],
        }
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    return 0 if all(r.ok for rs in runs.values() for r in rs) else 1


if __name__ == "__main__":
    sys.exit(main())
