"""Members read ahead: inflated and parsed on a second thread while the loader checks the tables before them.

Loading a feed is a sequence, in file-name order, of read (inflate, parse) and check (values, keys) per file;
on a medium feed the one big ``stop_times.txt`` takes most of the reading (on the NYC subway feed ~0.2 s of
the ~0.45 s the loading takes), and the files checked before it wait for nothing. The reads that report
nothing (inflating a member, and parsing a plain file: ``csv_format.read_plain_table``) are pure functions of
the bytes, so a worker thread does them, biggest member first, while the loader checks the small files; the
loader takes each member in its order as before, reading it itself when the worker has not started on it
(each job runs once, by whoever claims it first). polars and ISA-L release the interpreter's lock while they
parse and inflate, so the two threads use both cores. Findings are added by the loader alone, in the order
they always had: a file that is not plain comes back as its bytes, for ``read_table`` to analyse and report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class ReadAhead(Generic[T]):
    """Jobs keyed by member, run at most once each: ahead on a worker thread in ``ahead`` order, or by the
    caller of :meth:`take` if the worker has not claimed it yet. Use as a context manager: leaving it stops
    the worker after its current job and waits for it (the process then has no other thread running)."""

    def __init__(self, jobs: Mapping[str, Callable[[], T]], ahead: Iterable[str]) -> None:
        self._jobs = jobs
        self._ahead = [key for key in ahead if key in jobs]
        self._lock = threading.Lock()
        self._claimed: set[str] = set()
        self._done = {key: threading.Event() for key in jobs}
        self._results: dict[str, tuple[bool, T | BaseException]] = {}
        self._thread = threading.Thread(target=self._work, name="citylint-read-ahead", daemon=True)

    def __enter__(self) -> ReadAhead[T]:
        if self._ahead:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._claimed.update(self._jobs)  # nothing more for the worker
        if self._thread.is_alive():
            self._thread.join()
        self._results.clear()

    def _claim(self, key: str) -> bool:
        with self._lock:
            if key in self._claimed:
                return False
            self._claimed.add(key)
            return True

    def _work(self) -> None:
        for key in self._ahead:
            if not self._claim(key):
                continue
            try:
                self._results[key] = (True, self._jobs[key]())
            except BaseException as exc:  # noqa: BLE001 - raised again by take(), in the loader's order
                self._results[key] = (False, exc)
            self._done[key].set()

    def take(self, key: str) -> T:
        """The job's result (its exception raised here), run now unless the worker has claimed it."""
        if self._claim(key):
            return self._jobs[key]()
        self._done[key].wait()
        ok, value = self._results.pop(key)
        if not ok:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]
