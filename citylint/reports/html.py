"""The HTML report: one self-contained page a transport authority can read on a phone and send on.

Summary, verdicts, a lock-in map with its chart, one section per code with samples and the rule's
documentation, and filters by severity / file / origin. CSS and JavaScript are inlined (no network at view
time; the page's Content-Security-Policy allows only its own script, by hash). Every value from the data goes
through Jinja2's autoescaping. The view model built here is language-neutral but for rule titles and messages
(the rules' catalogues) and numbers; the template words everything else with ``_()`` in the ``html`` gettext
domain, which ``citylint i18n extract`` reads from the template.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from citylint import __version__, i18n
from citylint.model import Finding, LockinOrigin, Notice, Report, Severity, Verdict
from citylint.reports import DEFAULT_FAIL_ON
from citylint.reports.common import headline_verdict
from citylint.reports.markup import inline_html, markdown_html
from citylint.reports.platform import platform_lines
from citylint.reports.section import SECTIONS
from citylint.rules_doc import rule_page_url

DOMAIN = "html"
# Rows shown per code: enough to see the pattern and filter by file, few enough for a phone; the JSON report
# keeps every sample.
SAMPLES_SHOWN = 100
CHART_LABEL_CHARS = 55  # what fits on one line of the chart; the table below gives the full name
ASSETS = files("citylint.reports").joinpath("assets")


# Keys of LockinOrigin.touches the page words itself; any other key is listed as it is.
_TOUCHES_SHOWN = frozenset(
    {
        "files",
        "columns",
        "extensionFiles",
        "extensionColumns",
        "values",
        "routes",
        "routesShare",
        "trips",
        "tripsShare",
        "layers",
        "alternatives",
        "sources",
        "netex",
    }
)

# The conformance verdict from the worst severity present (as the text report says it); the template words it.
CONFORMANCE = {Severity.ERROR: "bad", Severity.WARNING: "warn", Severity.INFO: "ok", None: "ok"}


_COUNT_FORMS = {
    Severity.ERROR: ("{count} error", "{count} errors"),
    Severity.WARNING: ("{count} warning", "{count} warnings"),
    Severity.INFO: ("{count} info", "{count} info"),
}


@dataclass
class _Ids:
    """Short ids for files and origins, so that filter values never carry data into the script."""

    prefix: str
    ids: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str, label: str | None = None) -> str:
        if key not in self.ids:
            self.ids[key] = f"{self.prefix}{len(self.ids) + 1}"
            self.labels[key] = key if label is None else label
        return self.ids[key]

    def options(self) -> list[dict[str, str]]:
        return [{"id": self.ids[k], "name": self.labels[k]} for k in sorted(self.ids, key=str.lower)]


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("citylint.reports", "assets"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    return env


def web_url(url: str) -> str:
    """``url`` when it is a web address; ``#`` otherwise, so that no data can put a ``javascript:`` link
    here."""
    return url if url.lower().startswith(("https://", "http://")) else "#"


def _location(finding: Finding) -> str:
    where = finding.location
    parts = [
        where.file,
        None if where.row is None else f"#{where.row}",
        where.field,
        where.focus_node,
        where.path,
        where.pointer,
    ]
    return " · ".join(str(p) for p in parts if p)


def _touches(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:g}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class _Page:
    """Turns the reports into the plain view model the template reads."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.files = _Ids("f")
        self.origins = _Ids("o")

    def t(self, text: str) -> str:
        return i18n.translate(text, self.lang, domain=DOMAIN)

    def number(self, value: int) -> str:
        return i18n.format_number(value, self.lang)

    def count_word(self, severity: Severity, count: int) -> str:
        """ "errors" after 12, "error" after 1: the plural forms the text report's count line uses (ui
        domain)."""
        singular, plural = _COUNT_FORMS[severity]
        return i18n.translate_plural(singular, plural, count, self.lang).replace("{count}", "").strip()

    def origin_view(self, origin: LockinOrigin) -> dict[str, Any]:
        kind = origin.kind.value
        return {
            "id": self.origins(f"{origin.origin}\n{kind}", origin.origin),
            "name": origin.origin,
            "kind": kind,
            "layer": origin.layer.value,
            "findings": origin.findings,
            "findings_text": self.number(origin.findings),
            "codes": origin.codes,
            "touches": self.touches_view(origin.touches),
            "alternative": origin.alternative,
            "principles": origin.principles,
            "source": origin.source,
            "exit": origin.exit,
        }

    def touches_view(self, touches: dict[str, Any]) -> dict[str, Any]:
        """What an origin touches (``docs/lockin.md``): its non-standard files and columns, the vendor codes
        used with their exact rows, the routes and trips they reach, the official alternative per element."""

        def reach(unit: str) -> tuple[str, str] | None:
            if unit not in touches:
                return None
            share = touches.get(f"{unit}Share")
            return self.number(touches[unit]), "" if share is None else f"{100 * share:.0f}\u00a0%"

        values = [
            f"{element} = {code} ×{self.number(rows)}"
            for element, codes in (touches.get("values") or {}).items()
            for code, rows in codes.items()
        ]
        return {
            "where": touches.get("columns") or touches.get("files") or [],
            "files": touches.get("extensionFiles") or [],
            "columns": touches.get("extensionColumns") or [],
            "codes": values,
            "routes": reach("routes"),
            "trips": reach("trips"),
            "mapped": bool(touches.get("netex")),
            # a code list with a NeTEx mapping shows the NeTEx mode / submode each code keeps
            "alternatives": (
                [(element, f"NeTEx {target}") for element, target in touches["netex"].items()]
                if touches.get("netex")
                else list((touches.get("alternatives") or {}).items())
            ),
            "other": [
                (k, _touches(v))
                for k, v in touches.items()
                if k not in _TOUCHES_SHOWN and v not in (None, "", [], {})
            ],
        }

    def chart(self, origins: list[dict[str, Any]]) -> dict[str, Any]:
        """Geometry of the horizontal bar chart (label above each bar, so long names fit on a phone)."""
        top = max((o["findings"] for o in origins), default=0) or 1
        row, width = 40, 400  # a phone-sized drawing: its text stays legible when scaled to a small screen
        bars = [
            {**o, "y": 8 + i * row, "width": max(2.0, round(o["findings"] / top * (width - 70), 1))}
            for i, o in enumerate(origins)
        ]
        return {"bars": bars, "height": 8 + len(bars) * row, "width": width}

    def verdict_view(self, verdict: Verdict, notices: dict[str, Notice]) -> dict[str, Any]:
        reasons = []
        for reason in verdict.reasons:
            notice = notices.get(reason)
            title = inline_html(i18n.rule_title(notice.rule, self.lang)) if notice else None
            reasons.append({"text": reason, "title": title, "anchor": reason if notice else None})
        return {
            "scheme": verdict.scheme,
            "passed": verdict.passed,
            "headline": i18n.translate(verdict.headline, self.lang),
            "reasons": reasons,
        }

    def notice_view(self, notice: Notice, origin_ids: dict[str, list[str]], report_id: str) -> dict[str, Any]:
        rule = notice.rule
        samples = []
        for finding in notice.samples[:SAMPLES_SHOWN]:
            file_name = finding.location.file or ""
            samples.append(
                {
                    "message": i18n.finding_message(rule, finding, self.lang),
                    "location": _location(finding),
                    "file": self.files(file_name) if file_name else "",
                }
            )
        file_ids = sorted({s["file"] for s in samples if s["file"]})
        origins = origin_ids.get(rule.code, [])
        return {
            "code": rule.code,
            "anchor": f"{report_id}-{rule.code}",
            "severity": notice.severity.value,
            "total": notice.total,
            "suppressed": self.number(notice.suppressed) if notice.suppressed else None,
            "total_text": self.number(notice.total),
            "title": inline_html(i18n.rule_title(rule, self.lang)),
            "doc": markdown_html(rule.description),
            "spec": rule.spec,
            "page": rule_page_url(rule.code),
            "family": rule.family,
            "layer": rule.layer.value,
            "lockin": rule.lockin.value if rule.lockin else None,
            "samples": samples,
            "files": " ".join(file_ids),
            "origins": " ".join(origins),
            "any_lockin": bool(origins or rule.lockin),
        }

    @staticmethod
    def unattributed(report: Report) -> list[dict[str, str]]:
        items = (report.summary.get("lockin") or {}).get("unattributed") or []
        return [
            {
                "name": " ".join(str(p) for p in (item.get("file"), item.get("column")) if p),
                "suggestion": item.get("suggestion") or "",
            }
            for item in items
        ]

    def report_view(self, index: int, report: Report) -> dict[str, Any]:
        report_id = f"r{index + 1}"
        sections = {section.key: section.html_view(report, self.lang) for section in SECTIONS}
        origins = [self.origin_view(o) for o in sorted(report.lockin, key=lambda o: (-o.findings, o.origin))]
        origin_ids: dict[str, list[str]] = {}
        for origin, view in zip(
            sorted(report.lockin, key=lambda o: (-o.findings, o.origin)), origins, strict=True
        ):
            for code in origin.codes:
                origin_ids.setdefault(code, []).append(view["id"])
        counts = report.counts()
        worst = report.worst()
        verdict = "error" if report.system_errors else CONFORMANCE[worst]
        gtfs = report.summary.get("gtfs") or {}
        headline = headline_verdict(report)
        return {
            "id": report_id,
            "input": report.input,
            "kind": report.kind,
            "profile": report.profile or "-",
            "date": report.validation_date,
            "counts": [
                {"severity": s.value, "n": self.number(counts[s]), "word": self.count_word(s, counts[s])}
                for s in Severity
            ],
            "verdict": verdict,
            "verdicts": [self.verdict_view(v, report.notices) for v in report.verdicts],
            "headline": None if headline is None else self.verdict_view(headline, report.notices),
            # the platform's counts per severity under the headline ("1 échec irrécupérable, 2 erreurs, ...")
            "platform_counts": [line.strip() for line in platform_lines(report, self.lang)],
            "system_errors": report.system_errors,
            "feed_info": [(k, v) for k, v in (gtfs.get("feedInfo") or {}).items() if v not in (None, "")],
            "agencies": gtfs.get("agencies") or [],
            "entity_counts": [(k, self.number(v)) for k, v in (gtfs.get("counts") or {}).items()],
            "features": gtfs.get("gtfsFeatures") or [],
            "other_summary": [
                (k, _touches(v)) for k, v in report.summary.items() if k not in ("gtfs", "timings", "lockin")
            ],
            # the sections other modules write (reports/section.py): the lock-in score, the scorecard
            "score": sections["lockin"],
            "unattributed": self.unattributed(report),
            "origins": origins,
            "chart": self.chart(origins),
            "scorecard": sections["scorecard"],
            "notices": [self.notice_view(n, origin_ids, report_id) for n in report.sorted_notices()],
        }


def _script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def render(
    reports: Sequence[Report],
    *,
    color: bool = False,
    lang: str = i18n.SOURCE_LANG,
    fail_on: str = DEFAULT_FAIL_ON,
) -> str:
    """The page for ``reports``, its texts in ``lang``."""
    page = _Page(lang)
    views = [page.report_view(i, r) for i, r in enumerate(reports)]
    script = ASSETS.joinpath("report.js").read_text(encoding="utf-8")
    style = ASSETS.joinpath("report.css").read_text(encoding="utf-8")
    translate: Callable[[str], str] = page.t
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            _=translate,
            lang=lang,
            version=__version__,
            reports=views,
            script=script,
            style=style,
            script_hash=_script_hash(script),
            file_options=page.files.options(),
            origin_options=page.origins.options(),
            severities=[s.value for s in Severity],
            chart_label_chars=CHART_LABEL_CHARS,
        )
    )
