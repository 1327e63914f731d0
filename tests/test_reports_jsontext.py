"""The JSON and SARIF writers' encoder (``citylint/reports/jsontext.py``) writes what ``json.dumps(value,
indent=2, ensure_ascii=False, default=str)`` writes, byte for byte, on every kind of value a report can hold:
nested and empty containers, tuples, every key type JSON coerces, non-finite and large numbers, enums,
dates, paths, control and non-ASCII characters, lone surrogates; and raises where it raises."""

from __future__ import annotations

import datetime as dt
import enum
import json
import random
from pathlib import Path
from typing import Any

import pytest

from citylint.reports.jsontext import dumps


class Plain(enum.Enum):
    A = 1


class Text(str, enum.Enum):
    B = "b"


class Number(enum.IntEnum):
    C = 3


SCALARS: list[Any] = [
    None, True, False, 0, -5, 2**70, 1.5, 1e16, 1e-7, -0.0, float("nan"), float("inf"), -float("inf"),
    "", 'é"\\\n\t\x01\u2028\ud800', "x" * 3, dt.date(2026, 1, 2), Plain.A, Text.B, Number.C, Path("/a"),
    3 + 4j, b"x",
]  # fmt: skip
KEYS: list[Any] = ["a", "b", "é", 1, 2.5, True, None, False, 7, "z", Text.B, Number.C]


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.5:
        return rng.choice(SCALARS)
    if roll < 0.7:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.8:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {rng.choice(KEYS): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def test_the_standard_encoders_text_on_random_values() -> None:
    rng = random.Random(22)
    for _ in range(3000):
        value = _value(rng, 0)
        assert dumps(value) == _standard(value)


def test_the_standard_encoders_text_on_a_report_shaped_value() -> None:
    sample = {
        "filename": "a.nt",
        "count": 3,
        "citylint": {"message": "m", "location": {"file": "a", "line": 2}},
    }
    body = {
        "summary": {"timings": {}, "codes": []},
        "notices": [{"sampleNotices": [sample] * 3, "x": [1, 2]}],
    }
    assert dumps(body) == _standard(body)
    assert dumps("top") == _standard("top") and dumps(3) == _standard(3) and dumps([]) == _standard([])


@pytest.mark.parametrize("bad", [{(1, 2): 1}, {"a": {(1,): 2}}, {"a": [{(1,): 2}, {"b": 1}]}])
def test_a_key_json_cannot_write_is_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError):
        _standard(bad)
    with pytest.raises(TypeError):
        dumps(bad)


def test_a_circular_value_is_the_standard_encoders_error() -> None:
    loop: list[Any] = []
    loop.append({"again": loop})
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
