"""The GTFS rules about a file's CSV structure: empty files, parse failures, row lengths, empty rows,
too many rows. The reader that finds them is ``csv_format``."""

from __future__ import annotations

from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.spec import FILE_REQUIREMENTS


class EmptyFile(
    GtfsRule,
    code="empty_file",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename} is empty: it has no header row",
):
    """A GTFS file is empty: it holds not even a header row.

    ## Why it matters
    An empty file is not a table: consumers cannot tell which columns it was meant to carry, and a required
    file that is empty is as good as missing.

    ## Example
    `calendar_dates.txt` of 0 bytes, or made of blank lines only.

    ## Reference
    GTFS Schedule reference, *File requirements*: files must contain a header row.
    """


class CsvParsingFailed(
    GtfsRule,
    code="csv_parsing_failed",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename}: CSV parsing failed: {message}",
):
    """A file could not be parsed as CSV.

    ## Why it matters
    Nothing in the file can be checked or used: a consumer's parser fails on it the same way.

    ## Example
    A value longer than 4,096 characters (a quoted field never closed, so the rest of the file is one value),
    or a row of more than 512 columns: MobilityData's CSV parser stops there and keeps no row of the file.

    ## Reference
    GTFS Schedule reference, *File requirements* (RFC 4180 CSV).
    """


class InvalidRowLength(
    GtfsRule,
    code="invalid_row_length",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename} row {csvRowNumber} has {rowLength} fields where the header has {headerCount}",
):
    """A row does not have as many fields as the header.

    ## Why it matters
    Values can no longer be matched to their columns: the row is dropped and the file is treated as
    unparsable, so checks that join it to other files do not run.

    ## Example
    Header `stop_id,stop_name,stop_lat,stop_lon`, row `S1,Main St,48.85` (3 fields for 4 columns).

    ## Reference
    GTFS Schedule reference, *File requirements*: each line must have the same number of fields.
    """


class EmptyRow(
    GtfsRule,
    code="empty_row",
    severity=Severity.WARNING,
    spec=FILE_REQUIREMENTS,
    message="{filename} row {csvRowNumber} is empty",
):
    """A row holds nothing but white space.

    ## Why it matters
    Some CSV readers take such a row for a record of empty values and then report it, or fail on it.

    ## Example
    A last line made of spaces without a line break after it.

    ## Reference
    GTFS Schedule reference, *File requirements*.
    """


class TooManyRows(
    GtfsRule,
    code="too_many_rows",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename} has too many rows: row {rowNumber} is past the row limit",
):
    """A file has more rows than the validator accepts (by default one billion).

    ## Why it matters
    No GTFS consumer handles such a table; it is almost certainly generated in error.

    ## Example
    A `stop_times.txt` of 1,000,000,001 rows. The limit is the profile parameter
    `validators: gtfs: {max_rows: N}`; rows are numbered by physical line, the header being line 1.

    ## Reference
    MobilityData gtfs-validator, `too_many_rows`.
    """


RULES = (EmptyFile, CsvParsingFailed, InvalidRowLength, EmptyRow, TooManyRows)
