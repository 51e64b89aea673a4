import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.case import load_case
from accord.cli import app
from accord.report import build_report, write_report
from xss_case import ATTR, MARK, SCRIPT, poisoned_case

runner = CliRunner()

HEADINGS = (
    "Case and sources",
    "Position map",
    "Deal analysis",
    "Forecasts",
    "Guarantee architectures",
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
    assert 'id="fig-positions"' in text


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
    # only inline scripts: the bundle, the figure data and the loader
    assert stripped.count("<script") == 3


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
    assert 'id="fig-survival"' in text


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
    assert _without_plotly(text).count("<script") == 3
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
    assert 'href="#claim-rus-abudhabi-donetsk"' in text  # a red line links to the claims stating it
    note = age_section(case)
    assert note is not None  # any date after 2026-06-08
    assert "days before today" in note


def test_poisoned_plan_is_rendered_as_text() -> None:
    text = build_report(poisoned_case())
    assert 'id="plans"' in text
    assert SCRIPT not in text
