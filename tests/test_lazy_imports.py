"""Start-up cost: a run imports the libraries of what it does (its input kind, its report formats), not those
of every validator, format and subcommand. Asserted on ``sys.modules`` of a fresh interpreter, not on timings.
Also: shipped profiles, no longer schema-checked on every run, all fit the profile schema."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

GTFS_FEED = FIXTURES / "gtfs" / "_base"

# Libraries of other input kinds (RDF, JSON Schema, GBFS), other formats (html, junit, earl) and other
# subcommands (check-many, suite, shapes).
HEAVY = (
    "rdflib",
    "pyshacl",
    "pyoxigraph",
    "jsonschema",
    "referencing",
    "jinja2",
    "junitparser",
    "dask",
    "distributed",
    "sqlalchemy",
)

_PROBE = """
import json, sys
from citylint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _probed(probe: str, *args: str) -> Any:
    """The JSON a probe script prints last, run with ARGS in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_fresh(*args: str) -> tuple[int, set[str]]:
    """``citylint ARGS`` in a new interpreter; its exit code and the top-level packages it imported."""
    outcome = _probed(_PROBE, *args)
    return outcome["code"], {name.split(".")[0] for name in outcome["modules"]}


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "markdown"])
def test_a_gtfs_check_imports_no_library_of_other_kinds_or_formats(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "report.out"
    code, imported = _run_fresh(
        "check", str(GTFS_FEED), "--format", fmt, "-o", str(out), "--date", "2026-10-01"
    )
    assert code in (0, 1) and out.stat().st_size > 0
    assert "polars" in imported  # the probe does see what the run imports
    assert sorted(imported & set(HEAVY)) == []
    # Nor what only other kinds need: numpy (GTFS-Realtime's decoder, flex GeoJSON), lxml (NeTEx), the
    # protobuf bindings; numpy alone was 70-110 ms of a small feed's 0.8 s (issue 22).
    assert sorted(imported & {"numpy", "lxml", "google", "pandas", "pyarrow"}) == []


def test_importing_the_cli_loads_no_validator_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, citylint.cli; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    imported = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert sorted(imported & {*HEAVY, "babel"}) == []


@pytest.mark.parametrize(
    ("fmt", "library"), [("html", "jinja2"), ("junit", "junitparser"), ("earl", "rdflib")]
)
def test_a_format_that_needs_a_library_still_gets_it(tmp_path: Path, fmt: str, library: str) -> None:
    out = tmp_path / "report.out"
    code, imported = _run_fresh(
        "check", str(GTFS_FEED), "--format", fmt, "-o", str(out), "--date", "2026-10-01"
    )
    assert code in (0, 1) and out.stat().st_size > 0
    assert library in imported


def test_every_shipped_profile_fits_the_profile_schema() -> None:
    shipped = files("citylint.profiles")
    schema = json.loads(shipped.joinpath("profile.schema.json").read_text(encoding="utf-8"))
    profiles = sorted((e for e in shipped.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name)
    assert len(profiles) > 5
    for entry in profiles:
        errors = list(
            jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(entry.read_text("utf-8")))
        )
        assert errors == [], f"{entry.name}: {errors[0].message if errors else ''}"


def test_english_counts_are_grouped_as_babel_groups_them() -> None:
    from babel.numbers import format_decimal

    from citylint.i18n import format_number

    for value in (0, 7, -7, 999, 1000, 1164, -12345, 10**9 + 7, 10**18 - 1):
        assert format_number(value, "en") == format_decimal(value, locale="en")
    assert format_number(1234.5678, "en") == format_decimal(1234.5678, locale="en")


def test_the_lockin_catalogue_reads_the_same_with_either_yaml_loader() -> None:
    text = files("citylint.validators.gtfs").joinpath("gtfs_extensions.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == yaml.safe_load(text)


def test_a_check_freezes_its_imports_and_leaves_the_collector_on(tmp_path: Path) -> None:
    """citylint.startup: the imports of a check are frozen out of the garbage collector's walks (a small
    feed's run spent 25-60 ms collecting nothing), and the collector is on again for the validation."""
    probe = (
        "import gc, json, sys\n"
        "from citylint.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps({'frozen': gc.get_freeze_count(), 'enabled': gc.isenabled(),"
        " 'polars': 'polars' in sys.modules}))\n"
    )
    args = [
        "check",
        str(GTFS_FEED),
        "--format",
        "json",
        "-o",
        str(tmp_path / "r.json"),
        "--date",
        "2026-10-01",
    ]
    state = _probed(probe, *args)
    assert state["enabled"] is True
    assert state["polars"] is True
    assert state["frozen"] > 20_000  # polars and the validators (~70,000 objects), imported under it
