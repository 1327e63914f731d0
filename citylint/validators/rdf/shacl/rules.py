"""One rule per SHACL constraint component: SHACL Core (§4) and SHACL-SPARQL (§5, §6).

Codes are ``shacl_`` + the component's local name without ``ConstraintComponent``, in snake_case
(``sh:MinCountConstraintComponent`` → ``shacl_min_count``); the prefix keeps them apart from JSON Schema and
GTFS codes that use the same words. Each finding's severity is the result's ``sh:resultSeverity`` (Violation →
ERROR, Warning → WARNING, Info → INFO) unless the profile overrides the code's severity; the default below is
what a shape without ``sh:severity`` gives. ``sh:property`` has no rule: the spec reports the results of the
property shape itself, never a result of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from citylint.i18n import N_
from citylint.model import EifLayer, Severity
from citylint.rules import RuleDef, RuleType

if TYPE_CHECKING:
    from citylint.validators.rdf.shacl.fast.engine import Handler, ValueTest

SPEC = "https://www.w3.org/TR/shacl/#"
MESSAGE = "{where}: {resultMessage}"
E, S = Severity.ERROR, EifLayer.SEMANTIC


class RdfRule(RuleDef, family="rdf"):
    """Base of the rules about RDF documents as such (syntax)."""


class ShaclRule(RuleDef, family="shacl"):
    """Base of the SHACL rules: one per constraint component.

    A component's class is the one place that describes it, as pySHACL has one class per component
    (``pyshacl/constraints/core/*.py``, e.g. ``cardinality_constraints.py``'s ``MinCountConstraintComponent``
    with its parameters, its ``make_generic_messages`` and its ``evaluate``): its documentation (the
    docstring), code and severity; the message citylint writes for a result whose shape gives none
    (``template``, with the shape's ``template_parameter``; see :mod:`.messages`); and how the fast engine
    evaluates it (``fast_parameter``, the shape parameter it compiles, and the SPARQL that does it,
    ``fast_handler`` or, for a component that tests each value node on its own, ``fast_value_test``). The two
    functions live in :mod:`.fast.engine`, which gives them to the classes when it loads (``@compiles``,
    ``@tests_each_value``): the registry lists rules without loading rdflib or pyoxigraph.
    ``messages.TEMPLATES`` and the fast engine's ``COMPONENTS`` / ``VALUE_TESTS`` are derived from these
    classes.
    """

    component: ClassVar[str] = ""  # the component's local name in the sh: namespace
    template: ClassVar[str | None] = None  # {focus}, {path}, {value}, {param}; marked N_ for the catalogue
    template_parameter: ClassVar[str | None] = None  # local name in sh: of the parameter written as {param}
    fast_parameter: ClassVar[str | None] = None  # local name in sh: of the parameter the fast engine compiles
    fast_handler: ClassVar[Handler | None] = None
    fast_value_test: ClassVar[ValueTest | None] = None

    @classmethod
    def local_name(cls) -> str:
        """The component's local name without ``ConstraintComponent`` (``MinCount``)."""
        return cls.component.removesuffix("ConstraintComponent")


class RdfSyntaxErrorRule(
    RdfRule,
    code="rdf_syntax_error",
    severity=E,
    message="{filename}{position}: {message}",
    spec="https://www.w3.org/TR/rdf12-concepts/",
    layer=EifLayer.TECHNICAL,
):
    """An RDF document is not well-formed in its syntax (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML).

    ## Why it matters
    A document that does not parse cannot be read by any RDF tool; none of its statements can be checked or
    used. The finding gives the line and column where the parser reports them.

    ## Example
    ``ex:lamp a saref:Device`` with no final ``.``: Turtle expects ``.`` at the end of a statement.

    ## Reference
    RDF 1.1 Turtle, N-Triples, N-Quads, TriG, JSON-LD 1.1 and RDF/XML grammars (W3C Recommendations).
    """


class ShaclClass(
    ShaclRule,
    code="shacl_class",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "ClassConstraintComponent",
    layer=S,
):
    """A value is not an instance of the class its shape requires (sh:class).

    ## Why it matters
    Consumers follow the link expecting a resource of that type (a sensor, a property, a unit).

    ## Example
    Shape ``sh:path saref:measuresProperty ; sh:class saref:Property``; data ``ex:m saref:measuresProperty
    ex:Kitchen`` where ``ex:Kitchen`` is no ``saref:Property``.

    ## Reference
    SHACL §4.1.1: "For each value node that is either a literal, or a non-literal that is not a SHACL instance
    of $class in the data graph, there is a validation result with the value node as sh:value."
    """

    component = "ClassConstraintComponent"
    template_parameter = "class"
    template = N_("Value {value} does not have class {param}")
    fast_parameter = "class"


class ShaclDatatype(
    ShaclRule,
    code="shacl_datatype",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "DatatypeConstraintComponent",
    layer=S,
):
    """A value is not a literal of the datatype its shape requires, or is ill-typed (sh:datatype).

    ## Why it matters
    A measurement typed as a string, or an ``xsd:dateTime`` that is not a date, cannot be compared or
    computed.

    ## Example
    Shape ``sh:path saref:hasValue ; sh:datatype xsd:decimal``; data ``saref:hasValue "twelve"``.

    ## Reference
    SHACL §4.1.2: "For each value node that is not a literal, or is a literal with a datatype that does not
    match $datatype, there is a validation result with the value node as sh:value."
    """

    component = "DatatypeConstraintComponent"
    template_parameter = "datatype"
    template = N_("Value {value} is not a literal with datatype {param}")
    fast_parameter = "datatype"


class ShaclNodeKind(
    ShaclRule,
    code="shacl_node_kind",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "NodeKindConstraintComponent",
    layer=S,
):
    """A value is not of the node kind its shape requires: IRI, blank node or literal (sh:nodeKind).

    ## Why it matters
    A literal where an IRI is expected cannot be linked to; a blank node cannot be referenced from outside.

    ## Example
    Shape ``sh:path dcat:accessURL ; sh:nodeKind sh:IRI``; data ``dcat:accessURL "http://x.org/"`` (a string,
    not an IRI).

    ## Reference
    SHACL §4.1.3: "For each value node that does not match $nodeKind, there is a validation result with the
    value node as sh:value."
    """

    component = "NodeKindConstraintComponent"
    template_parameter = "nodeKind"
    template = N_("Value {value} is not of node kind {param}")
    fast_parameter = "nodeKind"


class ShaclMinCount(
    ShaclRule,
    code="shacl_min_count",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MinCountConstraintComponent",
    layer=S,
):
    """A property has fewer values than its shape's sh:minCount (typically: a required property is missing).

    ## Why it matters
    Required information is absent: a consumer cannot rely on it being there.

    ## Example
    Shape ``sh:path dct:title ; sh:minCount 1``; data: a dataset without ``dct:title``.

    ## Reference
    SHACL §4.2.1: "If the number of value nodes is less than $minCount, there is a validation result."
    """

    component = "MinCountConstraintComponent"
    template_parameter = "minCount"
    template = N_("Less than {param} values on {path}")
    fast_parameter = "minCount"


class ShaclMaxCount(
    ShaclRule,
    code="shacl_max_count",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MaxCountConstraintComponent",
    layer=S,
):
    """A property has more values than its shape's sh:maxCount.

    ## Why it matters
    Two values where one is allowed (two timestamps, two units) leave the consumer to guess which is right.

    ## Example
    Shape ``sh:path saref:hasTimestamp ; sh:maxCount 1``; data: an observation with two timestamps.

    ## Reference
    SHACL §4.2.2: "If the number of value nodes is greater than $maxCount, there is a validation result."
    """

    component = "MaxCountConstraintComponent"
    template_parameter = "maxCount"
    template = N_("More than {param} values on {path}")
    fast_parameter = "maxCount"


class ShaclMinExclusive(
    ShaclRule,
    code="shacl_min_exclusive",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MinExclusiveConstraintComponent",
    layer=S,
):
    """A value is not greater than its shape's sh:minExclusive (or cannot be compared with it).

    ## Why it matters
    Out-of-range values (a negative capacity) are errors in the data or in its units.

    ## Example
    Shape ``sh:path ex:capacity ; sh:minExclusive 0``; data ``ex:capacity 0``.

    ## Reference
    SHACL §4.3.1: "For each value node v where the SPARQL expression $minExclusive < v does not return true,
    there is a validation result with v as sh:value."
    """

    component = "MinExclusiveConstraintComponent"
    template_parameter = "minExclusive"
    template = N_("Value {value} is not > {param}")
    fast_parameter = "minExclusive"


class ShaclMinInclusive(
    ShaclRule,
    code="shacl_min_inclusive",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MinInclusiveConstraintComponent",
    layer=S,
):
    """A value is less than its shape's sh:minInclusive (or cannot be compared with it).

    ## Why it matters
    Out-of-range values are errors in the data or in its units.

    ## Example
    Shape ``sh:path ex:level ; sh:minInclusive 0``; data ``ex:level -1``.

    ## Reference
    SHACL §4.3.2: "For each value node v where the SPARQL expression $minInclusive <= v does not return true,
    there is a validation result with v as sh:value."
    """

    component = "MinInclusiveConstraintComponent"
    template_parameter = "minInclusive"
    template = N_("Value {value} is not >= {param}")
    fast_parameter = "minInclusive"


class ShaclMaxExclusive(
    ShaclRule,
    code="shacl_max_exclusive",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MaxExclusiveConstraintComponent",
    layer=S,
):
    """A value is not less than its shape's sh:maxExclusive (or cannot be compared with it).

    ## Why it matters
    Out-of-range values are errors in the data or in its units.

    ## Example
    Shape ``sh:path ex:ratio ; sh:maxExclusive 1``; data ``ex:ratio 1``.

    ## Reference
    SHACL §4.3.3: "For each value node v where the SPARQL expression $maxExclusive > v does not return true,
    there is a validation result with v as sh:value."
    """

    component = "MaxExclusiveConstraintComponent"
    template_parameter = "maxExclusive"
    template = N_("Value {value} is not < {param}")
    fast_parameter = "maxExclusive"


class ShaclMaxInclusive(
    ShaclRule,
    code="shacl_max_inclusive",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MaxInclusiveConstraintComponent",
    layer=S,
):
    """A value is greater than its shape's sh:maxInclusive (or cannot be compared with it).

    ## Why it matters
    Out-of-range values (an occupancy above 100 %) are errors in the data or in its units.

    ## Example
    Shape ``sh:path ex:occupancy ; sh:maxInclusive 100``; data ``ex:occupancy 120``.

    ## Reference
    SHACL §4.3.4: "For each value node v where the SPARQL expression $maxInclusive >= v does not return true,
    there is a validation result with v as sh:value."
    """

    component = "MaxInclusiveConstraintComponent"
    template_parameter = "maxInclusive"
    template = N_("Value {value} is not <= {param}")
    fast_parameter = "maxInclusive"


class ShaclMinLength(
    ShaclRule,
    code="shacl_min_length",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MinLengthConstraintComponent",
    layer=S,
):
    """A value's string form is shorter than its shape's sh:minLength, or the value is a blank node.

    ## Why it matters
    Empty or truncated labels and identifiers are useless to the people and programs that read them.

    ## Example
    Shape ``sh:path rdfs:label ; sh:minLength 1``; data ``rdfs:label ""``.

    ## Reference
    SHACL §4.4.1: "For each value node v where the length (as defined by the SPARQL STRLEN function) of the
    string representation of v (as defined by the SPARQL str function) is less than $minLength, or where v is
    a blank node, there is a validation result with v as sh:value."
    """

    component = "MinLengthConstraintComponent"
    template_parameter = "minLength"
    template = N_("String length of {value} is not >= {param}")
    fast_parameter = "minLength"


class ShaclMaxLength(
    ShaclRule,
    code="shacl_max_length",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "MaxLengthConstraintComponent",
    layer=S,
):
    """A value's string form is longer than its shape's sh:maxLength, or the value is a blank node.

    ## Why it matters
    Over-long values break the systems that store or display them (codes, short names).

    ## Example
    Shape ``sh:path ex:code ; sh:maxLength 3``; data ``ex:code "ABCD"``.

    ## Reference
    SHACL §4.4.2: "For each value node v where the length (as defined by the SPARQL STRLEN function) of the
    string representation of v (as defined by the SPARQL str function) is greater than $maxLength, or where v
    is a blank node, there is a validation result with v as sh:value."
    """

    component = "MaxLengthConstraintComponent"
    template_parameter = "maxLength"
    template = N_("String length of {value} is not <= {param}")
    fast_parameter = "maxLength"


class ShaclPattern(
    ShaclRule,
    code="shacl_pattern",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "PatternConstraintComponent",
    layer=S,
):
    """A value does not match its shape's regular expression (sh:pattern), or is a blank node.

    ## Why it matters
    Codes and identifiers in the wrong form (a postcode, an EIC code) do not join with other data.

    ## Example
    Shape ``sh:path ex:postcode ; sh:pattern "^[0-9]{5}$"``; data ``ex:postcode "7500"``.

    ## Reference
    SHACL §4.4.3: "For each value node that is a blank node or where the string representation (as defined by
    the SPARQL str function) of the value node does not match the regular expression $pattern (as defined by
    the SPARQL REGEX function), there is a validation result with the value node as sh:value."
    """

    component = "PatternConstraintComponent"
    template_parameter = "pattern"
    template = N_("Value {value} does not match pattern {param}")
    fast_parameter = "pattern"


class ShaclLanguageIn(
    ShaclRule,
    code="shacl_language_in",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "LanguageInConstraintComponent",
    layer=S,
):
    """A value is not a literal with one of the language tags its shape allows (sh:languageIn).

    ## Why it matters
    Multilingual portals pick labels by language tag; an untagged or wrongly tagged label is never shown.

    ## Example
    Shape ``sh:path dct:title ; sh:languageIn ("en" "fr")``; data ``dct:title "Titel"@de``.

    ## Reference
    SHACL §4.4.4: "For each value node that is either not a literal or that does not have a language tag
    matching any of the basic language ranges that are the members of $languageIn following the filtering
    schema defined by the SPARQL langMatches function, there is a validation result with the value node as
    sh:value."
    """

    component = "LanguageInConstraintComponent"
    template_parameter = "languageIn"
    template = N_("Language of {value} is not in {param}")
    fast_parameter = "languageIn"


class ShaclUniqueLang(
    ShaclRule,
    code="shacl_unique_lang",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "UniqueLangConstraintComponent",
    layer=S,
):
    """Two values of a property share a language tag where its shape allows one per language (sh:uniqueLang).

    ## Why it matters
    Two English titles for one dataset leave catalogues to pick one at random.

    ## Example
    Shape ``sh:path dct:title ; sh:uniqueLang true``; data ``dct:title "Parking"@en, "Car park"@en``.

    ## Reference
    SHACL §4.4.5: "If $uniqueLang is true then for each non-empty language tag that is used by at least two
    value nodes, there is a validation result."
    """

    component = "UniqueLangConstraintComponent"
    template = N_("More than one string shares the same language on {path}")
    fast_parameter = "uniqueLang"


class ShaclEquals(
    ShaclRule,
    code="shacl_equals",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "EqualsConstraintComponent",
    layer=S,
):
    """The values of a property differ from those of the property its shape says must be equal (sh:equals).

    ## Why it matters
    Two properties meant to carry the same values disagree: at least one of them is wrong.

    ## Example
    Shape ``sh:path ex:name ; sh:equals rdfs:label``; data ``ex:name "A" ; rdfs:label "B"``.

    ## Reference
    SHACL §4.5.1: "For each value node that does not exist as a value of the property $equals at the focus
    node, there is a validation result with the value node as sh:value. For each value of the property $equals
    at the focus node that is not one of the value nodes, there is a validation result with the value as
    sh:value."
    """

    component = "EqualsConstraintComponent"
    template_parameter = "equals"
    template = N_("Value {value} of {path} is not a value of {param}, or the reverse")
    fast_parameter = "equals"


class ShaclDisjoint(
    ShaclRule,
    code="shacl_disjoint",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "DisjointConstraintComponent",
    layer=S,
):
    """A value of a property is also a value of the property its shape says must be disjoint (sh:disjoint).

    ## Why it matters
    The same value in two properties meant to differ (a preferred and an alternative label) is a copy error.

    ## Example
    Shape ``sh:path skos:prefLabel ; sh:disjoint skos:altLabel``; data with the same label in both.

    ## Reference
    SHACL §4.5.2: "For each value node that also exists as a value of the property $disjoint at the focus
    node, there is a validation result with the value node as sh:value."
    """

    component = "DisjointConstraintComponent"
    template_parameter = "disjoint"
    template = N_("Value {value} of {path} is also a value of {param}")
    fast_parameter = "disjoint"


class ShaclLessThan(
    ShaclRule,
    code="shacl_less_than",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "LessThanConstraintComponent",
    layer=S,
):
    """A value is not less than a value of the property its shape compares it with (sh:lessThan).

    ## Why it matters
    A period that ends before it starts, a minimum above its maximum: the data contradicts itself.

    ## Example
    Shape ``sh:path ex:start ; sh:lessThan ex:end``; data ``ex:start 5 ; ex:end 3``.

    ## Reference
    SHACL §4.5.3: "For each pair of value nodes and the values of the property $lessThan at the given focus
    node where the first value is not less than the second value (based on SPARQL's < operator) or where the
    two values cannot be compared, there is a validation result with the value node as sh:value."
    """

    component = "LessThanConstraintComponent"
    template_parameter = "lessThan"
    template = N_("Value {value} of {path} is not < every value of {param}")
    fast_parameter = "lessThan"


class ShaclLessThanOrEquals(
    ShaclRule,
    code="shacl_less_than_or_equals",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "LessThanOrEqualsConstraintComponent",
    layer=S,
):
    """A value is greater than a value of the property its shape compares it with (sh:lessThanOrEquals).

    ## Why it matters
    The data contradicts itself (a start after an end).

    ## Example
    Shape ``sh:path ex:min ; sh:lessThanOrEquals ex:max``; data ``ex:min 5 ; ex:max 3``.

    ## Reference
    SHACL §4.5.4: "For each pair of value nodes and the values of the property $lessThanOrEquals at the given
    focus node where the first value is not less than or equal to the second value (based on SPARQL's <=
    operator) or where the two values cannot be compared, there is a validation result with the value node as
    sh:value."
    """

    component = "LessThanOrEqualsConstraintComponent"
    template_parameter = "lessThanOrEquals"
    template = N_("Value {value} of {path} is not <= every value of {param}")
    fast_parameter = "lessThanOrEquals"


class ShaclNot(
    ShaclRule, code="shacl_not", severity=E, message=MESSAGE, spec=SPEC + "NotConstraintComponent", layer=S
):
    """A value conforms to a shape it must not conform to (sh:not).

    ## Why it matters
    The data uses a pattern the publisher's profile excludes (a deprecated term, a forbidden combination).

    ## Example
    Shape ``sh:not [ sh:class ex:Deprecated ]``; data: a node typed ``ex:Deprecated``.

    ## Reference
    SHACL §4.6.1: "if v conforms to the shape $not, there is validation result with v as sh:value."
    """

    component = "NotConstraintComponent"
    template_parameter = "not"
    template = N_("Value {value} must not conform to shape {param}")
    fast_parameter = "not"


class ShaclAnd(
    ShaclRule, code="shacl_and", severity=E, message=MESSAGE, spec=SPEC + "AndConstraintComponent", layer=S
):
    """A value does not conform to every shape of an sh:and list.

    ## Why it matters
    Part of a combined requirement is not met.

    ## Example
    Shape ``sh:and ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] )``; data with ``ex:a``
    only.

    ## Reference
    SHACL §4.6.2: "if v does not conform to each member of $and, there is a validation result with v as
    sh:value."
    """

    component = "AndConstraintComponent"
    template_parameter = "and"
    template = N_("Value {value} must conform to all shapes in {param}")
    fast_parameter = "and"


class ShaclOr(
    ShaclRule, code="shacl_or", severity=E, message=MESSAGE, spec=SPEC + "OrConstraintComponent", layer=S
):
    """A value conforms to none of the shapes of an sh:or list.

    ## Why it matters
    None of the accepted alternatives (e.g. a literal date or a time instant) is present.

    ## Example
    Shape ``sh:or ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] )``; data with neither.

    ## Reference
    SHACL §4.6.3: "if v conforms to none of the members of $or there is a validation result with v as
    sh:value."
    """

    component = "OrConstraintComponent"
    template_parameter = "or"
    template = N_("Value {value} must conform to one or more shapes in {param}")
    fast_parameter = "or"


class ShaclXone(
    ShaclRule, code="shacl_xone", severity=E, message=MESSAGE, spec=SPEC + "XoneConstraintComponent", layer=S
):
    """A value conforms to none, or to more than one, of the shapes of an sh:xone list.

    ## Why it matters
    Exactly one alternative was required; none or several make the data ambiguous.

    ## Example
    Shape ``sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] )``; data with both.

    ## Reference
    SHACL §4.6.4: "if the number of members of $xone that v conforms to is not exactly one, there is a
    validation result with v as sh:value."
    """

    component = "XoneConstraintComponent"
    template_parameter = "xone"
    template = N_("Value {value} must conform to exactly one shape in {param}")
    fast_parameter = "xone"


class ShaclNode(
    ShaclRule, code="shacl_node", severity=E, message=MESSAGE, spec=SPEC + "NodeConstraintComponent", layer=S
):
    """A value does not conform to the node shape its shape requires (sh:node).

    ## Why it matters
    The linked resource (an address, a contact point) is itself incomplete or malformed.

    ## Example
    Shape ``sh:path ex:address ; sh:node ex:AddressShape``; data: an address without the street that
    ``ex:AddressShape`` requires.

    ## Reference
    SHACL §4.7.1: "if v does not conform to $node, there is a validation result with v as sh:value."
    """

    component = "NodeConstraintComponent"
    template_parameter = "node"
    template = N_("Value {value} does not conform to shape {param}")
    fast_parameter = "node"


class ShaclQualifiedMinCount(
    ShaclRule,
    code="shacl_qualified_min_count",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "QualifiedValueShapeConstraintComponent",
    layer=S,
):
    """Fewer values than sh:qualifiedMinCount conform to the sh:qualifiedValueShape.

    ## Why it matters
    A required kind of value (e.g. at least one distribution in an open format) is missing among the values.

    ## Example
    Shape ``sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Wheel ] ; sh:qualifiedMinCount 1``; data:
    no part is a wheel.

    ## Reference
    SHACL §4.7.3: "there is a validation result if the number of value nodes v where v conforms to
    $qualifiedValueShape [...] is less than $qualifiedMinCount."
    """

    component = "QualifiedMinCountConstraintComponent"
    template_parameter = "qualifiedMinCount"
    template = N_("Less than {param} values on {path} conform to the qualified shape")
    fast_parameter = "qualifiedValueShape"


class ShaclQualifiedMaxCount(
    ShaclRule,
    code="shacl_qualified_max_count",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "QualifiedValueShapeConstraintComponent",
    layer=S,
):
    """More values than sh:qualifiedMaxCount conform to the sh:qualifiedValueShape.

    ## Why it matters
    A kind of value that may appear only so often appears more often.

    ## Example
    Shape ``sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:Wheel ] ; sh:qualifiedMaxCount 1``; data:
    two wheels.

    ## Reference
    SHACL §4.7.3: "there is a validation result if the number of value nodes v where v conforms to
    $qualifiedValueShape [...] is greater than $qualifiedMaxCount."
    """

    component = "QualifiedMaxCountConstraintComponent"
    template_parameter = "qualifiedMaxCount"
    template = N_("More than {param} values on {path} conform to the qualified shape")
    fast_parameter = "qualifiedValueShape"


class ShaclClosed(
    ShaclRule,
    code="shacl_closed",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "ClosedConstraintComponent",
    layer=S,
):
    """A resource uses a property its closed shape does not declare (sh:closed).

    ## Why it matters
    Undeclared properties are often typos or vendor additions that no consumer of the profile understands.

    ## Example
    Shape ``sh:closed true ; sh:property [ sh:path ex:name ]``; data ``ex:name "A" ; ex:colour "red"``.

    ## Reference
    SHACL §4.8.1: "If $closed is true then there is a validation result for each triple that has a value node
    as its subject and a predicate that is not explicitly enumerated as a value of sh:path in any of the
    property shapes declared via sh:property at the current shape."
    """

    component = "ClosedConstraintComponent"
    template = N_("Node {focus} is closed: it cannot have {path} {value}")
    fast_parameter = "closed"


class ShaclHasValue(
    ShaclRule,
    code="shacl_has_value",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "HasValueConstraintComponent",
    layer=S,
):
    """A property lacks the value its shape requires (sh:hasValue).

    ## Why it matters
    A required fixed value (a conformsTo link to the profile, a type) is missing.

    ## Example
    Shape ``sh:path dct:conformsTo ; sh:hasValue <https://w3id.org/mobilitydcat-ap>``; data conforming to
    nothing.

    ## Reference
    SHACL §4.8.2: "If the RDF term $hasValue is not among the value nodes, there is a validation result."
    """

    component = "HasValueConstraintComponent"
    template_parameter = "hasValue"
    template = N_("{path} does not have the value {param}")
    fast_parameter = "hasValue"


class ShaclIn(
    ShaclRule, code="shacl_in", severity=E, message=MESSAGE, spec=SPEC + "InConstraintComponent", layer=S
):
    """A value is not one of the values its shape enumerates (sh:in).

    ## Why it matters
    A value outside the controlled list (a licence, a theme, a unit) cannot be interpreted by consumers.

    ## Example
    Shape ``sh:path ex:status ; sh:in ("open" "closed")``; data ``ex:status "unknown"``.

    ## Reference
    SHACL §4.8.3: "For each value node that is not a member of $in, there is a validation result with the
    value node as sh:value."
    """

    component = "InConstraintComponent"
    template_parameter = "in"
    template = N_("Value {value} is not in {param}")
    fast_parameter = "in"


class ShaclSparql(
    ShaclRule,
    code="shacl_sparql",
    severity=E,
    message=MESSAGE,
    spec=SPEC + "SPARQLConstraintComponent",
    layer=S,
):
    """A SPARQL-based constraint (sh:sparql) returned a solution for this focus node.

    ## Why it matters
    The shape's author wrote a rule beyond SHACL Core (a consistency check across resources) and the data
    breaks it; the message is the author's.

    ## Example
    Shape ``sh:sparql [ sh:select "SELECT $this WHERE { $this ex:end ?e ; ex:start ?s FILTER (?e < ?s) }" ]``;
    data with an end before its start.

    ## Reference
    SHACL §5.3: each solution of the constraint's SELECT query, run with ``$this`` bound to the focus node,
    is a validation result whose sh:sourceConstraintComponent is sh:SPARQLConstraintComponent.
    """

    component = "SPARQLConstraintComponent"


class ShaclCustomComponent(
    ShaclRule,
    code="shacl_custom_component",
    severity=E,
    message="{where}: {resultMessage} ({sourceConstraintComponent})",
    spec=SPEC + "constraint-components",
    layer=S,
):
    """A value breaks a constraint component defined in the shapes graph itself (SHACL-SPARQL §6).

    ## Why it matters
    Shapes graphs can define their own components (sh:ConstraintComponent with SPARQL validators); the
    finding names the component's IRI in ``sourceConstraintComponent``.

    ## Example
    A shapes graph defining ``ex:MaxWordsConstraintComponent`` with a SPARQL validator, used by a shape as
    ``ex:maxWords 3``; data with a four-word title.

    ## Reference
    SHACL §6: SPARQL-based constraint components; each solution of the component's validator is a validation
    result whose sh:sourceConstraintComponent is the component.
    """


class ShaclNotEvaluated(
    ShaclRule,
    code="shacl_not_evaluated",
    severity=Severity.WARNING,
    message="{filename}: not evaluated: {feature} ({reason}; {count} use(s), e.g. {example})",
    spec="https://www.w3.org/TR/shacl-af/",
    layer=S,
):
    """The shapes use a feature this run does not evaluate: what it would check was not checked.

    ## Why it matters
    A "conforms" only covers what was evaluated. SHACL-JavaScript, entailment regimes, DASH constraint
    parameters whose component is not loaded, custom targets and owl:imports that cannot be followed offline
    are silently skipped by SHACL engines; citylint says so, one finding per cause with the number of uses. An
    ``owl:imports`` that cannot be followed is reported as INFO: the imported graph may hold no shape at all.

    ## Example
    A shape with ``sh:js [ sh:jsFunctionName "hasLamp" ]``, or ``ex:Shape dash:uniqueValueForClass ex:Lamp``
    while the shapes graph does not declare DASH's components.

    ## Reference
    SHACL §6.4 (entailment: a processor that does not support a regime must signal it); SHACL Advanced
    Features and SHACL-JS (W3C Working Group Notes); pyshacl 0.40 evaluates SHACL-AF with ``advanced=True``
    and SHACL-JS only with its ``js`` extra.
    """


COMPONENT_RULES: tuple[type[ShaclRule], ...] = (
    ShaclClass,
    ShaclDatatype,
    ShaclNodeKind,
    ShaclMinCount,
    ShaclMaxCount,
    ShaclMinExclusive,
    ShaclMinInclusive,
    ShaclMaxExclusive,
    ShaclMaxInclusive,
    ShaclMinLength,
    ShaclMaxLength,
    ShaclPattern,
    ShaclLanguageIn,
    ShaclUniqueLang,
    ShaclEquals,
    ShaclDisjoint,
    ShaclLessThan,
    ShaclLessThanOrEquals,
    ShaclNot,
    ShaclAnd,
    ShaclOr,
    ShaclXone,
    ShaclNode,
    ShaclQualifiedMinCount,
    ShaclQualifiedMaxCount,
    ShaclClosed,
    ShaclHasValue,
    ShaclIn,
    ShaclSparql,
)
BY_COMPONENT: dict[str, type[ShaclRule]] = {
    "http://www.w3.org/ns/shacl#" + rule.component: rule for rule in COMPONENT_RULES
}
RULES: tuple[RuleType, ...] = (RdfSyntaxErrorRule, *COMPONENT_RULES, ShaclCustomComponent, ShaclNotEvaluated)


def rule_for(component: str) -> type[ShaclRule]:
    """The rule of a constraint component IRI; components defined in the shapes graph share one rule."""
    return BY_COMPONENT.get(component, ShaclCustomComponent)
