"""Transfers between stops that lie far apart."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.csv_format import ROW
from citylint.validators.gtfs.feed import Feed, ensure_columns
from citylint.validators.gtfs.geometry import (
    angle_meters,
    stop_coordinates,
    unit_vector,
    vec,
)
from citylint.validators.gtfs.spec import REFERENCE

# TransferDistanceValidator's bounds, in metres; the notices report kilometres.
ABOVE_2KM_METERS = 2_000.0
TOO_LARGE_METERS = 10_000.0
MESSAGE = "transfers.txt row {csvRowNumber}: stops {fromStopId} and {toStopId} are {distanceKm} km apart"


class TransferDistanceAbove2Km(
    GtfsRule,
    code="transfer_distance_above_2_km",
    severity=Severity.INFO,
    spec=REFERENCE + "#transferstxt",
    message=MESSAGE,
):
    """A transfer joins two stops more than 2 km (and at most 10 km) apart.

    ## Why it matters
    A transfer that long is unusual; it may be legitimate in a rural feed, or name the wrong stop.

    ## Example
    `transfers.txt` links stops `A` and `B`, which lie 3.4 km apart.

    ## Reference
    GTFS Schedule reference, `transfers.txt` `from_stop_id` / `to_stop_id`. MobilityData rule
    `transfer_distance_above_2_km`.
    """


class TransferDistanceTooLarge(
    GtfsRule,
    code="transfer_distance_too_large",
    severity=Severity.WARNING,
    spec=REFERENCE + "#transferstxt",
    message=MESSAGE,
):
    """A transfer joins two stops more than 10 km apart.

    ## Why it matters
    No rider walks 10 km between two stops: one of the stop ids is almost certainly wrong.

    ## Example
    `transfers.txt` links stops `A` and `B`, which lie 25 km apart.

    ## Reference
    GTFS Schedule reference, `transfers.txt` `from_stop_id` / `to_stop_id`. MobilityData rule
    `transfer_distance_too_large`.
    """


RULES = (TransferDistanceAbove2Km, TransferDistanceTooLarge)


def check(feed: Feed, sink: FindingSink) -> None:
    transfers = feed.validator_input("transfers.txt")
    if transfers is None or not feed.has("transfers.txt") or not feed.usable("stops.txt"):
        return
    transfers = ensure_columns(transfers, {"from_stop_id": pl.String(), "to_stop_id": pl.String()})
    # An unresolvable stop is measured from latitude 0, longitude 0 (S2LatLng.CENTER), as MobilityData does.
    coords = stop_coordinates(feed).select(
        "stop_id", pl.col("lat").fill_null(0.0), pl.col("lon").fill_null(0.0)
    )
    ends = (
        transfers.filter(pl.col("from_stop_id").is_not_null() & pl.col("to_stop_id").is_not_null())
        .join(
            coords.rename({"stop_id": "from_stop_id", "lat": "f_lat", "lon": "f_lon"}),
            on="from_stop_id",
            how="left",
        )
        .join(
            coords.rename({"stop_id": "to_stop_id", "lat": "t_lat", "lon": "t_lon"}),
            on="to_stop_id",
            how="left",
        )
        .with_columns(
            *unit_vector(pl.col("f_lat").fill_null(0.0), pl.col("f_lon").fill_null(0.0), "f_"),
            *unit_vector(pl.col("t_lat").fill_null(0.0), pl.col("t_lon").fill_null(0.0), "t_"),
        )
        .sort(ROW)
        .select(
            csvRowNumber=ROW,
            fromStopId="from_stop_id",
            toStopId="to_stop_id",
            meters=angle_meters(vec("f_"), vec("t_")),
        )
    )
    meters = pl.col("meters")
    km = (meters / 1_000).alias("distanceKm")
    sink.add_frame(
        TransferDistanceTooLarge, ends.filter(meters > TOO_LARGE_METERS).with_columns(km).drop("meters")
    )
    sink.add_frame(
        TransferDistanceAbove2Km,
        ends.filter((meters > ABOVE_2KM_METERS) & (meters <= TOO_LARGE_METERS))
        .with_columns(km)
        .drop("meters"),
    )
