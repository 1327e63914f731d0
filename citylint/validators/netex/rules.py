"""NeTEx rules: the XML Schema, identifiers / versions / references across a delivery (family ``netex``), the
French profile (``netex_fr``) and the base rules transport.data.gouv.fr asks Chouette Valid to check
(``netex_base``, enRoute's "starter kit").

Every finding names its file (``filename``), its line (``xmlLine``) and the element's path (``resultPath``).
Rules equivalent to one of Entur's netex-validator-java codes list it in ``entur_codes.yaml`` (the
``netex-nordic`` profile adds it to each finding as ``enturCode``).
"""

from __future__ import annotations

import dataclasses

from citylint.model import EifLayer, LockinKind, Severity
from citylint.rules import RuleDef, RuleType

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
S = EifLayer.SEMANTIC
CEN = "https://github.com/NeTEx-CEN/NeTEx"
FR = "https://normes.transport.data.gouv.fr/normes/netex/"
COMMUNS = FR + "elements_communs/"
PAN = "https://github.com/etalab/transport-site/blob/master/apps/transport/lib/netex/"
KIT = PAN + "enroute-starter-kit.json"
AT = "{filename}:{xmlLine} {resultPath}: "


class NetexRule(RuleDef, family="netex"):
    """Base of the NeTEx rules of the standard itself (CEN TS 16614): schema, identifiers, references."""


class NetexFrRule(RuleDef, family="netex_fr"):
    """Base of the French NeTEx profile's rules (normes.transport.data.gouv.fr, profil NeTEx France)."""


class NetexBaseRule(RuleDef, family="netex_base"):
    """Base of enRoute's "starter kit" base rules, which transport.data.gouv.fr asks Chouette Valid to run."""


class NetexXmlSyntaxError(
    NetexRule,
    code="netex_xml_syntax_error",
    severity=E,
    message="{filename}:{xmlLine}: not well-formed XML: {message}",
    spec="https://www.w3.org/TR/xml/#sec-well-formed",
):
    """A file of a NeTEx delivery is not well-formed XML.

    ## Why it matters
    No consumer can read a document that does not parse; nothing in it is checked further.

    ## Example
    ``<Line id="A:Line:1:LOC" version="1"><Name>1</Line>``: ``Name`` is not closed.

    ## Reference
    XML 1.0, §2.1 Well-Formed XML Documents.
    """


class NetexNotADelivery(
    NetexRule,
    code="netex_not_a_delivery",
    severity=W,
    message="{filename}: root element is {root}, not a NeTEx PublicationDelivery; the file is not checked",
    spec=CEN + "/blob/master/xsd/NeTEx_publication.xsd",
):
    """An XML file of a delivery is not a NeTEx ``PublicationDelivery``.

    ## Why it matters
    Exchanges of NeTEx data are ``PublicationDelivery`` documents; any other XML file in a zip is ignored by
    consumers (and by citylint), which is rarely what its producer meant.

    ## Example
    A ``metadata.xml`` beside the ``Ligne_*.xml`` files of a French delivery.

    ## Reference
    CEN TS 16614, NeTEx_publication.xsd: the ``PublicationDelivery`` root element.
    """


class NetexXsdError(
    NetexRule,
    code="netex_xsd_error",
    severity=E,
    message=AT + "{message} (NeTEx XSD {xsdVersion}{repeated})",
    spec=CEN + "/tree/master/xsd",
):
    """A document does not conform to the NeTEx XML Schema (structure and data types).

    ## Why it matters
    Every NeTEx consumer reads the data through the official schema: an element out of order, a value outside
    an enumeration or a wrongly typed attribute makes strict consumers reject the file. citylint validates
    against the CEN schema of the version the delivery declares (``PublicationDelivery/@version``, override
    with ``--netex-version``); identity constraints (xsd:key / keyref / unique) are checked over the whole
    delivery by the identifier rules instead (``--netex-schema strict`` applies them too). A message libxml2
    repeats for one defect is reported once, with its count.

    ## Example
    ``<StopPlaceType>feryPort</StopPlaceType>``: not a value of ``StopPlaceTypeEnumeration`` (``ferryPort``).

    ## Reference
    CEN TS 16614 (NeTEx), XML Schema ``NeTEx_publication.xsd``, releases v1.2.2 and v1.3.1.
    """


class NetexXsdIdentityError(
    NetexRule,
    code="netex_xsd_identity_error",
    severity=E,
    message=AT + "{message} (NeTEx XSD {xsdVersion}, identity constraint{repeated})",
    spec=CEN + "/tree/master/xsd",
):
    """A document breaks one of the schema's identity constraints (xsd:key, keyref, unique): strict mode only.

    ## Why it matters
    The schema declares that (id, version) pairs are unique and that references resolve, but only within one
    file. citylint checks that across the whole delivery with its own rules (``netex_duplicate_id``,
    ``netex_unresolved_reference``); ``--netex-schema strict`` also reports the schema's own verdict, at about
    a hundred times the validation time.

    ## Example
    Against v1.3.1, a ``GeneralFrame`` whose ``dataSourceRef="PABMAR"`` names no ``DataSource`` of the file.

    ## Reference
    CEN TS 16614, ``NeTEx_publication.xsd`` (its xsd:key / xsd:keyref / xsd:unique constraints).
    """


class NetexDuplicateId(
    NetexRule,
    code="netex_duplicate_id",
    severity=E,
    message=AT + '{element} id "{id}" version "{version}" is defined {count} times in this file',
    spec=COMMUNS + "#identification-des-objets",
):
    """An object's identifier and version are defined twice in one document.

    ## Why it matters
    A reference to that (id, version) is ambiguous; the schema's key constraints forbid it within a document.

    ## Example
    Two ``<Quay id="FR:29155:Quay:1:LOC" version="1">`` in ``Arrets.xml``.

    ## Reference
    NeTEx XSD, ``*_AnyVersionedKey`` constraints; profil France, Éléments communs, identification des objets.
    """


class NetexDuplicateIdAcrossFiles(
    NetexRule,
    code="netex_duplicate_id_across_files",
    severity=W,
    message=AT + '{element} id "{id}" is also defined in {otherFile}',
    spec=COMMUNS + "#identification-des-objets",
):
    """An object's identifier is defined in two files of one delivery.

    ## Why it matters
    Consumers load a delivery as one data set: the same id in two files means two objects overwrite each
    other. Frames, value sets and types of frame that French deliveries repeat in each line file, and the
    elements Entur ignores (stop points, assignments, projections), are not reported.

    ## Example
    ``<Line id="NSR:Line:1" ...>`` in ``line1.xml`` and in ``line2.xml``.

    ## Reference
    Entur netex-validator-java, NetexIdUniquenessValidator (NETEX_ID_1), whose list of ignored elements
    citylint follows.
    """


class NetexUnresolvedReference(
    NetexRule,
    code="netex_unresolved_reference",
    severity=E,
    message=AT + '{element} ref="{ref}" version="{version}" matches no object of the delivery',
    spec=COMMUNS + "#r%C3%A9f%C3%A9rences",
):
    """A reference that declares its target internal (it carries ``version``) matches no object of the
    delivery.

    ## Why it matters
    In the French profile a reference with ``version`` points to an object of the same document (one without
    is external). A dangling reference breaks the journey, stop or calendar it belongs to. citylint resolves
    references over every file of the delivery (a ``QuayRef`` in a line file against the shared stops file).

    ## Example
    ``<DayTypeRef ref="PABMAR:DayType:9:LOC" version="1"/>`` with no such ``DayType`` in any file.

    ## Reference
    Profil France, Éléments communs, références (elements_communs L4640); Entur NETEX_ID_5.
    """


class NetexExternalReferenceNotInDelivery(
    NetexRule,
    code="netex_external_reference_not_in_delivery",
    severity=I,
    message=AT + '{element} ref="{ref}" is external (no version) and not in the delivery',
    spec=COMMUNS + "#r%C3%A9f%C3%A9rences",
):
    """A reference without ``version`` names an object the delivery does not hold.

    ## Why it matters
    Such a reference is external by definition (a national stop registry, another producer's network); it is
    legitimate, but a consumer of this delivery alone cannot resolve it. Listed for information.

    ## Example
    ``<StopPlaceRef ref="FR:29155:ZE:1:LOC" versionRef="1"/>`` with stops in another delivery.

    ## Reference
    Profil France, Éléments communs, références externes (``versionRef``).
    """


class NetexAttributeReferenceUnresolved(
    NetexRule,
    code="netex_attribute_reference_unresolved",
    severity=W,
    message=AT + '{attribute}="{ref}" names no {target} of the delivery',
    spec=CEN + "/tree/master/xsd",
):
    """A ``dataSourceRef`` or ``responsibilitySetRef`` attribute names an object the delivery does not hold.

    ## Why it matters
    These attributes qualify every object of a frame (who supplied the data, who is responsible for it); NeTEx
    1.3 makes the ``dataSourceRef`` a key reference that must resolve in the document.

    ## Example
    ``<GeneralFrame ... dataSourceRef="PABMAR">`` without a ``<DataSource id="PABMAR">``.

    ## Reference
    NeTEx XSD v1.3.1, ``DataSourceRef_AnyKeyRef``.
    """


class NetexMissingVersion(
    NetexRule,
    code="netex_missing_version",
    severity=E,
    message=AT + '{element} id "{id}" has no version attribute',
    spec=COMMUNS + "#gestion-des-versions",
):
    """An object with an ``id`` has no ``version``.

    ## Why it matters
    Keys are (id, version) pairs: without a version the object cannot be referenced reliably. The French
    profile makes ``version`` mandatory on every object (``version="any"`` when unversioned).

    ## Example
    ``<Line id="PABMAR:Line:LCO1:LOC">``.

    ## Reference
    Profil France, Éléments communs, gestion des versions (elements_communs L4607); Entur NETEX_ID_8.
    """


class NetexReferenceWithoutVersion(
    NetexRule,
    code="netex_reference_without_version",
    severity=W,
    message=AT + '{element} ref="{ref}" points to an object of this document but has no version attribute',
    spec=COMMUNS + "#r%C3%A9f%C3%A9rences",
):
    """A reference to an object of the same document has no ``version``.

    ## Why it matters
    The French profile asks internal references to carry ``version`` (possibly ``any``), so that they resolve
    against the document's keys; a reference without it reads as external.

    ## Example
    ``<LineRef ref="PABMAR:Line:LCO1:LOC" versionRef="1"/>`` in the file that defines that Line.

    ## Reference
    Profil France, Éléments communs, références (elements_communs L4640–4700); Entur NETEX_ID_9.
    """


class NetexVersionNonNumeric(
    NetexRule,
    code="netex_version_non_numeric",
    severity=W,
    message=AT + '{element} version "{version}" is not a number',
    spec="https://github.com/entur/netex-validator-java",
):
    """An object's ``version`` is neither a number nor ``any`` (Nordic profile).

    ## Why it matters
    The Nordic profile compares versions numerically to find the latest one; other profiles allow any text, so
    this rule runs only in the ``netex-nordic`` profile.

    ## Example
    ``<Line id="FLB:Line:1" version="v1">``.

    ## Reference
    Entur netex-validator-java, DefaultRootValidationTreeFactory (VERSION_NON_NUMERIC).
    """


class NetexDayTypeNotAssigned(
    NetexRule,
    code="netex_day_type_not_assigned",
    severity=W,
    message=AT + 'DayType "{id}" is assigned to no date nor period',
    spec=CEN + "/tree/master/xsd",
):
    """A ``DayType`` has no ``DayTypeAssignment`` anywhere in the delivery.

    ## Why it matters
    A journey running on that day type never runs: the calendar says nothing of its dates.

    ## Example
    ``<DayType id="FLB:DayType:1" version="1"/>`` with no ``DayTypeAssignment`` whose ``DayTypeRef`` names it.

    ## Reference
    Entur netex-validator-java, DefaultServiceCalendarFrameValidationTreeFactory (SERVICE_CALENDAR_1).
    """


class NetexPassingTimeWithoutTime(
    NetexRule,
    code="netex_passing_time_without_time",
    severity=E,
    message=AT + "TimetabledPassingTime has neither a departure nor an arrival time",
    spec=CEN + "/tree/master/xsd",
):
    """A ``TimetabledPassingTime`` gives neither a departure nor an arrival time.

    ## Why it matters
    A stop of a journey without a time cannot be shown in a timetable nor used by a journey planner.

    ## Example
    ``<TimetabledPassingTime id="..."
    version="1"><StopPointInJourneyPatternRef .../></TimetabledPassingTime>``.

    ## Reference
    Entur netex-validator-java, DefaultTimetableFrameValidationTreeFactory (SERVICE_JOURNEY_4).
    """


class NetexFirstDepartureMissing(
    NetexRule,
    code="netex_first_departure_missing",
    severity=E,
    message=AT + 'ServiceJourney "{id}": the first passing time has no departure time',
    spec=CEN + "/tree/master/xsd",
):
    """A ``ServiceJourney``'s first passing time has no departure time.

    ## Why it matters
    The journey's start is unknown: planners cannot offer it.

    ## Example
    ``<TimetabledPassingTime><ArrivalTime>08:00:00</ArrivalTime></TimetabledPassingTime>`` first in the
    journey.

    ## Reference
    Entur netex-validator-java, DefaultTimetableFrameValidationTreeFactory (SERVICE_JOURNEY_5).
    """


class NetexLastArrivalMissing(
    NetexRule,
    code="netex_last_arrival_missing",
    severity=E,
    message=AT + 'ServiceJourney "{id}": the last passing time has no arrival time',
    spec=CEN + "/tree/master/xsd",
):
    """A ``ServiceJourney``'s last passing time has no arrival time.

    ## Why it matters
    Passengers cannot know when the journey reaches its terminus.

    ## Example
    The last ``TimetabledPassingTime`` holds only a ``DepartureTime``.

    ## Reference
    Entur netex-validator-java, DefaultTimetableFrameValidationTreeFactory (SERVICE_JOURNEY_6).
    """


class NetexExtensions(
    NetexRule,
    code="netex_extensions",
    severity=I,
    message=AT + "an Extensions element carries content outside the NeTEx standard",
    spec=CEN + "/tree/master/xsd",
    layer=S,
    lockin=LockinKind.VENDOR_EXTENSION,
):
    """An object carries an ``Extensions`` element: content outside the standard.

    ## Why it matters
    ``Extensions`` accept any XML: what they hold is a producer's or vendor's own dialect that other consumers
    do not understand; data that matters there is lost on exchange.

    ## Example
    ``<Extensions><acme:Internal>...</acme:Internal></Extensions>`` in a ``Line``.

    ## Reference
    NeTEx XSD, ``ExtensionsStructure`` (``xsd:any``, ``processContents="lax"``).
    """


class NetexForeignNamespace(
    NetexRule,
    code="netex_foreign_namespace",
    severity=I,
    message=AT + "element in namespace {namespace}, not one of NeTEx's",
    spec=CEN + "/tree/master/xsd",
    layer=S,
    lockin=LockinKind.VENDOR_NAMESPACE,
):
    """An element belongs to a namespace that is not NeTEx's (nor GML, SIRI, IFOPT or the UK govtalk core).

    ## Why it matters
    A namespace of a vendor's own marks data only that vendor's tools read: a lock-in the open standard was
    meant to remove. Counted once per namespace and file.

    ## Example
    ``<acme:Depot xmlns:acme="http://acme.example/netex">`` inside ``Extensions``.

    ## Reference
    NeTEx XSD: the namespaces its schemas import (netex, gml 3.2, siri, ifopt, govtalk core).
    """


class NetexFrPanMandatoryMissing(
    NetexFrRule,
    code="netex_fr_pan_mandatory_missing",
    severity=E,
    message=AT + "{element} has no {field} ({chouetteRule})",
    spec=PAN + "french_profile/v2.ex",
):
    """An object lacks an element the French profile requires and transport.data.gouv.fr enforces.

    ## Why it matters
    transport.data.gouv.fr asks Chouette Valid to check four of the profile's cardinalities (ruleset
    ``pan:french_profile:2``): a ``Name`` on groups of entities (networks, groups of lines), an
    ``OrganisationType`` on organisations, a ``SiteRef`` on site components (a quay outside its stop place)
    and a ``FrontText`` on destination displays. The platform files them under "french-profile" and marks the
    data non-compliant.

    ## Example
    ``<Network id="PABMAR:Network:1:LOC" version="1"/>`` without ``Name``.

    ## Reference
    Profil France, Éléments communs §6.3, §6.18; Arrêts §7.4.1; Réseaux §6.7; transport-site
    ``french_profile/v2.ex``.
    """


class NetexFrMandatoryMissing(
    NetexFrRule,
    code="netex_fr_mandatory_missing",
    severity=W,
    message=AT + "{element} has no {field} (profile cardinality {cardinality}, {section})",
    spec=FR,
):
    """An object lacks an element or attribute the French profile's tables make mandatory for that object.

    ## Why it matters
    The profile's tables give, per object, the elements a French consumer may rely on; the XML Schema leaves
    them optional (profile, elements_communs L760). The tables are stricter than any platform enforces, so
    they are graded: a field of the object's own table is a warning; one inherited from an abstract class is
    ``netex_fr_inherited_mandatory_missing`` (information).

    ## Example
    ``<StopPlace>`` without ``StopPlaceType`` (Arrêts, StopPlace table, 1:1).

    ## Reference
    Profil France, the attribute tables of each part (``profil_fr_mandatory_by_element.csv``, 348 pairs).
    """


class NetexFrInheritedMandatoryMissing(
    NetexFrRule,
    code="netex_fr_inherited_mandatory_missing",
    severity=I,
    message=AT + "{element} has no {field} (mandatory in {definedIn}, profile cardinality {cardinality})",
    spec=FR,
):
    """An object lacks a field that the French profile makes mandatory on one of its abstract parent classes.

    ## Why it matters
    Taken literally the profile requires, for instance, a ``Distance`` on every link sequence; real data and
    platforms do not follow all of these, so they are listed for information.

    ## Example
    ``<Route>`` without ``Distance`` (LinkSequence table).

    ## Reference
    Profil France, Éléments communs, the tables of abstract classes (DataManagedObject, LinkSequence, ...).
    """


class NetexFrIdFormat(
    NetexFrRule,
    code="netex_fr_id_format",
    severity=W,
    message=AT + '{element} id "{id}" does not follow CODESPACE:{element}:id:LOC',
    spec=COMMUNS + "#identification-des-objets",
):
    """An identifier does not follow the French profile's generic form ``CODESPACE:Type:id:LOC``.

    ## Why it matters
    The form makes ids nationally unique and tells which are local (``LOC``). The profile accepts other
    schemes that guarantee uniqueness and stability, so this is a warning. Ids of types of value
    (``TypeOfFrame``, ``ValueSet``...) are not checked.

    ## Example
    ``<Line id="42" version="1">``; ``PABMAR:Line:LCO1:LOC`` is the expected form.

    ## Reference
    Profil France, Éléments communs, identification des objets (elements_communs L4208–4275).
    """


class NetexFrStopIdFormat(
    NetexFrRule,
    code="netex_fr_stop_id_format",
    severity=I,
    message=AT + '{element} id "{id}" does not follow FR:INSEE:ZE|LMO|...:code:LOC',
    spec=COMMUNS + "#identification-des-objets",
):
    """A stop identifier does not follow the French stop form
    ``FR:[INSEE]:[ZE|LMO|PM|LMU|AC]:code:[LOC|...]``.

    ## Why it matters
    The national form lets stops of several producers be matched; the profile keeps ids that are already
    nationally unique and stable, so this is for information.

    ## Example
    ``<Quay id="PABMAR:Quay:12:LOC">``; ``FR:29155:LMO:12:LOC`` follows the form.

    ## Reference
    Profil France, Éléments communs, identifiants des arrêts (elements_communs L4276–4370).
    """


class NetexFrTypeOfFrame(
    NetexFrRule,
    code="netex_fr_type_of_frame",
    severity=E,
    message=AT + '{element} "{id}": {problem}',
    spec=COMMUNS + "#types-de-frame",
):
    """A frame has no ``TypeOfFrameRef`` or one the French profile does not define.

    ## Why it matters
    The frame type tells a consumer which objects a frame holds (stops, lines, timetables, calendars); French
    tools route frames by it. ``FR:TypeOfFrame:NETEX_ARRET`` and the bare ``NETEX_ARRET`` are both accepted.

    ## Example
    ``<GeneralFrame id="..." version="1">`` without ``TypeOfFrameRef``, or with ``ref="NETEX_STOPS"``.

    ## Reference
    Profil France, Éléments communs, types de frame (elements_communs L4047, L4371–4420).
    """


class NetexFrClassNotAllowedInFrame(
    NetexFrRule,
    code="netex_fr_class_not_allowed_in_frame",
    severity=W,
    message=AT + "{element} is not a class of a {frameType} frame",
    spec=COMMUNS + "#types-de-frame",
):
    """A frame holds an object its French frame type does not list.

    ## Why it matters
    Each frame type has a fixed list of classes; a consumer that reads, say, stops only from ``NETEX_ARRET``
    frames misses a ``StopPlace`` put in a ``NETEX_LIGNE`` frame.

    ## Example
    A ``ServiceJourney`` among the members of a ``NETEX_CALENDRIER`` frame.

    ## Reference
    Profil France, Éléments communs L4420–4500; Arrêts L2503; Réseaux L3355, L3520; Horaires L2106.
    """


class NetexFrProfileVersion(
    NetexFrRule,
    code="netex_fr_profile_version",
    severity=W,
    message='{filename}:{xmlLine}: PublicationDelivery version "{version}" is not x.y:FR-NETEX_nnnn-a.b[-c]',
    spec=COMMUNS + "#version-du-profil",
):
    """The delivery's ``version`` attribute is not the French profile's version string.

    ## Why it matters
    ``x.y:FR-NETEX_nnnn-a.b[-c]`` tells the NeTEx schema version (``x.y``), the profile part and its version;
    a consumer chooses its schema and rules by it. ``1.10:FR-NETEX-2.2`` (no part name) is accepted, as real
    deliveries use it.

    ## Example
    ``version="1.0"``; ``1.09:FR-NETEX_LIGNE-2.1-1.0`` follows the form.

    ## Reference
    Profil France, Éléments communs, version du profil (elements_communs L4733–4790).
    """


class NetexBaseNameMissing(
    NetexBaseRule,
    code="netex_base_name_missing",
    severity=E,
    message=AT + '{element} "{id}" has no Name ({chouetteRule})',
    spec=KIT,
):
    """A stop place, line, operator, network or group of lines has no ``Name``.

    ## Why it matters
    Passenger information shows names; Chouette Valid's ``name-mandatory`` rule, which transport.data.gouv.fr
    runs, rejects the data.

    ## Example
    ``<Line id="PABMAR:Line:1:LOC" version="1"><TransportMode>water</TransportMode></Line>``.

    ## Reference
    enRoute starter kit, rule ``name-mandatory`` (transport-site ``enroute-starter-kit.json``).
    """


class NetexBaseCodeTooLong(
    NetexBaseRule,
    code="netex_base_code_too_long",
    severity=E,
    message=AT + '{field} "{value}" has {length} characters, more than 12 ({chouetteRule})',
    spec=KIT,
):
    """A ``ShortName`` or ``PublicCode`` is longer than 12 characters.

    ## Why it matters
    Short names and public codes are what screens and maps show in small space; Chouette Valid's
    ``shortname-length`` / ``public-code-length`` rules reject longer ones.

    ## Example
    ``<PublicCode>LE CONQUET-OUESSANT</PublicCode>``.

    ## Reference
    enRoute starter kit, rules ``shortname-length`` and ``public-code-length``.
    """


class NetexBaseCoordinatesMissing(
    NetexBaseRule,
    code="netex_base_coordinates_missing",
    severity=E,
    message=AT + '{element} "{id}" has no {field} ({chouetteRule})',
    spec=KIT,
):
    """A quay, stop place or entrance has no longitude or latitude.

    ## Why it matters
    A stop without coordinates cannot be placed on a map nor used by a journey planner.

    ## Example
    ``<Quay id="..." version="1"><Name>Quai 1</Name></Quay>`` without ``Centroid/Location``.

    ## Reference
    enRoute starter kit, rules ``longitude-mandatory`` and ``latitude-mandatory``.
    """


class NetexBaseRequiredMissing(
    NetexBaseRule,
    code="netex_base_required_missing",
    severity=E,
    message=AT + '{element} "{id}" has no {field} ({chouetteRule})',
    spec=KIT,
):
    """An object lacks an element Chouette Valid's base rules require (a transport mode, a reference, a text).

    ## Why it matters
    A line without a mode, a route without its line, a journey pattern without its route, a journey without
    its pattern, a stop assignment without its stop point or a destination display without a front text cannot
    be turned into passenger information. ``chouetteRule`` names the base rule.

    ## Example
    ``<Route id="..." version="1"><Name>Aller</Name></Route>`` without ``LineRef``.

    ## Reference
    enRoute starter kit: ``line-transport-mode-mandatory``, ``route-line-ref-mandatory``,
    ``journey-pattern-route-ref-mandatory``, ``service-journey-journey-pattern-ref-mandatory``,
    ``passenger-stop-assignment-scheduled-stop-point-ref``, ``destination-display-front-text``.
    """


class NetexBaseLinePresentationMissing(
    NetexBaseRule,
    code="netex_base_line_presentation_missing",
    severity=W,
    message=AT + 'Line "{id}" has no {field} ({chouetteRule})',
    spec=KIT,
):
    """A line has no ``Presentation`` or no colour in it.

    ## Why it matters
    Maps and timetables show lines in their colour; without one they fall back to a default.

    ## Example
    ``<Line>`` without ``<Presentation><Colour>...</Colour></Presentation>``.

    ## Reference
    enRoute starter kit, rules ``line-presentation-mandatory`` and ``line-presentation-colour-mandatory``.
    """


class NetexBaseLineInnerRoutes(
    NetexBaseRule,
    code="netex_base_line_inner_routes",
    severity=E,
    message=AT + 'Line "{id}" defines its own routes ({chouetteRule})',
    spec=KIT,
):
    """A line defines routes inside itself (``Line/routes``).

    ## Why it matters
    Chouette Valid expects routes as separate objects referring to their line (``Route/LineRef``).

    ## Example
    ``<Line ...><routes><Route .../></routes></Line>``.

    ## Reference
    enRoute starter kit, rule ``line-no-inner-routes``.
    """


class NetexBaseTooFew(
    NetexBaseRule,
    code="netex_base_too_few",
    severity=E,
    message=AT + '{element} "{id}" has {count} {field}, fewer than {minimum} ({chouetteRule})',
    spec=KIT,
):
    """A journey pattern has fewer than two points, or a journey fewer than two passing times or no day type.

    ## Why it matters
    A journey needs at least two stops and at least one day on which it runs.

    ## Example
    A ``ServiceJourney`` without ``dayTypes``.

    ## Reference
    enRoute starter kit: ``service-journey-pattern-many-points-in-sequence``,
    ``service-journey-day-types-mandatory``, ``service-journey-passing-times-mandatory``.
    """


class NetexBaseIdTooLong(
    NetexBaseRule,
    code="netex_base_id_too_long",
    severity=W,
    message=AT + "{element} id has {length} characters, more than 255 ({chouetteRule})",
    spec=KIT,
):
    """An identifier is longer than 255 characters.

    ## Why it matters
    Databases behind most consumers store ids in columns of 255 characters.

    ## Example
    A generated id made of several concatenated UUIDs.

    ## Reference
    enRoute starter kit, rule ``id-length``.
    """


class NetexBaseReferencedObjectMissing(
    NetexBaseRule,
    code="netex_base_referenced_object_missing",
    severity=E,
    message=AT + '{element} ref="{ref}": no {target} of that id in the delivery ({chouetteRule})',
    spec=KIT,
):
    """A reference to a stop point, operator, day type, route, journey pattern, destination display, direction
    or route point names no object of the delivery.

    ## Why it matters
    Chouette Valid resolves these references over the whole data set, whether they carry a version or not: a
    missing target breaks the journeys that use it.

    ## Example
    ``<JourneyPatternRef ref="PABMAR:ServiceJourneyPattern:99:LOC" versionRef="1"/>`` with no such pattern.

    ## Reference
    enRoute starter kit, rules ``*-refs-exist`` (``scheduled-stop-point-refs-exist``, ``operator-refs-exist``,
    ``day-type-refs-exist``, ...).
    """


class NetexBasePassingTimesNotChronological(
    NetexBaseRule,
    code="netex_base_passing_times_not_chronological",
    severity=E,
    message=AT + 'ServiceJourney "{id}": passing time {position} ({time}) is before the previous one '
    "({previous}) ({chouetteRule})",
    spec=KIT,
):
    """A journey's passing times go back in time.

    ## Why it matters
    Times must grow along the journey (day offsets counted); a time going back is a typing error that planners
    turn into impossible connections.

    ## Example
    ``08:10`` then ``08:05`` in two consecutive ``TimetabledPassingTime``.

    ## Reference
    enRoute starter kit, rule ``service-journey-passing-times-chronology``.
    """


class NetexNoticeAssignmentWithoutNotice(
    NetexRule,
    code="netex_notice_assignment_without_notice",
    severity=E,
    message=AT + 'NoticeAssignment "{id}" has no NoticeRef',
    spec=CEN + "/tree/master/xsd",
):
    """A frame's ``NoticeAssignment`` does not say which notice it assigns.

    ## Why it matters
    The assignment attaches nothing: passengers never see the notice it was meant to carry.

    ## Example
    ``<NoticeAssignment ...><NoticedObjectRef ref="..."/></NoticeAssignment>`` without ``NoticeRef``.

    ## Reference
    Entur netex-validator-java, DefaultMultipleFramesValidationTreeFactory (NOTICE_7).
    """


class NetexNoticeAssignmentWithoutObject(
    NetexRule,
    code="netex_notice_assignment_without_object",
    severity=E,
    message=AT + 'NoticeAssignment "{id}" has no NoticedObjectRef',
    spec=CEN + "/tree/master/xsd",
):
    """A frame's ``NoticeAssignment`` does not say which object the notice is attached to.

    ## Why it matters
    A notice assigned to nothing is shown nowhere. (An assignment nested in an object's own
    ``noticeAssignments`` is attached to that object and is not concerned.)

    ## Example
    ``<NoticeAssignment ...><NoticeRef ref="..."/></NoticeAssignment>`` among a frame's members.

    ## Reference
    Entur netex-validator-java, DefaultMultipleFramesValidationTreeFactory (NOTICE_6).
    """


class NetexFrLineFrameLineCount(
    NetexFrRule,
    code="netex_fr_line_frame_line_count",
    severity=W,
    message=AT + 'CompositeFrame "{id}" of type NETEX_LIGNE holds {count} lines, not one',
    spec=COMMUNS + "#types-de-frame",
):
    """A ``CompositeFrame`` of type ``NETEX_LIGNE`` does not hold exactly one line.

    ## Why it matters
    ``NETEX_LIGNE`` is the one-line delivery; several lines go in a ``NETEX_N_LIGNES`` frame. Consumers that
    split deliveries per line rely on it.

    ## Example
    Two ``Line`` objects under ``<CompositeFrame>`` with ``TypeOfFrameRef ref="FR:TypeOfFrame:NETEX_LIGNE"``.

    ## Reference
    Profil France, Éléments communs L4385–4410 (P8).
    """


class NetexFrFrameValidityCondition(
    NetexFrRule,
    code="netex_fr_frame_validity_condition",
    severity=W,
    message=AT + "frame validity given by {condition}; the profile uses only ValidBetween",
    spec=COMMUNS + "#validit%C3%A9",
):
    """A frame's ``contentValidityConditions`` holds something other than ``ValidBetween``.

    ## Why it matters
    The French profile bounds a frame's content only with ``ValidBetween``; other conditions (availability,
    triggers) are not read by French consumers at frame level.

    ## Example
    ``<contentValidityConditions><AvailabilityCondition .../></contentValidityConditions>`` in a GeneralFrame.

    ## Reference
    Profil France, Éléments communs L3953–4000 (P11).
    """


class NetexFrKeyType(
    NetexFrRule,
    code="netex_fr_key_type",
    severity=W,
    message=AT + 'KeyValue typeOfKey "{typeOfKey}": only ALTERNATEIDENTIFIER is recognised',
    spec=COMMUNS,
):
    """A ``KeyValue`` has a ``typeOfKey`` other than ``ALTERNATEIDENTIFIER``.

    ## Why it matters
    The French profile recognises one kind of key, alternate identifiers; other key types are a private
    convention consumers ignore.

    ## Example
    ``<KeyValue typeOfKey="INTERNAL"><Key>x</Key><Value>1</Value></KeyValue>``.

    ## Reference
    Profil France, Éléments communs, DataManagedObject table, KeyList (P12).
    """


RULES: tuple[RuleType, ...] = tuple(
    cls
    for cls in list(globals().values())
    if isinstance(cls, type)
    and issubclass(cls, RuleDef)
    and hasattr(cls, "rule")
    and cls.__module__ == __name__
)
# EIF layer: NeTEx is the European data model of public transport, so conformance to it (schema, identifiers,
# references, the national profile) is semantic interoperability; only well-formedness and the file being a
# delivery at all are technical.
_TECHNICAL = frozenset({"netex_xml_syntax_error", "netex_not_a_delivery"})
for _cls in RULES:
    if _cls.rule.code not in _TECHNICAL and _cls.rule.layer is EifLayer.TECHNICAL:
        _cls.rule = dataclasses.replace(_cls.rule, layer=S)
