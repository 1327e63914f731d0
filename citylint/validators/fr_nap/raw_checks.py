"""The checks transport-validator runs on the raw files, whether or not the linked model loads: file presence,
sub-folders, duplicate ids, broken references, and the model itself."""

from __future__ import annotations

import polars as pl

from citylint.collector import FindingSink
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.model import TvModel
from citylint.validators.gtfs.feed import ROW

MANDATORY_FILES = ("agency.txt", "routes.txt", "stops.txt", "stop_times.txt", "trips.txt")
# transport-validator's list as written upstream, quirks included: ``tarif_leg_rules.txt`` for
# ``fare_leg_rules.txt``, no ``rider_categories.txt``; both real files are therefore extra files there.
OPTIONAL_FILES = (
    "calendar.txt",
    "calendar_dates.txt",
    "fare_attributes.txt",
    "fare_rules.txt",
    "timeframes.txt",
    "fare_media.txt",
    "fare_products.txt",
    "tarif_leg_rules.txt",
    "fare_leg_join_rules.txt",
    "fare_transfer_rules.txt",
    "areas.txt",
    "stop_areas.txt",
    "networks.txt",
    "route_networks.txt",
    "shapes.txt",
    "frequencies.txt",
    "transfers.txt",
    "pathways.txt",
    "levels.txt",
    "location_groups.txt",
    "location_group_stops.txt",
    "locations.geojson",
    "booking_rules.txt",
    "translations.txt",
    "feed_info.txt",
    "attributions.txt",
)
SHAPE_SEQUENCES_SHOWN = 10


class MissingMandatoryFile(
    FrNapRule,
    code="missing_mandatory_file",
    issue_type="MissingMandatoryFile",
    tv_severity=TvSeverity.FATAL,
    message="mandatory file {objectId} was not found",
):
    """A file transport-validator requires is missing from the feed.

    ## Why it matters
    transport-validator needs `agency.txt`, `routes.txt`, `stops.txt`, `stop_times.txt` and `trips.txt`; it
    matches names by suffix, so a file in a sub-folder still counts. A Fatal issue: transport.data.gouv.fr
    scores the resource non-compliant.

    ## Example
    A zip without `stop_times.txt`.

    ## Reference
    transport-validator `src/validators/file_presence.rs` (issue type `MissingMandatoryFile`, Fatal).
    """


class ExtraFile(
    FrNapRule,
    code="extra_file",
    issue_type="ExtraFile",
    tv_severity=TvSeverity.INFORMATION,
    message="{objectId}: this file shouldn't be in the archive",
):
    """The feed holds a file that is neither a mandatory nor an optional GTFS file for transport-validator.

    ## Why it matters
    Consumers ignore it; it often is a vendor export left in the archive. transport-validator's list writes
    `tarif_leg_rules.txt` for `fare_leg_rules.txt` and lacks `rider_categories.txt`, so both are reported
    here as they are on the platform.

    ## Example
    `invalid_file.txt` or `fare_leg_rules.txt` in the zip.

    ## Reference
    transport-validator `src/validators/file_presence.rs` (issue type `ExtraFile`, Information).
    """


class SubFolder(
    FrNapRule,
    code="sub_folder",
    issue_type="SubFolder",
    tv_severity=TvSeverity.ERROR,
    message="data is contained in a subfolder: {objectId}",
):
    """The feed's `stops.txt` sits in a folder inside the archive.

    ## Why it matters
    GTFS files must be at the root of the zip (GTFS reference, "File requirements", 2023); many consumers
    find nothing in a nested folder.

    ## Example
    A zip whose files are under `gtfs/`: `gtfs/stops.txt`, `gtfs/routes.txt`.

    ## Reference
    transport-validator `src/validators/sub_folder.rs` (issue type `SubFolder`, Error).
    """


class DuplicateObjectId(
    FrNapRule,
    code="duplicate_object_id",
    issue_type="DuplicateObjectId",
    tv_severity=TvSeverity.ERROR,
    message="{objectType} id {objectId} is used more than once{details}",
):
    """An id repeats within stops, routes, trips, agencies, pathways, calendar or fare attributes, or a shape
    repeats a point sequence.

    ## Why it matters
    References to a repeated id are ambiguous; transport-validator's loader keeps one of the objects. One
    issue per repeated row (per shape for shape points, listing up to 10 sequences).

    ## Example
    Two rows of `stops.txt` with `stop_id` `stop5`; shape `A_shp` with two points of sequence 0.

    ## Reference
    transport-validator `src/validators/raw_gtfs.rs` (issue type `DuplicateObjectId`, Error).
    """


class InvalidReference(
    FrNapRule,
    code="invalid_reference",
    issue_type="InvalidReference",
    tv_severity=TvSeverity.FATAL,
    message="{objectType} {objectId}: {details}",
):
    """A reference names an object that does not exist (stop times → trips and stops, trips → services and
    routes, routes → agencies, stops → parent stations).

    ## Why it matters
    A broken link makes trips, stops or routes unusable. A Fatal issue on transport.data.gouv.fr. One issue
    per missing id and kind of reference; the last referring row is named.

    ## Example
    A stop time naming `stop_id` `unknown_stop`, which `stops.txt` lacks.

    ## Reference
    transport-validator `src/validators/invalid_reference.rs` (issue type `InvalidReference`, Fatal).
    """


class UnloadableModel(
    FrNapRule,
    code="unloadable_model",
    issue_type="UnloadableModel",
    tv_severity=TvSeverity.FATAL,
    message="the GTFS model cannot be loaded, many rules have not been checked: {details}",
):
    """The files were read but the linked GTFS model cannot be built.

    ## Why it matters
    A value that does not parse (a latitude `abc`, an empty `route_type`), a missing required column or a
    stop time naming a missing trip or stop stops transport-validator's loader; every model-level check is
    then skipped. A Fatal issue: the resource is non-compliant.

    ## Example
    `stops.txt` with `stop_lat` = `baaaaaad_coord`, or `routes.txt` with an empty `route_type`.

    ## Reference
    transport-validator `src/validate.rs` (issue type `UnloadableModel`, Fatal).
    """


RULES = (MissingMandatoryFile, ExtraFile, SubFolder, DuplicateObjectId, InvalidReference, UnloadableModel)

_ID_FILES = (
    ("stops.txt", "stop_id", "Stop"),
    ("routes.txt", "route_id", "Route"),
    ("trips.txt", "trip_id", "Trip"),
    ("agency.txt", "agency_id", "Agency"),
    ("pathways.txt", "pathway_id", "Pathway"),
    ("calendar.txt", "service_id", "Calendar"),
    ("fare_attributes.txt", "fare_id", "Fare"),
)


def members(model: TvModel) -> list[str]:
    archive = model.feed.archive
    return list(archive.members) if archive is not None else list(model.feed.listing.member_of.values())


def nested_feed(model: TvModel) -> bool:
    """Whether the feed's stops.txt is only in a sub-folder (the GTFS engine then loaded no table of it)."""
    names = members(model)
    return not model.feed.has("stops.txt") and any(m.endswith("stops.txt") and "/" in m for m in names)


def check(model: TvModel, sink: FindingSink) -> None:
    names = members(model)
    for mandatory in MANDATORY_FILES:
        if not any(m.endswith(mandatory) for m in names):
            sink.add(
                MissingMandatoryFile, {"objectId": mandatory, "details": "The mandatory file was not found"}
            )
    known = MANDATORY_FILES + OPTIONAL_FILES
    extra = [{"objectId": m, "filename": m} for m in names if not m.endswith(known)]
    if extra:
        sink.add_many(ExtraFile, extra)
    folder = next((m.rsplit("/", 1)[0] for m in names if m.endswith("stops.txt") and "/" in m), None)
    if folder is not None:
        sink.add(SubFolder, {"objectId": folder, "details": f"Data is contained in a subfolder: {folder}"})
    _duplicates(model, sink)
    _references(model, sink)


def _duplicates(model: TvModel, sink: FindingSink) -> None:
    for name, column, kind in _ID_FILES:
        frame = model.frame(name, {column: pl.String})
        if frame is None or not model.readable(name):
            continue
        ids = pl.col(column).fill_null("")  # gtfs-structures reads an absent agency_id as ""
        repeats = frame.sort(ROW).filter(ids.cum_count().over(ids) > 1)
        sink.add_frame(
            DuplicateObjectId,
            repeats.select(
                filename=pl.lit(name),
                csvRowNumber=pl.col(ROW),
                objectType=pl.lit(kind),
                objectId=ids,
                details=pl.lit(""),
            ),
        )
    shapes = model.frame("shapes.txt")
    if shapes is None or not model.readable("shapes.txt"):
        return
    repeated = (
        shapes.sort(ROW)
        .filter(pl.col("shape_pt_sequence").cum_count().over("shape_id", "shape_pt_sequence") > 1)
        .group_by("shape_id", maintain_order=True)
        .agg(sequences=pl.col("shape_pt_sequence").cast(pl.String), row=pl.col(ROW).first())
    )
    sink.add_frame(
        DuplicateObjectId,
        repeated.select(
            filename=pl.lit("shapes.txt"),
            csvRowNumber=pl.col("row"),
            objectType=pl.lit("Shape"),
            objectId=pl.col("shape_id"),
            details=pl.lit(": Shape has duplicated pt_sequence: ")
            + pl.col("sequences").list.head(SHAPE_SEQUENCES_SHOWN).list.join(", ")
            + pl.when(pl.col("sequences").list.len() > SHAPE_SEQUENCES_SHOWN)
            .then(pl.lit("…"))
            .otherwise(pl.lit("")),
        ),
    )


# (referring file, column, referred files and column, kind of the missing object, what refers to it)
_REFERENCES = (
    ("stop_times.txt", "stop_id", (("stops.txt", "stop_id"),), "Stop", "by a stop time"),
    ("stop_times.txt", "trip_id", (("trips.txt", "trip_id"),), "Trip", "by a stop time"),
    (
        "trips.txt",
        "service_id",
        (("calendar.txt", "service_id"), ("calendar_dates.txt", "service_id")),
        "Calendar",
        "by a trip",
    ),
    ("trips.txt", "route_id", (("routes.txt", "route_id"),), "Route", "by a trip"),
    ("routes.txt", "agency_id", (("agency.txt", "agency_id"),), "Agency", "by a route"),
    ("stops.txt", "parent_station", (("stops.txt", "stop_id"),), "Stop", "as a stop's parent_station"),
)


def _references(model: TvModel, sink: FindingSink) -> None:
    for source, column, targets, kind, referrer in _REFERENCES:
        frame = model.frame(source)
        if frame is None or column not in frame.columns or not model.readable(source):
            continue
        # transport-validator's Ids (src/validators/invalid_reference.rs) hold the ids of the target files
        # that exist and parsed: a kind with none of them (no calendar.txt nor calendar_dates.txt, or a target
        # that failed to parse) is not checked at all.
        present = [(t, c) for t, c in targets if model.feed.has(t) and model.readable(t)]
        if not present:
            continue
        target_frames = [(model.frame(t, {c: pl.String}), c) for t, c in present]
        known = pl.concat(
            [pl.Series([], dtype=pl.String)] + [f.get_column(c) for f, c in target_frames if f is not None]
        )
        missing = (
            frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()))
            .sort(ROW)
            .group_by(column, maintain_order=True)
            .last()
        )
        sink.add_frame(
            InvalidReference,
            missing.select(
                filename=pl.lit(source),
                csvRowNumber=pl.col(ROW),
                fieldName=pl.lit(column),
                objectType=pl.lit(kind),
                objectId=pl.col(column),
                details=pl.lit(
                    f"The {kind.lower() if kind != 'Calendar' else 'service'} is referenced {referrer} "
                    "but does not exist"
                ),
            ),
        )
