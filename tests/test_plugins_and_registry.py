"""Rules are registered once, codes are unique, and third-party validators arrive through entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import ClassVar

import pytest

from citylint.model import Severity
from citylint.registry import Registry, RegistryError, load_registry
from citylint.rules import RuleDef, RuleType
from citylint.validators.base import Validator
from tests.conftest import FIXTURES, ROOT, VALIDATION_DATE


def test_codes_are_unique_and_documented() -> None:
    registry = load_registry()
    codes = [rule.rule.code for v in registry.validators.values() for rule in v.rules]
    assert len(codes) == len(set(codes))
    for rule in registry.rules.values():
        assert rule.summary.endswith("."), rule.code
        for section in ("## Why it matters", "## Example", "## Reference"):
            assert section in rule.doc, f"{rule.code} lacks {section}"


def test_gtfs_codes_are_mobilitydata_codes_with_their_severities() -> None:
    canonical = {}
    tsv = ROOT.parent / "shared" / "gtfs-canonical-notices.tsv"
    if not tsv.exists():
        pytest.skip("corpus not present: " + str(tsv))
    for line in tsv.read_text().splitlines()[1:]:
        code, severity, _kind, status = line.split("\t")
        if status == "active":
            canonical[code] = severity
    for rule in load_registry().rules.values():
        if rule.family == "gtfs":
            assert canonical.get(rule.code) == rule.severity.value, rule.code


def _validator_with(code: str) -> type[Validator]:
    rule = type(
        "Demo",
        (RuleDef,),
        {"__doc__": "A demo.\n\n## Why it matters\nx\n## Example\nx\n## Reference\nx"},
        code=code,
        severity=Severity.INFO,
        family="demo",
        message="m",
    )

    class Demo(Validator):
        name: ClassVar[str] = f"demo_{code}"
        input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs"})
        rules: ClassVar[tuple[RuleType, ...]] = (rule,)

    return Demo


def test_a_clashing_code_is_refused() -> None:
    registry = load_registry(plugins=False)
    with pytest.raises(RegistryError, match="already used"):
        registry.add(_validator_with("duplicate_key"))


def test_a_rule_without_docstring_is_refused() -> None:
    with pytest.raises(TypeError, match="docstring"):
        type("Bare", (RuleDef,), {}, code="x", severity=Severity.INFO, family="demo", message="m")


def test_registry_matches_globs() -> None:
    registry = Registry()
    registry.add(_validator_with("alpha_one"))
    registry.add(_validator_with("alpha_two"))
    registry.add(_validator_with("beta"))
    assert registry.match(["alpha_*"]) == {"alpha_one", "alpha_two"}


PLUGIN = '''
from typing import ClassVar
from citylint.model import Severity
from citylint.rules import RuleDef
from citylint.validators.base import Validator


class DemoFeedHasAgency(RuleDef, code="demo_feed_has_agency", severity=Severity.INFO, family="demo",
                        message="{filename} seen by the demo plugin"):
    """The demo plugin saw an agency file.

    ## Why it matters
    It proves third-party rules run.

    ## Example
    Any feed.

    ## Reference
    citylint's plugin guide.
    """


class DemoValidator(Validator):
    name: ClassVar[str] = "demo"
    input_kinds = frozenset({"gtfs"})
    rules = (DemoFeedHasAgency,)

    def validate(self, path, context, sink):
        if (path / "agency.txt").exists():
            sink.add(DemoFeedHasAgency, {"filename": "agency.txt"})
        return {"demo": {"param": context.parameters.get("greeting")}}
'''


def _install_plugin(tmp_path: Path, validator_name: str, source: str) -> dict[str, str]:
    """A real distribution on sys.path (module + *.dist-info with entry_points.txt) and a profile running it;
    returns the environment for a citylint subprocess that sees it."""
    module = f"citylint_{validator_name}_plugin"
    site = tmp_path / "site"
    site.mkdir()
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    info = site / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    class_name = f"{validator_name.capitalize()}Validator"
    (info / "entry_points.txt").write_text(
        f"[citylint.validators]\n{validator_name} = {module}:{class_name}\n"
    )
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}


def _check_with(
    tmp_path: Path, env: dict[str, str], profile_text: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    profile = tmp_path / "profile.yaml"
    profile.write_text(profile_text)
    out = tmp_path / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "citylint",
            "check",
            str(FIXTURES / "gtfs" / "_base"),
            "--profile",
            str(profile),
            "--date",
            VALIDATION_DATE,
            "-f",
            "json",
            "-o",
            str(out),
            "-q",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return run, out


def test_entry_point_plugin_is_discovered_and_runs(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path, "demo", PLUGIN)
    run, out = _check_with(
        tmp_path,
        env,
        "name: with-demo\ntitle: GTFS and the demo plugin\nextends: [gtfs]\n"
        "validators:\n  demo: {greeting: hello}\n",
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(out.read_text())
    assert {n["code"]: n["totalNotices"] for n in report["notices"]} == {"demo_feed_has_agency": 1}
    assert report["summary"]["demo"] == {"param": "hello"}
    listed = subprocess.run(
        [sys.executable, "-m", "citylint", "rules", "--family", "demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert listed.stdout.split()[:3] == ["demo_feed_has_agency", "INFO", "demo"]


BROKEN_PLUGIN = """
from typing import ClassVar
from citylint.validators.base import Validator


class BrokenValidator(Validator):
    name: ClassVar[str] = "broken"
    input_kinds = frozenset({"gtfs"})
    rules = ()

    def validate(self, path, context, sink):
        raise ZeroDivisionError("a bug")
"""


def test_a_crashing_validator_is_a_system_error_not_a_traceback(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path, "broken", BROKEN_PLUGIN)
    run, out = _check_with(
        tmp_path, env, "name: with-broken\ntitle: t\nextends: [gtfs]\nvalidators:\n  broken: {}\n"
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "validator 'broken' failed: ZeroDivisionError: a bug" in run.stderr
    report = json.loads(out.read_text())
    assert report["systemErrors"][0]["code"] == "runtime_exception_in_validator_error"
    assert (
        report["summary"]["feedInfo"]["publisherName"] == "Citylint Transit"
    )  # the GTFS validator still ran
