"""Protobuf extensions in a GTFS-Realtime feed: fields outside gtfs-realtime.proto, named by their field
number and, where the registry assigns the number, by their owner.

Source of owners: the GTFS-Realtime extension registry (gtfs.org "Protocol buffer extensions", formerly
developers.google.com/transit/gtfs-realtime/guides/extensions): extension ids are handed out from 1000
upwards; 9000-9999 are reserved for private use by any organisation. Only the ids below are attributed; any
other is an unknown owner, never guessed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

REGISTRY = {
    1000: "OneBusAway",
    1001: "New York City MTA",
    1002: "Google (Google Maps real-time transit updates)",
    1003: "OVapi",
    1004: "Metra",
}
PRIVATE = range(9000, 10000)


def owner(number: int) -> str:
    if number in REGISTRY:
        return REGISTRY[number]
    if number in PRIVATE:
        return "private use (9000-9999, owner not registered)"
    return "unknown owner"


def has_unknown_fields(message: Any) -> bool:
    """Cheap test first: dropping unknown fields changes the serialised size only when there are some."""
    copy = type(message)()
    copy.CopyFrom(message)
    before = copy.ByteSize()
    copy.DiscardUnknownFields()
    return bool(copy.ByteSize() != before)


def unknown_fields(message: Any) -> Counter[tuple[str, int]]:
    """(message type, field number) -> how many messages carry it, over the whole message tree. Walked only
    for a feed that has unknown fields at all."""
    from google.protobuf.message import Message
    from google.protobuf.unknown_fields import UnknownFieldSet

    counts: Counter[tuple[str, int]] = Counter()
    stack = [message]
    while stack:
        current = stack.pop()
        numbers = {field.field_number for field in UnknownFieldSet(current)}
        for number in numbers:
            counts[(current.DESCRIPTOR.name, number)] += 1
        for field, value in current.ListFields():
            if field.message_type is None:
                continue
            if isinstance(value, Message):
                stack.append(value)
            else:
                stack.extend(value)
    return counts
