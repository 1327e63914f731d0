"""The scorecard as the reports show it (a report section, citylint.reports.section): text and Markdown
lines; the JSON report carries ``report.scorecard`` as it is."""

from __future__ import annotations

from typing import Any

from citylint.escape import markdown_text
from citylint.i18n import translate
from citylint.model import Report

SHOWN_FAILED = 4


def localise(card: dict[str, Any], text: str, lang: str) -> str:
    """A name or check of the scorecard in ``lang``: the profile's translation, else the text as written."""
    return str(card.get("translations", {}).get(lang, {}).get(text, text))


def _line(item: dict[str, Any], lang: str, card: dict[str, Any]) -> str:
    name = localise(card, item["name"], lang)
    if item.get("status") == "not_assessed":
        text = translate("{name}: not assessed (no check applies)", lang).format(name=name)
        if item["notMachineCheckable"]:
            text += "; " + translate("{count} not machine-checkable", lang).format(
                count=len(item["notMachineCheckable"])
            )
        return text
    text = translate("{name}: {run} run, {passed} passed, {failed} failed", lang).format(
        **{**item, "name": name}
    )
    if item["informational"]:
        text += ", " + translate("{count} informational", lang).format(count=item["informational"])
    failed = item["failedCodes"]
    if failed:
        text += " (" + ", ".join(failed[:SHOWN_FAILED]) + (" ..." if len(failed) > SHOWN_FAILED else "") + ")"
    if item["notMachineCheckable"]:
        text += "; " + translate("{count} not machine-checkable", lang).format(
            count=len(item["notMachineCheckable"])
        )
    return text


def scorecard_lines(report: Report, lang: str = "en") -> list[str]:
    """The text report's scorecard section (empty when the profile asks for none)."""
    card = report.scorecard
    if not card:
        return []
    lines = ["  " + translate("scorecard: {framework}", lang).format(framework=card["framework"])]
    lines.append("    " + translate("per element", lang))
    lines += ["      " + _line(item, lang, card) for item in card["layers"]]
    lines.append("    " + translate("per principle", lang))
    lines += ["      " + _line(item, lang, card) for item in card["principles"]]
    if card["notMachineCheckable"]:
        lines.append("    " + translate("not checkable by a machine (not scored):", lang))
        lines += [f"      - {localise(card, item['check'], lang)}" for item in card["notMachineCheckable"]]
    return lines


def scorecard_markdown(report: Report) -> list[str]:
    """The Markdown report's scorecard: folded, one line per layer and principle."""
    card = report.scorecard
    if not card:
        return []
    lines = ["", f"<details><summary>Scorecard: {markdown_text(card['framework'])}</summary>", ""]
    for item in card["layers"] + card["principles"]:
        state = (
            "not assessed"
            if item.get("status") == "not_assessed"
            else f"{item['run']} run, {item['passed']} passed, {item['failed']} failed"
        )
        lines.append(f"- {markdown_text(item['name'])}: {state}")
    lines += ["", "</details>"]
    return lines


class ScorecardSection:
    """The framework scorecard (docs/eif4scc.md), as a report section (citylint.reports.section)."""

    key = "scorecard"

    def html_view(self, report: Report, lang: str) -> dict[str, Any] | None:
        """The scorecard with its names and checks in the page's language (the profile's translations)."""
        card = report.scorecard
        if not card:
            return None

        def item(raw: dict[str, Any]) -> dict[str, Any]:
            return {
                **raw,
                "name": localise(card, raw["name"], lang),
                "notMachineCheckable": [localise(card, c, lang) for c in raw["notMachineCheckable"]],
            }

        return {
            "framework": card["framework"],
            "layers": [item(i) for i in card["layers"]],
            "principles": [item(i) for i in card["principles"]],
        }

    def data(self, report: Report) -> dict[str, Any] | None:
        return report.scorecard or None

    def text_lines(self, report: Report, lang: str) -> list[str]:
        return scorecard_lines(report, lang)

    def markdown_lines(self, report: Report) -> list[str]:
        return scorecard_markdown(report)


SCORECARD_SECTION = ScorecardSection()
