"""The GitHub composite action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml): parsed, and
their commands run through a shell with the installed ``citylint``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
BASE = FIXTURES / "gtfs" / "_base"


def _installed_bin() -> Path:
    """The folder of the installed ``citylint`` console script (the test environment installs the package)."""
    script = Path(sys.executable).parent / "citylint"
    found = script if script.exists() else Path(shutil.which("citylint") or "")
    assert found.is_file(), "citylint is not installed in this environment (pip install -e '.[test]')"
    return found.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CITYLINT_"))}
    env["PATH"] = f"{_installed_bin()}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def _action() -> dict[str, Any]:
    body: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return body


def _step(step_id: str) -> dict[str, Any]:
    return next(s for s in _action()["runs"]["steps"] if s.get("id") == step_id)


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"paths", "profile", "fail-on", "format"} <= set(action["inputs"])
    assert action["inputs"]["paths"]["required"] is True
    declared = set(action["inputs"])
    text = (ROOT / "action.yml").read_text()
    assert set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", text)) <= declared
    assert all(step["shell"] == "bash" for step in action["runs"]["steps"] if "run" in step)
    assert "steps.check.outputs.sarif" in action["outputs"]["sarif"]["value"]


def _run_action_check(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    step = _step("check")
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    env = _env(
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_ACTIONS="true",
        CITYLINT_PATHS=str(EXAMPLE),
        CITYLINT_PROFILE="",
        CITYLINT_FAIL_ON="error",
        CITYLINT_FORMAT="markdown",
        CITYLINT_BASELINE="",
        CITYLINT_OUTPUT_DIR="citylint-reports",
    )
    # Every variable the script reads comes from the step's env, mapped from the action's inputs.
    assert set(step["env"]) == {k for k in env if k.startswith("CITYLINT_")}
    env.update(inputs)
    done = subprocess.run(
        ["bash", "-c", step["run"]],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done, output, summary


def test_action_check_step_writes_sarif_and_fails_on_errors(tmp_path: Path) -> None:
    done, output, summary = _run_action_check(tmp_path)
    assert done.returncode == 1, done.stderr  # the example has errors
    sarif_line = next(line for line in output.read_text().splitlines() if line.startswith("sarif="))
    sarif = tmp_path / sarif_line.split("=", 1)[1]
    log = json.loads(sarif.read_text())
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    assert (tmp_path / "citylint-reports" / "citylint-report.md").exists()
    assert "NOT CONFORMANT" in summary.read_text()
    assert "::error file=" in done.stderr  # GitHub annotations, as in a workflow


def test_action_check_step_honours_fail_on_format_and_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    subprocess.run(
        [
            "citylint",
            "check",
            str(EXAMPLE),
            "--baseline",
            str(baseline),
            "--update-baseline",
            "-q",
            "-f",
            "json",
            "-o",
            str(tmp_path / "x.json"),
        ],
        env=_env(),
        check=True,
        timeout=300,
    )
    done, _, _ = _run_action_check(
        tmp_path,
        CITYLINT_FORMAT="junit sarif",
        CITYLINT_BASELINE=str(baseline),
        CITYLINT_FAIL_ON="info",
        CITYLINT_PROFILE="gtfs",
    )
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (tmp_path / "citylint-reports").iterdir())
    assert files == ["citylint-report.sarif", "citylint-report.xml"]
    done, _, _ = _run_action_check(tmp_path, CITYLINT_FAIL_ON="never")
    assert done.returncode == 0, done.stderr


def test_action_install_step_installs_the_action_checkout_by_default() -> None:
    step = _step("install")
    assert "pip install" in step["run"] and "CITYLINT_ACTION_PATH" in step["run"]
    assert step["env"]["CITYLINT_ACTION_PATH"] == "${{ github.action_path }}"


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {h["id"]: h for h in hooks}


def test_pre_commit_hooks_are_well_formed() -> None:
    hooks = _hooks()
    assert set(hooks) == {"citylint", "citylint-folder"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["entry"].startswith("citylint check")
    files = re.compile(hooks["citylint"]["files"])
    assert files.search("feeds/city.zip") and not files.search("feeds/stops.txt")
    assert hooks["citylint-folder"]["pass_filenames"] is False


# The hooks validate at today's date: the example has date-independent errors (1); the base feed may age into
# warnings, never into "could not validate" (2).
@pytest.mark.parametrize(
    ("hook", "target", "expected"), [("citylint", EXAMPLE, {1}), ("citylint-folder", BASE, {0, 1})]
)
def test_pre_commit_hook_entry_runs_with_a_file_name(
    tmp_path: Path, hook: str, target: Path, expected: set[int]
) -> None:
    entry = _hooks()[hook]["entry"]
    local = tmp_path / target.name
    if target.is_dir():
        shutil.copytree(target, local)
    else:
        shutil.copy(target, local)
    # As pre-commit runs it: the entry, then the file names (or the hook's args).
    done = subprocess.run(
        ["bash", "-c", f'{entry} "$@"', "hook", local.name],
        check=False,
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in expected, done.stderr
    assert "No such option" not in done.stderr and "Usage:" not in done.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


def _pre_commit() -> str:
    found = shutil.which(
        "pre-commit", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    assert found, "pre-commit is a test dependency (pip install '.[test]')"
    return found


def test_pre_commit_hook_skips_a_zip_that_is_not_gtfs_and_fails_on_a_broken_feed(tmp_path: Path) -> None:
    """Issue 20: the hook matched every .zip, so a slides archive blocked the commit. Run by pre-commit
    itself, on a repository holding a slides zip and a feed; the hook is ours with ``language: system`` (the
    installed citylint, where ``python`` would make pre-commit build an environment from the network)."""
    import zipfile

    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    hook = dict(_hooks()["citylint"], language="system")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]})
    )
    with zipfile.ZipFile(repo / "slides.zip", "w") as archive:
        archive.writestr("talk.pdf", b"%PDF-1.4 not a feed")
    _git(repo, "add", ".")
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    done = subprocess.run(
        [_pre_commit(), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # the slides archive no longer blocks the commit
    shutil.copy(EXAMPLE, repo / "feed.zip")  # a real feed with errors still does
    _git(repo, "add", ".")
    done = subprocess.run(
        [_pre_commit(), "run", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1 and "Failed" in done.stdout, done.stdout + done.stderr


def test_action_installs_on_its_own_python_once_and_reuses_the_environment(tmp_path: Path) -> None:
    """The install step as a runner runs it: setup-python's interpreter (here this one, 3.11+), a virtual
    environment made once (a second run, as after a cache hit, installs nothing), its bin on GITHUB_PATH."""
    action = _action()
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses) and any(
        u.startswith("actions/cache@") for u in uses
    )
    setup = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert float(action["inputs"]["python-version"]["default"]) >= 3.11 and "inputs.python-version" in str(
        setup
    )
    assert "html" in action["inputs"]["format"]["description"]
    key = subprocess.run(
        ["bash", "-c", _step("key")["run"]],
        env=_env(CITYLINT_ACTION_PATH=str(ROOT), CITYLINT_PACKAGE="", GITHUB_OUTPUT=str(tmp_path / "key")),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert re.fullmatch(r"key=[0-9a-f]{16}-[0-9a-f]{16}\n", (tmp_path / "key").read_text()), key.stderr
    venv, path_file = tmp_path / "venv", tmp_path / "github_path"
    env = _env(
        CITYLINT_PACKAGE="",
        CITYLINT_ACTION_PATH=str(ROOT),
        CITYLINT_PYTHON=sys.executable,
        CITYLINT_VENV=str(venv),
        GITHUB_PATH=str(path_file),
    )
    first = subprocess.run(
        ["bash", "-c", _step("install")["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert (venv / "bin" / "citylint").exists() and path_file.read_text().strip() == str(venv / "bin")
    assert "citylint, version" in first.stdout
    stamp = (venv / "bin" / "citylint").stat().st_mtime_ns
    again = subprocess.run(
        ["bash", "-c", _step("install")["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (
        again.returncode == 0 and (venv / "bin" / "citylint").stat().st_mtime_ns == stamp
    )  # not reinstalled
