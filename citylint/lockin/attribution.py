"""Attribution: which findings of a report a lock-in origin explains, counted exactly, and what it touches.

Runs after validation on the exact counts the :class:`~citylint.lockin.evidence.Evidence` kept. A finding is
attributed only through the catalogue (``unknown_file``, ``unknown_column``, ``unexpected_enum_value``) or
because its rule declares a lock-in kind (then the rule names the origin); an unknown file or column that
matches no entry stays unattributed and is listed with the closest official name. The report's samples get
their lock-in record (:class:`LockinRecord`), and ``report.lockin`` the map,
one :class:`~citylint.model.LockinOrigin` per origin.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from citylint.lockin.catalogue import NO_EXTENSIONS, Catalogue, Entry, Extensions
from citylint.lockin.evidence import Evidence, Key
from citylint.lockin.suggest import MAX_SUGGESTIONS
from citylint.model import EifLayer, Finding, LockinKind, LockinOrigin, Report, Rule


@dataclass(frozen=True, slots=True)
class LockinRecord:
    """The lock-in record of one finding (``Finding.lockin`` holds its ``as_dict()``)."""

    kind: LockinKind
    origin: str
    alternative: str | None
    layer: EifLayer
    principles: tuple[str, ...]
    source: str
    status: str = ""

    def as_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out.update(kind=self.kind.value, layer=self.layer.value, principles=list(self.principles))
        return out


def _from_entry(entry: Entry, value: Any) -> LockinRecord:
    return LockinRecord(
        kind=entry.origin.kind,
        origin=entry.origin.name,
        alternative=entry.alternative_for(_int(value)),
        layer=entry.layer,
        principles=entry.origin.principles,
        source=entry.source,
        status=entry.status,
    )


# EIF 2017 principles each kind of lock-in works against (recommendations 2-4 openness, 8-9 neutrality and
# portability), for rules that do not name theirs.
_PRINCIPLES = {
    LockinKind.LICENCE: ("openness",),
    LockinKind.ACCESS: ("openness", "technological_neutrality_and_data_portability"),
    LockinKind.FORMAT: ("technological_neutrality_and_data_portability",),
    LockinKind.HOSTING: ("technological_neutrality_and_data_portability",),
    LockinKind.VENDOR_EXTENSION: ("openness", "technological_neutrality_and_data_portability"),
    LockinKind.VENDOR_NAMESPACE: ("reusability", "technological_neutrality_and_data_portability"),
    LockinKind.VENDOR_IDENTIFIERS: ("reusability",),
}


def _from_rule(rule: Rule, fields: dict[str, Any]) -> LockinRecord:
    # A rule that declares a lock-in kind names the origin in its findings (``lockinOrigin``), else its
    # summary.
    assert rule.lockin is not None
    principles = tuple(fields.get("principles") or _PRINCIPLES.get(rule.lockin, ()))
    return LockinRecord(
        kind=rule.lockin,
        origin=str(fields.get("lockinOrigin") or rule.summary),
        alternative=fields.get("alternative"),
        layer=rule.layer,
        principles=principles,
        source=rule.spec,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def resolve(
    catalogue: Catalogue, code: str, file: str | None, column: str | None, value: Any
) -> Entry | None:
    if code == "unknown_file" and file:
        return catalogue.file(file)
    if code == "unknown_column" and file and column:
        return catalogue.column(file, column)
    if code == "unexpected_enum_value" and file and column:
        return catalogue.value(file, column, value)
    return None


def _record(
    catalogue: Catalogue, evidence: Evidence, key: Key, fields: dict[str, Any]
) -> LockinRecord | None:
    code, file, column, value = key
    entry = resolve(catalogue, code, file, column, value)
    if entry is not None:
        return _from_entry(entry, value)
    rule = evidence.rules.get(code)
    if rule is not None and rule.lockin is not None:
        return _from_rule(rule, fields)
    return None


@dataclass
class _Tally:
    record: LockinRecord
    findings: int = 0
    codes: set[str] = dataclasses.field(default_factory=set)
    files: set[str] = dataclasses.field(default_factory=set)
    columns: set[str] = dataclasses.field(default_factory=set)
    values: dict[str, Counter[str]] = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    netex: dict[str, str] = dataclasses.field(default_factory=dict)
    alternatives: dict[str, str] = dataclasses.field(default_factory=dict)
    sources: set[str] = dataclasses.field(default_factory=set)
    layers: Counter[str] = dataclasses.field(default_factory=Counter)
    extension_files: set[str] = dataclasses.field(default_factory=set)
    extension_columns: set[str] = dataclasses.field(default_factory=set)


def attribute(report: Report, evidence: Evidence, extensions: Extensions | None = None) -> None:
    """Fill ``report.lockin`` (the map), the samples' lock-in records, and ``report.summary["lockin"]``
    (unattributed unknown names with suggestions, facts for the score, checks assessed). ``extensions``: the
    catalogue and official names of the input's standard, as its validator handed them (None: none known)."""
    extensions = extensions or NO_EXTENSIONS
    catalogue = extensions.catalogue
    tallies: dict[str, _Tally] = {}
    unattributed: list[dict[str, Any]] = []
    for key, count in sorted(evidence.counts.items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        code, file, column, value = key
        record = _record(catalogue, evidence, key, evidence.details.get(key, {}))
        if record is None:
            if code in ("unknown_file", "unknown_column"):
                unattributed.append(
                    _unattributed(
                        code,
                        file,
                        column,
                        count,
                        evidence.facts.get("headers", {}),
                        extensions if len(unattributed) < MAX_SUGGESTIONS else None,
                    )
                )
            continue
        tally = tallies.setdefault(record.origin, _Tally(record))
        tally.findings += count
        tally.codes.add(code)
        tally.sources.add(record.source)
        tally.layers[record.layer.value] += count
        if file:
            tally.files.add(file)
        if code == "unknown_file" and file:
            tally.extension_files.add(file)
        if code == "unknown_column" and file and column:
            tally.extension_columns.add(f"{file} {column}")
        element = file or ""
        if column:
            element = f"{file} {column}"
            tally.columns.add(element)
        if value is not None and code == "unexpected_enum_value":
            tally.values[element][str(value)] += count
            entry = resolve(catalogue, code, file, column, value)
            target = entry.netex_for(_int(value)) if entry is not None else None
            element = f"{element}={value}"
            if target:
                tally.netex[element] = target
        if record.alternative:
            tally.alternatives[element] = record.alternative
    reach = evidence.facts.get("reach", {})
    report.lockin = [
        _origin(t, reach.get(name, {}), catalogue)
        for name, t in sorted(tallies.items(), key=lambda item: (-item[1].findings, item[0]))
    ]
    _annotate_samples(report, catalogue, evidence)
    report.summary["lockin"] = {
        "unattributed": unattributed,
        "facts": evidence.facts,
        "assessed": sorted(evidence.assessed),
    }


def _unattributed(
    code: str,
    file: str | None,
    column: str | None,
    count: int,
    headers: dict[str, list[str]],
    names: Extensions | None,
) -> dict[str, Any]:
    """``names``: where suggestions come from; None: no suggestion (past MAX_SUGGESTIONS)."""
    if code == "unknown_file":
        return {
            "code": code,
            "file": file,
            "findings": count,
            "suggestion": names.official_file(file or "") if names else None,
        }
    suggestion = names.official_column(file or "", column or "") if names else None
    if suggestion in headers.get(file or "", ()):  # the official field is there too: not a typo of it
        suggestion = None
    return {"code": code, "file": file, "column": column, "findings": count, "suggestion": suggestion}


# What leaving an origin that a rule (not the catalogue) names keeps and loses, by kind.
EXIT_BY_KIND: dict[LockinKind, dict[str, Any]] = {
    LockinKind.LICENCE: {
        "keeps": "all the data: a licence is the publisher's decision, not a change to the data",
        "loses": "nothing; reusers gain the right to reuse",
        "consumers": [],
    },
    LockinKind.FORMAT: {
        "keeps": "the data's content, in a non-proprietary format of the EU file-type list "
        "(CSV, JSON, XML, GeoJSON, ...)",
        "loses": "presentation features of the proprietary format (formulas, styling)",
        "consumers": [],
    },
    LockinKind.ACCESS: {
        "keeps": "all the data, downloadable by anyone without key, registration or contract",
        "loses": "the publisher's knowledge of who downloads",
        "consumers": [],
    },
    LockinKind.HOSTING: {
        "keeps": "all the data, at a URL the publisher controls",
        "loses": "the platform's own services (previews, APIs), unless replaced",
        "consumers": [],
    },
}


def _origin(tally: _Tally, reach: dict[str, Any], catalogue: Catalogue) -> LockinOrigin:
    record = tally.record
    known = catalogue.origins.get(record.origin)
    touches: dict[str, Any] = {
        "files": sorted(tally.files),
        "columns": sorted(tally.columns),
        "extensionFiles": sorted(tally.extension_files),
        "extensionColumns": sorted(tally.extension_columns),
    }
    if tally.values:
        touches["values"] = {element: dict(sorted(c.items())) for element, c in sorted(tally.values.items())}
    touches.update(reach)
    touches["layers"] = dict(tally.layers)
    touches["alternatives"] = dict(sorted(tally.alternatives.items()))
    touches["sources"] = sorted(tally.sources)
    if tally.netex:
        touches["netex"] = dict(sorted(tally.netex.items()))
    distinct = sorted(set(tally.alternatives.values()))
    alternative = (
        distinct[0]
        if len(distinct) == 1
        else ("; ".join(f"{k} → {v}" for k, v in sorted(tally.alternatives.items())) or None)
    )
    layer = EifLayer(tally.layers.most_common(1)[0][0]) if tally.layers else record.layer
    return LockinOrigin(
        origin=record.origin,
        kind=record.kind,
        findings=tally.findings,
        codes=tuple(sorted(tally.codes)),
        touches=touches,
        alternative=alternative,
        layer=layer,
        principles=record.principles,
        source=record.source,
        sources=tuple(s.as_dict() for s in known.sources) if known else (),
        exit=(known.exit.as_dict() if known and known.exit else dict(EXIT_BY_KIND.get(record.kind, {}))),
    )


def _annotate_samples(report: Report, catalogue: Catalogue, evidence: Evidence) -> None:
    for notice in report.notices.values():
        if not evidence.watches(notice.rule):
            continue
        notice.samples = [_with_record(f, catalogue, evidence) for f in notice.samples]


def _with_record(finding: Finding, catalogue: Catalogue, evidence: Evidence) -> Finding:
    fields = finding.fields
    value = (
        fields.get("fieldValue") if finding.code == "unexpected_enum_value" else fields.get("lockinOrigin")
    )
    key = (finding.code, fields.get("filename", finding.location.file), fields.get("fieldName"), value)
    record = _record(catalogue, evidence, key, fields)
    return finding if record is None else dataclasses.replace(finding, lockin=record.as_dict())
