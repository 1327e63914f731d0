"""How polars' allocator gives memory back, set before polars is first imported.

polars sets its jemalloc to keep freed pages for 0.5 s ("dirty") and then another 1 s ("muzzy": released with
MADV_FREE, still counted in the process's resident set until the kernel needs them). Validation frees big
frames every second or so (a parsed file's lines, a family's intermediate frames), so garbage of the last
1.5 s added ~100 MB to the resident peak of a 2.4 M stop_times feed. Skipping the muzzy stage returns pages
after 0.5 s, at a cost of ~2-3 % of run time. polars appends this variable to its own settings, so a value the
user sets wins; when polars is already imported, this has no effect.

Dirty pages are kept 0.1 s instead of 0.5 s: the streamed stop_times.txt (gtfs/stream.py) frees a batch's
strings every few tenths of a second and its per-column join frees the batches' chunks in a burst. On the
Brooklyn bus feed, alternated on a lightly loaded machine (load average 5): 453-463 MB peak with 0.5 s,
414-438 MB with 0.1 s, the same user CPU time (3.49-3.61 s against 3.50-3.58 s).
"""

from __future__ import annotations

import os

os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:100,muzzy_decay_ms:0")
