import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.case import load_case
from accord.cli import app
from accord.guarantees.simulation import simulate
from accord.guarantees.types import Estimate
from accord.report import REPORT_DRAWS, build_report, compute_inputs, write_report
from accord.report.sections import Figures, validation_section
from html_cells import cells, check_forecast_section
from xss_case import ATTR, MARK, SCRIPT, poisoned_case

runner = CliRunner()

HEADINGS = (
    "Case and sources",
    "Position map",
    "Deal analysis",
    "Forecasts",
    "Guarantee architectures",
    "Validation of the war-recurrence model",
    "Conflicting claims",
)


@pytest.fixture(scope="module")
def reports() -> dict[str, str]:
    out = {}
    for name in ("tutorial", "ukraine-2025"):
        out[name] = build_report(load_case(name))
    return out


def _without_plotly(text: str) -> str:
    """Drop the bundled plotly.js (it holds attribution URLs as string literals)."""
    return re.sub(r'<script id="plotly-js">.*?</script>', "<script></script>", text, flags=re.S)


@pytest.mark.parametrize("name", ["tutorial", "ukraine-2025"])
def test_report_has_every_section(reports: dict[str, str], name: str) -> None:
    text = reports[name]
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in text, heading
    assert "Plotly.newPlot" in text
    assert 'id="positions-table"' in text  # the position map is a heat table now, not a chart


@pytest.mark.parametrize("name", ["tutorial", "ukraine-2025"])
def test_report_is_self_contained(reports: dict[str, str], name: str) -> None:
    text = reports[name]
    stripped = _without_plotly(text)
    assert len(stripped) < len(text) / 2  # the bundle was found and removed
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, flags=re.I)
    assert not re.search(r"<link\b", stripped, flags=re.I)
    assert "@import" not in stripped
    assert 'src="http' not in stripped
    assert "<iframe" not in stripped.lower()
    # only inline scripts: the bundle, the figure data, their shared template and the loader
    assert stripped.count("<script") == 4


def test_every_claim_link_has_its_anchor(reports: dict[str, str]) -> None:
    text = reports["ukraine-2025"]
    anchors = set(re.findall(r'id="claim-([^"]+)"', text))
    links = set(re.findall(r'href="#claim-([^"]+)"', text))
    assert links
    assert links <= anchors
    case = load_case("ukraine-2025")
    assert anchors == {c.id for c in case.claims if any(s.id == c.source for s in case.sources)}


def test_main_track_solutions_are_shown(reports: dict[str, str]) -> None:
    text = reports["ukraine-2025"]
    assert "Main track: US-Russia-Ukraine trilateral" in text
    for label in ("Nash bargaining", "Kalai-Smorodinsky", "Egalitarian"):
        assert f"Concessions in the {label} package" in text
    assert 'id="fig-pareto"' in text
    assert 'id="fig-guarantees"' in text


def test_forecast_section_shows_validation_caveat_and_settlement_check(reports: dict[str, str]) -> None:
    text = reports["ukraine-2025"]
    check_forecast_section(text, "ukraine-2025")
    # the weighted-mean package is a settlement Russia rejects: short of its no-deal value
    rus = cells(text, "forecast-settlement").rows["RUS"]
    assert rus["verdict"] == "rejects"
    assert float(rus["shortfall"]) > 0
    assert "Rejected by Russian Federation" in text
    assert 'id="forecast-validation"' in text
    assert "weighted-mean (default)" in text


def test_forecast_section_of_a_case_that_settles(reports: dict[str, str]) -> None:
    text = reports["tutorial"]
    check_forecast_section(text, "tutorial")
    assert "Every party accepts the forecast settlement." in text
    assert all(r["verdict"] == "accepts" for r in cells(text, "forecast-settlement").rows.values())


class _Attributes(HTMLParser):
    """Collect event-handler attributes and javascript: URLs of every element."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if value and value.strip().lower().startswith("javascript:"):
                self.script_urls.append((tag, value))


def test_xss_payloads_are_escaped() -> None:
    text = build_report(poisoned_case())
    assert MARK in text  # the payload is shown, as text
    assert SCRIPT not in text
    assert "</script><script>" not in text
    assert ATTR not in text
    assert not re.search(r"""["']\s*onmouseover\s*=""", text, flags=re.I)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", text, flags=re.I)
    parser = _Attributes()
    parser.feed(_without_plotly(text))
    assert parser.handlers == []
    assert parser.script_urls == []
    # exactly the three inline scripts remain; none was injected
    assert _without_plotly(text).count("<script") == 4
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text


def test_write_report_unwritable_path_is_an_accord_error(tmp_path: Path) -> None:
    from accord.errors import AccordError

    with pytest.raises(AccordError, match="cannot write the report"):
        write_report(load_case("tutorial"), tmp_path / "missing" / "x.html", draws=50)


def test_cli_report_writes_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tmp").mkdir()
    result = runner.invoke(app, ["report", "tutorial", "--out", "tmp/x.html", "--draws", "200"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "tmp/x.html"
    assert (tmp_path / "tmp" / "x.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_report_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "tutorial", "--draws", "200"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "accord-report-tutorial.html").is_file()


def test_cli_report_unwritable_path_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "tutorial", "--out", str(tmp_path / "no" / "such" / "x.html")])
    assert result.exit_code == 2
    assert "cannot write the report" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_writes_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo", "tutorial"])
    assert result.exit_code == 0, result.stderr
    assert "report written to accord-report-tutorial.html" in result.stdout
    assert (tmp_path / "accord-report-tutorial.html").is_file()


def _shown(e: Estimate, signed: bool = False, digits: int = 3) -> str:
    f = f"{'+' if signed else ''}.{digits}f"
    return f"{e.mean + 0.0:{f}}\n[{e.low80 + 0.0:{f}}, {e.high80 + 0.0:{f}}]"


def _figures(text: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="accord-figures">(.*?)</script>', text, flags=re.S)
    assert m is not None
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_guarantee_table_shows_means_and_intervals_of_the_engine(reports: dict[str, str]) -> None:
    text = reports["ukraine-2025"]
    direct = simulate(load_case("ukraine-2025"), draws=REPORT_DRAWS, seed=0)
    got = cells(text, "guarantees-risk")
    assert set(got.rows) == set(direct)
    for gid, r in direct.items():
        row = got.rows[gid]
        for months, est in r.war.items():
            assert row[f"war-{months / 12:g}"] == _shown(est), (gid, months)
        assert row["violation"] == _shown(r.violation[120])
        # the 95% interval is in the title
        t95 = f"[{r.war[120].low95:.3f}, {r.war[120].high95:.3f}]"
        assert t95 in got.titles[gid]["war-10"]
        d = r.diff_none[120]
        if gid == "none":
            assert row["diff-war"] == "-"
        else:
            assert row["diff-war"] == f"{d.mean + 0.0:+.3f}\n[{d.low95 + 0.0:+.3f}, {d.high95 + 0.0:+.3f}]"
        assert re.fullmatch(r"\d\.\d\d \[\d\.\d\d-\d\.\d\d\] \(\d+y\)", row["pax"])
    assert f"{REPORT_DRAWS:,} parameter draws" in text


def test_guarantors_show_credibility_and_the_threat_has_no_probability(reports: dict[str, str]) -> None:
    text = reports["ukraine-2025"]
    direct = simulate(load_case("ukraine-2025"), draws=REPORT_DRAWS, seed=0)
    got = cells(text, "guarantees-parts")
    threats = 0
    for gid, r in direct.items():
        for g in r.guarantors:
            c = g.credibility
            row = got.rows[f"{gid}/{c.guarantor}"]
            if c.is_threat:
                threats += 1
                assert row["credibility"] == "the threat: no protection"
                assert "ex-ante" not in row
                assert not re.search(r"\d", row["credibility"])
            else:
                assert c.ex_ante is not None
                assert c.invoked is not None
                assert row["ex-ante"] == _shown(c.ex_ante, digits=2)
                assert row["invoked"] == _shown(c.invoked, digits=2)
        for key, v in r.contributions.items():
            assert got.rows[f"{gid}/{key}"]["contribution"] == f"{v + 0.0:+.3f}"
        # shown as changes in P(war): they add up to the difference from no guarantee, sign and all
        diff = r.diff_none[r.horizon_months].mean
        if r.contributions and abs(diff) > 0.005:
            assert sum(r.contributions.values()) == pytest.approx(diff, abs=0.5 * abs(diff))
    assert threats >= 2  # Russia in Budapest and Minsk II


def test_guarantee_chart_is_small_multiples_against_no_guarantee(reports: dict[str, str]) -> None:
    fig = _figures(reports["ukraine-2025"])["fig-guarantees"]
    assert isinstance(fig, dict)
    traces = fig["data"]
    direct = simulate(load_case("ukraine-2025"), draws=REPORT_DRAWS, seed=0)
    others = [g for g in direct if g != "none"]
    assert len(traces) == 4 * len(others)  # per panel: no guarantee (war, violation), then the architecture
    for k, gid in enumerate(others):
        panel = traces[4 * k : 4 * k + 4]
        assert len({t.get("xaxis", "x") for t in panel}) == 1  # one panel each
        none_war, none_violation, war, violation = panel
        assert none_war["y"] == pytest.approx([float(v) for v in direct["none"].war_curve], abs=1e-4)
        assert war["y"] == pytest.approx([float(v) for v in direct[gid].war_curve], abs=1e-4)
        assert violation["y"] == pytest.approx([1 - float(v) for v in direct[gid].survival], abs=1e-4)
        assert none_war["line"]["color"] == none_violation["line"]["color"] != war["line"]["color"]


def test_validation_section_shows_backtest_calibration_fortna_and_retrodictions(
    reports: dict[str, str],
) -> None:
    from accord.guarantees.validation import shipped_validation

    shipped = shipped_validation()
    text = reports["ukraine-2025"]
    backtest = cells(text, "validation-backtest")
    for outcome in ("war", "violation"):
        for years, b in shipped.backtest[outcome]["brier"].items():
            row = backtest.rows[f"{outcome}/{years}"]
            assert row["brier-model"] == f"{b['weibull']:.4f}"
            assert row["brier-constant"] == f"{b['constant_rate']:.4f}"
        first = min(shipped.backtest[outcome]["brier"], key=float)
        c = shipped.backtest[outcome]["c_index"]
        assert backtest.rows[f"{outcome}/{first}"]["c-model"] == f"{c['weibull']:.3f}"
    fig = _figures(text)["fig-calibration"]
    assert isinstance(fig, dict)
    by_name = {t["name"]: t for t in fig["data"]}
    rows = shipped.backtest["war"]["calibration"]
    assert by_name["renewed major war"]["x"] == pytest.approx([r["predicted"] for r in rows])
    assert by_name["renewed major war"]["y"] == pytest.approx([r["observed_km"] for r in rows])
    diagonal = next(t for n, t in by_name.items() if "45" in n)
    assert diagonal["x"] == diagonal["y"]
    assert 'id="validation-fortna"' in text or "Not run:" in text
    retro = re.findall(r'data-retrodiction="([^"]+)"', text)
    assert {"georgia_2008", "crimea_2014", "minsk_2022"} <= set(retro)
    assert "Full-scale invasion on 24 February 2022" in text


def test_missing_validation_figures_are_a_clear_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.guarantees.validation as validation

    def missing() -> None:
        raise FileNotFoundError("validation.json")

    monkeypatch.setattr(validation, "shipped_validation", missing)
    figs = Figures()
    section = validation_section(figs)
    assert section["available"] is False
    assert "validation figures not shipped" in section["reason"]
    assert "fig-calibration" not in figs.items
    case = load_case("tutorial")
    text = build_report(case, inputs=compute_inputs(case, draws=100))
    assert "<h2>Validation of the war-recurrence model</h2>" in text
    assert "validation figures not shipped" in text
    assert "fig-calibration" not in text


def test_report_shows_the_plans_table_and_the_age_of_the_case() -> None:
    from accord.report import _environment
    from accord.report.plans_section import age_section, plans_section

    case = load_case("ukraine-2026")
    wrapper = '{% import "_plans.html.j2" as p with context %}{{ p.plans_section() }}'
    text = _environment().from_string(wrapper).render(plans=plans_section(case), claim_base="")
    assert 'id="plans"' in text
    for plan in case.proposals:
        assert plan.name.replace("'", "&#39;") in text
    assert "decided over its head" in text
    # a red line cites the claims stating it (one compact chip: its title and data-claims list them all)
    assert re.search(r'data-claims="[^"]*\brus-abudhabi-donetsk\b', text)
    note = age_section(case)
    assert note is not None  # any date after 2026-06-08
    assert "days before today" in note


def test_poisoned_plan_is_rendered_as_text() -> None:
    text = build_report(poisoned_case())
    assert 'id="plans"' in text
    assert SCRIPT not in text
