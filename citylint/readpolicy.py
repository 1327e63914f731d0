"""One read policy for every file citylint opens on the data's or a profile's behalf.

The inputs named on the command line are the user's; every other file is one that the data or a profile names
(a profile's shapes and background vocabularies, a DCAT sidecar beside a feed, a JSON-LD ``@context``, a JSON
Schema ``$ref``, an ``owl:imports`` target, a catalogue entry or download URL). Such a file is read only when:

- after every symbolic link is resolved, it lies inside an allowed root: the folder of an input, the folder of
  a profile, the standards cache, citylint's own package, or a path the user named on the command line;
- it is a regular file (never a device such as ``/dev/zero``, a FIFO or a socket);
- it is no bigger than a cap (``MAX_BYTES`` by default, smaller for JSON-LD contexts).

A refusal is :class:`ReadRefused`, whose message names the file and the rule it broke, never its content: a
message must not quote a file the user did not name (see :func:`withheld`).
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterable
from pathlib import Path

MAX_BYTES = (
    256 * 1024 * 1024
)  # a profile's shapes or vocabulary; SAREF and the EU authority tables are < 40 MB
CONTEXT_MAX_BYTES = 8 * 1024 * 1024  # a JSON-LD context (DCAT-AP's is 20 kB)

_lock = threading.Lock()
_roots: set[Path] = set()
_named: set[Path] = set()


class ReadRefused(Exception):
    """A file the data or a profile names may not be read: outside the allowed roots, not a regular file, or
    too big. The message names the file and the reason, never its content."""


def _real(path: str | Path) -> Path | None:
    try:
        return Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _register(paths: tuple[str | Path, ...], *sets: set[Path]) -> None:
    resolved = [real for real in map(_real, paths) if real is not None]
    with _lock:
        for registry in sets:
            registry.update(resolved)


def allow_root(*paths: str | Path) -> None:
    """Let citylint read files inside ``paths`` (folders, or single files) for the rest of the process."""
    _register(paths, _roots)


def allow_named(*paths: str | Path) -> None:
    """Files the user named on the command line: readable, and their content may be quoted in messages."""
    _register(paths, _roots, _named)


def allow_input(path: str | Path) -> None:
    """An input's folder (the input's own for a folder input, its parent for a file) becomes a root: its
    sidecar metadata and the contexts beside it are readable; the input itself is named by the user."""
    real = _real(path)
    if real is None:
        return
    allow_named(real)
    allow_root(real.parent)


def is_named(path: str | Path) -> bool:
    real = _real(path)
    return real is not None and real in _named


def roots() -> list[Path]:
    """Every allowed root: registered ones, the standards cache folders and the package itself."""
    from citylint import standards  # imported here: the standards module imports nothing of this one

    fixed = [Path(__file__).resolve().parent, standards.user_cache_dir()]
    if os.environ.get(standards.ENV_DIR):
        fixed.append(Path(os.environ[standards.ENV_DIR]))
    with _lock:
        registered = list(_roots)
    return [*registered, *(r for r in (_real(p) for p in fixed) if r is not None)]


def inside(real: Path, folders: Iterable[Path]) -> bool:
    return any(real == folder or real.is_relative_to(folder) for folder in folders)


def check(
    path: str | Path,
    what: str,
    *,
    max_bytes: int | None = MAX_BYTES,
    within: Iterable[Path] | None = None,
    folder: bool = False,
) -> Path:
    """The resolved path of ``path`` if policy lets citylint read it, else :class:`ReadRefused`.

    ``what`` names the role in messages ("shapes file", "JSON-LD context"); ``within`` replaces the allowed
    roots (resolved folders) for a narrower check, such as a sidecar that must sit beside its input.
    ``folder``: a folder is accepted too (a GTFS feed given as a folder); ``max_bytes`` None leaves the size
    to the reader's own limits (the GTFS loader's, for a feed).
    """
    real = _real(path)
    if real is None:
        raise ReadRefused(f"{what} {path}: no such file")
    folders = list(within) if within is not None else roots()
    if not inside(real, folders):
        raise ReadRefused(
            f"{what} {path}: outside the folders citylint may read (the input's folder, the "
            "profile's folder, the standards cache, paths named on the command line)"
        )
    try:
        info = os.stat(real)
    except OSError as exc:
        raise ReadRefused(f"{what} {path}: cannot read: {exc.strerror or exc}") from exc
    if folder and stat.S_ISDIR(info.st_mode):
        return real
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused(f"{what} {path}: not a regular file" + (" nor a folder" if folder else ""))
    if max_bytes is not None and info.st_size > max_bytes:
        raise ReadRefused(
            f"{what} {path}: {info.st_size:,} bytes, more than the {max_bytes:,} citylint reads"
        )
    return real


def read_bytes(
    path: str | Path, what: str, *, max_bytes: int = MAX_BYTES, within: Iterable[Path] | None = None
) -> bytes:
    """The bytes of a file the policy allows; checked again on the open descriptor (a file swapped for a FIFO
    or a link between the check and the open is refused), and never more than ``max_bytes`` read."""
    real = check(path, what, max_bytes=max_bytes, within=within)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise ReadRefused(f"{what} {path}: cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ReadRefused(f"{what} {path}: not a regular file")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadRefused(f"{what} {path}: more than the {max_bytes:,} bytes citylint reads")
    return data


def read_text(
    path: str | Path, what: str, *, max_bytes: int = MAX_BYTES, within: Iterable[Path] | None = None
) -> str:
    data = read_bytes(path, what, max_bytes=max_bytes, within=within)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadRefused(f"{what} {path}: not UTF-8 text (byte {exc.start})") from None


def withheld(path: str | Path, message: str) -> str:
    """``message`` (a parser's complaint, which may quote the file) when the user named ``path``, else a
    fixed text: citylint does not quote files the user did not name."""
    if is_named(path):
        return message
    return (
        "not well-formed (the parser's words are not quoted: "
        "citylint quotes only files named on the command line)"
    )


def reset() -> None:
    """Forget the registered roots (tests; a long-lived process between unrelated runs)."""
    with _lock:
        _roots.clear()
        _named.clear()
