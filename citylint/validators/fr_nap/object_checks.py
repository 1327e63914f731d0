"""Checks on single objects of the linked model: ids, names, coordinates, stop hierarchy, stop use, duplicate
stops, route types and agencies, calendars (transport-validator's ``check_id``, ``check_name``, ``stops``,
``unused_stop``, ``duplicate_stops``, ``routes`` and ``calendar`` validators)."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.fr_nap.modes import route_mode
from citylint.validators.fr_nap.trip_checks import ordered_stop_times
from citylint.validators.gtfs.feed import ROW
from citylint.validators.gtfs.geo import haversine_meters

# geo's mean Earth radius, with which transport-validator measures (it reproduces its test figures).
GEO_EARTH_RADIUS = 6_371_008.8
_S2_RADIUS = 6_371_010.0
STOP_POINT, STATION, ENTRANCE, GENERIC_NODE, BOARDING_AREA = 0, 1, 2, 3, 4


def distance(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Haversine distance in metres on geo's sphere (the GTFS engine's helper uses S2's radius)."""
    return haversine_meters(lat1, lon1, lat2, lon2) * (GEO_EARTH_RADIUS / _S2_RADIUS)


class MissingId(
    FrNapRule,
    code="missing_id",
    issue_type="MissingId",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} {objectName} has an empty id",
):
    """A route, trip, calendar, stop or shape (an agency, when there are several) has an empty id.

    ## Why it matters
    An object without an id cannot be referenced, nor followed from one version of the feed to the next.

    ## Example
    A stop row whose `stop_id` is empty.

    ## Reference
    transport-validator `src/validators/check_id.rs` (issue type `MissingId`, Error).
    """


class IdNotAscii(
    FrNapRule,
    code="id_not_ascii",
    issue_type="IdNotAscii",
    tv_severity=TvSeverity.WARNING,
    message="{objectType} id {objectId} has non-ASCII characters",
):
    """A route, trip, calendar, stop (or agency) id has non-ASCII characters.

    ## Why it matters
    Ids travel through URLs, databases and real-time feeds; accents and other non-ASCII characters get
    mangled on the way and references break.

    ## Example
    `stop_id` = `néar`.

    ## Reference
    transport-validator `src/validators/check_id.rs` (issue type `IdNotAscii`, Warning).
    """


class MissingName(
    FrNapRule,
    code="missing_name",
    issue_type="MissingName",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} {objectId} has no name",
):
    """A route has neither short nor long name, or a stop point, station, entrance, agency or feed publisher
    has an empty name.

    ## Why it matters
    Travellers are shown names, not ids; a nameless line or stop cannot be displayed.

    ## Example
    A route with empty `route_short_name` and `route_long_name`.

    ## Reference
    transport-validator `src/validators/check_name.rs` (issue type `MissingName`, Error).
    """


class MissingCoordinates(
    FrNapRule,
    code="missing_coordinates",
    issue_type="MissingCoordinates",
    tv_severity=TvSeverity.WARNING,
    message="{objectType} {objectId}: {details}",
):
    """A stop (other than a generic node or boarding area) has no coordinates or sits at 0,0; or a shape has a
    point at 0,0.

    ## Why it matters
    A stop at "Null Island" (0,0 in the Gulf of Guinea) is drawn on maps and used in routing far from where
    it is.

    ## Example
    A stop at `stop_lat` = 0, `stop_lon` = 0.

    ## Reference
    transport-validator `src/validators/stops.rs` and `shapes.rs` (issue type `MissingCoordinates`, Warning).
    """


class InvalidCoordinates(
    FrNapRule,
    code="invalid_coordinates",
    issue_type="InvalidCoordinates",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} {objectId}: coordinates are not a valid position",
):
    """A stop's or shape point's latitude is outside ±90 or its longitude outside ±180 (for stops, also when a
    coordinate is absent).

    ## Why it matters
    Such a position is on no map; latitude and longitude are often swapped.

    ## Example
    A stop with `stop_lat` = 92.46.

    ## Reference
    transport-validator `src/validators/stops.rs` and `shapes.rs` (issue type `InvalidCoordinates`, Error).
    """


class InvalidStopParent(
    FrNapRule,
    code="invalid_stop_parent",
    issue_type="InvalidStopParent",
    tv_severity=TvSeverity.WARNING,
    message="stop {objectId}: {details}",
):
    """A stop's `parent_station` breaks the stop hierarchy.

    ## Why it matters
    A station has no parent; a stop point's parent is a station; entrances and generic nodes need a station,
    boarding areas a stop point. A broken hierarchy breaks station maps and accessible routing.

    ## Example
    A station (`location_type` 1) with a `parent_station`; an entrance whose parent is a stop point.

    ## Reference
    transport-validator `src/validators/stops.rs` (issue type `InvalidStopParent`, Warning).
    """


class UnusedStop(
    FrNapRule,
    code="unused_stop",
    issue_type="UnusedStop",
    tv_severity=TvSeverity.INFORMATION,
    message="stop {objectId} ({objectName}) is used by no trip",
):
    """A stop point or station is used by no stop time, nor is it the parent of a stop that is.

    ## Why it matters
    Unused stops clutter maps and stop searches with places no vehicle serves.

    ## Example
    A stop point `BOGUS` that no stop time names.

    ## Reference
    transport-validator `src/validators/unused_stop.rs` (issue type `UnusedStop`, Information).
    """


class DuplicateStops(
    FrNapRule,
    code="duplicate_stops",
    issue_type="DuplicateStops",
    tv_severity=TvSeverity.INFORMATION,
    message="stops {objectId} and {otherStopId} ({objectName}) are {distanceMeters} m apart",
):
    """Two stops with the same name and location type lie under 2 m (stop points) or 100 m (stations) apart.

    ## Why it matters
    The same place described twice splits its departures between two stops in journey planners.

    ## Example
    Two stop points named `Mairie` 0.3 m apart.

    ## Reference
    transport-validator `src/validators/duplicate_stops.rs` (issue type `DuplicateStops`, Information).
    """


class InvalidRouteType(
    FrNapRule,
    code="invalid_route_type",
    issue_type="InvalidRouteType",
    tv_severity=TvSeverity.INFORMATION,
    message="route {objectId}: {details}",
):
    """A route's `route_type` maps to no known mode.

    ## Why it matters
    Consumers do not know how to show the line (bus, tram, train?). Values 8–99 (so the standard 11
    trolleybus and 12 monorail, which gtfs-structures does not know), 300–399, 500–699 and 1600 and up are
    reported; the speed checks take them for buses.

    ## Example
    `route_type` = 8.

    ## Reference
    transport-validator `src/validators/routes.rs` (issue type `InvalidRouteType`, Information).
    """


class MissingAgencyId(
    FrNapRule,
    code="missing_agency_id",
    issue_type="MissingAgencyId",
    tv_severity=TvSeverity.ERROR,
    message="route {objectId}: {details}",
):
    """The feed has several agencies and a route names none.

    ## Why it matters
    Nobody can tell which operator runs the line.

    ## Example
    Two agencies, and a route with an empty `agency_id`.

    ## Reference
    transport-validator `src/validators/routes.rs` (issue type `MissingAgencyId`, Error).
    """


class NoCalendar(
    FrNapRule,
    code="no_calendar",
    issue_type="NoCalendar",
    tv_severity=TvSeverity.ERROR,
    message="calendar.txt and calendar_dates.txt hold no service",
):
    """Neither `calendar.txt` nor `calendar_dates.txt` has a row.

    ## Why it matters
    Without a calendar no trip runs on any day.

    ## Example
    `calendar.txt` and `calendar_dates.txt` hold only their headers.

    ## Reference
    transport-validator `src/validators/calendar.rs` (issue type `NoCalendar`, Error).
    """


RULES = (
    MissingId,
    IdNotAscii,
    MissingName,
    MissingCoordinates,
    InvalidCoordinates,
    InvalidStopParent,
    UnusedStop,
    DuplicateStops,
    InvalidRouteType,
    MissingAgencyId,
    NoCalendar,
)


def _is_ascii(value: pl.Expr) -> pl.Expr:
    return ~value.str.contains(r"[^\x00-\x7F]")


def _ids(
    frame: pl.DataFrame, name: str, column: str, kind: str, object_name: pl.Expr, sink: FindingSink
) -> None:
    ids = pl.col(column).fill_null("")
    base = frame.select(
        filename=pl.lit(name),
        csvRowNumber=pl.col(ROW),
        objectType=pl.lit(kind),
        objectId=ids,
        objectName=object_name,
    )
    sink.add_frame(IdNotAscii, base.filter(~_is_ascii(pl.col("objectId"))))
    sink.add_frame(MissingId, base.filter(pl.col("objectId") == ""))


def route_name() -> pl.Expr:
    long, short = pl.col("route_long_name"), pl.col("route_short_name")
    return (
        pl.when(long.fill_null("") != "")
        .then(long)
        .when(short.fill_null("") != "")
        .then(short)
        .otherwise(pl.col("route_id").fill_null(""))
    )


def check(model: TvModel, sink: FindingSink) -> None:
    stops = model.stops()
    routes = model.frame(
        "routes.txt",
        {
            "route_id": pl.String,
            "agency_id": pl.String,
            "route_short_name": pl.String,
            "route_long_name": pl.String,
            "route_type": pl.Int64,
        },
    )
    trips = model.frame("trips.txt", {"trip_id": pl.String, "route_id": pl.String, "service_id": pl.String})
    agencies = model.frame("agency.txt", {"agency_id": pl.String, "agency_name": pl.String})
    calendar = model.frame("calendar.txt", {"service_id": pl.String})
    stop_name = pl.col("stop_name").fill_null("")
    if routes is not None:
        _ids(routes, "routes.txt", "route_id", "Route", route_name(), sink)
    if trips is not None:
        _ids(
            trips,
            "trips.txt",
            "trip_id",
            "Trip",
            pl.format(
                "route id: {}, service id: {}",
                pl.col("route_id").fill_null(""),
                pl.col("service_id").fill_null(""),
            ),
            sink,
        )
    if calendar is not None:
        _ids(calendar, "calendar.txt", "service_id", "Calendar", pl.lit(""), sink)
    _ids(stops, "stops.txt", "stop_id", "Stop", stop_name, sink)
    shapes = model.frame("shapes.txt", {"shape_id": pl.String})
    if shapes is not None:
        sink.add_frame(
            MissingId,
            shapes.filter(pl.col("shape_id").fill_null("") == "")
            .head(1)
            .select(
                filename=pl.lit("shapes.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("Shape"),
                objectId=pl.lit(""),
                objectName=pl.lit(""),
            ),
        )
    if agencies is not None and agencies.height > 1:
        _ids(agencies, "agency.txt", "agency_id", "Agency", pl.col("agency_name").fill_null(""), sink)
    _names(model, stops, routes, agencies, sink)
    _coordinates(stops, sink)
    _parents(stops, sink)
    _unused(model, stops, sink)
    _duplicates(stops, sink)
    if routes is not None:
        base = routes.select(
            filename=pl.lit("routes.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Route"),
            objectId=pl.col("route_id").fill_null(""),
            objectName=route_name(),
            route_type=pl.col("route_type"),
            agency_id=pl.col("agency_id"),
        )
        sink.add_frame(
            InvalidRouteType,
            base.filter(route_mode(pl.col("route_type")) == "other").select(
                pl.exclude("route_type", "agency_id"),
                details=pl.format(
                    "The route type '{}' is not part of the main GTFS specification", pl.col("route_type")
                ),
            ),
        )
        if agencies is not None and agencies.height > 1:
            sink.add_frame(
                MissingAgencyId,
                base.filter(pl.col("agency_id").is_null()).select(
                    pl.exclude("route_type", "agency_id"),
                    details=pl.format("The agency ID must be filled for route '{}'", pl.col("objectId")),
                ),
            )
    calendar_dates = model.frame("calendar_dates.txt")
    if (calendar is None or calendar.height == 0) and (calendar_dates is None or calendar_dates.height == 0):
        sink.add(NoCalendar, {"objectId": ""})


def _names(
    model: TvModel,
    stops: pl.DataFrame,
    routes: pl.DataFrame | None,
    agencies: pl.DataFrame | None,
    sink: FindingSink,
) -> None:
    def empty(column: str) -> pl.Expr:
        return pl.col(column).fill_null("") == ""

    if routes is not None:
        sink.add_frame(
            MissingName,
            routes.filter(empty("route_short_name") & empty("route_long_name")).select(
                filename=pl.lit("routes.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("Route"),
                objectId=pl.col("route_id").fill_null(""),
            ),
        )
    sink.add_frame(
        MissingName,
        stops.filter(
            pl.col("location_type").is_in([STOP_POINT, STATION, ENTRANCE]) & empty("stop_name")
        ).select(
            filename=pl.lit("stops.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Stop"),
            objectId=pl.col("stop_id").fill_null(""),
        ),
    )
    if agencies is not None:
        sink.add_frame(
            MissingName,
            agencies.filter(empty("agency_name")).select(
                filename=pl.lit("agency.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("Agency"),
                objectId=pl.col("agency_id").fill_null(""),
            ),
        )
    feed_info = model.frame("feed_info.txt", {"feed_publisher_name": pl.String})
    if feed_info is not None:
        sink.add_frame(
            MissingName,
            feed_info.filter(empty("feed_publisher_name")).select(
                filename=pl.lit("feed_info.txt"),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit("FeedInfo"),
                objectId=pl.lit(""),
            ),
        )


def _coordinates(stops: pl.DataFrame, sink: FindingSink) -> None:
    lat, lon = pl.col("stop_lat"), pl.col("stop_lon")
    at_origin = (lat == 0) & (lon == 0)
    base = stops.select(
        filename=pl.lit("stops.txt"),
        csvRowNumber=pl.col(ROW),
        objectType=pl.lit("Stop"),
        objectId=pl.col("stop_id").fill_null(""),
        objectName=pl.col("stop_name").fill_null(""),
        location_type=pl.col("location_type"),
        stop_lat=lat,
        stop_lon=lon,
    )
    missing = base.filter(
        ~pl.col("location_type").is_in([GENERIC_NODE, BOARDING_AREA])
        & (lat.is_null() | lon.is_null() | at_origin).fill_null(True)
    )
    sink.add_frame(
        MissingCoordinates,
        missing.select(
            "filename",
            "csvRowNumber",
            "objectType",
            "objectId",
            "objectName",
            details=pl.when((lat.is_null() & lon.is_null()) | at_origin.fill_null(False))
            .then(pl.lit("Latitude and longitude are missing"))
            .otherwise(pl.lit("Coordinates are ok")),
        ),
    )  # sic: transport-validator's text when one coordinate lacks
    invalid = base.filter(
        (lat.is_null() | lon.is_null() | (lat.abs() > 90) | (lon.abs() > 180)).fill_null(True)
    )
    sink.add_frame(
        InvalidCoordinates, invalid.select("filename", "csvRowNumber", "objectType", "objectId", "objectName")
    )


def _parents(stops: pl.DataFrame, sink: FindingSink) -> None:
    parents = stops.select(
        parent_station=pl.col("stop_id"),
        parentType=pl.col("location_type"),
        parentName=pl.col("stop_name").fill_null(""),
    ).unique("parent_station", keep="first")
    linked = stops.join(parents, on="parent_station", how="left")
    kind, parent, has_parent = (
        pl.col("location_type"),
        pl.col("parentType"),
        pl.col("parent_station").is_not_null(),
    )
    details = (
        pl.when((kind == STATION) & has_parent)
        .then(pl.lit("it's not valid for a stop area to have a parent station"))
        .when((kind == STOP_POINT) & parent.is_not_null() & (parent != STATION))
        .then(pl.lit("The parent of a stop point should be a stop area"))
        .when(kind.is_in([ENTRANCE, GENERIC_NODE]) & (parent.is_null() | (parent != STATION)).fill_null(True))
        .then(pl.lit("The parent of a generic node or an entrance should be a stop area"))
        .when((kind == BOARDING_AREA) & (parent.is_null() | (parent != STOP_POINT)).fill_null(True))
        .then(pl.lit("The parent of a boarding area should be a stop point"))
    )
    sink.add_frame(
        InvalidStopParent,
        linked.with_columns(details=details)
        .filter(pl.col("details").is_not_null())
        .sort(ROW)
        .select(
            filename=pl.lit("stops.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Stop"),
            objectId=pl.col("stop_id").fill_null(""),
            objectName=pl.col("stop_name").fill_null(""),
            details=pl.col("details"),
            parentId=pl.col("parent_station"),
            parentName=pl.col("parentName"),
        ),
    )


def _unused(model: TvModel, stops: pl.DataFrame, sink: FindingSink) -> None:
    ordered = ordered_stop_times(model)
    used = ordered.get_column("stop_id").unique() if ordered is not None else pl.Series([], dtype=pl.String)
    parents = stops.filter(pl.col("stop_id").is_in(used.implode())).get_column("parent_station").drop_nulls()
    served = pl.concat([used, parents])
    unused = stops.filter(
        pl.col("location_type").is_in([STOP_POINT, STATION])
        & ~pl.col("stop_id").is_in(served.implode()).fill_null(False)
    )
    sink.add_frame(
        UnusedStop,
        unused.select(
            filename=pl.lit("stops.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Stop"),
            objectId=pl.col("stop_id").fill_null(""),
            objectName=pl.col("stop_name").fill_null(""),
        ),
    )


def _duplicates(stops: pl.DataFrame, sink: FindingSink) -> None:
    candidates = stops.filter(
        pl.col("location_type").is_in([STOP_POINT, STATION])
        & pl.col("stop_lat").is_not_null()
        & pl.col("stop_lon").is_not_null()
    ).select(ROW, "stop_id", "location_type", "stop_lat", "stop_lon", name=pl.col("stop_name").fill_null(""))
    pairs = candidates.join(candidates, on=["name", "location_type"], suffix="_b").filter(
        pl.col(ROW) < pl.col(f"{ROW}_b")
    )
    pairs = pairs.with_columns(
        meters=distance(pl.col("stop_lat"), pl.col("stop_lon"), pl.col("stop_lat_b"), pl.col("stop_lon_b"))
    )
    close = pairs.filter(
        pl.when(pl.col("location_type") == STOP_POINT)
        .then(pl.col("meters") < 2)
        .otherwise(pl.col("meters") < 100)
    ).sort(ROW, f"{ROW}_b")
    sink.add_frame(
        DuplicateStops,
        close.select(
            filename=pl.lit("stops.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Stop"),
            objectId=pl.col("stop_id"),
            objectName=pl.col("name"),
            otherStopId=pl.col("stop_id_b"),
            distanceMeters=pl.col("meters").round(2),
        ),
    )
