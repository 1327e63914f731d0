"""A GTFS feed on disk, zip or folder: lists its members and reads their bytes, nothing more."""

from __future__ import annotations

import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from citylint.validators.base import InputError

_deflate: ModuleType  # zlib's API: ISA-L's when installed (faster), else zlib itself
try:
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - isal is a dependency; this is the fallback where it cannot install
    _deflate = zlib

# What Python's zipfile raises on a damaged archive: besides BadZipFile, an unsupported version or method
# (NotImplementedError, a RuntimeError), encryption (RuntimeError), a bad name (UnicodeDecodeError, a
# ValueError), truncated headers (struct.error, EOFError) and corrupt deflate data (zlib.error).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    RuntimeError,
    ValueError,
    EOFError,
    zlib.error,
    struct.error,
    _deflate.error,
)

# Decompressed size beyond which a member is refused instead of read into memory (a zip bomb is not a feed).
MAX_MEMBER_BYTES = 4 * 1024**3
# Real feeds compress 3:1 to 25:1 (the shared corpus and the NYC feeds); deflate cannot pass ~1,032:1. A big
# member far beyond real ratios is one repeated pattern made to exhaust memory, not data.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 32 * 1024**2
ENCRYPTED = (
    0x1  # general purpose flag bit 0 (PKWARE APPNOTE 4.4.4): zipfile's own read says it is unsupported
)
UTF8_NAME = 0x800  # flag bit 11: the name is UTF-8, else code page 437
LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (version ... sizes), name length, extra field length


def _seek_data(fp: BinaryIO, info: zipfile.ZipInfo) -> None:
    """Position ``fp`` at the member's compressed data, checking its local header as zipfile does."""
    fp.seek(info.header_offset)
    signature, name_length, extra_length = LOCAL_HEADER.unpack(fp.read(LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local file header for {info.filename}")
    name = fp.read(name_length).decode("utf-8" if info.flag_bits & UTF8_NAME else "cp437")
    if name != info.orig_filename:
        raise zipfile.BadZipFile(f"file name in directory {info.orig_filename!r} and header {name!r} differ")
    fp.seek(extra_length, 1)


def _file_pieces(path: Path, piece_bytes: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while piece := fh.read(piece_bytes):
            yield piece


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A deflated member's bytes, as ``archive.read`` gives them (same checks: local header, name, size, CRC)
    but inflated by ISA-L when it is installed: 2-2.5x faster than zlib, which matters on a big
    stop_times.txt (155 MB: 0.30 s with zipfile, 0.12 s here)."""
    assert archive.fp is not None
    _seek_data(archive.fp, info)  # type: ignore[arg-type]
    compressed = archive.fp.read(info.compress_size)
    # max_length: a member that inflates beyond its declared size is cut there, then refused below.
    data: bytes = _deflate.decompressobj(-15).decompress(compressed, info.file_size)
    if len(data) != info.file_size or _deflate.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 or size for {info.filename}")
    return data


@dataclass
class FeedArchive:
    path: Path
    members: list[str]  # paths inside the feed, "/"-separated, files only
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    # The zip, opened once: its central directory is parsed once, not again for every member read (an archive
    # of 100,000 names made each read cost a second). Closed when the archive object goes.
    opened: zipfile.ZipFile | None = field(default=None, repr=False, compare=False)
    lock: threading.Lock = field(
        default_factory=threading.Lock, repr=False, compare=False
    )  # one reader at a time

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        max_member_bytes: int = MAX_MEMBER_BYTES,
        max_compression_ratio: float = MAX_COMPRESSION_RATIO,
    ) -> FeedArchive:
        if path.is_dir():
            root = path.resolve()
            found = [p for p in path.rglob("*") if p.is_file()]
            for member in found:
                # A link out of the feed's folder would make citylint read (and quote in its report) a file
                # the user never meant to submit.
                if member.is_symlink() and not member.resolve().is_relative_to(root):
                    raise InputError(
                        f"{path}: {member.relative_to(path).as_posix()} is a symbolic link to a file "
                        "outside the feed folder; citylint does not follow it"
                    )
            return cls(
                path,
                sorted(p.relative_to(path).as_posix() for p in found),
                max_member_bytes,
                max_compression_ratio,
            )
        try:
            archive = zipfile.ZipFile(path)
            members = [i.filename for i in archive.infolist() if not i.is_dir()]
        except ZIP_ERRORS as exc:
            raise InputError(f"{path}: corrupt or unreadable zip archive ({exc})") from exc
        return cls(path, members, max_member_bytes, max_compression_ratio, archive)

    @property
    def is_zip(self) -> bool:
        return not self.path.is_dir()

    @property
    def top_level(self) -> list[str]:
        return [m for m in self.members if "/" not in m]

    @property
    def nested(self) -> list[str]:
        return [m for m in self.members if "/" in m]

    def read(self, member: str) -> bytes:
        try:
            if self.path.is_dir():
                target = self.path / member
                if target.stat().st_size > self.max_member_bytes:
                    raise InputError(
                        f"{self.path}: {member} is larger than {self.max_member_bytes:,} bytes "
                        "(gtfs parameter max_member_bytes)"
                    )
                return target.read_bytes()
            with self.lock:  # the one open zip's file position is shared: reads take turns
                return self._read_member(member)
        except ZIP_ERRORS as exc:
            raise InputError(f"{self.path}: cannot read {member} ({exc})") from exc

    def size(self, member: str) -> int:
        """The member's size in bytes once inflated (as its zip directory declares it)."""
        if self.path.is_dir():
            return (self.path / member).stat().st_size
        if self.opened is None:
            self.opened = zipfile.ZipFile(self.path)
        return self.opened.getinfo(member).file_size

    def pieces(self, member: str, piece_bytes: int) -> Callable[[], Iterator[bytes]] | None:
        """A factory of fresh streams of the member's bytes, ``piece_bytes`` at a time (a big file read in
        passes without being whole in memory: gtfs/stream.py), after the checks ``read`` makes; ``None`` for a
        zip member that is not plainly deflated (``read`` takes it whole). Each stream has its own file
        handle, so it shares no position with ``read``; a zip stream checks size and CRC-32 at its end."""
        try:
            if self.path.is_dir():
                target = self.path / member
                if target.stat().st_size > self.max_member_bytes:
                    return None  # read() says why
                return lambda: _file_pieces(target, piece_bytes)
            with self.lock:
                if self.opened is None:
                    self.opened = zipfile.ZipFile(self.path)
                info = self.opened.getinfo(member)
        except ZIP_ERRORS as exc:
            raise InputError(f"{self.path}: cannot read {member} ({exc})") from exc
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.compress_type != zipfile.ZIP_DEFLATED
            or info.flag_bits & ENCRYPTED
            or info.file_size > self.max_member_bytes
            or (info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > self.max_compression_ratio)
        ):
            return None  # read() reads it, or refuses it with its message
        return lambda: self._inflated_pieces(info, piece_bytes)

    def _inflated_pieces(self, info: zipfile.ZipInfo, piece_bytes: int) -> Iterator[bytes]:
        try:
            with open(self.path, "rb") as fp:
                _seek_data(fp, info)
                inflater = _deflate.decompressobj(-15)
                left, size, crc = info.compress_size, 0, 0
                pending = b""
                while not inflater.eof:
                    if not pending and left:
                        pending = fp.read(min(left, 1 << 20))
                        if not pending:
                            break  # truncated: the size check below says so
                        left -= len(pending)
                    before = len(pending)
                    # max_length: no piece beyond piece_bytes, whatever the ratio (the rest waits in the tail)
                    piece = inflater.decompress(pending, piece_bytes)
                    pending = inflater.unconsumed_tail
                    if not piece and len(pending) == before:
                        break  # no progress (all input read, no output held back): the checks below
                    size += len(piece)
                    if size > info.file_size:
                        break
                    crc = _deflate.crc32(piece, crc)
                    if piece:
                        yield piece
                if size != info.file_size or crc != info.CRC:
                    raise zipfile.BadZipFile(f"bad CRC-32 or size for {info.filename}")
        except ZIP_ERRORS as exc:
            raise InputError(f"{self.path}: cannot read {info.filename} ({exc})") from exc

    def _read_member(self, member: str) -> bytes:
        if self.opened is None:
            self.opened = zipfile.ZipFile(self.path)
        archive = self.opened
        info = archive.getinfo(member)
        if info.file_size > self.max_member_bytes:
            raise InputError(
                f"{self.path}: {member} expands to more than {self.max_member_bytes:,} bytes "
                "(gtfs parameter max_member_bytes)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > self.max_compression_ratio:
            raise InputError(
                f"{self.path}: {member} expands {ratio:,.0f} times (to {info.file_size:,} bytes):"
                f" a zip bomb, not a feed (limit {self.max_compression_ratio:g}:1, gtfs "
                "parameter max_compression_ratio)"
            )
        if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & ENCRYPTED:
            return _inflate(archive, info)
        return archive.read(info)
