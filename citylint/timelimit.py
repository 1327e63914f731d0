"""A wall-clock limit for work that can run away on hostile input (a SPARQL constraint joining everything with
everything): the block is interrupted with :class:`TimeLimitExceeded`.

It uses SIGALRM, so it applies in the main thread of a Unix process (the command line); elsewhere (a Dask
worker's thread, Windows) the block runs unbounded and the caller's own limits apply. The interruption lands
between Python bytecodes: pure-Python engines (rdflib's SPARQL, pyshacl) stop within moments.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """The block ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"stopped after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
