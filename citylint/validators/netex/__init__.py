"""The ``netex`` validator: a NeTEx delivery (one ``PublicationDelivery`` file, a folder or a zip of them)
against the CEN XML Schema, with identifiers, versions and references checked across the whole delivery, and
the French profile (``netex-fr``), transport.data.gouv.fr's base rules and the Nordic profile's codes.

Parameters (profile ``validators: netex:``; run-wide ``--netex-schema`` / ``--netex-version`` win):

* ``schema``: ``structure`` (default: the XSD without identity constraints), ``strict`` (the full XSD, ~100×
  slower), ``off``;
* ``version``: ``1.2.2`` or ``1.3.1`` instead of the one ``PublicationDelivery/@version`` selects;
* ``tree_limit_mb`` (default 48): files up to this size are parsed whole (schema messages with exact lines and
  element paths); larger ones are streamed in flat memory (schema messages located at the first element of the
  name they cite);
* ``french``: run the French profile and base rules; ``nordic``: Nordic checks (numeric versions);
  ``entur_codes``: add Entur's equivalent code to each finding (``enturCode``); ``pan_verdict``: give
  transport.data.gouv.fr's NeTEx verdict; ``external_codespaces``: codespaces of national registries whose
  references a delivery does not hold (``NSR`` in the Nordic profile).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, ClassVar

import yaml

from citylint import standards
from citylint.collector import FindingSink
from citylint.model import Report, Verdict
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator
from citylint.validators.netex import rules as R
from citylint.validators.netex.delivery import Document, delivery_version, documents, is_delivery_head
from citylint.validators.netex.rules import RULES
from citylint.validators.netex.schema import VERSIONS, choose_version, compiled
from citylint.validators.netex.verdict import category
from citylint.validators.netex.walk import DeliveryIndex, Options, Walker, finish
from citylint.validators.parameters import NetexParameters

SCHEMA_MODES = ("structure", "strict", "off")
_NS_BRACES = re.compile(r"\{http://www\.netex\.org\.uk/netex\}")
_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([\w.-]+)'")
_IDENTITY = ("identity constraint", "key-sequence", "keyref", "No match found for key")
_CONSEQUENCE = "No precomputed value available"
MAX_SCHEMA_MESSAGES = (
    20_000  # per document: beyond, the count is exact and the rest are not turned into findings
)


@cache
def entur_codes() -> dict[str, str]:
    raw = yaml.safe_load(
        package_files("citylint.validators.netex").joinpath("entur_codes.yaml").read_text(encoding="utf-8")
    )
    return {code: entry["entur"] for code, entry in raw["codes"].items()}


class _AnnotatingSink:
    """The sink, adding to each finding Entur's equivalent code (``enturCode``, netex-nordic) and / or
    transport.data.gouv.fr's category (``panCategory``, fr-nap)."""

    def __init__(self, sink: FindingSink, entur: bool, pan: bool) -> None:
        self.sink = sink
        self.codes = entur_codes() if entur else {}
        self.pan = pan

    def wants(self, rule: RuleType) -> bool:
        return self.sink.wants(rule)

    def add(self, rule: RuleType, fields: Mapping[str, Any]) -> None:
        extra: dict[str, Any] = {}
        code = self.codes.get(rule.rule.code)
        if code:
            extra["enturCode"] = code
        if self.pan:
            extra["panCategory"] = category(rule.rule.code, rule.rule.family) or "citylint"
        self.sink.add(rule, {**fields, **extra} if extra else fields)


def _clean(message: str) -> str:
    return _NS_BRACES.sub("", message).strip()


class NetexValidator(Validator):
    name: ClassVar[str] = "netex"
    input_kinds: ClassVar[frozenset[str]] = frozenset({"netex"})
    parameter_class: ClassVar[type[Any] | None] = NetexParameters
    rules: ClassVar[tuple[RuleType, ...]] = RULES
    _pan_verdict: bool = False

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        params = context.settings(NetexParameters)
        self._pan_verdict = params.pan_verdict
        mode = str(context.options.netex_schema or params.schema or "structure")
        if mode not in SCHEMA_MODES:
            raise InputError(f"unknown NeTEx schema mode {mode!r} (known: {', '.join(SCHEMA_MODES)})")
        forced = context.options.netex_version or params.version
        if forced is not None and str(forced) not in VERSIONS:
            raise InputError(f"unknown NeTEx schema version {forced!r} (known: {', '.join(VERSIONS)})")
        tree_limit = params.tree_limit_mb * 1024 * 1024
        french = params.french
        entur = params.entur_codes
        out: Any = _AnnotatingSink(sink, entur, self._pan_verdict) if entur or self._pan_verdict else sink
        try:
            docs = documents(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        index = DeliveryIndex(files=[d.name for d in docs])
        options = Options(french=french, nordic_versions=params.nordic, wants=sink.wants)
        used: dict[str, str] = {}
        checked = 0
        for number, doc in enumerate(docs):
            head = doc.head()
            if not is_delivery_head(head):
                root = re.search(rb"<([A-Za-z_][\w:.-]*)", head.lstrip(b"\xef\xbb\xbf"))
                out.add(
                    R.NetexNotADelivery,
                    {
                        "filename": doc.name,
                        "xmlLine": 1,
                        "resultPath": "",
                        "root": root.group(1).decode("utf-8", "replace") if root else "?",
                    },
                )
                continue
            checked += 1
            declared = delivery_version(head)
            version, _why = (str(forced), "--netex-version / profile") if forced else choose_version(declared)
            schema = None
            if mode != "off":
                try:
                    schema = compiled(version, strict=mode == "strict").schema
                except standards.StandardMissing as exc:
                    raise InputError(str(exc)) from exc
                used[doc.name] = version
            walker = Walker(index, number, out, options, clear=doc.size > tree_limit)
            if doc.size <= tree_limit:
                self._tree(doc, walker, schema, version, out)
            else:
                self._stream(doc, walker, schema, version, out)
        if checked == 0:
            raise InputError(f"{path}: holds no NeTEx PublicationDelivery document")
        external = frozenset(params.external_codespaces)
        finish(index, out, sink.wants, french, external)
        return {
            "netex": {
                "documents": checked,
                "schemaMode": mode,
                "xsdVersions": sorted(set(used.values())),
                "xsdVersionByFile": used,
                "objects": index.objects,
                "references": index.references,
            }
        }

    # -- one document ---------------------------------------------------------------------------------------

    @staticmethod
    def _parser_options() -> dict[str, Any]:
        return {"no_network": True, "resolve_entities": False, "huge_tree": True, "load_dtd": False}

    def _tree(self, doc: Document, walker: Walker, schema: Any, version: str, sink: Any) -> None:
        from lxml import etree

        try:
            with doc.open() as handle:
                tree = etree.parse(handle, etree.XMLParser(**self._parser_options()))
        except etree.XMLSyntaxError as exc:
            sink.add(
                R.NetexXmlSyntaxError,
                {"filename": doc.name, "xmlLine": exc.lineno or 0, "resultPath": "", "message": exc.msg},
            )
            return
        if schema is not None and not schema.validate(tree):
            self._schema_findings(doc, schema.error_log, version, sink, tree=tree)
        walker.run(etree.iterwalk(tree, events=("start", "end")))

    def _stream(self, doc: Document, walker: Walker, schema: Any, version: str, sink: Any) -> None:
        from lxml import etree

        with doc.open() as handle:
            kwargs = self._parser_options()
            if schema is not None:
                kwargs["schema"] = schema
            events = etree.iterparse(handle, events=("start", "end"), **kwargs)
            try:
                walker.run(events)
            except etree.XMLSyntaxError as exc:
                schema_errors = [e for e in events.error_log if e.domain_name == "SCHEMASV"]
                if schema_errors:
                    self._schema_findings(
                        doc,
                        schema_errors,
                        version,
                        sink,
                        first_line=walker.index.first_line,
                        file_no=walker.file_no,
                    )
                syntax = [
                    e for e in events.error_log if e.domain_name != "SCHEMASV" and e.level_name != "WARNING"
                ]
                if syntax or not schema_errors:
                    sink.add(
                        R.NetexXmlSyntaxError,
                        {
                            "filename": doc.name,
                            "xmlLine": exc.lineno or 0,
                            "resultPath": "",
                            "message": exc.msg,
                        },
                    )

    def _schema_findings(
        self,
        doc: Document,
        log: Any,
        version: str,
        sink: Any,
        *,
        tree: Any = None,
        first_line: dict[tuple[int, str], int] | None = None,
        file_no: int = 0,
    ) -> None:
        """Schema messages as findings: the "No precomputed value" warnings that follow a datatype error are
        dropped, identical messages on one line are one finding (with their count)."""
        groups: dict[tuple[int, str], list[Any]] = {}
        for entry in log:
            if _CONSEQUENCE in entry.message:
                continue
            key = (entry.line, _clean(entry.message))
            groups.setdefault(key, []).append(entry)
            if len(groups) >= MAX_SCHEMA_MESSAGES:
                break
        for (line, message), entries in groups.items():
            identity = any(marker in message for marker in _IDENTITY)
            rule = R.NetexXsdIdentityError if identity else R.NetexXsdError
            named = _ELEMENT.search(entries[0].message)
            element_name = named.group(1) if named else ""
            if tree is not None:
                where = self._element_path(tree, entries[0].path) or element_name
            else:  # streamed: libxml2 gives no line; the first element of that name in the file
                where = element_name
                line = (first_line or {}).get((file_no, element_name), 0)
            repeated = f", {len(entries)} times" if len(entries) > 1 else ""
            if tree is None:
                repeated += ", streamed: located at the first element of that name"
            sink.add(
                rule,
                {
                    "filename": doc.name,
                    "xmlLine": line,
                    "resultPath": where,
                    "message": message,
                    "xsdVersion": version,
                    "repeated": repeated,
                },
            )

    @staticmethod
    def _element_path(tree: Any, xpath: str | None) -> str:
        if not xpath:
            return ""
        try:
            found = tree.xpath(xpath)
        except Exception:  # noqa: BLE001 - libxml2's path in a form lxml's XPath refuses: keep it as it is
            return xpath
        if not found or not hasattr(found[0], "iterancestors"):
            return xpath
        element = found[0]
        names = [_local(element.tag)] + [_local(a.tag) for a in element.iterancestors()]
        return "/".join(reversed(names))

    def verdicts(self, report: Report) -> list[Verdict]:
        if not self._pan_verdict:
            return []
        from citylint.validators.netex.verdict import nap_netex_verdict

        return [nap_netex_verdict(report)]


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]
