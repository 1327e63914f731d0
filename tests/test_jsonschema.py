"""JSON documents through the real CLI: every json / json_schema rule's fixtures, and how the schema is found
(profile ``schema:``, the document's ``$schema``), local-only ``$ref`` resolution and the profile's folder.

A case is ``fixtures/jsonschema/<code>/{bad,good}/`` with ``data.json``, ``schema.json``, ``profile.yaml``
(extends json-schema, ``schema: schema.json``) and ``case.json`` (expected exit code and the exact notices).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citylint.detect import detect_kind
from citylint.validators.jsonschema import JsonSchemaValidator
from tests.conftest import (
    FIXTURES,
    assert_every_rule_has_cases,
    totals,
)

JSON_FIXTURES = FIXTURES / "jsonschema"
PROFILE = "name: t\ntitle: t\nextends: [json-schema]\nvalidators:\n  jsonschema:\n    schema: {schema}\n"


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert_every_rule_has_cases(JSON_FIXTURES, JsonSchemaValidator.rules)


def _write(folder: Path, **files: object) -> None:
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (folder / name.replace("_json", ".json").replace("_yaml", ".yaml")).write_text(text, encoding="utf-8")


def test_a_schema_error_is_located_by_json_pointer(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(
        tmp_path,
        schema_json={"properties": {"stations": {"items": {"required": ["station_id"]}}}},
        data_json={"stations": [{"station_id": "a"}, {"name": "b/c"}]},
        p_yaml=PROFILE.format(schema="schema.json"),
    )
    code, report, _ = check_json(tmp_path / "data.json", "--profile", str(tmp_path / "p.yaml"))
    assert code == 1
    (sample,) = report["notices"][0]["sampleNotices"]
    assert (sample["jsonPointer"], sample["keyword"], sample["schemaPath"]) == (
        "/stations/1",
        "required",
        "/properties/stations/items/required",
    )


def test_dollar_schema_beside_the_document_is_used(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(
        tmp_path,
        schema_json={"properties": {"ttl": {"type": "integer"}}},
        data_json={"$schema": "schema.json", "ttl": "60"},
    )
    code, report, err = check_json(tmp_path / "data.json")
    assert (code, totals(report)) == (1, {"json_schema_type": 1}), err


def test_a_schema_document_is_checked_against_its_metaschema(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, data_json={"$schema": "http://json-schema.org/draft-07/schema#", "type": "objekt"})
    code, report, err = check_json(tmp_path / "data.json")
    assert code == 1, err
    assert "json_schema_combination" in totals(
        report
    )  # type is "one of the simple types, or an array of them"


@pytest.mark.parametrize(
    "named", ["https://example.org/schemas/feed.json", "../outside.json", "missing.json"]
)
def test_dollar_schema_not_available_locally_is_exit_2(named: str, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    _write(tmp_path, outside_json={"type": "object"})
    _write(folder, data_json={"$schema": named})
    code, _report, err = check_json(folder / "data.json")
    assert code == 2
    assert named in err and "Traceback" not in err


def test_no_schema_at_all_is_exit_2_saying_how_to_give_one(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, data_json={"a": 1})
    code, _, err = check_json(tmp_path / "data.json")
    assert code == 2
    assert "schema: FILE" in err


def test_relative_ref_to_a_schema_beside_it_resolves(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(
        tmp_path,
        common_json={"$defs": {"id": {"type": "string"}}},
        schema_json={"properties": {"id": {"$ref": "common.json#/$defs/id"}}},
        data_json={"id": 7},
        p_yaml=PROFILE.format(schema="schema.json"),
    )
    code, report, err = check_json(tmp_path / "data.json", "--profile", str(tmp_path / "p.yaml"))
    assert (code, totals(report)) == (1, {"json_schema_type": 1}), err


def test_ref_by_id_of_a_sibling_schema_resolves_without_network(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    _write(
        tmp_path,
        common_json={"$id": "https://example.org/common.json", "type": "string"},
        schema_json={"properties": {"id": {"$ref": "https://example.org/common.json"}}},
        data_json={"id": 7},
        p_yaml=PROFILE.format(schema="schema.json"),
    )
    code, report, err = check_json(tmp_path / "data.json", "--profile", str(tmp_path / "p.yaml"))
    assert (code, totals(report)) == (1, {"json_schema_type": 1}), err


@pytest.mark.parametrize(
    ("schema", "says"),
    [
        (
            {"properties": {"a": {"$ref": "https://example.org/remote.json"}}},
            "does not fetch schemas over the network",
        ),
        ({"properties": {"a": {"$ref": "../elsewhere.json"}}}, "names no file in the schema's folder"),
        ({"$ref": "#"}, "loops back on itself"),
        ({"properties": {"a": {"$ref": "#/properties/a"}}}, "loops back on itself"),
        ({"type": "objekt"}, "not a valid JSON Schema"),
    ],
)
def test_unusable_schemas_are_exit_2_with_one_line(
    schema: dict,
    says: str,
    tmp_path: Path,  # type: ignore[type-arg]
    check_json,
) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, schema_json=schema, data_json={"a": 1}, p_yaml=PROFILE.format(schema="schema.json"))
    code, _, err = check_json(tmp_path / "data.json", "--profile", str(tmp_path / "p.yaml"))
    assert code == 2
    assert says in err and "Traceback" not in err


def test_a_profile_schema_outside_its_folder_is_refused(tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "profile"
    folder.mkdir()
    _write(tmp_path, schema_json={}, data_json={})
    _write(folder, p_yaml=PROFILE.format(schema="../schema.json"))
    code, _, err = check_json(tmp_path / "data.json", "--profile", str(folder / "p.yaml"))
    assert code == 2
    assert "outside the profile's folder" in err


@pytest.mark.parametrize(
    ("files", "target", "kind"),
    [
        ({"gbfs.json": "{}", "stops.txt": "stop_id\n"}, ".", "gbfs"),  # GBFS first where both could be meant
        ({"stops.txt": "stop_id\n"}, ".", "gtfs"),
        ({"feed/system_information.json": "{}"}, ".", "gbfs"),
        (
            {"station_status.json": "{}"},
            "station_status.json",
            "gbfs",
        ),  # one GBFS file is a feed of that file
        ({"doc.json": "not even JSON"}, "doc.json", "json"),  # by name: its syntax error is a finding
        ({"doc.data": " \n[1, 2]"}, "doc.data", "json"),  # by content
        (
            {"doc.json": '{"@context": {"ex": "http://example.org/"}, "@id": "ex:a"}'},
            "doc.json",
            "rdf",
        ),  # JSON-LD
    ],
)
def test_input_kind_detection(files: dict[str, str], target: str, kind: str, tmp_path: Path) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert detect_kind(tmp_path / target) == kind
