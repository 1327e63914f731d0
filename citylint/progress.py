"""Progress of one long check on stderr: the stage the validators report (``RunOptions.stage``) and the time
spent, so that a 2-minute feed does not look hung.

On a terminal one line is redrawn every half second; with ``--verbose`` where stderr is no terminal (a CI
log), one line per stage. Nothing otherwise, and never on stdout."""

from __future__ import annotations

import threading
import time
from typing import Self, TextIO


class StageProgress:
    def __init__(self, stream: TextIO, label: str, *, redraw: bool) -> None:
        self.stream, self.label, self.redraw = stream, label, redraw
        self.stage = "starting"
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._width = 0

    def __call__(self, stage: str) -> None:
        """The check entered ``stage`` (called from the validating thread)."""
        with self._lock:
            self.stage = stage
            if not self.redraw:
                self.stream.write(f"citylint: {self.label}: {self._elapsed()} {stage}\n")
                self.stream.flush()

    def __enter__(self) -> Self:
        if self.redraw:
            self._thread = threading.Thread(target=self._tick, name="citylint-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            with self._lock:
                self.stream.write("\r" + " " * self._width + "\r")  # leave no half line behind
                self.stream.flush()

    def _elapsed(self) -> str:
        return f"{time.monotonic() - self.started:6.1f}s"

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                line = f"citylint: {self.label}: {self._elapsed()} {self.stage}"
                self._width = max(self._width, len(line))
                self.stream.write("\r" + line.ljust(self._width))
                self.stream.flush()
