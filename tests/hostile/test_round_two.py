"""Security round two (issue 19), through the real CLI, one process per case: no file outside the allowed
roots read or quoted, no request without --allow-network, outputs safe for the programs that read them,
citylint's own formats parsed with limits, and costs linear in what an attacker controls."""

from __future__ import annotations

import http.server
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import xml.dom.minidom
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tests.hostile.builders import base_members, feed_folder, write_zip
from tests.hostile.harness import (
    LAUNCHER,
    MAX_PEAK_RSS_MB,
    MAX_SECONDS,
    Outcome,
    _listing,
    assert_handled,
    assert_offline,
    assert_opened_only_inside,
    audit_env,
    read_audit,
    run_citylint,
)

pytestmark = pytest.mark.hostile

SECRET = "TOPSECRET-7f3a"  # written into files citylint must never quote
SHAPES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
    "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .\n"
)
DATA = '<http://example.org/a> <http://example.org/p> "x" .\n'


def run_command(
    workdir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> Outcome:
    """Any citylint command in a fresh process (``run_citylint`` runs ``check`` only), measured the same
    way."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "tmp").mkdir(exist_ok=True)
    logs = workdir.parent / f"{workdir.name}.logs"
    logs.mkdir(exist_ok=True)
    measured = logs / "measured.json"
    before = _listing(workdir)
    full_env = {
        **os.environ,
        "TMPDIR": str(workdir / "tmp"),
        "NO_COLOR": "1",
        **audit_env(logs),
        **(env or {}),
    }
    with (logs / "stdout").open("wb") as stdout, (logs / "stderr").open("wb") as stderr:
        subprocess.run(
            [
                sys.executable,
                str(LAUNCHER),
                str(measured),
                str(timeout),
                sys.executable,
                "-m",
                "citylint",
                *args,
            ],
            cwd=workdir,
            env=full_env,
            stdout=stdout,
            stderr=stderr,
            check=False,
        )
    facts = json.loads(measured.read_text())
    # Every write outside the output folder ``out/`` (a temporary file left in TMPDIR included) is a stray.
    stray = sorted(p for p in _listing(workdir) - before if not p.startswith("out/"))
    return Outcome(
        facts["exit_code"],
        (logs / "stdout").read_text(errors="replace"),
        (logs / "stderr").read_text(errors="replace"),
        facts["seconds"],
        facts["peak_rss_kb"] / 1024,
        None,
        stray,
        args,
        read_audit(logs),
    )


def _within_bounds(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.seconds < MAX_SECONDS and outcome.peak_rss_mb < MAX_PEAK_RSS_MB
    assert outcome.stray_files == [], outcome.stray_files
    assert_offline(outcome)


def _one_line_exit_2(outcome: Outcome) -> str:
    _within_bounds(outcome)
    assert outcome.exit_code == 2, (outcome.exit_code, outcome.stderr)
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("citylint: error:"), outcome.stderr
    return lines[0]


def _no_secret(outcome: Outcome, *folders: Path) -> None:
    assert SECRET not in outcome.stdout + outcome.stderr
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path


def _secret_file(folder: Path, name: str = "secret.ttl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{SECRET} this is not Turtle {SECRET}\n")
    return path


# -- 1. the read
# policy -----------------------------------------------------------------------------------------


def _profile(folder: Path, key: str, entry: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ok.ttl").write_text(SHAPES)
    shapes = "[ok.ttl]" if key == "background" else f"[{json.dumps(entry)}]"
    extra = f"    background: [{json.dumps(entry)}]\n" if key == "background" else ""
    path = folder / "profile.yaml"
    path.write_text(
        f"name: x\ntitle: x\nextends: [shacl]\nvalidators:\n  shacl:\n    shapes: {shapes}\n{extra}"
    )
    return path


@pytest.mark.parametrize("key", ["shapes", "background"])
@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "device"])
def test_profile_files_stay_in_the_profile_folder(key: str, how: str, tmp_path: Path) -> None:
    secret = _secret_file(tmp_path / "elsewhere")
    folder = tmp_path / "profiles"
    folder.mkdir()
    entry = {
        "absolute": str(secret),
        "dotdot": "../elsewhere/secret.ttl",
        "symlink": "link.ttl",
        "device": "/dev/zero",
    }[how]
    (folder / "link.ttl").symlink_to(secret)
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    outcome = run_citylint(tmp_path / "run", str(data), "--profile", str(_profile(folder, key, entry)))
    assert_handled(outcome, exit_codes={2})
    assert "outside the profile's folder" in outcome.stderr
    _no_secret(outcome, tmp_path / "run")


def test_a_broken_shapes_file_beside_the_profile_is_not_quoted(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    _secret_file(folder, "broken.ttl")
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    outcome = run_citylint(
        tmp_path / "run", str(data), "--profile", str(_profile(folder, "shapes", "broken.ttl"))
    )
    assert_handled(outcome, exit_codes={2})
    assert "broken.ttl" in outcome.stderr and "not quoted" in outcome.stderr
    _no_secret(outcome, tmp_path / "run")


def test_a_dcat_sidecar_linked_out_of_the_data_folder_is_not_read(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path / "elsewhere")
    data = tmp_path / "data"
    feed = feed_folder(data / "feed")
    (data / "feed.dcat.ttl").symlink_to(secret)
    outcome = run_citylint(tmp_path / "run", str(feed))
    assert_handled(outcome, exit_codes={0, 1})
    _no_secret(outcome, tmp_path / "run")
    assert outcome.report is not None and "secret.ttl" not in json.dumps(outcome.report)


@pytest.mark.parametrize(
    "context",
    [
        "file:///etc/passwd",
        "file:///etc/shadow",
        "../../../../../../etc/passwd",
        "file:///dev/zero",
        "/dev/zero",
        "LINK",
        "SECRET",
    ],
)
def test_jsonld_context_that_names_a_local_file_outside_the_roots(context: str, tmp_path: Path) -> None:
    secret = _secret_file(tmp_path / "elsewhere", "secret.jsonld")
    folder = tmp_path / "data"
    folder.mkdir()
    if context == "LINK":
        (folder / "ctx.jsonld").symlink_to(secret)
        context = "ctx.jsonld"
    elif context == "SECRET":
        context = secret.as_uri()
    data = folder / "d.jsonld"
    data.write_text(
        json.dumps({"@context": context, "@id": "http://example.org/a", "http://example.org/p": "x"})
    )
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES)
    outcome = run_citylint(tmp_path / "run", str(data), "--shapes", str(shapes))
    assert_handled(outcome, exit_codes={1, 2})
    text = outcome.stderr + json.dumps(outcome.report or {})
    assert "outside the folders citylint may read" in text
    assert "root:" not in text  # nothing of /etc/passwd
    _no_secret(outcome, tmp_path / "run")
    # not even opened (audit hook): only the input's folder, the shapes file and the run's folder
    assert_opened_only_inside(outcome, folder, shapes, tmp_path / "run", forbidden=(str(secret),))


class _Counter(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.requests.append(self.path)
        body = json.dumps({"@context": {"dcat": "http://www.w3.org/ns/dcat#"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Counter.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_check_many_does_not_fetch_a_catalogue_context_without_allow_network(
    tmp_path: Path, server: str
) -> None:
    catalog = tmp_path / "catalog.jsonld"
    catalog.write_text(
        json.dumps({"@context": f"{server}/context.jsonld", "@id": "http://x/c", "@type": "dcat:Catalog"})
    )
    outcome = run_command(
        tmp_path / "run", "check-many", str(catalog), "-d", str(tmp_path / "run" / "out"), "-q"
    )
    line = _one_line_exit_2(outcome)
    assert "--allow-network" in line
    assert _Counter.requests == []


DCAT = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
<http://x/c> a dcat:Catalog .
<http://x/secret> a dcat:Dataset ; dcat:distribution [ dcat:downloadURL <{secret}> ] .
<http://x/zero> a dcat:Dataset ; dcat:distribution [ dcat:downloadURL <file:///dev/zero> ] .
<http://x/up> a dcat:Dataset ; dcat:distribution [ dcat:downloadURL <../../../../../../etc/shadow> ] .
"""


@pytest.mark.parametrize("opt_in", [False, True])
def test_check_many_refuses_local_files_a_catalogue_names(opt_in: bool, tmp_path: Path) -> None:
    secret = _secret_file(tmp_path / "elsewhere")
    catalog = tmp_path / "cat" / "catalog.ttl"
    catalog.parent.mkdir()
    catalog.write_text(DCAT.format(secret=secret.as_uri()))
    out = tmp_path / "run" / "out"
    outcome = run_command(
        tmp_path / "run",
        "check-many",
        str(catalog),
        "-d",
        str(out),
        "-q",
        "--workers",
        "1",
        *(["--allow-file-urls"] if opt_in else []),
    )
    _within_bounds(outcome)
    assert outcome.exit_code == 2
    with sqlite3.connect(out / "citylint-results.sqlite") as connection:
        errors = dict(connection.execute("select dataset_id, system_errors from citylint_results"))
    assert set(errors) == {"secret", "zero", "up"}
    if opt_in:  # read, but only as regular files: /dev/zero is never hashed nor parsed
        assert "not a regular file" in errors["zero"]
    else:
        assert all("refused" in e or "no such file" in e for e in errors.values()), errors
    _no_secret(outcome, out)


def test_check_many_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    feed_folder(catalog / "bus")
    out = tmp_path / "run" / "out"
    out.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.mkdir()
    (out / "bus").symlink_to(victim)
    outcome = run_command(
        tmp_path / "run", "check-many", str(catalog), "-d", str(out), "-q", "--workers", "1", timeout=180
    )
    assert "Traceback" not in outcome.stderr
    assert outcome.exit_code == 2
    assert list(victim.iterdir()) == []


def test_a_catalogue_of_10000_missing_files_fails_fast(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("id,path\n" + "".join(f"d{i},missing.zip\n" for i in range(10_000)))
    outcome = run_command(
        tmp_path / "run", "check-many", str(catalog), "-d", str(tmp_path / "run" / "out"), "-q"
    )
    _within_bounds(outcome)
    assert outcome.exit_code == 2 and "10000 could not be validated" in outcome.stdout
    assert outcome.seconds < 30


# -- 2. outputs escaped for their
# consumer ----------------------------------------------------------------------

EVIL = (
    "x\n::stop-commands::tok\n  ::error title=forged::approved\x1b]0;title\x07 \x1b]52;c;ZWNobw==\x07\r"
    "##[add-mask]x @octocat ![i](https:e.x) [l](www.e.x) <b>h<b> | c \x0b\u202e.txt"
)


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "sarif", "earl", "json"])
def test_data_cannot_inject_workflow_commands_or_terminal_escapes(fmt: str, tmp_path: Path) -> None:
    members = base_members()
    members[EVIL] = b"a,b\n1,2\n"
    feed = write_zip(tmp_path / "feed.zip", members)
    outcome = run_command(
        tmp_path / "run",
        "check",
        str(feed),
        "--format",
        fmt,
        "--date",
        "2026-10-01",
        env={"GITHUB_ACTIONS": "true"},
    )
    _within_bounds(outcome)
    assert outcome.exit_code in (0, 1)
    for stream in (outcome.stdout, outcome.stderr):
        for line in stream.splitlines():
            if line.lstrip().startswith("::"):  # citylint's own annotations only
                assert line.startswith("::notice file=") and ",title=citylint " in line, line
                assert "\r" not in line
        assert "##[" not in stream
        assert "\x1b" not in stream and "\x07" not in stream
        if fmt not in (
            "json",
            "sarif",
        ):  # JSON keeps the data's text exactly (C0 controls escaped by JSON itself)
            assert "\u202e" not in stream
    assert sum(line.startswith("::") for line in outcome.stderr.splitlines()) == 1  # the one finding
    if fmt == "junit":
        xml.dom.minidom.parseString(outcome.stdout.encode())  # well-formed
    if fmt == "markdown":
        assert (
            "@octocat" not in outcome.stdout and "![i](" not in outcome.stdout and "<b>" not in outcome.stdout
        )
        assert "[l](" not in outcome.stdout and "www.e.x" not in outcome.stdout
        # a "|" from the data never ends a table cell: every one is escaped
        assert "\\| c" in outcome.stdout and not re.search(r"(?<!\\)\| c ", outcome.stdout)
    if fmt == "sarif":
        uris = [a["location"]["uri"] for a in json.loads(outcome.stdout)["runs"][0]["artifacts"]]
        assert all(" " not in u and "\n" not in u for u in uris)


def test_history_shows_control_characters_visibly(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text('id,path\n"evil\x1b]0;pwn\x07\n::error::x",missing.zip\n')
    out = tmp_path / "run" / "out"
    assert run_command(tmp_path / "run", "check-many", str(catalog), "-d", str(out), "-q").exit_code == 2
    outcome = run_command(tmp_path / "run", "history", "--store", str(out / "citylint-results.sqlite"))
    _within_bounds(outcome)
    assert outcome.exit_code == 0
    assert "\x1b" not in outcome.stdout and "\x07" not in outcome.stdout
    assert not any(line.lstrip().startswith("::") for line in outcome.stdout.splitlines())
    assert "evil\\x1b]0;pwn\\x07\\x0a::error::x" in outcome.stdout


# -- 3. citylint's own
# formats ----------------------------------------------------------------------------------

DEEP_JSON = "[" * 100_000 + "]" * 100_000
BAD_REPORTS = {
    "deeply nested": DEEP_JSON,
    "nested under the limit of the parser, over citylint's": '{"notices": ' + "[" * 500 + "]" * 500 + "}",
    "notices not a list": '{"notices": {"code": 1}}',
    "total not a number": '{"notices": [{"code": "x", "totalNotices": "many"}]}',
    "not UTF-8": "\udcff",
}


@pytest.mark.parametrize("name", BAD_REPORTS)
def test_diff_and_compare_refuse_bad_reports_in_one_line(name: str, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text(BAD_REPORTS[name], errors="surrogateescape")
    good = tmp_path / "new.json"
    good.write_text('{"notices": []}')
    _one_line_exit_2(run_command(tmp_path / "diff", "diff", str(bad), str(good)))
    feed = feed_folder(tmp_path / "feed")
    _one_line_exit_2(run_command(tmp_path / "compare", "check", str(feed), "--compare", str(bad), "-q"))


@pytest.mark.parametrize(
    "body",
    [
        DEEP_JSON,
        '{"citylintBaseline": 1, "inputs": {"f": {"c": {"fp": "x"}}}}',
        '{"citylintBaseline": 1, "inputs": {"f": {"c": {"fp": -3}}}}',
    ],
    ids=["deep", "count-text", "count-negative"],
)
def test_bad_baselines_are_refused_in_one_line(body: str, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(body)
    feed = feed_folder(tmp_path / "feed")
    _one_line_exit_2(run_command(tmp_path / "run", "check", str(feed), "--baseline", str(baseline), "-q"))


@pytest.mark.parametrize(
    "text",
    [
        "name: x\ntitle: x\nvalidators: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "name: x\ntitle: x\nvalidators: " + "{a: " * 100 + "1" + "}" * 100 + "\n",
        "name: x\ntitle: x\nvalidators: &a {gtfs: *a}\n",
    ],
    ids=["deep-flow", "deep-mapping", "alias-cycle"],
)
def test_deep_or_cyclic_profiles_are_refused_in_one_line(text: str, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(text)
    line = _one_line_exit_2(
        run_command(
            tmp_path / "run", "check", str(feed_folder(tmp_path / "feed")), "--profile", str(profile), "-q"
        )
    )
    assert "nested deeper than" in line


@pytest.mark.parametrize(
    "tamper",
    [
        "update citylint_results set system_errors = '[[[[1]]]]'",
        "update citylint_results set errors = 'lots'",
        "update citylint_results set validated_at = 'yesterday'",
        "update citylint_results set system_errors = '{'",
    ],
)
def test_a_tampered_results_store_is_refused_in_one_line(tamper: str, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("id,path\na,missing.zip\n")
    out = tmp_path / "run" / "out"
    run_command(tmp_path / "run", "check-many", str(catalog), "-d", str(out), "-q")
    store = out / "citylint-results.sqlite"
    with sqlite3.connect(store) as connection:
        connection.execute(tamper)
    line = _one_line_exit_2(run_command(tmp_path / "history", "history", "--store", str(store)))
    assert "malformed" in line


# -- 4. linear
# cost ---------------------------------------------------------------------------------------------


def test_a_zip_of_100000_unknown_members_is_linear(tmp_path: Path) -> None:
    members = [*base_members().items(), *((f"extra_{i}.txt", b"") for i in range(100_000))]
    feed = write_zip(tmp_path / "many.zip", members)
    outcome = run_citylint(tmp_path / "run", str(feed))
    assert_handled(outcome, exit_codes={0, 1})
    assert outcome.codes().get("unknown_file") == 100_000
    assert outcome.seconds < 45
