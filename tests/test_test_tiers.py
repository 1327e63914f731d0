"""Test tiers: a bare `pytest` deselects the opt-in tiers (pyproject addopts), and the README's test command
(the one .ci/run runs) selects every test."""

from __future__ import annotations

import re
import shlex
import tomllib

from tests.conftest import ROOT

OPT_IN = {"slow", "hostile", "browser", "lint", "reference"}


def _pytest_options() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["pytest"]["ini_options"]  # type: ignore[no-any-return]


def test_bare_pytest_deselects_every_opt_in_tier_and_registers_it() -> None:
    options = _pytest_options()
    addopts = list(options["addopts"])  # type: ignore[call-overload]
    expression = addopts[addopts.index("-m") + 1]
    assert set(re.findall(r"[a-z_]+", expression)) - {"not", "or", "and"} == OPT_IN
    registered = {str(line).split(":")[0] for line in options["markers"]}  # type: ignore[attr-defined]
    assert OPT_IN | {"corpus"} <= registered


def test_readme_test_command_runs_every_tier() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```$", readme, re.DOTALL | re.MULTILINE)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    words = shlex.split(commands[1].split("&&")[-1])
    assert words[0] == "pytest"
    # the last -m wins over addopts' one: an empty expression selects everything
    assert words[words.index("-m") + 1] == ""
