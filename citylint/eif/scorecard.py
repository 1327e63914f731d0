"""The scorecard of one report: per EIF layer and per EIF principle, the checks that ran, passed and failed,
and what no machine can check (listed from the profile, never scored).

The profile's ``scorecard`` section names the layers and principles (so that their names follow the
framework's text) and the checks that need a person; the rule → principles mapping is a data file beside the
profile (``mapping``), by rule family with per-code additions. A rule's element (layer) is the one the
mapping's ``elements`` give it by the EIF definitions (schemas, code lists and syntax semantic; transport,
access and protocols technical; licences legal; languages cultural), not the rule's own default. An element or
principle no check applied to is ``not_assessed``, never "passed". A check passed when it found nothing,
failed when it found an ERROR or a WARNING, and is ``informational`` when it found only INFO findings (facts
to look at, such as an unknown column).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from citylint.model import Report, Rule, Severity


@cache
def _mapping(path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return loaded


def principles_of(rule: Rule, mapping: dict[str, Any]) -> list[str]:
    """The principles a rule serves: its family's, plus those its code adds."""
    found = list(mapping.get("families", {}).get(rule.family, []))
    found += [p for p in mapping.get("codes", {}).get(rule.code, []) if p not in found]
    return found


def element_of(rule: Rule, mapping: dict[str, Any]) -> str:
    """The interoperability element a rule serves, by the EIF definitions (the mapping's ``elements``): its
    code's, else its family's, else the layer the rule declares."""
    elements = mapping.get("elements", {})
    return str(
        elements.get("codes", {}).get(rule.code)
        or elements.get("families", {}).get(rule.family)
        or rule.layer.value
    )


def _status(tally: dict[str, Any]) -> str:
    """``not_assessed`` when no check applied (never a vacuous pass), else failed / informational / passed."""
    if tally["run"] == 0:
        return "not_assessed"
    if tally["failed"]:
        return "failed"
    return "informational" if tally["informational"] else "passed"


def _outcome(report: Report, code: str) -> str:
    notice = report.notices.get(code)
    if notice is None or not notice.active:
        return "passed"
    if notice.severity is Severity.INFO:
        return "informational"
    return "failed"


def _tally(codes: Iterable[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"run": 0, "passed": 0, "failed": 0, "informational": 0, "failedCodes": []}
    for code, outcome in sorted(codes):
        out["run"] += 1
        out[outcome] += 1
        if outcome == "failed":
            out["failedCodes"].append(code)
    return out


def build_scorecard(report: Report, config: dict[str, Any], rules: dict[str, Rule]) -> dict[str, Any]:
    """The scorecard of ``report`` under the profile's ``scorecard`` section (``rules``: the registry's rules
    by code)."""
    mapping = _mapping(config["mapping"]) if config.get("mapping") else {}
    layers: dict[str, str] = config.get("layers", {})
    principles: dict[str, str] = config.get("principles", {})
    by_layer: dict[str, list[tuple[str, str]]] = {layer: [] for layer in layers}
    by_principle: dict[str, list[tuple[str, str]]] = {p: [] for p in principles}
    unmapped = []
    for code in report.checked:
        rule = rules.get(code)
        if rule is None:
            continue
        outcome = _outcome(report, code)
        by_layer.setdefault(element_of(rule, mapping), []).append((code, outcome))
        served = principles_of(rule, mapping)
        if not served:
            unmapped.append(code)
        for principle in served:
            by_principle.setdefault(principle, []).append((code, outcome))
    manual: list[dict[str, Any]] = config.get("manual", [])

    def section(
        ids: dict[str, list[tuple[str, str]]], names: dict[str, str], key: str
    ) -> list[dict[str, Any]]:
        out = []
        for item, codes in ids.items():
            tally = _tally(codes)
            out.append(
                {
                    "id": item,
                    "name": names.get(item, item),
                    **tally,
                    "status": _status(tally),
                    "notMachineCheckable": [m["check"] for m in manual if item in m.get(key, [])],
                }
            )
        return out

    return {
        "framework": config.get("framework", ""),
        "source": config.get("source", ""),
        "layers": section(by_layer, layers, "layers"),
        "principles": section(by_principle, principles, "principles"),
        "notMachineCheckable": manual,
        "translations": config.get("translations", {}),
        "unmappedRules": sorted(unmapped),
    }
