"""A loaded feed as the cross-file rule families see it: typed tables, the schema, the validation context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import polars as pl

from citylint.validators.base import Context
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.gtfs.csv_format import ROW, Table
from citylint.validators.gtfs.files import FileListing
from citylint.validators.gtfs.schema import GtfsSchema, Presence

T = TypeVar("T")


@dataclass
class Feed:
    """Typed tables (``Table.frame``: integers, floats, dates, times as seconds, trimmed strings; empty or
    invalid values are nulls; ``__row__`` is the csvRowNumber) and what the families share.

    MobilityData runs a validator only on tables that parsed; ``frame(name)`` gives ``None`` for a file that
    is absent or whose header was invalid, ``indexable(name)`` tells whether every row parsed cleanly.
    """

    tables: dict[str, Table]
    schema: GtfsSchema
    context: Context
    listing: FileListing
    archive: FeedArchive | None = field(default=None, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def validation_date(self) -> dt.date:
        return self.context.validation_date

    def has(self, name: str) -> bool:
        return name in self.listing.member_of

    def frame(self, name: str) -> pl.DataFrame | None:
        table = self.tables.get(name)
        if table is None or table.invalid_header:
            return None
        return table.frame

    def indexable(self, name: str) -> bool:
        table = self.tables.get(name)
        return table is not None and table.indexable

    def column(self, name: str, column: str) -> pl.Series | None:
        frame = self.frame(name)
        return frame.get_column(column) if frame is not None and column in frame.columns else None

    def read(self, name: str) -> bytes | None:
        """The raw bytes of a feed file that is not a CSV table (locations.geojson), None if absent."""
        member = self.listing.member_of.get(name)
        return None if member is None or self.archive is None else self.archive.read(member)

    def entities(self, name: str) -> pl.DataFrame | None:
        """The rows MobilityData keeps as entities, as its single-entity validators see them: a row whose
        values drew an ERROR is not stored."""
        frame = self.frame(name)
        table = self.tables.get(name)
        if frame is None or table is None or table.error_rows is None:
            return frame
        return frame.filter(~pl.col(ROW).is_in(table.error_rows.implode()))

    def usable(self, *names: str) -> bool:
        """Whether MobilityData runs a validator reading these files: each parsed cleanly (header and every
        row), or is absent and not required (read as an empty table). A present file that failed, even an
        empty one, stops the validator; so does an absent required file."""
        for name in names:
            if self.has(name):
                if not self.indexable(name):
                    return False
            elif self.schema.files[name].presence is Presence.REQUIRED:
                return False
        return True

    def validator_input(self, name: str) -> pl.DataFrame | None:
        """A table as MobilityData's multi-file validators receive it, or ``None`` when they do not run: a
        present file that failed to load (invalid header, or any row with an ERROR) stops them, as does an
        absent required file, while an absent optional file is an empty table."""
        if not self.usable(name):
            return None
        return self.frame(name) if self.has(name) else pl.DataFrame(schema={ROW: pl.Int64})

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """A frame several families need (sorted stop times, trip spans, ...), built once per feed."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]  # type: ignore[no-any-return]


def column(frame: pl.DataFrame, name: str, dtype: pl.DataType | type[pl.DataType] | None = None) -> pl.Expr:
    """A column, or nulls when the file does not declare it (MobilityData reads an absent field as unset)."""
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)


def ensure_columns(
    frame: pl.DataFrame, columns: Mapping[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    """The frame with each of ``columns`` it lacks added as nulls of the given type."""
    absent = [
        pl.lit(None, dtype=dtype).alias(name) for name, dtype in columns.items() if name not in frame.columns
    ]
    return frame.with_columns(absent) if absent else frame


_ASCII_UPPER = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_ASCII_LOWER = [c.lower() for c in _ASCII_UPPER]


def ascii_lower(value: pl.Expr) -> pl.Expr:
    """Guava's ``Ascii.toLowerCase``, which MobilityData uses to compare URLs: folds A-Z only, so ``Ä`` and
    ``ä`` stay different."""
    return value.str.replace_many(_ASCII_UPPER, _ASCII_LOWER)


def hhmmss(seconds: pl.Expr) -> pl.Expr:
    """Seconds since midnight written as GTFS writes a time, HH:MM:SS (hours may pass 24)."""

    def two(part: pl.Expr) -> pl.Expr:
        return part.cast(pl.String).str.zfill(2)

    return pl.concat_str(
        two(seconds // 3600), pl.lit(":"), two(seconds % 3600 // 60), pl.lit(":"), two(seconds % 60)
    )


__all__ = ["ROW", "Feed", "ascii_lower", "column", "ensure_columns", "hhmmss"]
