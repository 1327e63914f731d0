"""The code passes the project's linters: ruff (lint) and mypy (strict types), as configured in
pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.lint  # ruff and mypy over the whole code: run by .ci/run (pytest -m '')


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff() -> None:
    if shutil.which("ruff") is None and _run(sys.executable, "-m", "ruff", "--version").returncode != 0:
        pytest.fail("ruff is not installed: pip install '.[test]'")
    done = _run(sys.executable, "-m", "ruff", "check", "citylint", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = _run(sys.executable, "-m", "ruff", "format", "--check", "citylint", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = _run(sys.executable, "-m", "mypy", "citylint")
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
