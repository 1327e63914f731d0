"""The HTML report: written by the real CLI, self-contained, escaped, translated, with the lock-in map."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from markupsafe import escape

from citylint import i18n
from citylint.i18n_catalogs import source_templates
from citylint.model import Report
from citylint.registry import load_registry
from citylint.reports import REPORTERS, html
from citylint.reports.markup import markdown_html
from tests.conftest import ROOT, VALIDATION_DATE, run_cli
from tests.html_pages import COLUMN, IMAGE, SCRIPT, hostile_feed, lockin_report

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
ASSETS = ROOT / "citylint" / "reports" / "assets"


def _page(tmp_path: Path, feed: Path, *extra: str) -> tuple[int, str]:
    out = tmp_path / "page.html"
    code, stdout, _ = run_cli(
        "check", str(feed), "--date", VALIDATION_DATE, "--format", "html", "-o", str(out), "--quiet", *extra
    )
    assert stdout == ""
    return code, out.read_text(encoding="utf-8")


def test_cli_writes_one_self_contained_page_with_every_code(tmp_path: Path) -> None:
    code, page = _page(tmp_path, EXAMPLE)
    json_out = tmp_path / "report.json"
    run_cli(
        "check", str(EXAMPLE), "--date", VALIDATION_DATE, "--format", "json", "-o", str(json_out), "--quiet"
    )
    notices = json.loads(json_out.read_text())["notices"]
    assert code == 1 and notices
    for notice in notices:
        anchor = re.search(rf'<details class="notice sev-(\w+)" id="r1-{notice["code"]}"', page)
        assert anchor and anchor.group(1) == notice["severity"], notice["code"]
    assert page.count('<details class="notice ') == len(notices)
    # No network at view time: nothing is loaded from elsewhere, and the page's policy would refuse it.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "default-src 'none'" in page
    assert "ITO World" in page and "Newport Bus" in page  # the GTFS summary's feed info and agencies
    assert 'name="viewport"' in page


def test_only_the_page_own_script_may_run(tmp_path: Path) -> None:
    _, page = _page(tmp_path, EXAMPLE)
    script = (ASSETS / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert f"<script>{script}</script>" in page


def test_values_from_the_data_are_escaped(tmp_path: Path) -> None:
    code, page = _page(tmp_path, hostile_feed(tmp_path))
    assert code == 1  # the invalid URL is an error
    assert page.count("<script") == 1  # the page's own
    for payload in (SCRIPT, IMAGE, COLUMN):
        assert payload not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # shown, as text, in the agencies table
    assert "&lt;b onmouseover=window.__xss=3&gt;" in page  # the unknown column, in its finding
    assert "<img" not in page and "<b " not in page


def test_lockin_map_has_one_bar_per_origin_scaled_to_its_findings() -> None:
    page = html.render([lockin_report()], lang="en")
    bars = re.findall(
        r'<g class="bar kind-(\w+)">.*?<rect x="0" y="[\d.]+" width="([\d.]+)"', page, re.DOTALL
    )
    assert [kind for kind, _ in bars] == ["hosting", "vendor_extension"]  # most findings first
    widths = [float(width) for _, width in bars]
    assert widths[0] > widths[1] == widths[0] * 2 / 8
    assert "&lt;i&gt;Vendor&lt;/i&gt; &amp; Co" in page and "<i>Vendor" not in page
    # what it touches, and the official alternative per element
    assert "<code>routes.txt route_sort_key, trips.txt vehicle_type</code>" in page
    assert "<code>routes.txt route_type = 715 ×3</code>" in page and "Routes reached: 1 (25\u00a0%)" in page
    assert "<code>trips.txt vehicle_type</code> → route_type" in page
    assert "reviewedOn: 2026-01-05" in page  # a key the page does not know is still shown
    assert 'data-origins="o2"' in page or 'data-origins="o1"' in page  # unknown_column is attributed to GTFS+
    assert "No lock-in origin found" not in page


def test_lockin_map_says_when_there_is_none() -> None:
    report = lockin_report()
    report.lockin = []
    page = html.render([report], lang="en")
    assert "No lock-in origin found in this input." in page
    assert "<svg" not in page


def test_verdicts_link_their_reasons_to_the_codes() -> None:
    page = html.render([lockin_report()])
    assert "transport.data.gouv.fr</strong>: not passed" in page
    assert '<a href="#r1-invalid_url"><code>invalid_url</code></a>' in page
    assert "licence not open" in page
    # one headline: the transport.data.gouv.fr verdict replaces the conformance badge (no second,
    # contradicting one)
    assert 'class="verdict verdict-bad">Not ready for transport.data.gouv.fr' in page
    assert 'class="verdict verdict-bad">Not conformant' not in page


def test_french_page(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, page = _page(tmp_path, EXAMPLE, "--lang", "fr")
    assert '<html lang="fr">' in page
    assert "Rapport de validation" in page and "Carte des dépendances" in page and "Non conforme" in page
    assert "1\u202f164" in page or "1\xa0164" in page  # French digit grouping
    unused_station = load_registry(plugins=False).rules["unused_station"]
    french_title = i18n.rule_title(unused_station, "fr")
    assert french_title != unused_station.summary
    assert str(escape(french_title)) in page and unused_station.summary not in page
    monkeypatch.setenv("LANGUAGE", "fr")  # without --lang, the environment's language
    assert '<html lang="fr">' in _page(tmp_path, EXAMPLE)[1]
    assert '<html lang="en">' in _page(tmp_path, EXAMPLE, "--lang", "en")[1]
    english = html.render([lockin_report()])  # the library's default is English
    assert '<html lang="en">' in english and "Validation report" in english


def test_every_ui_string_of_the_template_is_extracted_and_translated() -> None:
    extracted = source_templates()[html.DOMAIN]  # what `citylint i18n extract` reads from report.html.j2
    msgids = {m.id for m in extracted if m.id}
    assert len(msgids) > 50 and {"Lock-in map", "vendor extension", "Not conformant"} <= msgids
    catalog = i18n.catalog("fr", html.DOMAIN)
    assert catalog is not None
    missing = sorted(str(m) for m in msgids if not (catalog.get(m) and catalog.get(m).string))
    assert missing == [], f"run `citylint i18n extract` and translate html.po: {missing}"


def test_html_is_a_reporter_with_the_common_signature() -> None:
    assert REPORTERS["html"] is html.render
    assert REPORTERS["html"]([Report("x", "gtfs", "gtfs", "2026-10-01")], color=False).startswith(
        "<!DOCTYPE html>"
    )


def test_rule_documentation_markdown_is_escaped() -> None:
    doc = markdown_html(
        "Intro `<x>` text.\n## Why it matters\nA <b>bold</b> claim, see https://example.org/a?b=1&c=2\n\n"
        "- one\n- two"
    )
    assert "<code>&lt;x&gt;</code>" in doc and "&lt;b&gt;bold&lt;/b&gt;" in doc
    assert "<h4>Why it matters</h4>" in doc and "<ul><li>one</li><li>two</li></ul>" in doc
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in doc
    assert html.web_url("javascript:alert(1)") == "#"


def test_samples_are_capped_and_say_so(tmp_path: Path) -> None:
    _, page = _page(tmp_path, EXAMPLE)
    section = page[page.index('id="r1-unused_station"') :]
    section = section[: section.index("</details>\n  </details>")]
    assert section.count("<tr data-file=") == html.SAMPLES_SHOWN
    assert f"{html.SAMPLES_SHOWN} / 1,160" in section


def test_several_inputs_and_one_that_cannot_be_validated(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path / "page.html"
    code, _, _ = run_cli("check", str(EXAMPLE), str(broken), "--format", "html", "-o", str(out), "--quiet")
    page = out.read_text(encoding="utf-8")
    assert code == 2
    assert page.count('<section class="report"') == 2
    assert 'id="r1-unused_station"' in page and 'id="r2"' in page
    second = page[page.index('<section class="report" id="r2">') :]
    assert 'verdict-error">Could not validate' in second and "corrupt or unreadable zip" in second


def test_rule_titles_and_messages_come_from_the_rule_catalogues(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.catalog import Catalog

    report = lockin_report()
    rule = report.notices["unknown_column"].rule
    rules_fr = Catalog(locale="fr")
    rules_fr.add(rule.summary, "Une colonne ne fait pas partie de la référence GTFS.", context=rule.code)
    rules_fr.add(rule.message, "{filename} : colonne {fieldName} inconnue", context=rule.code)
    real = i18n.catalog
    monkeypatch.setattr(
        i18n, "catalog", lambda lang, domain: rules_fr if domain == "rules-gtfs" else real(lang, domain)
    )
    page = html.render([report], lang="fr")
    assert "Une colonne ne fait pas partie de la référence GTFS." in page
    assert "routes.txt : colonne route_sort_key inconnue" in page
    assert "Constats par code" in page


def test_cli_page_shows_the_lockin_analysis(tmp_path: Path) -> None:
    """The Newport example: route type 200 (coach) is a TPEG code kept as a NeTEx coach, not blamed on Google;
    four BODS columns are attributed to nobody."""
    _, page = _page(tmp_path, EXAMPLE)
    assert "Google Transit</option>" not in page
    assert "<code>routes.txt route_type=200</code> → NeTEx coach" in page
    origin = re.search(
        r'<option value="(o\d+)">TPEG route types \(Google&#39;s extended GTFS route types\)</option>', page
    )
    assert origin
    assert re.search(rf'id="r1-unexpected_enum_value"[^>]*data-origins="{origin.group(1)}"', page)
    assert re.search(r'id="r1-expired_calendar"[^>]*data-origins=""', page)
    assert "<code>routes.txt route_type = 200 ×4</code>" in page
    assert re.search(r"<strong>Lock-in score: [\d.]+/100</strong>", page)
    unattributed = page[page.index('<ul class="unattributed">') :]
    assert "<code>trips.txt vehicle_journey_code</code>" in unattributed[: unattributed.index("</ul>")]


def test_findings_a_baseline_accepts_are_shown_as_such() -> None:
    report = lockin_report()
    report.notices["unknown_column"].suppressed = 2
    page = html.render([report])
    summary = page[page.index('id="r1-unknown_column"') :]
    assert "2 accepted by the baseline" in summary[: summary.index("</summary>")]
    assert (
        "accepted by the baseline"
        not in page[page.index('id="r1-invalid_url"') : page.index('id="r1-unknown_column"')]
    )
