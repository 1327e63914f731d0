"""Runs a catalogue on Dask: a LocalCluster sized to the machine, or an existing scheduler; one task per
input; progress on stderr; every result written to the store as it arrives."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Self, TextIO

from citylint import __version__
from citylint.catalog import store as stores
from citylint.catalog import tasks
from citylint.catalog.sources import CatalogEntry
from citylint.catalog.store import ResultRecord, ResultStore, StoreError
from citylint.catalog.tasks import RunSettings, content_hash, profile_key

Task = Callable[[CatalogEntry, RunSettings], dict[str, Any]]

SCHEDULER_TIMEOUT_SECONDS = 10


class SchedulerError(Exception):
    """The --scheduler cannot be reached: exit 2, one line."""


class RunInterrupted(Exception):
    """The run stopped before its end (SIGTERM, the store lost): what was stored stays, a new run resumes."""

    def __init__(self, summary: RunSummary, reason: str, marked: bool) -> None:
        super().__init__(reason)
        self.summary, self.reason, self.marked = summary, reason, marked


class Terminated(BaseException):
    """Raised in the main thread by the SIGTERM handler check-many installs."""


# The LocalCluster's dashboard: on loopback only, on a free port (":0" listened on every interface, showing
# the catalogue's paths and progress to the network).
DASHBOARD_ADDRESS = "127.0.0.1:0"


def counted(number: int, noun: str) -> str:
    """``1 input``, ``2 inputs``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass
class RunSummary:
    run_id: int
    inputs: int
    validated: int = 0
    skipped: int = 0
    failed: int = 0
    not_conformant: int = 0
    skipped_not_conformant: int = 0  # unchanged inputs whose stored verdict is not conformant
    worst: dict[str, int] | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (dataset id, first reason)
    held_elsewhere: dict[str, int] = field(default_factory=dict)  # dataset id -> the live run validating it

    @property
    def conformant(self) -> bool:
        """The catalogue's current state: every input validated now or before has no errors."""
        return not (self.not_conformant or self.skipped_not_conformant)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_catalog(  # noqa: PLR0913 (past the three positional ones, keyword-only options)
    entries: list[CatalogEntry],
    settings: RunSettings,
    store: ResultStore,
    *,
    catalog: str,
    force: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: TextIO | None = None,
    task: Task | None = None,
) -> RunSummary:
    """Validate the entries not yet stored; raises RunInterrupted (its summary so far inside) on SIGTERM
    (``Terminated``), Ctrl-C or a lost store. ``task`` defaults to ``tasks.validate_entry``, looked up when
    the run starts."""
    run_id = store.start_run(catalog, __version__, settings.profile, len(entries))
    summary = RunSummary(run_id, len(entries))
    todo: list[CatalogEntry] = []
    known: dict[str, list[str]] = {}
    refused = [e for e in entries if e.problem is not None]
    if refused:  # refused or missing when the catalogue was read: they fail at once, without a task
        store.add_results(run_id, [_refused(e, settings) for e in refused])
        summary.failed += len(refused)
    for entry in entries:
        if entry.problem is not None:
            continue
        if not force and not entry.is_remote and Path(entry.path).exists():
            digest = content_hash(Path(entry.path))
            verdict = store.stored_verdict(entry.id, digest, profile_key(entry, settings), __version__)
            if verdict is not None:
                summary.skipped += 1
                summary.skipped_not_conformant += verdict == "not_conformant"
                continue
            entry = replace(entry, content_hash=digest)  # the worker need not read the input twice
        todo.append(entry)
    # Remote inputs are hashed once downloaded, by the worker: it is told which hashes the store already has.
    if not force:
        for entry in todo:
            if entry.is_remote:
                known[entry.id] = [
                    r["content_hash"]
                    for r in store.history(entry.id)
                    if r["status"] == "validated"
                    and r["citylint_version"] == __version__
                    and r["profile"] == profile_key(entry, settings)
                    and r["content_hash"]
                ]
    settings = replace(settings, known_hashes=known)
    # Inputs another live run is validating now are left to it: the same catalogue started twice at once does
    # not validate everything twice.
    mine = []
    for entry in todo:
        holder = store.reserve(run_id, entry.id, profile_key(entry, settings), __version__)
        if holder is None:
            mine.append(entry)
        else:
            summary.held_elsewhere[entry.id] = holder
    todo = mine
    meter = _Progress(len(todo), summary.skipped, progress)
    heartbeat = _Heartbeat(store, run_id, summary)
    try:
        if todo:
            with _client(workers, scheduler) as client, heartbeat:
                from distributed import as_completed

                futures = {
                    client.submit(
                        task or tasks.validate_entry,
                        entry,
                        settings,
                        key=f"citylint-{run_id}-{i}",
                        pure=False,
                    ): entry
                    for i, entry in enumerate(todo)
                }
                for future in as_completed(futures):
                    entry = futures[future]
                    try:
                        outcome = future.result()
                    except Exception as exc:  # noqa: BLE001 - a crashed or killed worker fails this input only
                        outcome = _crashed(entry, settings, exc)
                    finally:
                        future.release()
                    _store(store, run_id, outcome, summary, profile_key(entry, settings))
                    store.progress_run(run_id, summary.validated, summary.skipped, summary.failed)
                    meter.tick(failed=outcome.get("status") == "failed")
    except (Terminated, KeyboardInterrupt, StoreError) as exc:
        reason = {Terminated: "SIGTERM", KeyboardInterrupt: "interrupted (Ctrl-C)"}.get(
            type(exc), None
        ) or f"results store lost: {exc}"
        try:
            store.finish_run(run_id, summary.validated, summary.skipped, summary.failed, interrupted=reason)
            marked = True
        except StoreError:
            marked = False  # the row is marked when the catalogue runs again (its heartbeat stopped)
        raise RunInterrupted(summary, reason, marked) from exc
    store.finish_run(run_id, summary.validated, summary.skipped, summary.failed)
    meter.done()
    return summary


class _Heartbeat:
    """Writes the run's counters and heartbeat every HEARTBEAT_SECONDS from a thread, so that a run busy on
    one long input stays live (its reservations held) and a run that died is seen as such."""

    def __init__(self, store: ResultStore, run_id: int, summary: RunSummary) -> None:
        self.store, self.run_id, self.summary = store, run_id, summary
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="citylint-heartbeat", daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        while not self.stop.wait(stores.HEARTBEAT_SECONDS):
            try:
                self.store.progress_run(
                    self.run_id, self.summary.validated, self.summary.skipped, self.summary.failed
                )
            except StoreError:
                return  # the main loop meets the same error on its next result


def _store(
    store: ResultStore, run_id: int, outcome: dict[str, Any], summary: RunSummary, profile: str
) -> None:
    if outcome.get("skipped"):  # a remote input whose downloaded content was validated before
        summary.skipped += 1
        verdict = store.stored_verdict(outcome["dataset_id"], outcome["content_hash"], profile, __version__)
        summary.skipped_not_conformant += verdict == "not_conformant"
        return
    record = ResultRecord(**{k: v for k, v in outcome.items() if k != "skipped"})
    record.codes = [tuple(c) for c in record.codes]  # type: ignore[misc]
    store.add_result(run_id, record)
    if record.status == "failed":
        summary.failed += 1
        summary.failures.append(
            (record.dataset_id, record.system_errors[0] if record.system_errors else "failed")
        )
    else:
        summary.validated += 1
        summary.not_conformant += record.verdict == "not_conformant"


def _crashed(entry: CatalogEntry, settings: RunSettings, exc: BaseException) -> dict[str, Any]:
    from dataclasses import asdict

    first_line = str(exc).splitlines()[0] if str(exc) else ""
    reason = f"the worker validating it failed: {type(exc).__name__}: {first_line}"
    return asdict(_refused(entry, settings, reason)) | {"skipped": False}


def _refused(entry: CatalogEntry, settings: RunSettings, reason: str | None = None) -> ResultRecord:
    """The result of an entry that could not be validated: ``reason``, or the problem the catalogue had."""
    return ResultRecord(
        dataset_id=entry.id,
        input=entry.path,
        content_hash=None,
        profile=profile_key(entry, settings),
        citylint_version=__version__,
        status="failed",
        verdict="could_not_validate",
        system_errors=[reason if reason is not None else entry.problem or ""],
    )


class _client:
    """A Dask client on an existing scheduler, or on a LocalCluster made for this run and closed after it."""

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        self.workers, self.scheduler = workers, scheduler

    def __enter__(self) -> Any:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.cluster = None
            try:
                self.client = Client(self.scheduler, timeout=SCHEDULER_TIMEOUT_SECONDS)
            except (OSError, TimeoutError, ValueError, TypeError) as exc:
                raise SchedulerError(
                    f"cannot reach the Dask scheduler {self.scheduler}: "
                    f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
                ) from exc
            return self.client
        count = self.workers or default_workers()
        # One single-threaded process per core, polars in each held to one thread: the parallelism is the
        # workers', and they do not fight over the cores. A worker that crashes is restarted by its nanny; its
        # task is retried once, then reported as failed.
        # Dask's statistical profiler is off: every 10 ms it samples the task's stack into a call tree, one
        # tree per second kept for the last 1,000 s (distributed/worker.py: cycle_profile, profile_history).
        # On citylint's wide call trees that was ~130 KB of Python dicts per input, the worker memory that
        # grew over a long run (issue 20; benchmarks/bench_worker_memory.py, benchmarks/README.md).
        dask.config.set(
            {"distributed.scheduler.allowed-failures": 1, "distributed.worker.profile.enabled": False}
        )
        # The workers' scratch space (spill files, lock files) in a folder of this run, removed after it:
        # Dask's default, $TMPDIR/dask-scratch-space, would stay behind (a write outside the output folder).
        self.scratch = tempfile.TemporaryDirectory(prefix="citylint-dask-")
        dask.config.set({"temporary-directory": self.scratch.name})
        self.cluster = LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=DASHBOARD_ADDRESS,
            silence_logs=logging.CRITICAL,
            env={"POLARS_MAX_THREADS": "1"},
            local_directory=self.scratch.name,
        )
        self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
            self.scratch.cleanup()


class _Progress:
    """done / failed / remaining, rate and ETA on stderr, at most once a second."""

    def __init__(self, total: int, skipped: int, stream: TextIO | None) -> None:
        self.total, self.skipped, self.stream = total, skipped, stream
        self.finished = self.failed = 0
        self.started = self.last = time.monotonic()

    def tick(self, *, failed: bool) -> None:
        self.finished += 1
        self.failed += failed
        now = time.monotonic()
        if now - self.last >= 1.0 or self.finished == self.total:
            self.last = now
            self._line(now)

    def _line(self, now: float) -> None:
        if self.stream is None:
            return
        elapsed = max(now - self.started, 1e-9)
        rate = self.finished / elapsed
        remaining = self.total - self.finished
        eta = f"{remaining / rate:.0f} s" if rate > 0 else "?"
        print(
            f"citylint: {self.finished}/{self.total} done, {self.failed} failed, {remaining} remaining, "
            f"{self.skipped} skipped (unchanged), {rate:.2f} inputs/s, ETA {eta}",
            file=self.stream,
            flush=True,
        )

    def done(self) -> None:
        if self.stream is not None and self.total == 0:
            print(
                f"citylint: nothing to validate: {counted(self.skipped, 'input')} unchanged since they were "
                "stored (--force to validate them again)",
                file=self.stream,
                flush=True,
            )
