"""Layout an analyst can brief from, in a real browser at 1280 px (Debian's chromium via Playwright).

No page scrolls sideways (tables scroll inside their wrappers), the summary is above the fold,
deal tables show option labels (never ids), and estimated positions are hatched with a legend.
Screenshots land in ``test-artifacts/screenshots/layout-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accord import load_case
from accord.case.evidence_basis import estimated_positions
from accord.report import write_report
from accord.web import create_app
from accord.web.state import AppState
from browser import ARGS, ensure_chromium, live_server, poll, screenshot_path

PAGES = ("/", "/deals", "/plans", "/explorer", "/forecast", "/guarantees", "/claims", "/evidence", "/upload")
CASE = "ukraine-2026"
WIDTH, HEIGHT = 1280, 800
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=ensure_chromium(), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(create_app(state=AppState())) as url:
        yield url


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(load_case(CASE), tmp_path_factory.mktemp("layout") / "report.html", draws=400)


def _page(browser: Browser) -> Page:
    return browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})


def _settle(page: Page, path: str) -> None:
    if path == "/deals":
        poll(
            page,
            "location.search.indexOf('full=1') >= 0 && !!document.querySelector('#deals-solutions')",
            300.0,
        )
    page.wait_for_load_state("load")
    poll(page, "document.readyState === 'complete'", 300.0)
    page.wait_for_timeout(300)  # let plotly lay its charts out


def _option_labels() -> tuple[set[str], set[str]]:
    case = load_case(CASE)
    labels = {o.label for i in case.issues for o in i.options}
    ids = {o.id for i in case.issues for o in i.options} - labels
    return labels, ids


@pytest.mark.parametrize("path", PAGES)
def test_no_dashboard_page_scrolls_sideways_at_1280(browser: Browser, server: str, path: str) -> None:
    page = _page(browser)
    page.goto(f"{server}{path}?case={CASE}", timeout=300_000)
    _settle(page, path)
    name = path.strip("/") or "overview"
    page.screenshot(path=str(screenshot_path(f"layout-{name}")), full_page=True)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), (path, widths)
    page.close()


def test_the_report_does_not_scroll_sideways_at_1280(browser: Browser, report: Path) -> None:
    page = _page(browser)
    page.goto(report.as_uri())
    _settle(page, "report")
    page.screenshot(path=str(screenshot_path("layout-report")), full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.close()


def _summary_top(page: Page) -> float:
    box = page.locator("#summary").bounding_box()
    assert box is not None
    return float(box["y"])


def test_summary_is_above_the_fold_in_the_report(browser: Browser, report: Path) -> None:
    page = _page(browser)
    page.goto(report.as_uri())
    assert _summary_top(page) < HEIGHT
    assert page.locator("#summary-nash .option").count() > 0  # the report's summary is complete
    page.screenshot(path=str(screenshot_path("layout-report-fold")))
    page.close()


def test_summary_is_above_the_fold_and_fills_in_on_the_overview(browser: Browser, server: str) -> None:
    page = _page(browser)
    page.goto(f"{server}/?case={CASE}", timeout=300_000)
    assert _summary_top(page) < HEIGHT
    poll(page, "document.body.dataset.summaryReady === '1'", 300.0)
    assert page.locator("#summary .computing").count() == 0
    labels, _ids = _option_labels()
    shown = [t.strip() for t in page.locator("#summary-nash .option").all_inner_texts()]
    assert shown
    assert set(shown) <= labels
    page.screenshot(path=str(screenshot_path("layout-overview-fold")))
    page.close()


def _assert_option_cells_are_labels(page: Page) -> int:
    labels, ids = _option_labels()
    cells = page.locator(
        "#deals .option"
    )  # solutions, concessions (some folded away) and the ranked frontier
    texts = [str(t).strip() for t in cells.evaluate_all("els => els.map(e => e.textContent)")]
    assert texts
    bad = [t for t in texts if t not in labels]
    assert bad == [], bad[:5]
    assert not set(texts) & ids
    return len(texts)


def test_deal_tables_show_option_labels_in_the_dashboard(browser: Browser, server: str) -> None:
    page = _page(browser)
    page.goto(f"{server}/deals?case={CASE}", timeout=300_000)
    assert page.locator("#deals-status").count() == 1  # the skeleton answers first, saying it computes
    _settle(page, "/deals")
    assert _assert_option_cells_are_labels(page) > 10
    page.close()


def test_deal_tables_show_option_labels_in_the_report(browser: Browser, report: Path) -> None:
    page = _page(browser)
    page.goto(report.as_uri())
    assert _assert_option_cells_are_labels(page) > 10
    page.close()


def _assert_estimates_hatched(page: Page) -> None:
    case = load_case(CASE)
    expected = estimated_positions(case, case.positions)
    marked = {
        (str(td.get_attribute("data-actor")), str(tr.get_attribute("data-issue")))
        for tr in page.locator("#positions-table tbody tr").all()
        for td in tr.locator("td[data-estimate]").all()
    }
    assert marked == expected
    one = page.locator("#positions-table td.estimate").first
    assert "repeating-linear-gradient" in one.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "analyst estimates" in page.locator("#positions-legend").inner_text()


def test_estimated_positions_are_hatched_with_a_legend(browser: Browser, server: str, report: Path) -> None:
    page = _page(browser)
    page.goto(f"{server}/?case={CASE}", timeout=300_000)
    _assert_estimates_hatched(page)
    page.goto(report.as_uri())
    _assert_estimates_hatched(page)
    page.locator("#positions").screenshot(path=str(screenshot_path("layout-positions")))
    page.close()
