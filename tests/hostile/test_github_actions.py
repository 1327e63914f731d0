"""A GitHub-Actions run on a feed whose file names, header names and values carry workflow commands shows
citylint's own annotations only (issue 19).

The test runs the ``check`` step of the repository's ``action.yml`` with bash as the runner does (``bash
--noprofile --norc -eo pipefail``), with the environment the runner sets, on a feed built to inject
commands; then it reads stdout and stderr as the runner reads them: each line (the runner splits at CR, LF
and CRLF) is a command when, after leading white space, it starts with ``::`` and names a registered
command, or when it holds the legacy ``##[`` prefix anywhere (actions/runner
src/Runner.Common/ActionCommand.cs, TryParseV2 and TryParse; the registered commands are those of
src/Runner.Worker/ActionCommandManager.cs). Every command seen must be an annotation citylint wrote for a
finding of the SARIF report of the same run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.hostile.builders import base_members, write_zip
from tests.hostile.harness import ROOT

pytestmark = pytest.mark.hostile

# The runner's registered commands (ActionCommandManager.cs and the v2 extensions), the "::<token>::" that
# resumes after stop-commands aside.
REGISTERED = {
    "add-mask",
    "add-matcher",
    "add-path",
    "debug",
    "echo",
    "endgroup",
    "error",
    "group",
    "notice",
    "remove-matcher",
    "save-state",
    "set-env",
    "set-output",
    "stop-commands",
    "warning",
}
PAYLOAD = (
    "\n::stop-commands::tok\n  ::add-mask::secret\r::error title=forged::approved\n##[set-output name=x;]y\n"
)


@dataclass
class Command:
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""


def _unescape(text: str, mappings: list[tuple[str, str]]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


DATA_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
PROPERTY_MAPPINGS = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]


def parse_v2(line: str) -> Command | None:
    """ActionCommand.TryParseV2, in Python."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, properties = info.partition(" ")
    if name not in REGISTERED:
        return None
    command = Command(name)
    for item in (p for p in properties.strip().split(",") if p):
        key, sep, value = item.partition("=")
        if sep and key and value:
            command.properties[key] = _unescape(value, PROPERTY_MAPPINGS)
    command.data = _unescape(message[end + 2 :], DATA_MAPPINGS)
    return command


def parse_legacy(line: str) -> Command | None:
    """ActionCommand.TryParse (``##[name key=value;]data`` anywhere in the line), in Python."""
    start = line.find("##[")
    close = line.find("]", start) if start >= 0 else -1
    if close < 0:
        return None
    name = line[start + 3 : close].partition(" ")[0]
    return Command(name, data=line[close + 1 :]) if name in REGISTERED else None


def commands_in(stream: str) -> list[Command]:
    found = []
    for line in re.split(r"\r\n|\r|\n", stream):
        command = parse_v2(line) or parse_legacy(line)
        if command is not None:
            found.append(command)
    return found


def test_the_parser_sees_what_the_runner_would_run() -> None:
    """The check below is only as good as this parser: raw, the payload is four commands."""
    names = [c.name for c in commands_in("x" + PAYLOAD)]
    assert names == ["stop-commands", "add-mask", "error", "set-output"]


def _hostile_feed(path: Path) -> Path:
    members = base_members()
    members["notes" + PAYLOAD + ".txt"] = b"a,b\n1,2\n"  # unknown_file quotes the member name
    agency = members["agency.txt"].decode().splitlines()
    header = agency[0].split(",")
    row = agency[1].split(",")
    row[header.index("agency_url")] = '"' + PAYLOAD.replace('"', '""') + '"'  # invalid_url quotes the value
    members["agency.txt"] = ("\n".join([",".join(header), ",".join(row), *agency[2:]]) + "\n").encode()
    stops = members["stops.txt"].decode().splitlines()
    stops[0] += ',"x' + PAYLOAD.replace('"', '""') + '"'  # unknown_column quotes the header name
    stops[1:] = [line + "," for line in stops[1:]]
    members["stops.txt"] = ("\n".join(stops) + "\n").encode()
    return write_zip(path, members)


def _check_step() -> tuple[str, dict[str, str]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    return step["run"], step.get("env", {})


def test_an_actions_run_shows_citylints_own_annotations_only(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    feed = _hostile_feed(workspace / "feed.zip")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "citylint"  # what the action's install step puts on PATH
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m citylint "$@"\n')
    wrapper.chmod(0o755)
    files = {name: tmp_path / name.lower() for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV")}
    for path in files.values():
        path.write_text("")
    inputs = {
        "paths": str(feed),
        "profile": "",
        "fail-on": "error",
        "format": "markdown json",
        "baseline": "",
        "output-dir": "reports",
    }
    script, step_env = _check_step()
    env = {
        key: re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], value)
        for key, value in step_env.items()
    }
    (tmp_path / "tmp").mkdir()
    env |= {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "TMPDIR": str(tmp_path / "tmp"),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(tmp_path / "tmp"),
        **{name: str(path) for name, path in files.items()},
    }
    script_path = tmp_path / "step.sh"
    script_path.write_text(script)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_path)],
        cwd=workspace,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    stdout, stderr = done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 1, stderr  # findings at error level: the step fails, as it should

    commands = commands_in(stdout) + commands_in(stderr)
    sarif = json.loads((workspace / "reports" / "citylint-report.sarif").read_text())
    rule_ids = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert commands, stderr
    for command in commands:
        assert command.name in {"error", "warning", "notice"}, command
        assert set(command.properties) <= {"file", "line", "col", "title"}, command
        assert command.properties["title"].startswith("citylint "), command
        assert command.properties["title"].removeprefix("citylint ") in rule_ids, command
        assert (workspace / command.properties["file"]).resolve() == feed.resolve(), command
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", command.data), command  # one line, no escapes
    # the data did reach the annotations, made harmless, and the three findings that quote it are there
    titles = {c.properties["title"] for c in commands}
    assert {"citylint unknown_file", "citylint invalid_url", "citylint unknown_column"} <= titles, titles
    assert any("::stop-commands::tok" in c.data for c in commands)
    # the step's outputs: one, written by the action's script, none by the data
    assert files["GITHUB_OUTPUT"].read_text().splitlines() == ["sarif=reports/citylint-report.sarif"]
    assert files["GITHUB_ENV"].read_text() == ""
    # the job summary (the Markdown report): no mention, image or link made from the data
    summary = files["GITHUB_STEP_SUMMARY"].read_text()
    assert "stop-commands" in summary
    assert not any(line.lstrip().startswith("::") for line in summary.splitlines())
    assert "##[" not in summary and "\x1b" not in summary
