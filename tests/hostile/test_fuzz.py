"""Property-based fuzzing of the zip and CSV layers: random and mutated inputs never raise an unhandled
exception.

Every example is validated in-process; an exception inside a validator would surface as the system error
``runtime_exception_in_validator_error`` (a bug: bad data must give findings or an input error instead).
CI runs a bounded, derandomised number of examples; ``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citylint
from citylint.validators.jsonschema.load import load_json
from tests.conftest import FIXTURES, SHARED
from tests.hostile.harness import base_members

pytestmark = pytest.mark.hostile

settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BASE = base_members()
# Bytes that matter to CSV and to GTFS values, so that mutations reach the parser's corners often.
SPECIAL = st.sampled_from(
    [
        b'"',
        b",",
        b"\n",
        b"\r",
        b"\r\n",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff",
        b" ",
        b"\t",
        b"25:61:00",
        b"-1",
        b"1e309",
        b"\xe2\x80\x8b",
        b'""',
        b"\\",
    ]
)


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
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data[at : at + len(piece)] = piece
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
    _validate_folder(
        {**BASE, "stop_times.txt": BASE["stop_times.txt"] + text.encode("utf-8", "surrogatepass")}
    )


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


RDF_SEEDS = {
    "data.ttl": b'@prefix ex: <http://example.org/> .\nex:a ex:p "x"@fr, 12.5, ex:b ; ex:q ( 1 2 [ ex:r "y" '
    b"] ) .\n",
    "data.rdf": (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        b'<ex:p xml:lang="fr">x</ex:p><ex:q rdf:resource="http://example.org/b"/></rdf:Description>'
        b"</rdf:RDF>\n"
    ),
    "data.jsonld": (
        b'{"@context": {"ex": "http://example.org/", "p": {"@id": "ex:p"}}, "@id": "ex:a", '
        b'"p": [{"@value": "x", "@language": "fr"}, {"@id": "ex:b"}]}\n'
    ),
    "data.nt": b"<http://example.org/a> <http://example.org/p> "
    b'"x"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
}
FUZZ_SHAPES = (
    b"@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
    b"ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .\n"
)


@given(name=st.sampled_from(sorted(RDF_SEEDS)), data=st.data())
def test_mutated_rdf_documents(name: str, data: st.DataObject) -> None:
    document = data.draw(mutated(RDF_SEEDS[name]))
    with tempfile.TemporaryDirectory() as folder:
        path, shapes = Path(folder) / name, Path(folder) / "shapes.ttl"
        path.write_bytes(document)
        shapes.write_bytes(FUZZ_SHAPES)
        (report,) = citylint.check(
            [path],
            date=dt.date(2026, 10, 1),
            max_samples=5,
            options={"shapes": [str(shapes)], "time_limit": 30},
        )
        crashes = [e.message for e in report.system_errors if e.code.startswith("runtime_exception")]
        assert not crashes, crashes


# --- JSON documents and GBFS
# feeds ---------------------------------------------------------------------------

GBFS_BASE = {p.name: p.read_bytes() for p in sorted((FIXTURES / "gbfs" / "_base").glob("*.json"))}
# The corpus mirror holds the official GBFS schemas in the standards cache's mirror layout: with it, mutated
# files reach the schema and cross-file rules; without it they stop at "schemas not installed" (handled too).
MIRROR = SHARED / "data"
JSON_SPECIAL = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b",",
        b":",
        b"\\",
        b"\\u",
        b"\\ud800",
        b"NaN",
        b"-Infinity",
        b"1e999",
        b"9" * 30,
        b"null",
        b"\xff",
        b"\xed\xa0\x80",
        b"\x00",
        b"[" * 300,
        b'"station_id"',
        b'"vehicle_type_id"',
        b'"version": "3.0"',
    ]
)


@st.composite
def json_mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.one_of(JSON_SPECIAL, st.binary(min_size=1, max_size=6)))
        if draw(st.booleans()):
            data[at:at] = piece
        else:
            data[at : at + len(piece)] = piece
    return bytes(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=40,
)


@given(payload=st.binary(max_size=2000))
def test_json_loader_never_raises_on_bytes(payload: bytes) -> None:
    loaded = load_json(payload, "x.json")
    assert loaded.parsed or loaded.problems  # either a value or a reason


@given(value=json_values)
def test_json_loader_reads_back_what_json_writes(value: object) -> None:
    loaded = load_json(json.dumps(value).encode(), "x.json")
    assert loaded.parsed and loaded.value == value
    assert {rule.rule.code for rule, _ in loaded.problems} <= {"json_number_out_of_range"}


@given(name=st.sampled_from(sorted(GBFS_BASE)), data=st.data())
def test_mutated_gbfs_files(name: str, data: st.DataObject) -> None:
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        if MIRROR.is_dir():
            patch.setenv("CITYLINT_STANDARDS_DIR", str(MIRROR))
        for member, content in {**GBFS_BASE, name: data.draw(json_mutated(GBFS_BASE[name]))}.items():
            (Path(folder) / member).write_bytes(content)
        _assert_handled(Path(folder))


@given(value=json_values)
def test_random_json_values_as_gbfs_files(value: object) -> None:
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        if MIRROR.is_dir():
            patch.setenv("CITYLINT_STANDARDS_DIR", str(MIRROR))
        for member, content in GBFS_BASE.items():
            document = json.loads(content)
            if member == "station_status.json":
                document["data"] = value  # any shape where the cross-file rules expect stations
            (Path(folder) / member).write_text(json.dumps(document), encoding="utf-8")
        _assert_handled(Path(folder))
