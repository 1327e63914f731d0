"""``citylint check URL --allow-network --samples N --interval S``: a GTFS-Realtime URL becomes a folder of
snapshots before the run (kept in ``cli.py`` to one call)."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from citylint.runoptions import RunOptions
from citylint.validators.gtfs_rt.fetch import is_url, sample, temporary_folder, url_of


def sampled_paths(
    paths: tuple[Path, ...],
    allow_network: bool,
    samples: int,
    interval: float,
    options: RunOptions,
    quiet: bool,
) -> tuple[tuple[Path, ...], RunOptions, list[tempfile.TemporaryDirectory[str]]]:
    """The paths with each URL replaced by a folder of its snapshots (the folders live as long as the returned
    handles), and the options with the snapshots' fetch times. Without ``--allow-network`` a URL is left as it
    is: it then fails as a missing file (exit 2)."""
    if not allow_network or not any(is_url(p) for p in paths):
        return paths, options, []
    handles = []
    result = []
    fetched: dict[str, int] = dict(options.gtfs_rt_fetched_at)
    for path in paths:
        if not is_url(path):
            result.append(path)
            continue
        url = url_of(path)
        handle = temporary_folder()
        handles.append(handle)
        if not quiet:
            print(f"citylint: downloading {url} {samples} time(s), {interval:g} s apart ...", file=sys.stderr)
        try:
            fetched.update(sample(url, samples, interval, Path(handle.name)))
        except OSError as exc:
            print(f"citylint: error: {url}: download failed: {exc}", file=sys.stderr)
            sys.exit(2)
        result.append(Path(handle.name))
    return tuple(result), replace(options, gtfs_rt_fetched_at=fetched), handles
