"""Every GTFS rule has a case that triggers it and one that does not, run through the real CLI."""

from __future__ import annotations

import base64
import json
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from citylint.registry import load_registry
from tests.conftest import FIXTURES, rows_without_file, totals

GTFS_FIXTURES = FIXTURES / "gtfs"
BASE = GTFS_FIXTURES / "_base"
CASES = sorted(p for p in GTFS_FIXTURES.glob("*/*") if (p / "case.json").is_file())


def build_case(case: Path, into: Path) -> Path:
    """The base feed with the case laid over it, as a folder or a zip."""
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    feed = into / "feed"
    shutil.copytree(BASE, feed)
    for name in spec.get("delete", []):
        (feed / name).unlink()
    kept_out = {"case.json", *spec.get("not_in_feed", [])}
    for item in case.iterdir():
        if item.name in kept_out:
            continue
        target = feed / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(item, target)
    for name, payload in spec.get("raw", {}).items():
        (feed / name).parent.mkdir(parents=True, exist_ok=True)
        (feed / name).write_bytes(base64.b64decode(payload))
    if not spec.get("zip"):
        return feed
    archive = into / "feed.zip"
    with zipfile.ZipFile(archive, "w") as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate entry names are what some cases are made of
        for path in sorted(feed.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(feed).as_posix())
        for entry in spec.get("zip_entries", []):  # names a folder cannot hold: "../x", duplicates
            zf.writestr(entry["name"], entry["text"])
    return archive


def case_args(case: Path, spec: dict[str, Any]) -> list[str]:
    """Extra CLI arguments of a case, ``{case}`` standing for the case folder (e.g. a profile beside it)."""
    return [arg.replace("{case}", str(case)) for arg in spec.get("args", [])]


def test_base_feed_is_clean(check_json) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = check_json(BASE)
    assert code == 0
    assert totals(report) == {}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_case(case: Path, tmp_path: Path, check_json) -> None:  # type: ignore[no-untyped-def]
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    code, report, err = check_json(build_case(case, tmp_path), *case_args(case, spec))
    assert "Traceback" not in err
    assert totals(report) == spec["notices"], spec.get("description")
    assert code == spec["exit"]
    assert rows_without_file(report) == []
    rule_code = case.parent.name
    if case.name.startswith("bad"):  # bad, or a further bad case (bad_<what>)
        assert rule_code in spec["notices"], "a bad case must expect its own code"
    else:
        assert rule_code not in spec["notices"], "a good case must not expect its own code"


def test_every_gtfs_rule_has_a_bad_and_a_good_case() -> None:
    codes = {r.code for r in load_registry().rules.values() if r.family in ("gtfs", "gtfs_extra")}
    missing = sorted(
        f"{code}/{kind}"
        for code in codes
        for kind in ("bad", "good")
        if not (GTFS_FIXTURES / code / kind / "case.json").is_file()
    )
    assert not missing, f"rules without fixtures: {missing}"
