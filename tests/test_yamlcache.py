"""citylint.yamlcache: shipped YAML parsed once per text, the same data from the cache as from the parser."""

from __future__ import annotations

import datetime as dt
import math
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from citylint import yamlcache


@pytest.fixture(autouse=True)
def _cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    return tmp_path


def _parsed(text: str) -> object:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _cached() -> list[Path]:
    return sorted(yamlcache.cache_dir().glob("yaml-*.json"))


@pytest.mark.parametrize(
    ("package", "name"),
    [("citylint.validators.gtfs", "gtfs_schema.yaml"), ("citylint.validators.gtfs", "gtfs_extensions.yaml")],
)
def test_shipped_files_come_back_from_the_cache_as_parsed(package: str, name: str) -> None:
    text = files(package).joinpath(name).read_text(encoding="utf-8")
    first = yamlcache.load_yaml(text)
    assert len(_cached()) == 1  # written by the first run
    again = yamlcache.load_yaml(text)
    assert first == again == _parsed(text)
    assert repr(again) == repr(_parsed(text))  # same types too (dates, integer keys), in the same order


def test_dates_and_keys_that_are_not_strings_keep_their_types() -> None:
    text = (
        "a: 2026-12-07\nb: {100: x, true: y, null: z, 2026-01-01: w}\nc: [1, 1.5, '1', on]\n"
        "d: 2026-12-07 10:00:00\n"
    )
    yamlcache.load_yaml(text)
    data = yamlcache.load_yaml(text)
    assert repr(data) == repr(_parsed(text))
    assert isinstance(data["a"], dt.date) and isinstance(data["d"], dt.datetime)
    assert list(data["b"]) == [100, True, None, dt.date(2026, 1, 1)]


def test_data_that_would_not_come_back_equal_is_parsed_every_time() -> None:
    text = "a: .nan\n"
    assert math.isnan(yamlcache.load_yaml(text)["a"])
    assert _cached() == []


def test_a_damaged_copy_is_parsed_again_and_replaced() -> None:
    text = "a: [1, 2]\n"
    yamlcache.load_yaml(text)
    (copy,) = _cached()
    copy.write_text('{"a": [1, ', encoding="utf-8")
    assert yamlcache.load_yaml(text) == {"a": [1, 2]}
    assert yamlcache.load_yaml(text) == {"a": [1, 2]}
    assert copy.read_text(encoding="utf-8") == '{"a":[1,2]}'


def test_a_cache_that_cannot_be_written_only_costs_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert yamlcache.load_yaml("a: 1\n") == {"a": 1}
