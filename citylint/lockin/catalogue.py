"""A catalogue of known extensions: who controls a non-standard file, column or code.

An entry names a file (a whole extension file), a file's column, or a column's code values; looking a
finding's file / column / value up gives the entry, or ``None`` when nobody is known to have defined it. The
catalogues belong to the standards they extend: a validator hands its :class:`Extensions` (its catalogue and
the standard's own names) to attribution (GTFS: ``citylint/validators/gtfs/extensions.py`` and
``gtfs_extensions.yaml``); this module only reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from citylint.model import EifLayer, LockinKind
from citylint.yamlcache import load_yaml


def parse_values(text: str) -> frozenset[int]:
    """``"100-117,700,1500-1507"`` → the set of integers it names."""
    out: set[int] = set()
    for part in str(text).split(","):
        low, _, high = part.strip().partition("-")
        out.update(range(int(low), int(high or low) + 1))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Source:
    """A page an origin is documented on: what it says, when it was last read, whether it is gone."""

    url: str
    says: str
    reviewed: str
    withdrawn: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "says": self.says, "reviewed": self.reviewed, "withdrawn": self.withdrawn}


@dataclass(frozen=True, slots=True)
class Consumer:
    """Who reads the dialect or its alternative (sourced)."""

    name: str
    reads: str
    source: str


@dataclass(frozen=True, slots=True)
class ExitPath:
    """What leaving an origin for the official or European alternative keeps and loses, and who reads what."""

    keeps: str
    loses: str
    consumers: tuple[Consumer, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The exit path as the reports show it."""
        return {
            "keeps": self.keeps,
            "loses": self.loses,
            "consumers": [{"name": c.name, "reads": c.reads, "source": c.source} for c in self.consumers],
        }


@dataclass(frozen=True, slots=True)
class Origin:
    """Who controls a set of extensions, with the sources that say so and the exit path."""

    name: str
    kind: LockinKind
    principles: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    exit: ExitPath | None = None


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
    netex: tuple[tuple[int, str], ...] = ()  # code -> NeTEx "mode" or "mode/submode"
    lossy: frozenset[int] = frozenset()  # codes whose NeTEx target is coarser than the code

    def netex_for(self, value: int | None) -> str | None:
        """The NeTEx mode / submode a code maps to, when the entry gives one."""
        return next((target for code, target in self.netex if code == value), None)

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
        self.origins: dict[str, Origin] = {entry.origin.name: entry.origin for entry in entries}
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
    return Entry(
        origin=origin,
        file=raw["file"],
        column=raw.get("column"),
        values=parse_values(raw["values"]) if "values" in raw else frozenset(),
        layer=EifLayer(raw["layer"]),
        alternative=str(raw.get("alternative", "none")),
        source=raw["source"],
        status=" ".join(str(raw["status"]).split()),
        alternatives=alternatives,
        netex=tuple(sorted((int(k), str(v)) for k, v in (raw.get("netex") or {}).items())),
        lossy=parse_values(raw["lossy"]) if "lossy" in raw else frozenset(),
    )


def _origin(item: dict[str, Any]) -> Origin:
    sources = tuple(
        Source(str(s["url"]), " ".join(str(s["says"]).split()), str(s["reviewed"]), bool(s.get("withdrawn")))
        for s in item.get("sources") or ()
    )
    raw_exit = item.get("exit")
    exit_path = (
        None
        if raw_exit is None
        else ExitPath(
            " ".join(str(raw_exit["keeps"]).split()),
            " ".join(str(raw_exit["loses"]).split()),
            tuple(
                Consumer(str(c["name"]), str(c["reads"]), str(c["source"]))
                for c in raw_exit.get("consumers") or ()
            ),
        )
    )
    return Origin(
        item["name"], LockinKind(item["kind"]), tuple(item.get("principles", ())), sources, exit_path
    )


def load_catalogue(text: str) -> Catalogue:
    """The catalogue a YAML document describes (``origins``, each with its ``entries``)."""
    # every GTFS run reads its catalogue: parsed once per text (citylint/yamlcache.py, libyaml's safe loader)
    raw = load_yaml(text)
    entries = []
    for item in raw["origins"]:
        origin = _origin(item)
        entries += [_entry(origin, e) for e in item["entries"]]
    return Catalogue(tuple(entries))


@dataclass(frozen=True)
class Extensions:
    """What attribution needs from the standard an input follows: the catalogue of its known extensions,
    and the closest official file or column name to an unknown one (the likely intended name: a typo)."""

    catalogue: Catalogue
    official_file: Callable[[str], str | None]
    official_column: Callable[[str, str], str | None]


# Attribution of an input no validator handed extensions for: only rules that declare a lock-in kind count.
NO_EXTENSIONS = Extensions(Catalogue(()), lambda _file: None, lambda _file, _column: None)
