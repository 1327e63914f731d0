"""Runs one command and writes its exit code, wall time and peak memory as JSON: ``launch.py OUT.json
CMD...``.

A separate small process, because Linux carries a process's peak resident size across fork and exec: measured
from the test process (hundreds of MB of polars and test data), every child would look as big as the tests.
"""

import json
import os
import subprocess
import sys
import threading
import time

out, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
started = time.perf_counter()
process = subprocess.Popen(command)
killer = threading.Timer(timeout, process.kill)
killer.start()
_, status, usage = os.wait4(process.pid, 0)
killer.cancel()
with open(out, "w") as handle:
    json.dump(
        {
            "exit_code": os.waitstatus_to_exitcode(status),
            "seconds": time.perf_counter() - started,
            "peak_rss_kb": usage.ru_maxrss,
        },
        handle,
    )
