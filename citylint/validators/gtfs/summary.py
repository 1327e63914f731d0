"""Facts about a feed for the report's summary, shaped like MobilityData's ``summary`` section.

Like MobilityData, the summary reads a table only when it loaded cleanly (present, header valid, every
row parsed): a stops.txt with one bad row counts 0 stops, as in its report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.frames.calendar import CALENDAR, CALENDAR_DATES, TRIPS, total_service_window

# MobilityData's counts: distinct non-empty ids (Agencies counts agency_id, so 0 without the column).
_COUNTED = {
    "Shapes": ("shapes.txt", "shape_id"),
    "Stops": ("stops.txt", "stop_id"),
    "Routes": ("routes.txt", "route_id"),
    "Trips": ("trips.txt", "trip_id"),
    "Agencies": ("agency.txt", "agency_id"),
    "Blocks": ("trips.txt", "block_id"),
}

Condition = Callable[[Feed], bool]


def _readable(feed: Feed, name: str) -> pl.DataFrame | None:
    return feed.frame(name) if feed.indexable(name) else None


def _any_record(name: str) -> Condition:
    def found(feed: Feed) -> bool:
        frame = _readable(feed, name)
        return frame is not None and frame.height > 0

    return found


def _any_with(*sources: tuple[str, str]) -> Condition:
    """True when some row of one of the (file, field) sources has the field set."""

    def found(feed: Feed) -> bool:
        for name, column in sources:
            frame = _readable(feed, name)
            if frame is not None and column in frame.columns and frame.get_column(column).is_not_null().any():
                return True
        return False

    return found


def _all(*conditions: Condition) -> Condition:
    return lambda feed: all(condition(feed) for condition in conditions)


def _any(*conditions: Condition) -> Condition:
    return lambda feed: any(condition(feed) for condition in conditions)


def _stop_times_with_only(column: str) -> Condition:
    """A stop time with trip_id and ``column`` set and no stop_id (a flexible stop time)."""

    def found(feed: Feed) -> bool:
        frame = _readable(feed, "stop_times.txt")
        if frame is None or not {"trip_id", column} <= set(frame.columns):
            return False
        no_stop = pl.col("stop_id").is_null() if "stop_id" in frame.columns else pl.lit(True)
        return bool(
            frame.select(
                (pl.col("trip_id").is_not_null() & pl.col(column).is_not_null() & no_stop).any()
            ).item()
        )

    return found


def _deviated_route(feed: Feed) -> bool:
    """A trip whose stop times, together, set trip_id, location_id, stop_id, arrival and departure times."""
    frame = _readable(feed, "stop_times.txt")
    fields = ("trip_id", "location_id", "stop_id", "arrival_time", "departure_time")
    if (
        frame is None
        or not set(fields) <= set(frame.columns)
        or frame.get_column("location_id").null_count() == frame.height
    ):
        return False
    per_trip = frame.group_by("trip_id").agg(
        pl.all_horizontal(pl.col(f).is_not_null().any() for f in fields).alias("deviated")
    )
    return bool(per_trip.get_column("deviated").any())


def _fare_leg_pair(gate: str, first: str, second: str) -> Condition:
    return _all(
        _any_record(gate),
        _any_record("fare_products.txt"),
        _any_record("fare_leg_rules.txt"),
        _any_with(("fare_leg_rules.txt", first), ("fare_leg_rules.txt", second)),
    )


# MobilityData's FeedMetadata.loadSpecFeatures: first the file-based features, then the field-based ones;
# a name decided again by the second pass keeps its first position (a Java LinkedHashMap re-put).
_FILE_BASED = (
    ("Pathway Connections", "pathways.txt"),
    ("Pathway Signs", "pathways.txt"),
    ("Pathway Details", "pathways.txt"),
    ("Levels", "levels.txt"),
    ("Transfers", "transfers.txt"),
    ("Shapes", "shapes.txt"),
    ("Frequencies", "frequencies.txt"),
    ("Feed Information", "feed_info.txt"),
    ("Attributions", "attributions.txt"),
    ("Translations", "translations.txt"),
    ("Fares V1", "fare_attributes.txt"),
    ("Fare Products", "fare_products.txt"),
    ("Fare Transfers", "fare_transfer_rules.txt"),
    ("Booking Rules", "booking_rules.txt"),
)
_FIELD_BASED: tuple[tuple[str, Condition], ...] = (
    ("Route Colors", _any_with(("routes.txt", "route_color"), ("routes.txt", "route_text_color"))),
    ("Headsigns", _any_with(("trips.txt", "trip_headsign"), ("stop_times.txt", "stop_headsign"))),
    ("Stops Wheelchair Accessibility", _any_with(("stops.txt", "wheelchair_boarding"))),
    ("Trips Wheelchair Accessibility", _any_with(("trips.txt", "wheelchair_accessible"))),
    ("Text-to-Speech", _any_with(("stops.txt", "tts_stop_name"))),
    ("Bike Allowed", _any_with(("trips.txt", "bikes_allowed"))),
    ("Location Types", _any_with(("stops.txt", "location_type"))),
    ("Stop Access", _any_with(("stops.txt", "stop_access"))),
    ("In-station Traversal Time", _any_with(("pathways.txt", "traversal_time"))),
    (
        "Pathway Signs",
        _any_with(("pathways.txt", "signposted_as"), ("pathways.txt", "reversed_signposted_as")),
    ),
    (
        "Pathway Details",
        _any_with(
            ("pathways.txt", "max_slope"),
            ("pathways.txt", "min_width"),
            ("pathways.txt", "length"),
            ("pathways.txt", "stair_count"),
        ),
    ),
    ("Pathway Connections", _any_record("pathways.txt")),
    (
        "Route-Based Fares",
        _all(
            _any(_any_with(("routes.txt", "network_id")), _any_record("networks.txt")),
            _any_record("fare_products.txt"),
            _any_record("fare_leg_rules.txt"),
            _any_with(("fare_leg_rules.txt", "network_id")),
        ),
    ),
    (
        "Continuous Stops",
        _any_with(
            ("routes.txt", "continuous_drop_off"),
            ("routes.txt", "continuous_pickup"),
            ("stop_times.txt", "continuous_drop_off"),
            ("stop_times.txt", "continuous_pickup"),
        ),
    ),
    ("Zone-Based Demand Responsive Services", _stop_times_with_only("location_id")),
    ("Predefined Routes with Deviation", _deviated_route),
    (
        "Fare Media",
        _all(
            _any_record("fare_media.txt"),
            _any_record("fare_products.txt"),
            _any_with(("fare_products.txt", "fare_media_id")),
        ),
    ),
    (
        "Rider Categories",
        _all(
            _any_record("rider_categories.txt"),
            _any_record("fare_products.txt"),
            _any_with(("fare_products.txt", "rider_category_id")),
        ),
    ),
    (
        "Time-Based Fares",
        _fare_leg_pair("timeframes.txt", "from_timeframe_group_id", "to_timeframe_group_id"),
    ),
    ("Zone-Based Fares", _fare_leg_pair("areas.txt", "from_area_id", "to_area_id")),
    ("Contactless EMV Support", _any_with(("agency.txt", "cemv_support"), ("routes.txt", "cemv_support"))),
    (
        "Fixed-Stops Demand Responsive Transit",
        _all(_any_record("location_groups.txt"), _stop_times_with_only("location_group_id")),
    ),
    ("Cars Allowed", _any_with(("trips.txt", "cars_allowed"))),
)


def gtfs_features(feed: Feed) -> list[str]:
    """MobilityData's ``gtfsFeatures``: the features the feed uses, in its order."""
    found: dict[str, bool] = {name: _any_record(file)(feed) for name, file in _FILE_BASED}
    for name, condition in _FIELD_BASED:
        found[name] = condition(feed)
    return [name for name, present in found.items() if present]


def _first(feed: Feed, name: str) -> dict[str, Any]:
    table = feed.tables.get(name)
    if table is None or table.frame.height == 0:
        return {}
    return table.frame.row(0, named=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def _service_window(feed: Feed) -> tuple[str, str] | None:
    """First and last day the services of trips run (MobilityData's service intervals), or None.

    MobilityData computes it only when trips.txt and calendar.txt or calendar_dates.txt loaded cleanly; a
    calendar file present but broken, or a calendar row ending before it starts, leaves it empty.
    """
    if (
        not feed.indexable(TRIPS)
        or not (feed.indexable(CALENDAR) or feed.indexable(CALENDAR_DATES))
        or not feed.usable(CALENDAR, CALENDAR_DATES)
    ):
        return None
    window = total_service_window(feed)
    return None if window is None else (window[0].isoformat(), window[1].isoformat())


def _counts(feed: Feed) -> dict[str, int]:
    counts = {}
    for label, (name, column) in _COUNTED.items():
        frame = _readable(feed, name)
        if frame is None or column not in frame.columns:
            counts[label] = 0
        else:
            values = frame.get_column(column).drop_nulls()
            counts[label] = values.filter(values != "").n_unique()
    return counts


def feed_summary(feed: Feed) -> dict[str, Any]:
    """The summary of a loaded feed; it reads the families' ``Feed``, so the frames they derived (the service
    intervals) are reused, not rebuilt."""
    info = _first(feed, "feed_info.txt")
    window = _service_window(feed)
    agencies = feed.tables.get("agency.txt")
    feed_info = {
        "publisherName": _text(info.get("feed_publisher_name")),
        "publisherUrl": _text(info.get("feed_publisher_url")),
        "feedLanguage": _text(info.get("feed_lang")),
        "feedStartDate": _text(info.get("feed_start_date")),
        "feedEndDate": _text(info.get("feed_end_date")),
        "feedEmail": _text(info.get("feed_contact_email")),
    }
    if window is not None:  # MobilityData leaves both keys out when there is no window
        feed_info["feedServiceWindowStart"], feed_info["feedServiceWindowEnd"] = window
    return {
        "feedInfo": feed_info,
        "agencies": [
            {
                "name": _text(a.get("agency_name")),
                "url": _text(a.get("agency_url")),
                "phone": _text(a.get("agency_phone")),
                "email": _text(a.get("agency_email")),
                "timezone": _text(a.get("agency_timezone")),
            }
            for a in (agencies.frame.iter_rows(named=True) if agencies is not None else [])
        ],
        "files": sorted(feed.listing.member_of),
        "counts": _counts(feed),
        "gtfsFeatures": gtfs_features(feed),
        "rowCounts": {name: t.frame.height for name, t in sorted(feed.tables.items())},
    }
