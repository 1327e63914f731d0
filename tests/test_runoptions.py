"""Run-wide options (citylint/runoptions.py): one typed, frozen record from the command line, check-many and
library callers to every validator."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

import citylint
from citylint.runoptions import MAX_SAMPLES, SHACL_ENGINE, SHACL_TIME_LIMIT_SECONDS, RunOptions
from tests.test_gtfs_fixtures import BASE


def test_library_callers_may_still_pass_a_mapping() -> None:
    options = RunOptions.of({"shapes": ["a.ttl", Path("b.ttl")], "allow_network": True, "time_limit": 30})
    assert options.shapes == ("a.ttl", "b.ttl")
    assert options.allow_network is True
    assert options.time_limit == 30
    assert options.shacl_engine == SHACL_ENGINE
    assert RunOptions.of(None) == RunOptions()
    assert RunOptions.of(options) is options


def test_an_unknown_option_is_an_error_not_ignored() -> None:
    with pytest.raises(TypeError, match="unknown run option.*shacl_enigne"):
        RunOptions.of({"shacl_enigne": "fast"})
    with pytest.raises(TypeError, match="unknown run option"):
        citylint.check([BASE], options={"licnce": "CC-BY-4.0"})


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RunOptions().licence = "CC-BY-4.0"  # type: ignore[misc]


def test_the_speed_defaults_are_written_once() -> None:
    from citylint.cli_options import MAX_SAMPLES as CLI_MAX_SAMPLES
    from citylint.collector import FindingSink
    from citylint.validators.parameters import ShaclParameters
    from citylint.validators.rdf.shacl.engines import DEFAULT_ENGINE

    assert CLI_MAX_SAMPLES == FindingSink().max_samples == MAX_SAMPLES
    assert DEFAULT_ENGINE == SHACL_ENGINE
    # the run's limit when --time-limit is not given (shacl/run.py reads the parameter's default)
    assert ShaclParameters().time_limit_seconds == SHACL_TIME_LIMIT_SECONDS


def test_a_licence_given_by_a_library_caller_reaches_the_validators() -> None:
    (report,) = citylint.check(
        [BASE], profile="fr-nap", date=dt.date(2026, 10, 1), options=RunOptions(licence="etalab-2.0")
    )
    assert report.summary["frNap"]["licence"]["given"] == "etalab-2.0"
