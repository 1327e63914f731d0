"""A GTFS feed on disk, zip or folder: lists its members and reads their bytes, nothing more."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from citylint.validators.base import InputError

# Decompressed size beyond which a member is refused instead of read into memory (a zip bomb is not a feed).
MAX_MEMBER_BYTES = 4 * 1024**3


@dataclass
class FeedArchive:
    path: Path
    members: list[str]  # paths inside the feed, "/"-separated, files only

    @classmethod
    def open(cls, path: Path) -> FeedArchive:
        if path.is_dir():
            members = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
            return cls(path, members)
        try:
            with zipfile.ZipFile(path) as archive:
                members = [i.filename for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(f"{path}: corrupt or unreadable zip archive ({exc})") from exc
        return cls(path, members)

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
                if target.stat().st_size > MAX_MEMBER_BYTES:
                    raise InputError(f"{self.path}: {member} is larger than {MAX_MEMBER_BYTES} bytes")
                return target.read_bytes()
            with zipfile.ZipFile(self.path) as archive:
                info = archive.getinfo(member)
                if info.file_size > MAX_MEMBER_BYTES:
                    raise InputError(f"{self.path}: {member} expands to more than {MAX_MEMBER_BYTES} bytes")
                return archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
            raise InputError(f"{self.path}: cannot read {member} ({exc})") from exc
