"""The unit of work a Dask worker runs: validate one catalogue entry, write its reports, return its record.

It never raises for a bad input: whatever goes wrong becomes a failed record with the reason, so that one
input cannot end a run of thousands.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from citylint import __version__
from citylint.catalog.sources import CatalogEntry
from citylint.catalog.store import ResultRecord
from citylint.model import Report, Severity
from citylint.output import write_atomically
from citylint.standards import sha256_of

DOWNLOAD_TIMEOUT_SECONDS = 120
EXTENSIONS = {"text": "txt", "markdown": "md", "junit": "xml", "earl": "ttl", "sarif": "sarif"}


@dataclass(frozen=True)
class RunSettings:
    output_dir: str
    formats: tuple[str, ...] = ("json",)
    profile: str | None = None
    date: str | None = None  # ISO date
    max_samples: int = 100
    allow_network: bool = False
    known_hashes: dict[str, list[str]] = field(default_factory=dict)  # dataset id -> hashes already validated


def content_hash(path: Path) -> str:
    """sha256 of a file, or of a folder's relative paths and file contents (sorted), so renames count."""
    digest = hashlib.sha256()
    if path.is_dir():
        # regular files only, links not followed (a link is hashed by its target's name): hashing never reads
        # a device or a FIFO (which would never end) nor a file outside the folder
        for item in sorted(path.rglob("*")):
            if item.is_symlink():
                digest.update(
                    item.relative_to(path).as_posix().encode() + b"\0->" + os.fsencode(os.readlink(item))
                )
            elif stat.S_ISREG(item.lstat().st_mode):
                digest.update(item.relative_to(path).as_posix().encode() + b"\0")
                digest.update(sha256_of(item).encode())
        return digest.hexdigest()
    if not stat.S_ISREG(path.stat().st_mode):
        raise ValueError(f"{path}: not a regular file or folder")
    return sha256_of(path)


def profile_key(entry: CatalogEntry, settings: RunSettings) -> str:
    """The profile a result is stored under (resume matches on it): the one asked for, or "auto" (the default
    profile of the input's kind)."""
    return entry.profile or settings.profile or "auto"


def report_folder(dataset_id: str) -> str:
    """A folder name for the dataset's reports: its id when that is a safe name, else a slug plus a hash."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", dataset_id).strip("-.")[:80] or "dataset"
    if slug == dataset_id:
        return slug
    return f"{slug}-{hashlib.sha256(dataset_id.encode()).hexdigest()[:8]}"


def validate_entry(entry: CatalogEntry, settings: RunSettings) -> dict[str, Any]:
    """Validate one entry; a dict of :class:`ResultRecord` fields plus ``skipped`` (already in the store)."""
    started = time.perf_counter()
    folder = Path(settings.output_dir) / report_folder(entry.id)
    profile_name = profile_key(entry, settings)
    downloaded: Path | None = None
    try:
        _fresh_folder(folder)
        path = Path(entry.path)
        if entry.is_remote:
            if not settings.allow_network:
                return _failed(
                    entry,
                    profile_name,
                    None,
                    "remote input: citylint fetches URLs only with --allow-network",
                    folder,
                    started,
                )
            downloaded = path = _download(entry.path, folder)
        digest = entry.content_hash or (content_hash(path) if path.exists() else None)
        if digest is not None and digest in settings.known_hashes.get(entry.id, []):
            return {"skipped": True, "dataset_id": entry.id, "content_hash": digest}
        report = _check(path, entry, settings)
        _write_reports(report, folder, settings.formats)
        return asdict(_record(entry, profile_name, report, digest, folder, started)) | {"skipped": False}
    except Exception as exc:  # noqa: BLE001 - anything at all: this input fails, the run goes on
        return _failed(entry, profile_name, None, f"{type(exc).__name__}: {exc}", folder, started)
    finally:
        if downloaded is not None:
            downloaded.unlink(missing_ok=True)


def _fresh_folder(folder: Path) -> None:
    """The entry's report folder, made by citylint: an existing link (planted to make citylint write
    elsewhere) or anything but a plain folder is refused, never written through."""
    folder.parent.mkdir(parents=True, exist_ok=True)  # the output folder, which the user named
    try:
        folder.mkdir(mode=0o755)
    except FileExistsError:
        info = folder.lstat()
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise ValueError(
                f"report folder {folder} exists and is not a plain folder (a link?); citylint does "
                "not write through it"
            ) from None


def _check(path: Path, entry: CatalogEntry, settings: RunSettings) -> Report:
    from citylint.engine import check
    from citylint.runoptions import RunOptions

    options = RunOptions(allow_network=settings.allow_network, metadata=entry.metadata or None)
    date = dt.date.fromisoformat(settings.date) if settings.date else None
    (report,) = check(
        [path],
        profile=entry.profile or settings.profile,
        date=date,
        max_samples=settings.max_samples,
        options=options,
    )
    return report


def _download(url: str, folder: Path) -> Path:
    suffix = Path(url.split("?", 1)[0]).suffix or ".zip"
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".download-", suffix=suffix, delete=False) as handle:
        target = Path(handle.name)
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            shutil.copyfileobj(response, handle)
    return target


def _write_reports(report: Report, folder: Path, formats: tuple[str, ...]) -> None:
    from citylint.reports import REPORTERS

    for fmt in formats:
        write_atomically(folder / f"report.{EXTENSIONS.get(fmt, fmt)}", REPORTERS[fmt]([report]))


def _record(
    entry: CatalogEntry, profile: str, report: Report, digest: str | None, folder: Path, started: float
) -> ResultRecord:
    counts = report.counts()
    worst = report.worst()
    if report.system_errors:
        verdict = "could_not_validate"
    else:
        verdict = "not_conformant" if worst is Severity.ERROR else "conformant"
    lockin: dict[str, int] = {}
    for origin in report.lockin:
        lockin[origin.origin] = lockin.get(origin.origin, 0) + origin.findings
    return ResultRecord(
        dataset_id=entry.id,
        input=entry.path,
        content_hash=digest,
        profile=profile,
        citylint_version=__version__,
        status="failed" if report.system_errors else "validated",
        verdict=verdict,
        counts={s.value: n for s, n in counts.items()},
        codes=[(n.rule.code, n.severity.value, n.total) for n in report.sorted_notices() if n.total],
        verdicts=[{"scheme": v.scheme, "passed": v.passed, "headline": v.headline} for v in report.verdicts],
        lockin=lockin,
        system_errors=[e.message for e in report.system_errors],
        report_dir=str(folder),
        seconds=round(time.perf_counter() - started, 3),
    )


def _failed(
    entry: CatalogEntry, profile: str, digest: str | None, reason: str, folder: Path, started: float
) -> dict[str, Any]:
    record = ResultRecord(
        dataset_id=entry.id,
        input=entry.path,
        content_hash=digest,
        profile=profile,
        citylint_version=__version__,
        status="failed",
        verdict="could_not_validate",
        system_errors=[reason],
        report_dir=str(folder),
        seconds=round(time.perf_counter() - started, 3),
    )
    return asdict(record) | {"skipped": False}
