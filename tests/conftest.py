from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from citylint.cli import main
from citylint.rules import RuleType

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
REPORT_SCHEMA = ROOT / "citylint" / "reports" / "report.schema.json"
VALIDATION_DATE = "2026-10-01"


def corpus(relative: str) -> Path:
    """A path in ../shared, or a skip when the corpus is not beside the checkout."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip("corpus not present: " + str(path))
    return path


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports follow the environment's language (citylint.i18n.default_lang): tests start from an English one
    whatever the developer's locale; tests of other languages set theirs."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


_SCHEMA: dict[str, Any] = {}


def _report_schema() -> dict[str, Any]:
    if not _SCHEMA:
        _SCHEMA.update(json.loads(REPORT_SCHEMA.read_text()))
    return _SCHEMA


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the real command line in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def check_json(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run ``citylint check PATH --format json`` and return (exit code, report dict, stderr)."""

    def run(path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
        out = tmp_path / "report.json"
        code, _, err = run_cli(
            "check",
            str(path),
            "--date",
            VALIDATION_DATE,
            "--format",
            "json",
            "--output",
            str(out),
            "--quiet",
            *extra,
        )
        report = json.loads(out.read_text()) if out.exists() else {}
        if report:
            jsonschema.validate(
                report, _report_schema()
            )  # every report the tests produce must fit the schema
        return code, report, err

    return run


def totals(report: dict[str, Any]) -> dict[str, int]:
    return {n["code"]: n["totalNotices"] for n in report.get("notices", [])}


def rows_without_file(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, message) of the sample findings whose location has a row but no file ("service 676 (row 2)":
    a row number nobody can find)."""
    return [
        (notice["code"], sample["citylint"]["message"])
        for notice in report.get("notices", [])
        for sample in notice["sampleNotices"]
        if "row" in sample["citylint"]["location"] and "file" not in sample["citylint"]["location"]
    ]


def installed_standards(tmp_path_factory: pytest.TempPathFactory, names: Iterable[str], mirror: Path) -> Path:
    """A temporary standards cache with ``names`` installed from ``mirror`` (laid out as the manifest's mirror
    paths, such as ../shared/data), as a user installs them."""
    from citylint import standards

    names = list(names)
    cache = tmp_path_factory.mktemp("standards-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(standards.ENV_DIR, str(cache))
        code, out, err = run_cli("standards", "install", *names, "--from", str(mirror))
    assert code == 0, err
    assert out.count("installed ") == len(names)
    return cache


def read_case(case: Path) -> dict[str, Any]:
    return json.loads((case / "case.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def assert_every_rule_has_cases(folder: Path, rules: Iterable[RuleType]) -> None:
    for rule in rules:
        code = rule.rule.code
        for kind in ("bad", "good"):
            assert (folder / code / kind / "case.json").is_file(), f"{code} has no {kind} case"
