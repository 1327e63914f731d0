"""The dataset-metadata rules (family ``metadata``): cross-cutting checks of DCAT metadata (licence, formats,
access, hosting, language, publisher and contact, standards, dates), beside the official shapes.

The rules live here, apart from the checks that report them (``licence.py``, ``formats.py``, ``access.py``,
``description.py``, which need rdflib), so that the registry knows them without loading rdflib."""

from __future__ import annotations

from citylint.model import EifLayer, LockinKind, Severity
from citylint.rules import RuleDef, RuleType

DCAT_AP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"
MOBILITY_DCAT_AP = "https://mobilitydcat-ap.github.io/mobilityDCAT-AP/releases/"
MQA = "https://data.europa.eu/mqa/methodology"


class MetadataRule(RuleDef, family="metadata"):
    """Base of the dataset-metadata rules."""


# reported by licence.py
class LicenceMissing(
    MetadataRule,
    code="licence_missing",
    severity=Severity.ERROR,
    spec=DCAT_AP,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="{focusNode} has no licence (dct:license), nor has its dataset or catalogue",
):
    """A distribution, or a dataset without distributions, declares no licence.

    ## Why it matters
    Without a licence every right stays with the publisher: reusers may not lawfully reuse the data, and the
    publisher alone decides who may. An open licence is the first star of the 5-star open data scheme and
    data.europa.eu's metadata quality assessment (MQA) gives 20 points to a declared licence.

    ## Example
    A `dcat:Distribution` with an access URL and a format, but no `dct:license`, in a dataset that has none.

    ## Reference
    DCAT-AP 3.0.1, Distribution: licence (recommended); MQA, Reusability: licence information;
    EIF 2017 recommendation 2 (openness).
    """


class LicenceNotRecognised(
    MetadataRule,
    code="licence_not_recognised",
    severity=Severity.WARNING,
    spec=MQA,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="{focusNode}: licence {value} is not one citylint knows (EU licence table, "
    "SPDX, Open Definition): reusers cannot tell by machine what they may do",
):
    """The licence is named by an IRI or text that no licence list citylint ships knows.

    ## Why it matters
    A bespoke licence or terms of use must be read by a lawyer before every reuse; a licence from a
    shared list (the EU licence authority table, SPDX) is understood by machines and people alike. MQA
    gives 10 points to a licence from the EU controlled vocabulary, and the RDA FAIR indicator R1.1-02M
    asks for a standard reuse licence.

    ## Example
    `dct:license <https://example.org/terms-of-use>`.

    ## Reference
    MQA, Reusability: licence from a controlled vocabulary; RDA FAIR Data Maturity Model R1.1-02M;
    `citylint/validators/metadata/licences.yaml` (the licences citylint knows, with their sources).
    """


class LicenceNotOpen(
    MetadataRule,
    code="licence_not_open",
    severity=Severity.ERROR,
    spec="https://opendefinition.org/licenses/",
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="{focusNode}: licence {licence} is not open: {reason}",
):
    """The licence is not open: it forbids commercial use or derived works, or makes reusers identify
    themselves.

    ## Why it matters
    Non-commercial and no-derivatives clauses are rejected by the Open Definition: journey planners,
    companies and even public bodies doing anything commercial cannot reuse the data. A licence that makes
    reusers identify themselves or authenticate (the Licence Mobilités) turns the licence into an access
    barrier that only the publisher can lift.

    ## Example
    `dct:license <http://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0>`.

    ## Reference
    Open Definition 2.1 and its list of conformant licences; okfn/licenses `licenses.csv` (od_conformance);
    OpenStreetMap France, open letter on the Licence Mobilités; EIF 2017 recommendation 2.
    """


class LicenceNotIri(
    MetadataRule,
    code="licence_not_iri",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.SEMANTIC,
    lockin=None,
    message="{focusNode}: licence {value} is text, not an IRI (dct:LicenseDocument)",
):
    """The licence is given as text rather than as the IRI of a licence document.

    ## Why it matters
    DCAT-AP ranges `dct:license` over `dct:LicenseDocument`, a resource named by an IRI, so that harvesters
    and portals can recognise the licence without guessing from its spelling. Text such as "CC BY" or
    "Licence ouverte" is understood by people but not reliably by machines.

    ## Example
    `dct:license "CC-BY-4.0"` instead of `dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>`.

    ## Reference
    DCAT-AP 3.0.1, Distribution: licence, range dct:LicenseDocument.
    """


# reported by formats.py
class FormatMissing(
    MetadataRule,
    code="format_missing",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.TECHNICAL,
    lockin=None,
    message="{focusNode} declares neither a format (dct:format) nor a media type (dcat:mediaType)",
):
    """A distribution says neither its file format nor its media type.

    ## Why it matters
    Reusers and harvesters choose a distribution by its format; without one they must download it to know
    whether they can read it. MQA gives 20 points to a declared format and 10 to a media type.

    ## Example
    A `dcat:Distribution` with a `dcat:downloadURL` and nothing else.

    ## Reference
    DCAT-AP 3.0.1, Distribution: format, media type (recommended); MQA, Interoperability.
    """


class FormatProprietary(
    MetadataRule,
    code="format_proprietary",
    severity=Severity.WARNING,
    spec=MQA,
    layer=EifLayer.TECHNICAL,
    lockin=LockinKind.FORMAT,
    message="{focusNode}: format {format} is machine-readable but proprietary",
):
    """The distribution's format is machine-readable but proprietary (Excel, Shapefile, ...).

    ## Why it matters
    A proprietary format ties reusers to the software of the vendor that controls it: the 5-star open data
    scheme stops at two stars for it ("Excel instead of image scan"), and MQA scores non-proprietary
    formats (20 points). The same content in CSV, GeoJSON or an RDF syntax reaches every tool.

    ## Example
    `dct:format <http://publications.europa.eu/resource/authority/file-type/XLSX>`.

    ## Reference
    data.europa.eu non-proprietary format list (edp-vocabularies); 5-star open data, https://5stardata.info/;
    EIF 2017 recommendations 4 and 42.
    """


class FormatNotMachineReadable(
    MetadataRule,
    code="format_not_machine_readable",
    severity=Severity.WARNING,
    spec=MQA,
    layer=EifLayer.TECHNICAL,
    lockin=LockinKind.FORMAT,
    message="{focusNode}: format {format} is not machine-readable",
):
    """The distribution's format is not machine-readable (PDF, word-processor files, images, web pages).

    ## Why it matters
    Data in a document or an image must be retyped or scraped before any reuse: it earns the first star of
    open data at most, and MQA scores machine-readable formats (20 points).

    ## Example
    `dcat:mediaType <https://www.iana.org/assignments/media-types/application/pdf>` for a timetable.

    ## Reference
    data.europa.eu machine-readable format list (edp-vocabularies); EIF 2017 recommendation 42.
    """


# reported by access.py
class UrlCarriesCredentials(
    MetadataRule,
    code="url_carries_credentials",
    severity=Severity.ERROR,
    spec="https://eur-lex.europa.eu/eli/reg_del/2017/1926/oj",
    layer=EifLayer.ORGANISATIONAL,
    lockin=LockinKind.ACCESS,
    message="{focusNode}: {property} carries a credential ({parameter}) in its URL",
):
    """An access or download URL carries an API key, token or password.

    ## Why it matters
    A URL that needs a personal key means every reuser must first register with whoever issues keys, who can
    refuse or revoke them: an access barrier the licence does not show. Published in metadata, the key is
    also a leaked secret. Regulation (EU) 2017/1926 defines accessibility as the possibility to request and
    obtain the data at any time in a machine-readable format.

    ## Example
    `dcat:downloadURL <https://api.example.org/gtfs.zip?apikey=abc123>`.

    ## Reference
    Delegated Regulation (EU) 2017/1926, art. 2; EIF 2017 recommendations 2 and 15.
    """


class UrlNotHttps(
    MetadataRule,
    code="url_not_https",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.TECHNICAL,
    lockin=None,
    message="{focusNode}: {property} {value} is plain HTTP",
):
    """An access or download URL uses plain HTTP rather than HTTPS.

    ## Why it matters
    Over plain HTTP the data can be altered on its way without anyone noticing, and browsers and many HTTP
    clients refuse or warn about it. EIF 2017 asks for secure and trustworthy data exchange.

    ## Example
    `dcat:accessURL <http://data.example.org/feed.zip>`.

    ## Reference
    EIF 2017 recommendation 15 (security and privacy).
    """


class HostedOnVendorPlatform(
    MetadataRule,
    code="hosted_on_vendor_platform",
    severity=Severity.INFO,
    spec="https://interoperable-europe.ec.europa.eu/collection/nifo-national-interoperability-framework-observatory/european-interoperability-framework-detail",
    layer=EifLayer.ORGANISATIONAL,
    lockin=LockinKind.HOSTING,
    message="{focusNode}: {property} is hosted on {platform} ({host})",
):
    """The data is served from a software-as-a-service portal or a cloud storage platform.

    ## Why it matters
    The publisher's URLs, APIs and their limits then belong to the platform: changing provider breaks every
    reuser's link, and the platform's terms apply on top of the licence. Where the data is hosted
    (jurisdiction) cannot be told from the URL; this is a signal to look at, not a fault.

    ## Example
    `dcat:accessURL <https://city.opendatasoft.com/api/explore/v2.1/catalog/datasets/stops/exports/csv>`.

    ## Reference
    EIF 2017 recommendations 8 and 9 (technological neutrality, data portability);
    `citylint/validators/metadata/hosts.yaml`.
    """


# reported by description.py
class LanguageInvalid(
    MetadataRule,
    code="language_invalid",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.SEMANTIC,
    lockin=None,
    message="{focusNode}: {property} {value} is not {expected}",
):
    """A language is given in a form machines cannot recognise: a `dct:language` outside the EU language
    table, or a literal's language tag that is not a well-formed BCP 47 tag.

    ## Why it matters
    Portals filter and translate by language; DCAT-AP names languages by the IRIs of the EU language
    authority table, and RDF tags text with BCP 47 tags. "French" or "fr_FR" is guesswork for a harvester.

    ## Example
    `dct:language "fr"` instead of `dct:language <http://publications.europa.eu/resource/authority/language/FRA>`.

    ## Reference
    DCAT-AP 3.0.1, Dataset: language (dct:LinguisticSystem from the EU language table); BCP 47 (RFC 5646);
    EIF 2017 recommendation 16 (multilingualism).
    """


class TextWithoutLanguage(
    MetadataRule,
    code="text_without_language",
    severity=Severity.INFO,
    spec=DCAT_AP,
    layer=EifLayer.SEMANTIC,
    lockin=None,
    message='{focusNode}: {property} "{value}" has no language tag',
):
    """A title or description has no language tag.

    ## Why it matters
    DCAT-AP expects one value per language for titles and descriptions; without a tag a portal cannot show
    the right one to a reader, nor tell that a translation is missing.

    ## Example
    `dct:title "Horaires du réseau"` instead of `dct:title "Horaires du réseau"@fr`.

    ## Reference
    DCAT-AP 3.0.1, usage note on multilingual literals; EIF 2017 recommendation 16 (multilingualism).
    """


class PublisherMissing(
    MetadataRule,
    code="publisher_missing",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.ORGANISATIONAL,
    lockin=None,
    message="{focusNode} names no publisher (dct:publisher), nor does its catalogue",
):
    """A dataset names no publisher.

    ## Why it matters
    Reusers need to know who is responsible for the data and who they may ask; MQA gives 10 points to a
    publisher, and transparency is a principle of the EIF.

    ## Example
    A `dcat:Dataset` without `dct:publisher` in a catalogue without one either.

    ## Reference
    DCAT-AP 3.0.1, Dataset: publisher (recommended; mandatory for the catalogue); MQA, Reusability: publisher;
    EIF 2017 recommendation 5 (transparency).
    """


class ContactMissing(
    MetadataRule,
    code="contact_missing",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.ORGANISATIONAL,
    lockin=None,
    message="{focusNode} has no contact point with an e-mail address, telephone or URL (dcat:contactPoint)",
):
    """A dataset has no contact point that says how to reach someone.

    ## Why it matters
    Reusers who find an error or need help have nobody to write to; MQA gives 20 points to a contact point,
    and EIF 2017 asks for a single point of contact and for ways to involve users.

    ## Example
    A `dcat:Dataset` without `dcat:contactPoint`, or with a `vcard:Kind` that holds only a name.

    ## Reference
    DCAT-AP 3.0.1, Dataset: contact point (recommended); MQA, Reusability: contact point;
    EIF 2017 recommendations 11 and 12.
    """


class StandardNotDeclared(
    MetadataRule,
    code="standard_not_declared",
    severity=Severity.WARNING,
    spec=MOBILITY_DCAT_AP,
    layer=EifLayer.SEMANTIC,
    lockin=None,
    message="{focusNode} declares no standard it conforms to (dct:conformsTo or "
    "mobilitydcatap:mobilityDataStandard)",
):
    """A distribution does not say which standard or data model its content follows.

    ## Why it matters
    Without it reusers must open the file to learn whether it is GTFS, NeTEx or an ad-hoc schema; national
    access points list only data that declares a standard, and mobilityDCAT-AP makes
    `mobilityDataStandard` mandatory on distributions.

    ## Example
    A GTFS distribution without `mobilitydcatap:mobilityDataStandard <https://w3id.org/mobilitydcat-ap/mobility-data-standard/gtfs>`.

    ## Reference
    mobilityDCAT-AP 1.1.0, Distribution: mobility data standard (mandatory); DCAT-AP 3.0.1, conforms to;
    EIF 2017 recommendations 4 and 6 (openness, reusability).
    """


class DatesInconsistent(
    MetadataRule,
    code="dates_inconsistent",
    severity=Severity.WARNING,
    spec=DCAT_AP,
    layer=EifLayer.ORGANISATIONAL,
    lockin=None,
    message="{focusNode}: {problem}",
):
    """Dates contradict each other: a period ends before it starts, or a modification precedes the issue.

    ## Why it matters
    Reusers and portals decide from these dates whether the data covers the days they need and whether it
    changed since they last took it; wrong dates make the data look expired or new when it is not.

    ## Example
    `dct:temporal [ dcat:startDate "2026-09-01"; dcat:endDate "2026-06-30" ]`.

    ## Reference
    DCAT-AP 3.0.1, Period of time; Dataset: release date, modification date; MQA, Contextuality;
    EIF 2017 recommendation 18 (preservation of information).
    """


class CoverageEnded(
    MetadataRule,
    code="coverage_ended",
    severity=Severity.INFO,
    spec=MQA,
    layer=EifLayer.ORGANISATIONAL,
    lockin=None,
    message="{focusNode}: the period the dataset covers ended on {endDate}, before {date}",
):
    """The dataset's temporal coverage ended before the validation date.

    ## Why it matters
    For timetables and other operational data, a coverage in the past means the data is outdated: journey
    planners drop expired feeds, and transport.data.gouv.fr warns producers before it happens. For historical
    data it is expected; the finding is informational.

    ## Example
    `dct:temporal [ dcat:endDate "2025-12-31"^^xsd:date ]` checked in 2026.

    ## Reference
    DCAT-AP 3.0.1, Dataset: temporal coverage; EIF 2017 recommendation 18 (preservation of information).
    """


class NoDataset(
    MetadataRule,
    code="no_dataset",
    severity=Severity.ERROR,
    spec=DCAT_AP,
    layer=EifLayer.ORGANISATIONAL,
    lockin=None,
    message="{filename} describes no dcat:Dataset",
):
    """The metadata describes no dataset.

    ## Why it matters
    The metadata given for the data (or checked as a catalogue) holds no `dcat:Dataset`: nothing in it says
    what the data is, who publishes it or under which licence.

    ## Example
    A Turtle file holding only a `dcat:Catalog` with a title.

    ## Reference
    DCAT-AP 3.0.1, Dataset.
    """


# reported by vocabulary.py
class VocabularyCodeUnknown(
    MetadataRule,
    code="vocabulary_code_unknown",
    severity=Severity.ERROR,
    spec=DCAT_AP,
    layer=EifLayer.SEMANTIC,
    lockin=None,
    message="{focusNode} {property}: {value} is not a code of the {table} table (closest "
    "codes: {closestCodes})",
):
    """A value is written in a controlled vocabulary's namespace but is not one of its codes.

    ## Why it matters
    DCAT-AP and mobilityDCAT-AP say which table a property takes its values from (the EU authority tables
    for countries, languages, file types, frequencies, licences, ...; mobilityDCAT-AP's own vocabularies for
    mobility themes, data standards, transport modes). A code the table does not hold — a typo, an
    invented code, a code from an older or draft release — is understood by no portal: the dataset is not
    found under its country or theme and harvesters drop or misfile it. citylint names the closest codes.
    Where the official range shapes check the property, the same value also fails there (`shacl_class`);
    this finding says why and what was probably meant.

    ## Example
    `dct:spatial <http://publications.europa.eu/resource/authority/country/DEX>` (closest: DEU, MEX);
    `mobilitydcatap:mobilityTheme <https://w3id.org/mobilitydcat-ap/mobility-theme/passenger-transport>`.

    ## Reference
    DCAT-AP 3.0.1, Controlled vocabularies (5.2, the vocabularies to be used); mobilityDCAT-AP 1.1.0,
    controlled vocabularies; the tables citylint reads: `citylint/validators/metadata/eu_tables.yaml`
    (installed with `citylint standards install eu-vocabularies mobilitydcat-ap-vocabularies`).
    """


RULES: tuple[RuleType, ...] = (
    LicenceMissing,
    LicenceNotRecognised,
    LicenceNotOpen,
    LicenceNotIri,
    FormatMissing,
    FormatProprietary,
    FormatNotMachineReadable,
    UrlCarriesCredentials,
    UrlNotHttps,
    HostedOnVendorPlatform,
    LanguageInvalid,
    TextWithoutLanguage,
    PublisherMissing,
    ContactMissing,
    StandardNotDeclared,
    DatesInconsistent,
    CoverageEnded,
    NoDataset,
    VocabularyCodeUnknown,
)
