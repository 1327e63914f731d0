"""Checks on each trip's stop times, in stop_sequence order (transport-validator's ``stop_times``,
``interpolated_stoptimes`` and ``unusable_trip`` validators), on whole columns."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.gtfs.feed import ROW

MAX_RELATED_TRIPS = 20
_TYPE_NAMES = {1: "StopArea", 2: "StationEntrance", 3: "GenericNode", 4: "BoardingArea"}


class NegativeStopDuration(
    FrNapRule,
    code="negative_stop_duration",
    issue_type="NegativeStopDuration",
    tv_severity=TvSeverity.WARNING,
    message="trip {objectId}: {details}",
):
    """At one stop time the departure comes before the arrival.

    ## Why it matters
    A vehicle cannot leave a stop before reaching it; journey planners drop or misplace such trips.

    ## Example
    A stop time arriving at 10:05:00 and departing at 10:00:00.

    ## Reference
    transport-validator `src/validators/stop_times.rs` (issue type `NegativeStopDuration`, Warning).
    """


class DuplicateStopSequence(
    FrNapRule,
    code="duplicate_stop_sequence",
    issue_type="DuplicateStopSequence",
    tv_severity=TvSeverity.ERROR,
    message="trip {objectId}: stop times share a stop_sequence (stops {details})",
):
    """Two stop times of one trip share a `stop_sequence`.

    ## Why it matters
    The order of the stops is undefined; each trip is reported once, naming the stops involved.

    ## Example
    Trip `trip2` with two stop times of `stop_sequence` 3.

    ## Reference
    transport-validator `src/validators/stop_times.rs` (issue type `DuplicateStopSequence`, Error).
    """


class InvalidStopLocationTypeInTrip(
    FrNapRule,
    code="invalid_stop_location_type_in_trip",
    issue_type="InvalidStopLocationTypeInTrip",
    tv_severity=TvSeverity.WARNING,
    message="stop {objectId}: {details} (trips {relatedTrips})",
):
    """A stop time uses a stop whose `location_type` is not a stop point (0).

    ## Why it matters
    Vehicles stop at stop points; a station, entrance, node or boarding area in a trip breaks routing. One
    issue per stop, naming up to 20 of its trips.

    ## Example
    A stop time whose `stop_id` is a station (`location_type` 1).

    ## Reference
    transport-validator `src/validators/stop_times.rs` (issue type `InvalidStopLocationTypeInTrip`, Warning).
    """


class ImpossibleToInterpolateStopTimes(
    FrNapRule,
    code="impossible_to_interpolate_stop_times",
    issue_type="ImpossibleToInterpolateStopTimes",
    tv_severity=TvSeverity.ERROR,
    message="trip {objectId}: the first and last stop time of a trip cannot "
    "have empty departure/arrivals as they cannot be interpolated",
):
    """A trip's first or last stop time lacks an arrival or a departure time.

    ## Why it matters
    Times of intermediate stops may be left empty and interpolated, but only between two known times; without
    the first or last one the trip has no schedule.

    ## Example
    A trip whose first stop time has empty `arrival_time` and `departure_time`.

    ## Reference
    transport-validator `src/validators/interpolated_stoptimes.rs` (issue type
    `ImpossibleToInterpolateStopTimes`, Error).
    """


class UnusableTripTv(
    FrNapRule,
    code="unusable_trip_tv",
    issue_type="UnusableTrip",
    tv_severity=TvSeverity.WARNING,
    message="trip {objectId} serves fewer than two distinct stops",
):
    """A trip's stop times name fewer than two distinct stops.

    ## Why it matters
    Nobody can travel on it. The code has the `_tv` suffix because MobilityData's `unusable_trip` (fewer than
    two stop times) is a different check.

    ## Example
    A trip whose two stop times both name `BEATTY_AIRPORT`.

    ## Reference
    transport-validator `src/validators/unusable_trip.rs` (issue type `UnusableTrip`, Warning).
    """


RULES = (
    NegativeStopDuration,
    DuplicateStopSequence,
    InvalidStopLocationTypeInTrip,
    ImpossibleToInterpolateStopTimes,
    UnusableTripTv,
)


def trip_names(model: TvModel) -> pl.DataFrame:
    """trip_id → transport-validator's name of a trip, "route id: R, service id: S"."""
    trips = model.frame("trips.txt", {"trip_id": pl.String, "route_id": pl.String, "service_id": pl.String})
    if trips is None:
        return pl.DataFrame(schema={"trip_id": pl.String, "objectName": pl.String, "tripRow": pl.Int64})
    return trips.select(
        "trip_id",
        tripRow=pl.col(ROW),
        objectName=pl.format(
            "route id: {}, service id: {}",
            pl.col("route_id").fill_null(""),
            pl.col("service_id").fill_null(""),
        ),
    )


def ordered_stop_times(model: TvModel) -> pl.DataFrame | None:
    """Stop times of the trips that exist, sorted by trip then stop_sequence (stable, as gtfs-structures)."""
    stop_times = model.frame("stop_times.txt", {"arrival_time": pl.Int32, "departure_time": pl.Int32})
    trips = model.frame("trips.txt")
    if stop_times is None or trips is None:
        return None
    return model.feed.derived(
        "fr_nap.ordered_stop_times",
        lambda: (
            stop_times.select(ROW, "trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time")
            .filter(pl.col("trip_id").is_in(trips.get_column("trip_id").implode()))
            .sort("trip_id", "stop_sequence", ROW, maintain_order=True)
        ),
    )


def check(model: TvModel, sink: FindingSink) -> None:
    ordered = ordered_stop_times(model)
    names = trip_names(model)
    if ordered is None:
        return
    negative = ordered.filter(pl.col("arrival_time") > pl.col("departure_time")).join(names, on="trip_id")
    sink.add_frame(
        NegativeStopDuration,
        negative.select(
            filename=pl.lit("stop_times.txt"),
            csvRowNumber=pl.col(ROW),
            objectType=pl.lit("Trip"),
            objectId=pl.col("trip_id"),
            objectName=pl.col("objectName"),
            details=pl.format(
                "Departure time before arrival time at stop sequence {}", pl.col("stop_sequence")
            ),
        ),
    )
    same = pl.col("stop_sequence") == pl.col("stop_sequence").shift(1).over("trip_id")
    involved = ordered.filter(same | same.shift(-1).over("trip_id").fill_null(False))
    duplicated = (
        involved.group_by("trip_id", maintain_order=True)
        .agg(row=pl.col(ROW).min(), stops=pl.col("stop_id").unique(maintain_order=True).str.join(", "))
        .join(names, on="trip_id", how="left")
    )
    sink.add_frame(
        DuplicateStopSequence,
        duplicated.select(
            filename=pl.lit("stop_times.txt"),
            csvRowNumber=pl.col("row"),
            objectType=pl.lit("Trip"),
            objectId=pl.col("trip_id"),
            objectName=pl.col("objectName"),
            details=pl.col("stops"),
        ),
    )
    _location_types(model, ordered, sink)
    ends = ordered.group_by("trip_id", maintain_order=True).agg(
        row=pl.col(ROW).first(),
        missing=pl.any_horizontal(
            pl.col("arrival_time").first().is_null(),
            pl.col("departure_time").first().is_null(),
            pl.col("arrival_time").last().is_null(),
            pl.col("departure_time").last().is_null(),
        ),
    )
    sink.add_frame(
        ImpossibleToInterpolateStopTimes,
        ends.filter("missing")
        .join(names, on="trip_id")
        .select(
            filename=pl.lit("stop_times.txt"),
            csvRowNumber=pl.col("row"),
            objectType=pl.lit("Trip"),
            objectId=pl.col("trip_id"),
            objectName=pl.col("objectName"),
        ),
    )
    served = ordered.group_by("trip_id").agg(stops=pl.col("stop_id").n_unique())
    unusable = (
        names.join(served, on="trip_id", how="left").filter(pl.col("stops").fill_null(0) < 2).sort("tripRow")
    )
    sink.add_frame(
        UnusableTripTv,
        unusable.select(
            filename=pl.lit("trips.txt"),
            csvRowNumber=pl.col("tripRow"),
            objectType=pl.lit("Trip"),
            objectId=pl.col("trip_id"),
            objectName=pl.col("objectName"),
        ),
    )


def _location_types(model: TvModel, ordered: pl.DataFrame, sink: FindingSink) -> None:
    stops = (
        model.stops()
        .filter(pl.col("location_type") != 0)
        .select("stop_id", "location_type", stopName=pl.col("stop_name").fill_null(""), stopRow=pl.col(ROW))
    )
    if stops.height == 0:
        return
    wrong = (
        ordered.join(stops, on="stop_id")
        .group_by("stop_id", maintain_order=True)
        .agg(
            pl.col("location_type").first(),
            pl.col("stopName").first(),
            pl.col("stopRow").first(),
            trips=pl.col("trip_id").unique(maintain_order=True).head(MAX_RELATED_TRIPS).str.join(", "),
        )
    )
    kind = pl.col("location_type").replace_strict(
        _TYPE_NAMES, default=pl.format("Unknown({})", pl.col("location_type"))
    )
    sink.add_frame(
        InvalidStopLocationTypeInTrip,
        wrong.select(
            filename=pl.lit("stops.txt"),
            csvRowNumber=pl.col("stopRow"),
            objectType=pl.lit("Stop"),
            objectId=pl.col("stop_id"),
            objectName=pl.col("stopName"),
            relatedTrips=pl.col("trips"),
            details=pl.format("A {} cannot be referenced by a stop time", kind),
        ),
    )
