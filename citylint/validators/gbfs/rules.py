"""GBFS rules beyond the JSON Schemas: discovery and versions, the files a feed must have, references between
files, and transport.data.gouv.fr's minimum versions (family ``gbfs_fr``, run by the ``gbfs-fr`` profile).

Schema errors of each file are the ``json_schema_*`` rules (with the file's name and a JSON pointer), and its
syntax the ``json_*`` rules.
"""

from __future__ import annotations

from citylint.model import EifLayer, LockinKind, Severity
from citylint.rules import RuleDef, RuleType

SPEC = "https://github.com/MobilityData/gbfs/blob/master/gbfs.md"
E, W = Severity.ERROR, Severity.WARNING
NAP = "https://transport.data.gouv.fr/"  # the French national access point (PAN)
REF = '{filename} {jsonPointer}: {field} "{value}" is not declared in {target}'


class GbfsRule(RuleDef, family="gbfs"):
    """Base of the GBFS rules that the JSON Schemas cannot express."""


class GbfsFrRule(RuleDef, family="gbfs_fr"):
    """Base of the French national access point's GBFS requirements (policy, not the GBFS specification)."""


class GbfsUnknownVersion(
    GbfsRule,
    code="gbfs_unknown_version",
    severity=E,
    message='{filename}: version "{version}" is not a published GBFS version (known: '
    "{known}); its files are not checked against a schema",
    spec=SPEC + "#versioning",
):
    """A feed declares a GBFS version that does not exist.

    ## Why it matters
    Consumers pick their parser by the version; an unknown one is read as the nearest guess or not at all.

    ## Example
    ``"version": "2.4"`` in ``gbfs.json``.

    ## Reference
    GBFS, Versioning: the ``version`` field of every file is the GBFS version the file follows.
    """


class GbfsVersionMismatch(
    GbfsRule,
    code="gbfs_version_mismatch",
    severity=W,
    message="{filename}: version {fileVersion} differs from the feed's version {feedVersion} "
    "(from {versionSource})",
    spec=SPEC + "#versioning",
):
    """A file of a feed declares another GBFS version than the feed's discovery file.

    ## Why it matters
    A consumer reads all files of a feed with the version ``gbfs.json`` announces; a file of another version
    has other fields and formats.

    ## Example
    ``gbfs.json`` says ``2.3``, ``station_status.json`` says ``2.2``.

    ## Reference
    GBFS, Versioning: all endpoints of a dataset should share the same MAJOR.MINOR version.
    """


class GbfsFileNotInVersion(
    GbfsRule,
    code="gbfs_file_not_in_version",
    severity=W,
    message="{filename} is not a file of GBFS {version}; it is not checked against a schema",
    spec=SPEC + "#files",
):
    """A feed holds a file that its GBFS version does not define.

    ## Why it matters
    Files were renamed between versions (``free_bike_status`` became ``vehicle_status`` in 3.0); a consumer of
    the declared version looks for the other name and misses the data.

    ## Example
    ``free_bike_status.json`` in a 3.0 feed.

    ## Reference
    GBFS, Files: the list of files of each version.
    """


class GbfsMissingRequiredFile(
    GbfsRule,
    code="gbfs_missing_required_file",
    severity=E,
    message="{filename} is missing: {reason}",
    spec=SPEC + "#files",
):
    """A file the GBFS specification requires for this feed is missing.

    ## Why it matters
    ``system_information`` names the system, ``gbfs.json`` lets consumers find the files (required from 2.0),
    station information and status go together, and ``vehicle_types`` / ``system_pricing_plans`` are required
    once other files refer to their ids.

    ## Example
    ``station_information.json`` without ``station_status.json``.

    ## Reference
    GBFS, Files (REQUIRED and conditionally REQUIRED files).
    """


class GbfsListedFeedMissing(
    GbfsRule,
    code="gbfs_listed_feed_missing",
    severity=W,
    message="gbfs.json lists {feedName} but the feed has no {filename}; it is not checked",
    spec=SPEC + "#gbfsjson",
):
    """``gbfs.json`` lists a file that the checked feed does not hold.

    ## Why it matters
    Either the snapshot is incomplete (that file goes unchecked) or the published feed links to nothing.

    ## Example
    ``gbfs.json`` lists ``system_pricing_plans`` and the folder has no ``system_pricing_plans.json``.

    ## Reference
    GBFS, gbfs.json: every feed it lists is a file of the system.
    """


class GbfsUnlistedFile(
    GbfsRule,
    code="gbfs_unlisted_file",
    severity=W,
    message="{filename} is not listed in gbfs.json; consumers will not find it",
    spec=SPEC + "#gbfsjson",
):
    """A GBFS file of the feed is missing from ``gbfs.json``.

    ## Why it matters
    Consumers discover files only through ``gbfs.json``: a file it does not list is invisible to them.

    ## Example
    ``station_status.json`` present, ``gbfs.json`` lists only ``system_information`` and
    ``station_information``.

    ## Reference
    GBFS, gbfs.json: "a list of all the feeds" of the system.
    """


class GbfsVersionsNotSorted(
    GbfsRule,
    code="gbfs_versions_not_sorted",
    severity=E,
    message="gbfs_versions.json {jsonPointer}: version {version} comes after {previous}; "
    "versions must be listed in increasing order",
    spec=SPEC + "#gbfs_versionsjson",
):
    """``gbfs_versions.json`` does not list its versions in increasing order.

    ## Why it matters
    Consumers take the last entry as the newest version the producer offers; out of order, they read an older
    one.

    ## Example
    ``"versions": [{"version": "2.3", ...}, {"version": "2.2", ...}]``.

    ## Reference
    GBFS, gbfs_versions.json: the entries MUST be sorted by increasing version (MAJOR.MINOR).
    """


class GbfsLanguageMismatch(
    GbfsRule,
    code="gbfs_language_mismatch",
    severity=W,
    message='system_information.json: language "{language}" is not a language gbfs.json '
    "lists its files under ({languages})",
    spec=SPEC + "#gbfsjson",
):
    """In GBFS 1.x and 2.x, the language of ``system_information`` is not one that ``gbfs.json`` lists its
    files under.

    ## Why it matters
    Consumers pick the files of the rider's language through the language keys of ``gbfs.json``; a system
    described in another language than the one it is listed under shows riders text they did not ask for.

    ## Example
    ``gbfs.json`` lists the feeds under ``"fr"``; ``system_information.json`` says ``"language": "en"``.

    ## Reference
    GBFS 2.3, gbfs.json: the language keys are the languages of the feeds, which match
    ``system_information.language``.
    """


class GbfsDuplicateId(
    GbfsRule,
    code="gbfs_duplicate_id",
    severity=E,
    message='{filename} {jsonPointer}: {field} "{value}" is used more than once',
    spec=SPEC + "#field-types",
):
    """An identifier that must be unique within its file (station, vehicle type, plan, region, vehicle)
    repeats.

    ## Why it matters
    References by id become ambiguous: a status or a price cannot be matched to one entity.

    ## Example
    Two stations with ``"station_id": "12"``.

    ## Reference
    GBFS, Field types, ID: "unique within like fields".
    """


class GbfsUnknownVehicleType(
    GbfsRule, code="gbfs_unknown_vehicle_type", severity=E, message=REF, spec=SPEC + "#vehicle_typesjson"
):
    """A ``vehicle_type_id`` is not declared in ``vehicle_types.json``.

    ## Why it matters
    A consumer cannot say what kind of vehicle (bike, scooter, car; its propulsion and range) is available.

    ## Example
    ``station_status`` ``vehicle_types_available`` names ``ebike``; ``vehicle_types.json`` declares only
    ``bike``.

    ## Reference
    GBFS, vehicle_types.json; gbfs-validator makes these ids an ``enum`` of the declared types.
    """


class GbfsUnknownStation(
    GbfsRule, code="gbfs_unknown_station", severity=E, message=REF, spec=SPEC + "#station_informationjson"
):
    """A ``station_id`` is not declared in ``station_information.json``.

    ## Why it matters
    A status, a vehicle or an alert about a station nobody can locate is lost for riders.

    ## Example
    ``station_status`` has station ``99`` which ``station_information`` does not list.

    ## Reference
    GBFS, station_status.json: ``station_id`` is the ID of a station in station_information.json.
    """


class GbfsUnknownPricingPlan(
    GbfsRule,
    code="gbfs_unknown_pricing_plan",
    severity=E,
    message=REF,
    spec=SPEC + "#system_pricing_plansjson",
):
    """A pricing plan id is not declared in ``system_pricing_plans.json``.

    ## Why it matters
    Riders are shown no price, or the wrong one, for the vehicle.

    ## Example
    ``vehicle_types`` ``default_pricing_plan_id: "night"``; no plan ``night`` exists.

    ## Reference
    GBFS, vehicle_types.json and vehicle_status.json: ``pricing_plan_id`` references
    system_pricing_plans.json.
    """


class GbfsUnknownRegion(
    GbfsRule, code="gbfs_unknown_region", severity=E, message=REF, spec=SPEC + "#system_regionsjson"
):
    """A ``region_id`` is not declared in ``system_regions.json``.

    ## Why it matters
    Stations are grouped by region for riders and operators; an unknown region hides them.

    ## Example
    A station with ``"region_id": "north"`` and no region ``north``.

    ## Reference
    GBFS, station_information.json: ``region_id`` is the ID of a region in system_regions.json.
    """


class GbfsStationWithoutStatus(
    GbfsRule,
    code="gbfs_station_without_status",
    severity=W,
    message='station_information.json {jsonPointer}: station "{value}" has no status in station_status.json',
    spec=SPEC + "#station_statusjson",
):
    """A station of ``station_information.json`` has no entry in ``station_status.json``.

    ## Why it matters
    Riders see the station on the map without knowing whether a vehicle or a dock is free there.

    ## Example
    Three stations declared, two with a status.

    ## Reference
    GBFS, station_status.json: the status of every station of station_information.json.
    """


class GbfsMissingVehicleTypesAvailable(
    GbfsRule,
    code="gbfs_missing_vehicle_types_available",
    severity=E,
    message='station_status.json {jsonPointer}: station "{value}" has no '
    "vehicle_types_available although vehicle_types.json declares types",
    spec=SPEC + "#station_statusjson",
):
    """A station status lacks ``vehicle_types_available`` in a feed that declares vehicle types.

    ## Why it matters
    With several vehicle types, riders need to know which ones a station offers.

    ## Example
    ``vehicle_types.json`` declares ``bike`` and ``ebike``; a station status gives only
    ``num_bikes_available``.

    ## Reference
    GBFS 2.1+, station_status.json: ``vehicle_types_available`` is REQUIRED if vehicle_types.json is defined.
    """


class GbfsMissingVehicleTypeId(
    GbfsRule,
    code="gbfs_missing_vehicle_type_id",
    severity=E,
    message='{filename} {jsonPointer}: vehicle "{value}" has no vehicle_type_id although '
    "vehicle_types.json declares types",
    spec=SPEC + "#vehicle_statusjson",
):
    """A vehicle lacks ``vehicle_type_id`` in a feed that declares vehicle types.

    ## Why it matters
    Without its type a vehicle is assumed a non-motorised bicycle, which a scooter or a car is not.

    ## Example
    ``vehicle_types.json`` declares ``scooter``; a vehicle of ``free_bike_status`` has no ``vehicle_type_id``.

    ## Reference
    GBFS 2.1+, free_bike_status.json / vehicle_status.json: ``vehicle_type_id`` is REQUIRED if
    vehicle_types.json is defined.
    """


class GbfsMissingCurrentRange(
    GbfsRule,
    code="gbfs_missing_current_range",
    severity=E,
    message='{filename} {jsonPointer}: motorised vehicle "{value}" (type '
    '"{vehicleTypeId}") has no current_range_meters',
    spec=SPEC + "#vehicle_statusjson",
):
    """A motorised vehicle (electric, electric-assist, combustion) does not give its remaining range.

    ## Why it matters
    Riders choose a scooter or a car by how far it can still go.

    ## Example
    A vehicle whose type has ``propulsion_type: electric`` and no ``current_range_meters``.

    ## Reference
    GBFS 2.1+, free_bike_status.json / vehicle_status.json: ``current_range_meters`` is REQUIRED if the
    vehicle's type has a motor.
    """


class GbfsMissingRentalApps(
    GbfsRule,
    code="gbfs_missing_rental_apps",
    severity=E,
    message="system_information.json: rental_apps.{platform}.store_uri is missing although "
    "{filename} gives {platform} rental URIs",
    spec=SPEC + "#system_informationjson",
):
    """Stations or vehicles give iOS / Android rental deep links, but ``system_information`` names no app
    store page for that platform.

    ## Why it matters
    A rider without the app follows the deep link to nothing; the store page is where they get it.

    ## Example
    A station with ``rental_uris.ios`` and no ``rental_apps.ios.store_uri``.

    ## Reference
    GBFS, system_information.json: ``rental_apps`` is REQUIRED if ``rental_uris`` are defined.
    """


class GbfsFrVersionBelowMinimum(
    GbfsFrRule,
    code="gbfs_fr_version_below_minimum",
    severity=E,
    message="the feed is GBFS {version}; transport.data.gouv.fr requires {minimum} or "
    "later for bike and scooter sharing",
    spec=NAP,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.FORMAT,
):
    """A bike or scooter sharing feed is older than GBFS 2.0, the minimum of the French national access point.

    ## Why it matters
    transport.data.gouv.fr lists shared mobility feeds of GBFS 2.0 or later: before 2.0 booleans, discovery
    and vehicle privacy differ, and consumers built for current versions cannot read the feed.

    ## Example
    A station-based bike system publishing GBFS 1.1, or no ``version`` at all (read as 1.0).

    ## Reference
    transport.data.gouv.fr (PAN) publication policy for shared vehicles (véhicules en libre-service): GBFS 2.0
    or later; not a rule of the GBFS specification.
    """


class GbfsFrCarSharingVersionBelowMinimum(
    GbfsFrRule,
    code="gbfs_fr_car_sharing_version_below_minimum",
    severity=E,
    message="the feed is GBFS {version} with cars; transport.data.gouv.fr "
    "requires {minimum} or later for car sharing",
    spec=NAP,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.FORMAT,
):
    """A car sharing feed is older than GBFS 2.3, the minimum of the French national access point.

    ## Why it matters
    Car sharing needs what GBFS 2.3 added (vehicle equipment, pricing per distance and time, default pricing
    plans); transport.data.gouv.fr lists car sharing feeds of 2.3 or later. A feed is car sharing when a
    vehicle type has ``form_factor: car``.

    ## Example
    A car sharing system on GBFS 2.2.

    ## Reference
    transport.data.gouv.fr (PAN) publication policy for shared vehicles: GBFS 2.3 or later for car sharing;
    not a rule of the GBFS specification.
    """


RULES: tuple[RuleType, ...] = (
    GbfsUnknownVersion,
    GbfsVersionMismatch,
    GbfsFileNotInVersion,
    GbfsMissingRequiredFile,
    GbfsListedFeedMissing,
    GbfsUnlistedFile,
    GbfsVersionsNotSorted,
    GbfsLanguageMismatch,
    GbfsDuplicateId,
    GbfsUnknownVehicleType,
    GbfsUnknownStation,
    GbfsUnknownPricingPlan,
    GbfsUnknownRegion,
    GbfsStationWithoutStatus,
    GbfsMissingVehicleTypesAvailable,
    GbfsMissingVehicleTypeId,
    GbfsMissingCurrentRange,
    GbfsMissingRentalApps,
    GbfsFrVersionBelowMinimum,
    GbfsFrCarSharingVersionBelowMinimum,
)
