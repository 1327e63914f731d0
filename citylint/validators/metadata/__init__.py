"""The ``metadata`` validator: citylint's cross-cutting checks of a dataset's DCAT metadata (licence, formats,
access and hosting, language, publisher and contact, standards, dates). The official DCAT-AP and
mobilityDCAT-AP shapes run beside it through the ``shacl`` validator (profiles ``dcat-ap``,
``mobilitydcat-ap``).

The metadata checked is ``--metadata FILE`` or the DCAT file beside the data (see :mod:`.source`), else the
input itself when it is an RDF document; a GTFS input without metadata is left to the GTFS rule
``licence_not_declared``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint import standards
from citylint.collector import FindingSink
from citylint.i18n import N_
from citylint.model import Report, Severity, Verdict
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator
from citylint.validators.metadata.rules import RULES, LicenceMissing
from citylint.validators.metadata.source import metadata_file
from citylint.validators.parameters import MetadataParameters
from citylint.validators.rdf.formats import sniff_format

STANDARD_SCHEME = "standard"
ADVICE_SCHEME = "citylint-metadata"
STANDARD_PASSED = N_("Conformant to the standard: its official checks report no error")
STANDARD_FAILED = N_("Not conformant to the standard: its official checks report errors")
ADVICE_PASSED = N_("citylint's own metadata checks: no error")
ADVICE_FAILED = N_("citylint's own metadata checks: errors (advice beyond the standard)")


def _target(path: Path, context: Context) -> Path | None:
    found = metadata_file(path, context.options)
    if found is not None:
        return found
    if path.is_file() and sniff_format(path) is not None:
        # a profile for any data (eif4scc: ``input: dcat-only``) reads an RDF input as metadata only when it
        # speaks DCAT; SAREF or NGSI-LD data is not a catalogue and gets its own validators' checks instead
        if (
            context.settings(MetadataParameters).input == "dcat-only"
            and b"http://www.w3.org/ns/dcat#" not in path.read_bytes()
        ):
            return None
        return path
    return None


class MetadataValidator(Validator):
    name: ClassVar[str] = "metadata"
    parameter_class: ClassVar[type[Any] | None] = MetadataParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs", "rdf", "gbfs"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        target = _target(path, context)
        if target is None:
            context.handoffs.checks_not_run.update(r.rule.code for r in RULES)
            return {}
        if not target.is_file():
            raise InputError(f"metadata file not found: {target}")
        # imported here: the checks need rdflib, which a run without metadata does not load
        from citylint.validators.metadata import access, description, formats, licence, vocabulary
        from citylint.validators.metadata.dcat import Metadata, load
        from citylint.validators.rdf.load import RdfNetworkRefused, RdfSyntaxError

        try:
            meta = Metadata(load(target), target.name)
        except RdfSyntaxError as error:
            where = f"line {error.line}: " if error.line is not None else ""
            raise InputError(f"metadata {target}: {where}{error.message}") from error
        except (RdfNetworkRefused, standards.StandardsError) as exc:
            raise InputError(f"metadata {target}: {exc}") from exc
        except OSError as exc:
            raise InputError(f"metadata {target}: cannot read: {exc.strerror or exc}") from exc
        licences = licence.check(meta, sink)
        evidence = context.handoffs.evidence
        if evidence is not None and sink.wants(LicenceMissing):
            evidence.assessed.add("licence")  # the lock-in score's legal layer was assessed
        if evidence is not None:
            from citylint.lockin.licences import worst

            evidence.facts["licence"] = worst(licence.states(meta)).as_dict()
            evidence.facts["distributions"] = len(meta.all_distributions()) or len(meta.datasets())
        found_formats = formats.check(meta, sink)
        found_hosts, platforms = access.check(meta, sink)
        found_standards = description.check(meta, sink, context.validation_date)
        tables = vocabulary.check(meta, sink)
        # the standard beside which these checks are advice (see citylint.sections): the profile's, when the
        # input is the metadata itself (a feed's metadata file is one more input of the feed's own checks)
        standard = context.settings(MetadataParameters).standard if target == path else None
        return {
            "metadata": {
                "standard": standard,
                "file": str(target),
                "datasets": len(meta.datasets()),
                "distributions": len(meta.all_distributions()),
                "licences": licences,
                "formats": found_formats,
                "hosts": found_hosts,
                "platforms": platforms,
                "standards": found_standards,
                "vocabularyTables": tables,
            }
        }

    def verdicts(self, report: Report) -> list[Verdict]:
        """The standard's verdict and citylint's advice verdict, when the report has the two sections."""
        from citylint.sections import advice_notices, standard_name, standard_notices

        if standard_name(report) is None or report.system_errors:
            return []
        own = tuple(
            sorted(n.rule.code for n in standard_notices(report) if n.active and n.severity is Severity.ERROR)
        )
        advice = tuple(
            sorted(n.rule.code for n in advice_notices(report) if n.active and n.severity is Severity.ERROR)
        )
        return [
            Verdict(STANDARD_SCHEME, not own, STANDARD_FAILED if own else STANDARD_PASSED, own),
            Verdict(ADVICE_SCHEME, not advice, ADVICE_FAILED if advice else ADVICE_PASSED, advice),
        ]
