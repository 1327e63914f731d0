"""GTFS-Realtime rules: MobilityData's gtfs-realtime-validator rules (E001..E052, W001..W009) with their ids,
severities and meanings, and citylint's lock-in rule for proprietary protobuf extensions.

The upstream's rules are listed in ``ValidationRules.java`` and checked by the classes of
``gtfs-realtime-validator-lib/src/main/java/edu/usf/cutr/gtfsrtvalidator/lib/validation/rules/`` (Apache-2.0);
each rule below names the class it mirrors. citylint's code is ``gtfs_rt_`` + the upstream id in lower case,
so ``E003`` stays findable and the platform's counts per id map one to one. The rules are built from one table
so that id, severity, message and documentation stay side by side.
"""

from __future__ import annotations

from citylint.model import EifLayer, LockinKind, Severity
from citylint.rules import RuleDef, RuleType

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
RULES_MD = "https://github.com/MobilityData/gtfs-realtime-validator/blob/master/RULES.md#"
JAVA = "gtfs-realtime-validator-lib/src/main/java/edu/usf/cutr/gtfsrtvalidator/lib/validation/rules/"


class GtfsRtRule(RuleDef, family="gtfs_rt"):
    """Base of the GTFS-Realtime rules (MobilityData's gtfs-realtime-validator ids)."""


# id, severity, message, problem (title), why it matters, example, upstream class
_TABLE: tuple[tuple[str, Severity, str, str, str, str, str], ...] = (
    (
        "E001",
        E,
        "{filename} {where}: {field} {value} is not POSIX seconds",
        "A timestamp is not in POSIX time (seconds since 1970).",
        (
            "Consumers read every GTFS-Realtime time as seconds; milliseconds put the prediction in the year "
            "55000."
        ),
        "``header.timestamp: 1699405801000`` (milliseconds).",
        "TimestampValidator.java",
    ),
    (
        "E002",
        E,
        ("{filename} trip {tripId}: stop_time_updates are not strictly sorted by stop_sequence ({sequence})"),
        "The stop_time_updates of a trip are not in strictly increasing stop_sequence order.",
        (
            "A consumer applies updates in order and propagates delays downstream; out of order updates are "
            "misapplied."
        ),
        "stop_sequence 5 then 3.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E003",
        E,
        (
            "{filename} {source} entity {entityId}: trip_id {tripId} is not in trips.txt and the trip is not "
            "ADDED"
        ),
        "A trip_id of the real-time feed is not in the static GTFS trips.txt and the trip is not ADDED.",
        (
            "The update cannot be matched to a scheduled trip: riders see no prediction. "
            "transport.data.gouv.fr counts it "
            "among identifier mismatches (critical from 50)."
        ),
        '``trip_id: "T99"`` while trips.txt has only T1 and T2.',
        "TripDescriptorValidator.java",
    ),
    (
        "E004",
        E,
        "{filename} {source} entity {entityId}: route_id {routeId} is not in routes.txt",
        "A route_id of the real-time feed is not in the static GTFS routes.txt.",
        (
            "The trip or alert cannot be matched to a route. transport.data.gouv.fr counts it among "
            "identifier "
            "mismatches (critical from 50)."
        ),
        '``route_id: "R9"``.',
        "TripDescriptorValidator.java",
    ),
    (
        "E006",
        E,
        "{filename} entity {entityId}: trip {tripId} of frequencies.txt exact_times=0 lacks {missing}",
        "A TripUpdate of a frequency-based trip (exact_times=0) lacks trip_id, start_time or start_date.",
        "Several vehicles run the same frequency-based trip; only start_time and start_date tell them apart.",
        "A TripUpdate of trip F1 without start_time.",
        "FrequencyTypeZeroValidator.java",
    ),
    (
        "E009",
        E,
        (
            "{filename} trip {tripId}: the trip visits a stop more than once but a stop_time_update has no "
            "stop_sequence"
        ),
        "A trip visiting the same stop_id more than once gets stop_time_updates without stop_sequence.",
        "With a loop, stop_id alone does not say which visit an update is for.",
        "Trip T2 stops at S1 twice; an update names S1 without stop_sequence.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E011",
        E,
        "{filename} {source} entity {entityId}: stop_id {stopId} is not in stops.txt",
        "A stop_id of the real-time feed is not in the static GTFS stops.txt.",
        (
            "The prediction or alert cannot be shown at a stop. transport.data.gouv.fr counts it among "
            "identifier "
            "mismatches (critical from 50)."
        ),
        '``stop_id: "S99"``.',
        "StopValidator.java",
    ),
    (
        "E012",
        E,
        (
            "{filename} {source} entity {entityId}: timestamp {timestamp} is later than header.timestamp "
            "{headerTimestamp}"
        ),
        "An entity's timestamp is later than the feed header's timestamp.",
        (
            "The header timestamp tells when the feed was produced; an entity measured after it reveals a "
            "clock "
            "problem."
        ),
        "header 1000, vehicle 1010.",
        "TimestampValidator.java",
    ),
    (
        "E013",
        E,
        (
            "{filename} entity {entityId}: trip {tripId} of frequencies.txt exact_times=0 has "
            "schedule_relationship {scheduleRelationship}"
        ),
        "A frequency-based trip (exact_times=0) has a schedule_relationship other than UNSCHEDULED.",
        "Such trips have no fixed schedule to be SCHEDULED against.",
        "schedule_relationship SCHEDULED on trip F1.",
        "FrequencyTypeZeroValidator.java",
    ),
    (
        "E015",
        E,
        (
            "{filename} {source} entity {entityId}: stop_id {stopId} has location_type {locationType} in "
            "stops.txt, not 0"
        ),
        (
            "A stop_id of a TripUpdate or VehiclePosition is a station, entrance or node, not a stop "
            "(location_type 0)."
        ),
        "Vehicles stop at stops or platforms; a station cannot be matched to stop_times.",
        "stop_id of a station (location_type 1).",
        "StopValidator.java",
    ),
    (
        "E016",
        E,
        "{filename} {source} entity {entityId}: trip_id {tripId} is ADDED but exists in trips.txt",
        "A trip marked ADDED uses a trip_id that is in the static GTFS.",
        "An added trip is new; reusing a scheduled trip's id makes consumers merge two trips.",
        "ADDED trip T1 where T1 is scheduled.",
        "TripDescriptorValidator.java",
    ),
    (
        "E017",
        E,
        "{filename}: content changed since {previous} but header.timestamp {timestamp} did not",
        "The feed's content changed between two snapshots but header.timestamp stayed the same.",
        "Consumers skip a feed whose timestamp did not move; typically load-balanced servers out of sync.",
        "Two snapshots with timestamp 1000 and different entities.",
        "TimestampValidator.java",
    ),
    (
        "E018",
        E,
        "{filename}: header.timestamp {timestamp} is less than {previousTimestamp} of {previous}",
        "header.timestamp went backwards between two snapshots.",
        "Consumers treat a feed older than the one they hold as stale and drop it.",
        "Snapshot 2 timestamp 990 after snapshot 1 timestamp 1000.",
        "TimestampValidator.java",
    ),
    (
        "E019",
        E,
        (
            "{filename} entity {entityId}: start_time {startTime} of frequency trip {tripId} is not a "
            "headway multiple after {frequencyStart}"
        ),
        (
            "A frequency-based trip with exact_times=1 has a start_time that is not a start_time + "
            "k*headway_secs."
        ),
        "With exact times, trips start only at those moments; another start_time matches no trip.",
        "headway 600 s from 08:00:00, start_time 08:05:00.",
        "FrequencyTypeOneValidator.java",
    ),
    (
        "E020",
        E,
        '{filename} {source} entity {entityId}: start_time "{startTime}" is not HH:MM:SS',
        "A trip's start_time is not in the HH:MM:SS format.",
        "start_time identifies a trip instance; a malformed one identifies none.",
        '``start_time: "8:00"``.',
        "TripDescriptorValidator.java",
    ),
    (
        "E021",
        E,
        '{filename} {source} entity {entityId}: start_date "{startDate}" is not YYYYMMDD',
        "A trip's start_date is not a date in the YYYYMMDD format.",
        "start_date tells which day's trip is meant; a malformed one matches no service day.",
        '``start_date: "2023-11-08"``.',
        "TripDescriptorValidator.java",
    ),
    (
        "E022",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: {field} {time} is not after the previous "
            "stop's {previousField} {previousTime}"
        ),
        "The times of sequential stop_time_updates are not increasing.",
        "A vehicle cannot reach a later stop before an earlier one: the predictions contradict each other.",
        "arrival 1000 at stop 2, arrival 990 at stop 3.",
        "TimestampValidator.java",
    ),
    (
        "E023",
        E,
        (
            "{filename} {source} entity {entityId}: start_time {startTime} of trip {tripId} differs from its "
            "first arrival_time {scheduled} in stop_times.txt"
        ),
        "A trip's start_time does not match the first arrival_time of the trip in stop_times.txt.",
        "start_time must be the scheduled start; 00:02:00 instead of 24:02:00 points to another day.",
        "start_time 00:02:00, first arrival 24:02:00.",
        "TripDescriptorValidator.java",
    ),
    (
        "E024",
        E,
        (
            "{filename} {source} entity {entityId}: direction_id {directionId} of trip {tripId} differs from "
            "{scheduled} in trips.txt"
        ),
        "A trip's direction_id differs from the direction_id of the trip in trips.txt.",
        "A consumer matching on direction finds the opposite service.",
        "direction_id 1 for a direction 0 trip.",
        "TripDescriptorValidator.java",
    ),
    (
        "E025",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: departure {departure} is before arrival "
            "{arrival}"
        ),
        "A stop_time_update's departure time is before its arrival time.",
        "A vehicle cannot leave before it arrives.",
        "arrival 1010, departure 1000.",
        "TimestampValidator.java",
    ),
    (
        "E026",
        E,
        (
            "{filename} entity {entityId}: vehicle position ({latitude}, {longitude}) is not a valid "
            "latitude / longitude"
        ),
        "A vehicle position is missing or outside the valid latitude [-90, 90] and longitude [-180, 180].",
        "Maps cannot place the vehicle.",
        "latitude 91.",
        "VehicleValidator.java",
    ),
    (
        "E027",
        E,
        "{filename} entity {entityId}: bearing {bearing} is not within [0, 360]",
        "A vehicle bearing is not between 0 and 360 degrees.",
        "Maps draw the vehicle's heading from it.",
        "bearing 400.",
        "VehicleValidator.java",
    ),
    (
        "E028",
        E,
        (
            "{filename} entity {entityId}: vehicle at ({latitude}, {longitude}) is outside the agency's "
            "area ({area} bounding box + 1609 m)"
        ),
        "A vehicle position is outside the agency's coverage area.",
        (
            "The position is more than a mile outside every shape (or stop) of the static feed: swapped "
            "coordinates, or "
            "a vehicle reporting from the depot of another network."
        ),
        "latitude and longitude swapped.",
        "VehicleValidator.java",
    ),
    (
        "E029",
        E,
        (
            "{filename} entity {entityId}: vehicle of trip {tripId} at ({latitude}, {longitude}) is "
            "{distance} m from the trip's shape (more than 200 m)"
        ),
        (
            "A vehicle position is more than 200 m from its trip's shape, with no DETOUR alert for the trip "
            "or "
            "route."
        ),
        "The vehicle is reported on the wrong trip, or the shape is wrong.",
        "A bus of trip T1 reported 1 km off its shape.",
        "VehicleValidator.java",
    ),
    (
        "E030",
        E,
        ("{filename} alert {entityId}: trip_id {tripId} does not belong to route_id {routeId} in trips.txt"),
        "An alert informed_entity's trip_id does not belong to its route_id according to trips.txt.",
        "The alert names a trip and a route that contradict each other.",
        "trip T1 with route R2.",
        "TripDescriptorValidator.java",
    ),
    (
        "E031",
        E,
        (
            "{filename} alert {entityId}: informed_entity.route_id {routeId} differs from "
            "informed_entity.trip.route_id {tripRouteId}"
        ),
        "An alert informed_entity's route_id differs from its trip.route_id.",
        "The alert names two routes for one selector.",
        "route_id R1, trip.route_id R2.",
        "TripDescriptorValidator.java",
    ),
    (
        "E032",
        E,
        "{filename} alert {entityId}: no informed_entity",
        "An alert has no informed_entity.",
        "An alert that applies to nothing is shown nowhere.",
        "An alert with a header text only.",
        "TripDescriptorValidator.java",
    ),
    (
        "E033",
        E,
        (
            "{filename} alert {entityId}: an informed_entity has no agency_id, route_id, route_type, trip "
            "nor "
            "stop_id"
        ),
        "An alert informed_entity has no specifier.",
        "An empty selector selects nothing.",
        "``informed_entity: [{}]``.",
        "TripDescriptorValidator.java",
    ),
    (
        "E034",
        E,
        "{filename} alert {entityId}: agency_id {agencyId} is not in agency.txt",
        "An alert informed_entity's agency_id is not in the static GTFS agency.txt.",
        (
            "The alert cannot be matched to an agency. transport.data.gouv.fr counts it among identifier "
            "mismatches "
            "(critical from 50)."
        ),
        'agency_id "AG9".',
        "TripDescriptorValidator.java",
    ),
    (
        "E035",
        E,
        (
            "{filename} {source} entity {entityId}: trip_id {tripId} does not belong to route_id {routeId} "
            "in "
            "trips.txt"
        ),
        "A trip descriptor's trip_id and route_id do not match in trips.txt.",
        "Consumers match on one or the other and get different trips.",
        "trip T1 (route R1) with route_id R2.",
        "TripDescriptorValidator.java",
    ),
    (
        "E036",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: same stop_sequence {stopSequence} as the "
            "previous one"
        ),
        "Two sequential stop_time_updates have the same stop_sequence.",
        "One stop cannot have two predictions.",
        "stop_sequence 2 twice in a row.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E037",
        E,
        "{filename} trip {tripId} stop_time_update {position}: same stop_id {stopId} as the previous one",
        "Two sequential stop_time_updates have the same stop_id.",
        "Repeated stop_ids need stop_sequence to tell the visits apart.",
        "stop_id S1 twice in a row.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E038",
        E,
        '{filename}: header.gtfs_realtime_version "{version}" is not 1.0 or 2.0',
        "The header's gtfs_realtime_version is not a known version.",
        "Consumers choose their reading rules by the version.",
        '``gtfs_realtime_version: "3"``.',
        "HeaderValidator.java",
    ),
    (
        "E039",
        E,
        "{filename} entity {entityId}: is_deleted in a FULL_DATASET feed",
        "A FULL_DATASET feed has an entity with is_deleted.",
        "is_deleted only means something in DIFFERENTIAL feeds.",
        "is_deleted: true with FULL_DATASET.",
        "HeaderValidator.java",
    ),
    (
        "E040",
        E,
        "{filename} trip {tripId} stop_time_update {position}: neither stop_id nor stop_sequence",
        "A stop_time_update has neither stop_id nor stop_sequence.",
        "The update is for no stop.",
        "A stop_time_update with only an arrival.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E041",
        E,
        "{filename} entity {entityId}: trip {tripId} has no stop_time_update and is not CANCELED",
        "A trip update has no stop_time_update and its trip is not CANCELED.",
        "A TripUpdate with no stop_time_update says nothing unless it cancels the trip.",
        "A TripUpdate with only a trip descriptor.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E042",
        E,
        "{filename} trip {tripId} stop_time_update {position}: NO_DATA with arrival or departure",
        "A NO_DATA stop_time_update carries an arrival or a departure.",
        "NO_DATA says there is no prediction; a time contradicts it.",
        "NO_DATA with arrival.time.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E043",
        E,
        "{filename} trip {tripId} stop_time_update {position}: no arrival nor departure",
        "A stop_time_update that is neither SKIPPED nor NO_DATA has no arrival and no departure.",
        "A SCHEDULED update without times predicts nothing.",
        "A SCHEDULED update with stop_id only.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E044",
        E,
        "{filename} trip {tripId} stop_time_update {position}: {event} has neither delay nor time",
        "A stop_time_update's arrival or departure has neither delay nor time.",
        "The event predicts nothing.",
        "``arrival: {uncertainty: 30}``.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E045",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: stop_sequence {stopSequence} is stop "
            "{scheduledStopId} in stop_times.txt, not {stopId}"
        ),
        "A stop_time_update's stop_sequence and stop_id do not match the same row of stop_times.txt.",
        "The update contradicts the schedule: which stop is meant?",
        "stop_sequence 1 with stop_id S2.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E046",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: only a delay for stop_sequence "
            "{stopSequence}, which has no time in stop_times.txt"
        ),
        "A stop_time_update gives only a delay for a stop without arrival/departure time in stop_times.txt.",
        "A delay needs a scheduled time to be added to.",
        "delay 60 at a non-timepoint stop.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E047",
        E,
        (
            "{filename}: vehicle_id {vehicleId} and trip_id {tripId} are paired in {source}, but "
            "{otherSource} pairs vehicle_id {otherVehicleId} with trip_id {otherTripId}"
        ),
        "A vehicle_id / trip_id pairing of the TripUpdates does not match the one of the VehiclePositions.",
        (
            "Consumers join predictions and positions on these ids: one vehicle on two trips, or one trip "
            "served by two vehicles, shows riders a bus that is not the one predicted. A vehicle running the "
            "next trip of its block (same block_id in trips.txt) is not a mismatch."
        ),
        "TripUpdates pair trip T1 with vehicle V1, VehiclePositions pair T1 with V2.",
        "CrossFeedDescriptorValidator.java",
    ),
    (
        "E048",
        E,
        "{filename}: header.timestamp is not populated (gtfs_realtime_version {version})",
        "The header timestamp is missing in a GTFS-RT 2.0 feed.",
        "Version 2.0 requires it; freshness is unknown.",
        "A 2.0 header without timestamp.",
        "TimestampValidator.java",
    ),
    (
        "E049",
        E,
        "{filename}: header.incrementality is not populated (gtfs_realtime_version {version})",
        "The header incrementality is missing in a GTFS-RT 2.0 feed.",
        "Version 2.0 requires it: FULL_DATASET or DIFFERENTIAL.",
        "A 2.0 header without incrementality.",
        "HeaderValidator.java",
    ),
    (
        "E050",
        E,
        (
            "{filename} {where}: timestamp {timestamp} is {seconds} s after the time of the snapshot "
            "{reference}"
        ),
        "A timestamp is more than 60 seconds in the future.",
        "The producer's clock is wrong or times are in the wrong time zone.",
        "header.timestamp 10 minutes after the download.",
        "TimestampValidator.java",
    ),
    (
        "E051",
        E,
        (
            "{filename} trip {tripId} stop_time_update {position}: stop_sequence {stopSequence} is not in "
            "stop_times.txt for this trip"
        ),
        "A stop_time_update's stop_sequence is not among the trip's stop_sequences in stop_times.txt.",
        "The update cannot be matched to a stop of the trip.",
        "stop_sequence 9 on a trip of 3 stops.",
        "StopTimeUpdateValidator.java",
    ),
    (
        "E052",
        E,
        "{filename} entity {entityId}: vehicle.id {vehicleId} is used by another vehicle position",
        "The same vehicle.id is used by more than one VehiclePosition.",
        "A vehicle is in one place at a time; consumers keep one of the two.",
        "Two entities with vehicle.id V1.",
        "VehicleValidator.java",
    ),
    (
        "W001",
        W,
        "{filename} {where}: timestamp not populated",
        "A timestamp is not populated on the header, a trip update or a vehicle position.",
        "Consumers judge how old a prediction or position is from it.",
        "A VehiclePosition without timestamp.",
        "TimestampValidator.java",
    ),
    (
        "W002",
        W,
        "{filename} {source} entity {entityId}: vehicle.id not populated",
        "A trip update or vehicle position has no vehicle.id.",
        "Positions and predictions of one vehicle cannot be linked.",
        "A TripUpdate without vehicle.",
        "VehicleValidator.java",
    ),
    (
        "W003",
        W,
        "{filename}: {idKind} {id} is in {presentIn} but not in {missingFrom}",
        "A trip_id or vehicle_id of the TripUpdates is missing from the VehiclePositions, or the reverse.",
        (
            "A trip predicted without a position (or a vehicle located without a prediction) cannot be "
            "shown both ways; trip updates of the next trips of a block legitimately trigger it."
        ),
        "A TripUpdate for trip T1 and no VehiclePosition of T1.",
        "CrossFeedDescriptorValidator.java",
    ),
    (
        "W004",
        W,
        "{filename} entity {entityId}: speed {speed} m/s is unrealistic (negative or more than 26 m/s)",
        "A vehicle's speed is unrealistic (negative, or over 26 m/s).",
        "Usually km/h or mph sent instead of m/s.",
        "speed 50 (km/h sent as m/s).",
        "VehicleValidator.java",
    ),
    (
        "W005",
        W,
        "{filename} {source} entity {entityId}: frequency trip {tripId} (exact_times=0) has no vehicle.id",
        "A frequency-based trip (exact_times=0) has no vehicle.id.",
        "Simultaneous vehicles on one trip cannot be told apart.",
        "trip F1 without vehicle.",
        "FrequencyTypeZeroValidator.java",
    ),
    (
        "W006",
        W,
        "{filename} {source} entity {entityId}: trip has no trip_id",
        "A trip descriptor has no trip_id.",
        "Without trip_id, matching relies on route, direction and start time.",
        '``trip: {route_id: "R1"}``.',
        "TripDescriptorValidator.java",
    ),
    (
        "W007",
        W,
        "{filename}: {interval} s since the previous header.timestamp (more than 35 s)",
        "The feed is refreshed less often than every 35 seconds.",
        "Real-time data older than 30 s misleads riders.",
        "Two snapshots 60 s apart.",
        "TimestampValidator.java",
    ),
    (
        "W008",
        W,
        (
            "{filename}: header.timestamp {timestamp} is {seconds} s older than the time of the snapshot "
            "{reference}"
        ),
        "The header timestamp is more than 65 seconds older than the time the snapshot was taken.",
        "The feed is stale; transport.data.gouv.fr shows the same warning on the resource page.",
        "A feed served from a cache an hour old.",
        "TimestampValidator.java",
    ),
    (
        "W009",
        W,
        "{filename} {where}: schedule_relationship not populated",
        "A trip or stop_time_update's schedule_relationship is not populated.",
        "Explicit SCHEDULED avoids ambiguity between consumers.",
        "A trip without schedule_relationship.",
        "TripDescriptorValidator.java",
    ),
)


def _doc(upstream: str, title: str, why: str, example: str, source: str) -> str:
    return (
        f"{title}\n\n## Why it matters\n{why}\n\n## Example\n{example}\n\n## Reference\nMobilityData "
        f"gtfs-realtime-validator rule {upstream} ({source}); RULES.md#{upstream.lower()}."
    )


def _make(
    upstream: str, severity: Severity, message: str, title: str, why: str, example: str, source: str
) -> RuleType:
    namespace = {
        "__doc__": _doc(upstream, title, why, example, source),
        "__module__": __name__,
        "upstream_id": upstream,
        "upstream_class": JAVA + source,
    }
    return type(
        f"GtfsRt{upstream}",
        (GtfsRtRule,),
        namespace,
        code=f"gtfs_rt_{upstream.lower()}",
        severity=severity,
        message=f"{upstream} " + message,
        spec=RULES_MD + upstream.lower(),
    )


BY_ID: dict[str, RuleType] = {row[0]: _make(*row) for row in _TABLE}


class GtfsRtProprietaryExtension(
    GtfsRtRule,
    code="gtfs_rt_proprietary_extension",
    severity=I,
    lockin=LockinKind.VENDOR_EXTENSION,
    layer=EifLayer.TECHNICAL,
    message="{filename}: {count} {message} message(s) carry extension field {fieldNumber} ({lockinOrigin})",
    spec="https://gtfs.org/documentation/realtime/proto-extensions/",
):
    """A GTFS-Realtime message carries a protobuf extension field outside the specification.

    ## Why it matters
    Extensions (field numbers 1000-1999 assigned to an organisation, 9000-9999 for private use) carry data
    that only consumers compiled with the owner's .proto can read: a dependency on that owner's definitions.

    ## Example
    Field 1001 on TripUpdate: the New York City MTA's NYCT extension (``nyct_trip_descriptor``).

    ## Reference
    The GTFS-Realtime extension registry (gtfs.org, "Extensions"): 1000 OneBusAway, 1001 New York City MTA,
    1002 Google, 1003 OVapi, 1004 Metra; 9000-9999 reserved for private use. Other numbers are reported as
    unknown owners, never guessed.
    """


RULES: tuple[RuleType, ...] = (*BY_ID.values(), GtfsRtProprietaryExtension)
