"""translations.txt rows that name an unknown table, carry ids they must not, or point at a missing record.

MobilityData's validator for these depends on the whole feed: it runs only when every file parsed cleanly
(and every required file is there), when translations.txt declares `table_name`, and when no row lacks
`table_name`, `field_name` or `language`.

A row addresses its record either by `field_value` (every record whose field has that value) or by ids;
how many ids a table takes is the number of its primary key columns (0: none, 1: `record_id`, 2 or more:
`record_id` and `record_sub_id`).
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.feed import ROW, Feed, column
from citylint.validators.gtfs.schema import FieldType
from citylint.validators.gtfs.spec import REFERENCE
from citylint.validators.gtfs.value_rules import MissingRequiredField

TRANSLATIONS = "translations.txt"
SPEC = REFERENCE + "#translationstxt"
RECORD_ID, RECORD_SUB_ID = "record_id", "record_sub_id"
# The tables whose composite key MobilityData matches against record_id / record_sub_id (its
# translationRecordIdType annotations), key column by key column; None: not matched, must be empty.
COMPOSITE_LOOKUPS: dict[str, tuple[str | None, ...]] = {
    "calendar_dates.txt": (RECORD_ID, RECORD_SUB_ID),
    "frequencies.txt": (RECORD_ID, RECORD_SUB_ID),
    "shapes.txt": (RECORD_ID, RECORD_SUB_ID),
    "stop_times.txt": (RECORD_ID, RECORD_SUB_ID),
    "transfers.txt": (RECORD_ID, RECORD_SUB_ID, None, None, None, None),
}
_INT32 = (-(2**31), 2**31 - 1)


class TranslationUnknownTableName(
    GtfsRule,
    code="translation_unknown_table_name",
    severity=Severity.WARNING,
    spec=SPEC,
    message="translations.txt row {csvRowNumber}: table {tableName} is not a GTFS file of this feed",
):
    """A translation names a table that is not a GTFS file of the feed.

    ## Why it matters
    The translation can never be applied: the table does not exist in GTFS (a typo) or the feed does not
    contain it.

    ## Example
    `translations.txt`: `table_name` = `stop` (instead of `stops`), or `frequencies` in a feed without
    `frequencies.txt`.

    ## Reference
    GTFS Schedule reference, `translations.txt` `table_name`: "Defines the table that contains the field
    to be translated."
    """


class TranslationUnexpectedValue(
    GtfsRule,
    code="translation_unexpected_value",
    severity=Severity.ERROR,
    spec=SPEC,
    message="translations.txt row {csvRowNumber}: {fieldName} must be empty, found {fieldValue!r}",
):
    """A translation carries a `record_id` or `record_sub_id` it must not have.

    ## Why it matters
    A translation addresses its record either by `field_value` or by ids, and only with as many ids as the
    table's key has; extra ids make it ambiguous which records are translated.

    ## Example
    `stops,stop_name,en,Central Station,S1,1,`: `stops.txt` is keyed by `stop_id` alone, so
    `record_sub_id` must be empty; or a row with `field_value` that also has a `record_id`.

    ## Reference
    GTFS Schedule reference, `translations.txt` `record_id` / `record_sub_id`: "Forbidden if table_name is
    feed_info" / "Forbidden if field_value is defined" / `record_sub_id` "Forbidden otherwise" (tables
    keyed by one field).
    """


class TranslationForeignKeyViolation(
    GtfsRule,
    code="translation_foreign_key_violation",
    severity=Severity.ERROR,
    spec=SPEC,
    message="translations.txt row {csvRowNumber}: no record {recordId!r} {recordSubId!r} in {tableName}",
):
    """A translation points at a record that does not exist.

    ## Why it matters
    The translation is never used; usually the record was renamed or removed and the translation left
    behind.

    ## Example
    `stops,stop_name,en,Central Station,S9,,` while `stops.txt` has no stop `S9`.

    ## Reference
    GTFS Schedule reference, `translations.txt` `record_id`: "Defines the record that corresponds to the
    field to be translated. The value in record_id must be the first or only field of a table's primary
    key".
    """


RULES = (TranslationForeignKeyViolation, TranslationUnexpectedValue, TranslationUnknownTableName)


def _whole_feed_failed(feed: Feed) -> bool:
    return not feed.usable(*(n for n, f in feed.schema.files.items() if f.format == "csv"))


def _java_int(value: pl.Expr) -> pl.Expr:
    """Java's Integer.parseInt (ASCII digits), null where it would throw."""
    parsed = value.str.strip_prefix("+").cast(pl.Int64, strict=False)
    return pl.when(value.str.contains(r"^[+-]?[0-9]+$") & parsed.is_between(*_INT32)).then(parsed)


def _java_date(value: pl.Expr) -> pl.Expr:
    """GtfsDate.fromString: 8 characters, each part through Integer.parseInt; null where it would throw."""
    year, month, day = (
        _java_int(value.str.slice(start, length)).cast(pl.String).str.zfill(width)
        for start, length, width in ((0, 4, 4), (4, 2, 2), (6, 2, 2))
    )
    iso = pl.format("{}-{}-{}", year, month, day)
    return pl.when(value.str.len_chars() == 8).then(iso.str.to_date("%Y-%m-%d", strict=False))


def _java_time(value: pl.Expr) -> pl.Expr:
    """GtfsTime.fromString, as seconds; null where it would throw."""
    parts = value.str.extract_groups(r"^([0-9]{1,3}):([0-9]{2}):([0-9]{2})$")
    hours, minutes, seconds = (parts.struct.field(str(i)).cast(pl.Int64) for i in (1, 2, 3))
    return pl.when((minutes < 60) & (seconds < 60)).then(hours * 3600 + minutes * 60 + seconds).cast(pl.Int32)


def _matched_composite(feed: Feed, parent: str, wanted: pl.DataFrame) -> pl.DataFrame | None:
    """The wanted (record_id, record_sub_id) pairs that match a row of a composite-keyed table, or None when
    an id cannot be converted to a date or time (MobilityData's lookup then throws and reports nothing)."""
    schema = feed.schema.files[parent]
    frame = feed.frame(parent)
    if frame is None:
        return wanted.clear()
    types = {f.name: f.type for f in schema.fields}
    keyed, on = wanted, []
    for name, source in zip(schema.primary_key, COMPOSITE_LOOKUPS[parent], strict=True):
        if source is None:  # not addressable by a translation: only rows leaving it empty can match
            frame = frame.filter(column(frame, name, pl.String).is_null())
            continue
        value = pl.col(source)
        kind = types.get(name)
        converted = (
            _java_int(value)
            if kind in (FieldType.INTEGER, FieldType.ENUM)
            else _java_date(value)
            if kind is FieldType.DATE
            else _java_time(value)
            if kind is FieldType.TIME
            else value
        )
        keyed = keyed.with_columns(converted.alias(f"__key_{name}"))
        if kind in (FieldType.DATE, FieldType.TIME) and keyed.get_column(f"__key_{name}").null_count():
            return None
        on.append(name)
    # Only the parent rows whose first key column is wanted: the parent may be stop_times.txt.
    first = on[0]
    targets = frame.select(*(column(frame, c, pl.String) for c in on)).filter(
        pl.col(first).is_in(keyed.get_column(f"__key_{first}").drop_nulls().unique().implode())
    )
    return keyed.join(targets, left_on=[f"__key_{c}" for c in on], right_on=on, how="semi").select(
        RECORD_ID, RECORD_SUB_ID
    )


def _foreign_keys(feed: Feed, candidates: pl.DataFrame, sink: FindingSink) -> None:
    matched = []
    # One lookup per parent table named by the translations (a few dozen tables at most).
    for parent in candidates.get_column("parent").unique().to_list():
        wanted = candidates.filter(pl.col("parent") == parent).select(RECORD_ID, RECORD_SUB_ID).unique()
        schema = feed.schema.files[parent]
        frame = feed.frame(parent)
        if len(schema.primary_key) == 1:
            key = schema.primary_key[0]
            found = (
                wanted.join(
                    frame.select(pl.col(key).drop_nulls().unique()),
                    left_on=RECORD_ID,
                    right_on=key,
                    how="semi",
                )
                if frame is not None and key in frame.columns
                else wanted.clear()
            )
        elif parent in COMPOSITE_LOOKUPS:
            found_or_none = _matched_composite(feed, parent, wanted)
            if found_or_none is None:
                return
            found = found_or_none
        elif schema.single_row:  # any translation of feed_info matches its one row, if there is one
            found = wanted if frame is not None and frame.height else wanted.clear()
        else:  # no key, or a key translations cannot address: nothing ever matches
            found = wanted.clear()
        matched.append(found.with_columns(parent=pl.lit(parent)))
    resolved = (
        pl.concat(matched) if matched else candidates.clear().select("parent", RECORD_ID, RECORD_SUB_ID)
    )
    missing = candidates.join(resolved, on=["parent", RECORD_ID, RECORD_SUB_ID], how="anti", nulls_equal=True)
    sink.add_frame(
        TranslationForeignKeyViolation,
        missing.sort(ROW).select(
            csvRowNumber=pl.col(ROW),
            tableName=pl.col("table_name"),
            recordId=pl.col(RECORD_ID).fill_null(""),
            recordSubId=pl.col(RECORD_SUB_ID).fill_null(""),
        ),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    table = feed.tables.get(TRANSLATIONS)
    translations = feed.frame(TRANSLATIONS)
    if table is None or translations is None or "table_name" not in table.columns or _whole_feed_failed(feed):
        return
    rows = translations.select(
        ROW,
        *(
            column(translations, c, pl.String)
            for c in ("table_name", "field_name", "language", RECORD_ID, RECORD_SUB_ID, "field_value")
        ),
    )
    if rows.select(pl.any_horizontal(pl.col("table_name", "field_name", "language").is_null()).any()).item():
        return
    csv_files = {n: len(f.primary_key) for n, f in feed.schema.files.items() if f.format == "csv"}
    present = {n: n in csv_files for n in feed.listing.member_of}
    keys = pl.DataFrame(
        {"parent": list(csv_files), "keys": list(csv_files.values())},
        schema={"parent": pl.String, "keys": pl.Int64},
    )
    rows = (
        rows.with_columns(parent=pl.col("table_name") + ".txt")
        .join(keys, on="parent", how="left")
        .with_columns(
            known=pl.col("keys").is_not_null()
            & pl.col("parent").is_in([n for n, ok in present.items() if ok]),
            has_id=pl.col(RECORD_ID).is_not_null(),
            has_sub=pl.col(RECORD_SUB_ID).is_not_null(),
            wants_id=pl.col("keys") >= 1,
            wants_sub=pl.col("keys") >= 2,
        )
        .sort(ROW)
    )
    sink.add_frame(
        TranslationUnknownTableName,
        rows.filter(~pl.col("known")).select(csvRowNumber=pl.col(ROW), tableName=pl.col("table_name")),
    )

    by_value = pl.col("field_value").is_not_null()
    by_id = ~by_value & pl.col("known")
    # With field_value, any id is unexpected; with ids, record_id is checked first and a wrong presence
    # there (missing or unexpected) stops the row before record_sub_id is looked at.
    unexpected_id = pl.col("has_id") & (by_value | (by_id & ~pl.col("wants_id")))
    unexpected_sub = pl.col("has_sub") & (
        by_value | (by_id & (pl.col("has_id") == pl.col("wants_id")) & ~pl.col("wants_sub"))
    )
    # The ids the parent's key calls for and the row lacks (missing_required_field: record_id and
    # record_sub_id are only conditionally required, so the loading stage does not check them).
    missing_id = by_id & ~pl.col("has_id") & pl.col("wants_id")
    missing_sub = by_id & pl.col("has_id") & pl.col("wants_id") & ~pl.col("has_sub") & pl.col("wants_sub")
    missing = pl.concat(
        [
            rows.filter(missing_id).select(ROW, fieldName=pl.lit(RECORD_ID)),
            rows.filter(missing_sub).select(ROW, fieldName=pl.lit(RECORD_SUB_ID)),
        ]
    ).sort(ROW)
    sink.add_frame(
        MissingRequiredField,
        missing.select(
            filename=pl.lit(TRANSLATIONS), csvRowNumber=pl.col(ROW), fieldName=pl.col("fieldName")
        ),
    )
    unexpected = pl.concat(
        [
            rows.filter(unexpected_id).select(
                ROW, order=pl.lit(0), fieldName=pl.lit(RECORD_ID), fieldValue=pl.col(RECORD_ID)
            ),
            rows.filter(unexpected_sub).select(
                ROW, order=pl.lit(1), fieldName=pl.lit(RECORD_SUB_ID), fieldValue=pl.col(RECORD_SUB_ID)
            ),
        ]
    ).sort(ROW, "order")
    sink.add_frame(
        TranslationUnexpectedValue,
        unexpected.select(
            csvRowNumber=pl.col(ROW), fieldName=pl.col("fieldName"), fieldValue=pl.col("fieldValue")
        ),
    )

    candidates = rows.filter(
        by_id & (pl.col("has_id") == pl.col("wants_id")) & (pl.col("has_sub") == pl.col("wants_sub"))
    )
    if not candidates.is_empty():
        _foreign_keys(feed, candidates, sink)
