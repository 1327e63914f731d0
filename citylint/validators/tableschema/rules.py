"""The rules about a CSV file against its Table Schema (family ``table_schema``).

One rule per kind of error that Validata (the validator schema.data.gouv.fr and transport.data.gouv.fr run,
built on frictionless) reports: the header (a required column missing is an error; an optional column
missing, a column the schema does not know or columns out of order are warnings, as in Validata's
``structure_warnings``), the cells (type, constraints, keys) and the schema's custom checks (SIREN, SIRET,
opening hours). :data:`VALIDATA_TYPES` names the Validata error type each code counts as.
"""

from __future__ import annotations

from citylint.model import EifLayer, Severity
from citylint.rules import RuleDef, RuleType

SPEC = "https://specs.frictionlessdata.io/table-schema/"
ERRORS = "https://framework.frictionlessdata.io/docs/errors/"
E, W = Severity.ERROR, Severity.WARNING
CELL = "{filename} row {csvRowNumber}, column {fieldName}: "


class TableSchemaRule(RuleDef, family="table_schema"):
    """Base of the Table Schema rules."""


class MissingLabel(
    TableSchemaRule,
    code="table_schema_missing_label",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message="{filename}: required column {fieldName} is missing",
    spec=SPEC + "#constraints",
):
    """A column the schema requires is missing from the header.

    ## Why it matters
    Every row lacks a value the schema says must be there; consumers (the national consolidation of charging
    points, journey planners) drop or reject the file. Columns are matched by name, in any order, as Validata
    matches them.

    ## Example
    An IRVE file without the column ``id_pdc_itinerance``.

    ## Reference
    Table Schema, field constraints (``required``); Validata reports it as ``missing-label``.
    """


class MissingOptionalLabel(
    TableSchemaRule,
    code="table_schema_missing_optional_label",
    severity=W,
    layer=EifLayer.SEMANTIC,
    message="{filename}: column {fieldName} of the schema is missing",
    spec=SPEC + "#field-descriptors",
):
    """A column of the schema that is not required is missing from the header.

    ## Why it matters
    The file is valid, but the information the column carries is unknown for every row; a consumer cannot tell
    "not collected" from "left out by mistake". Validata shows it as a warning (missing column).

    ## Example
    A carpooling-area file without ``horaires``.

    ## Reference
    Table Schema, field descriptors; Validata's structure warning ``missing-header-warn``.
    """


class ExtraLabel(
    TableSchemaRule,
    code="table_schema_extra_label",
    severity=W,
    layer=EifLayer.SEMANTIC,
    message='{filename}: column "{fieldName}" (position {fieldPosition}) is not in the schema',
    spec=SPEC + "#field-descriptors",
):
    """The header holds a column the schema does not define.

    ## Why it matters
    Consumers that read the file by the schema ignore the column; what it holds is a local dialect that nobody
    else reads. It may also be a misspelt schema column, whose values are then lost. A column with an empty
    name is such a column too (Validata reports it the same way).

    ## Example
    ``id_lieu`` in a carpooling-area file of schema 0.3 (the column became ``id_local``).

    ## Reference
    Validata's structure warning ``extra-header-warn``.
    """


class DisorderedLabels(
    TableSchemaRule,
    code="table_schema_disordered_labels",
    severity=W,
    layer=EifLayer.SEMANTIC,
    message="{filename}: columns are not in the schema's order ({expected})",
    spec=SPEC + "#descriptor",
):
    """The header holds exactly the schema's columns, in another order.

    ## Why it matters
    Tools that read columns by position (spreadsheets merged by copy and paste, older consolidation scripts)
    put values under the wrong heading.

    ## Example
    ``nom_lieu,id_local,...`` where the schema starts with ``id_local``.

    ## Reference
    Validata's structure warning ``disordered-header-warn``.
    """


class DuplicateLabel(
    TableSchemaRule,
    code="table_schema_duplicate_label",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message="{filename}: column {fieldName} appears more than once (position {fieldPosition})",
    spec=ERRORS + "#duplicate-label",
):
    """Two columns of the header have the same name.

    ## Why it matters
    Consumers keep one of the two columns, and not all the same one.

    ## Example
    ``id,nom,nom``.

    ## Reference
    frictionless error ``duplicate-label``.
    """


class TypeError_(
    TableSchemaRule,
    code="table_schema_type_error",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" is not a valid {fieldType}{fieldFormatNote}',
    spec=SPEC + "#types-and-formats",
):
    """A value is not of its field's type or format.

    ## Why it matters
    A date written ``2018/03/31`` where the schema says ``%Y-%m-%d``, a number with a decimal comma, a boolean
    written ``oui``: consumers that read the file by its schema reject the value or the whole file.

    ## Example
    ``date_maj`` = ``2018/3/31`` in an IRVE file (format ``%Y-%m-%d``).

    ## Reference
    Table Schema, types and formats; Validata reports it as ``type-error``.
    """


class RequiredValue(
    TableSchemaRule,
    code="table_schema_required_value",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + "a value is required",
    spec=SPEC + "#constraints",
):
    """A cell of a required field is empty.

    ## Why it matters
    The schema says every row must carry this value; a row without it cannot be used for what the dataset is
    for (locating a charging point, counting a parking's places).

    ## Example
    ``started_at`` empty in a counting-channel file.

    ## Reference
    Table Schema, constraint ``required``; Validata reports it as ``constraint-error``.
    """


class ConstraintError(
    TableSchemaRule,
    code="table_schema_constraint_error",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" breaks the {constraint} constraint ({expected})',
    spec=SPEC + "#constraints",
):
    """A value breaks one of its field's constraints (pattern, enum, minimum, maximum, length, ...).

    ## Why it matters
    Constraints carry the shared meaning of the data: the list of allowed socket types, the pattern of a
    national identifier. A value outside them is read differently, or not at all, by each consumer.

    ## Example
    ``tarif_pmr`` = ``inconnu`` where the schema allows ``gratuit``, ``normal_payant`` or ``tarif_special``.

    ## Reference
    Table Schema, constraints; Validata reports it as ``constraint-error``.
    """


class UniqueError(
    TableSchemaRule,
    code="table_schema_unique_error",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" is not unique ({note})',
    spec=SPEC + "#constraints",
):
    """A value of a field whose values must be unique appears again.

    ## Why it matters
    Identifiers that repeat make references ambiguous: two charging points, one identifier.

    ## Example
    The same ``id_pdc_itinerance`` on two rows.

    ## Reference
    Table Schema, constraint ``unique``; frictionless error ``unique-error``.
    """


class PrimaryKeyError(
    TableSchemaRule,
    code="table_schema_primary_key",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message="{filename} row {csvRowNumber}: primary key ({primaryKey}) repeats a row above ({note})",
    spec=SPEC + "#primary-key",
):
    """Two rows have the same primary key.

    ## Why it matters
    The primary key identifies a row; a repeated one makes updates and references ambiguous.

    ## Example
    Two counting channels with ``channel_id`` = ``1``.

    ## Reference
    Table Schema, ``primaryKey``; Validata reports it as ``primary-key``.
    """


class ForeignKeyError(
    TableSchemaRule,
    code="table_schema_foreign_key",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message="{filename} row {csvRowNumber}: {note}",
    spec=SPEC + "#foreign-keys",
):
    """A value does not match the key it references.

    ## Why it matters
    A reference to nothing: the row cannot be joined to what it describes.

    ## Example
    A row whose parent identifier is not in the table.

    ## Reference
    Table Schema, ``foreignKeys``; frictionless error ``foreign-key``.
    """


class RowShapeError(
    TableSchemaRule,
    code="table_schema_row_shape",
    severity=E,
    message="{filename} row {csvRowNumber}: {note}",
    spec=ERRORS + "#row-errors",
):
    """A row is blank or does not have as many cells as the header.

    ## Why it matters
    A cell too many or too few shifts every later value under the wrong column for consumers that read by
    position, and makes the row unreadable for the others.

    ## Example
    A row with an unquoted comma inside an address.

    ## Reference
    frictionless errors ``blank-row``, ``extra-cell``, ``missing-cell``.
    """


class SourceError(
    TableSchemaRule,
    code="table_schema_source_error",
    severity=E,
    message="{filename}: {note}",
    spec=ERRORS + "#source-error",
):
    """The file cannot be read as a CSV table (encoding, format).

    ## Why it matters
    Nothing in it can be checked or used.

    ## Example
    A spreadsheet saved in Windows-1252 with bytes that are not valid in the detected encoding.

    ## Reference
    frictionless errors ``encoding-error``, ``source-error``, ``format-error``.
    """


class SirenValue(
    TableSchemaRule,
    code="table_schema_siren",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" is not a valid SIREN number',
    spec="https://www.insee.fr/fr/metadonnees/definition/c2047",
):
    """A value that the schema says is a SIREN number is not a valid one (9 digits with a Luhn check digit).

    ## Why it matters
    The SIREN identifies the organisation responsible (an operator, a local authority) in the national company
    register; a wrong one links the data to another organisation or to none.

    ## Example
    ``123456789`` (the check digit is wrong).

    ## Reference
    Validata custom check ``french-siren-value`` / ``siren`` (checked with frformat, as Validata does).
    """


class SiretValue(
    TableSchemaRule,
    code="table_schema_siret",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" is not a valid SIRET number',
    spec="https://www.insee.fr/fr/metadonnees/definition/c1841",
):
    """A value that the schema says is a SIRET number is not a valid one (14 digits with a Luhn check digit).

    ## Why it matters
    The SIRET identifies an establishment in the national company register; a wrong one cannot be looked up.

    ## Example
    ``21760217600016``.

    ## Reference
    Validata custom check ``french-siret-value`` / ``siret`` (checked with frformat, as Validata does).
    """


class OpeningHoursValue(
    TableSchemaRule,
    code="table_schema_opening_hours",
    severity=E,
    layer=EifLayer.SEMANTIC,
    message=CELL + '"{fieldValue}" is not in the OpenStreetMap opening_hours syntax',
    spec="https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification",
):
    """A value that the schema says holds opening hours does not follow the OpenStreetMap syntax.

    ## Why it matters
    Opening hours in the shared syntax can be read by journey planners and maps; free text cannot.

    ## Example
    ``true`` or ``du lundi au vendredi`` instead of ``Mo-Fr 08:00-19:00``.

    ## Reference
    Validata custom check ``opening-hours-value`` (parsed with opening-hours-py, as Validata does).
    """


class CheckNotEvaluated(
    TableSchemaRule,
    code="table_schema_check_not_evaluated",
    severity=W,
    message="{filename}: the schema's custom check {check} on column {fieldName} was not "
    "evaluated (citylint does not implement it)",
    spec="https://validata.fr/",
):
    """A custom check that the schema asks for was not evaluated.

    ## Why it matters
    Validata may evaluate it and reject values citylint let through: the file is not known to pass it.

    ## Example
    A schema with a custom check ``sum-columns-value`` that citylint does not implement.

    ## Reference
    The schema's ``custom_checks`` section (Validata).
    """


class DeprecatedCheck(
    TableSchemaRule,
    code="table_schema_deprecated_check",
    severity=W,
    message="{filename}: the schema names its custom check {check} by a deprecated name (now {replacement})",
    spec="https://validata.fr/",
):
    """The schema calls one of its custom checks by a name Validata has deprecated.

    ## Why it matters
    The data is not at fault, but Validata shows this warning on every file of the schema, and a later
    Validata may stop knowing the old name. It concerns the schema's maintainers; the file's producer can
    ignore it.

    ## Example
    ``french-siren-value`` (now ``siren``) in the carpooling-area schema 0.3.1.

    ## Reference
    Validata 0.12, ``DEPRECATED_CHECKS``: ``french-siret-value`` → ``siret``, ``french-siren-value`` →
    ``siren``, ``nomenclature-actes-value`` → ``nomenclature-acte``.
    """


RULES: tuple[RuleType, ...] = (
    MissingLabel,
    MissingOptionalLabel,
    ExtraLabel,
    DisorderedLabels,
    DuplicateLabel,
    TypeError_,
    RequiredValue,
    ConstraintError,
    UniqueError,
    PrimaryKeyError,
    ForeignKeyError,
    RowShapeError,
    SourceError,
    SirenValue,
    SiretValue,
    OpeningHoursValue,
    CheckNotEvaluated,
    DeprecatedCheck,
)

# The error type Validata gives each code (errors only: its warnings are the three structure warnings).
VALIDATA_TYPES: dict[str, str] = {
    "table_schema_missing_label": "missing-label",
    "table_schema_type_error": "type-error",
    "table_schema_required_value": "constraint-error",
    "table_schema_constraint_error": "constraint-error",
    "table_schema_unique_error": "unique-error",
    "table_schema_primary_key": "primary-key",
    "table_schema_foreign_key": "foreign-key",
    "table_schema_siren": "custom-check-error",
    "table_schema_siret": "custom-check-error",
    "table_schema_opening_hours": "opening-hours-value",
}
