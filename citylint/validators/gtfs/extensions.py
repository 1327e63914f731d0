"""GTFS's known extensions for lock-in attribution: the catalogue (``gtfs_extensions.yaml``: who controls a
non-standard file, column or code) and the closest official GTFS name to an unknown file or column. The GTFS
validator hands them to attribution (``Context.handoffs.extensions``); ``citylint/lockin`` reads any catalogue
and imports nothing from the validators."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from citylint.lockin.catalogue import Catalogue, Extensions, load_catalogue
from citylint.lockin.suggest import closest
from citylint.validators.gtfs.schema import load_schema


@cache
def gtfs_catalogue() -> Catalogue:
    text = files("citylint.validators.gtfs").joinpath("gtfs_extensions.yaml").read_text(encoding="utf-8")
    return load_catalogue(text)


def official_file(name: str) -> str | None:
    return closest(name, sorted(load_schema().files))


def official_column(file: str, column: str) -> str | None:
    schema = load_schema().file(file.lower())
    return None if schema is None else closest(column, [f.name for f in schema.fields])


@cache
def gtfs_extensions() -> Extensions:
    return Extensions(gtfs_catalogue(), official_file, official_column)
