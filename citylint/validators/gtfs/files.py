"""Rules about which files a feed holds: required, recommended, unknown, misplaced in a subfolder."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsExtraRule, GtfsRule
from citylint.validators.gtfs.archive import FeedArchive
from citylint.validators.gtfs.schema import GtfsSchema, Presence
from citylint.validators.gtfs.spec import DATASET_FILES, FILE_REQUIREMENTS

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


class MissingRequiredFile(
    GtfsRule,
    code="missing_required_file",
    severity=Severity.ERROR,
    spec=DATASET_FILES,
    message="required file {filename} is missing",
):
    """A file the GTFS reference requires is missing.

    ## Why it matters
    Without `agency.txt`, `routes.txt`, `trips.txt`, `stop_times.txt` (and `stops.txt` unless zones come in
    `locations.geojson`) a feed describes no service. `feed_info.txt` becomes required as soon as the feed
    carries `translations.txt`.

    ## Example
    A zip holding `stops.txt` and `routes.txt` only.

    ## Reference
    GTFS Schedule reference, *Dataset files* (presence column).
    """


class MissingRecommendedFile(
    GtfsRule,
    code="missing_recommended_file",
    severity=Severity.WARNING,
    spec=DATASET_FILES,
    message="recommended file {filename} is missing",
):
    """A file the GTFS reference recommends is missing.

    ## Why it matters
    `feed_info.txt` tells consumers who publishes the feed, in which language and for which dates: without
    it, expiry and contact cannot be known.

    ## Example
    A feed without `feed_info.txt`.

    ## Reference
    GTFS Schedule reference, *Dataset files*: feed_info.txt is recommended.
    """


class MissingCalendarAndCalendarDateFiles(
    GtfsRule,
    code="missing_calendar_and_calendar_date_files",
    severity=Severity.ERROR,
    spec=DATASET_FILES,
    message="neither calendar.txt nor calendar_dates.txt is present",
):
    """Neither `calendar.txt` nor `calendar_dates.txt` is present.

    ## Why it matters
    Trips refer to services by `service_id`; without either calendar file, no trip ever runs.

    ## Example
    A feed with `trips.txt` and no calendar file.

    ## Reference
    GTFS Schedule reference, *Dataset files*: calendar.txt is conditionally required, calendar_dates.txt
    is required when calendar.txt is omitted.
    """


class UnknownFile(
    GtfsRule,
    code="unknown_file",
    severity=Severity.INFO,
    spec=DATASET_FILES,
    message="{filename} is not a file of the GTFS reference",
):
    """A file in the feed is not part of the GTFS reference.

    ## Why it matters
    Standard consumers ignore it. It is often a vendor or agency extension (a dependence worth knowing
    about) or a misspelt standard file whose content is then silently lost.

    ## Example
    `timepoints.txt` or `Stops.TXT ` next to the standard files.

    ## Reference
    GTFS Schedule reference, *Dataset files*.
    """


class InvalidInputFilesInSubfolder(
    GtfsRule,
    code="invalid_input_files_in_subfolder",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="GTFS files are inside a subfolder ({message}): they must be at the root of the zip",
):
    """GTFS files sit in a subfolder of the archive instead of at its root.

    ## Why it matters
    Consumers look for the files at the root only: the feed appears empty to them.

    ## Example
    A zip whose entries are `my-feed/agency.txt`, `my-feed/stops.txt`, ...

    ## Reference
    GTFS Schedule reference, *File requirements*: all files must reside at the root level.
    """


class DuplicateArchiveMember(
    GtfsExtraRule,
    code="duplicate_archive_member",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="the archive holds {entries} entries named {filename}",
):
    """The zip archive holds several entries with the same name.

    ## Why it matters
    Which copy a consumer reads depends on its zip library (citylint, like Python's and Java's, reads the last
    one): two consumers of the same feed can see different data, and nobody can tell from the listing.

    ## Example
    A feed re-zipped by appending: `stops.txt` twice, an old and a new version.

    ## Reference
    GTFS Schedule reference, *File requirements*; PKWARE APPNOTE (the zip format allows duplicate names).
    """


class UnsafeArchiveMemberName(
    GtfsExtraRule,
    code="unsafe_archive_member_name",
    severity=Severity.WARNING,
    spec=FILE_REQUIREMENTS,
    message="archive entry {filename} would be extracted outside the feed's folder",
):
    """An entry of the zip archive has an absolute path or climbs out of the archive with `..`.

    ## Why it matters
    A tool that unzips the feed naively writes that entry outside its target folder ("zip slip"), possibly
    over other files. No GTFS file needs such a name.

    ## Example
    An entry named `../../etc/cron.d/job` or `/tmp/stops.txt`.

    ## Reference
    GTFS Schedule reference, *File requirements* (files at the root of the archive). citylint never extracts
    archives: nothing is written; the finding warns the feed's consumers.
    """


RULES = (
    MissingRequiredFile,
    MissingRecommendedFile,
    MissingCalendarAndCalendarDateFiles,
    UnknownFile,
    InvalidInputFilesInSubfolder,
    DuplicateArchiveMember,
    UnsafeArchiveMemberName,
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
    # MobilityData looks into subfolders of a zip only; a folder feed's subfolders are simply not read.
    nested = [m for m in archive.nested if m.rsplit("/", 1)[-1] in SUBFOLDER_FILES] if archive.is_zip else []
    if nested:
        sink.add(
            InvalidInputFilesInSubfolder,
            {"message": ", ".join(nested[:5]) + (" ..." if len(nested) > 5 else "")},
        )
    if archive.is_zip:
        for name, entries in sorted(Counter(archive.members).items()):
            if entries > 1:
                sink.add(DuplicateArchiveMember, {"filename": name, "entries": entries})
        for name in archive.members:
            if _escapes(name):
                sink.add(UnsafeArchiveMemberName, {"filename": name})
    present = set(listing.member_of)
    # Two files' presence depends on other files; the schema's static presence cannot say it.
    conditional = {"stops.txt", "feed_info.txt"}
    for presence, rule in (
        (Presence.REQUIRED, MissingRequiredFile),
        (Presence.RECOMMENDED, MissingRecommendedFile),
    ):
        for name in schema.with_presence(presence):
            if name not in present and name not in conditional:
                sink.add(rule, {"filename": name})
    for name in listing.unknown:
        sink.add(UnknownFile, {"filename": name})
    if "stops.txt" not in present and GEOJSON_FILE not in present:
        sink.add(MissingRequiredFile, {"filename": "stops.txt"})
    if "feed_info.txt" not in present:
        rule = MissingRequiredFile if "translations.txt" in present else MissingRecommendedFile
        sink.add(rule, {"filename": "feed_info.txt"})
    if "calendar.txt" not in present and "calendar_dates.txt" not in present:
        sink.add(MissingCalendarAndCalendarDateFiles, {})


def _escapes(name: str) -> bool:
    """Whether extracting ``name`` as a relative path could land outside the target folder."""
    parts = re.split(r"[/\\]", name)
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts
