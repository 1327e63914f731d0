"""Checks single values (the rules are in ``value_rules``): presence, white space, characters, types,
enums, ranges, coordinates.

Every check is a polars expression over a whole column; they are collected lazily and run together. The
table's frame is then replaced by a typed one (integers, floats, dates, seconds since midnight, trimmed
strings; empty or invalid values as nulls) that the cross-file rules use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import RuleType
from citylint.validators.gtfs import formats
from citylint.validators.gtfs.csv_format import (
    JAVA_WHITESPACE,
    QUOTED_RECORD,
    ROW,
    Table,
    coded_indices,
    coded_values,
    decoded,
    is_coded,
)
from citylint.validators.gtfs.schema import Bounds, FieldSchema, FieldType, FileSchema, Presence
from citylint.validators.gtfs.value_rules import (
    InvalidCharacter,
    InvalidColor,
    InvalidCurrency,
    InvalidCurrencyAmount,
    InvalidDate,
    InvalidEmail,
    InvalidFloat,
    InvalidInteger,
    InvalidLanguageCode,
    InvalidPhoneNumber,
    InvalidTime,
    InvalidTimezone,
    InvalidUrl,
    LeadingOrTrailingWhitespaces,
    MissingRecommendedField,
    MissingRequiredField,
    MixedCaseRecommendedField,
    NewLineInValue,
    NonAsciiOrNonPrintableChar,
    NumberOutOfRange,
    PointNearOrigin,
    PointNearPole,
    UnexpectedEnumValue,
)

INT32 = (-(2**31), 2**31 - 1)
# The longest text polars keeps inside a string's view; a longer one is stored in a buffer beside the views.
INLINE_BYTES = 12
_INTEGER = r"^[+-]?[0-9]+$"
_FLOAT = r"^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$"
_DECIMAL = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_TIME = r"^([0-9]{1,3}):([0-9]{2}):([0-9]{2})$"
_COLOR = r"^[0-9a-fA-F]{6}$"
_PADDED_START, _PADDED_END = r"^[\x00-\x20]", r"[\x00-\x20]$"
_NOT_PRINTABLE_ASCII = r"[^\x20-\x7E]"


# Types whose validity is a predicate on distinct values, not a polars expression.
_PREDICATES: dict[FieldType, tuple[RuleType, Callable[[str], bool]]] = {
    FieldType.URL: (InvalidUrl, formats.is_url),
    FieldType.EMAIL: (InvalidEmail, formats.is_email),
    FieldType.TIMEZONE: (InvalidTimezone, formats.is_timezone),
    FieldType.LANGUAGE_CODE: (InvalidLanguageCode, formats.is_language_code),
    FieldType.CURRENCY_CODE: (InvalidCurrency, formats.is_currency),
}
_RANGES = {
    FieldType.LATITUDE: (-90.0, 90.0, "latitude within [-90, 90]"),
    FieldType.LONGITUDE: (-180.0, 180.0, "longitude within [-180, 180]"),
}
_BOUNDS: dict[Bounds, tuple[Callable[[pl.Expr], pl.Expr], str]] = {
    Bounds.NON_NEGATIVE: (lambda v: v >= 0, "non-negative"),
    Bounds.POSITIVE: (lambda v: v > 0, "positive"),
    Bounds.NON_ZERO: (lambda v: v != 0, "non-zero"),
}
_COORDINATES = {
    "stops.txt": ("stop_lat", "stop_lon", "stop_id"),
    "shapes.txt": ("shape_pt_lat", "shape_pt_lon", None),
}


@dataclass(frozen=True)
class Check:
    """One possible problem with the values of one column: when it holds, and what the finding reports."""

    rule: RuleType
    when: pl.Expr
    fields: dict[str, pl.Expr]
    per_row: bool = (
        False  # reads more of the row than the value (the record's text): not a function of the value
    )


def _parsed(f: FieldSchema, value: pl.Expr) -> tuple[pl.Expr | None, pl.Expr]:
    """(validity, typed value) of a trimmed non-empty value, or (None, value) for types without parsing."""
    if f.type in (FieldType.INTEGER, FieldType.ENUM):
        number = value.cast(pl.Int64, strict=False)  # polars reads "+5" as 5, as Java's parseInt does
        return value.str.contains(_INTEGER) & number.is_between(*INT32).fill_null(False), number
    if f.type in (FieldType.FLOAT, FieldType.LATITUDE, FieldType.LONGITUDE):
        number = value.str.replace(r"[fFdD]$", "").cast(pl.Float64, strict=False)
        return value.str.contains(_FLOAT) & number.is_not_null(), number
    if f.type is FieldType.CURRENCY_AMOUNT:
        return value.str.contains(_DECIMAL), value.cast(pl.Float64, strict=False)
    if f.type is FieldType.DATE:
        day = value.str.to_date("%Y%m%d", strict=False)
        return value.str.contains(r"^[0-9]{8}$") & day.is_not_null(), day
    if f.type is FieldType.TIME:
        # The regex decides validity; splitting on ":" (no regex) reads the parts three times faster.
        split = value.str.split_exact(":", 2)
        parts = [split.struct.field(f"field_{i}").cast(pl.Int32, strict=False) for i in (0, 1, 2)]
        seconds = parts[0] * 3600 + parts[1] * 60 + parts[2]
        return value.str.contains(_TIME) & (parts[1] <= 59) & (parts[2] <= 59), seconds
    if f.type is FieldType.COLOR:
        return value.str.contains(_COLOR), value.str.to_uppercase()
    return None, value


_PARSE_RULE = {
    FieldType.INTEGER: InvalidInteger,
    FieldType.ENUM: InvalidInteger,
    FieldType.FLOAT: InvalidFloat,
    FieldType.LATITUDE: InvalidFloat,
    FieldType.LONGITUDE: InvalidFloat,
    FieldType.CURRENCY_AMOUNT: InvalidFloat,
    FieldType.DATE: InvalidDate,
    FieldType.TIME: InvalidTime,
    FieldType.COLOR: InvalidColor,
}


def _distinct_invalid(frame: pl.DataFrame, column: str, predicate: Callable[[str], bool]) -> list[str]:
    """The distinct trimmed values of a column that fail a predicate (few distinct values, even in big
    feeds)."""
    values = frame.get_column(column).str.strip_chars(JAVA_WHITESPACE).unique().to_list()
    return [v for v in values if v and not predicate(v)]


def _has_quotes(table: Table) -> bool:
    return table.frame.get_column(QUOTED_RECORD).null_count() < table.frame.height


def _quoted_padding(raw: pl.Expr, value: pl.Expr) -> pl.Expr:
    """White space around a value that was written inside quotes.

    MobilityData's CSV parser drops white space around unquoted values before any check sees them (so
    `S1, Main St` is read as `Main St`); only padding kept inside quotes reaches the whitespace check. A
    value was quoted when its record text holds it between quotes (inner quotes doubled).
    """
    padded = value.str.len_bytes() < raw.str.len_bytes()
    # Built for padded values only (null otherwise): the quoted form of every value is two copies of it.
    quoted = pl.lit('"') + pl.when(padded).then(raw).str.replace_all('"', '""', literal=True) + pl.lit('"')
    # str.find, not str.contains: polars 2.2 compiles a one-row literal pattern as a regex, which a quoted
    # value over ~10 MB (a WKT polygon in areas.txt, which has no length cap) exceeds: exit 2.
    return padded & pl.col(QUOTED_RECORD).str.find(quoted, literal=True).is_not_null()


def _new_line_check(
    raw: pl.Expr, value: pl.Expr, quoted_padding: pl.Expr | None, cell: dict[str, pl.Expr]
) -> Check:
    """A line break in the value as MobilityData's parser returns it: univocity 2.9.0 drops white space
    around an unquoted value (ignoreLeadingWhitespaces / ignoreTrailingWhitespaces, defaults CsvFile.java
    keeps), and under its line separator "\n" a carriage return is white space; so `\r\rMain St` unquoted
    is read as `Main St`, while inside quotes the padding is kept and reported with the value."""
    if quoted_padding is None:  # no value is padded, or none was quoted: the value is what Java reads
        return Check(NewLineInValue, value.str.contains(r"[\n\r]"), {**cell, "fieldValue": value})
    read = pl.when(quoted_padding).then(raw).otherwise(value)
    return Check(NewLineInValue, read.str.contains(r"[\n\r]"), {**cell, "fieldValue": read}, per_row=True)


def _padded(name: str) -> pl.Expr:
    """Whether any value of a column starts or ends with white space. Trimming copies every string: it is
    skipped for the (usual) column where no value is padded. Two anchored patterns: one "^a|b$" alternation
    makes the regex engine scan every whole value."""
    raw = pl.col(name)
    return (raw.str.contains(_PADDED_START) | raw.str.contains(_PADDED_END)).any().alias(name)


def _column_checks(
    table: Table, f: FieldSchema, country: str | None, values: pl.DataFrame, padded: bool | None = None
) -> tuple[list[Check], pl.Expr, pl.Expr | None]:
    """The checks of one column, its typed value for the frame the other rules use, and for integers the
    parse alone (no validity: cheaper on every row than a lookup among the distinct values, and the same
    value where every distinct value is valid). ``values`` holds the column's values (every row, or each
    distinct value once) for the decisions taken on the whole column; ``padded``, whether any of them is
    padded with white space, when the caller knows it already."""
    raw = pl.col(f.name)
    if padded is None:
        padded = values.select(_padded(f.name)).item()
    value = raw.str.strip_chars(JAVA_WHITESPACE) if padded else raw
    present = value != ""
    cell = {"filename": pl.lit(table.name), "csvRowNumber": pl.col(ROW), "fieldName": pl.lit(f.name)}
    quoted_padding = _quoted_padding(raw, value) if _has_quotes(table) else None
    checks = [
        Check(InvalidCharacter, raw.str.contains("\ufffd", literal=True), {**cell, "fieldValue": raw}),
        _new_line_check(raw, value, quoted_padding if padded else None, cell),
    ]
    if quoted_padding is not None:
        checks.append(
            Check(
                LeadingOrTrailingWhitespaces,
                quoted_padding,
                {**cell, "fieldValue": raw},
                per_row=True,
            )
        )
    if f.type is FieldType.ID:
        checks.append(
            Check(
                NonAsciiOrNonPrintableChar,
                value.str.contains(_NOT_PRINTABLE_ASCII),
                {
                    "filename": pl.lit(table.name),
                    "csvRowNumber": pl.col(ROW),
                    "columnName": pl.lit(f.name),
                    "fieldValue": value,
                },
            )
        )
    if f.presence is Presence.REQUIRED:
        checks.append(Check(MissingRequiredField, ~present, cell))
    elif f.presence is Presence.RECOMMENDED:
        checks.append(Check(MissingRecommendedField, ~present, cell))
    valid, typed = _parsed(f, value)
    if valid is not None:
        checks.append(Check(_PARSE_RULE[f.type], present & ~valid, {**cell, "fieldValue": value}))
        valid = present & valid
    elif f.type in _PREDICATES:
        rule, predicate = _PREDICATES[f.type]
        bad = _distinct_invalid(values, f.name, predicate)
        checks.append(Check(rule, value.is_in(bad), {**cell, "fieldValue": value}))
        valid = present & ~value.is_in(bad)
    elif f.type is FieldType.PHONE_NUMBER:
        bad = _distinct_invalid(values, f.name, lambda v: formats.is_phone_number(v, country))
        checks.append(Check(InvalidPhoneNumber, value.is_in(bad), {**cell, "fieldValue": value}))
        valid = present
    else:
        valid = present
    if f.type in _RANGES:
        low, high, described = _RANGES[f.type]
        checks.append(
            Check(
                NumberOutOfRange,
                valid & ~typed.is_between(low, high),
                {**cell, "fieldType": pl.lit(described), "fieldValue": typed},
            )
        )
        valid = valid & typed.is_between(low, high)
    if f.bounds is not None:
        holds, described = _BOUNDS[f.bounds]
        checks.append(
            Check(
                NumberOutOfRange,
                valid & ~holds(typed),
                {**cell, "fieldType": pl.lit(described), "fieldValue": typed},
            )
        )
    if f.type is FieldType.ENUM:
        checks.append(
            Check(UnexpectedEnumValue, valid & ~typed.is_in(list(f.enum)), {**cell, "fieldValue": typed})
        )
    parse_only = typed if f.type in (FieldType.INTEGER, FieldType.ENUM) else None
    return checks, pl.when(valid).then(typed).otherwise(None).alias(f.name), parse_only


def _currency_checks(table: Table, schema: FileSchema) -> list[Check]:
    """Amounts whose decimal places differ from their currency's ISO 4217 minor unit."""
    checks = []
    digits = formats.currency_digits()
    for f in schema.fields:
        if (
            f.type is not FieldType.CURRENCY_AMOUNT
            or not f.currency_field
            or f.currency_field not in table.frame.columns
        ):
            continue
        amount = pl.col(f.name).str.strip_chars(JAVA_WHITESPACE)
        currency = pl.col(f.currency_field).str.strip_chars(JAVA_WHITESPACE)
        places = (
            pl.when(amount.str.contains(".", literal=True))
            .then(amount.str.extract(r"\.([0-9]*)", 1).str.len_chars())
            .otherwise(0)
        )
        expected = currency.replace_strict(digits, default=None, return_dtype=pl.Int64)
        checks.append(
            Check(
                InvalidCurrencyAmount,
                amount.str.contains(_DECIMAL)
                & ~amount.str.contains("[eE]")
                & expected.is_not_null()
                & (places != expected),
                {
                    "filename": pl.lit(table.name),
                    "csvRowNumber": pl.col(ROW),
                    "fieldName": pl.lit(f.name),
                    "fieldValue": amount,
                },
            )
        )
    return checks


def _is_mixed_case(value: pl.Expr) -> pl.Expr:
    """MobilityData's mixed-case test, on whole columns.

    The value is split on runs of non-letters (Java's split, so a value starting with a non-letter yields a
    leading empty token). One token is fine unless it is longer than one character and all lower case;
    several tokens are fine when fewer than two of them are longer than one character (the empty leading
    token counts), or when one of them mixes upper and lower case.
    """
    runs = value.str.extract_all(r"\p{L}+")
    has_letters = runs.list.len() > 0
    leading_empty = value.str.contains(r"^\P{L}") & has_letters
    tokens = runs.list.len() + leading_empty.cast(pl.UInt32)
    considered = runs.list.eval(pl.element().str.len_chars() != 1).list.sum() + leading_empty.cast(pl.UInt32)
    mixes = runs.list.eval(
        pl.element().str.contains(r"\p{Lu}") & pl.element().str.contains(r"\p{Ll}")
    ).list.any()
    # With one token the token is the value's only run of letters: "a1" is the token "a", too short to judge.
    single = runs.list.first()
    lower_only = single.str.contains(r"\p{Ll}") & ~single.str.contains(r"\p{Lu}|\p{Lt}")
    single_ok = ~((single.str.len_chars() > 1) & lower_only)
    return ~has_letters | ((tokens == 1) & single_ok) | ((tokens > 1) & ((considered < 2) | mixes))


def check_values(table: Table, schema: FileSchema, sink: FindingSink, country: str | None = None) -> None:
    """Report value problems of every declared column, then replace the table's frame by its typed form.

    Columns are checked one at a time: one pass computes a column's conditions and typed value, its findings
    are taken from the (few) flagged rows, and its raw strings are dropped, so a big file never holds its raw
    and typed forms whole at the same time. A big file whose rows are pending (``Table.pending``) is parsed
    and checked a batch of rows at a time, so that its raw strings are never whole in memory either: every
    check is a function of one row (or of one value), so batches report what the whole file would, a
    batch's findings after the previous batch's.
    """
    if table.pending is None:
        _check_values(table, schema, sink, country, one_query=table.frame.height <= ONE_QUERY_ROWS)
        return
    parts, errors = [], []
    coded: list[pl.DataFrame] = []  # coded batches not checked yet: checked together, as one whole file

    def check(raw: pl.DataFrame) -> None:
        part = Table(table.name, table.header, raw)
        _check_values(part, schema, sink, country)
        parts.append(part.frame)
        if part.error_rows is not None:
            errors.append(part.error_rows)

    def check_coded() -> None:
        if coded:
            whole = pl.concat(coded, rechunk=False)
            coded.clear()  # so that the checks free each column as they finish it
            check(whole)

    for raw in table.pending.batches():
        if raw.width and is_coded(raw.dtypes[0]):
            coded.append(raw)
            continue
        check_coded()
        check(raw)
        del raw
    check_coded()
    table.pending = None
    if errors:
        table.unparsable_rows = True
        table.error_rows = pl.concat(errors)
    # One chunk per column (see _check_values), one column at a time.
    whole = pl.concat(parts, how="vertical_relaxed", rechunk=False)
    parts.clear()
    columns = []
    for name in whole.columns:
        columns.append(whole.get_column(name).rechunk())
        whole = whole.drop(name)
    table.frame = pl.DataFrame(columns)


def _check_values(
    table: Table, schema: FileSchema, sink: FindingSink, country: str | None, *, one_query: bool = False
) -> None:
    declared = [f for f in schema.fields if f.name in table.frame.columns]
    _report_absent_recommended(table, schema, sink)
    currency = _currency_checks(table, schema)
    # Raw values still needed after their own column is done: names for the mixed-case check, amounts and
    # currencies for the decimal-places check.
    keep_raw = {f.name for f in declared if f.mixed_case} | {
        name
        for f in declared
        if f.type is FieldType.CURRENCY_AMOUNT
        for name in (f.name, f.currency_field)
        if name
    }
    _decode_kept(table, declared, keep_raw)
    row_error = pl.repeat(False, table.frame.height, eager=True)
    typed: dict[str, pl.Series] = {}
    coded: set[str] = set()
    previous: _Typed | None = None
    # A coded column (a big stop_times.txt read as Categorical) keeps its path: checked per distinct value.
    plain = [f for f in declared if not is_coded(table.frame.schema[f.name])]
    in_one_query = _checked_in_one_query(table, plain, country) if one_query else {}
    for f in declared:
        if f.name in in_one_query:
            masks, typed_column = in_one_query.pop(f.name)
            _report_column(table, sink, masks)
            row_error = _with_errors(row_error, masks)
            typed[f.name] = typed_column.alias(f.name)
            continue
        column = table.frame.get_column(f.name)
        if is_coded(column.dtype):
            masks, typed_column = _check_coded(table, f, country, column)
            coded.add(f.name)
            previous = None
            _report_column(table, sink, masks)
            row_error = _with_errors(row_error, masks)
            typed[f.name] = typed_column.alias(f.name)
            table.frame = table.frame.drop(f.name)
            continue
        # A column equal to the one before it, of the same type (arrival and departure times, pickup and
        # drop-off types): its distinct values, and maybe its typed column, are that column's.
        twin = (
            previous
            if previous is not None
            and previous.type is f.type
            and previous.raw.equals(column, check_names=False)
            else None
        )
        distinct = twin.distinct.alias(f.name) if twin is not None else _distinct(column)
        previous = None
        if distinct is None:
            checks, typed_value, _ = _column_checks(table, f, country, table.frame)
            evaluated = (
                table.frame.lazy()
                .select(
                    *(c.when.alias(f"__check_{i}") for i, c in enumerate(checks)),
                    typed_value.alias("__typed"),
                )
                .collect()
            )
            masks = [(check, evaluated.get_column(f"__check_{i}")) for i, check in enumerate(checks)]
            typed_column = evaluated.get_column("__typed")
        else:
            checks, typed_value, parse_only = _column_checks(table, f, country, distinct.to_frame())
            masks, typed_distinct, typed_column = _check_distinct(
                table, column, distinct, checks, typed_value, parse_only, twin
            )
            previous = _Typed(f.type, column, distinct, typed_distinct, typed_column)
        _report_column(table, sink, masks)
        row_error = _with_errors(row_error, masks)
        typed[f.name] = typed_column.alias(f.name)
        if f.name not in keep_raw:
            table.frame = table.frame.drop(f.name)
    # invalid_currency_amount is not a parse error: MobilityData checks the scale after loading, on a row it
    # kept, so it does not add to row_error.
    for check in currency:
        _report(table, sink, check, table.frame.select(check.when.fill_null(False)).to_series())
    if sink.wants(MixedCaseRecommendedField):
        for f in declared:
            if f.mixed_case:
                # MobilityData reports mixed case only on rows that parsed without error.
                value = pl.col(f.name).str.strip_chars(JAVA_WHITESPACE)
                mixed = Check(
                    MixedCaseRecommendedField,
                    (value != "") & ~_is_mixed_case(value),
                    {
                        "filename": pl.lit(table.name),
                        "fieldName": pl.lit(f.name),
                        "fieldValue": value,
                        "csvRowNumber": pl.col(ROW),
                    },
                )
                column = table.frame.get_column(f.name)
                distinct = _distinct(column)
                if distinct is None:
                    mask = table.frame.select(mixed.when).to_series()
                else:  # names repeat (headsigns, stop names): the regexes run once per distinct name
                    mask = _flag(column, distinct, distinct.to_frame().select(mixed.when).to_series())
                _report(table, sink, mixed, mask & ~row_error)
    error_rows = table.frame.get_column(ROW).filter(row_error)
    if error_rows.len():
        table.unparsable_rows = True
        table.error_rows = error_rows
    # One chunk per column: a frame whose columns are chunked differently (the reader's string chunks beside
    # the computed single-chunk columns) is copied whole by the first expression a family runs on it. Made
    # here once, one column at a time, so that a copy replaces its original before the next is made.
    row = table.frame.get_column(ROW)
    table.frame = pl.DataFrame()
    columns = [row.rechunk()]
    del row
    enums = {f.name for f in declared if f.type is FieldType.ENUM} if table.name in NARROW_ENUMS_IN else set()
    for name in list(typed):
        # A small table's strings are not worth the queries that would look for runs; a coded column's
        # text is shared with its distinct values already: neither is compacted.
        column = typed.pop(name).rechunk() if one_query or name in coded else _compact(typed.pop(name))
        columns.append(_narrow(column) if name in enums else column)
    table.frame = pl.DataFrame(columns)
    if table.name in _COORDINATES:
        _check_coordinates(table, sink)


# Tables of at most this many rows have every column checked and typed by one polars query: the per-column
# path costs ~7 queries a column, ~0.15 ms each whatever the size (on the Seattle feed, stops.txt's 260 rows
# took 24 ms, 10 ms in one query). Bigger tables go column by column: their raw and typed forms are never
# whole together, and their checks run on distinct values (one query: trips.txt, 3.9 k rows, 11 ms against
# 14; shapes.txt, 34 k rows, 43 ms against 30; stop_times.txt, 57 k rows, 93 ms against 50).
ONE_QUERY_ROWS = 10_000


def _checked_in_one_query(
    table: Table, declared: list[FieldSchema], country: str | None
) -> dict[str, tuple[list[tuple[Check, pl.Series]], pl.Series]]:
    """Every declared column's check masks and typed column, from the same expressions as the per-column
    path evaluated on every row (a function of the value is the same on the rows as on the distinct values),
    in two queries: one for the padding of every column, one for every check and typed value."""
    if not declared:
        return {}
    padded = table.frame.select(_padded(f.name) for f in declared).row(0, named=True)
    built = [(f, _column_checks(table, f, country, table.frame, padded=padded[f.name])) for f in declared]
    evaluated = (
        table.frame.lazy()
        .select(
            *(
                c.when.alias(f"__check_{j}_{i}")
                for j, (_, (checks, _, _)) in enumerate(built)
                for i, c in enumerate(checks)
            ),
            *(typed_value.alias(f"__typed_{j}") for j, (_, (_, typed_value, _)) in enumerate(built)),
        )
        .collect()
    )
    return {
        f.name: (
            [(c, evaluated.get_column(f"__check_{j}_{i}")) for i, c in enumerate(checks)],
            evaluated.get_column(f"__typed_{j}"),
        )
        for j, (f, (checks, _, _)) in enumerate(built)
    }


def _report_column(table: Table, sink: FindingSink, masks: list[tuple[Check, pl.Series]]) -> None:
    """The findings of one column's checks, in the order of its checks."""
    for check, mask in masks:
        _report(table, sink, check, mask)


def _with_errors(row_error: pl.Series, masks: list[tuple[Check, pl.Series]]) -> pl.Series:
    """The rows with an error so far, and those of this column's ERROR checks."""
    for check, mask in masks:
        if check.rule.rule.severity is Severity.ERROR:
            row_error = row_error | mask
    return row_error


def _report_absent_recommended(table: Table, schema: FileSchema, sink: FindingSink) -> None:
    """A recommended field whose column is absent is missing on every row, as the reference reports it (its
    row parser reads an absent column as an empty value and checks the field's level: gtfs-validator's
    RowParser, MissingRecommendedFieldNotice), e.g. feed_info.txt without feed_start_date."""
    if table.frame.height == 0 or not sink.wants(MissingRecommendedField):
        return
    for f in schema.fields:
        if f.presence is Presence.RECOMMENDED and f.name not in table.frame.columns:
            sink.add_frame(
                MissingRecommendedField,
                table.frame.select(
                    pl.lit(table.name).alias("filename"),
                    pl.col(ROW).alias("csvRowNumber"),
                    pl.lit(f.name).alias("fieldName"),
                ),
            )


# Files whose enum columns are stored as Int8 when every value fits: stop_times.txt has three to five enum
# columns of millions of rows (pickup_type, drop_off_type, timepoint, ...), 8 bytes a value as Int64, 1 as
# Int8: 48 MB less on the 2.4 M rows of the Brooklyn bus feed, at the peak of its validation. Values are
# unchanged (a value outside Int8 keeps the file's column Int64); the families compare them with literals.
NARROW_ENUMS_IN = frozenset({"stop_times.txt"})


def _narrow(column: pl.Series) -> pl.Series:
    """An Int64 enum column as Int8 when every value fits (nulls stay nulls)."""
    if column.dtype != pl.Int64 or column.null_count() == column.len():
        return column
    low, high = column.min(), column.max()
    fits = isinstance(low, int) and isinstance(high, int) and -128 <= low and high <= 127
    return column.cast(pl.Int8) if fits else column


def _compact(column: pl.Series) -> pl.Series:
    """The column in one chunk. A text column written in runs of one value (stop_times.txt's trip_id, a
    trip's rows together) keeps one copy of each run's text instead of the reader's copy of every row's:
    polars stores a value longer than 12 bytes outside its row's 16-byte view, so such a column shrinks from
    views + every row's text to views + one text per run (on the Brooklyn bus feed: 100 MB to 40 MB)."""
    if column.dtype != pl.String or column.len() < 2 or not column.str.len_bytes().gt(INLINE_BYTES).any():
        return column.rechunk()
    runs = column.rle()
    if runs.len() * 2 > column.len():
        return column.rechunk()
    return runs.struct.field("value").gather(column.rle_id()).alias(column.name)


def _distinct(column: pl.Series) -> pl.Series | None:
    """The column's distinct values, when checking each of them once beats checking every row: the column
    repeats its values (times, enums, sequence numbers, trip and stop ids of a stop_times.txt) and has no
    null, so that every row's outcome is its value's."""
    if column.null_count() or column.is_empty():  # (replace_strict keeps an empty column's dtype)
        return None
    distinct = column.unique()
    return distinct if distinct.len() * 2 <= column.len() else None


@functools.lru_cache(maxsize=1)
def _none_flagged(height: int) -> pl.Series:
    """A mask flagging no row, made once per table height (the columns of a table share it; masks are only
    combined into new series, never changed in place)."""
    return pl.repeat(False, height, eager=True)


def _flag(column: pl.Series, values: pl.Series, outcome: pl.Series) -> pl.Series:
    """Each row's outcome of a check evaluated on the distinct ``values``: true, false, or null (a check can
    be null, as on an integer too long to cast, and a null stays null as it would on the rows). Usually
    nothing is flagged: no pass over the rows then, and no polars query either (one query costs ~0.1 ms,
    and a small feed asks hundreds of these: issue 22)."""
    if not outcome.null_count() and not outcome.any():
        return _none_flagged(column.len())
    flagged, unknown = values.filter(outcome), values.filter(outcome.is_null())
    mask = column.is_in(flagged.implode()) if flagged.len() else _none_flagged(column.len())
    if unknown.len():
        mask = pl.select(pl.when(column.is_in(unknown.implode())).then(None).otherwise(mask)).to_series()
    return mask


@dataclass
class _Typed:
    """A column checked on its distinct values: its type, raw and typed forms, and typed distinct values."""

    type: FieldType
    raw: pl.Series
    distinct: pl.Series
    typed_distinct: pl.Series
    column: pl.Series


def _check_distinct(
    table: Table,
    column: pl.Series,
    distinct: pl.Series,
    checks: list[Check],
    typed_value: pl.Expr,
    parse_only: pl.Expr | None,
    twin: _Typed | None,
) -> tuple[list[tuple[Check, pl.Series]], pl.Series, pl.Series]:
    """The checks' row masks and the typed column, computed on the distinct values and carried to the rows.

    A check that reads more than the value (``per_row``) still runs on every row. The typed column is the raw
    one itself when typing changes no value (ids without empty values: no copy of the strings), the ``twin``'s
    (an equal column) when typing gives the same values, the parse alone run on every row when it gives the
    typed value of every distinct value, else each row's value is looked up among the typed distinct
    values."""
    by_value = [c for c in checks if not c.per_row]
    evaluated = (
        distinct.to_frame()
        .lazy()
        .select(
            pl.col(column.name),
            *(c.when.alias(f"__check_{i}") for i, c in enumerate(by_value)),
            typed_value.alias("__typed"),
            (parse_only if parse_only is not None else pl.lit(None)).alias("__parsed"),
        )
        .collect()
    )
    values = evaluated.get_column(column.name)
    flagged = {
        id(c): _flag(column, values, evaluated.get_column(f"__check_{i}")) for i, c in enumerate(by_value)
    }
    per_row = [c for c in checks if c.per_row]
    if per_row:
        rows = (
            table.frame.lazy()
            .select(*(c.when.alias(f"__check_{i}") for i, c in enumerate(per_row)))
            .collect()
        )
        flagged |= {id(c): rows.get_column(f"__check_{i}") for i, c in enumerate(per_row)}
    typed = evaluated.get_column("__typed")
    if typed.dtype == column.dtype and typed.equals(values, check_names=False):
        typed_column = column
    elif (
        twin is not None
        and typed.dtype == twin.typed_distinct.dtype
        and typed.equals(twin.typed_distinct, check_names=False)
    ):
        typed_column = twin.column
    elif parse_only is not None and typed.equals(evaluated.get_column("__parsed"), check_names=False):
        typed_column = table.frame.select(parse_only.alias(column.name)).to_series()
    else:
        typed_column = column.replace_strict(values, typed, return_dtype=typed.dtype)
    return [(c, flagged[id(c)]) for c in checks], typed, typed_column


def _report(table: Table, sink: FindingSink, check: Check, mask: pl.Series) -> None:
    """The findings of one check: its fields, computed on the flagged rows only (coded columns decoded)."""
    if sink.wants(check.rule) and mask.any():
        flagged = table.frame.filter(mask)
        if any(map(is_coded, flagged.dtypes)):
            flagged = pl.DataFrame([decoded(column) for column in flagged.get_columns()])
        sink.add_frame(check.rule, flagged.select(**check.fields))


def _decode_kept(table: Table, declared: list[FieldSchema], keep_raw: set[str]) -> None:
    """The coded columns read again after their own column is checked, as strings: the mixed-case and
    currency checks read them as text."""
    kept = [
        table.frame.get_column(f.name)
        for f in declared
        if f.name in keep_raw and is_coded(table.frame.schema[f.name])
    ]
    if kept:
        table.frame = table.frame.with_columns(decoded(column) for column in kept)


def _check_coded(
    table: Table, f: FieldSchema, country: str | None, column: pl.Series
) -> tuple[list[tuple[Check, pl.Series]], pl.Series]:
    """The checks' row masks and the typed column of a coded (Categorical) column: every check and the
    typing run once per distinct value, and each row takes its value's outcome by its code (a gather, no
    hashing of the rows' text). The checks that read more than the value (``per_row``: quoted padding)
    never apply here: a coded file holds no quote (csv_format._read_plain)."""
    values = coded_values(column)
    indices = coded_indices(column)
    checks, typed_value, _ = _column_checks(table, f, country, values.to_frame())
    if any(c.per_row for c in checks):
        raise ValueError(f"{table.name}: a coded column with a per-row check")
    # A null value is a code no row of this column holds (a category of the column it shares them with):
    # never flagged, so that it does not make a null outcome to carry to the rows.
    unused = pl.col(column.name).is_null()
    evaluated = (
        values.to_frame()
        .lazy()
        .select(
            *(
                pl.when(unused).then(False).otherwise(c.when).alias(f"__check_{i}")
                for i, c in enumerate(checks)
            ),
            typed_value.alias("__typed"),
        )
        .collect()
    )
    masks = []
    for i, check in enumerate(checks):
        outcome = evaluated.get_column(f"__check_{i}")
        # Usually no value is flagged: no pass over the rows then. A null outcome stays null on its rows.
        flagged = bool(outcome.any()) or outcome.null_count() > 0
        masks.append((check, outcome.gather(indices) if flagged else _none_flagged(column.len())))
    typed = evaluated.get_column("__typed").rechunk()
    if f.type is FieldType.ENUM and table.name in NARROW_ENUMS_IN:
        # Narrowed before the gather: the Int64 column of every row is never made (19 MB on the Brooklyn bus
        # feed for each of its three enum columns, at the peak of its load). The values hold the column's
        # values and the empty one (null), so their bounds are the column's (_narrow).
        typed = _narrow(typed)
    # One chunk first: a gather from several chunks copies every row's text (csv_format.coded_values).
    return masks, typed.gather(indices)


def _check_coordinates(table: Table, sink: FindingSink) -> None:
    lat, lon, key = _COORDINATES[table.name]
    if lat not in table.frame.columns or lon not in table.frame.columns:
        return
    fields = {"filename": pl.lit(table.name), "csvRowNumber": pl.col(ROW)}
    if key and key in table.frame.columns:
        fields["entityId"] = pl.col(key)
    fields |= {
        "latFieldName": pl.lit(lat),
        "latFieldValue": pl.col(lat),
        "lonFieldName": pl.lit(lon),
        "lonFieldValue": pl.col(lon),
    }
    located = table.frame.filter(pl.col(lat).is_not_null() & pl.col(lon).is_not_null())
    sink.add_frame(
        PointNearOrigin, located.filter((pl.col(lat).abs() <= 1) & (pl.col(lon).abs() <= 1)).select(**fields)
    )
    sink.add_frame(PointNearPole, located.filter(pl.col(lat).abs() >= 89).select(**fields))
