"""Rules about a file's header row: empty, duplicated, missing and unknown column names."""

from __future__ import annotations

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import Table
from citylint.validators.gtfs.schema import FileSchema
from citylint.validators.gtfs.spec import FIELD_DEFINITIONS, FILE_REQUIREMENTS


class EmptyColumnName(
    GtfsRule,
    code="empty_column_name",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename}: column {index} has an empty name",
):
    """A column in the header has no name.

    ## Why it matters
    Its values cannot be attributed to any field; the file's rows are not checked further.

    ## Example
    Header `stop_id,,stop_name`.

    ## Reference
    GTFS Schedule reference, *File requirements*: the first line of each file must contain field names.
    """


class DuplicatedColumn(
    GtfsRule,
    code="duplicated_column",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename}: column {fieldName} appears twice (columns {firstIndex} and {secondIndex})",
):
    """A column name appears more than once in the header.

    ## Why it matters
    Consumers keep one of the two columns, not necessarily the same one: the data becomes ambiguous.

    ## Example
    Header `stop_id,stop_name,stop_id`.

    ## Reference
    GTFS Schedule reference, *File requirements*.
    """


class MissingRequiredColumn(
    GtfsRule,
    code="missing_required_column",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename}: required column {fieldName} is missing",
):
    """A required column is missing from the header.

    ## Why it matters
    Every row lacks a value the reference requires; the file's rows are not checked further.

    ## Example
    `stops.txt` without a `stop_id` column.

    ## Reference
    GTFS Schedule reference, *Field definitions* (presence column).
    """


class UnknownColumn(
    GtfsRule,
    code="unknown_column",
    severity=Severity.INFO,
    spec=FIELD_DEFINITIONS,
    message="{filename}: column {fieldName} is not a field of the GTFS reference",
):
    """A column is not a field of the GTFS reference.

    ## Why it matters
    Standard consumers ignore it. It is often a vendor or exporter extension, or a misspelt field whose
    values are then lost.

    ## Example
    `stop_times.txt` with a `stop_direction_name` column.

    ## Reference
    GTFS Schedule reference, *Field definitions*.
    """


RULES = (EmptyColumnName, DuplicatedColumn, MissingRequiredColumn, UnknownColumn)


def check_header(table: Table, schema: FileSchema, sink: FindingSink) -> None:
    """Report header problems; an ERROR here marks the table's header invalid (its rows are not checked)."""
    if table.parse_failed:  # csv_parsing_failed already stands for the whole file
        return
    first_index: dict[str, int] = {}
    for position, name in enumerate(table.header, start=1):
        if not name:
            sink.add(EmptyColumnName, {"filename": table.name, "index": position})
            continue
        if name in first_index:
            sink.add(
                DuplicatedColumn,
                {
                    "filename": table.name,
                    "fieldName": name,
                    "firstIndex": first_index[name],
                    "secondIndex": position,
                },
            )
        else:
            first_index[name] = position
        if schema.field(name) is None:
            sink.add(UnknownColumn, {"filename": table.name, "fieldName": name, "index": position})
    missing = sorted(set(schema.required_columns()) - first_index.keys())
    for name in missing:
        sink.add(MissingRequiredColumn, {"filename": table.name, "fieldName": name})
    # An empty or repeated name leaves fewer distinct names than columns.
    table.invalid_header = bool(missing) or len(first_index) < len(table.header)
