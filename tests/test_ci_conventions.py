"""Issue 20: a CI gate that cannot turn green by mistake, configuration mistakes that are not silent, and the
conventions users of ruff, check-jsonschema and MobilityData's validator expect — through the real CLI."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, VALIDATION_DATE, run_cli

BASE = FIXTURES / "gtfs" / "_base"


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with the usual umask (022), whatever the test runner's is."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_missing_input_with_output_does_not_print_a_clean_summary(tmp_path: Path) -> None:
    code, _, err = run_cli("check", str(tmp_path / "nosuch.zip"), "-o", str(tmp_path / "r.txt"))
    assert code == 2
    assert "0 errors" not in err
    assert "nosuch.zip: could not be validated" in err


@pytest.mark.usefixtures("umask")
def test_reports_are_written_readable_by_others_and_respect_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-f", "json", "-o", str(out), "-q")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    os.umask(0o077)
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-f", "json", "-o", str(out), "-q")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def _profile(tmp_path: Path, body: str) -> str:
    path = tmp_path / "p.yaml"
    path.write_text("name: mine\ntitle: Mine\nextends: [gtfs]\n" + body)
    return str(path)


@pytest.mark.parametrize(
    ("body", "named", "suggested"),
    [
        ("rules: {disable: [unused_statoin]}\n", "'unused_statoin'", "'unused_station'"),
        ("rules: {enable: ['unsued_*']}\n", "'unsued_*'", "'unused_*'"),
        ("severity: {unused_statoin: ERROR}\n", "'unused_statoin'", "'unused_station'"),
        ("validators: {gtfs: {contry_code: FR}}\n", "'contry_code'", "'country_code'"),
        ("validators: {gtsf: {}}\n", "'gtsf'", "'gtfs'"),
        ("validators: {gtfs: {max_rows: many}}\n", "max_rows", "an integer"),
    ],
)
def test_a_profile_naming_what_does_not_exist_is_exit_2(
    tmp_path: Path, body: str, named: str, suggested: str
) -> None:
    code, _, err = run_cli(
        "check", str(BASE), "--date", VALIDATION_DATE, "-q", "-p", _profile(tmp_path, body)
    )
    assert code == 2, err
    assert named in err and suggested in err and "Traceback" not in err


def test_profile_parameters_of_the_right_type_are_accepted(tmp_path: Path) -> None:
    body = "validators: {gtfs: {country_code: FR, max_rows: 100}}\nrules: {disable: ['unused_*']}\n"
    code, _, err = run_cli(
        "check", str(BASE), "--date", VALIDATION_DATE, "-q", "-p", _profile(tmp_path, body)
    )
    assert code == 0, err


def test_every_shipped_profile_passes_the_checks() -> None:
    from citylint.profiles import load_profile, shipped_profiles
    from citylint.profiles.checks import check_profile
    from citylint.registry import load_registry

    registry = load_registry()
    for name in shipped_profiles():
        check_profile(load_profile(name), registry)


@pytest.mark.parametrize(
    ("name", "starts"),
    [("report.html", "<!DOCTYPE html"), ("report.json", "{"), ("report.sarif", "{"), ("report.txt", "")],
)
def test_output_extension_chooses_the_format(tmp_path: Path, name: str, starts: str) -> None:
    out = tmp_path / name
    run_cli("check", str(BASE), "--date", VALIDATION_DATE, "-q", "-o", str(out))
    text = out.read_text()
    assert text.lstrip().startswith(starts) if starts else not text.lstrip().startswith(("<", "{"))
    assert ('"$schema"' in text) == name.endswith(".sarif")


def _feed_with_info(root: Path) -> Path:
    """The clean feed plus a station nobody uses: one INFO finding, unused_station."""
    import shutil

    feed = root / "feed"
    shutil.copytree(BASE, feed)
    for item in (FIXTURES / "gtfs" / "unused_station" / "bad").glob("*.txt"):
        shutil.copy(item, feed / item.name)
    return feed


def _codes(report: Path) -> dict[str, int]:
    import json

    return {n["code"]: n["totalNotices"] for n in json.loads(report.read_text())["notices"]}


@pytest.mark.parametrize("kind", ["pyproject", "yaml"])
def test_configuration_is_discovered_up_to_the_repository_root(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    if kind == "pyproject":
        (repo / "pyproject.toml").write_text(
            '[project]\nname = "x"\n[tool.citylint]\nfail-on = "info"\ndate = "20261001"\n'
        )
    else:
        (repo / "citylint.yaml").write_text("fail_on: info\ndate: '2026-10-01'\n")
    feed = _feed_with_info(tmp_path)
    monkeypatch.chdir(repo / "sub")
    code, _, err = run_cli("check", str(feed), "-q")
    assert code == 1, err  # the file's fail-on (info) applies ...
    code, _, err = run_cli("check", str(feed), "-q", "--fail-on", "error")
    assert code == 0, err  # ... the command line wins over it ...
    assert (
        run_cli("--isolated", "check", str(feed), "-q", "--date", VALIDATION_DATE)[0] == 0
    )  # ... or no file


def test_configuration_above_the_repository_root_does_not_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "citylint.yaml").write_text("fail-on: info\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    assert run_cli("check", str(_feed_with_info(tmp_path)), "-q", "--date", VALIDATION_DATE)[0] == 0


def test_a_misspelt_setting_is_exit_2_naming_the_closest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "citylint.yaml").write_text("fail-onn: warning\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", str(BASE), "-q")
    assert code == 2 and "'fail-onn'" in err and "'fail-on'" in err
    (tmp_path / "citylint.yaml").write_text("fail-on: sometimes\n")
    code, _, err = run_cli("check", str(BASE), "-q")
    assert code == 2 and "citylint.yaml" in err and "sometimes" in err


def test_profile_path_in_configuration_is_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mine.yaml").write_text(
        "name: mine\ntitle: m\nextends: [gtfs]\nseverity: {unused_station: ERROR}\n"
    )
    (tmp_path / "conf" / "citylint.yaml").write_text("profile: mine.yaml\n")
    feed = _feed_with_info(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(
        "--config", "conf/citylint.yaml", "check", str(feed), "-q", "--date", VALIDATION_DATE
    )
    assert code == 1, err


def test_select_and_ignore(tmp_path: Path) -> None:
    feed, out = _feed_with_info(tmp_path), tmp_path / "r.json"
    run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "-o", str(out))
    assert "unused_station" in _codes(out)
    run_cli(
        "check",
        str(feed),
        "--date",
        VALIDATION_DATE,
        "-q",
        "-o",
        str(out),
        "--ignore",
        "unused_*,unknown_file",
    )
    assert "unused_station" not in _codes(out) and "unknown_file" not in _codes(out)
    run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "-o", str(out), "--select", "unused_station")
    assert set(_codes(out)) == {"unused_station"}
    code, _, err = run_cli("check", str(feed), "-q", "--ignore", "unused_statoin")
    assert code == 2 and "'unused_station'" in err


def test_country_code_enables_phone_checks(tmp_path: Path) -> None:
    import shutil

    feed, out = tmp_path / "feed", tmp_path / "r.json"
    shutil.copytree(BASE, feed)
    shutil.copy(FIXTURES / "gtfs" / "invalid_phone_number" / "bad" / "agency.txt", feed)  # agency_phone 12
    run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "-o", str(out))
    assert "invalid_phone_number" not in _codes(out)
    run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "-o", str(out), "--country-code", "fr")
    assert _codes(out).get("invalid_phone_number") == 1
    assert run_cli("check", str(feed), "-q", "--country-code", "France")[0] == 2


def test_gtfs_dates_and_short_flags() -> None:
    code, out, _ = run_cli("check", str(BASE), "--date", "20261001")
    assert code == 0 and "date 2026-10-01" in out
    assert run_cli("-V")[1].startswith("citylint, version ")


def test_force_color_colours_text_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_args = ("check", str(FIXTURES / "gtfs" / "unused_station" / "bad"), "--date", VALIDATION_DATE)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli(*feed_args)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli(*feed_args)[1]


def _all_commands() -> list[tuple[str, object]]:
    import click

    from citylint.cli import main

    ctx = click.Context(main)
    found: list[tuple[str, object]] = []

    def walk(group: click.Group, prefix: str) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append((f"{prefix}{name}", command))
            if isinstance(command, click.Group):
                walk(command, f"{prefix}{name} ")

    walk(main, "")
    return found


def test_help_texts_agree() -> None:
    import click

    options = {}
    for name, command in _all_commands():
        assert isinstance(command, click.Command)
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"citylint {name} {param.opts[0]} has no help"
                options[(name, param.name)] = param
    assert (
        "-d" in options[("check", "output_dir")].opts and "-d" in options[("check-many", "output_dir")].opts
    )
    assert options[("check", "max_samples")].default == options[("check-many", "max_samples")].default


def test_help_lists_lazy_commands_as_they_describe_themselves_without_importing_them() -> None:
    import json
    import subprocess
    import sys

    import click

    from citylint.cli import SHORT_HELP_LIMIT, _LazyGroup, main

    ctx = click.Context(main)
    for name, text in _LazyGroup.lazy_help.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.get_short_help_str(SHORT_HELP_LIMIT) == text
    probe = (
        "import json, sys\nfrom citylint.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
        "    pass\nprint(json.dumps(sorted(sys.modules)))"
    )
    for args in (["--help"], ["--version"], ["check", "--help"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
        )
        imported = {m.split(".")[0] for m in json.loads(done.stdout.strip().splitlines()[-1])}
        assert not imported & {"polars", "yaml", "rdflib", "dask", "sqlalchemy", "jinja2"}, (args, imported)


def test_progress_of_a_single_check_only_with_verbose_when_stderr_is_no_terminal() -> None:
    _, _, quiet_log = run_cli("check", str(BASE), "--date", VALIDATION_DATE)
    _, _, verbose_log = run_cli("check", str(BASE), "--date", VALIDATION_DATE, "--verbose")
    assert "rules: " not in quiet_log
    stages = [line for line in verbose_log.splitlines() if "s rules: " in line or "s reading " in line]
    assert any("reading stop_times.txt" in line for line in stages) and any(
        "rules: " in line for line in stages
    )


def test_progress_is_redrawn_on_a_terminal() -> None:
    import io

    from citylint.progress import StageProgress

    stream = io.StringIO()
    with StageProgress(stream, "feed.zip", redraw=True) as stages:
        stages("reading stops.txt")
        import time

        time.sleep(0.7)
    assert "\rcitylint: feed.zip:" in stream.getvalue() and "reading stops.txt" in stream.getvalue()
    assert "\n" not in stream.getvalue()  # one line redrawn, nothing scrolled


EXAMPLE = FIXTURES.parent / "examples" / "gb-newport-2023-06-13.zip"


def test_terminal_text_names_the_file_and_prints_no_backticks() -> None:
    _, out, _ = run_cli("check", str(EXAMPLE), "--date", VALIDATION_DATE)
    assert "calendar.txt: service 676 (row 2)" in out
    assert "`" not in out


@pytest.mark.parametrize(
    ("fail_on", "failing"), [("error", {"ERROR"}), ("warning", {"ERROR", "WARNING"}), ("never", set())]
)
def test_junit_failures_follow_fail_on(tmp_path: Path, fail_on: str, failing: set[str]) -> None:
    import xml.etree.ElementTree as ET

    out = tmp_path / "r.xml"
    run_cli(
        "check",
        str(EXAMPLE),
        "--date",
        VALIDATION_DATE,
        "-q",
        "-f",
        "junit",
        "-o",
        str(out),
        "--fail-on",
        fail_on,
    )
    failures = ET.parse(out).getroot().iter("failure")
    assert {f.get("type") for f in failures} == failing


def test_the_html_file_filter_lists_shapes_txt(tmp_path: Path) -> None:
    import shutil

    feed, out = tmp_path / "feed", tmp_path / "r.html"
    shutil.copytree(BASE, feed)
    for item in (FIXTURES / "gtfs" / "unused_shape" / "bad").glob("*.txt"):
        shutil.copy(item, feed / item.name)
    run_cli("check", str(feed), "--date", VALIDATION_DATE, "-q", "-o", str(out))
    assert ">shapes.txt</option>" in out.read_text()


def test_the_project_urls_are_named_once_in_pyproject() -> None:
    """Rule-page links, rule source links, SARIF's informationUri and EARL's assertor come from
    pyproject.toml's [project.urls] (placeholder links in rule pages and the Action, issue 20); no other file
    repeats them, so moving the project is one change."""
    import tomllib

    from citylint.rules_doc import PROJECT_URL, project_urls_of, rule_page_url

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert PROJECT_URL == declared["Repository"] and PROJECT_URL.startswith("https://")
    site = declared["Documentation"]
    assert rule_page_url("expired_calendar") == f"{site.rstrip('/')}/rules/expired_calendar.html"
    # an installed wheel: the same URLs from the package metadata
    entries = [f"Documentation, {site}", f"Repository, {PROJECT_URL}"]
    assert project_urls_of(entries) == {"Documentation": site, "Repository": PROJECT_URL}
    # "owner/name" as `uses:` or a link spells it; the site's host (GitHub Pages: owner.github.io)
    named = [PROJECT_URL.split("://", 1)[1].split("/", 1)[1], site.split("://", 1)[1].split("/", 1)[0]]
    skipped = {".git", ".venv", "__pycache__", "node_modules", "build"}
    repeating = [
        (str(file.relative_to(ROOT)), name)
        for file in ROOT.rglob("*")
        if file.is_file()
        and not skipped & set(file.relative_to(ROOT).parts)
        and not file.parent.name.endswith(".egg-info")
        and file != ROOT / "pyproject.toml"
        for name in named
        if name.encode() in file.read_bytes()
    ]
    assert repeating == []


def test_the_documented_shell_completion_completes_commands_and_options() -> None:
    """docs/configuration.md's `eval "$(_CITYLINT_COMPLETE=bash_source citylint)"` (completion undocumented,
    issue 20): the script it evaluates, and the completions it then asks the installed command for."""
    import subprocess
    import sys

    script = Path(sys.executable).with_name("citylint")
    docs = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert 'eval "$(_CITYLINT_COMPLETE=bash_source citylint)"' in docs

    def complete(env: dict[str, str]) -> str:
        return subprocess.run(
            [str(script)], env=os.environ | env, capture_output=True, text=True, timeout=120, check=True
        ).stdout

    assert "_citylint_completion()" in complete({"_CITYLINT_COMPLETE": "bash_source"})
    words = {"_CITYLINT_COMPLETE": "bash_complete", "COMP_WORDS": "citylint check-m", "COMP_CWORD": "1"}
    assert complete(words).split() == ["plain,check-many"]
    words |= {"COMP_WORDS": "citylint check --fail-o", "COMP_CWORD": "2"}
    assert "plain,--fail-on" in complete(words).split()
