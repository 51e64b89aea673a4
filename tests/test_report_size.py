"""The report stays shareable: under 2 MB, one plotly bundle, figures without a template each."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs

from accord import load_case
from accord.case.evidence_basis import estimated_positions, is_estimate
from accord.deals.ties import overlapping, tied_ranks
from accord.report import build_report
from accord.report.bundle import bundle_version, plotly_bundle

LIMIT = 2_000_000


@pytest.fixture(scope="module")
def report() -> str:
    return build_report(load_case("ukraine-2026"), draws=300)


def test_report_is_under_2_mb(report: str) -> None:
    assert len(report.encode("utf-8")) < LIMIT


def test_report_holds_exactly_one_plotly_bundle(report: str) -> None:
    assert len(re.findall(r"plotly\.js(?: \([^)]*\))? v\d+\.\d+\.\d+", report)) == 1
    assert report.count('<script id="plotly-js">') == 1


def test_figures_do_not_repeat_the_layout_template(report: str) -> None:
    assert report.count('"template"') == 0  # the one template sits in its own block, not in each figure
    assert 'id="accord-plot-template"' in report


def test_vendored_bundle_matches_the_plotly_package() -> None:
    # the basic bundle must come from the plotly.js the Python package targets (scripts/vendor_plotly.sh)
    assert bundle_version(plotly_bundle()) == bundle_version(get_plotlyjs())


def test_nash_products_equal_to_three_digits_share_a_rank() -> None:
    assert tied_ranks([0.0006946, 0.0006943, 0.000690, 0.00065]) == ["=1", "=1", "3", "4"]
    assert tied_ranks([0.5, 0.4]) == ["1", "2"]
    assert tied_ranks([0.3, 0.3, 0.1]) == ["=1", "=1", "3"]


def test_overlapping_intervals_are_indistinguishable() -> None:
    assert overlapping((0.10, 0.05, 0.20), (0.12, 0.06, 0.25))
    assert not overlapping((0.10, 0.08, 0.12), (0.20, 0.15, 0.25))


def test_a_position_with_only_analyst_estimates_is_an_estimate() -> None:
    case = load_case("ukraine-2026")
    estimates = estimated_positions(case, case.positions)
    kinds = {s.id: s.kind for s in case.sources}
    source = {c.id: c.source for c in case.claims}
    for p in case.positions:
        only_estimates = all(kinds[source[c]] == "analyst_estimate" for c in p.claims)
        assert ((p.actor, p.issue) in estimates) == only_estimates == is_estimate(case, p)
    assert 0 < len(estimates) < len(case.positions)
