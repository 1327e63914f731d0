"""What a command-line run does once, before and after its work: the imports it will keep, out of the
garbage collector's way; the end of the process, without the interpreter's teardown.

A check imports polars and every validator (~650 modules): hundreds of thousands of objects that live as long
as the process. Python's cyclic garbage collector runs every 700 allocations and walks the young objects,
and every tenth run an older generation, so a small feed's run spent 25-60 ms collecting nothing, most of
it on those imports and then on walking them again (issue 22). While the imports run the collector is off;
after them, ``gc.freeze()`` moves what exists then to a generation it never walks (what the documentation
advises for long-lived objects made at start-up), once per process; the collector then walks only what the
validation makes. Reference counting frees everything as before: only cycles among the objects frozen then
would never be freed, and those are the imported modules themselves.

At the end of a check, tearing the interpreter down (every module's objects, the frames the run kept) took
40-60 ms of CPU for nothing the process still needs. When the command line itself (``main()`` without
arguments, as the ``citylint`` script and ``python -m citylint`` call it) ends a check whose reports are
written, the standard streams are flushed, the ``atexit`` functions run (logging's, temporary folders'), and
the process ends with the check's exit code (``os._exit``). Anything else (an error, other threads still
running, a stream that cannot be flushed, ``main([...])`` called from Python or a test runner) ends the usual
way.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False
_work_done = False


@contextmanager
def long_lived_imports() -> Iterator[None]:
    """Imports with the collector off, then everything made so far frozen (the first time only)."""
    global _frozen
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not _frozen:
            gc.freeze()
            _frozen = True
        if enabled:
            gc.enable()


def work_done() -> None:
    """The command has written everything it writes: the process may end without the teardown."""
    global _work_done
    _work_done = True


def end_now(done: SystemExit) -> None:
    """End the process with ``done``'s exit code if the command's work is done and nothing else runs;
    return (for the caller to re-raise ``done``) otherwise."""
    code = 0 if done.code is None else done.code
    if not _work_done or not isinstance(code, int) or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe, say: the usual shutdown reports it as it always did
        return
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
