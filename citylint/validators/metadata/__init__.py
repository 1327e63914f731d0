"""The ``metadata`` validator: citylint's cross-cutting checks of a dataset's DCAT metadata (licence, formats,
access and hosting, language, publisher and contact, standards, dates). The official DCAT-AP and
mobilityDCAT-AP shapes run beside it through the ``shacl`` validator (profiles ``dcat-ap``, ``mobilitydcat-ap``).

The metadata checked is ``--metadata FILE`` or the DCAT file beside the data (see :mod:`.source`), else the
input itself when it is an RDF document; a GTFS input without metadata is left to the GTFS rule
``licence_not_declared``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint import standards
from citylint.collector import FindingSink
from citylint.lockin.evidence import Evidence
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator
from citylint.validators.metadata.rules import RULES, LicenceMissing
from citylint.validators.metadata.source import metadata_file
from citylint.validators.parameters import NoParameters
from citylint.validators.rdf.formats import sniff_format


def _target(path: Path, context: Context) -> Path | None:
    found = metadata_file(path, context.options)
    if found is not None:
        return found
    if path.is_file() and sniff_format(path) is not None:
        return path
    return None


class MetadataValidator(Validator):
    name: ClassVar[str] = "metadata"
    parameters: ClassVar[type[Any] | None] = NoParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs", "rdf"})
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        target = _target(path, context)
        if target is None:
            context.shared.setdefault("checks_not_run", []).extend(r.rule.code for r in RULES)
            return {}
        if not target.is_file():
            raise InputError(f"metadata file not found: {target}")
        # imported here: the checks need rdflib, which a run without metadata does not load
        from citylint.validators.metadata import access, description, formats, licence
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
        if isinstance(sink.observer, Evidence) and sink.wants(LicenceMissing):
            sink.observer.assessed.add("licence")  # the lock-in score's legal layer was assessed
        found_formats = formats.check(meta, sink)
        found_hosts = access.check(meta, sink)
        found_standards = description.check(meta, sink, context.validation_date)
        return {"metadata": {
            "file": str(target), "datasets": len(meta.datasets()), "distributions": len(meta.all_distributions()),
            "licences": licences, "formats": found_formats, "hosts": found_hosts, "standards": found_standards,
        }}
