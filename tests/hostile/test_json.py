"""Hostile JSON documents, schemas and GBFS feeds, each run through the real CLI in a fresh process: findings
or a one-line exit 2, never a traceback, a hang, a download or a file read outside the input's folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import Outcome, assert_handled, run_citylint

pytestmark = pytest.mark.hostile

PROFILE = "name: t\ntitle: t\nextends: [json-schema]\nvalidators:\n  jsonschema:\n    schema: schema.json\n"


def _check(tmp_path: Path, data: bytes, schema: object = None) -> Outcome:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.json").write_bytes(data)
    (folder / "schema.json").write_text(json.dumps({} if schema is None else schema))
    (folder / "profile.yaml").write_text(PROFILE)
    return run_citylint(
        tmp_path / "run", str(folder / "data.json"), "--profile", str(folder / "profile.yaml")
    )


@pytest.mark.parametrize(
    "data",
    [b"[" * 200_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, b"[" * 900 + b"]" * 900],
    ids=["unclosed arrays", "closed objects", "under the recursion limit"],
)
def test_deep_nesting_is_a_finding(data: bytes, tmp_path: Path) -> None:
    outcome = _check(tmp_path, data, {"items": {"$ref": "#"}})  # a recursive schema: would recurse per level
    assert_handled(outcome, exit_codes={1})
    assert outcome.codes() == {"json_too_deep": 1}


@pytest.mark.parametrize(
    "number", [b"1" * 100_000, b"1e999999", b"-1e400", b"123456789012345678901234567890"]
)
def test_huge_numbers_are_findings(number: bytes, tmp_path: Path) -> None:
    outcome = _check(tmp_path, b'{"n": ' + number + b"}", {"properties": {"n": {"type": "number"}}})
    assert_handled(outcome, exit_codes={0})
    assert outcome.codes() == {"json_number_out_of_range": 1}
    sample = outcome.report["notices"][0]["sampleNotices"][0] if outcome.report else {}
    assert sample["jsonPointer"] == "/n" and len(sample["number"]) < 80  # quoted short, not 100,000 digits


def test_nan_and_infinity_are_syntax_errors_with_their_pointer(tmp_path: Path) -> None:
    outcome = _check(tmp_path, b'{"a": [1, NaN, Infinity, -Infinity]}')
    assert_handled(outcome, exit_codes={1})
    assert outcome.codes() == {"json_syntax_error": 3}


def test_many_duplicate_keys(tmp_path: Path) -> None:
    data = b"{" + b",".join(b'"k": %d' % i for i in range(20_000)) + b', "other": 1}'
    outcome = _check(
        tmp_path, data, {"properties": {"k": {"const": 19_999}}}
    )  # the last value is the one kept
    assert_handled(outcome, exit_codes={0})
    assert outcome.codes() == {"json_duplicate_key": 1}
    sample = outcome.report["notices"][0]["sampleNotices"][0] if outcome.report else {}
    assert (sample["key"], sample["count"]) == ("k", 20_000)


@pytest.mark.parametrize(
    ("data", "offset"),
    [(b'{"name": "caf\xe9"}', 13), (b"\xff\xfe{\x00}\x00", 0), (b'{"a": "\xed\xa0\x80"}', 7)],
    ids=["latin-1 byte", "utf-16 with bom", "encoded surrogate"],
)
def test_invalid_utf8_is_a_finding_with_its_position(data: bytes, offset: int, tmp_path: Path) -> None:
    outcome = _check(tmp_path, data)
    assert_handled(outcome, exit_codes={1})
    assert outcome.codes() == {"json_invalid_utf8": 1}
    sample = outcome.report["notices"][0]["sampleNotices"][0] if outcome.report else {}
    assert sample["byteOffset"] == offset


@pytest.mark.parametrize(
    ("schema", "says"),
    [
        ({"properties": {"a": {"$ref": "https://example.invalid/schema.json"}}}, "does not fetch schemas"),
        ({"properties": {"a": {"$ref": "file:///etc/passwd"}}}, "names no file in the schema's folder"),
        ({"$ref": "#"}, "loops back on itself"),
        (
            {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
            "loops back on itself",
        ),
    ],
    ids=["remote", "absolute file", "self", "mutual"],
)
def test_remote_and_recursive_refs_are_exit_2(schema: object, says: str, tmp_path: Path) -> None:
    outcome = _check(tmp_path, b'{"a": 1}', schema)
    assert_handled(outcome, exit_codes={2})
    assert says in outcome.stderr
    assert outcome.seconds < 20  # no download attempt, no endless loop


def test_dollar_schema_naming_a_system_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.json").write_text(json.dumps({"$schema": "../../../../../../etc/passwd"}))
    outcome = run_citylint(tmp_path / "run", str(folder / "data.json"))
    assert_handled(outcome, exit_codes={2})
    assert "outside the document's folder" in outcome.stderr
    assert "root:" not in outcome.stderr + outcome.stdout


def test_gbfs_feed_of_broken_json_files(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "gbfs.json").write_bytes(b"[" * 100_000)
    (folder / "system_information.json").write_bytes(b'{"data": \xff}')
    (folder / "station_status.json").write_bytes(b'{"data": {"stations": [}')
    outcome = run_citylint(tmp_path / "run", str(folder))
    assert_handled(outcome, exit_codes={1})
    codes = outcome.codes()
    assert codes.get("json_too_deep") == 1 and codes.get("json_invalid_utf8") == 1
    assert codes.get("json_syntax_error") == 1
