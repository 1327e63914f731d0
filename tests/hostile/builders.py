"""Builders of hostile inputs, each written by the test into its own folder (nothing large is committed)."""

from __future__ import annotations

import struct
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from tests.hostile.harness import base_members


def write_zip(
    path: Path,
    members: Mapping[str, bytes] | list[tuple[str, bytes]],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    force_zip64: bool = False,
) -> Path:
    items = list(members.items()) if isinstance(members, Mapping) else members
    with zipfile.ZipFile(path, "w", compression=compression) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are what some cases are made of
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compression
            with archive.open(info, "w", force_zip64=force_zip64) as handle:
                handle.write(data)
    return path


def feed_zip(path: Path, **replacements: bytes) -> Path:
    """The fixtures' small valid feed, with some files replaced (keys: file names with '.' as '_')."""
    members = base_members()
    for key, data in replacements.items():
        members[key.replace("_txt", ".txt")] = data
    return write_zip(path, members)


def feed_folder(path: Path, **replacements: bytes) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    members = base_members()
    for key, data in replacements.items():
        members[key.replace("_txt", ".txt")] = data
    for name, data in members.items():
        (path / name).write_bytes(data)
    return path


def symlink_zip(path: Path, name: str, target: str) -> Path:
    """A zip whose member ``name`` is a symbolic link to ``target`` (Unix mode in the external attributes)."""
    members = base_members()
    members.pop(name, None)
    write_zip(path, members)
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o120777 << 16
        info.create_system = 3
        archive.writestr(info, target)
    return path


def encrypted_zip(path: Path) -> Path:
    """A feed whose stops.txt carries the 'encrypted' flag (traditional PKWARE encryption bit)."""
    write_zip(path, base_members(), compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    target = b"stops.txt"
    # Set bit 0 of the general-purpose flags in both the local header and the central directory entry.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            name_length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[
                0
            ]
            if bytes(data[start + name_offset : start + name_offset + name_length]) == target:
                flags = struct.unpack_from("<H", data, start + flag_offset)[0]
                struct.pack_into("<H", data, start + flag_offset, flags | 1)
            start += 4
    path.write_bytes(bytes(data))
    return path


def tampered_zip(
    path: Path, *, crc: bool = False, size: bool = False, local_name: bytes | None = None
) -> Path:
    """A feed whose stops.txt entry lies: a wrong CRC-32 or a declared size smaller than its data (in both
    headers), or another name in its local header than in the central directory."""
    write_zip(path, base_members())
    data = bytearray(path.read_bytes())
    for signature, name_offset, length_offset, crc_offset in (
        (b"PK\x03\x04", 30, 26, 14),
        (b"PK\x01\x02", 46, 28, 16),
    ):
        start = data.find(signature)
        while start != -1:
            name_length = struct.unpack_from("<H", data, start + length_offset)[0]
            if bytes(data[start + name_offset : start + name_offset + name_length]) == b"stops.txt":
                if crc:
                    struct.pack_into(
                        "<I",
                        data,
                        start + crc_offset,
                        struct.unpack_from("<I", data, start + crc_offset)[0] ^ 1,
                    )
                if size:  # uncompressed size follows the CRC and the compressed size
                    struct.pack_into("<I", data, start + crc_offset + 8, 10)
                if local_name is not None and signature == b"PK\x03\x04":
                    data[start + name_offset : start + name_offset + name_length] = local_name
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


def zip_bomb(path: Path, decompressed_mb: int) -> Path:
    """A feed whose stop_times.txt expands from a few hundred kB to ``decompressed_mb`` MB of one repeated
    row."""
    members = base_members()
    header, _, _ = members["stop_times.txt"].partition(b"\n")
    row = b"T1,08:00:00,08:00:00,S1,1,1\n"
    body = header + b"\n" + row * (decompressed_mb * 1024 * 1024 // len(row))
    members["stop_times.txt"] = body
    return write_zip(path, members)


def nested_zip(path: Path, depth: int) -> Path:
    inner = zlib.compress(b"")  # placeholder so the innermost archive is not empty
    data = write_zip(path.with_suffix(".inner.zip"), {"stops.txt": b"stop_id\n" + inner[:0]}).read_bytes()
    for level in range(depth):
        level_path = path.with_suffix(f".{level}.zip")
        data = write_zip(level_path, {"nested.zip": data}).read_bytes()
        level_path.unlink()
    path.with_suffix(".inner.zip").unlink()
    members = base_members()
    members["nested.zip"] = data
    return write_zip(path, members)
