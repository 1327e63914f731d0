"""The results store: one schema for SQLite and PostgreSQL (SQLAlchemy Core), versioned migrations, and the
queries ``check-many`` (resume) and ``history`` (conformance over time, regressions) need."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from citylint import ownformats
from citylint.escape import visible

metadata = MetaData()

schema_version = Table("citylint_schema_version", metadata, Column("version", Integer, nullable=False))

runs = Table(
    "citylint_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("catalog", Text, nullable=False),
    Column("citylint_version", String(32), nullable=False),
    Column("profile", Text),
    Column("inputs", Integer, nullable=False, default=0),
    Column("validated", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    # from schema version 2 (RUN_STATE_COLUMNS): running | finished | interrupted
    Column("status", String(16)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("interrupted_reason", Text),
)

results = Table(
    "citylint_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("citylint_runs.id"), nullable=False),
    Column("dataset_id", Text, nullable=False),
    Column("input", Text, nullable=False),
    Column("content_hash", String(64)),
    Column("profile", Text, nullable=False),
    Column("citylint_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # validated | failed
    Column("verdict", String(32)),  # conformant | not_conformant | could_not_validate
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("infos", Integer, nullable=False, default=0),
    Column("verdicts", Text),  # JSON: the report's verdicts (e.g. transport.data.gouv.fr)
    Column("lockin", Text),  # JSON: origin -> findings
    Column("system_errors", Text),  # JSON list of messages
    Column("report_dir", Text),
    Column("seconds", Float),
    Column("validated_at", DateTime(timezone=True), nullable=False),
    Index("citylint_results_resume", "dataset_id", "content_hash", "profile", "citylint_version"),
)

result_codes = Table(
    "citylint_result_codes",
    metadata,
    Column("result_id", Integer, ForeignKey("citylint_results.id"), nullable=False),
    Column("code", String(128), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("total", Integer, nullable=False),
    Index("citylint_result_codes_result", "result_id"),
)


# Version 2: a run's state and heartbeat, and the inputs each live run has reserved.
RUN_STATE_COLUMNS = {
    "status": "VARCHAR(16)",
    "heartbeat_at": "TIMESTAMP WITH TIME ZONE",
    "interrupted_reason": "TEXT",
}

reservations = Table(
    "citylint_reservations",
    metadata,
    Column("dataset_id", Text, nullable=False),
    Column("profile", Text, nullable=False),
    Column("citylint_version", String(32), nullable=False),
    Column("run_id", Integer, ForeignKey("citylint_runs.id"), nullable=False),
    Column("reserved_at", DateTime(timezone=True), nullable=False),
    Index("citylint_reservations_input", "dataset_id", "profile", "citylint_version", unique=True),
)


def _v1(connection: Connection) -> None:
    # The runs table as the code declares it now (state columns included, which a store made by version 1 of
    # this migration lacks: _v2 adds those that are missing).
    metadata.create_all(connection, tables=[runs, results, result_codes])


def _v2(connection: Connection) -> None:
    existing = {c["name"] for c in inspect(connection).get_columns("citylint_runs")}
    for name, sql_type in RUN_STATE_COLUMNS.items():
        if name not in existing:
            connection.execute(text(f"ALTER TABLE citylint_runs ADD COLUMN {name} {sql_type}"))
    connection.execute(update(runs).where(runs.c.finished_at.is_not(None)).values(status="finished"))
    metadata.create_all(connection, tables=[reservations])


# Migration N brings the schema from version N-1 to N. Never edit a released one: append.
MIGRATIONS: Sequence[Callable[[Connection], None]] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


# A run's heartbeat is written at least this often while it runs; a run silent for STALE_AFTER_SECONDS is no
# longer live (its reservations can be taken, it is marked interrupted when its catalogue runs again).
HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 120.0


def stale_after_seconds() -> float:
    """STALE_AFTER_SECONDS, or CITYLINT_STALE_AFTER_SECONDS where a deployment (or a test) sets another."""
    import os

    try:
        return float(os.environ.get("CITYLINT_STALE_AFTER_SECONDS", STALE_AFTER_SECONDS))
    except ValueError:
        return STALE_AFTER_SECONDS


class StoreError(Exception):
    """The store cannot be opened or written: exit 2."""


@dataclass
class ResultRecord:
    dataset_id: str
    input: str
    content_hash: str | None
    profile: str
    citylint_version: str
    status: str
    verdict: str
    counts: dict[str, int] = field(default_factory=dict)  # ERROR / WARNING / INFO
    codes: list[tuple[str, str, int]] = field(default_factory=list)  # (code, severity, total)
    verdicts: list[dict[str, Any]] = field(default_factory=list)
    lockin: dict[str, int] = field(default_factory=dict)
    system_errors: list[str] = field(default_factory=list)
    report_dir: str | None = None
    seconds: float | None = None


def store_url(value: str | None, output_dir: Path) -> str:
    """``--store``: a SQLAlchemy URL (``postgresql://...``, ``sqlite:///...``), default a SQLite file in the
    output folder. ``postgresql://`` is given the psycopg (v3) driver."""
    if not value:
        return f"sqlite:///{(output_dir / 'citylint-results.sqlite').resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


# pg_advisory_xact_lock key of the schema migration: "citylint" as an integer.
SCHEMA_LOCK_KEY = int.from_bytes(b"citylint", "big") & 0x7FFFFFFFFFFFFFFF
SQLITE_BUSY_TIMEOUT_SECONDS = 60


def _serialised_sqlite(engine: Engine) -> None:
    """Every SQLite transaction begins IMMEDIATE (the write lock taken at BEGIN, waiting up to the busy
    timeout for it), so that two runs creating one new store do not both see it empty. pysqlite's own
    transaction handling is turned off for SQLAlchemy to send the BEGIN (the recipe of SQLAlchemy's SQLite
    dialect docs)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)


class ResultStore:
    def __init__(self, url: str) -> None:
        try:
            sqlite = url.startswith("sqlite")
            self.engine: Engine = create_engine(
                url,
                future=True,
                **({"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}} if sqlite else {}),
            )
            if sqlite:
                _serialised_sqlite(self.engine)
            with self.engine.begin() as connection:
                if self.engine.dialect.name == "postgresql":
                    # Held to the end of this transaction: a second run opening the store waits, then finds
                    # the schema made.
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
                self._migrate(connection)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open the results store {_redacted(url)}: {_first_line(exc)}") from exc

    @staticmethod
    def _migrate(connection: Connection) -> None:
        metadata.create_all(connection, tables=[schema_version])
        current = connection.execute(select(schema_version.c.version)).scalar()
        if current is None:
            connection.execute(insert(schema_version).values(version=0))
            current = 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {current}, newer than this citylint's "
                f"({SCHEMA_VERSION}): upgrade citylint"
            )
        for migration in MIGRATIONS[current:]:
            migration(connection)
        connection.execute(update(schema_version).values(version=SCHEMA_VERSION))

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the results store: {_first_line(exc)}") from exc

    def start_run(self, catalog: str, version: str, profile: str | None, inputs: int) -> int:
        with self._write() as connection:
            # Runs of this catalogue whose client died (killed, or its store lost) are marked as such, not
            # left "running" for ever: their heartbeat stopped.
            stale = _now() - dt.timedelta(seconds=stale_after_seconds())
            connection.execute(
                update(runs)
                .where(runs.c.catalog == catalog, runs.c.status == "running", runs.c.heartbeat_at < stale)
                .values(
                    status="interrupted",
                    interrupted_reason="the run stopped without a word (killed, or its store "
                    "was lost); its results so far are kept",
                )
            )
            row = connection.execute(
                insert(runs)
                .values(
                    started_at=_now(),
                    catalog=catalog,
                    citylint_version=version,
                    profile=profile,
                    inputs=inputs,
                    validated=0,
                    skipped=0,
                    failed=0,
                    status="running",
                    heartbeat_at=_now(),
                )
                .returning(runs.c.id)
            )
            return int(row.scalar_one())

    def progress_run(self, run_id: int, validated: int, skipped: int, failed: int) -> None:
        """The run's counters so far, and its heartbeat: what the row says if the run never finishes."""
        with self._write() as connection:
            connection.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(validated=validated, skipped=skipped, failed=failed, heartbeat_at=_now())
            )

    def finish_run(
        self, run_id: int, validated: int, skipped: int, failed: int, *, interrupted: str | None = None
    ) -> None:
        with self._write() as connection:
            connection.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    validated=validated,
                    skipped=skipped,
                    failed=failed,
                    heartbeat_at=_now(),
                    status="interrupted" if interrupted else "finished",
                    interrupted_reason=interrupted,
                )
            )
            connection.execute(delete(reservations).where(reservations.c.run_id == run_id))

    def reserve(self, run_id: int, dataset_id: str, profile: str, version: str) -> int | None:
        """Reserve an input for this run; the id of the live run holding it instead, None when reserved. A
        reservation of a run that is no longer live (finished, interrupted, or silent for STALE_AFTER_SECONDS)
        is taken over."""
        key = (
            reservations.c.dataset_id == dataset_id,
            reservations.c.profile == profile,
            reservations.c.citylint_version == version,
        )
        with self._write() as connection:
            holder = connection.execute(
                select(reservations.c.run_id, runs.c.status, runs.c.heartbeat_at)
                .join(runs, runs.c.id == reservations.c.run_id)
                .where(*key)
            ).first()
            if holder is not None:
                beat = holder.heartbeat_at
                if beat is not None and beat.tzinfo is None:
                    beat = beat.replace(tzinfo=dt.UTC)  # SQLite gives naive datetimes back
                live = (
                    holder.status == "running"
                    and beat is not None
                    and beat > _now() - dt.timedelta(seconds=stale_after_seconds())
                )
                if live and holder.run_id != run_id:
                    return int(holder.run_id)
                connection.execute(delete(reservations).where(*key))
            connection.execute(
                insert(reservations).values(
                    dataset_id=dataset_id,
                    profile=profile,
                    citylint_version=version,
                    run_id=run_id,
                    reserved_at=_now(),
                )
            )
        return None

    def runs_of(self, catalog: str) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [
                dict(r._mapping)
                for r in connection.execute(select(runs).where(runs.c.catalog == catalog).order_by(runs.c.id))
            ]

    def already_validated(self, dataset_id: str, content_hash: str, profile: str, version: str) -> bool:
        return self.stored_verdict(dataset_id, content_hash, profile, version) is not None

    def stored_verdict(self, dataset_id: str, content_hash: str, profile: str, version: str) -> str | None:
        """The verdict of the latest validation of this content with this profile and version, None if there
        is none: a skipped input still counts in the run's exit code with the verdict it was given."""
        query = (
            select(results.c.verdict)
            .where(
                results.c.dataset_id == dataset_id,
                results.c.content_hash == content_hash,
                results.c.profile == profile,
                results.c.citylint_version == version,
                results.c.status == "validated",
            )
            .order_by(results.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else str(row.verdict)

    def add_result(self, run_id: int, record: ResultRecord) -> None:
        self.add_results(run_id, [record])

    def add_results(self, run_id: int, records: list[ResultRecord]) -> None:
        """Several results in one transaction (a catalogue's refused entries: one commit, not one each)."""
        with self._write() as connection:
            # Results without codes (refused or missing entries: 10,000 rows of a hostile catalogue) in one
            # executemany of one compiled statement: built one by one, each cost ~4 ms of SQLAlchemy.
            plain = [_row(run_id, record) for record in records if not record.codes]
            if plain:
                connection.execute(insert(results), plain)
            for record in records:
                if record.codes:
                    self._insert(connection, run_id, record)

    def _insert(self, connection: Connection, run_id: int, record: ResultRecord) -> None:
        inserted = connection.execute(insert(results).values(**_row(run_id, record)).returning(results.c.id))
        result_id = int(inserted.scalar_one())
        if record.codes:
            connection.execute(
                insert(result_codes),
                [
                    {"result_id": result_id, "code": code, "severity": severity, "total": total}
                    for code, severity, total in record.codes
                ],
            )

    def history(self, dataset_id: str | None = None) -> list[dict[str, Any]]:
        """Every result, oldest first, each with its codes (``{code: (severity, total)}``)."""
        query = select(results).order_by(results.c.dataset_id, results.c.validated_at, results.c.id)
        if dataset_id is not None:
            query = query.where(results.c.dataset_id == dataset_id)
        try:  # a tampered store (wrong types, bad JSON, unparsable dates) is one line, exit 2
            return self._history(query)
        except (SQLAlchemyError, ValueError, TypeError, KeyError, RecursionError, OverflowError) as exc:
            raise StoreError(f"the results store is malformed: {visible(_first_line(exc))[:200]}") from None

    def _history(self, query: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows: list[dict[str, Any]] = [dict(r._mapping) for r in connection.execute(query)]
            ids = [r["id"] for r in rows]
            codes: dict[int, dict[str, tuple[str, int]]] = {i: {} for i in ids}
            if ids:
                for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                    query_codes = select(result_codes).where(result_codes.c.result_id.in_(chunk))
                    for code_row in connection.execute(query_codes):
                        codes[code_row.result_id][code_row.code] = (code_row.severity, code_row.total)
        for row in rows:
            row["codes"] = codes[row["id"]]
            row["system_errors_list"] = _json_of(row["system_errors"], list, 64 * 1024)
            _json_of(row["lockin"], dict, 64 * 1024)
            for name, kind in _ROW_TYPES.items():
                if row.get(name) is not None and not isinstance(row[name], kind):
                    raise TypeError(f"result {row['id']}: {name} is not {kind.__name__}")
            for code, (severity, total) in row["codes"].items():
                if not isinstance(code, str) or not isinstance(severity, str) or not isinstance(total, int):
                    raise TypeError(f"result {row['id']}: codes are not (code, severity, total)")
        return rows


_ROW_TYPES: dict[str, type] = {
    "run_id": int,
    "dataset_id": str,
    "status": str,
    "verdict": str,
    "errors": int,
    "warnings": int,
    "infos": int,
    "content_hash": str,
    "profile": str,
    "citylint_version": str,
}


def _json_of(text: Any, kind: type, max_chars: int) -> Any:
    """A JSON column of the store: text of at most ``max_chars``, nested at most 64 levels, of type
    ``kind``."""
    if text is None or text == "":
        return kind()
    if not isinstance(text, str) or len(text) > max_chars:
        raise TypeError("a JSON column is not text or is too long")
    value = json.loads(text)
    if not isinstance(value, kind) or ownformats.depth(value) > ownformats.MAX_DEPTH:
        raise TypeError(f"a JSON column is not a {kind.__name__}")
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        raise TypeError("system errors are not text")
    return value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return url


def _row(run_id: int, record: ResultRecord) -> dict[str, Any]:
    """One row of the ``results`` table for ``record``."""
    return {
        "run_id": run_id,
        "dataset_id": record.dataset_id,
        "input": record.input,
        "content_hash": record.content_hash,
        "profile": record.profile,
        "citylint_version": record.citylint_version,
        "status": record.status,
        "verdict": record.verdict,
        "errors": record.counts.get("ERROR", 0),
        "warnings": record.counts.get("WARNING", 0),
        "infos": record.counts.get("INFO", 0),
        "verdicts": json.dumps(record.verdicts),
        "lockin": json.dumps(record.lockin),
        "system_errors": json.dumps(record.system_errors),
        "report_dir": record.report_dir,
        "seconds": record.seconds,
        "validated_at": _now(),
    }
