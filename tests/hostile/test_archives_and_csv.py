"""Hostile GTFS archives, folders and CSV files: each answered by a finding or by exit 2 with one clear
line."""

from __future__ import annotations

import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.builders import (
    encrypted_zip,
    feed_folder,
    feed_zip,
    nested_zip,
    symlink_zip,
    tampered_zip,
    write_zip,
    zip_bomb,
)
from tests.hostile.harness import assert_handled, base_members, run_citylint

pytestmark = pytest.mark.hostile

STOPS = base_members()["stops.txt"]


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    exit_code: int
    codes: dict[str, int | None] = field(default_factory=dict)  # expected codes (None: any positive total)
    stderr: str = ""  # expected in the one-line reason when exit_code is 2


def _truncated(folder: Path) -> Path:
    path = feed_zip(folder / "feed.zip")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _corrupt(folder: Path) -> Path:
    path = folder / "feed.zip"
    path.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(5000))
    return path


def _symlinked_folder(folder: Path) -> Path:
    feed = feed_folder(folder / "feed")
    (feed / "stops.txt").unlink()
    os.symlink("/etc/passwd", feed / "stops.txt")
    return feed


def _long_line(folder: Path) -> Path:
    # A folder, not a zip: 100 MB of one repeated byte is also a zip bomb, a case of its own.
    return feed_folder(folder / "feed", stops_txt=STOPS + b"S9,," + b"x" * 100_000_000 + b",48.1,2.1,0,,1\n")


def _many_members(folder: Path) -> Path:
    return write_zip(
        folder / "feed.zip",
        {**base_members(), **{f"extra/{i}.txt": b"a\n" for i in range(30_000)}, "extra.txt": b"a\n"},
    )


ARCHIVES = {
    "zip bomb (one member expanding 400:1 to 300 MB)": Case(
        lambda f: zip_bomb(f / "feed.zip", 300), 2, stderr="zip bomb"
    ),
    "nested zips five deep": Case(lambda f: nested_zip(f / "feed.zip", 5), 0, {"unknown_file": 1}),
    "member names with ../ and an absolute path": Case(
        lambda f: write_zip(
            f / "feed.zip", {**base_members(), "../../evil.txt": b"x", "/tmp/evil2.txt": b"y"}
        ),
        0,
        {"unsafe_archive_member_name": 2},
    ),
    "zip member that is a symbolic link to /etc/passwd": Case(
        lambda f: symlink_zip(f / "feed.zip", "stops.txt", "/etc/passwd"), 1, {"missing_required_column": 1}
    ),
    "folder file that is a symbolic link out of the folder": Case(
        _symlinked_folder, 2, stderr="symbolic link"
    ),
    "encrypted member": Case(lambda f: encrypted_zip(f / "feed.zip"), 2, stderr="encrypted"),
    "truncated archive": Case(_truncated, 2, stderr="corrupt or unreadable zip"),
    "member with a wrong CRC-32": Case(
        lambda f: tampered_zip(f / "feed.zip", crc=True), 2, stderr="cannot read stops.txt (bad CRC-32"
    ),
    "member longer than its declared size": Case(
        lambda f: tampered_zip(f / "feed.zip", size=True),
        2,
        stderr="cannot read stops.txt (bad CRC-32 or size",
    ),
    "member whose local header names another file": Case(
        lambda f: tampered_zip(f / "feed.zip", local_name=b"stopz.txt"),
        2,
        stderr="cannot read stops.txt (file name",
    ),
    "corrupt archive after a zip signature": Case(_corrupt, 2, stderr="zip"),
    "zip64 archive": Case(lambda f: write_zip(f / "feed.zip", base_members(), force_zip64=True), 0),
    "thirty thousand members": Case(_many_members, 0, {"unknown_file": 1}),
    "duplicate member names": Case(
        lambda f: write_zip(f / "feed.zip", [*base_members().items(), ("stops.txt", STOPS)]),
        1,
        {"duplicate_archive_member": 1},
    ),
    "empty zip": Case(lambda f: write_zip(f / "feed.zip", {}), 2, stderr="holds no GTFS file"),
    "a path that does not exist": Case(lambda f: f / "nowhere.zip", 2, stderr="no such file"),
}

CSV = {
    "UTF-8 byte order mark": Case(lambda f: feed_zip(f / "feed.zip", stops_txt=b"\xef\xbb\xbf" + STOPS), 0),
    "UTF-16 file": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.decode().encode("utf-16")),
        1,
        {"missing_required_column": 1},
    ),
    "Latin-1 file": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.decode().encode("latin-1")),
        1,
        {"invalid_character": 1},
    ),
    "CR-only line ends": Case(lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.replace(b"\n", b"\r")), 0),
    "mixed line ends": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.replace(b"\n", b"\r\n", 2)), 0
    ),
    "NUL bytes in a value": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.replace(b"Place", b"Pl\0ace")), 0
    ),
    "a single 100 MB line": Case(_long_line, 1, {"csv_parsing_failed": 1}),
    "unbalanced quote": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.replace(b"Porte de", b'"Porte de')),
        1,
        {"invalid_row_length": 1},
    ),
    "100,000-column header": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=b",".join(b"c%d" % i for i in range(100_000)) + b"\n"),
        1,
        {"csv_parsing_failed": 1},
    ),
    "duplicate header": Case(
        lambda f: feed_zip(f / "feed.zip", stops_txt=STOPS.replace(b"stop_code", b"stop_name")),
        1,
        {"duplicated_column": 1},
    ),
    "empty file": Case(lambda f: feed_zip(f / "feed.zip", stops_txt=b""), 1, {"empty_file": 1}),
    **{
        f"binary garbage (seed {seed})": Case(
            lambda f, seed=seed: feed_zip(f / "feed.zip", stops_txt=random.Random(seed).randbytes(200_000)),
            1,
            {"missing_required_column": 1},
        )
        for seed in (1, 2, 3)
    },
}


def _check(case: Case, tmp_path: Path) -> None:
    target = case.build(tmp_path)
    outcome = run_citylint(tmp_path / "run", str(target))
    assert_handled(outcome, exit_codes={case.exit_code})
    if case.exit_code == 2:
        assert case.stderr in outcome.stderr, outcome.stderr
        return
    assert outcome.exit_code == case.exit_code, (outcome.exit_code, outcome.codes())
    found = outcome.codes()
    for code, total in case.codes.items():
        assert code in found, found
        assert total is None or found[code] == total, found
    assert "root:" not in outcome.stdout + outcome.stderr + str(outcome.report), (
        "a file outside the feed was read"
    )


@pytest.mark.parametrize("name", ARCHIVES)
def test_hostile_archive(name: str, tmp_path: Path) -> None:
    _check(ARCHIVES[name], tmp_path)


@pytest.mark.parametrize("name", CSV)
def test_hostile_csv(name: str, tmp_path: Path) -> None:
    _check(CSV[name], tmp_path)


def test_zip_member_names_climbing_out_are_never_written(tmp_path: Path) -> None:
    target = write_zip(tmp_path / "feed.zip", {**base_members(), "../escaped.txt": b"x"})
    run_citylint(tmp_path / "run", str(target))
    assert not (tmp_path / "escaped.txt").exists()
    assert zipfile.is_zipfile(target)
