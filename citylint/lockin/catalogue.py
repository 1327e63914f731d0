"""The catalogue of known extensions (``gtfs_extensions.yaml``): who controls a non-standard file, column or code.

An entry names a file (a whole extension file), a file's column, or a column's code values; looking a finding's
file / column / value up gives the entry, or ``None`` when nobody is known to have defined it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from citylint.model import EifLayer, LockinKind


def parse_values(text: str) -> frozenset[int]:
    """``"100-117,700,1500-1507"`` → the set of integers it names."""
    out: set[int] = set()
    for part in str(text).split(","):
        low, _, high = part.strip().partition("-")
        out.update(range(int(low), int(high or low) + 1))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Origin:
    """Who controls a set of extensions."""

    name: str
    kind: LockinKind
    principles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    origin: Origin
    file: str
    column: str | None
    values: frozenset[int]
    layer: EifLayer
    alternative: str
    source: str
    status: str
    alternatives: tuple[tuple[frozenset[int], str], ...] = ()

    @property
    def element(self) -> str:
        """What the entry names, as a report shows it: ``file``, ``file column`` or ``file column=values``."""
        return self.file if self.column is None else f"{self.file} {self.column}"

    def alternative_for(self, value: int | None) -> str:
        for values, text in self.alternatives:
            if value in values:
                return text
        return self.alternative


class Catalogue:
    """The entries, indexed by file, by (file, column) and by (file, column) for code values."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self._by_file: dict[str, Entry] = {}
        self._by_column: dict[tuple[str, str], Entry] = {}
        self._by_value: dict[tuple[str, str], list[Entry]] = {}
        for entry in entries:
            if entry.column is None:
                self._by_file[entry.file] = entry
            elif entry.values:
                self._by_value.setdefault((entry.file, entry.column), []).append(entry)
            else:
                self._by_column[(entry.file, entry.column)] = entry

    def file(self, name: str) -> Entry | None:
        """The entry of an extension file (names compare case-insensitively, as GTFS file names do)."""
        return self._by_file.get(name.strip().lower())

    def column(self, file: str, column: str) -> Entry | None:
        return self._by_column.get((file.lower(), column.strip()))

    def value(self, file: str, column: str, value: Any) -> Entry | None:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        for entry in self._by_value.get((file.lower(), column), ()):
            if number in entry.values:
                return entry
        return None

    def value_fields(self) -> list[tuple[str, str, list[Entry]]]:
        """The (file, column) pairs whose codes the catalogue knows, with their entries."""
        return [(f, c, entries) for (f, c), entries in self._by_value.items()]


def _entry(origin: Origin, raw: dict[str, Any]) -> Entry:
    alternatives = tuple((parse_values(k), str(v)) for k, v in (raw.get("alternatives") or {}).items())
    return Entry(origin=origin, file=raw["file"], column=raw.get("column"),
                 values=parse_values(raw["values"]) if "values" in raw else frozenset(),
                 layer=EifLayer(raw["layer"]), alternative=str(raw.get("alternative", "none")),
                 source=raw["source"], status=" ".join(str(raw["status"]).split()), alternatives=alternatives)


@cache
def gtfs_catalogue() -> Catalogue:
    text = files("citylint.lockin").joinpath("gtfs_extensions.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader where PyYAML has it (as for the GTFS schema): every GTFS run reads this file, and
    # the pure-Python loader takes ten times as long
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    entries = []
    for item in raw["origins"]:
        origin = Origin(item["name"], LockinKind(item["kind"]), tuple(item.get("principles", ())))
        entries += [_entry(origin, e) for e in item["entries"]]
    return Catalogue(tuple(entries))
