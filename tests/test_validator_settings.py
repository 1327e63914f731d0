"""Validators read their profile parameters as typed dataclasses (``Context.settings``), never as loose keys:
a default is written once (``citylint.validators.parameters``) and agrees with the engine's own constant."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from citylint.validators.base import Context
from citylint.validators.gtfs import archive, csv_format
from citylint.validators.gtfs_rt import verdict
from citylint.validators.parameters import GtfsParameters, GtfsRtParameters, NetexParameters
from tests.conftest import ROOT


def test_defaults_agree_with_the_engines_constants() -> None:
    defaults = GtfsParameters()
    assert defaults.max_rows == csv_format.MAX_ROWS
    assert defaults.max_member_bytes == archive.MAX_MEMBER_BYTES
    assert defaults.max_compression_ratio == archive.MAX_COMPRESSION_RATIO
    assert GtfsRtParameters().critical_threshold == verdict.THRESHOLD


def test_settings_fill_in_the_defaults_and_keep_the_profiles_values() -> None:
    context = Context(dt.date(2026, 10, 1), parameters={"max_rows": 10, "country_code": "FR"})
    settings = context.settings(GtfsParameters)
    assert (settings.max_rows, settings.country_code) == (10, "FR")
    assert settings.max_member_bytes == GtfsParameters().max_member_bytes
    assert Context(dt.date(2026, 10, 1)).settings(NetexParameters) == NetexParameters()


def test_an_unknown_key_is_an_error_not_a_silent_default() -> None:
    # A profile is checked when it loads (exit 2 naming the key); a library caller gets a TypeError.
    with pytest.raises(TypeError):
        Context(dt.date(2026, 10, 1), parameters={"max_rowz": 10}).settings(GtfsParameters)


def test_no_validator_reads_its_parameters_by_key() -> None:
    readers = []
    for module in sorted((ROOT / "citylint" / "validators").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Attribute) and node.attr == "parameters"):
                continue
            if isinstance(node.value, ast.Name) and node.value.id == "context":
                readers.append(f"{Path(module).relative_to(ROOT)}:{node.lineno}")
    assert readers == []
