"""A GTFS-Realtime URL sampled N times at an interval (``--samples``, ``--interval``), only with
``--allow-network``: each response is written to a temporary folder as one snapshot named by its download
time, and the folder is validated as a series. The download time is each snapshot's reference time for the
clock rules (E050, W008), as MobilityData's validator uses its own clock when it polls a feed."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 30


def is_url(path: Path | str) -> bool:
    text = str(path)
    # click hands PATHS over as Path objects, which fold "https://" into "https:/"
    return text.startswith(("http:/", "https:/"))


def url_of(path: Path | str) -> str:
    text = str(path)
    for scheme in ("https:/", "http:/"):
        if text.startswith(scheme) and not text.startswith(scheme + "/"):
            return scheme + "/" + text[len(scheme) :]
    return text


def sample(url: str, samples: int, interval: float, folder: Path) -> dict[str, int]:
    """Download ``url`` ``samples`` times, ``interval`` seconds apart, into ``folder``; the names and POSIX
    times of the snapshots. An HTTP or network failure raises OSError with the reason."""
    import urllib.request  # only with --allow-network: http.client and urllib load at no other start

    fetched: dict[str, int] = {}
    for index in range(samples):
        if index:
            time.sleep(interval)
        request = urllib.request.Request(url, headers={"User-Agent": "citylint (GTFS-Realtime validation)"})
        with urllib.request.urlopen(
            request, timeout=TIMEOUT_SECONDS
        ) as response:  # the user-given URL, with --allow-network
            data = response.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise OSError(f"{url}: response larger than {MAX_BYTES} bytes")
        now = dt.datetime.now(dt.UTC)
        name = f"snapshot-{index + 1:03d}.{now:%Y%m%d.%H%M%S.%f}.pb"
        (folder / name).write_bytes(data)
        fetched[name] = int(now.timestamp())
    return fetched


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="citylint-gtfs-rt-")
