"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright): it renders without
console errors, its filters hide and show what they say, it fits a phone, and data never runs as script.
Screenshots go to tests/output/ (ignored by git)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from citylint.reports import html
from tests.conftest import ROOT, VALIDATION_DATE, run_cli
from tests.html_pages import hostile_feed, lockin_report

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "examples" / "gb-newport-2023-06-13.zip"
OUTPUT = ROOT / "tests" / "output"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("no chromium installed (Debian: apt-get install chromium); .ci/run installs it")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser: Browser, page_file: Path, width: int = 1200) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _cli_page(tmp_path: Path, feed: Path) -> Path:
    out = tmp_path / "page.html"
    code, _, _ = run_cli(
        "check", str(feed), "--date", VALIDATION_DATE, "--format", "html", "-o", str(out), "--quiet"
    )
    assert code in (0, 1) and out.is_file()
    return out


def _visible(page: Page, selector: str) -> int:
    return int(
        page.eval_on_selector_all(selector, "nodes => nodes.filter(n => n.offsetParent !== null).length")
    )


def test_page_renders_and_severity_and_file_filters_work(browser: Browser, tmp_path: Path) -> None:
    page, problems = _open(browser, _cli_page(tmp_path, EXAMPLE))
    assert page.is_visible("#filters")  # shown by the script: it ran
    total = page.locator(".notice").count()
    errors = page.locator('.notice[data-severity="ERROR"]').count()
    assert total > errors > 0
    assert _visible(page, ".notice") == total

    page.uncheck('input[name=severity][value="ERROR"]')
    assert _visible(page, '.notice[data-severity="ERROR"]') == 0
    assert _visible(page, ".notice") == total - errors
    assert page.text_content("#filter-status") == f"{total - errors} of {total} codes shown"
    page.check('input[name=severity][value="ERROR"]')
    assert _visible(page, ".notice") == total

    page.select_option("select[name=file]", label="trips.txt")  # only unknown_column has trips.txt samples
    shown = page.eval_on_selector_all(".notice", "ns => ns.filter(n => !n.hidden).map(n => n.id)")
    assert shown == ["r1-unknown_column"]
    page.click("#r1-unknown_column > summary")
    rows = page.eval_on_selector_all(
        "#r1-unknown_column tr[data-file]", "rs => rs.map(r => [r.hidden, r.cells[1].textContent])"
    )
    assert any(not hidden for hidden, _ in rows) and any(hidden for hidden, _ in rows)
    assert all(hidden != where.startswith("trips.txt") for hidden, where in rows)
    page.select_option("select[name=file]", value="")
    page.select_option("select[name=origin]", label="TPEG route types (Google's extended GTFS route types)")
    shown = page.eval_on_selector_all(".notice", "ns => ns.filter(n => !n.hidden).map(n => n.id)")
    assert shown == ["r1-unexpected_enum_value"]
    page.select_option("select[name=origin]", value="*")  # any lock-in: also the rules with a lock-in kind
    assert "r1-unexpected_enum_value" in page.eval_on_selector_all(
        ".notice", "ns => ns.filter(n => !n.hidden).map(n => n.id)"
    )
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "html-report-filtered.png"), full_page=True)
    assert (OUTPUT / "html-report-filtered.png").stat().st_size > 10_000
    assert problems == []


def test_origin_filter_and_lockin_chart(browser: Browser, tmp_path: Path) -> None:
    page_file = tmp_path / "lockin.html"
    page_file.write_text(html.render([lockin_report()], lang="en"), encoding="utf-8")
    page, problems = _open(browser, page_file)
    assert page.locator("svg.chart rect").count() == 2
    assert page.locator("svg.chart").bounding_box()["height"] > 40  # type: ignore[index]
    page.select_option("select[name=origin]", label="MTC GTFS+ (Trillium)")
    shown = page.eval_on_selector_all(".notice", "ns => ns.filter(n => !n.hidden).map(n => n.id)")
    assert shown == ["r1-unknown_column"]
    page.select_option("select[name=origin]", value="")
    assert _visible(page, ".notice") == 2
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "html-report-lockin.png"), full_page=True)
    assert problems == []


def test_page_fits_a_phone(browser: Browser, tmp_path: Path) -> None:
    page, problems = _open(browser, _cli_page(tmp_path, EXAMPLE), width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a phone screen"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "html-report-phone.png"))
    assert problems == []


def test_markup_in_the_feed_never_runs(browser: Browser, tmp_path: Path) -> None:
    page, problems = _open(browser, _cli_page(tmp_path, hostile_feed(tmp_path)))
    for notice in page.locator(".notice > summary").all():
        notice.click()
    page.hover("table")
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("text=<script>window.__xss=1</script>").count() >= 1  # shown as text
    assert problems == []


def test_no_table_overflows_a_390px_phone(browser: Browser, tmp_path: Path) -> None:
    """Every table (agencies, lock-in map, samples) and the EIF4SCC scorecard fit a 390-px screen: no table is
    wider than its box, so nothing needs a horizontal scroll."""
    feed = tmp_path / "feed"
    shutil.copytree(ROOT / "fixtures" / "gtfs" / "_base", feed)
    (feed / "routes.txt").write_text(
        "route_id,agency_id,route_short_name,route_long_name,route_type\n"
        "R1,CTL,1,Gare Centrale – Porte de Vincennes,200\n",
        encoding="utf-8",
    )
    (feed / "timetables.txt").write_text("timetable_id,route_id\nTT1,R1\n", encoding="utf-8")
    out = tmp_path / "eif.html"
    code, _, err = run_cli(
        "check",
        str(feed),
        "--profile",
        "eif4scc",
        "--licence",
        "none",
        "--date",
        VALIDATION_DATE,
        "--format",
        "html",
        "-o",
        str(out),
        "--quiet",
    )
    assert code in (0, 1), err
    for page_file in (out, _cli_page(tmp_path, EXAMPLE)):
        page, problems = _open(browser, page_file, width=390)
        page.eval_on_selector_all("details", "nodes => nodes.forEach(n => n.open = true)")
        tables = int(page.eval_on_selector_all("table", "nodes => nodes.length"))
        assert tables > 0
        wide = page.eval_on_selector_all(
            "table",
            "nodes => nodes.filter(n => n.offsetParent !== null && n.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 0.5).map(n => n.className || n.tagName)",
        )
        assert wide == [], f"tables wider than a 390-px screen: {wide}"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0 and not problems, (overflow, problems)
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"phone-{page_file.stem}.png"), full_page=False)
        page.close()
    assert 'id="scorecard"' in out.read_text(encoding="utf-8")


def test_on_a_phone_the_findings_come_right_after_the_verdict(browser: Browser, tmp_path: Path) -> None:
    """Issue 20: the phone layout put the findings 2,400 px down, below the open summary and the lock-in
    map."""
    page, problems = _open(browser, _cli_page(tmp_path, EXAMPLE), width=390)
    findings = page.eval_on_selector(".findings", "n => n.getBoundingClientRect().top + window.scrollY")
    context = page.eval_on_selector(".context", "n => n.getBoundingClientRect().top + window.scrollY")
    assert findings < context and findings < 1200, (findings, context)
    wide, _ = _open(browser, _cli_page(tmp_path, EXAMPLE), width=1200)  # a desktop keeps the reading order
    assert wide.eval_on_selector(".context", "n => n.getBoundingClientRect().top") < wide.eval_on_selector(
        ".findings", "n => n.getBoundingClientRect().top"
    )
    assert not problems


def test_count_chips_and_the_file_filter(tmp_path: Path) -> None:
    page = _cli_page(tmp_path, EXAMPLE).read_text()
    assert "<strong>12</strong> errors</li>" in page and "<strong>53</strong> warnings</li>" in page
    for name in ("calendar.txt", "feed_info.txt"):  # findings there now carry their file
        assert f">{name}</option>" in page
