"""One step of a sequential read made ahead, in a thread: a big file's next batch is inflated and parsed
while the current one is coded or checked (polars, ISA-L's inflate and file reads release the GIL), so a read
of batches uses the second core the way polars' whole-file parse does."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

_T = TypeVar("_T")


def ahead(items: Iterator[_T]) -> Iterator[_T]:
    """``items`` produced one ahead in a thread: the next is made while the caller works on this one. An
    exception of the producer is raised here, in order; a caller that stops early stops the producer."""
    handoff: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if not _put(handoff, (True, item), stop):
                    return
        except BaseException as exc:  # noqa: BLE001 (handed to the consumer, which raises it)
            _put(handoff, (False, exc), stop)
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # a generator's own clean-up (an open member) runs here, not at its collection
        _put(handoff, (False, None), stop)

    worker = threading.Thread(target=produce, name="citylint-ahead", daemon=True)
    worker.start()
    try:
        while True:
            more, item = handoff.get()
            if not more:
                if item is not None:
                    raise item  # type: ignore[misc]
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()


def _put(handoff: queue.Queue[tuple[bool, object]], item: tuple[bool, object], stop: threading.Event) -> bool:
    """Put ``item`` when there is room, unless the consumer has stopped (then ``False``)."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False
