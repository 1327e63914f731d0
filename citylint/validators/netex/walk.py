"""One pass over each document of a delivery: the identifier index and the per-object rules.

The same walker reads a parsed tree (``lxml.etree.iterwalk``, for files small enough to hold with their line
numbers and schema messages) or a stream (``lxml.etree.iterparse``, flat memory: each top-level object of a
frame is cleared once checked). Objects are checked when their end tag is read, with their subtree; the index
keeps, per identifier, the first file and element that defined it, so references are resolved across the whole
delivery (a ``QuayRef`` in a line file against the shared stops file) with memory proportional to the number
of identifiers, not to the size of the XML.

Identifier / reference rules mirror Entur's netex-validator-java
(``validator/id/NetexIdUniquenessValidator.java`` ignorable elements, ``NetexReferenceValidator.java``), read,
not copied (EUPL-1.2 too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from citylint.collector import FindingSink
from citylint.rules import RuleType
from citylint.validators.netex import rules as R
from citylint.validators.netex.profile_tables import Mandatory, mandatory_by_element

NS = "{http://www.netex.org.uk/netex}"
KNOWN_NAMESPACES = frozenset(
    {
        "http://www.netex.org.uk/netex",
        "http://www.opengis.net/gml/3.2",
        "http://www.siri.org.uk/siri",
        "http://www.ifopt.org.uk/ifopt",
        "http://www.ifopt.org.uk/acsb",
        "http://www.govtalk.gov.uk/core",
        "http://www.w3.org/2001/XMLSchema-instance",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/1999/xlink",
    }
)
# Entur's DEFAULT_IGNORABLE_ELEMENTS, plus what French deliveries repeat in each line file on purpose (frames,
# value sets, types of frame / place, declared in every document that uses them).
IGNORABLE_DUPLICATES = frozenset(
    {
        "ResourceFrame",
        "SiteFrame",
        "CompositeFrame",
        "TimetableFrame",
        "ServiceFrame",
        "ServiceCalendarFrame",
        "VehicleScheduleFrame",
        "Block",
        "RoutePoint",
        "PointProjection",
        "ScheduledStopPoint",
        "PassengerStopAssignment",
        "NoticeAssignment",
        "ServiceLinkInJourneyPattern",
        "ServiceFacilitySet",
        "AvailabilityCondition",
        "GeneralFrame",
        "ValueSet",
        "Codespace",
    }
)
# Chouette Valid's "*-refs-exist" base rules: reference element → (target class, rule)
BASE_REFS = {
    "ScheduledStopPointRef": ("ScheduledStopPoint", "scheduled-stop-point-refs-exist"),
    "OperatorRef": ("Operator", "operator-refs-exist"),
    "DayTypeRef": ("DayType", "day-type-refs-exist"),
    "RouteRef": ("Route", "route-refs-exist"),
    "JourneyPatternRef": ("JourneyPattern", "journey-pattern-refs-exist"),
    "ServiceJourneyPatternRef": ("JourneyPattern", "journey-pattern-refs-exist"),
    "DestinationDisplayRef": ("DestinationDisplay", "destination-display-refs-exist"),
    "DirectionRef": ("Direction", "direction-refs-exist"),
    "RoutePointRef": ("RoutePoint", "route-point-refs-exist"),
}
UNCHECKED_REFS = frozenset({"TypeOfFrameRef", "ParticipantRef", "VersionFrameRef", "ClassOfUseRef"})
ATTRIBUTE_REFS = {"dataSourceRef": "DataSource", "responsibilitySetRef": "ResponsibilitySet"}

# French profile: frame types (PROSE_RULES P6) and the classes each may hold (P7)
GENERAL_FRAME_TYPES = frozenset(
    {
        "NETEX_COMMUN",
        "NETEX_ARRET",
        "NETEX_LIGNE",
        "NETEX_RESEAU",
        "NETEX_HORAIRE",
        "NETEX_CALENDRIER",
        "NETEX_TARIF",
        "NETEX_PARKING",
        "NETEX_ACCESSIBILITE",
    }
)
COMPOSITE_FRAME_TYPES = frozenset(
    {"NETEX_FRANCE", "NETEX_LIGNE", "NETEX_N_LIGNES", "NETEX_N_LIGNE", "NETEX_OFFRE_LIGNE"}
)
FRAME_CLASSES: dict[str, frozenset[str]] = {
    "NETEX_COMMUN": frozenset(
        {
            "ValidityCondition",
            "AvailabilityCondition",
            "ValidityTrigger",
            "ValidBetween",
            "AlternativeName",
            "Notice",
            "NoticeAssignment",
            "ResponsibilityRoleAssignment",
            "Organisation",
            "Operator",
            "Authority",
            "GeneralOrganisation",
            "OtherOrganisation",
            "PointProjection",
            "ZoneProjection",
            "TypeOfFrame",
            "TypeOfValue",
            "ValueSet",
        }
    ),
    "NETEX_CALENDRIER": frozenset(
        {
            "DayType",
            "OperatingDay",
            "OperatingPeriod",
            "UicOperatingPeriod",
            "ServiceCalendar",
            "DayTypeAssignment",
        }
    ),
    "NETEX_ARRET": frozenset(
        {"StopPlace", "Quay", "TopographicPlace", "StopPlaceEntrance", "GeneralGroupOfEntities"}
    ),
    "NETEX_LIGNE": frozenset(
        {
            "Line",
            "Direction",
            "GroupOfLines",
            "Network",
            "Route",
            "RoutePoint",
            "PointOnRoute",
            "RouteLink",
            "GroupOfEntities",
            "GeneralGroupOfEntities",
            "FlexibleLine",
            "FlexibleRoute",
        }
    ),
    "NETEX_RESEAU": frozenset(
        {
            "TariffZone",
            "DestinationDisplay",
            "FlexiblePointProperties",
            "FlexibleLinkProperties",
            "ServiceJourneyPattern",
            "PointInJourneyPattern",
            "ScheduledStopPoint",
            "TimingPoint",
            "Connection",
            "DefaultConnection",
            "SiteConnection",
            "RoutingConstraintZone",
            "TransferRestriction",
            "PassengerStopAssignment",
            "TrainStopAssignment",
            "SchematicMap",
            # "GeneralFrame(NETEX_LIGNE)": a NETEX_RESEAU frame may carry the line part
            "Line",
            "Direction",
            "GroupOfLines",
            "Network",
            "Route",
            "RoutePoint",
            "PointOnRoute",
            "RouteLink",
            "GroupOfEntities",
            "FlexibleLine",
            "FlexibleRoute",
        }
    ),
    "NETEX_HORAIRE": frozenset(
        {
            "ServiceJourney",
            "FlexibleServiceProperties",
            "TemplateServiceJourney",
            "HeadwayJourneyGroup",
            "RhythmicalJourneyGroup",
            "ServiceJourneyInterchange",
            "VehicleType",
            "CoupledJourney",
            "JourneyPartCouple",
            "JourneyPart",
            "Train",
            "TrainComponent",
            "CompoundTrain",
            "TrainNumber",
            "TrainComponentLabelAssignment",
        }
    ),
}
FR_ID = re.compile(r"^[^:\s]+:[A-Za-z]+:[^:]+:[^:]*$")
FR_STOP_ID = re.compile(
    r"^[A-Z]{2}:\d[0-9AB]\d{3}(?:-\d+)?:(?:ZE|LMO|PM|LMU|AC):[^:]+:(?:LOC|NUTS\w*|NAO\w*|FR|ERA|UIC)$"
)
FR_PROFILE_VERSION = re.compile(r"^\d+\.\d+:FR-NETEX(?:_[A-Z_]+)?-\d+\.\d+(?:-[\d.]+)?$")
STOP_CLASSES = frozenset({"StopPlace", "Quay", "StopPlaceEntrance"})
UNCHECKED_ID_FORM = frozenset({"TypeOfFrame", "ValueSet", "TypeOfPlace", "TypeOfValue", "Codespace"})
GROUPS_OF_ENTITIES = frozenset(
    {
        "Network",
        "GroupOfLines",
        "GeneralGroupOfEntities",
        "GroupOfStopPlaces",
        "GroupOfServices",
        "GroupOfOperators",
    }
)
ORGANISATIONS = frozenset(
    {
        "Operator",
        "Authority",
        "GeneralOrganisation",
        "OtherOrganisation",
        "ServicedOrganisation",
        "TravelAgent",
        "ManagementAgent",
    }
)
SITE_COMPONENTS = frozenset(
    {
        "Quay",
        "StopPlaceEntrance",
        "AccessSpace",
        "BoardingPosition",
        "ParkingArea",
        "ParkingBay",
        "ParkingEntranceForVehicle",
        "ParkingPassengerEntrance",
    }
)
SITES = frozenset({"StopPlace", "Parking", "PointOfInterest", "Quay"})
FRAME_SUFFIX = "Frame"
# Elements with an ``id`` whose schema type has no ``version`` attribute (LocationStructure, Codespace, an
# Entity not in version): not objects in version
NOT_VERSIONED = frozenset({"Location", "Codespace"})  # Entur leaves Codespace out too


def _time_seconds(text: str | None, offset: str | None) -> int | None:
    if not text:
        return None
    try:
        hours, minutes, seconds = text.strip()[:8].split(":")
        base = int(hours) * 3600 + int(minutes) * 60 + int(float(seconds))
        return base + int(offset or 0) * 86400
    except ValueError:
        return None


@dataclass(slots=True)
class Definition:
    file: int
    element: str
    line: int
    version: str | None
    repeated: bool = False  # already reported as a duplicate in its file


@dataclass(slots=True)
class PendingRef:
    file: int
    element: str
    ref: str
    version: str | None
    line: int
    path: tuple[
        str, ...
    ]  # the element's ancestors' names (tuples of shared strings: cheaper than a joined path)


@dataclass
class DeliveryIndex:
    """What the walk of every document leaves for the delivery-wide rules."""

    files: list[str] = field(default_factory=list)
    defs: dict[str, Definition] = field(default_factory=dict)
    pending: list[PendingRef] = field(default_factory=list)
    attribute_refs: list[tuple[int, str, str, int, tuple[str, ...]]] = field(
        default_factory=list
    )  # file, attr, ref, line
    day_types: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # id → file, line, path
    assigned_day_types: set[str] = field(default_factory=set)
    objects: int = 0
    references: int = 0
    first_line: dict[tuple[int, str], int] = field(
        default_factory=dict
    )  # (file, element) → line of first one


@dataclass
class Options:
    french: bool
    nordic_versions: bool
    wants: Callable[[RuleType], bool]


class Walker:
    """Walks the events of one document, adding findings to the sink and identifiers to the index."""

    def __init__(
        self, index: DeliveryIndex, file_no: int, sink: FindingSink, options: Options, clear: bool
    ) -> None:
        self.index = index
        self.file_no = file_no
        self.name = index.files[file_no]
        self.sink = sink
        self.clear = clear
        self.french = options.french
        self.nordic_versions = options.nordic_versions
        self.wants = options.wants
        self.paths: dict[tuple[str, ...], tuple[str, ...]] = {}  # one shared tuple per distinct element path
        self.stack: list[str] = []
        self.frame_types: list[tuple[int, str, str]] = []  # (depth, frame element, type)
        self.foreign: set[str] = set()
        self.mandatory = (
            mandatory_by_element() if self.french and self.wants(R.NetexFrMandatoryMissing) else {}
        )
        self.local_names: dict[str, str] = {}
        self.handlers: dict[str, Callable[[Any, str], None]] = {
            "Line": self._line,
            "StopPlace": self._stop,
            "Quay": self._stop,
            "StopPlaceEntrance": self._stop,
            "Operator": self._named,
            "Network": self._named,
            "GroupOfLines": self._named,
            "Route": self._route,
            "ServiceJourneyPattern": self._pattern,
            "JourneyPattern": self._pattern,
            "ServiceJourney": self._journey,
            "PassengerStopAssignment": self._assignment,
            "DestinationDisplay": self._destination,
            "Extensions": self._extensions,
            "NoticeAssignment": self._notice_assignment,
            "contentValidityConditions": self._validity,
            "KeyValue": self._key_value,
            "ShortName": self._short_text,
            "PublicCode": self._short_text,
            "TypeOfFrameRef": self._type_of_frame,
        }
        self.want_base = self.french and self.wants(R.NetexBaseNameMissing)
        self.lines_seen = 0
        self.composite_lines: list[int] = []  # lines seen when each open CompositeFrame started
        self.checked_ids = 0

    # -- the walk -------------------------------------------------------------------------------------------

    def run(self, events: Iterable[tuple[str, Any]]) -> None:
        stack = self.stack
        local_names = self.local_names
        handlers = self.handlers
        mandatory = self.mandatory
        index = self.index
        first_line = index.first_line
        file_no = self.file_no
        for event, element in events:
            tag = element.tag
            if not isinstance(tag, str):
                continue
            local = local_names.get(tag)
            if local is None:
                local = self._local_name(tag, element)
            if event == "start":
                stack.append(local)
                if len(stack) == 1:
                    self._root(element, local)
                elif local == "CompositeFrame":
                    self.composite_lines.append(self.lines_seen)
                continue
            if self.clear and (file_no, local) not in first_line:  # streamed: where schema messages point
                first_line[(file_no, local)] = element.sourceline or 0
            attrib = element.attrib
            if attrib:  # most elements (texts, collections) have no attribute: nothing to index
                if "id" in attrib:
                    self._definition(element, local, attrib)
                if "ref" in attrib and local.endswith("Ref"):
                    self._reference(element, local, attrib)
                for attribute in ("dataSourceRef", "responsibilitySetRef"):
                    if attribute in attrib:
                        index.attribute_refs.append(
                            (file_no, attribute, attrib[attribute], element.sourceline or 0, tuple(stack))
                        )
            handler = handlers.get(local)
            if handler is not None:
                handler(element, local)
            if mandatory and local in mandatory:
                self._mandatory(element, local, mandatory[local])
            if local.endswith(FRAME_SUFFIX):
                self._frame_end(element, local)
            elif self.french and len(stack) >= 3 and stack[-2] == "members":
                self._frame_member(element, local)
            stack.pop()
            if (
                self.clear
                and len(stack) >= 2
                and attrib
                and "id" in attrib
                and stack[-1][:1].islower()
                and stack[-2].endswith(FRAME_SUFFIX)
            ):
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None and parent is not None:
                    del parent[0]

    def _local_name(self, tag: str, element: Any) -> str:
        if tag[:1] == "{":
            namespace, _, local = tag[1:].partition("}")
            if namespace not in KNOWN_NAMESPACES and namespace not in self.foreign:
                self.foreign.add(namespace)
                self._add(
                    R.NetexForeignNamespace,
                    element,
                    local,
                    {
                        "namespace": namespace,
                        "lockinOrigin": namespace,
                        "alternative": "the NeTEx elements of the CEN schema (or a change request to CEN)",
                    },
                )
        else:
            local = tag
        self.local_names[tag] = local
        return local

    def _path(self, extra: str | None = None) -> str:
        return "/".join(self.stack) + (f"/{extra}" if extra else "")

    def _add(
        self, rule: RuleType, element: Any, local: str | None, fields: dict[str, Any], line: int | None = None
    ) -> None:
        if not self.wants(rule):
            return
        base = {
            "filename": self.name,
            "xmlLine": line if line is not None else (element.sourceline or 0) if element is not None else 0,
            "resultPath": self._path()
            if local is None or not self.stack or self.stack[-1] == local
            else self._path(local),
        }
        base.update(fields)
        self.sink.add(rule, base)

    # -- identifiers and references --------------------------------------------------------------------------

    def _definition(self, element: Any, local: str, attrib: Any) -> None:
        identifier = attrib["id"]
        version = attrib.get("version")
        index = self.index
        index.objects += 1
        previous = index.defs.get(identifier)
        if previous is None:
            index.defs[identifier] = Definition(self.file_no, local, element.sourceline or 0, version)
        elif previous.file == self.file_no:
            # the index holds one definition per id (memory ∝ ids): a duplicate (id, version) in one file is
            # one whose first definition is in this file with that version
            if previous.version == version and not previous.repeated:
                previous.repeated = True
                self._add(
                    R.NetexDuplicateId,
                    element,
                    local,
                    {"element": local, "id": identifier, "version": version or "", "count": 2},
                )
        elif local not in IGNORABLE_DUPLICATES and not local.startswith("TypeOf"):
            self._add(
                R.NetexDuplicateIdAcrossFiles,
                element,
                local,
                {"element": local, "id": identifier, "otherFile": index.files[previous.file]},
            )
        if version is None:
            if local not in NOT_VERSIONED:
                self._add(R.NetexMissingVersion, element, local, {"element": local, "id": identifier})
        elif self.nordic_versions and version != "any" and not _is_number(version):
            self._add(R.NetexVersionNonNumeric, element, local, {"element": local, "version": version})
        if len(identifier) > 255 and self.want_base:
            self._add(
                R.NetexBaseIdTooLong,
                element,
                local,
                {"element": local, "length": len(identifier), "chouetteRule": "id-length"},
            )
        if local == "DayType":
            index.day_types.setdefault(identifier, (self.file_no, element.sourceline or 0, self._path()))
        if self.french and local not in UNCHECKED_ID_FORM and not local.endswith(FRAME_SUFFIX):
            if local in STOP_CLASSES:
                if not FR_STOP_ID.match(identifier):
                    self._add(R.NetexFrStopIdFormat, element, local, {"element": local, "id": identifier})
            elif not FR_ID.match(identifier) or identifier.split(":")[1] != local:
                self._add(R.NetexFrIdFormat, element, local, {"element": local, "id": identifier})

    def _reference(self, element: Any, local: str, attrib: Any) -> None:
        if local in UNCHECKED_REFS:
            return
        ref = attrib["ref"]
        version = attrib.get("version")
        index = self.index
        index.references += 1
        if local == "DayTypeRef" and len(self.stack) >= 2 and self.stack[-2] == "DayTypeAssignment":
            index.assigned_day_types.add(ref)
        target = index.defs.get(ref)
        if target is None:
            path = tuple(self.stack)
            index.pending.append(
                PendingRef(
                    self.file_no,
                    local,
                    ref,
                    version,
                    element.sourceline or 0,
                    self.paths.setdefault(path, path),
                )
            )
        elif target.file == self.file_no and version is None:
            self._add(R.NetexReferenceWithoutVersion, element, local, {"element": local, "ref": ref})

    # -- per-object checks -----------------------------------------------------------------------------------

    def _root(self, element: Any, local: str) -> None:
        if local != "PublicationDelivery":
            return
        version = element.get("version") or ""
        if self.french and not FR_PROFILE_VERSION.match(version):
            self._add(R.NetexFrProfileVersion, element, local, {"version": version})

    def _has(self, element: Any, name: str) -> bool:
        if name in element.attrib:
            return True
        return next(element.iter(NS + name), None) is not None

    def _named(self, element: Any, local: str) -> None:
        if self.want_base and element.find(NS + "Name") is None:
            self._add(
                R.NetexBaseNameMissing,
                element,
                local,
                {"element": local, "id": element.get("id", ""), "chouetteRule": "name-mandatory"},
            )
        if self.french and local in GROUPS_OF_ENTITIES and element.find(NS + "Name") is None:
            self._pan(element, local, "Name", "pan:french_profile:commons:cardinalities:GroupOfEntity:Name")
        if self.french and local in ORGANISATIONS and element.find(NS + "OrganisationType") is None:
            self._pan(
                element,
                local,
                "OrganisationType",
                "pan:french_profile:commons:cardinalities:Organisation:OrganisationType",
            )

    def _pan(self, element: Any, local: str, field_name: str, rule: str) -> None:
        self._add(
            R.NetexFrPanMandatoryMissing,
            element,
            local,
            {"element": local, "id": element.get("id", ""), "field": field_name, "chouetteRule": rule},
        )

    def _required(self, element: Any, local: str, names: tuple[str, ...], shown: str, rule: str) -> None:
        if self.want_base and not any(element.find(NS + n) is not None for n in names):
            self._add(
                R.NetexBaseRequiredMissing,
                element,
                local,
                {"element": local, "id": element.get("id", ""), "field": shown, "chouetteRule": rule},
            )

    def _line(self, element: Any, local: str) -> None:
        self.lines_seen += 1
        self._named(element, local)
        if not self.want_base:
            return
        self._required(element, local, ("TransportMode",), "TransportMode", "line-transport-mode-mandatory")
        identifier = element.get("id", "")
        presentation = element.find(NS + "Presentation")
        if presentation is None:
            self._add(
                R.NetexBaseLinePresentationMissing,
                element,
                local,
                {"id": identifier, "field": "Presentation", "chouetteRule": "line-presentation-mandatory"},
            )
        elif presentation.find(NS + "Colour") is None:
            self._add(
                R.NetexBaseLinePresentationMissing,
                element,
                local,
                {
                    "id": identifier,
                    "field": "Presentation/Colour",
                    "chouetteRule": "line-presentation-colour-mandatory",
                },
            )
        if element.find(NS + "routes") is not None:
            self._add(
                R.NetexBaseLineInnerRoutes,
                element,
                local,
                {"id": identifier, "chouetteRule": "line-no-inner-routes"},
            )

    def _stop(self, element: Any, local: str) -> None:
        if local == "StopPlace":
            self._named(element, local)
        if (
            self.french
            and local in SITE_COMPONENTS
            and element.find(NS + "SiteRef") is None
            and not (len(self.stack) >= 3 and self.stack[-3] in SITES)
        ):
            self._pan(
                element, local, "SiteRef", "pan:french_profile:stops:cardinalities:SiteComponent:SiteRef"
            )
        if not self.want_base:
            return
        location = element.find(f"{NS}Centroid/{NS}Location")
        has_pos = location is not None and location.find("{http://www.opengis.net/gml/3.2}pos") is not None
        for field_name, rule in (("Longitude", "longitude-mandatory"), ("Latitude", "latitude-mandatory")):
            if not has_pos and (location is None or location.find(NS + field_name) is None):
                self._add(
                    R.NetexBaseCoordinatesMissing,
                    element,
                    local,
                    {
                        "element": local,
                        "id": element.get("id", ""),
                        "field": field_name,
                        "chouetteRule": rule,
                    },
                )

    def _route(self, element: Any, local: str) -> None:
        self._required(element, local, ("LineRef", "FlexibleLineRef"), "LineRef", "route-line-ref-mandatory")

    def _pattern(self, element: Any, local: str) -> None:
        self._required(element, local, ("RouteRef",), "RouteRef", "journey-pattern-route-ref-mandatory")
        points = element.find(NS + "pointsInSequence")
        self._at_least(
            element,
            local,
            0 if points is None else len(points),
            2,
            "pointsInSequence",
            "service-journey-pattern-many-points-in-sequence",
        )

    def _at_least(
        self, element: Any, local: str, count: int, minimum: int, field_name: str, rule: str
    ) -> None:
        if self.want_base and count < minimum:
            self._add(
                R.NetexBaseTooFew,
                element,
                local,
                {
                    "element": local,
                    "id": element.get("id", ""),
                    "count": count,
                    "minimum": minimum,
                    "field": field_name,
                    "chouetteRule": rule,
                },
            )

    def _assignment(self, element: Any, local: str) -> None:
        self._required(
            element,
            local,
            ("ScheduledStopPointRef",),
            "ScheduledStopPointRef",
            "passenger-stop-assignment-scheduled-stop-point-ref",
        )

    def _destination(self, element: Any, local: str) -> None:
        if element.find(NS + "FrontText") is None:
            if self.french:
                self._pan(
                    element,
                    local,
                    "FrontText",
                    "pan:french_profile:networks:cardinalities:DestinationDisplay:FrontText",
                )
            self._required(element, local, ("FrontText",), "FrontText", "destination-display-front-text")

    def _journey(self, element: Any, local: str) -> None:
        identifier = element.get("id", "")
        self._required(
            element,
            local,
            ("JourneyPatternRef", "ServiceJourneyPatternRef"),
            "JourneyPatternRef",
            "service-journey-journey-pattern-ref-mandatory",
        )
        day_types = element.find(NS + "dayTypes")
        self._at_least(
            element,
            local,
            0 if day_types is None else len(day_types),
            1,
            "dayTypes",
            "service-journey-day-types-mandatory",
        )
        container = element.find(NS + "passingTimes")
        times = [] if container is None else list(container.iterchildren(NS + "TimetabledPassingTime"))
        self._at_least(
            element, local, len(times), 2, "passingTimes", "service-journey-passing-times-mandatory"
        )
        if not times:
            return
        for passing in times:
            if not any(
                passing.find(NS + n) is not None
                for n in ("DepartureTime", "EarliestDepartureTime", "ArrivalTime", "LatestArrivalTime")
            ):
                self._add(
                    R.NetexPassingTimeWithoutTime,
                    passing,
                    "TimetabledPassingTime",
                    {},
                    line=passing.sourceline,
                )
        first, last = times[0], times[-1]
        if first.find(NS + "DepartureTime") is None and first.find(NS + "EarliestDepartureTime") is None:
            self._add(R.NetexFirstDepartureMissing, element, local, {"id": identifier})
        if last.find(NS + "ArrivalTime") is None and last.find(NS + "LatestArrivalTime") is None:
            self._add(R.NetexLastArrivalMissing, element, local, {"id": identifier})
        if self.want_base:
            self._chronology(element, local, identifier, times)

    def _chronology(self, element: Any, local: str, identifier: str, times: list[Any]) -> None:
        previous: int | None = None
        previous_text = ""
        for position, passing in enumerate(times, start=1):
            for name, offset in (
                ("ArrivalTime", "ArrivalDayOffset"),
                ("DepartureTime", "DepartureDayOffset"),
            ):
                node = passing.find(NS + name)
                if node is None:
                    continue
                offset_node = passing.find(NS + offset)
                seconds = _time_seconds(node.text, offset_node.text if offset_node is not None else None)
                if seconds is None:
                    continue
                if previous is not None and seconds < previous:
                    self._add(
                        R.NetexBasePassingTimesNotChronological,
                        element,
                        local,
                        {
                            "id": identifier,
                            "position": position,
                            "time": (node.text or "").strip(),
                            "previous": previous_text,
                            "chouetteRule": "service-journey-passing-times-chronology",
                        },
                        line=passing.sourceline,
                    )
                    return
                previous, previous_text = seconds, (node.text or "").strip()

    def _validity(self, element: Any, local: str) -> None:
        if not self.french or len(self.stack) < 2 or not self.stack[-2].endswith(FRAME_SUFFIX):
            return
        for child in element:
            name = _local(child.tag)
            if isinstance(child.tag, str) and name != "ValidBetween":
                self._add(
                    R.NetexFrFrameValidityCondition, child, local, {"condition": name}, line=child.sourceline
                )

    def _key_value(self, element: Any, local: str) -> None:
        kind = element.get("typeOfKey")
        if self.french and kind is not None and kind != "ALTERNATEIDENTIFIER":
            self._add(R.NetexFrKeyType, element, local, {"typeOfKey": kind})

    def _notice_assignment(self, element: Any, local: str) -> None:
        # frame-level assignments only (Entur's XPath): one nested in an object is attached to that object
        if len(self.stack) < 3 or not (self.stack[-2] == "members" or self.stack[-3].endswith(FRAME_SUFFIX)):
            return
        identifier = element.get("id", "")
        if element.find(NS + "NoticeRef") is None:
            self._add(R.NetexNoticeAssignmentWithoutNotice, element, local, {"id": identifier})
        if element.find(NS + "NoticedObjectRef") is None:
            self._add(R.NetexNoticeAssignmentWithoutObject, element, local, {"id": identifier})

    def _extensions(self, element: Any, local: str) -> None:
        if len(element):
            self._add(R.NetexExtensions, element, local, {})

    def _short_text(self, element: Any, local: str) -> None:
        text = (element.text or "").strip()
        if self.want_base and len(text) > 12:
            self._add(
                R.NetexBaseCodeTooLong,
                element,
                local,
                {
                    "field": local,
                    "value": text,
                    "length": len(text),
                    "chouetteRule": "shortname-length" if local == "ShortName" else "public-code-length",
                },
            )

    def _type_of_frame(self, element: Any, local: str) -> None:
        if len(self.stack) >= 2 and self.stack[-2].endswith(FRAME_SUFFIX):
            ref = element.get("ref", "")
            self.frame_types.append(
                (len(self.stack) - 1, self.stack[-2], ref.split(":")[-1] if ":" in ref else ref)
            )

    def _frame_type(self) -> tuple[int, str, str] | None:
        depth = len(self.stack)
        for entry in reversed(self.frame_types):
            if entry[0] < depth:
                return entry
        return None

    def _frame_end(self, element: Any, local: str) -> None:
        depth = len(self.stack)
        lines = (
            self.lines_seen - self.composite_lines.pop()
            if local == "CompositeFrame" and self.composite_lines
            else None
        )
        declared = [e for e in self.frame_types if e[0] == depth]
        self.frame_types = [e for e in self.frame_types if e[0] < depth]
        if not self.french or local not in ("GeneralFrame", "CompositeFrame"):
            return
        identifier = element.get("id", "")
        if not declared:
            self._add(
                R.NetexFrTypeOfFrame,
                element,
                local,
                {"element": local, "id": identifier, "problem": "no TypeOfFrameRef"},
            )
            return
        known = GENERAL_FRAME_TYPES if local == "GeneralFrame" else COMPOSITE_FRAME_TYPES
        if (
            local == "CompositeFrame"
            and declared[-1][2] == "NETEX_LIGNE"
            and lines is not None
            and lines != 1
        ):
            self._add(R.NetexFrLineFrameLineCount, element, local, {"id": identifier, "count": lines})
        if declared[-1][2] not in known:
            self._add(
                R.NetexFrTypeOfFrame,
                element,
                local,
                {
                    "element": local,
                    "id": identifier,
                    "problem": f'TypeOfFrameRef "{declared[-1][2]}" is not a type of the French profile '
                    f"({', '.join(sorted(known))})",
                },
            )

    def _frame_member(self, element: Any, local: str) -> None:
        if len(self.stack) < 3 or self.stack[-3] != "GeneralFrame":
            return
        current = self._frame_type()
        if current is None or current[0] != len(self.stack) - 2:
            return
        allowed = FRAME_CLASSES.get(current[2])
        if allowed is not None and local not in allowed:
            self._add(
                R.NetexFrClassNotAllowedInFrame, element, local, {"element": local, "frameType": current[2]}
            )

    def _mandatory(self, element: Any, local: str, items: tuple[Mandatory, ...]) -> None:
        choices: dict[str, bool] = {}
        missing: list[Mandatory] = []
        for item in items:
            present = self._has(element, item.field)
            if item.choice:
                choices[item.choice] = choices.get(item.choice, False) or present
            elif not present:
                missing.append(item)
        for group, satisfied in choices.items():
            if not satisfied:
                fields = [i for i in items if i.choice == group]
                missing.append(
                    Mandatory(
                        local,
                        " | ".join(i.field for i in fields),
                        fields[0].cardinality,
                        fields[0].defined_in,
                        fields[0].document,
                        fields[0].table,
                        group,
                    )
                )
        for item in missing:
            if item.own:
                self._add(
                    R.NetexFrMandatoryMissing,
                    element,
                    local,
                    {
                        "element": local,
                        "field": item.field,
                        "cardinality": item.cardinality,
                        "section": f"{item.document}, {item.table}",
                    },
                )
            else:
                self._add(
                    R.NetexFrInheritedMandatoryMissing,
                    element,
                    local,
                    {
                        "element": local,
                        "field": item.field,
                        "cardinality": item.cardinality,
                        "definedIn": item.defined_in,
                    },
                )


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def finish(
    index: DeliveryIndex,
    sink: FindingSink,
    wants: Callable[[RuleType], bool],
    french: bool,
    external_codespaces: frozenset[str] = frozenset(),
) -> None:
    """The delivery-wide rules, once every document is indexed: references, attribute references, day types.

    References into ``external_codespaces`` (national registries such as Norway's stop registry ``NSR``, which
    Entur's external reference validators accept) are not reported when the delivery does not hold them."""
    defs = index.defs
    for pending in index.pending:
        target = defs.get(pending.ref)
        if target is None and pending.ref.split(":", 1)[0] in external_codespaces:
            continue
        fields = {
            "filename": index.files[pending.file],
            "xmlLine": pending.line,
            "resultPath": "/".join(pending.path),
            "element": pending.element,
            "ref": pending.ref,
        }
        if target is not None:
            if (
                target.file == pending.file
                and pending.version is None
                and wants(R.NetexReferenceWithoutVersion)
            ):
                sink.add(R.NetexReferenceWithoutVersion, fields)
            continue
        if pending.version is not None:
            sink.add(R.NetexUnresolvedReference, {**fields, "version": pending.version})
        else:
            sink.add(R.NetexExternalReferenceNotInDelivery, fields)
        base = BASE_REFS.get(pending.element)
        if french and base is not None:
            sink.add(
                R.NetexBaseReferencedObjectMissing, {**fields, "target": base[0], "chouetteRule": base[1]}
            )
    for file_no, attribute, ref, line, path in index.attribute_refs:
        if ref not in defs:
            sink.add(
                R.NetexAttributeReferenceUnresolved,
                {
                    "filename": index.files[file_no],
                    "xmlLine": line,
                    "resultPath": "/".join(path),
                    "attribute": attribute,
                    "ref": ref,
                    "target": ATTRIBUTE_REFS[attribute],
                },
            )
    for identifier, (file_no, line, where) in index.day_types.items():
        if identifier not in index.assigned_day_types:
            sink.add(
                R.NetexDayTypeNotAssigned,
                {"filename": index.files[file_no], "xmlLine": line, "resultPath": where, "id": identifier},
            )
