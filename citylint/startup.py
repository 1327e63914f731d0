"""What a command-line run does once, before its work: the imports it will keep, out of the garbage
collector's way.

A check imports polars and every validator (~650 modules): hundreds of thousands of objects that live as long
as the process. Python's cyclic garbage collector runs every 700 allocations and walks the young objects,
and every tenth run an older generation, so a small feed's run spent 25-60 ms collecting nothing, most of
it on those imports and then on walking them again (issue 22). While the imports run the collector is off;
after them, ``gc.freeze()`` moves what exists then to a generation it never walks (what the documentation
advises for long-lived objects made at start-up), once per process; the collector then walks only what the
validation makes. Reference counting frees everything as before: only cycles among the objects frozen then
would never be freed, and those are the imported modules themselves.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False


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
