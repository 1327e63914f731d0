"""Zip members are read by citylint's own inflate (ISA-L, or zlib where isal is missing): the same bytes as
Python's zipfile gives, for every member of a real feed."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest

from citylint.validators.gtfs import archive
from citylint.validators.gtfs.archive import FeedArchive

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gb-newport-2023-06-13.zip"


@pytest.mark.parametrize("inflater", ["isal", "zlib"])
def test_members_read_as_zipfile_reads_them(inflater: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if inflater == "zlib":
        monkeypatch.setattr(archive, "_deflate", zlib)
    else:
        assert archive._deflate.__name__ == "isal.isal_zlib"  # the dependency is installed and used
    feed = FeedArchive.open(EXAMPLE)
    with zipfile.ZipFile(EXAMPLE) as reference:
        deflated = [i.filename for i in reference.infolist() if i.compress_type == zipfile.ZIP_DEFLATED]
        assert deflated
        for member in deflated:
            assert feed.read(member) == reference.read(member), member
