#!/usr/bin/env python3
"""Make a feed N times bigger for the linear-growth benchmark: the trips (with their stop times and
frequencies) are repeated N times with new trip and block ids; the stops and everything else stay the same,
so the feed keeps its network and grows only in service.

usage: python benchmarks/scale_feed.py FEED.zip N OUT.zip
"""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import polars as pl

# Files whose rows belong to a trip: copied once per repetition with the trip id made unique.
TRIP_KEYED = ("trips.txt", "stop_times.txt", "frequencies.txt")


def scaled(data: bytes, times: int) -> bytes:
    frame = pl.read_csv(data, infer_schema=False, encoding="utf8-lossy")
    # Blocks are renamed too: copies of a trip in one block would overlap in time, a finding the original
    # feed does not have.
    renamed = [c for c in ("trip_id", "block_id") if c in frame.columns]
    copies = [frame] + [frame.with_columns(pl.col(c) + f"~{k}" for c in renamed) for k in range(1, times)]
    out = io.BytesIO()
    pl.concat(copies).write_csv(out)
    return out.getvalue()


def write_scaled(feed: Path, times: int, out: Path) -> None:
    """``feed`` with its trips repeated ``times`` times, written to ``out``."""
    with (
        zipfile.ZipFile(feed) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename in TRIP_KEYED and times > 1:
                data = scaled(data, times)
            target.writestr(info.filename, data)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("feed", type=Path)
    parser.add_argument("times", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    write_scaled(args.feed, args.times, args.out)
    print(f"{args.out}: {args.times}x the trips of {args.feed.name}")


if __name__ == "__main__":
    main()
