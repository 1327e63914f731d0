"""The GTFS rules about which files a feed holds: required, recommended, unknown, misplaced in a
subfolder, duplicated or unsafe archive members. The checks are in ``files``."""

from __future__ import annotations

from citylint.model import Severity
from citylint.rules import GtfsExtraRule, GtfsRule
from citylint.validators.gtfs.spec import DATASET_FILES, FILE_REQUIREMENTS


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
