"""A SHACL report is the same from run to run: pyshacl's results come in Python's hash order, which changes
with each process (PYTHONHASHSEED), and a report keeps the first samples it is given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:CounterShape a sh:NodeShape ; sh:targetClass ex:Counter ;
    sh:property [ sh:path ex:count ; sh:minCount 1 ; sh:datatype xsd:integer ] ;
    sh:property [ sh:path ex:label ; sh:maxCount 1 ] .
"""


def _data(count: int) -> str:
    lines = ["@prefix ex: <http://example.org/> ."]
    for i in range(count):
        extra = f' ; ex:count "n{i}"' if i % 3 == 0 else ""
        lines.append(f'ex:c{i} a ex:Counter ; ex:label "a", "b"{extra} .')
    return "\n".join(lines) + "\n"


def _report(tmp_path: Path, seed: str, engine: str) -> dict[str, object]:
    out = tmp_path / f"{engine}-{seed}.json"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "citylint", "check", str(tmp_path / "data.ttl"), "--shapes",
         str(tmp_path / "shapes.ttl"), "--engine", engine, "--max-samples", "5", "--format", "json",
         "-o", str(out)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    return {n["code"]: n["sampleNotices"] for n in report["notices"]}


@pytest.mark.parametrize("engine", ["pyshacl", "fast"])
def test_samples_do_not_depend_on_the_process(tmp_path: Path, engine: str) -> None:
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(_data(40), encoding="utf-8")
    first = _report(tmp_path, "1", engine)
    assert set(first) == {"shacl_min_count", "shacl_datatype", "shacl_max_count"}
    for seed in ("2", "3"):
        assert _report(tmp_path, seed, engine) == first
