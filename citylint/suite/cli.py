"""``citylint suite MANIFEST``: run a W3C SHACL test manifest with a SHACL engine; text, JSON or EARL out."""

from __future__ import annotations

import json
import sys
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import click
import yaml

from citylint.suite.cases import is_dash_file, is_examples_folder, load_dash, load_examples
from citylint.suite.earl import earl_graph
from citylint.suite.manifest import ManifestError, SuiteTest, load_tests
from citylint.suite.run import Outcome, SuiteRun, run_all, suite_id
from citylint.validators.base import InputError
from citylint.validators.rdf.shacl.engines import DEFAULT_ENGINE, ENGINE_NAMES, engine_named


@cache
def shipped_expected_failures() -> dict[str, dict[str, str]]:
    text = files("citylint.suite").joinpath("expected_failures.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def _expected(path: Path | None, engine: str) -> dict[str, str]:
    if path is None:
        return dict(shipped_expected_failures().get(engine) or {})
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    return dict(raw.get(engine) or {}) if isinstance(raw, dict) else {}


def summary(runs: list[SuiteRun], root: str, expected: dict[str, str]) -> dict[str, Any]:
    counts = Counter(r.outcome.value for r in runs)
    failed = [suite_id(r.test, root) for r in runs if r.outcome is Outcome.FAILED]
    return {
        "total": len(runs),
        "passed": counts.get("passed", 0),
        "failed": counts.get("failed", 0),
        "untested": counts.get("untested", 0),
        "expectedFailures": sorted(t for t in failed if t in expected),
        "unexpectedFailures": sorted(t for t in failed if t not in expected),
        "unexpectedPasses": sorted(
            suite_id(r.test, root)
            for r in runs
            if r.outcome is Outcome.PASSED and suite_id(r.test, root) in expected
        ),
    }


def _load(path: Path) -> list[SuiteTest]:
    """The tests of a W3C manifest, of DASH test files, or of an examples folder."""
    if is_examples_folder(path):
        return load_examples(path)
    if path.is_dir() or is_dash_file(path):
        tests = load_dash([path])
        if not tests:
            raise ManifestError(f"{path}: no DASH test case (dash:GraphValidationTestCase) found")
        return tests
    return load_tests(path)


@click.command("suite")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="SHACL engine to run the tests with (auto: the fast one where it gives pyshacl's results).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "earl"]),
    default="text",
    show_default=True,
    help="earl: an EARL report in Turtle, one assertion per test.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--expected-failures",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="YAML {engine: {test id: reason}} replacing the shipped list of known failures.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def suite_command(
    manifest: Path, engine: str, fmt: str, output: Path | None, expected_failures: Path | None, quiet: bool
) -> None:
    """Run the tests of MANIFEST: a W3C SHACL test manifest (mf:Manifest, mf:include, sht:Validate), DASH test
    cases (a file or a folder of files with dash:GraphValidationTestCase), or a folder of examples (shapes.ttl
    beside valid/ and invalid/ folders of data files: each valid one must conform, each invalid one must not).

    Exit code: 0 every test passes or fails as the expected-failures list says, 1 another test fails,
    2 the manifest cannot be read.
    """
    from citylint.cli import _fail, _write  # the CLI module's writer (atomic) and one-line errors

    try:
        tests = _load(manifest)
        chosen = engine_named(engine)
    except (ManifestError, InputError) as exc:
        _fail(str(exc))
    root = (manifest.resolve() if manifest.is_dir() else manifest.resolve().parent).as_uri() + "/"
    expected = _expected(expected_failures, engine)
    runs = run_all(tests, chosen)
    facts = summary(runs, root, expected)
    if fmt == "earl":
        text = earl_graph(runs, root, engine).serialize(format="turtle")
    elif fmt == "json":
        text = (
            json.dumps(
                {
                    "manifest": str(manifest),
                    "engine": engine,
                    **facts,
                    "tests": [
                        {
                            "id": suite_id(r.test, root),
                            "outcome": r.outcome.value,
                            "details": r.details,
                            "seconds": r.seconds,
                        }
                        for r in runs
                    ],
                },
                indent=2,
            )
            + "\n"
        )
    else:
        text = "".join(
            f"{r.outcome.value.upper():<8} {suite_id(r.test, root)}"
            + (f"  ({'; '.join(r.details)[:300]})" if r.outcome is Outcome.FAILED else "")
            + "\n"
            for r in runs
        )
    _write(text, output)
    if not quiet:
        click.echo(
            f"citylint suite: {facts['total']} tests with {engine}: {facts['passed']} passed, "
            f"{facts['failed']} failed ({len(facts['expectedFailures'])} expected), "
            f"{facts['untested']} untested",
            err=True,
        )
        for test in facts["unexpectedFailures"]:
            click.echo(f"citylint suite: unexpected failure: {test}", err=True)
        for test in facts["unexpectedPasses"]:
            click.echo(f"citylint suite: listed as an expected failure but passed: {test}", err=True)
    sys.exit(1 if facts["unexpectedFailures"] else 0)
