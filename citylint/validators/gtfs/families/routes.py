"""Route naming and presentation: names missing, too long, repeated or duplicated; colours without contrast;
a route URL that is only its agency's.

MobilityData checks most of these per route as the rows load (its per-entity validators), so they run on the
rows of `routes.txt` even when another row of it failed; `duplicate_route_name` and
`same_route_and_agency_url` are whole-file validators, run only when the files they read parsed cleanly.
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import utf16_length
from citylint.validators.gtfs.feed import ROW, Feed, ascii_lower, column
from citylint.validators.gtfs.spec import REFERENCE

ROUTES = "routes.txt"
ROUTES_SPEC = REFERENCE + "#routestxt"
# MobilityData's thresholds: RouteNameValidator's short name length, RouteColorContrastValidator's luma gap.
MAX_SHORT_NAME_LENGTH = 12
MIN_LUMA_DIFFERENCE = 72
# Java's \s (ASCII only: MobilityData does not enable Unicode character classes) and the line terminators
# Java's "." does not match.
_JAVA_SPACE = r"[ \t\n\x0B\x0C\r]"
_NAME_SEPARATOR = rf"^{_JAVA_SPACE}?(?:{_JAVA_SPACE}|[\-()])[^\n\r\x{{85}}\x{{2028}}\x{{2029}}]*$"


class DuplicateRouteName(
    GtfsRule,
    code="duplicate_route_name",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt rows {csvRowNumber1} and {csvRowNumber2}: routes {routeId1} and "
    "{routeId2} have the same names, type and agency",
):
    """Two routes have the same short name, long name, route type and agency.

    ## Why it matters
    Riders cannot tell the two routes apart in a trip planner; usually one is a leftover or the two should be
    merged into one route with several trips.

    ## Example
    Routes `R1` and `R2` are both `"10"`, `"Gare – Port"`, `route_type` 3, agency `CTL`. Each later route
    with the same four values is reported against the first one.

    ## Reference
    GTFS Schedule reference, `routes.txt`: `route_short_name` / `route_long_name` identify the route to
    riders.
    """


class RouteBothShortAndLongNameMissing(
    GtfsRule,
    code="route_both_short_and_long_name_missing",
    severity=Severity.ERROR,
    spec=ROUTES_SPEC,
    message="routes.txt row {csvRowNumber}: route {routeId} has neither a short nor a long name",
):
    """A route has neither `route_short_name` nor `route_long_name`.

    ## Why it matters
    A route without any name cannot be shown to riders.

    ## Example
    `R1,CTL,,,3`: both name fields are empty.

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_short_name` and `route_long_name`: conditionally
    required, at least one of the two must be given.
    """


class RouteColorContrast(
    GtfsRule,
    code="route_color_contrast",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt row {csvRowNumber}: route {routeId} text colour {routeTextColor} "
    "has too little contrast with {routeColor}",
):
    """A route's text colour has too little contrast with its background colour.

    ## Why it matters
    Signs and maps drawn with `route_color` and `route_text_color` are hard to read; riders with low vision
    may not be able to read them at all.

    ## Example
    `route_color` = `FFFFFF`, `route_text_color` = `FFFF00`: the Rec. 601 luma of the two colours differs
    by less than 72 (of 255).

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_text_color`: "the color of text ... must provide
    sufficient contrast against route_color".
    """


class RouteLongNameContainsShortName(
    GtfsRule,
    code="route_long_name_contains_short_name",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt row {csvRowNumber}: long name {routeLongName!r} of "
    "route {routeId} starts with its short name {routeShortName!r}",
):
    """A route's long name starts with its short name.

    ## Why it matters
    Apps show both names side by side, so riders read the short name twice ("10 10 Gare – Port").

    ## Example
    `route_short_name` = `10`, `route_long_name` = `10 - Gare – Port` (or just `10`). A long name that only
    begins with the same characters, such as `10th Avenue`, is fine.

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_long_name`: "Full name of a route. This name is generally
    more descriptive than the route_short_name".
    """


class RouteShortNameTooLong(
    GtfsRule,
    code="route_short_name_too_long",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt row {csvRowNumber}: short name {routeShortName!r} of route "
    "{routeId} is longer than 12 characters",
):
    """A route's short name is longer than 12 characters.

    ## Why it matters
    The short name is meant for the small badge riders see on signs and in apps; a long one gets cut or
    crowds the display. Longer names belong in `route_long_name`.

    ## Example
    `route_short_name` = `Express Airport` (15 characters).

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_short_name`: "Short name of a route. Often a short,
    abstract identifier ... that riders use to identify a route".
    """


class SameNameAndDescriptionForRoute(
    GtfsRule,
    code="same_name_and_description_for_route",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt row {csvRowNumber}: route_desc of route {routeId} repeats {specifiedField}",
):
    """A route's description only repeats its short or long name.

    ## Why it matters
    `route_desc` is for information the names do not give (where and when the route runs); a copy of a name
    adds nothing and hides that the description is missing.

    ## Example
    `route_long_name` = `Gare – Port`, `route_desc` = `gare – port` (case is ignored).

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_desc`: "Description of a route that provides useful,
    quality information. Should not be a duplicate of route_short_name or route_long_name."
    """


class SameRouteAndAgencyUrl(
    GtfsRule,
    code="same_route_and_agency_url",
    severity=Severity.WARNING,
    spec=ROUTES_SPEC,
    message="routes.txt row {routeCsvRowNumber}: route {routeId} has the URL of agency "
    "{agencyName} ({routeUrl})",
):
    """A route's URL is the URL of an agency.

    ## Why it matters
    `route_url` should lead to a page about the route; an agency's home page gives riders nothing specific
    to it, and consumers already link to the agency.

    ## Example
    `agency_url` = `https://transit.example.org`, `route_url` = `https://transit.example.org` (ASCII case
    is ignored).

    ## Reference
    GTFS Schedule reference, `routes.txt` `route_url`: "URL of a web page about the particular route.
    Should be different from the agency.agency_url value."
    """


RULES = (
    DuplicateRouteName,
    RouteBothShortAndLongNameMissing,
    RouteColorContrast,
    RouteLongNameContainsShortName,
    RouteShortNameTooLong,
    SameNameAndDescriptionForRoute,
    SameRouteAndAgencyUrl,
)


def _luma(color: pl.Expr) -> pl.Expr:
    """Rec. 601 luma of an RRGGBB colour, truncated to an integer as MobilityData's GtfsColor does."""
    red, green, blue = (color.str.slice(i, 2).str.to_integer(base=16) for i in (0, 2, 4))
    return (0.30 * red + 0.59 * green + 0.11 * blue).cast(pl.Int64)


def _same_ignoring_case(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    # Java's equalsIgnoreCase compares character by character, so lengths must agree ("STRASSE" is not
    # "Straße" even though full upper-casing would make them equal).
    return (a.str.to_lowercase() == b.str.to_lowercase()) & (utf16_length(a) == utf16_length(b))


def _per_route_rules(routes: pl.DataFrame, sink: FindingSink) -> None:
    short, long = column(routes, "route_short_name", pl.String), column(routes, "route_long_name", pl.String)
    base = routes.select(
        pl.col(ROW),
        route_id=column(routes, "route_id", pl.String),
        short=short,
        long=long,
        desc=column(routes, "route_desc", pl.String),
        color=column(routes, "route_color", pl.String),
        text_color=column(routes, "route_text_color", pl.String),
    )
    row = {"routeId": pl.col("route_id"), "csvRowNumber": pl.col(ROW)}
    sink.add_frame(
        RouteBothShortAndLongNameMissing,
        base.filter(pl.col("short").is_null() & pl.col("long").is_null()).select(**row),
    )
    colored = base.filter(pl.col("color").is_not_null() & pl.col("text_color").is_not_null())
    sink.add_frame(
        RouteColorContrast,
        colored.filter(
            (_luma(pl.col("color")) - _luma(pl.col("text_color"))).abs() < MIN_LUMA_DIFFERENCE
        ).select(**row, routeColor="#" + pl.col("color"), routeTextColor="#" + pl.col("text_color")),
    )
    named = base.filter(pl.col("short").is_not_null() & pl.col("long").is_not_null())
    remainder = pl.col("long").str.slice(pl.col("short").str.len_chars())
    repeats = pl.col("long").str.to_lowercase().str.starts_with(pl.col("short").str.to_lowercase()) & (
        (remainder == "") | remainder.str.contains(_NAME_SEPARATOR)
    )
    sink.add_frame(
        RouteLongNameContainsShortName,
        named.filter(repeats).select(**row, routeShortName=pl.col("short"), routeLongName=pl.col("long")),
    )
    sink.add_frame(
        RouteShortNameTooLong,
        base.filter(utf16_length(pl.col("short")) > MAX_SHORT_NAME_LENGTH).select(
            **row, routeShortName=pl.col("short")
        ),
    )
    # The short name is tested first and wins: a description equal to both names is one finding.
    described = base.filter(pl.col("desc").is_not_null()).with_columns(
        specifiedField=pl.when(
            pl.col("short").is_not_null() & _same_ignoring_case(pl.col("desc"), pl.col("short"))
        )
        .then(pl.lit("route_short_name"))
        .when(pl.col("long").is_not_null() & _same_ignoring_case(pl.col("desc"), pl.col("long")))
        .then(pl.lit("route_long_name"))
    )
    sink.add_frame(
        SameNameAndDescriptionForRoute,
        described.filter(pl.col("specifiedField").is_not_null()).select(
            csvRowNumber=pl.col(ROW),
            routeId=pl.col("route_id"),
            routeDesc=pl.col("desc"),
            specifiedField=pl.col("specifiedField"),
        ),
    )


def _duplicate_names(routes: pl.DataFrame, sink: FindingSink) -> None:
    # An empty name is part of the key as "", and each later route is paired with the first one holding
    # the key (not with the previous one), as MobilityData's map does.
    keyed = routes.sort(ROW).select(
        pl.col(ROW),
        route_id=column(routes, "route_id", pl.String),
        routeShortName=column(routes, "route_short_name", pl.String).fill_null(""),
        routeLongName=column(routes, "route_long_name", pl.String).fill_null(""),
        routeTypeValue=column(routes, "route_type", pl.Int64),
        agencyId=column(routes, "agency_id", pl.String).fill_null(""),
    )
    key = ["routeShortName", "routeLongName", "routeTypeValue", "agencyId"]
    paired = keyed.with_columns(
        csvRowNumber1=pl.col(ROW).first().over(key), routeId1=pl.col("route_id").first().over(key)
    )
    sink.add_frame(
        DuplicateRouteName,
        paired.filter(pl.col(ROW) != pl.col("csvRowNumber1")).select(
            "csvRowNumber1",
            "routeId1",
            csvRowNumber2=pl.col(ROW),
            routeId2=pl.col("route_id"),
            routeShortName=pl.col("routeShortName"),
            routeLongName=pl.col("routeLongName"),
            routeTypeValue=pl.col("routeTypeValue"),
            agencyId=pl.col("agencyId"),
        ),
    )


def _agency_urls(feed: Feed, routes: pl.DataFrame, sink: FindingSink) -> None:
    # One MobilityData validator reads agency.txt, routes.txt and stops.txt: any of them failing skips it.
    agencies = feed.frame("agency.txt")
    if agencies is None or not feed.usable("agency.txt", ROUTES, "stops.txt"):
        return
    if "route_url" not in routes.columns or "agency_url" not in agencies.columns:
        return
    route_urls = routes.filter(pl.col("route_url").is_not_null()).select(
        routeCsvRowNumber=pl.col(ROW),
        routeId=column(routes, "route_id", pl.String),
        routeUrl=pl.col("route_url"),
        key=ascii_lower(pl.col("route_url")),
    )
    agency_urls = agencies.filter(pl.col("agency_url").is_not_null()).select(
        agencyCsvRowNumber=pl.col(ROW),
        agencyName=column(agencies, "agency_name", pl.String),
        key=ascii_lower(pl.col("agency_url")),
    )
    matched = route_urls.join(agency_urls, on="key").sort("routeCsvRowNumber", "agencyCsvRowNumber")
    sink.add_frame(
        SameRouteAndAgencyUrl,
        matched.select("routeCsvRowNumber", "routeId", "agencyName", "routeUrl", "agencyCsvRowNumber"),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    routes = feed.frame(ROUTES)
    if routes is None:
        return
    _per_route_rules(routes, sink)
    if feed.usable(ROUTES):
        _duplicate_names(routes, sink)
        _agency_urls(feed, routes, sink)
