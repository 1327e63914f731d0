"""The lock-in score of a report, per EIF layer and for the dataset (formula and a worked example:
docs/lockin.md).

Each layer's exposure is the share of the dataset that lock-in holds in that layer, from 0 (none found) to 1:

- legal: the licence's state (:mod:`citylint.lockin.licences`): 0 when open, 1 when none, closed or
  restricted, not assessed when unknown or custom (unknown is not the worst case);
- semantic: the share of the data's units (GTFS: rows of all files; RDF: triples; GBFS: entities) that a
  non-standard element reaches, each origin weighted by its kind (``KIND_FACTORS``: a vendor's dialect counts
  fully, a public agency's extension or an open proposal half, a European code list with a mapping not at
  all);
- technical: the share of distributions a proprietary format, an access barrier or a vendor platform touches
  (from the dataset's metadata), or the share of the data's units such an origin reaches when a validator
  measured it (GBFS rental links through a tracking service).

The dataset score is the mean of the assessed layers' exposures weighted by the points data.europa.eu's
metadata quality assessment (MQA) gives the indicator that kind of lock-in defeats, times 100. Layers not
assessed are left out (``None``), never counted as clean; when no layer is assessed the score is ``None``
("not assessed"). The score is computed from facts of the data, not from which rules a profile enables, so the
same data has the same score under every profile that reads the same inputs.
"""

from __future__ import annotations

from typing import Any

from citylint.lockin.licences import LicenceState
from citylint.model import EifLayer, LockinKind, LockinOrigin, Report

# MQA points of the indicator each layer's lock-in defeats (data.europa.eu MQA methodology):
#   legal: Reusability "licence information" (20) + "licence from a controlled vocabulary" (10); technical:
#   Interoperability "format non-proprietary" (20), the 5-star scheme's third star; semantic: Interoperability
#   "format / media type from a controlled vocabulary" (10), the nearest MQA indicator to "codes and fields
#   from the agreed specification".
WEIGHTS: dict[EifLayer, int] = {EifLayer.LEGAL: 30, EifLayer.TECHNICAL: 20, EifLayer.SEMANTIC: 10}

# How much of what an origin reaches counts as lock-in, by origin kind (docs/lockin.md, "Origins").
KIND_FACTORS: dict[LockinKind, float] = {
    LockinKind.VENDOR_EXTENSION: 1.0,
    LockinKind.DOMINANT_CONSUMER: 1.0,
    LockinKind.VENDOR_NAMESPACE: 1.0,
    LockinKind.VENDOR_IDENTIFIERS: 1.0,
    LockinKind.PUBLIC_AGENCY_EXTENSION: 0.5,
    LockinKind.COMMUNITY_PROPOSAL: 0.5,
    LockinKind.CODE_LIST: 0.0,
}
# Kinds whose exposure is counted per distribution, in the technical layer.
TECHNICAL_KINDS = (LockinKind.FORMAT, LockinKind.ACCESS, LockinKind.HOSTING)


def reached(origin: LockinOrigin, parts: dict[str, int]) -> int:
    """The units of the data an origin reaches: what its validator measured (``reached``), else for a tabular
    input the rows of each file it touches (a whole extension file or a file with an extension column: all the
    file's rows; codes: the rows holding them), at most the file's rows."""
    touches = origin.touches
    if "reached" in touches:
        return int(touches["reached"])
    per_file: dict[str, int] = {}
    for name in touches.get("extensionFiles", ()):
        per_file[name] = parts.get(name, 0)
    for element in touches.get("extensionColumns", ()):
        file = element.split(" ", 1)[0]
        per_file[file] = max(per_file.get(file, 0), parts.get(file, 0))
    for element, counts in touches.get("values", {}).items():
        file = element.split(" ", 1)[0]
        per_file[file] = max(per_file.get(file, 0), min(sum(counts.values()), parts.get(file, 0)))
    return sum(per_file.values())


def exposures(report: Report) -> dict[EifLayer, float | None]:
    facts: dict[str, Any] = report.summary.get("lockin", {}).get("facts", {})
    origins = report.lockin
    out: dict[EifLayer, float | None] = dict.fromkeys(WEIGHTS)
    licence = facts.get("licence")
    if licence:
        out[EifLayer.LEGAL] = LicenceState(licence["state"], licence.get("licence")).exposure
    parts: dict[str, int] = facts.get("rowsByFile", {})
    total = facts.get("units", {}).get("total") if "units" in facts else sum(parts.values())
    if total:
        weighted = sum(KIND_FACTORS[o.kind] * reached(o, parts) for o in origins if o.kind in KIND_FACTORS)
        out[EifLayer.SEMANTIC] = min(1.0, weighted / total)
    technical = [o for o in origins if o.kind in TECHNICAL_KINDS]
    distributions = facts.get("distributions")
    if distributions:
        worst = max((o.findings for o in technical), default=0)
        out[EifLayer.TECHNICAL] = min(1.0, worst / distributions)
    measured = [o for o in technical if "reached" in o.touches]
    if total and measured:  # a validator measured what the origin reaches in the data itself (GBFS links)
        share = min(1.0, sum(int(o.touches["reached"]) for o in measured) / total)
        out[EifLayer.TECHNICAL] = max(share, out[EifLayer.TECHNICAL] or 0.0)
    return out


def score(report: Report) -> dict[str, Any]:
    """``{"dataset": 0-100 | None, "layers": {layer: 0-100 | None}, "licence": state, "weights",
    "fiveStarCeiling"}``."""
    layers = exposures(report)
    assessed = {layer: e for layer, e in layers.items() if e is not None}
    weight = sum(WEIGHTS[layer] for layer in assessed)
    dataset = (
        round(100 * sum(WEIGHTS[layer] * e for layer, e in assessed.items()) / weight, 1) if weight else None
    )
    section = report.summary.get("lockin", {})
    facts = section.get("facts", {})
    return {
        "dataset": dataset,
        "assessed": dataset is not None,
        "layers": {layer.value: None if e is None else round(100 * e, 1) for layer, e in layers.items()},
        "licence": (facts.get("licence") or {"state": "unknown", "licence": None}).get("state"),
        "weights": {layer.value: w for layer, w in WEIGHTS.items()},
        "kindFactors": {kind.value: f for kind, f in KIND_FACTORS.items()},
        "fiveStarCeiling": _five_star_ceiling(layers),
        "unattributedShare": _unattributed_share(section.get("unattributed", []), facts),
    }


def _unattributed_share(unattributed: list[dict[str, Any]], facts: dict[str, Any]) -> float | None:
    """The share (percent) of the dataset's rows that non-standard names no catalogue entry knows reach: shown
    beside the score, never counted in it (their owner is unknown, and unknown is not the worst case)."""
    parts: dict[str, int] = facts.get("rowsByFile", {})
    total = sum(parts.values())
    if not total:
        return None
    files = {str(item.get("file")) for item in unattributed}
    return round(100 * sum(parts.get(f, 0) for f in files) / total, 1)


def _five_star_ceiling(layers: dict[EifLayer, float | None]) -> int | None:
    """The most stars of the 5-star open data scheme the findings still allow a tabular feed: none without an
    open licence (★ needs one), two when part of the content is in a dialect (★★ is structured data in a
    format only some tools read), three otherwise (★★★: open format; ★★★★ needs URIs, which CSV lacks).
    ``None`` when the licence was not assessed: the first star cannot be known."""
    legal = layers[EifLayer.LEGAL]
    if legal is None:
        return None
    if legal > 0:
        return 0
    return 2 if (layers[EifLayer.TECHNICAL] or 0) > 0 or (layers[EifLayer.SEMANTIC] or 0) > 0 else 3
