"""Which files a feed holds, checked against ``file_rules``: required, recommended, unknown, misplaced in
a subfolder."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from citylint.collector import FindingSink
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.gtfs.file_rules import (
    DuplicateArchiveMember,
    InvalidInputFilesInSubfolder,
    MissingCalendarAndCalendarDateFiles,
    MissingRecommendedFile,
    MissingRequiredFile,
    UnknownFile,
    UnsafeArchiveMemberName,
)
from citylint.validators.gtfs.schema import GtfsSchema, Presence

GEOJSON_FILE = "locations.geojson"
# Finder adds it to every zip it makes; MobilityData does not count it as an unknown file in a zip (in a
# folder it does).
MACOS_METADATA = ".DS_Store"
# MobilityData's GtfsFiles enum, which its subfolder check compares nested names with, case-sensitively: a
# hand-kept list older than the schema (no booking_rules.txt, networks.txt, ... nor locations.geojson).
SUBFOLDER_FILES = frozenset(
    {
        "agency.txt",
        "areas.txt",
        "attributions.txt",
        "calendar.txt",
        "calendar_dates.txt",
        "fare_attributes.txt",
        "fare_leg_rules.txt",
        "fare_media.txt",
        "fare_products.txt",
        "fare_rules.txt",
        "fare_transfer_rules.txt",
        "feed_info.txt",
        "frequencies.txt",
        "levels.txt",
        "pathways.txt",
        "routes.txt",
        "shapes.txt",
        "stop_areas.txt",
        "stop_times.txt",
        "stops.txt",
        "transfers.txt",
        "translations.txt",
        "trips.txt",
    }
)


@dataclass
class FileListing:
    """Which GTFS file each top-level member is (names match case-insensitively, as MobilityData's do)."""

    member_of: dict[str, str]  # GTFS file name -> member name in the archive
    unknown: list[str]


def list_files(archive: FeedArchive, schema: GtfsSchema) -> FileListing:
    member_of: dict[str, str] = {}
    unknown: list[str] = []
    seen: set[str] = set()
    for member in archive.top_level:
        if not member.strip() or (archive.is_zip and member == MACOS_METADATA):
            continue
        canonical = member.lower()
        if canonical in schema.files and canonical not in member_of:
            member_of[canonical] = member
        elif member not in member_of.values() and member not in seen:  # a duplicate entry is not a new file
            seen.add(member)  # a set: membership in constant time, for archives of 100,000 names
            unknown.append(member)
    return FileListing(member_of, unknown)


def check_files(archive: FeedArchive, listing: FileListing, schema: GtfsSchema, sink: FindingSink) -> None:
    """Every rule about which files the feed holds, each in its own function, in the order findings come."""
    present = set(listing.member_of)
    _files_in_subfolders(archive, sink)
    if archive.is_zip:
        _duplicate_members(archive, sink)
        _unsafe_member_names(archive, sink)
    _missing_files(schema, present, sink)
    for name in listing.unknown:
        sink.add(UnknownFile, {"filename": name})
    _missing_conditional_files(present, sink)
    if "calendar.txt" not in present and "calendar_dates.txt" not in present:
        sink.add(MissingCalendarAndCalendarDateFiles, {})


def _files_in_subfolders(archive: FeedArchive, sink: FindingSink) -> None:
    # MobilityData looks into subfolders of a zip only; a folder feed's subfolders are simply not read.
    nested = [m for m in archive.nested if m.rsplit("/", 1)[-1] in SUBFOLDER_FILES] if archive.is_zip else []
    if nested:
        sink.add(
            InvalidInputFilesInSubfolder,
            {"message": ", ".join(nested[:5]) + (" ..." if len(nested) > 5 else "")},
        )


def _duplicate_members(archive: FeedArchive, sink: FindingSink) -> None:
    for name, entries in sorted(Counter(archive.members).items()):
        if entries > 1:
            sink.add(DuplicateArchiveMember, {"filename": name, "entries": entries})


def _unsafe_member_names(archive: FeedArchive, sink: FindingSink) -> None:
    for name in archive.members:
        if _escapes(name):
            sink.add(UnsafeArchiveMemberName, {"filename": name})


# Two files' presence depends on other files; the schema's static presence cannot say it.
_CONDITIONAL = frozenset({"stops.txt", "feed_info.txt"})


def _missing_files(schema: GtfsSchema, present: set[str], sink: FindingSink) -> None:
    for presence, rule in (
        (Presence.REQUIRED, MissingRequiredFile),
        (Presence.RECOMMENDED, MissingRecommendedFile),
    ):
        for name in schema.with_presence(presence):
            if name not in present and name not in _CONDITIONAL:
                sink.add(rule, {"filename": name})


def _missing_conditional_files(present: set[str], sink: FindingSink) -> None:
    if "stops.txt" not in present and GEOJSON_FILE not in present:
        sink.add(MissingRequiredFile, {"filename": "stops.txt"})
    if "feed_info.txt" not in present:
        rule = MissingRequiredFile if "translations.txt" in present else MissingRecommendedFile
        sink.add(rule, {"filename": "feed_info.txt"})


def _escapes(name: str) -> bool:
    """Whether extracting ``name`` as a relative path could land outside the target folder."""
    parts = re.split(r"[/\\]", name)
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts
