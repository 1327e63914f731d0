"""The rules about JSON documents: their syntax (family ``json``) and their fit to a JSON Schema
(``json_schema``).

JSON Schema findings get one rule per keyword family: the keyword the validator reports (``required``,
``type``, ...) picks the rule through :data:`KEYWORD_RULES`; a keyword outside the table (a vocabulary of its
own, a ``false`` schema) is ``json_schema_other``. Each finding carries ``jsonPointer`` (where in the
document), ``keyword``, ``schemaPath`` (where in the schema) and the validator's ``message``.
"""

from __future__ import annotations

from citylint.model import Severity
from citylint.rules import RuleDef, RuleType

RFC = "https://www.rfc-editor.org/rfc/rfc8259"
CORE = "https://json-schema.org/draft/2020-12/json-schema-core"
VAL = "https://json-schema.org/draft/2020-12/json-schema-validation"
SCHEMA_MESSAGE = "{filename} {where}: {message}"
E, W = Severity.ERROR, Severity.WARNING


class JsonRule(RuleDef, family="json"):
    """Base of the rules about JSON documents as such (syntax, encoding, interoperability)."""


class JsonSchemaRule(RuleDef, family="json_schema"):
    """Base of the JSON Schema rules: one per family of validation keywords."""


class JsonSyntaxError(
    JsonRule,
    code="json_syntax_error",
    severity=E,
    message="{filename} {where}: {message}",
    spec=RFC + "#section-2",
):
    """A document is not well-formed JSON.

    ## Why it matters
    A document that does not parse cannot be read by any consumer; nothing in it can be checked or used. The
    finding gives the line and column where the parser stopped, or the JSON pointer of a value JSON does not
    allow (``NaN``, ``Infinity``).

    ## Example
    ``{"ttl": 60,}``: a comma before ``}`` is not allowed.

    ## Reference
    RFC 8259 §2 (grammar) and §6: "Numeric values that cannot be represented in the grammar below (such as
    Infinity and NaN) are not permitted."
    """


class JsonInvalidUtf8(
    JsonRule,
    code="json_invalid_utf8",
    severity=E,
    message="{filename}: byte {byteOffset} (line {lineNumber}, column {columnNumber}) is not valid UTF-8",
    spec=RFC + "#section-8.1",
):
    """A JSON document is not valid UTF-8.

    ## Why it matters
    JSON exchanged between systems must be UTF-8; a Latin-1 or broken byte makes strict parsers reject the
    whole document and lenient ones show garbled names. The finding gives the first bad byte's offset.

    ## Example
    A station name ``Gare de l'Est`` saved in Windows-1252 with ``é`` as the single byte ``0xE9``.

    ## Reference
    RFC 8259 §8.1: "JSON text exchanged between systems that are not part of a closed ecosystem MUST be
    encoded using UTF-8."
    """


class JsonDuplicateKey(
    JsonRule,
    code="json_duplicate_key",
    severity=W,
    message='{filename} {jsonPointer}: key "{key}" appears {count} times in one object; '
    "citylint keeps the last value",
    spec=RFC + "#section-4",
):
    """An object has the same member name more than once.

    ## Why it matters
    Parsers disagree on which value wins (first, last, or an error), so two consumers of the same file may
    read different data. Schema validation sees only the value citylint kept (the last one).

    ## Example
    ``{"station_id": "a", "name": "Gare", "station_id": "b"}``.

    ## Reference
    RFC 8259 §4: "The names within an object SHOULD be unique. [...] When the names within an object are not
    unique, the behavior of software that receives such an object is unpredictable."
    """


class JsonTooDeep(
    JsonRule,
    code="json_too_deep",
    severity=E,
    message="{filename}: values nest deeper than {maxDepth} levels; the document is not checked further",
    spec=RFC + "#section-9",
):
    """A JSON document nests arrays or objects deeper than citylint accepts.

    ## Why it matters
    Real data nests a few levels (GeoJSON multipolygons about eight). Thousands of nested brackets are a way
    to crash parsers that recurse; citylint reports it instead of checking further.

    ## Example
    ``[[[[ ... ]]]]`` ten thousand levels deep.

    ## Reference
    RFC 8259 §9: "An implementation may set limits on the maximum depth of nesting."
    """


class JsonNumberOutOfRange(
    JsonRule,
    code="json_number_out_of_range",
    severity=W,
    message="{filename} {jsonPointer}: number {number} is beyond what a 64-bit float holds "
    "exactly; other consumers will read another value",
    spec=RFC + "#section-6",
):
    """A number is an integer beyond ±2^53 or too large for a 64-bit float.

    ## Why it matters
    Most JSON consumers (JavaScript, many databases) read numbers as IEEE 754 doubles: ``9007199254740993``
    becomes ``9007199254740992``, and ``1e400`` becomes infinity. Identifiers that large belong in strings.

    ## Example
    ``{"vehicle_id": 12345678901234567890}``.

    ## Reference
    RFC 8259 §6: "good interoperability can be achieved by implementations that expect no more precision or
    range than [IEEE 754 binary64] provide[s]."
    """


class JsonSchemaType(
    JsonSchemaRule, code="json_schema_type", severity=E, message=SCHEMA_MESSAGE, spec=VAL + "#name-type"
):
    """A value is not of the JSON type its schema requires (``type``).

    ## Why it matters
    Consumers read the value as the declared type: a number written as a string, or ``null`` where an object
    is expected, breaks them.

    ## Example
    Schema ``{"type": "integer"}``; value ``"60"``.

    ## Reference
    JSON Schema Validation §6.1.1 ``type``.
    """


class JsonSchemaRequired(
    JsonSchemaRule,
    code="json_schema_required",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-required",
):
    """An object lacks a member its schema requires (``required``, ``dependentRequired``, ``dependencies``).

    ## Why it matters
    A required member is what every consumer relies on being there.

    ## Example
    Schema ``{"required": ["language"]}``; object ``{"name": "Bysykkel"}``.

    ## Reference
    JSON Schema Validation §6.5.3 ``required`` and §6.5.4 ``dependentRequired`` (draft-07 ``dependencies``).
    """


class JsonSchemaEnum(
    JsonSchemaRule, code="json_schema_enum", severity=E, message=SCHEMA_MESSAGE, spec=VAL + "#name-enum"
):
    """A value is not one of the values its schema allows (``enum``, ``const``).

    ## Why it matters
    Enumerated values are codes consumers map to meaning; an unknown code is dropped or misread.

    ## Example
    Schema ``{"enum": ["bicycle", "car"]}``; value ``"bike"``.

    ## Reference
    JSON Schema Validation §6.1.2 ``enum`` and §6.1.3 ``const``.
    """


class JsonSchemaPattern(
    JsonSchemaRule, code="json_schema_pattern", severity=E, message=SCHEMA_MESSAGE, spec=VAL + "#name-pattern"
):
    """A string does not match the regular expression its schema requires (``pattern``).

    ## Why it matters
    Patterns describe codes (currencies, languages, colours) that consumers parse.

    ## Example
    Schema ``{"pattern": "^[A-Z]{3}$"}``; value ``"eur"``.

    ## Reference
    JSON Schema Validation §6.3.3 ``pattern``.
    """


class JsonSchemaFormat(
    JsonSchemaRule,
    code="json_schema_format",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-vocabularies-for-semantic-c",
):
    """A string is not in the format its schema names (``format``: date, date-time, email, uri, ...).

    ## Why it matters
    Dates, e-mail addresses and URIs that do not parse cannot be used. citylint asserts the formats its
    installed checkers know (date, date-time, time, email, uri, uri-reference, ipv4, ipv6, regex, uuid, ...).

    ## Example
    Schema ``{"format": "date"}``; value ``"2026-13-01"``.

    ## Reference
    JSON Schema Validation §7 ``format``.
    """


class JsonSchemaRange(
    JsonSchemaRule,
    code="json_schema_range",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-validation-keywords-for-num",
):
    """A number is outside its schema's bounds (``minimum``, ``maximum``, ``exclusiveMinimum``,
    ``exclusiveMaximum``, ``multipleOf``).

    ## Why it matters
    Out-of-range numbers (a negative capacity, a latitude of 200) are wrong data that consumers may still use.

    ## Example
    Schema ``{"minimum": 0}``; value ``-1``.

    ## Reference
    JSON Schema Validation §6.2.
    """


class JsonSchemaLength(
    JsonSchemaRule,
    code="json_schema_length",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-validation-keywords-for-str",
):
    """A string is shorter or longer than its schema allows (``minLength``, ``maxLength``).

    ## Why it matters
    An empty name or an over-long code does not fit the fields consumers store it in.

    ## Example
    Schema ``{"minLength": 1}``; value ``""``.

    ## Reference
    JSON Schema Validation §6.3.1 ``maxLength`` and §6.3.2 ``minLength``.
    """


class JsonSchemaArray(
    JsonSchemaRule,
    code="json_schema_array",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-validation-keywords-for-arr",
):
    """An array breaks its schema's array constraints (``minItems``, ``maxItems``, ``uniqueItems``,
    ``contains``, ``minContains``, ``maxContains``).

    ## Why it matters
    A list that must not be empty, must hold a given item, or must not repeat one, is relied on as such.

    ## Example
    Schema ``{"minItems": 1}``; value ``[]``.

    ## Reference
    JSON Schema Validation §6.4.
    """


class JsonSchemaObjectSize(
    JsonSchemaRule,
    code="json_schema_object_size",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=VAL + "#name-validation-keywords-for-obj",
):
    """An object has fewer or more members than its schema allows (``minProperties``, ``maxProperties``).

    ## Why it matters
    An empty object where one entry at least is expected (a language map, a price table) carries nothing.

    ## Example
    Schema ``{"minProperties": 1}``; value ``{}``.

    ## Reference
    JSON Schema Validation §6.5.1 ``maxProperties`` and §6.5.2 ``minProperties``.
    """


class JsonSchemaAdditional(
    JsonSchemaRule,
    code="json_schema_additional",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=CORE + "#name-additionalproperties",
):
    """An object or array holds members or items its schema does not allow (``additionalProperties``,
    ``additionalItems``, ``unevaluatedProperties``, ``unevaluatedItems``, ``propertyNames``).

    ## Why it matters
    A closed schema lists every member: an extra one is often a misspelt name whose value consumers never see.

    ## Example
    Schema ``{"properties": {"name": {}}, "additionalProperties": false}``; object ``{"nmae": "x"}``.

    ## Reference
    JSON Schema Core §10.3.2 (``additionalProperties``, ``propertyNames``) and §11 (unevaluated locations).
    """


class JsonSchemaCombination(
    JsonSchemaRule,
    code="json_schema_combination",
    severity=E,
    message=SCHEMA_MESSAGE,
    spec=CORE + "#name-keywords-for-applying-subsch",
):
    """A value matches none, or more than one, of the alternatives its schema combines (``anyOf``, ``oneOf``,
    ``allOf``, ``not``).

    ## Why it matters
    Alternatives describe the shapes a value may take (a station by id or by coordinates); a value of none of
    them is understood by no consumer.

    ## Example
    Schema ``{"oneOf": [{"required": ["station_id"]}, {"required": ["lat", "lon"]}]}``; object ``{}``.

    ## Reference
    JSON Schema Core §10.2.1 (``allOf``, ``anyOf``, ``oneOf``, ``not``).
    """


class JsonSchemaOther(
    JsonSchemaRule, code="json_schema_other", severity=E, message=SCHEMA_MESSAGE, spec=CORE
):
    """A value fails a schema keyword outside citylint's keyword families (a ``false`` schema, a vocabulary of
    the schema's own).

    ## Why it matters
    The schema's author said this value is not allowed here.

    ## Example
    Schema ``{"properties": {"legacy": false}}``; object ``{"legacy": 1}``.

    ## Reference
    JSON Schema Core §4.3.2 (boolean schemas).
    """


JSON_RULES: tuple[RuleType, ...] = (
    JsonSyntaxError,
    JsonInvalidUtf8,
    JsonDuplicateKey,
    JsonTooDeep,
    JsonNumberOutOfRange,
)

KEYWORD_RULES: dict[str, RuleType] = {
    "type": JsonSchemaType,
    "required": JsonSchemaRequired,
    "dependentRequired": JsonSchemaRequired,
    "dependencies": JsonSchemaRequired,
    "enum": JsonSchemaEnum,
    "const": JsonSchemaEnum,
    "pattern": JsonSchemaPattern,
    "format": JsonSchemaFormat,
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), JsonSchemaRange
    ),
    "minLength": JsonSchemaLength,
    "maxLength": JsonSchemaLength,
    **dict.fromkeys(
        ("minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains"), JsonSchemaArray
    ),
    "minProperties": JsonSchemaObjectSize,
    "maxProperties": JsonSchemaObjectSize,
    **dict.fromkeys(
        (
            "additionalProperties",
            "additionalItems",
            "unevaluatedProperties",
            "unevaluatedItems",
            "propertyNames",
        ),
        JsonSchemaAdditional,
    ),
    **dict.fromkeys(("anyOf", "oneOf", "allOf", "not"), JsonSchemaCombination),
}

SCHEMA_RULES: tuple[RuleType, ...] = (
    JsonSchemaType,
    JsonSchemaRequired,
    JsonSchemaEnum,
    JsonSchemaPattern,
    JsonSchemaFormat,
    JsonSchemaRange,
    JsonSchemaLength,
    JsonSchemaArray,
    JsonSchemaObjectSize,
    JsonSchemaAdditional,
    JsonSchemaCombination,
    JsonSchemaOther,
)

RULES: tuple[RuleType, ...] = JSON_RULES + SCHEMA_RULES
