"""The lock-in map and score as the reports show them: a JSON section and text lines (pure functions)."""

from __future__ import annotations

from typing import Any

from citylint.escape import markdown_text
from citylint.i18n import N_, format_number, translate
from citylint.lockin.score import score
from citylint.model import LockinOrigin, Report

MEASURED = ("rowsByFile", "units", "licence", "distributions")
# The words of the text section that come from data values (layers, origin kinds, licence states), said in the
# report's language; JSON and SARIF keep the values themselves.
WORDS = {
    "legal": N_("legal"),
    "organisational": N_("organisational"),
    "semantic": N_("semantic"),
    "technical": N_("technical"),
    "cultural": N_("cultural"),
    "governance": N_("governance"),
    "vendor_extension": N_("vendor extension"),
    "vendor_namespace": N_("vendor namespace"),
    "licence": N_("licence"),
    "format": N_("format"),
    "access": N_("access"),
    "hosting": N_("hosting"),
    "vendor_identifiers": N_("vendor identifiers"),
    "dominant_consumer": N_("dominant consumer"),
    "public_agency_extension": N_("public agency extension"),
    "community_proposal": N_("community proposal"),
    "code_list": N_("code list"),
    "open": N_("open"),
    "open_with_conditions": N_("open with conditions"),
    "restricted": N_("restricted"),
    "closed": N_("closed"),
    "none": N_("none"),
    "custom": N_("custom"),
    "unknown": N_("unknown"),
}


def _word(value: str, lang: str) -> str:
    return translate(WORDS[value], lang) if value in WORDS else value


def origin_dict(origin: LockinOrigin) -> dict[str, Any]:
    return {
        "origin": origin.origin,
        "kind": origin.kind.value,
        "findings": origin.findings,
        "codes": list(origin.codes),
        "layer": origin.layer.value,
        "principles": list(origin.principles),
        "alternative": origin.alternative,
        "source": origin.source,
        "touches": origin.touches,
        "sources": list(origin.sources),
        "exit": origin.exit,
    }


def lockin_section(report: Report) -> dict[str, Any]:
    section = report.summary.get("lockin", {})
    facts = section.get("facts", {})
    # What the score was computed from, so that a reader can recompute it (docs/lockin.md)
    measured = {k: facts[k] for k in MEASURED if k in facts}
    return {
        "score": score(report),
        "origins": [origin_dict(o) for o in report.lockin],
        "unattributed": section.get("unattributed", []),
        "facts": measured,
    }


def _percent(value: float | None, lang: str = "en") -> str:
    return "-" if value is None else format_number(value, lang)


def _reach(touches: dict[str, Any], lang: str) -> str:
    units = {
        "routes": translate("{count} routes ({share}%)", lang),
        "trips": translate("{count} trips ({share}%)", lang),
    }
    return ", ".join(
        template.format(
            count=format_number(touches[unit], lang),
            share=format_number(round(100 * touches[unit + "Share"]), lang),
        )
        for unit, template in units.items()
        if unit in touches
    )


def _header(result: dict[str, Any], lang: str) -> str:
    if result["dataset"] is None:
        return "  " + translate("lock-in score: not assessed (nothing checkable)", lang)
    layers = ", ".join(
        f"{_word(layer, lang)} {_percent(v, lang)}" for layer, v in result["layers"].items() if v is not None
    )
    return (
        "  "
        + translate("lock-in score: {score}/100", lang).format(score=_percent(result["dataset"], lang))
        + (f" ({layers})" if layers else "")
        + " — "
        + translate("0 = none found; see docs/lockin.md", lang)
    )


def _origin_lines(origin: LockinOrigin, lang: str) -> list[str]:
    elements = (
        origin.touches.get("extensionFiles", [])
        + origin.touches.get("extensionColumns", [])
        + [f"{element}={','.join(values)}" for element, values in origin.touches.get("values", {}).items()]
    )
    reach = _reach(origin.touches, lang)
    shown = ": " + "; ".join(elements[:6]) + (" ..." if len(elements) > 6 else "") if elements else ""
    lines = [
        f"    {origin.origin} [{_word(origin.kind.value, lang)}, {_word(origin.layer.value, lang)}] "
        f"×{format_number(origin.findings, lang)}{shown}"
        + (" — " + translate("reaches {reach}", lang).format(reach=reach) if reach else "")
    ]
    netex: dict[str, str] = origin.touches.get("netex", {})
    for element, target in list(netex.items())[:8]:
        lines.append(f"      {element} → NeTEx {target}")
    moves = origin.touches.get("movesWithoutLoss")
    if moves:
        lines.append(
            "      "
            + translate("moves to {standard} without loss: {routes} routes, {trips} trips", lang).format(
                standard=moves["standard"], routes=moves.get("routes", 0), trips=moves.get("trips", 0)
            )
        )
    alternatives: dict[str, str] = origin.touches.get("alternatives", {})
    if not netex and len(alternatives) > 1:
        for element, alternative in list(alternatives.items())[:6]:
            lines.append(
                "      "
                + translate("instead of {element}: {alternative}", lang).format(
                    element=element, alternative=alternative
                )
            )
    elif not netex and origin.alternative:
        lines.append(
            "      "
            + translate("official alternative: {alternative}", lang).format(alternative=origin.alternative)
        )
    if origin.exit:
        lines.append(
            "      "
            + translate("exit path — kept: {keeps} | lost: {loses}", lang).format(
                keeps=origin.exit.get("keeps", "-"), loses=origin.exit.get("loses", "-")
            )
        )
    return lines


def lockin_lines(report: Report, lang: str = "en") -> list[str]:
    """The text report's lock-in section (empty when nothing was attributed nor scored)."""
    section = lockin_section(report)
    result, origins, unattributed = section["score"], report.lockin, section["unattributed"]
    if result["dataset"] is None and not origins and not unattributed:
        return []
    lines = [
        _header(result, lang),
        "    " + translate("licence: {state}", lang).format(state=_word(str(result["licence"]), lang)),
    ]
    if unattributed and result.get("unattributedShare"):
        lines.append(
            "    "
            + translate("names no catalogue knows reach {share}% of the rows (not scored)", lang).format(
                share=format_number(result["unattributedShare"], lang)
            )
        )
    for origin in origins:
        lines += _origin_lines(origin, lang)
    for item in unattributed:
        name = item["file"] if item.get("column") is None else f"{item['file']} {item['column']}"
        hint = (
            " — " + translate("did you mean {suggestion}?", lang).format(suggestion=item["suggestion"])
            if item.get("suggestion")
            else ""
        )
        lines.append(
            "    " + translate("not attributed: {name} (no known extension)", lang).format(name=name) + hint
        )
    return lines


# Origins the Markdown report lists (a pull-request comment: the top few).
MARKDOWN_ORIGINS = 5


def lockin_markdown(report: Report) -> list[str]:
    """The lock-in map and score for a pull-request comment: a short list, not a wide table."""
    section = lockin_section(report)
    result = section["score"]
    if result["dataset"] is None and not report.lockin:
        return []
    score = "not assessed" if result["dataset"] is None else f"{result['dataset']:g}/100"
    lines = ["", f"**Lock-in score: {score}** (licence: {result['licence']}; see docs/lockin.md)", ""]
    for origin in report.lockin[:MARKDOWN_ORIGINS]:
        exit_path = origin.exit.get("keeps") if origin.exit else None
        kind = f"{origin.kind.value}, {origin.layer.value}"
        lines.append(
            f"- {markdown_text(origin.origin)} ({kind}) ×{origin.findings:,}"
            + (f" — alternative: {markdown_text(origin.alternative)}" if origin.alternative else "")
            + (f"; exit keeps: {markdown_text(exit_path)}" if exit_path else "")
        )
    return lines


class LockinSection:
    """The lock-in map and score (docs/lockin.md), as a report section (citylint.reports.section)."""

    key = "lockin"

    def html_view(self, report: Report, lang: str) -> dict[str, Any] | None:
        """The score line of the HTML page (the page draws the map itself, linked to its findings)."""
        result = score(report)
        if result["dataset"] is None:
            return None
        return {
            "dataset": f"{result['dataset']:g}",
            "stars": result["fiveStarCeiling"],
            "layers": [
                (layer, f"{value:g}") for layer, value in result["layers"].items() if value is not None
            ],
        }

    def data(self, report: Report) -> dict[str, Any]:
        return lockin_section(report)

    def text_lines(self, report: Report, lang: str) -> list[str]:
        return lockin_lines(report, lang)

    def markdown_lines(self, report: Report) -> list[str]:
        return lockin_markdown(report)


LOCKIN_SECTION = LockinSection()
