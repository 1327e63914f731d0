"""Transfers whose ends do not fit: stops of the wrong kind, trips that do not run on the named route or
never call at the named stop, in-seat transfers in the middle of a trip or between two modes.

Each transfer has two ends (from, to); the checks work on a long frame with one row per end. MobilityData
runs each of these validators only when the tables it reads parsed cleanly (see ``Feed.usable``).
"""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.feed import ROW, Feed, column
from citylint.validators.gtfs.spec import REFERENCE
from citylint.validators.gtfs.value_rules import MissingRequiredField

TRANSFERS, STOPS, TRIPS, ROUTES, STOP_TIMES = (
    "transfers.txt",
    "stops.txt",
    "trips.txt",
    "routes.txt",
    "stop_times.txt",
)
SPEC = REFERENCE + "#transferstxt"
IN_SEAT_ALLOWED, IN_SEAT_NOT_ALLOWED = 4, 5
STOP, STATION = 0, 1
LOCATION_TYPES = {0: "STOP", 1: "STATION", 2: "ENTRANCE", 3: "GENERIC_NODE", 4: "BOARDING_AREA"}
ROUTE_TYPES = {
    0: "LIGHT_RAIL",
    1: "SUBWAY",
    2: "RAIL",
    3: "BUS",
    4: "FERRY",
    5: "CABLE_TRAM",
    6: "AERIAL_LIFT",
    7: "FUNICULAR",
    11: "TROLLEYBUS",
    12: "MONORAIL",
}
# The two ends of a transfer: (prefix, whether its stop should be the trip's last stop for an in-seat
# transfer).
ENDS = (("from", True), ("to", False))


class TransferWithInvalidStopLocationType(
    GtfsRule,
    code="transfer_with_invalid_stop_location_type",
    severity=Severity.ERROR,
    spec=SPEC,
    message="transfers.txt row {csvRowNumber}: {stopIdFieldName} {stopId} is a {locationTypeName}",
):
    """A transfer starts or ends at a location that is neither a stop/platform nor a station.

    ## Why it matters
    A transfer describes riders moving between places where vehicles call; an entrance, a generic node or
    a boarding area is not one, so trip planners cannot use the transfer. An in-seat transfer (type 4 or 5)
    must even name the stop/platform itself, not its station.

    ## Example
    `transfers.txt`: `from_stop_id` = `E1`, a stop with `location_type` = 2 (entrance).

    ## Reference
    GTFS Schedule reference, `transfers.txt` `from_stop_id` / `to_stop_id`: "If the stop ID refers to a
    station that contains multiple stops, this transfer rule applies to all stops in that station ...
    Location type must be 0 or 1" (and must be 0 for in-seat transfers).
    """


class TransferWithInvalidTripAndRoute(
    GtfsRule,
    code="transfer_with_invalid_trip_and_route",
    severity=Severity.ERROR,
    spec=SPEC,
    message="transfers.txt row {csvRowNumber}: {tripFieldName} {tripId} runs on route {expectedRouteId}, "
    "not on {routeFieldName} {routeId}",
):
    """A transfer names a trip and a route, and the trip does not run on that route.

    ## Why it matters
    The transfer contradicts itself; consumers cannot know whether it applies to the trip or to the route.

    ## Example
    `from_trip_id` = `T1` (a trip of route `R1`) with `from_route_id` = `R2`.

    ## Reference
    GTFS Schedule reference, `transfers.txt` `from_trip_id`: "If both from_trip_id and from_route_id are
    defined, the trip_id must belong to the route_id".
    """


class TransferWithInvalidTripAndStop(
    GtfsRule,
    code="transfer_with_invalid_trip_and_stop",
    severity=Severity.ERROR,
    spec=SPEC,
    message="transfers.txt row {csvRowNumber}: {tripFieldName} {tripId} does not call at "
    "{stopFieldName} {stopId}",
):
    """A transfer names a trip and a stop, and the trip never calls at that stop.

    ## Why it matters
    The transfer can never happen as described; trip planners drop it or suggest an impossible change.

    ## Example
    `from_trip_id` = `T1`, `from_stop_id` = `S9`, but no stop time of `T1` is at `S9` (for a station: at
    none of its child stops; an entrance or other location type never matches).

    ## Reference
    GTFS Schedule reference, `transfers.txt` `from_trip_id`: "If both from_trip_id and from_stop_id are
    defined, the trip_id must serve the stop_id".
    """


class TransferWithSuspiciousMidTripInSeat(
    GtfsRule,
    code="transfer_with_suspicious_mid_trip_in_seat",
    severity=Severity.WARNING,
    spec=SPEC,
    message="transfers.txt row {csvRowNumber}: in-seat transfer at {stopIdFieldName} {stopId}, which is "
    "not where {tripIdFieldName} {tripId} ends or starts",
):
    """An in-seat transfer happens in the middle of a trip instead of where one trip ends and the next starts.

    ## Why it matters
    Staying seated means the vehicle goes on as the next trip: that can only happen at the last stop of the
    arriving trip and the first stop of the departing one.

    ## Example
    `transfer_type` = 4 with `from_stop_id` = `S2`, a stop in the middle of `from_trip_id` `T1`.

    ## Reference
    GTFS Schedule reference, `transfers.txt` `transfer_type` 4 and 5 (in-seat transfers): the from trip's
    last stop and the to trip's first stop.
    """


class InconsistentRouteTypeForInSeatTransfer(
    GtfsRule,
    code="inconsistent_route_type_for_in_seat_transfer",
    severity=Severity.WARNING,
    spec=SPEC,
    message="transfers.txt row {csvRowNumber}: in-seat transfer from route {fromRouteId} ({fromRouteType}) "
    "to route {toRouteId} ({toRouteType})",
):
    """An in-seat transfer joins two routes of different route types.

    ## Why it matters
    Riders stay in the same vehicle, which cannot be a bus on one route and a train on the other: one of the
    routes or the transfer is wrong.

    ## Example
    `transfer_type` = 4 from route `R1` (`route_type` 3, bus) to route `R2` (`route_type` 2, rail).

    ## Reference
    GTFS Schedule reference, `transfers.txt` `transfer_type` 4: "Riders can transfer ... by staying onboard
    the same vehicle".
    """


RULES = (
    TransferWithInvalidStopLocationType,
    TransferWithInvalidTripAndRoute,
    TransferWithInvalidTripAndStop,
    TransferWithSuspiciousMidTripInSeat,
    InconsistentRouteTypeForInSeatTransfer,
)


def _ends(transfers: pl.DataFrame) -> pl.DataFrame:
    """One row per transfer end: its transfer's row, type, and the end's stop, trip and route."""
    return pl.concat(
        [
            transfers.select(
                pl.col(ROW),
                end=pl.lit(index),
                wants_last=pl.lit(wants_last),
                transfer_type=column(transfers, "transfer_type", pl.Int64),
                stopIdFieldName=pl.lit(f"{prefix}_stop_id"),
                stopId=column(transfers, f"{prefix}_stop_id", pl.String),
                tripIdFieldName=pl.lit(f"{prefix}_trip_id"),
                tripId=column(transfers, f"{prefix}_trip_id", pl.String),
                routeFieldName=pl.lit(f"{prefix}_route_id"),
                routeId=column(transfers, f"{prefix}_route_id", pl.String),
            )
            for index, (prefix, wants_last) in enumerate(ENDS)
        ]
    ).sort(ROW, "end")


def _first_by_id(frame: pl.DataFrame, key: str, **columns: pl.Expr) -> pl.DataFrame:
    # MobilityData's index keeps the first row of a duplicated id.
    return (
        frame.filter(pl.col(key).is_not_null())
        .sort(ROW)
        .unique(key, keep="first", maintain_order=True)
        .select(pl.col(key), **columns)
    )


def _stop_types(stops: pl.DataFrame) -> pl.DataFrame:
    return _first_by_id(
        stops, "stop_id", location_type=column(stops, "location_type", pl.Int64).fill_null(STOP)
    )


def _location_type_findings(
    ends: pl.DataFrame, stop_types: pl.DataFrame, in_seat_checked: bool, sink: FindingSink
) -> None:
    located = ends.join(stop_types, left_on="stopId", right_on="stop_id", how="inner").sort(ROW, "end")
    # Two MobilityData validators report this code: the in-seat one (stations are not valid for in-seat
    # transfers; it needs stop_times.txt) first, then the general one (only stops and stations are valid).
    in_seat = (
        located.filter(
            pl.col("transfer_type").is_in([IN_SEAT_ALLOWED, IN_SEAT_NOT_ALLOWED])
            & (pl.col("location_type") == STATION)
        )
        if in_seat_checked
        else located.clear()
    )
    general = located.filter(~pl.col("location_type").is_in([STOP, STATION]))
    sink.add_frame(
        TransferWithInvalidStopLocationType,
        pl.concat([in_seat, general]).select(
            csvRowNumber=pl.col(ROW),
            stopIdFieldName=pl.col("stopIdFieldName"),
            stopId=pl.col("stopId"),
            locationTypeValue=pl.col("location_type"),
            locationTypeName=pl.col("location_type").replace_strict(
                LOCATION_TYPES, default="UNRECOGNIZED", return_dtype=pl.String
            ),
        ),
    )


def _trip_route_findings(ends: pl.DataFrame, trips: pl.DataFrame, sink: FindingSink) -> None:
    trip_routes = _first_by_id(trips, "trip_id", expectedRouteId=column(trips, "route_id", pl.String))
    wrong = (
        ends.filter(pl.col("routeId").is_not_null())
        .join(trip_routes, left_on="tripId", right_on="trip_id", how="inner")
        .filter(pl.col("routeId").ne_missing(pl.col("expectedRouteId")))
        .sort(ROW, "end")
    )
    sink.add_frame(
        TransferWithInvalidTripAndRoute,
        wrong.select(
            csvRowNumber=pl.col(ROW),
            tripFieldName=pl.col("tripIdFieldName"),
            tripId=pl.col("tripId"),
            routeFieldName=pl.col("routeFieldName"),
            routeId=pl.col("routeId"),
            expectedRouteId=pl.col("expectedRouteId"),
        ),
    )


def _trip_stop_findings(
    ends: pl.DataFrame,
    trips: pl.DataFrame,
    stops: pl.DataFrame,
    stop_types: pl.DataFrame,
    stop_times: pl.DataFrame,
    sink: FindingSink,
) -> None:
    known_trips = trips.select(pl.col("trip_id").drop_nulls().unique())
    refs = (
        ends.filter(pl.col("stopId").is_not_null())
        .join(known_trips, left_on="tripId", right_on="trip_id", how="semi")
        .join(stop_types, left_on="stopId", right_on="stop_id", how="inner")
    )
    if refs.is_empty():
        return
    # What the named stop stands for: a stop itself, a station any of its direct children; any other
    # location type nothing at all (so it is never served).
    children = (
        stops.filter(pl.col("parent_station").is_not_null()).select(
            parent="parent_station", candidate="stop_id"
        )
        if "parent_station" in stops.columns
        else pl.DataFrame(schema={"parent": pl.String, "candidate": pl.String})
    )
    candidates = pl.concat(
        [
            refs.filter(pl.col("location_type") == STOP).select(
                ROW, "end", "tripId", candidate=pl.col("stopId")
            ),
            refs.filter(pl.col("location_type") == STATION)
            .join(children, left_on="stopId", right_on="parent")
            .select(ROW, "end", "tripId", "candidate"),
        ]
    )
    served = candidates.join(
        stop_times.select("trip_id", "stop_id"),
        left_on=["tripId", "candidate"],
        right_on=["trip_id", "stop_id"],
        how="semi",
    )
    unserved = refs.join(served.select(ROW, "end").unique(), on=[ROW, "end"], how="anti").sort(ROW, "end")
    sink.add_frame(
        TransferWithInvalidTripAndStop,
        unserved.select(
            csvRowNumber=pl.col(ROW),
            tripFieldName=pl.col("tripIdFieldName"),
            tripId=pl.col("tripId"),
            stopFieldName=pl.col("stopIdFieldName"),
            stopId=pl.col("stopId"),
        ),
    )


def _mid_trip_findings(
    in_seat: pl.DataFrame, stops: pl.DataFrame, stop_times: pl.DataFrame, sink: FindingSink
) -> None:
    known_stops = stops.select(pl.col("stop_id").drop_nulls().unique())
    refs = in_seat.filter(pl.col("stopId").is_not_null() & pl.col("tripId").is_not_null()).join(
        known_stops, left_on="stopId", right_on="stop_id", how="semi"
    )
    if refs.is_empty():
        return
    # Each trip's first and last stop, by stop_sequence.
    calls = stop_times.filter(pl.col("stop_id").is_not_null()).select(
        ROW, "trip_id", "stop_id", sequence=pl.col("stop_sequence").fill_null(0)
    )
    # No ties: this runs only on a cleanly parsed stop_times.txt, whose (trip_id, stop_sequence) are unique.
    ends = calls.group_by("trip_id").agg(
        first=pl.col("stop_id").get(pl.col("sequence").arg_min()),
        last=pl.col("stop_id").get(pl.col("sequence").arg_max()),
    )
    # A trip that never calls at the stop is left to transfer_with_invalid_trip_and_stop.
    visiting = refs.join(
        calls.select("trip_id", "stop_id").unique(),
        left_on=["tripId", "stopId"],
        right_on=["trip_id", "stop_id"],
        how="semi",
    ).join(ends, left_on="tripId", right_on="trip_id", how="inner")
    expected = pl.when(pl.col("wants_last")).then(pl.col("last")).otherwise(pl.col("first"))
    sink.add_frame(
        TransferWithSuspiciousMidTripInSeat,
        visiting.filter(pl.col("stopId") != expected)
        .sort(ROW, "end")
        .select(
            csvRowNumber=pl.col(ROW),
            stopIdFieldName=pl.col("stopIdFieldName"),
            stopId=pl.col("stopId"),
            tripIdFieldName=pl.col("tripIdFieldName"),
            tripId=pl.col("tripId"),
        ),
    )


def _route_type_findings(transfers: pl.DataFrame, routes: pl.DataFrame, sink: FindingSink) -> None:
    # A route_type outside the enum is one "unrecognized" value for MobilityData, whatever its number.
    route_type = column(routes, "route_type", pl.Int64)
    types = _first_by_id(
        routes, "route_id", type=pl.when(route_type.is_in(list(ROUTE_TYPES))).then(route_type).otherwise(-1)
    )
    in_seat = transfers.filter(column(transfers, "transfer_type", pl.Int64) == IN_SEAT_ALLOWED).select(
        ROW,
        fromRouteId=column(transfers, "from_route_id", pl.String),
        toRouteId=column(transfers, "to_route_id", pl.String),
    )
    paired = in_seat.join(
        types.rename({"route_id": "fromRouteId", "type": "from_type"}), on="fromRouteId"
    ).join(types.rename({"route_id": "toRouteId", "type": "to_type"}), on="toRouteId")
    sink.add_frame(
        InconsistentRouteTypeForInSeatTransfer,
        paired.filter(pl.col("from_type").ne_missing(pl.col("to_type")))
        .sort(ROW)
        .select(
            csvRowNumber=pl.col(ROW),
            fromRouteId=pl.col("fromRouteId"),
            toRouteId=pl.col("toRouteId"),
            fromRouteType=_type_name(pl.col("from_type")),
            toRouteType=_type_name(pl.col("to_type")),
        ),
    )


def _type_name(route_type: pl.Expr) -> pl.Expr:
    return route_type.replace_strict(ROUTE_TYPES, default="UNRECOGNIZED", return_dtype=pl.String)


def _missing_ids(ends: pl.DataFrame, in_seat_checked: bool, sink: FindingSink) -> None:
    """missing_required_field for the ids a transfer's type calls for (conditionally required, so not
    checked with the other required fields): the stops of an ordinary transfer, the trips of an in-seat
    one (MobilityData checks the latter only when stops.txt and stop_times.txt parsed). A transfer without
    a type is skipped."""
    typed = ends.filter(pl.col("transfer_type").is_not_null())
    in_seat = pl.col("transfer_type").is_in([IN_SEAT_ALLOWED, IN_SEAT_NOT_ALLOWED])
    stops = typed.filter(~in_seat & pl.col("stopId").is_null()).select(
        pl.col(ROW), "end", validator=pl.lit(0), fieldName=pl.col("stopIdFieldName")
    )
    trips = typed.filter(in_seat & pl.col("tripId").is_null()).select(
        pl.col(ROW), "end", validator=pl.lit(1), fieldName=pl.col("tripIdFieldName")
    )
    # MobilityData's stop-id validator runs before its in-seat one.
    found = pl.concat([stops, trips.head(trips.height if in_seat_checked else 0)]).sort(
        "validator", ROW, "end"
    )
    sink.add_frame(
        MissingRequiredField,
        found.select(filename=pl.lit(TRANSFERS), csvRowNumber=pl.col(ROW), fieldName=pl.col("fieldName")),
    )


def check(feed: Feed, sink: FindingSink) -> None:
    transfers = feed.frame(TRANSFERS)
    if transfers is None or transfers.is_empty() or not feed.usable(TRANSFERS):
        return
    failed = {name: not feed.usable(name) for name in (STOPS, TRIPS, ROUTES, STOP_TIMES)}
    ends = _ends(transfers)
    # An absent stops.txt (optional) reads as an empty one, as for MobilityData.
    stops = feed.frame(STOPS)
    if stops is None or "stop_id" not in stops.columns:
        stops = pl.DataFrame(schema={ROW: pl.Int64, "stop_id": pl.String})
    trips, routes, stop_times = feed.frame(TRIPS), feed.frame(ROUTES), feed.frame(STOP_TIMES)
    if stop_times is not None:
        # Only the stop times of trips the transfers name: one pass over the largest table, shared.
        named_trips = ends.get_column("tripId").drop_nulls().unique()
        stop_times = stop_times.select(
            ROW,
            trip_id=column(stop_times, "trip_id", pl.String),
            stop_id=column(stop_times, "stop_id", pl.String),
            stop_sequence=column(stop_times, "stop_sequence", pl.Int64),
        ).filter(pl.col("trip_id").is_in(named_trips.implode()))
    stop_types = _stop_types(stops)
    _missing_ids(ends, not failed[STOPS] and not failed[STOP_TIMES], sink)
    if not failed[STOPS]:
        _location_type_findings(ends, stop_types, not failed[STOP_TIMES], sink)
    if trips is not None and not failed[TRIPS]:
        _trip_route_findings(ends.filter(pl.col("tripId").is_not_null()), trips, sink)
        if stop_times is not None and not failed[STOPS] and not failed[STOP_TIMES]:
            _trip_stop_findings(
                ends.filter(pl.col("tripId").is_not_null()), trips, stops, stop_types, stop_times, sink
            )
    if stop_times is not None and not failed[STOPS] and not failed[STOP_TIMES]:
        in_seat = ends.filter(pl.col("transfer_type").is_in([IN_SEAT_ALLOWED, IN_SEAT_NOT_ALLOWED]))
        _mid_trip_findings(in_seat, stops, stop_times, sink)
    if routes is not None and not failed[ROUTES]:
        _route_type_findings(transfers, routes, sink)
