"""A columnar reader of the protobuf wire format, for the parts of a FeedMessage the rules read: every message
of one level (all entities, then all their trip updates, then all their stop_time_updates, ...) is read at
once with numpy, one step per field position rather than one Python step per message.

Why not the bindings' objects: ``FeedMessage.ParseFromString`` (upb, C) takes 0.9 s on a 100,000-entity
snapshot, but reading its 500,000 stop_time_updates back through Python attributes took 12 s. The bindings
still parse every file first (``decode.parse``: a file they reject is exit 2, and they give the header and the
unknown fields of the lock-in rule); this module then reads the same bytes, which are therefore well-formed.

Protobuf semantics kept (https://protobuf.dev/programming-guides/encoding/): fields in any order; the last
occurrence of a singular scalar wins; occurrences of a singular message merge (their fields are read as one
message's, in order); a field whose wire type is not its declared one, or a closed (proto2) enum value the
schema does not know, is an unknown field (absent); varints are truncated to their declared width (uint32,
int32). Field numbers and enum values come from the bindings' descriptors (``gtfs-realtime.proto``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
VARINT, FIXED64, LENGTH, GROUP_START, GROUP_END, FIXED32 = 0, 1, 2, 3, 4, 5
_PAD = 16  # bytes of zeros after the buffer, so that a fixed64 read never goes past it


def _varints(buf: npt.NDArray[np.uint8], pos: Ints) -> tuple[npt.NDArray[np.uint64], Ints]:
    """The varints starting at ``pos``, and the position after each: one numpy step per byte position, over
    the varints still going on (most are one or two bytes long)."""
    byte = buf[pos]
    value = (byte & 0x7F).astype(np.uint64)
    length = np.ones(len(pos), dtype=np.int64)
    more = np.flatnonzero(byte >= 0x80)
    shift = 7
    while len(more) and shift < 70:
        byte = buf[pos[more] + length[more]]
        value[more] |= (byte & 0x7F).astype(np.uint64) << np.uint64(shift)
        length[more] += 1
        more = more[byte >= 0x80]
        shift += 7
    return value, pos + length


def _fixed(buf: npt.NDArray[np.uint8], pos: Ints, size: int) -> npt.NDArray[np.uint64]:
    window = buf[pos[:, None] + np.arange(size)].astype(np.uint64)
    combined: npt.NDArray[np.uint64] = np.bitwise_or.reduce(
        window << (8 * np.arange(size, dtype=np.uint64)), axis=1
    )
    return combined


def _field_end(data: bytes, pos: int, tag: int) -> int:
    """The position after the value of a field whose tag was read just before ``pos``: a plain walk, for the
    outermost message and for (deprecated) groups, never in GTFS-Realtime's schema (only an unknown field
    could be one)."""
    wire = tag & 7
    if wire == VARINT:
        return _varint(data, pos)[1]
    if wire in (FIXED64, FIXED32):
        return pos + (8 if wire == FIXED64 else 4)
    if wire == LENGTH:
        size, pos = _varint(data, pos)
        return pos + size
    if wire == GROUP_START:
        depth = 1
        while depth and pos < len(data):
            inner, pos = _varint(data, pos)
            if inner & 7 == GROUP_START:
                depth += 1
            elif inner & 7 == GROUP_END:
                depth -= 1
            else:
                pos = _field_end(data, pos, inner)
    return pos


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def top_level(data: bytes, number: int) -> tuple[Ints, Ints]:
    """Start and end of every occurrence of the length-delimited field ``number`` of the outermost message
    (FeedMessage.entity): one message, so a plain walk over its fields (one step per entity, no objects)."""
    starts: list[int] = []
    ends: list[int] = []
    pos, size = 0, len(data)
    while pos < size:
        tag, pos = _varint(data, pos)
        if tag == (number << 3 | LENGTH):
            length, pos = _varint(data, pos)
            starts.append(pos)
            ends.append(pos + length)
            pos += length
        else:
            pos = _field_end(data, pos, tag)
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


@dataclass
class Fields:
    """Every field of ``count`` messages: the occurrence it was read from (``occ``), its message (``msg``:
    the occurrence, or the owner its occurrences merge into), field number, wire type, value (varint or
    fixed) and, for length-delimited fields, the byte range of the data. Rows come step by step (every
    message's first field, then every second one, ...); ``rows`` gives one field's in message and wire
    order."""

    data: bytes
    buf: npt.NDArray[np.uint8]
    count: int
    occ: Ints
    msg: Ints
    number: Ints
    wire: Ints
    value: npt.NDArray[np.uint64]
    start: Ints
    end: Ints

    @classmethod
    def read(
        cls, data: bytes, starts: Ints, ends: Ints, owner: Ints | None = None, count: int = -1
    ) -> Fields:
        """The fields of the messages at ``[starts, ends)``; with ``owner``, occurrence i belongs to message
        ``owner[i]`` (occurrences of one singular message field merge), else each occurrence is a message."""
        buf = np.frombuffer(data + bytes(_PAD), dtype=np.uint8)
        return cls._read(data, buf, starts, ends, owner, count)

    @classmethod
    def _read(
        cls,
        data: bytes,
        buf: npt.NDArray[np.uint8],
        starts: Ints,
        ends: Ints,
        owner: Ints | None,
        count: int,
    ) -> Fields:
        occurrences = len(starts)
        chunks: list[tuple[Ints, ...]] = []
        pos, todo, stop = starts.copy(), np.arange(occurrences, dtype=np.int64), ends
        while True:
            live = np.flatnonzero(pos < stop)
            if len(live) < len(todo):
                pos, todo, stop = pos[live], todo[live], stop[live]
            if not len(todo):
                break
            tag, after = _varints(buf, pos)
            number, wire = (tag >> np.uint64(3)).astype(np.int64), (tag & np.uint64(7)).astype(np.int64)
            value = np.zeros(len(todo), dtype=np.uint64)
            start, end = after, after.copy()
            rows = np.flatnonzero(wire == VARINT)
            value[rows], end[rows] = _varints(buf, after[rows])
            rows = np.flatnonzero(wire == LENGTH)
            length, begin = _varints(buf, after[rows])
            start = after.copy()
            start[rows] = begin
            end[rows] = begin + length.astype(np.int64)
            for kind_wire, size in ((FIXED64, 8), (FIXED32, 4)):
                rows = np.flatnonzero(wire == kind_wire)
                if len(rows):
                    value[rows] = _fixed(buf, after[rows], size)
                    end[rows] = after[rows] + size
            for row in np.flatnonzero(wire == GROUP_START):
                end[row] = _field_end(data, int(after[row]), int(tag[row]))
            chunks.append((todo, number, wire, value.view(np.int64), start, end))
            pos = end
        # rows step by step (the first field of every message, then the second, ...); ``rows`` puts the rows
        # of one field back in message order, each message's in wire order
        if chunks:
            occ, number, wire, raw, start, end = (np.concatenate(c) for c in zip(*chunks, strict=True))
        else:
            occ = number = wire = raw = start = end = np.zeros(0, dtype=np.int64)
        return cls(
            data=data,
            buf=buf,
            count=occurrences if owner is None else count,
            occ=occ,
            msg=occ if owner is None else owner[occ],
            number=number,
            wire=wire,
            value=raw.view(np.uint64),
            start=start,
            end=end,
        )

    def rows(self, number: int, wire: int) -> Ints:
        """The rows of field ``number`` with wire type ``wire``, in message order, each message's in wire
        order (occurrences of a singular message were given in their owner's order, so merging keeps it)."""
        rows = np.flatnonzero((self.number == number) & (self.wire == wire))
        occ = self.occ[rows]
        if len(rows) > 1 and (occ[1:] < occ[:-1]).any():
            rows = rows[np.argsort(occ, kind="stable")]  # stable: each occurrence's rows stay in wire order
        return rows

    def _last(self, number: int, wire: int) -> tuple[Bools, Ints]:
        """The rows of field ``number`` (of the right wire type), the last one per message."""
        rows = self.rows(number, wire)
        msgs = self.msg[rows]
        keep = np.ones(len(rows), dtype=bool)
        keep[:-1] = msgs[1:] != msgs[:-1]
        rows = rows[keep]
        has = np.zeros(self.count, dtype=bool)
        has[self.msg[rows]] = True
        return has, rows

    def varint(self, number: int, kind: str = "int64", enum: frozenset[int] | None = None) -> pl.Series:
        """A varint field per message (null where absent): ``kind`` is the declared type."""
        rows = self.rows(number, VARINT)
        values = self.value[rows]
        if kind == "uint32":
            out = (values & np.uint64(0xFFFFFFFF)).astype(np.int64)
        elif kind in ("int32", "enum"):
            out = (values & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.int32).astype(np.int64)
        else:
            out = values.view(np.int64)
        if enum is not None:  # a closed enum's unknown value is an unknown field: as if absent
            known = np.isin(out, np.fromiter(enum, dtype=np.int64))
            rows, out = rows[known], out[known]
        return self._scatter(rows, out)

    def _scatter(self, rows: Ints, values: npt.NDArray[Any]) -> pl.Series:
        msgs = self.msg[rows]
        keep = np.ones(len(rows), dtype=bool)
        keep[:-1] = msgs[1:] != msgs[:-1]  # the last occurrence wins
        msgs, values = msgs[keep], values[keep]
        full = np.zeros(self.count, dtype=values.dtype)
        full[msgs] = values
        mask = np.ones(self.count, dtype=bool)
        mask[msgs] = False
        return pl.Series(full).scatter(np.flatnonzero(mask), None) if mask.any() else pl.Series(full)

    def float32(self, number: int) -> pl.Series:
        rows = self.rows(number, FIXED32)
        values = (self.value[rows] & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.float32)
        return self._scatter(rows, values.astype(np.float64))

    def present(self, number: int, wire: int) -> npt.NDArray[np.bool_]:
        return self._last(number, wire)[0]

    def string(self, number: int) -> pl.Series:
        """A string field per message, null where absent."""
        _, rows = self._last(number, LENGTH)
        data = self.data
        texts = [data[s:e] for s, e in zip(self.start[rows].tolist(), self.end[rows].tolist(), strict=True)]
        decoded = pl.Series(texts, dtype=pl.Binary).cast(pl.String, strict=False)
        full = pl.Series([None] * self.count, dtype=pl.String)
        return full.scatter(self.msg[rows], decoded) if len(rows) else full

    def message(self, number: int) -> tuple[Bools, Fields]:
        """A singular message field: whether each message has it, and its fields (one message per parent)."""
        rows = self.rows(number, LENGTH)
        has = np.zeros(self.count, dtype=bool)
        has[self.msg[rows]] = True
        child = Fields._read(
            self.data, self.buf, self.start[rows], self.end[rows], self.msg[rows], self.count
        )
        return has, child

    def repeated(self, number: int) -> tuple[Ints, Fields]:
        """A repeated message field: the parent of each occurrence (in order), and their fields."""
        rows = self.rows(number, LENGTH)
        child = Fields._read(self.data, self.buf, self.start[rows], self.end[rows], None, -1)
        return self.msg[rows], child


def counts(parents: Ints, size: int) -> Ints:
    """How many occurrences each of ``size`` messages has."""
    return np.bincount(parents, minlength=size).astype(np.int64)


def positions(parents: Ints) -> Ints:
    """Each occurrence's index within its parent (parents in order)."""
    if not len(parents):
        return parents
    first = np.ones(len(parents), dtype=bool)
    first[1:] = parents[1:] != parents[:-1]
    starts = np.flatnonzero(first)
    return np.arange(len(parents)) - np.repeat(starts, np.diff(np.append(starts, len(parents))))
