"""The fast engine's store-free evaluation (``shacl/fast/columnar.py``): what it reads and when it declines.

Plain N-Triples are read by polars directly; anything else goes through pyoxigraph's parser and its canonical
writer. Both reads must give the same triples; the plain pattern must accept only lines the writer would
write unchanged. End to end, results are compared with pyshacl's through the CLI (test_shacl_engines.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyoxigraph as ox
import pytest

from citylint.validators.rdf.load import RdfDocument
from citylint.validators.rdf.shacl.engines.base import RdfInput
from citylint.validators.rdf.shacl.engines.fast import _fill
from citylint.validators.rdf.shacl.fast import columnar
from tests.conftest import run_cli

EX = "http://example.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"
PLAIN = [
    f"<{EX}s/1> {TYPE} <{EX}Sensor> .",
    f'<{EX}s/1> <{EX}name> "Sensor 1, (north) #2 = ok?" .',
    f'<{EX}s/1> <{EX}value> "12.340"^^{DECIMAL} .',
    f'<{EX}s/1> <{EX}label> "capteur"@fr-be .',
    f"<https://example.org:8080/a%20b?q=1&r=(x)#frag> <{EX}p> <urn:isbn:0451450523> .",
]
NOT_PLAIN = [
    "# a comment",
    f"<{EX}s/1> <{EX}p> _:b1 .",  # blank node labels are the parser's
    f'<{EX}s/1> <{EX}p> "a\\"b" .',  # an escape
    f'<{EX}s/1> <{EX}p> "x"@EN .',  # the parser lowers tags
    f'<{EX}s/1> <{EX}p> "caf\u00e9" .',  # not ASCII
    f"<{EX}s/1>  <{EX}p> <{EX}o> .",  # two spaces
    f"<{EX}s/1> <{EX}p> <{EX}o>.",
    f"<ftp://example.org/x> <{EX}p> <{EX}o> .",  # another scheme
    f'<{EX}s/1> <{EX}p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .',  # written "x" by the parser
]


def _canonical(line: str) -> str:
    return ox.serialize(ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)


def _is_plain(line: str) -> bool:
    frame = pl.DataFrame({"line": [line]})
    return bool(frame.select(pl.col("line").str.contains(columnar.PLAIN_LINE)).item())


@pytest.mark.parametrize("line", PLAIN)
def test_plain_lines_are_what_the_parser_writes(line: str) -> None:
    assert _is_plain(line)
    assert _canonical(line).decode() == line + "\n"


@pytest.mark.parametrize("line", NOT_PLAIN)
def test_other_lines_are_not_plain(line: str) -> None:
    plain = _is_plain(line) and columnar.XSD_STRING_SUFFIX not in line
    assert not plain


SPLIT_EDGES = [
    f"<{EX}s/1> <{EX}p>",  # no object
    f"<{EX}s/1>",
    f"<{EX}s/1> <{EX}p> <{EX}o> . ",
    f'<{EX}s/1> <{EX}p> "a b . c" .',  # spaces inside a literal
    f'<{EX}s/1> "x" <{EX}o> .',  # a literal predicate
    f"<{EX}s 1> <{EX}p> <{EX}o> .",
]


@pytest.mark.parametrize("line", [*PLAIN, *NOT_PLAIN, *SPLIT_EDGES])
def test_the_split_test_is_the_whole_line_pattern(line: str) -> None:
    """The reader tests subject, predicate (once per distinct one) and the rest apart (issue 22): the same
    answer as PLAIN_LINE on the whole line."""
    frame = pl.DataFrame({"line": [line, PLAIN[0]]})
    split = frame.select(
        pl.col("line").str.splitn(" ", 3).struct.rename_fields(["s", "p", "o"]).alias("t")
    ).unnest("t")
    assert columnar._plain_triples(split) == _is_plain(line)


def _read(path: Path, plain: bool) -> tuple[dict[str, list[tuple[str, str]]], int]:
    predicates = [TYPE, f"<{EX}name>", f"<{EX}value>", f"<{EX}label>", f"<{EX}p>"]
    sink = columnar.TripleSink(predicates, plain=plain)
    sink.CHUNK = 64  # many chunks, lines cut across them
    triples, count, _, _ = _fill(sink, RdfInput([RdfDocument(path, "nt")]))
    return {p: sorted(triples.named(f).iter_rows()) for p, f in triples.parts.items()}, count


def test_plain_and_parsed_reads_give_the_same_triples(tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    # a triple stated twice (the graph holds it once), no end of line at the end of the file
    data.write_text("\n".join([*PLAIN, PLAIN[1], f"<{EX}s/2> <{EX}p> <{EX}o>" + " ."]))
    plain, plain_count = _read(data, plain=True)
    parsed, parsed_count = _read(data, plain=False)
    assert plain == parsed and plain_count == parsed_count == len(PLAIN) + 1
    assert len(plain[f"<{EX}name>"]) == 1


def test_subjects_are_hashed_and_two_names_sharing_a_hash_decline() -> None:
    names = pl.DataFrame({"name": [f"<{EX}a>", f"<{EX}b>"]})
    triples = columnar.Triples({}, names.select(*columnar.hashed(pl.col("name")), "name"))
    assert sorted(triples.names.get_column("name")) == [f"<{EX}a>", f"<{EX}b>"]
    frame = names.select(pl.col("name").hash(seed=columnar.SEED).alias("s"), pl.lit("x").alias("o"))
    assert triples.named(frame).sort("s").rows() == [(f"<{EX}a>", "x"), (f"<{EX}b>", "x")]
    # a third name given the first's join hash but its own check hash: a collision, which the store decides
    clash = pl.DataFrame({"s": [frame.item(0, "s")], "s2": [0], "name": [f"<{EX}c>"]})
    with pytest.raises(columnar.NotColumnar, match="share a 64-bit hash"):
        triples.add_names(clash.cast({"s": pl.UInt64, "s2": pl.UInt64}))


def test_a_line_that_is_not_plain_sends_the_file_to_the_parser(tmp_path: Path) -> None:
    data = tmp_path / "data.nt"
    data.write_text("\n".join([*PLAIN, NOT_PLAIN[2]]) + "\n")
    with pytest.raises(columnar.NotPlain):
        _read(data, plain=True)
    parsed, count = _read(data, plain=False)
    assert count == len(PLAIN) + 1 and (f"<{EX}s/1>", '"a\\"b"') in parsed[f"<{EX}p>"]


@pytest.mark.parametrize("extra", ["", NOT_PLAIN[0], NOT_PLAIN[1], NOT_PLAIN[4]])
def test_n_triples_read_either_way_give_pyshacl_findings(tmp_path: Path, extra: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Sensor ;\n"
        "  sh:property [ sh:path ex:name ; sh:maxCount 0 ] ;\n"
        "  sh:property [ sh:path ex:value ; sh:datatype xsd:integer ; sh:minCount 1 ] ;\n"
        "  sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ] .\n"
    )
    data = tmp_path / "data.nt"
    data.write_text("\n".join([*PLAIN, f"<{EX}s/2> {TYPE} <{EX}Sensor> .", extra]) + "\n")
    auto, reference = _findings_of_both_engines(tmp_path, data, shapes)
    assert auto == reference and len(auto) >= 3


def test_object_and_node_targets_evaluated_column_by_column_give_pyshacl_findings(tmp_path: Path) -> None:
    """Focus nodes that are objects (sh:targetObjectsOf) or named (sh:targetNode) join the names table."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:Known a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:targetNode ex:alone ;\n"
        "  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] .\n"
    )
    data = tmp_path / "data.nt"
    data.write_text(
        "\n".join(
            [
                f"<{EX}a> <{EX}knows> <{EX}b> .",
                f"<{EX}a> <{EX}knows> <{EX}c> .",
                f'<{EX}b> <{EX}name> "B" .',
                f'<{EX}c> <{EX}name> "C1" .',
                f'<{EX}c> <{EX}name> "C2" .',
                f"<{EX}c> <{EX}knows> <{EX}d> .",  # d: an object only, no name
            ]
        )
        + "\n"
    )
    auto, reference = _findings_of_both_engines(tmp_path, data, shapes)
    assert auto == reference
    assert len(auto) == 3  # c: two names; d and ex:alone: none


def _findings_of_both_engines(tmp_path: Path, data: Path, shapes: Path) -> tuple[list[str], list[str]]:
    """Every finding of ``check --engine auto`` (which must have run column by column) and of pyshacl."""
    reports = {}
    for engine in ("auto", "pyshacl"):
        out = tmp_path / f"{engine}.json"
        code, _, err = run_cli(
            "check",
            str(data),
            "--shapes",
            str(shapes),
            "--engine",
            engine,
            "-f",
            "json",
            "-o",
            str(out),
            "--quiet",
        )
        assert code == 1, err
        reports[engine] = json.loads(out.read_text())
    assert "column by column" in reports["auto"]["summary"]["shacl"]["engineReason"]

    def findings(report: dict[str, object]) -> list[str]:
        """Every finding; a blank node's label is each parser's own (and changes from run to run)."""
        notices = report["notices"]
        assert isinstance(notices, list)
        return sorted(
            json.dumps(
                [
                    n["code"],
                    {k: "_:" if str(v).startswith("_:") else v for k, v in s.items() if k != "citylint"},
                ],
                sort_keys=True,
            )
            for n in notices
            for s in n["sampleNotices"]
        )

    return findings(reports["auto"]), findings(reports["pyshacl"])


def test_plain_n_triples_are_evaluated_without_loading_pyoxigraph(tmp_path: Path) -> None:
    """pyoxigraph (10 MB resident) is loaded only after the columnar run has freed its data."""
    data = tmp_path / "data.nt"
    data.write_text("\n".join([*PLAIN, f"<{EX}s/2> {TYPE} <{EX}Sensor> ."]) + "\n")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Sensor ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n"
    )
    script = (
        "import sys; from pathlib import Path\n"
        "from citylint.validators.rdf.shacl.engines import fast as engine\n"
        "from citylint.validators.rdf.shacl.engines.base import RdfInput\n"
        "from citylint.validators.rdf.shacl.fast.shapes import ShapesModel\n"
        "model = ShapesModel(RdfInput.of([Path(sys.argv[2])]).graph())\n"
        "outcome, found = engine._columnar(RdfInput.of([Path(sys.argv[1])]), model)\n"
        "print(len(found), 'pyoxigraph' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(data), str(shapes)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1", "False"]  # s/2 has no name; the parser never loaded
