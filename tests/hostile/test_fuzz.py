"""Property-based fuzzing of the zip and CSV layers: random and mutated inputs never raise an unhandled exception.

Every example is validated in-process; an exception inside a validator would surface as the system error
``runtime_exception_in_validator_error`` (a bug: bad data must give findings or an input error instead).
CI runs a bounded, derandomised number of examples; ``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citylint
from tests.hostile.harness import base_members

pytestmark = pytest.mark.hostile

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BASE = base_members()
# Bytes that matter to CSV and to GTFS values, so that mutations reach the parser's corners often.
SPECIAL = st.sampled_from([b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\xff", b" ", b"\t",
                           b"25:61:00", b"-1", b"1e309", b"\xe2\x80\x8b", b'""', b"\\"])


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(SPECIAL, st.binary(min_size=1, max_size=8)))
        if action == "insert":
            data[at:at] = piece
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        else:
            data[at:at + len(piece)] = piece
    return bytes(data)


def _validate_folder(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        _assert_handled(Path(folder))


def _assert_handled(path: Path) -> None:
    (report,) = citylint.check([path], date=dt.date(2026, 10, 1), max_samples=5)
    crashes = [e.message for e in report.system_errors if e.code.startswith("runtime_exception")]
    assert not crashes, crashes


@given(name=st.sampled_from(sorted(BASE)), data=st.data())
def test_mutated_csv_files(name: str, data: st.DataObject) -> None:
    _validate_folder({**BASE, name: data.draw(mutated(BASE[name]))})


@given(name=st.sampled_from(sorted(BASE)), payload=st.binary(max_size=3000))
def test_random_bytes_as_a_gtfs_file(name: str, payload: bytes) -> None:
    _validate_folder({**BASE, name: payload})


@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_rows_in_stop_times(text: str) -> None:
    _validate_folder({**BASE, "stop_times.txt": BASE["stop_times.txt"] + text.encode("utf-8", "surrogatepass")})


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


VALID_ZIP = _zip(BASE)


@given(data=st.data())
def test_mutated_zip_archives(data: st.DataObject) -> None:
    archive = data.draw(mutated(VALID_ZIP))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.zip"
        path.write_bytes(archive)
        _assert_handled(path)
