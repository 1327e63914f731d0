"""Every fixture case of every family through the real CLI: one runner, one case.json schema
(fixtures/case.schema.json).

A case is ``fixtures/<family>/<code or case>/<bad|good>[_<what>]/`` with a ``case.json`` that says how to
build the input (a base folder with the case's files laid over it and edits, or the case's own files, or
GTFS-Realtime feeds written as protobuf), the extra arguments, and what the report must hold: the exact
notices and totals, the exit code, and for some cases a sample finding's fields and location. A bad case must
expect its folder's rule code, a good case must not.
"""

from __future__ import annotations

import base64
import json
import shutil
import warnings
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from google.protobuf import json_format
from google.transit import gtfs_realtime_pb2

from citylint import standards
from citylint.registry import load_registry
from tests.conftest import FIXTURES, corpus, read_case, rows_without_file, totals

CASE_SCHEMA = FIXTURES / "case.schema.json"
CASES = sorted(path.parent for path in FIXTURES.glob("*/*/*/case.json"))


@cache
def _rules_by_code() -> dict[str, str]:
    return {code: rule.family for code, rule in load_registry().rules.items()}


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def pb(feed: dict[str, Any], header_extensions: list[int] | None = None) -> bytes:
    """A FeedMessage in the protobuf JSON mapping, as the binary a producer publishes."""
    message = json_format.ParseDict(feed, gtfs_realtime_pb2.FeedMessage())
    for number in header_extensions or []:
        message.header.MergeFromString(_varint(number << 3) + _varint(1))  # an unknown varint field
    return message.SerializeToString()  # type: ignore[no-any-return]


def _write_protobuf(spec: dict[str, Any], into: Path) -> None:
    if "snapshots" in spec:
        folder = into / "snapshots"
        folder.mkdir()
        for name, feed in spec["snapshots"].items():
            (folder / name).write_bytes(pb(feed))
        return
    (into / spec.get("name", "feed.pb")).write_bytes(pb(spec["feed"], spec.get("header_extensions")))


def _lay_over(case: Path, spec: dict[str, Any], folder: Path) -> None:
    """The base (if any) with the case's files laid over it, its deletions and edits, in ``folder``."""
    if "base" in spec:
        shutil.copytree(FIXTURES / spec["base"], folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in spec.get("delete", []):
        (folder / name).unlink()
    kept_out = {"case.json", *spec.get("not_in_feed", [])}
    for item in case.iterdir():
        if item.name in kept_out:
            continue
        if item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        else:
            shutil.copyfile(item, folder / item.name)
    for name, payload in spec.get("raw", {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(base64.b64decode(payload))
    for edit in spec.get("replace", []):
        path = folder / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{case}: {edit['old']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], edit.get("count", -1)), encoding="utf-8")
    for name, text in spec.get("files", {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    if "set_version" in spec:
        for path in folder.glob("*.json"):
            document = json.loads(path.read_text(encoding="utf-8"))
            document["version"] = spec["set_version"]
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    if "protobuf" in spec:
        _write_protobuf(spec["protobuf"], folder)


def _zip(folder: Path, entries: list[dict[str, str]], archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate entry names are what some cases are made of
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
        for entry in entries:  # names a folder cannot hold: "../x", duplicates
            zf.writestr(entry["name"], entry["text"])
    return archive


def build_case(case: Path, into: Path, spec: dict[str, Any] | None = None) -> Path:
    """The input a case describes, built under ``into`` (a case of its own files only is used in place)."""
    spec = read_case(case) if spec is None else spec
    builds = {"base", "delete", "raw", "replace", "files", "set_version", "protobuf", "zip"}
    if not builds & set(spec):
        return case / spec.get("input", ".")
    folder = into / "case"
    _lay_over(case, spec, folder)
    if spec.get("zip"):
        return _zip(folder, spec.get("zip_entries", []), into / "case.zip")
    return folder / spec.get("input", ".")


def case_args(case: Path, spec: dict[str, Any]) -> list[str]:
    """Extra CLI arguments of a case: ``{case}`` stands for the case folder, ``{fixtures}`` for fixtures/."""
    return [
        arg.replace("{case}", str(case)).replace("{fixtures}", str(FIXTURES)) for arg in spec.get("args", [])
    ]


def _sample(report: dict[str, Any], code: str) -> dict[str, Any]:
    return next(n for n in report["notices"] if n["code"] == code)["sampleNotices"][0]  # type: ignore[no-any-return]


def assert_outcome(case: Path, spec: dict[str, Any], code: int, report: dict[str, Any], err: str) -> None:
    """The run gives exactly what case.json expects."""
    assert "Traceback" not in err
    assert report, err
    assert report["systemErrors"] == [], err
    if case.relative_to(FIXTURES).parts[0] == "gtfs":  # a GTFS finding with a row names its file (issue 20)
        assert rows_without_file(report) == []
    found = totals(report)
    if "notices_family" in spec:
        family = spec["notices_family"]
        found = {c: n for c, n in found.items() if _rules_by_code().get(c) == family}
    assert found == spec["notices"], spec["description"]
    expected_exit = spec["exit"] if isinstance(spec["exit"], list) else [spec["exit"]]
    assert code in expected_exit, err
    if "input_kind" in spec:
        assert report["summary"]["inputKind"] == spec["input_kind"]
    if "sample" in spec:
        expected = spec["sample"]
        sample = _sample(report, expected["code"])
        location = sample["citylint"]["location"]
        for key, value in expected.get("fields", {}).items():
            assert sample[key] == value, key
        for key, text in expected.get("contains", {}).items():
            assert text in sample[key], key
        for key, value in expected.get("location", {}).items():
            assert location.get(key) == value, key
        for key in expected.get("location_has", []):
            assert location.get(key), f"the finding's location has no {key}"
    rule_code = case.parent.name
    if rule_code in _rules_by_code():
        if case.name.startswith("bad"):  # bad, or a further bad case (bad_<what>)
            assert rule_code in spec["notices"], "a bad case must expect its own code"
        else:
            assert rule_code not in spec["notices"], "a good case must not expect its own code"


@pytest.fixture
def case_environment(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[None]:
    """The standards cache a case sees: ../shared/data read in place, or an empty one; never the user's."""
    case: Path = request.node.callspec.params["case"]
    if read_case(case).get("standards") == "shared":
        monkeypatch.setenv(standards.ENV_DIR, str(corpus("data")))
    else:
        monkeypatch.setenv(standards.ENV_DIR, str(tmp_path / "no-standards"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    yield


def _param(case: Path) -> Any:
    marks = [pytest.mark.corpus] if read_case(case).get("standards") == "shared" else []
    return pytest.param(case, marks=marks, id=case.relative_to(FIXTURES).as_posix())


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: Path, tmp_path: Path, check_json, case_environment: None) -> None:  # type: ignore[no-untyped-def]
    spec = read_case(case)
    code, report, err = check_json(build_case(case, tmp_path, spec), *case_args(case, spec))
    assert_outcome(case, spec, code, report, err)


def test_every_case_json_fits_the_schema() -> None:
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert len(CASES) > 800
    for case in CASES:
        errors = [e.message for e in validator.iter_errors(read_case(case))]
        assert errors == [], f"{case.relative_to(FIXTURES)}: {errors}"
    stray = [
        p for p in FIXTURES.rglob("case.json") if p.parent not in CASES and p.parent.parent.name != "owl"
    ]
    assert stray == [], "case.json files outside fixtures/<family>/<folder>/<case>/"
