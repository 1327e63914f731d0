"""Hostile RDF inputs: external entities, entity expansion, huge literals, deep nesting, long collections,
remote contexts and imports (no network touched: a local server counts the requests), invalid IRIs, and a
SHACL-SPARQL constraint that would run for minutes."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import assert_handled, run_citylint

pytestmark = pytest.mark.hostile

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
"""
RDF_XML = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
    '<rdf:Description rdf:about="http://example.org/a"><ex:p>{value}</ex:p></rdf:Description></rdf:RDF>\n'
)


def _laughs() -> str:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n' + RDF_XML.format(value="&l9;")


CASES: dict[str, tuple[str, str, set[int], str | None]] = {
    # name: (file name, content, exit codes, finding code expected)
    "external entity reading /etc/passwd": (
        "xxe.rdf",
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + RDF_XML.format(value="&x;"),
        {1},
        "rdf_syntax_error",
    ),
    "billion laughs": ("laughs.rdf", _laughs(), {1}, "rdf_syntax_error"),
    "a 20 MB literal": (
        "huge.ttl",
        '<http://example.org/a> <http://example.org/p> "' + "x" * 20_000_000 + '" .\n',
        {0},
        None,
    ),
    "blank nodes nested 50,000 deep": (
        "deep.ttl",
        "<http://example.org/a> <http://example.org/p> "
        + "[ <http://example.org/p> " * 50_000
        + '"end"'
        + " ]" * 50_000
        + " .\n",
        {0, 1},
        None,
    ),
    "an RDF collection of 50,000 items": (
        "list.ttl",
        "<http://example.org/a> <http://example.org/q> (" + " ".join(map(str, range(50_000))) + ") .\n",
        {0},
        None,
    ),
    "an IRI with a space": (
        "iri.ttl",
        '<http://exa mple.org/a b> <http://example.org/p> "x" .\n',
        {0, 1},
        None,
    ),
    "a truncated Turtle statement": (
        "cut.ttl",
        "<http://example.org/a> <http://example.org/p> ",
        {1},
        "rdf_syntax_error",
    ),
    "binary garbage named .ttl": ("garbage.ttl", "\x00\x01\x02\xff" * 1000, {1, 2}, None),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_rdf(name: str, tmp_path: Path) -> None:
    file_name, content, exit_codes, code = CASES[name]
    data = tmp_path / file_name
    data.write_text(content, encoding="utf-8", errors="surrogateescape")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES)
    outcome = run_citylint(tmp_path / "run", str(data), "--shapes", str(shapes))
    assert_handled(outcome, exit_codes=exit_codes)
    if code is not None:
        assert code in outcome.codes(), outcome.codes()
    assert "root:" not in outcome.stdout + outcome.stderr + str(outcome.report), "a local file was read"


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that answers 404 and records every request it gets."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()


def test_remote_jsonld_context_is_refused_without_a_request(tmp_path: Path, recording_server) -> None:  # type: ignore[no-untyped-def]
    base, requests = recording_server
    data = tmp_path / "data.jsonld"
    data.write_text(f'{{"@context": "{base}/context.jsonld", "@id": "http://example.org/a", "name": "x"}}')
    (tmp_path / "shapes.ttl").write_text(SHAPES)
    outcome = run_citylint(tmp_path / "run", str(data), "--shapes", str(tmp_path / "shapes.ttl"))
    assert_handled(outcome, exit_codes={2})
    assert "--allow-network" in outcome.stderr
    assert requests == []


def test_owl_imports_over_http_are_not_fetched(tmp_path: Path, recording_server) -> None:  # type: ignore[no-untyped-def]
    base, requests = recording_server
    data = tmp_path / "data.ttl"
    data.write_text(
        f"<http://example.org/a> <http://www.w3.org/2002/07/owl#imports> <{base}/data-import.ttl> .\n"
    )
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES + f"<http://example.org/shapes> <http://www.w3.org/2002/07/owl#imports> "
        f"<{base}/shapes-import.ttl> .\n"
    )
    outcome = run_citylint(tmp_path / "run", str(data), "--shapes", str(shapes))
    assert_handled(outcome, exit_codes={0, 1})
    assert requests == []


def test_a_sparql_constraint_that_would_run_for_minutes_hits_the_time_limit(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(
        "\n".join(
            f"<http://example.org/n{i}> <http://example.org/p> <http://example.org/n{i + 1}> ."
            for i in range(400)
        )
        + "\n"
    )
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:n0 ; sh:sparql [ sh:select
  "SELECT $this WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . FILTER (STR(?a) = STR(?f) && ?a != ?f) }" ] .
""")
    outcome = run_citylint(tmp_path / "run", str(data), "--shapes", str(shapes), "--time-limit", "3")
    assert_handled(outcome, exit_codes={2})
    assert "stopped after 3 s" in outcome.stderr
