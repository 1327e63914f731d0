"""Checks on agencies, feed_info, fare attributes and shapes (transport-validator's ``agency``, ``feed_info``,
``fare_attributes`` and ``shapes`` validators). Agency, feed_info and fare attributes are read as written: the
GTFS engine's typed frames hold nulls where a URL, zone or currency is invalid."""

from __future__ import annotations

import urllib.parse
from functools import cache

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.fr_nap.object_checks import InvalidCoordinates, MissingCoordinates
from citylint.validators.gtfs.feed import ROW
from citylint.validators.gtfs.formats import currency_digits, is_timezone

# ISO 639-2/B (bibliographic) codes: CLDR knows them as aliases, ISO 639-3 does not have them (``fre``).
_BIBLIOGRAPHIC = frozenset(
    {
        "alb",
        "arm",
        "baq",
        "bur",
        "chi",
        "cze",
        "dut",
        "fre",
        "geo",
        "ger",
        "gre",
        "ice",
        "mac",
        "mao",
        "may",
        "per",
        "rum",
        "slo",
        "tib",
        "wel",
        "scc",
        "scr",
    }
)


class MissingUrl(
    FrNapRule,
    code="missing_url",
    issue_type="MissingUrl",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} {objectName}: {fieldName} is empty",
):
    """An agency's `agency_url` or the feed's `feed_publisher_url` is empty.

    ## Why it matters
    Travellers and reusers have no web page to turn to for the operator or the publisher.

    ## Example
    `agency.txt` with an empty `agency_url`.

    ## Reference
    transport-validator `src/validators/agency.rs`, `feed_info.rs` (issue type `MissingUrl`, Error).
    """


class InvalidUrlTv(
    FrNapRule,
    code="invalid_url_tv",
    issue_type="InvalidUrl",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} {objectName}: {fieldName} {fieldValue} is not an http(s) URL",
):
    """An agency's or the publisher's URL does not parse or is not http / https.

    ## Why it matters
    A link that does not open. `_tv` suffix: MobilityData's `invalid_url` covers every URL field with its own
    syntax.

    ## Example
    `agency_url` = `htt://www.sncf.com`.

    ## Reference
    transport-validator `src/validators/agency.rs`, `feed_info.rs` (issue type `InvalidUrl`, Error).
    """


class InvalidTimezoneTv(
    FrNapRule,
    code="invalid_timezone_tv",
    issue_type="InvalidTimezone",
    tv_severity=TvSeverity.ERROR,
    message="agency {objectName}: agency_timezone {fieldValue} is not an IANA time zone",
):
    """An agency's `agency_timezone` is not an IANA time zone name.

    ## Why it matters
    Every time of the feed is read in this zone; without it departures cannot be placed in absolute time.

    ## Example
    `agency_timezone` = `Europe/x`.

    ## Reference
    transport-validator `src/validators/agency.rs` (issue type `InvalidTimezone`, Error).
    """


class MissingLanguage(
    FrNapRule,
    code="missing_language",
    issue_type="MissingLanguage",
    tv_severity=TvSeverity.ERROR,
    message="feed_info {objectName}: feed_lang is empty",
):
    """The feed's `feed_lang` is empty.

    ## Why it matters
    Consumers do not know the language of the texts (text-to-speech, translations). An Error on
    transport.data.gouv.fr, though MobilityData treats `feed_info.txt` as only recommended.

    ## Example
    `feed_info.txt` with an empty `feed_lang`.

    ## Reference
    transport-validator `src/validators/feed_info.rs` (issue type `MissingLanguage`, Error).
    """


class InvalidLanguage(
    FrNapRule,
    code="invalid_language",
    issue_type="InvalidLanguage",
    tv_severity=TvSeverity.WARNING,
    message="feed_info {objectName}: language code {fieldValue} does not exist",
):
    """The feed's `feed_lang` is not an ISO 639-1 or ISO 639-3 code, nor a locale of one (an empty value too).

    ## Why it matters
    `fre` (ISO 639-2/B) or a misspelt code leaves consumers guessing the language.

    ## Example
    `feed_lang` = `fre` (ISO 639-2/B; ISO 639-3 writes `fra`).

    ## Reference
    transport-validator `src/validators/feed_info.rs` (issue type `InvalidLanguage`, Warning).
    """


class MissingPrice(
    FrNapRule,
    code="missing_price",
    issue_type="MissingPrice",
    tv_severity=TvSeverity.ERROR,
    message="fare {objectId} has no price",
):
    """A fare attribute has an empty `price`.

    ## Why it matters
    A fare without a price tells travellers nothing.

    ## Example
    A fare attribute with an empty `price`.

    ## Reference
    transport-validator `src/validators/fare_attributes.rs` (issue type `MissingPrice`, Error).
    """


class InvalidCurrencyTv(
    FrNapRule,
    code="invalid_currency_tv",
    issue_type="InvalidCurrency",
    tv_severity=TvSeverity.ERROR,
    message="fare {objectId}: currency_type {fieldValue} is not an ISO 4217 code",
):
    """A fare attribute's `currency_type` is not an ISO 4217 alphabetic code.

    ## Why it matters
    The price cannot be shown or compared. `_tv` suffix: MobilityData's `invalid_currency` is its own check.

    ## Example
    `currency_type` = `ABC`.

    ## Reference
    transport-validator `src/validators/fare_attributes.rs` (issue type `InvalidCurrency`, Error).
    """


class InvalidTransfers(
    FrNapRule,
    code="invalid_transfers",
    issue_type="InvalidTransfers",
    tv_severity=TvSeverity.ERROR,
    message="fare {objectId}: transfers {fieldValue} is not 0, 1, 2 or empty",
):
    """A fare attribute's `transfers` is a number other than 0, 1 or 2 (empty means unlimited).

    ## Why it matters
    Values 3–5 are a Google Transit extension that other consumers do not read.

    ## Example
    `transfers` = 3.

    ## Reference
    transport-validator `src/validators/fare_attributes.rs` (issue type `InvalidTransfers`, Error).
    """


class InvalidShapeId(
    FrNapRule,
    code="invalid_shape_id",
    issue_type="InvalidShapeId",
    tv_severity=TvSeverity.ERROR,
    message="trip {objectId}: {details}",
):
    """A trip names a `shape_id` that `shapes.txt` does not have.

    ## Why it matters
    The trip's path cannot be drawn.

    ## Example
    A trip with `shape_id` `non_existing_shape_id`.

    ## Reference
    transport-validator `src/validators/shapes.rs` (issue type `InvalidShapeId`, Error).
    """


class UnusedShapeId(
    FrNapRule,
    code="unused_shape_id",
    issue_type="UnusedShapeId",
    tv_severity=TvSeverity.INFORMATION,
    message="shape {objectId} is used by no trip",
):
    """A shape is used by no trip.

    ## Why it matters
    Dead data that makes the feed heavier and may hide a trip that lost its shape.

    ## Example
    Shape `A_shp` that no trip names.

    ## Reference
    transport-validator `src/validators/shapes.rs` (issue type `UnusedShapeId`, Information).
    """


RULES = (
    MissingUrl,
    InvalidUrlTv,
    InvalidTimezoneTv,
    MissingLanguage,
    InvalidLanguage,
    MissingPrice,
    InvalidCurrencyTv,
    InvalidTransfers,
    InvalidShapeId,
    UnusedShapeId,
)


def is_http_url(value: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@cache
def _languages() -> tuple[frozenset[str], frozenset[str]]:
    """ISO 639-1 codes and ISO 639-3 codes, from CLDR (Babel): CLDR names a language by its 2-letter code
    where there is one and keeps the 3-letter ones as aliases."""
    from babel import Locale  # imported here: only a fr-nap run with languages to check loads Babel
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    names = {identifier.split("_")[0] for identifier in locale_identifiers()} | set(
        get_global("language_aliases")
    )
    names |= set(Locale("en").languages)
    two = frozenset(n for n in names if len(n) == 2 and n.isalpha())
    three = frozenset(n for n in names if len(n) == 3 and n.isalpha() and n not in _BIBLIOGRAPHIC)
    return two, three


def is_language(value: str) -> bool:
    two, three = _languages()
    lang = value.lower()
    if len(lang) == 2:
        return lang in two
    if len(lang) == 3:
        return lang in three
    if 4 <= len(lang) <= 11:
        return lang.replace("-", "_").split("_")[0] in two
    return False


def _text(column: str) -> pl.Expr:
    return pl.col(column).fill_null("")


def _invalid(values: pl.Expr, valid: object) -> pl.Expr:
    # a Python test per row is fine here: agency.txt and feed_info.txt have a handful of rows
    return ~values.map_elements(valid, return_dtype=pl.Boolean)  # type: ignore[arg-type]


def check(model: TvModel, sink: FindingSink) -> None:
    agencies = model.raw("agency.txt")
    if agencies is not None:
        base = agencies.select(
            filename=pl.lit("agency.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Agency"),
            objectId=_text("agency_id") if "agency_id" in agencies.columns else pl.lit(""),
            objectName=_text("agency_name") if "agency_name" in agencies.columns else pl.lit(""),
            url=_text("agency_url") if "agency_url" in agencies.columns else pl.lit(""),
            zone=_text("agency_timezone") if "agency_timezone" in agencies.columns else pl.lit(""),
        )
        _urls(base, "agency_url", sink)
        sink.add_frame(
            InvalidTimezoneTv,
            base.filter(_invalid(pl.col("zone"), is_timezone)).select(
                "filename",
                "csvRowNumber",
                "objectType",
                "objectId",
                "objectName",
                fieldName=pl.lit("agency_timezone"),
                fieldValue=pl.col("zone"),
            ),
        )
    feed_info = model.raw("feed_info.txt")
    if feed_info is not None:
        base = feed_info.select(
            filename=pl.lit("feed_info.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("FeedInfo"),
            objectId=pl.lit(""),
            objectName=_text("feed_publisher_name")
            if "feed_publisher_name" in feed_info.columns
            else pl.lit(""),
            url=_text("feed_publisher_url") if "feed_publisher_url" in feed_info.columns else pl.lit(""),
            lang=_text("feed_lang") if "feed_lang" in feed_info.columns else pl.lit(""),
        )
        _urls(base, "feed_publisher_url", sink)
        sink.add_frame(
            MissingLanguage,
            base.filter(pl.col("lang") == "").select(
                "filename",
                "csvRowNumber",
                "objectType",
                "objectId",
                "objectName",
                fieldName=pl.lit("feed_lang"),
            ),
        )
        sink.add_frame(
            InvalidLanguage,
            base.filter(_invalid(pl.col("lang"), is_language)).select(
                "filename",
                "csvRowNumber",
                "objectType",
                "objectId",
                "objectName",
                fieldName=pl.lit("feed_lang"),
                fieldValue=pl.col("lang"),
            ),
        )
    _fares(model, sink)
    _shapes(model, sink)


def _urls(base: pl.DataFrame, field: str, sink: FindingSink) -> None:
    located = ("filename", "csvRowNumber", "objectType", "objectId", "objectName")
    sink.add_frame(MissingUrl, base.filter(pl.col("url") == "").select(*located, fieldName=pl.lit(field)))
    sink.add_frame(
        InvalidUrlTv,
        base.filter((pl.col("url") != "") & _invalid(pl.col("url"), is_http_url)).select(
            *located, fieldName=pl.lit(field), fieldValue=pl.col("url")
        ),
    )


def _fares(model: TvModel, sink: FindingSink) -> None:
    fares = model.raw("fare_attributes.txt")
    if fares is None or not model.readable("fare_attributes.txt"):
        return
    base = fares.select(
        filename=pl.lit("fare_attributes.txt"),
        csvRowNumber=pl.col(ROW),
        objectType=pl.lit("Fare"),
        objectId=_text("fare_id") if "fare_id" in fares.columns else pl.lit(""),
        price=_text("price") if "price" in fares.columns else pl.lit(""),
        currency=_text("currency_type") if "currency_type" in fares.columns else pl.lit(""),
        transfers=_text("transfers") if "transfers" in fares.columns else pl.lit(""),
    )
    located = ("filename", "csvRowNumber", "objectType", "objectId")
    sink.add_frame(
        MissingPrice, base.filter(pl.col("price") == "").select(*located, fieldName=pl.lit("price"))
    )
    currencies = pl.Series(sorted(currency_digits()), dtype=pl.String)
    sink.add_frame(
        InvalidCurrencyTv,
        base.filter(~pl.col("currency").is_in(currencies.implode())).select(
            *located, fieldName=pl.lit("currency_type"), fieldValue=pl.col("currency")
        ),
    )
    transfers = pl.col("transfers").cast(pl.Int64, strict=False)
    sink.add_frame(
        InvalidTransfers,
        base.filter(transfers.is_not_null() & ~transfers.is_in([0, 1, 2])).select(
            *located, fieldName=pl.lit("transfers"), fieldValue=pl.col("transfers")
        ),
    )


def _shapes(model: TvModel, sink: FindingSink) -> None:
    # MissingCoordinates and InvalidCoordinates live with the stop checks: one issue type each, stops and
    # shapes
    shapes = model.frame("shapes.txt")
    trips = model.frame("trips.txt", {"trip_id": pl.String, "shape_id": pl.String})
    if shapes is not None:
        lat, lon = pl.col("shape_pt_lat"), pl.col("shape_pt_lon")
        per_shape = shapes.group_by("shape_id", maintain_order=True).agg(
            row=pl.col(ROW).min(),
            at_origin=((lat == 0) & (lon == 0)).any(),
            invalid=((lat.abs() > 90) | (lon.abs() > 180)).any(),
        )
        located = {
            "filename": pl.lit("shapes.txt"),
            "csvRowNumber": pl.col("row"),
            "objectType": pl.lit("Shape"),
            "objectId": pl.col("shape_id").fill_null(""),
        }
        sink.add_frame(
            MissingCoordinates,
            per_shape.filter("at_origin").select(**located, details=pl.lit("a shape point is at 0,0")),
        )
        sink.add_frame(InvalidCoordinates, per_shape.filter("invalid").select(**located))
        if trips is not None:
            used = trips.get_column("shape_id").drop_nulls().implode()
            sink.add_frame(UnusedShapeId, per_shape.filter(~pl.col("shape_id").is_in(used)).select(**located))
    if trips is not None:
        known = (
            shapes.get_column("shape_id") if shapes is not None else pl.Series([], dtype=pl.String)
        ).implode()
        sink.add_frame(
            InvalidShapeId,
            trips.filter(pl.col("shape_id").is_not_null() & ~pl.col("shape_id").is_in(known)).select(
                filename=pl.lit("trips.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("Trip"),
                objectId=pl.col("trip_id").fill_null(""),
                fieldName=pl.lit("shape_id"),
                details=pl.format("invalid shape id: {}", pl.col("shape_id")),
            ),
        )
