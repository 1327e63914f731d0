"""The GTFS rules about single values: presence, white space, characters, types, enums, ranges,
coordinates. The engine that checks them is ``values``."""

from __future__ import annotations

from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.spec import FIELD_DEFINITIONS, FIELD_TYPES, FILE_REQUIREMENTS


def _not_a(what: str) -> str:
    """The message of the rules for values that do not parse as their type."""
    return f"{{filename}} row {{csvRowNumber}}: {{fieldName}} = {{fieldValue!r}} is not {what}"


class MissingRequiredField(
    GtfsRule,
    code="missing_required_field",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: required field {fieldName} is empty",
):
    """A required field is empty.

    ## Why it matters
    The reference requires a value here; consumers reject or misread the record without it.

    ## Example
    A `routes.txt` row whose `route_type` is empty.

    ## Reference
    GTFS Schedule reference, *Field definitions* (presence "Required").
    """


class MissingRecommendedField(
    GtfsRule,
    code="missing_recommended_field",
    severity=Severity.WARNING,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: recommended field {fieldName} is empty",
):
    """A recommended field is empty.

    ## Why it matters
    Riders and journey planners lose information the reference asks producers to give when they have it.

    ## Example
    `feed_info.txt` without `feed_end_date`.

    ## Reference
    GTFS Schedule reference, *Field definitions* (presence "Recommended").
    """


class LeadingOrTrailingWhitespaces(
    GtfsRule,
    code="leading_or_trailing_whitespaces",
    severity=Severity.WARNING,
    spec=FILE_REQUIREMENTS,
    message="{filename} row {csvRowNumber}: {fieldName} = {fieldValue!r} has white space around it",
):
    """A value starts or ends with white space.

    ## Why it matters
    Consumers that do not trim see `"S1 "` and `"S1"` as two identifiers, breaking references.

    ## Example
    `stop_id` = `" S1"`.

    ## Reference
    GTFS Schedule reference, *File requirements*: remove any extra spaces between fields and values.
    """


class NewLineInValue(
    GtfsRule,
    code="new_line_in_value",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename} row {csvRowNumber}: {fieldName} holds a line break",
):
    """A value holds a line break.

    ## Why it matters
    Many CSV readers split the record at the line break and misalign every following field.

    ## Example
    A quoted `stop_desc` spanning two lines.

    ## Reference
    GTFS Schedule reference, *File requirements*.
    """


class InvalidCharacter(
    GtfsRule,
    code="invalid_character",
    severity=Severity.ERROR,
    spec=FILE_REQUIREMENTS,
    message="{filename} row {csvRowNumber}: {fieldName} holds bytes that are not valid UTF-8",
):
    """A value holds bytes that are not valid UTF-8.

    ## Why it matters
    The file is not in the encoding the reference mandates; names show as garbage (U+FFFD) to riders.

    ## Example
    A `stop_name` written in Latin-1: `Gare de Lyon – Bercy` with a raw 0xE9 byte.

    ## Reference
    GTFS Schedule reference, *File requirements*: files must be encoded in UTF-8.
    """


class NonAsciiOrNonPrintableChar(
    GtfsRule,
    code="non_ascii_or_non_printable_char",
    severity=Severity.WARNING,
    spec=FIELD_TYPES,
    message="{filename} row {csvRowNumber}: identifier {columnName} = {fieldValue!r} has non-printable "
    "or non-ASCII characters",
):
    """An identifier holds characters outside printable ASCII.

    ## Why it matters
    IDs are matched byte for byte across files and systems; accents, non-breaking spaces and control
    characters make matches fail in ways nobody sees.

    ## Example
    `stop_id` = `gare_évry`.

    ## Reference
    GTFS Schedule reference, *Field types*, ID: "an ID ... contains only printable ASCII characters".
    """


class InvalidInteger(
    GtfsRule, code="invalid_integer", severity=Severity.ERROR, spec=FIELD_TYPES, message=_not_a("an integer")
):
    """A value that must be an integer is not one.

    ## Why it matters
    Consumers cannot read the field; the row is treated as unparsable.

    ## Example
    `stop_sequence` = `3.5` or `first`.

    ## Reference
    GTFS Schedule reference, *Field types*, Integer (and Non-negative integer, Enum).
    """


class InvalidFloat(
    GtfsRule, code="invalid_float", severity=Severity.ERROR, spec=FIELD_TYPES, message=_not_a("a number")
):
    """A value that must be a decimal number is not one.

    ## Why it matters
    Coordinates, distances and prices become unreadable; the row is treated as unparsable.

    ## Example
    `stop_lat` = `48,8566` (decimal comma).

    ## Reference
    GTFS Schedule reference, *Field types*, Float, Latitude, Longitude.
    """


class InvalidDate(
    GtfsRule,
    code="invalid_date",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a date in YYYYMMDD format"),
):
    """A value that must be a date is not a valid `YYYYMMDD` date.

    ## Why it matters
    Service calendars and feed validity cannot be computed.

    ## Example
    `start_date` = `2024-01-31`, or `20230230` (no 30 February).

    ## Reference
    GTFS Schedule reference, *Field types*, Date.
    """


class InvalidTime(
    GtfsRule,
    code="invalid_time",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a time in HH:MM:SS format"),
):
    """A value that must be a time is not in `H:MM:SS` / `HH:MM:SS` format.

    ## Why it matters
    Schedules cannot be computed from it. Times after midnight are written past 24:00:00, so hours may
    exceed 23; minutes and seconds may not exceed 59.

    ## Example
    `arrival_time` = `8h30` or `08:75:00`.

    ## Reference
    GTFS Schedule reference, *Field types*, Time.
    """


class InvalidColor(
    GtfsRule,
    code="invalid_color",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a colour (six hexadecimal digits)"),
):
    """A value that must be a colour is not six hexadecimal digits.

    ## Why it matters
    Maps and timetables cannot show the line's colour.

    ## Example
    `route_color` = `#FF0000` or `red`.

    ## Reference
    GTFS Schedule reference, *Field types*, Color.
    """


class InvalidUrl(
    GtfsRule, code="invalid_url", severity=Severity.ERROR, spec=FIELD_TYPES, message=_not_a("a valid URL")
):
    """A value that must be a URL is not a valid absolute http, https or ftp URL.

    ## Why it matters
    Riders following the link from a journey planner land nowhere.

    ## Example
    `agency_url` = `www.example.org` (no scheme).

    ## Reference
    GTFS Schedule reference, *Field types*, URL: a fully qualified URL that includes http:// or https://.
    """


class InvalidEmail(
    GtfsRule,
    code="invalid_email",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a valid e-mail address"),
):
    """A value that must be an e-mail address is not a valid one.

    ## Why it matters
    Riders and data users cannot reach the agency or publisher.

    ## Example
    `agency_email` = `info(at)example.org`.

    ## Reference
    GTFS Schedule reference, *Field types*, Email.
    """


class InvalidPhoneNumber(
    GtfsRule,
    code="invalid_phone_number",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a possible phone number for the feed's country"),
):
    """A value that must be a phone number is not a possible number for the feed's country.

    ## Why it matters
    Riders cannot call the agency. Checked only when the profile gives a `country_code` parameter, as
    MobilityData checks only with `--country_code`.

    ## Example
    `agency_phone` = `12` with country FR.

    ## Reference
    GTFS Schedule reference, *Field types*, Phone number.
    """


class InvalidTimezone(
    GtfsRule,
    code="invalid_timezone",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a time zone of the tz database"),
):
    """A value that must be a time zone is not a name of the tz database.

    ## Why it matters
    Every time of the feed is read in this zone: without it, schedules cannot be placed in real time.

    ## Example
    `agency_timezone` = `Paris` or `europe/paris` (instead of `Europe/Paris`; names are case-sensitive).

    ## Reference
    GTFS Schedule reference, *Field types*, Timezone (https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).
    """


class InvalidLanguageCode(
    GtfsRule,
    code="invalid_language_code",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("a BCP 47 language tag"),
):
    """A value that must be a language code is not a well-formed BCP 47 tag.

    ## Why it matters
    Consumers cannot tell which language names and translations are in.

    ## Example
    `feed_lang` = `fr_FR` (underscore instead of hyphen) or `francais1`.

    ## Reference
    GTFS Schedule reference, *Field types*, Language code (IETF BCP 47).
    """


class InvalidCurrency(
    GtfsRule,
    code="invalid_currency",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message=_not_a("an ISO 4217 currency code"),
):
    """A value that must be a currency code is not an ISO 4217 code.

    ## Why it matters
    Fares cannot be shown or compared.

    ## Example
    `currency_type` = `euro` or `eur` (codes are upper case).

    ## Reference
    GTFS Schedule reference, *Field types*, Currency code (ISO 4217).
    """


class InvalidCurrencyAmount(
    GtfsRule,
    code="invalid_currency_amount",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message="{filename} row {csvRowNumber}: {fieldName} = {fieldValue} does not have the number of decimal "
    "places of its currency",
):
    """A currency amount does not have the number of decimal places its currency uses.

    ## Why it matters
    `1.5` euros or `100.00` yen suggest a data error (units, rounding) that riders see as a wrong price.

    ## Example
    `amount` = `2.5` with `currency` = `EUR` (should be `2.50`).

    ## Reference
    GTFS Schedule reference, *Field types*, Currency amount: per ISO 4217 minor units.
    """


class NumberOutOfRange(
    GtfsRule,
    code="number_out_of_range",
    severity=Severity.ERROR,
    spec=FIELD_TYPES,
    message="{filename} row {csvRowNumber}: {fieldName} = {fieldValue} is not {fieldType}",
):
    """A number is outside the range its field allows.

    ## Why it matters
    A negative distance, a zero headway or a latitude of 123 cannot be right; consumers reject the record.

    ## Example
    `stop_lat` = `148.85`, or `headway_secs` = `0`.

    ## Reference
    GTFS Schedule reference, *Field types* (Latitude, Longitude, Non-negative, Positive) and the fields'
    descriptions.
    """


class UnexpectedEnumValue(
    GtfsRule,
    code="unexpected_enum_value",
    severity=Severity.WARNING,
    spec=FIELD_TYPES,
    message="{filename} row {csvRowNumber}: {fieldName} = {fieldValue} is not one of its allowed values",
):
    """A value is not one of the values its field allows.

    ## Why it matters
    Standard consumers do not know what it means. Google's extended route types (100-1702) are the most
    common case: the feed then depends on consumers that implement Google's extension.

    ## Example
    `route_type` = `700` (Google "Bus Service").

    ## Reference
    GTFS Schedule reference, *Field types*, Enum, and each enum field's options.
    """


class MixedCaseRecommendedField(
    GtfsRule,
    code="mixed_case_recommended_field",
    severity=Severity.WARNING,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: {fieldName} = {fieldValue!r} should mix upper and lower case",
):
    """A name is written all in capitals or all in small letters.

    ## Why it matters
    Names are read out by screen readers and shown to riders; all capitals read as shouting and are spelt
    letter by letter by some speech engines.

    ## Example
    `stop_name` = `GARE CENTRALE` (instead of `Gare Centrale`).

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_name` and the *Best practices* on names in mixed case.
    """


class PointNearOrigin(
    GtfsRule,
    code="point_near_origin",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: ({latFieldValue}, {lonFieldValue}) is near (0, 0)",
):
    """A point lies within one degree of latitude 0, longitude 0.

    ## Why it matters
    That spot is in the Gulf of Guinea: the coordinates are almost certainly missing values written as 0.

    ## Example
    `stop_lat` = `0`, `stop_lon` = `0`.

    ## Reference
    GTFS Schedule reference, `stops.txt` `stop_lat` / `stop_lon`, `shapes.txt` `shape_pt_lat` /
    `shape_pt_lon`.
    """


class PointNearPole(
    GtfsRule,
    code="point_near_pole",
    severity=Severity.ERROR,
    spec=FIELD_DEFINITIONS,
    message="{filename} row {csvRowNumber}: ({latFieldValue}, {lonFieldValue}) is near a pole",
):
    """A point lies within one degree of the North or South Pole.

    ## Why it matters
    No transit runs there: latitude and longitude are probably swapped or wrong.

    ## Example
    `stop_lat` = `89.5`.

    ## Reference
    GTFS Schedule reference, `stops.txt` and `shapes.txt` coordinates.
    """


RULES = (
    MissingRequiredField,
    MissingRecommendedField,
    LeadingOrTrailingWhitespaces,
    NewLineInValue,
    InvalidCharacter,
    NonAsciiOrNonPrintableChar,
    InvalidInteger,
    InvalidFloat,
    InvalidDate,
    InvalidTime,
    InvalidColor,
    InvalidUrl,
    InvalidEmail,
    InvalidPhoneNumber,
    InvalidTimezone,
    InvalidLanguageCode,
    InvalidCurrency,
    InvalidCurrencyAmount,
    NumberOutOfRange,
    UnexpectedEnumValue,
    MixedCaseRecommendedField,
    PointNearOrigin,
    PointNearPole,
)
