"""Rules of the ``vocabulary`` validator: class and property IRIs against the vocabularies they claim to be
from."""

from __future__ import annotations

from citylint.model import EifLayer, LockinKind, Severity
from citylint.rules import RuleDef

SAREF_SPEC = "https://saref.etsi.org/core/v4.1.1/"
S = EifLayer.SEMANTIC


class VocabularyRule(RuleDef, family="vocabulary"):
    """Base of the vocabulary rules: terms used in RDF data against the vocabularies they belong to."""


class UnknownTerm(
    VocabularyRule,
    code="vocabulary_unknown_term",
    severity=Severity.ERROR,
    message="{term} is not a term of {vocabulary} ({triples} triples); closest term: {suggestion}",
    spec="https://www.w3.org/TR/rdf11-concepts/#vocabularies",
    layer=S,
):
    """A class or property IRI in the namespace of a known vocabulary is not a term of that vocabulary.

    ## Why it matters
    A misspelt or invented term (``saref:hasValu``, ``dcat:downloadUrl``) looks standard but means nothing to
    any consumer: queries and shapes written against the vocabulary silently miss the data. The finding names
    the closest existing term when there is one, which is usually the intended one.

    ## Example
    ``ex:m saref:hasValu "21.5"^^xsd:decimal`` (SAREF core has ``saref:hasValue``).

    ## Reference
    RDF 1.1 Concepts §1.3 (vocabularies and namespace IRIs); the term lists of each vocabulary (rdflib's
    bundled namespaces, the SAREF ontologies of the standards cache).
    """


class DeprecatedTerm(
    VocabularyRule,
    code="vocabulary_deprecated_term",
    severity=Severity.WARNING,
    message="{term} is deprecated in {vocabulary} ({triples} triples); use instead: {suggestion}",
    spec="https://www.w3.org/TR/owl2-syntax/#Annotation_Properties",
    layer=S,
):
    """A class or property of a known vocabulary is used although the vocabulary marks it deprecated.

    ## Why it matters
    Deprecated terms are on their way out: new tools and shapes follow the replacement, so data using the old
    term is understood by fewer and fewer consumers.

    ## Example
    ``ex:alice foaf:givenname "Alice"`` (FOAF marks ``givenname`` archaic; use ``foaf:givenName``).

    ## Reference
    OWL 2 ``owl:deprecated``; FOAF 0.99 term status "archaic"; schema.org ``schema:supersededBy``.
    """


class RemovedSarefTerm(
    VocabularyRule,
    code="saref_removed_term",
    severity=Severity.WARNING,
    message="{term} was deleted from SAREF core in v{removedIn} (last in v{version}); replacement: "
    "{suggestion}",
    spec=SAREF_SPEC,
    layer=S,
):
    """The data uses a SAREF core term that SAREF core v4 deleted (it was deprecated in v3.2.1).

    ## Why it matters
    SAREF core v4.1.1 deleted the terms v3.2.1 had deprecated: the Measurement-based terms (in favour of
    ``saref:Observation`` and ``saref:PropertyValue``) and many device, function, command, state and unit
    classes. Consumers and shapes built on the current SAREF do not know these terms. The finding names the
    last version that declared the term and, where the SAREF change log names it, the replacement.

    ## Example
    ``ex:m a saref:Measurement ; saref:hasValue 21.5`` → ``ex:o a saref:Observation ; saref:hasResult [ a
    saref:PropertyValue ; saref:hasValue 21.5 ]``.

    ## Reference
    ETSI TS 103 264 V4.1.1 (SAREF core), change log "Deprecated classes and properties have been deleted" and
    the migration guide from V3.1.1; the list is derived by ``citylint shapes removed-terms`` from the v3.1.1
    and v4.1.1 ontologies.
    """


class LegacySarefNamespace(
    VocabularyRule,
    code="saref_legacy_namespace",
    severity=Severity.WARNING,
    message="{triples} triples use the pre-v3 SAREF namespace {namespace}; SAREF core is now {current}",
    spec=SAREF_SPEC,
    layer=S,
):
    """The data uses ``https://w3id.org/saref#``, the namespace of SAREF before version 3.

    ## Why it matters
    Since SAREF v3 (ETSI TS 103 264 V3.1.1) every SAREF term lives in ``https://saref.etsi.org/core/``; data
    in the old namespace does not match any current SAREF query, shape or extension.

    ## Example
    ``@prefix saref: <https://w3id.org/saref#>`` → ``@prefix saref: <https://saref.etsi.org/core/>``.

    ## Reference
    ETSI TS 103 264 V3.1.1 and later: namespace ``https://saref.etsi.org/core/``.
    """


class NonStandardNamespace(
    VocabularyRule,
    code="vocabulary_non_standard_namespace",
    severity=Severity.INFO,
    message="{namespace}: {terms} classes/properties used in {triples} triples are from "
    "no known standard vocabulary; mapped to a standard term: {mapped}; closest "
    "standard namespace: {suggestion}",
    spec="https://interoperable-europe.ec.europa.eu/collection/semic-support-centre",
    layer=S,
    lockin=LockinKind.VENDOR_NAMESPACE,
):
    """Classes or properties come from a namespace that belongs to no known standard vocabulary.

    ## Why it matters
    Terms of a vendor's or a project's own namespace are understood only by software that knows that
    namespace; unless they are mapped (``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``owl:equivalentClass``,
    ``owl:equivalentProperty``, ``skos:exactMatch``, ``skos:closeMatch``) to a standard term, a consumer has
    to learn the vendor's model. One finding per namespace gives the number of triples and of mapped terms:
    the raw material of the lock-in analysis.

    ## Example
    ``ex:sensor acme:batteryLevel 80`` with no ``acme:batteryLevel rdfs:subPropertyOf saref:hasValue``.

    ## Reference
    EIF 2017 (European Interoperability Framework) recommendation 4 (give preference to open specifications)
    and SEMIC's core vocabularies; W3C Data on the Web Best Practices, best practice 15 (reuse vocabularies).
    """


class RedefinedSarefTerm(
    VocabularyRule,
    code="saref_redefined_term",
    severity=Severity.WARNING,
    message="the data states what {term} is ({statement}, {triples} triples); SAREF "
    "defines it, instance data uses it",
    spec=SAREF_SPEC,
    layer=S,
):
    """Instance data re-types or re-declares a SAREF term (``saref:Sensor a saref:FeatureKind``).

    ## Why it matters
    A SAREF class is defined by the ontology; data that types it (``saref:Sensor a saref:FeatureKind``), makes
    it a subclass of something else or gives it a domain or range changes what SAREF means for every consumer
    that merges the data with the ontology (an OWL reasoner draws conclusions nobody intended), and it is
    usually a modelling slip: the author meant a kind of their own (``ex:LoopCounterKind a
    saref:FeatureKind``) or an instance (``ex:counter1 a saref:Sensor``). One finding per term, with the
    number of statements.

    ## Example
    ``saref:Device a saref:FeatureKind .`` → ``ex:StreetlightKind a saref:FeatureKind . ex:lamp1
    saref:hasFeatureKind ex:StreetlightKind .``

    ## Reference
    ETSI TS 103 264 V4.1.1 (SAREF core): ``saref:FeatureKind`` "categorises features of interest", its
    instances are kinds of the data; the SAREF classes are declared by the ontology only. Ontology files in a
    SAREF namespace (an ``owl:Ontology`` in that namespace) are not instance data and are not checked.
    """


RULES = (
    UnknownTerm,
    DeprecatedTerm,
    RemovedSarefTerm,
    LegacySarefNamespace,
    RedefinedSarefTerm,
    NonStandardNamespace,
)
