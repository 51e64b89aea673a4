"""The dashboard and the report in a real browser: Debian's chromium driven by Playwright.

Screenshots of every page land in ``test-artifacts/screenshots/`` (``ACCORD_TEST_ARTIFACTS``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from accord import load_case
from accord.case import Case, dump_case
from accord.deals import default_track
from accord.report import write_report
from accord.web import analyses, create_app
from accord.web.state import AppState, CaseEntry
from accord.web.workers import PoolLimits
from browser import ARGS, ensure_chromium, live_server, poll, screenshot_path
from xss_case import MARK, poisoned_case, poisoned_data

PAGES = {
    "overview": "/",
    "deals": "/deals",
    "plans": "/plans",
    "explorer": "/explorer",
    "forecast": "/forecast",
    "guarantees": "/guarantees",
    "claims": "/claims",
    "evidence": "/evidence",
    "upload": "/upload",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = ensure_chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", autouse=True)
def compiled_kernels() -> None:
    """Build (or read from numba's cache) the deal engine's kernels before any page is timed.

    The first analysis after an install compiles them (about 20 s here, far more on a loaded
    machine); the pages' waits measure the pages, and the retry test below covers a slow analysis.
    """
    from accord.deals import DealSpace, analyse_deals

    for case in (load_case("ukraine-2025"), poisoned_case()):
        analyse_deals(DealSpace.from_case(case))


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(create_app(state=AppState())) as url:
        yield url


class Watch:
    """Console errors, page errors, dialogs and CSP violations of one page."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error" or "Content Security Policy" in msg.text:
            self.errors.append(f"console {msg.type}: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _new_page(browser: Browser, *, bypass_csp: bool = False) -> tuple[Page, Watch]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    return page, Watch(page)


def _wait_for_charts(page: Page) -> int:
    expected = page.evaluate(
        "Object.keys(JSON.parse(document.getElementById('accord-figures').textContent)).length"
    )
    if expected:
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot').length >= {expected}", timeout=30_000
        )
    return int(expected)


def wait_for_full_deals(page: Page, timeout: float = 300) -> None:
    """/deals answers with a skeleton, fills it from the API, then reloads with full=1: wait for that.

    On a timeout the message carries what the page's status line said (an error, a retry).
    """
    try:
        poll(
            page,
            "location.search.indexOf('full=1') >= 0 && !!document.querySelector('#deals-solutions')",
            timeout,
        )
    except AssertionError as exc:
        status = page.evaluate("(document.getElementById('deals-status') || {}).textContent || ''")
        raise AssertionError(f"{exc}; the page's status line: {status!r}") from None
    page.wait_for_load_state("load")


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_errors(browser: Browser, server: str, name: str) -> None:
    page, watch = _new_page(browser)
    response = page.goto(server + PAGES[name], timeout=120_000)
    assert response is not None
    assert response.status == 200
    if name == "deals":
        wait_for_full_deals(page)
    charts = _wait_for_charts(page)
    if name in ("deals", "forecast", "guarantees"):  # the overview's position map is a heat table
        assert charts > 0
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_path(f"ukraine-{name}")), full_page=True)
    assert watch.errors == []
    assert page.locator("h1").first.inner_text().strip() == load_case("ukraine-2025").title
    page.close()


def _explorer_rows(page: Page) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for tr in page.locator("#explorer-results tbody tr").all():
        actor = tr.get_attribute("data-actor") or ""
        rows[actor] = {
            td.get_attribute("data-field") or "": td.inner_text().strip()
            for td in tr.locator("td[data-field]").all()
        }
    return rows


def _ready(page: Page, attr: str, after: int) -> int:
    poll(page, f"Number(document.body.dataset.{attr} || 0) > {after}")
    return int(page.evaluate(f"Number(document.body.dataset.{attr})"))


def _selected(page: Page) -> dict[str, str]:
    out: dict[str, str] = {}
    for sel in page.locator(".explorer-option").all():
        out[sel.get_attribute("data-issue") or ""] = sel.input_value()
    return out


def _assert_rows_equal_api(page: Page, server: str, track: str) -> dict[str, Any]:
    api: dict[str, Any] = httpx.post(
        f"{server}/api/evaluate", json={"track": track, "options": _selected(page)}, timeout=60
    ).json()
    rows = _explorer_rows(page)
    assert set(rows) == set(api["actors"])
    for actor, got in api["actors"].items():
        row = rows[actor]
        assert row["utility"] == f"{got['utility']:.3f}"
        assert row["no_deal"] == f"{got['no_deal']:.3f}"
        assert row["gain"] == ("+" if got["gain"] >= 0 else "") + f"{got['gain']:.3f}"
        assert row["acceptable"] == ("yes" if got["acceptable"] else "no")
        lines = ", ".join(f"{r['issue']}={r['option']}" for r in got["red_lines"]) or "none"
        assert row["red_lines"] == lines
    return api


def test_deal_explorer_updates_live_and_matches_the_api(browser: Browser, server: str) -> None:
    case = load_case("ukraine-2025")
    track = default_track(case).id
    page, watch = _new_page(browser)
    page.goto(server + "/explorer", timeout=120_000)
    seen = _ready(page, "explorerReady", 0)
    _assert_rows_equal_api(page, server, track)

    # cross a red line: Russia's on NATO membership (the option its position excludes)
    red = next(p for p in case.positions if p.actor == "RUS" and p.red_line)
    page.select_option(f"#opt-{red.issue}", red.red_line[0])
    seen = _ready(page, "explorerReady", seen)
    api = _assert_rows_equal_api(page, server, track)
    assert {"issue": red.issue, "option": red.red_line[0]} in api["actors"]["RUS"]["red_lines"]
    assert _explorer_rows(page)["RUS"]["acceptable"] == "no"
    page.screenshot(path=str(screenshot_path("explorer-red-line")), full_page=True)

    # the Nash button loads the API's Nash package, acceptable to everyone at the table
    page.click("#explorer-nash")
    seen = _ready(page, "explorerReady", seen)
    nash = httpx.get(f"{server}/api/deals", params={"track": track, "top": 0}, timeout=120).json()
    assert _selected(page) == nash["solutions"]["nash"]["options"]
    _assert_rows_equal_api(page, server, track)
    assert page.locator("#explorer-verdict").inner_text() == "Acceptable to every actor at the table."

    # another table: the track selector changes who is evaluated
    other = next(t for t in case.tracks if t.id != track)
    page.select_option("#explorer-track", other.id)
    _ready(page, "explorerReady", seen)
    assert set(_explorer_rows(page)) == set(other.actors)
    _assert_rows_equal_api(page, server, other.id)
    assert watch.errors == []
    page.close()


def test_deals_page_numbers_equal_the_api(browser: Browser, server: str) -> None:
    case = load_case("ukraine-2025")
    page, watch = _new_page(browser)
    page.goto(server + "/deals", timeout=120_000)
    wait_for_full_deals(page)
    rows = page.locator("section#deals table").first.locator("tr").all()[1:]
    assert len(rows) == len(case.tracks)
    for track, row in zip(case.tracks, rows, strict=True):
        api = httpx.get(f"{server}/api/deals", params={"track": track.id, "top": 0}, timeout=120).json()
        cells = [c.inner_text().strip() for c in row.locator("td").all()]
        assert cells[2] == f"{api['counts']['packages']:,}"
        assert cells[3] == f"{api['counts']['acceptable']:,}"
        assert cells[4] == f"{api['counts']['pareto']:,}"
    assert watch.errors == []
    page.close()


def _comparer_rows(page: Page) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for tr in page.locator("#comparer-results tbody tr").all():
        rows[tr.get_attribute("data-architecture") or ""] = {
            td.get_attribute("data-field") or "": td.inner_text().strip()
            for td in tr.locator("td[data-field]").all()
        }
    return rows


def _shown(e: dict[str, float] | None, digits: int = 3, signed: bool = False) -> str:
    if e is None:
        return "-"
    f = f"{'+' if signed else ''}.{digits}f"
    lo, hi = ("low95", "high95") if signed else ("low80", "high80")
    return f"{e['mean'] + 0.0:{f}}\n[{e[lo] + 0.0:{f}}, {e[hi] + 0.0:{f}}]"


def _assert_comparer_equals(page: Page, api: dict[str, Any]) -> None:
    rows = _comparer_rows(page)
    h = f"{api['horizon_years']:g}"
    assert list(rows) == [a["id"] for a in api["architectures"]]
    for a in api["architectures"]:
        row = rows[a["id"]]
        for years, e in a["war"].items():
            assert row[f"war-{years}"] == _shown(e), (a["id"], years)
        assert row["violation"] == _shown(a["violation"][h])
        none = a["id"] == "none"
        assert row["diff-war"] == ("-" if none else _shown(a["diff_none"][h], signed=True))
        assert row["diff-violation"] == ("-" if none else _shown(a["diff_none_violation"][h], signed=True))
        assert row["protection"] == _shown(a["protection"], 2)
        lines = []
        for g in a["guarantors"]:
            if g["is_threat"]:
                lines.append(f"{g['id']} the threat: no protection")
            else:
                lines.append(f"{g['id']} {g['ex_ante']['mean']:.2f} / {g['honour_if_attacked']['mean']:.2f}")
        assert row["credibility"] == ("\n".join(lines) or "-")
        parts = [f"{k.removeprefix('mechanism:')} {v + 0.0:+.3f}" for k, v in a["contributions"].items()]
        assert row["contributions"] == (", ".join(parts) or "-")


def test_guarantee_comparer_controls_match_the_api(browser: Browser, server: str) -> None:
    page, watch = _new_page(browser)
    page.goto(server + "/guarantees", timeout=120_000)
    seen = _ready(page, "comparerReady", 0)
    draws = int(page.locator("#comparer-draws").input_value())
    body: dict[str, Any] = {"draws": draws, "seed": 0, "horizon_years": 10, "honour": {}}
    # with no override the comparer shows the API's default comparison, as the table above does
    _assert_comparer_equals(page, httpx.post(f"{server}/api/guarantees", json=body, timeout=120).json())
    box = page.locator('.honour-on[data-guarantor="USA"]')
    box.check()
    slider = page.locator('.honour[data-guarantor="USA"]')
    slider.evaluate("(el) => { el.value = '0.9'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    seen = _ready(page, "comparerReady", seen)
    body["honour"] = {"USA": 0.9}
    api = httpx.post(f"{server}/api/guarantees", json=body, timeout=120).json()
    _assert_comparer_equals(page, api)
    backed = [a for a in api["architectures"] if "USA" in a["p_honour"]]
    assert backed
    for arch in backed:
        assert "USA 0.90 /" in _comparer_rows(page)[arch["id"]]["credibility"]
    assert any(g["is_threat"] for a in api["architectures"] for g in a["guarantors"])
    # a shorter horizon: fewer columns, and the same numbers as the API
    page.fill("#comparer-horizon", "5")
    page.locator("#comparer-horizon").dispatch_event("change")
    _ready(page, "comparerReady", seen)
    body["horizon_years"] = 5
    api = httpx.post(f"{server}/api/guarantees", json=body, timeout=120).json()
    _assert_comparer_equals(page, api)
    assert "war-10" not in _comparer_rows(page)["none"]
    assert page.locator("#comparer-chart .js-plotly-plot, #comparer-chart.js-plotly-plot").count() == 1
    page.screenshot(path=str(screenshot_path("guarantee-comparer")), full_page=True)
    assert watch.errors == []
    page.close()


def test_guarantee_target_box_matches_the_api(browser: Browser, server: str) -> None:
    page, watch = _new_page(browser)
    page.goto(server + "/guarantees", timeout=120_000)
    page.fill("#target-text", "war10<0.09")
    page.select_option("#target-versus", "none")
    page.click("#target-run")
    poll(page, "Number(document.body.dataset.targetReady || 0) > 0", timeout=300)
    api = httpx.post(
        f"{server}/api/guarantees/target", json={"target": "war10<0.09", "versus": "none"}, timeout=300
    ).json()
    rows = {
        tr.get_attribute("data-architecture"): {
            td.get_attribute("data-field"): td.inner_text().strip()
            for td in tr.locator("td[data-field]").all()
        }
        for tr in page.locator("#target-results tbody tr").all()
    }
    assert list(rows) == [a["id"] for a in api["answers"]]
    even = {b["id"]: b for b in api["break_even"]}
    for a in api["answers"]:
        row = rows[a["id"]]
        assert row["current"] == f"{a['current']:.3f}"
        if a["meets"]:
            assert row["credibility"] == "already meets it"
        elif a["credibility_needed"] is not None:
            assert row["credibility"] == f"{a['credibility_needed']:.2f}"
        if a["id"] in even and even[a["id"]]["credibility"] is not None:
            assert row["break_even"] == f"{even[a['id']]['credibility']:.2f}"
    # a bad target is reported, not thrown
    page.fill("#target-text", "peace")
    page.click("#target-run")
    poll(page, "document.getElementById('target-status').textContent.indexOf('cannot read target') >= 0")
    page.screenshot(path=str(screenshot_path("guarantee-target")), full_page=True)
    assert [e for e in watch.errors if "422" not in e] == []
    page.close()


def _assert_nothing_ran(page: Page, watch: Watch) -> None:
    # hover every element that could carry an injected handler, then check the marker
    for el in page.locator("main td, main li, main p, main h1, h1, option").all()[:200]:
        if el.is_visible():
            el.hover(timeout=2000)
    assert page.evaluate(f"typeof {MARK}") == "undefined"
    assert watch.dialogs == []
    assert not [e for e in watch.errors if "Content Security Policy" in e]


@pytest.mark.parametrize("name", list(PAGES))
def test_xss_payloads_do_not_execute_in_the_app(browser: Browser, name: str) -> None:
    app = create_app(CaseEntry("poison", poisoned_case(), "upload"))
    with live_server(app) as url:
        page, watch = _new_page(browser, bypass_csp=True)  # escaping alone must stop the payloads
        page.goto(url + PAGES[name], timeout=120_000)
        if name == "deals":
            wait_for_full_deals(page)
        _wait_for_charts(page)
        page.wait_for_load_state("networkidle")
        _assert_nothing_ran(page, watch)
        assert "<script>" in page.locator("body").inner_text() or name in (
            "upload",
            "evidence",
        )  # shown as text
        page.screenshot(path=str(screenshot_path(f"xss-{name}")), full_page=True)
        page.close()


def test_deals_page_waits_out_an_analysis_slower_than_the_time_limit(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every deal analysis takes 1.5 s and the limit is 0.5 s: the API answers 503 with
    # Retry-After, the job goes on in the background, and the page must ask again (and be
    # served from the cache) rather than stop at an error
    real = analyses.analyse_deals

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(analyses, "analyse_deals", slow)
    app = create_app(CaseEntry("tutorial", load_case("tutorial"), "builtin"), limits=PoolLimits(timeout=0.5))
    statuses: list[int] = []
    with live_server(app) as url:
        page, watch = _new_page(browser)
        page.on("response", lambda r: statuses.append(r.status) if "/api/deals" in r.url else None)
        page.goto(url + "/deals", timeout=120_000)
        wait_for_full_deals(page, timeout=120)
        assert 503 in statuses  # it was refused at least once ...
        assert statuses[-1] == 200  # ... and asked again until served
        assert all("503" in e for e in watch.errors)  # nothing but the refusals logged
        assert page.locator("#deals-solutions").count() == 1
        page.close()


def test_xss_upload_through_the_form(browser: Browser, server: str, tmp_path: Path) -> None:
    file = tmp_path / "poison.yaml"
    dump_case(Case.model_validate(poisoned_data()), file)
    page, watch = _new_page(browser, bypass_csp=True)
    page.goto(server + "/upload")
    page.set_input_files("#upload-file", str(file))
    with page.expect_navigation():
        page.click("#upload-submit")
    assert re.search(r"\?case=", page.url)
    _wait_for_charts(page)
    _assert_nothing_ran(page, watch)
    page.close()


def test_upload_errors_are_shown_located(
    browser: Browser, server: str, tmp_path: Path, edit_tutorial: Any
) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text(edit_tutorial(("salience: 0.9", "salience: 9")), encoding="utf-8")
    page, _watch = _new_page(browser)
    page.goto(server + "/upload")
    page.set_input_files("#upload-file", str(file))
    page.click("#upload-submit")
    page.wait_for_selector("#upload-problems")
    text = page.locator("#upload-problems").inner_text()
    assert re.search(r"broken\.yaml:\d+:\d+: positions\[\d+\]\.salience", text)
    page.close()


def test_xss_payloads_do_not_execute_in_the_report(browser: Browser, tmp_path: Path) -> None:
    out = write_report(poisoned_case(), tmp_path / "poison.html", draws=200)
    page, watch = _new_page(browser)
    page.goto(out.as_uri())
    _wait_for_charts(page)
    _assert_nothing_ran(page, watch)
    assert watch.errors == []
    page.close()


def test_report_is_viewable_offline(browser: Browser, tmp_path: Path) -> None:
    out = write_report(load_case("ukraine-2025"), tmp_path / "ukraine.html", draws=500)
    page, watch = _new_page(browser)
    blocked: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(out.as_uri())
    assert _wait_for_charts(page) >= 4
    page.screenshot(path=str(screenshot_path("report-ukraine")), full_page=False)
    assert blocked == []
    assert watch.errors == []
    page.close()


def _evidence_db(tmp_path: Path) -> Path:
    from accord.evidence.extract import EXTRACTOR_VERSION, extract_text
    from accord.evidence.store import EvidenceStore
    from accord.evidence.text import parse_article
    from xss_case import PAYLOAD

    db = tmp_path / "ev.sqlite3"
    article = (
        "URL: https://evil.example/a\nDATE: 2025-08-13\n\n"
        f"The Kremlin on Wednesday rejected any deployment of European troops in Ukraine {PAYLOAD}.\n"
        f"Talks on security guarantees are to be concluded by Friday {PAYLOAD}, Dmitry Peskov said.\n"
    )
    case = load_case("ukraine-2025")
    with EvidenceStore.open(db) as store:
        doc, _ = parse_article(article.encode())
        store.ingest(doc, extract_text(doc.text, doc.date, case, nlp=None), EXTRACTOR_VERSION)
    return db


def test_xss_in_articles_does_not_execute_in_app_or_report(browser: Browser, tmp_path: Path) -> None:
    from accord.evidence.store import EvidenceStore
    from accord.report.sections import evidence_inputs

    db = _evidence_db(tmp_path)
    with live_server(create_app(db=db)) as url:
        page, watch = _new_page(browser, bypass_csp=True)
        page.goto(url + "/evidence")
        _wait_for_charts(page)
        assert page.locator("#evidence-timeline tr").count() > 1
        _assert_nothing_ran(page, watch)
        page.screenshot(path=str(screenshot_path("evidence-xss")), full_page=True)
        page.close()
    with EvidenceStore.open(db) as store:
        evidence = evidence_inputs(store)
    out = write_report(load_case("tutorial"), tmp_path / "evidence.html", draws=100, evidence=evidence)
    page, watch = _new_page(browser)
    page.goto(out.as_uri())
    _wait_for_charts(page)
    assert page.locator("#evidence-timeline tr").count() > 1
    _assert_nothing_ran(page, watch)
    page.close()
