"""Council voting power, the procedural models, intervals, the bootstrap and the settlement check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.case import load_case
from accord.forecast.base import IssueContext, IssueData
from accord.forecast.case_forecast import forecast_case
from accord.forecast.deu import read_deu
from accord.forecast.institutional import PowerModel, ReferenceModel, WeightedMeanBaseline
from accord.forecast.intervals import conformal_halfwidth
from accord.forecast.procedural import AgendaModel, CodecisionModel, council_bounds
from accord.forecast.registry import get_model
from accord.forecast.scoring import cluster_bootstrap
from accord.forecast.select import LearnedSelectModel, learned_mix
from accord.forecast.validated import VALIDATED, best_for_cases
from accord.forecast.voting_power import council_rule, power_index, state_power
from accord.report.settlement import settlement_check

FIXTURE = Path(__file__).parent / "data" / "deu3-dev.tsv"
EU15_SHAPLEY = {"de": 0.1167, "es": 0.0955, "be": 0.0552, "at": 0.0454, "dk": 0.0353, "lu": 0.0207}
"""Shapley-Shubik indices of the EU-15 Council (62 of 87), as published (e.g. Felsenthal & Machover 1998)."""


def test_eu15_shapley_shubik_matches_the_published_indices() -> None:
    power = state_power(dt.date(1999, 1, 1))
    for code, value in EU15_SHAPLEY.items():
        assert power[code] == pytest.approx(value, abs=1e-4)
    assert sum(power.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("date", ["2005-06-01", "2008-01-01", "2014-01-01", "2016-01-01"])
def test_indices_sum_to_one_and_follow_weights(date: str) -> None:
    rule = council_rule(dt.date.fromisoformat(date))
    for index in ("shapley", "banzhaf"):
        power = power_index(rule, index)  # type: ignore[arg-type]
        assert sum(power) == pytest.approx(1.0)
        order = np.argsort(rule.weights, kind="stable")
        assert np.all(np.diff(np.asarray(power)[order]) >= -1e-12)  # more weight, never less power


def test_membership_and_rules_by_date() -> None:
    assert len(council_rule(dt.date(2003, 1, 1)).members) == 15
    assert council_rule(dt.date(2005, 1, 1)).quota == 232
    assert council_rule(dt.date(2008, 1, 1)).quota == 255
    assert council_rule(dt.date(2013, 8, 1)).quota == 260
    lisbon = council_rule(dt.date(2016, 1, 1))
    assert (lisbon.name, lisbon.min_members, lisbon.blocking_min) == ("double majority", 16, 4)
    unanimity = state_power(dt.date(2016, 1, 1), "unanimity")
    assert set(np.round(list(unanimity.values()), 12)) == {round(1 / 28, 12)}


def test_deu_context_is_read() -> None:
    data = read_deu(FIXTURE)
    first = data.issues[0].data.context
    assert (first.procedure, first.voting, first.date, first.group) == (
        "codecision",
        "qmv",
        dt.date(2000, 3, 23),
        "d00060",
    )
    years = {i.data.context.date.year for i in data.issues if i.data.context.date}
    assert (min(years), max(years)) == (1996, 2017)
    assert 2005 in years  # '1930-05-05' is 30 May 2005
    assert all(len(i.data.context.gdp) == i.data.positions.size for i in data.issues)


def eu15_issue(positions: dict[str, float], reference: float, procedure: str = "consultation") -> IssueData:
    ctx = IssueContext(procedure=procedure, voting="qmv", reference=reference, date=dt.date(1999, 1, 1))  # type: ignore[arg-type]
    return IssueData.of(
        list(positions.values()),
        [1.0] * len(positions),
        [1.0] * len(positions),
        actors=list(positions),
        context=ctx,
    )


def test_agenda_setter_takes_what_the_pivot_allows() -> None:
    # every EU-15 state at 40 except the big four at 80; Commission at 100; status quo 0.
    states = dict.fromkeys(("es", "be", "el", "nl", "pt", "at", "se", "dk", "ie", "fi", "lu"), 40.0)
    states |= dict.fromkeys(("de", "fr", "it", "uk"), 80.0)
    issue = eu15_issue({"com": 100.0, **states}, reference=0.0)
    # the 40s and the 80s together hold all 87 votes; the 80s alone (40) do not reach 62,
    # so the pivot sits at 40 and the Council accepts up to 2 * 40 - 0 = 80
    assert council_bounds(issue, council_rule(dt.date(1999, 1, 1)), 0.0)[1] == pytest.approx(80.0)
    assert AgendaModel().predict(issue).outcome == pytest.approx(80.0)
    # a Commission at 60 gets its ideal
    assert AgendaModel().predict(eu15_issue({"com": 60.0, **states}, 0.0)).outcome == pytest.approx(60.0)


def test_codecision_splits_the_difference_within_what_both_accept() -> None:
    states = {c: 50.0 for c in council_rule(dt.date(1999, 1, 1)).members}
    issue = eu15_issue({"com": 100.0, "ep": 70.0, **states}, reference=0.0, procedure="codecision")
    assert CodecisionModel().predict(issue).outcome == pytest.approx(60.0)  # (70 + 50) / 2
    # under consultation the Parliament has no say and the Commission proposes up to 2*50
    consult = eu15_issue({"com": 100.0, "ep": 70.0, **states}, reference=0.0)
    assert CodecisionModel().predict(consult).outcome == pytest.approx(100.0)


def test_models_without_context_fall_back_to_the_compromise() -> None:
    plain = IssueData.of([0.0, 100.0], [1.0, 1.0], [1.0, 3.0])
    for model in (WeightedMeanBaseline(), PowerModel(), ReferenceModel(), AgendaModel(), CodecisionModel()):
        forecast = model.predict(plain)
        assert forecast.outcome == pytest.approx(75.0)
        assert "fallback" in forecast.notes


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=5, max_size=200), st.sampled_from([0.8, 0.95]))
def test_conformal_halfwidth_covers_its_share_of_the_scores(scores: list[float], level: float) -> None:
    h = conformal_halfwidth(scores, level)
    if np.isfinite(h):
        assert np.mean(np.asarray(scores) <= h) >= level * len(scores) / (len(scores) + 1) - 1e-12
        assert h in scores
    else:
        assert len(scores) < 1 / (1 - level) - 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 50), min_size=2, max_size=40), st.integers(0, 5))
def test_bootstrap_interval_contains_the_mean_and_collapses_on_constants(
    values: list[float], seed: int
) -> None:
    groups = [f"g{n % 7}" for n in range(len(values))]
    est = cluster_bootstrap(values, groups, draws=300, seed=seed)
    assert est.low - 1e-9 <= max(values)
    assert est.high + 1e-9 >= min(values)
    const = cluster_bootstrap([3.0] * len(values), groups, draws=50, seed=seed)
    assert (const.low, const.high) == pytest.approx((3.0, 3.0))


def test_learned_select_chooses_on_training_issues_only() -> None:
    data = read_deu(FIXTURE)
    train = [i for i in data.scored if i.proposal < "d05"]
    model = learned_mix().fit([i.data for i in train], [i.outcome or 0.0 for i in train])
    assert model.fitted
    assert len(model.members) == 3
    assert len(model.oof_errors) == len(train)
    assert len(model.inner_mae) == 6
    ranked = sorted(model.inner_mae, key=lambda t: t[2])
    assert [b for b, _ in model.members] == [b for b, _, _ in ranked[:3]]
    # the unfitted model is the compromise model
    issue = data.issues[0].data
    assert LearnedSelectModel().predict(issue).outcome == pytest.approx(
        get_model("compromise").predict(issue).outcome
    )


def test_validation_card_matches_a_fresh_run_of_the_direct_models() -> None:
    from accord.forecast.backtest import backtest

    data = read_deu(FIXTURE)
    result = backtest(
        [get_model(m) for m in ("weighted-mean", "compromise", "median")], data, folds=10, seed=0
    )
    for r in result.results:
        card = VALIDATED[r.model]
        assert card.mae[0] == pytest.approx(r.mae, abs=0.01)
        assert r.mae_ci is not None
        assert card.mae[1:] == pytest.approx((r.mae_ci.low, r.mae_ci.high), abs=0.01)
        assert card.coverage == pytest.approx(tuple(s.coverage for s in r.interval_scores), abs=0.001)
    assert best_for_cases() == "weighted-mean"


def test_ukraine_2025_median_forecast_is_rejected_by_russia() -> None:
    case = load_case("ukraine-2025")
    check = settlement_check(case, forecast_case(case, get_model("median")))
    russia = next(v for v in check.verdicts if v.actor == "RUS")
    assert russia.accepts == "no"
    assert russia.low == pytest.approx(0.361, abs=0.001)
    assert russia.no_deal == pytest.approx(0.6)
    assert not check.settles
    assert any(
        line.startswith("RUS rejects the forecast settlement: utility 0.361") for line in check.lines()
    )
