"""The lock-in score of a report, per EIF layer and for the dataset (formula and sources: docs/lockin.md).

Each layer's exposure is the share of the dataset that lock-in holds in that layer (0 = none found, 1 = all);
the dataset score is the mean of the assessed layers' exposures weighted by the points data.europa.eu's metadata
quality assessment (MQA) gives the indicator that kind of lock-in defeats. Layers that were not assessed are
left out (``None``), never counted as clean.
"""

from __future__ import annotations

from typing import Any

from citylint.model import EifLayer, LockinKind, Report

# MQA points of the indicator each layer's lock-in defeats (data.europa.eu MQA methodology):
#   legal: Reusability "licence information" (20) + "licence from a controlled vocabulary" (10);
#   technical: Interoperability "format non-proprietary" (20), the 5-star scheme's third star;
#   semantic: Interoperability "format / media type from a controlled vocabulary" (10), the nearest MQA indicator
#   to "codes from the agreed code list".
WEIGHTS: dict[EifLayer, int] = {EifLayer.LEGAL: 30, EifLayer.TECHNICAL: 20, EifLayer.SEMANTIC: 10}


def exposures(report: Report) -> dict[EifLayer, float | None]:
    section = report.summary.get("lockin", {})
    facts: dict[str, Any] = section.get("facts", {})
    assessed = set(section.get("assessed", ()))
    origins = report.lockin
    out: dict[EifLayer, float | None] = dict.fromkeys(WEIGHTS)
    if "licence" in assessed or any(o.kind is LockinKind.LICENCE for o in origins):
        out[EifLayer.LEGAL] = 1.0 if any(o.kind is LockinKind.LICENCE and o.findings for o in origins) else 0.0
    elements = facts.get("files", 0) + facts.get("columns", 0)
    if elements:
        vendor = sum(len(o.touches.get("extensionFiles", ())) + len(o.touches.get("extensionColumns", ()))
                     for o in origins)
        out[EifLayer.TECHNICAL] = min(1.0, vendor / elements)
    rows: dict[str, int] = facts.get("rows", {})
    if sum(rows.values()):
        affected = sum(n for o in origins for element, counts in o.touches.get("values", {}).items()
                       if element in rows for n in counts.values())
        out[EifLayer.SEMANTIC] = min(1.0, affected / sum(rows.values()))
    return out


def score(report: Report) -> dict[str, Any]:
    """``{"dataset": 0-100 | None, "layers": {layer: 0-100 | None}, "weights": ..., "fiveStarCeiling": ...}``."""
    layers = exposures(report)
    assessed = {layer: e for layer, e in layers.items() if e is not None}
    weight = sum(WEIGHTS[layer] for layer in assessed)
    dataset = round(100 * sum(WEIGHTS[layer] * e for layer, e in assessed.items()) / weight, 1) if weight else None
    return {
        "dataset": dataset,
        "layers": {layer.value: None if e is None else round(100 * e, 1) for layer, e in layers.items()},
        "weights": {layer.value: w for layer, w in WEIGHTS.items()},
        "fiveStarCeiling": _five_star_ceiling(layers),
    }


def _five_star_ceiling(layers: dict[EifLayer, float | None]) -> int | None:
    """The most stars of the 5-star open data scheme the findings still allow a tabular feed: none without an
    open licence (★ needs one), two when part of the content is in a vendor's dialect (★★ is structured data
    in a format only some tools read), three otherwise (★★★: open format; ★★★★ needs URIs, which CSV lacks).
    ``None`` when the licence was not assessed: the first star cannot be known."""
    legal = layers[EifLayer.LEGAL]
    if legal is None:
        return None
    if legal > 0:
        return 0
    return 2 if (layers[EifLayer.TECHNICAL] or 0) > 0 or (layers[EifLayer.SEMANTIC] or 0) > 0 else 3
