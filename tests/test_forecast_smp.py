"""The KTAB-style spatial model of politics: kernels, model properties, the emissions example.

Every assertion follows from the model's definition: hand-derived values of small elections,
properties that hold for any input (outcome inside the positions' range, invariance under
relabelling the actors and rescaling capabilities, unanimity), and agreement with the
independent pure-Python implementation in ``benchmarks/bench_smp.py``.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.errors import AnalysisError
from accord.forecast.base import ForecastModel, IssueData
from accord.forecast.smp import SpatialModel
from accord.forecast.smp_kernels import (
    COALITION_FLOOR,
    coalitions,
    election_probabilities,
    group_positions,
    risk_from_probabilities,
    utility,
    victory_probabilities,
    vote_response,
)
from accord.forecast.smp_options import (
    Bargain,
    Election,
    RiskAttitude,
    Transition,
    VictoryModel,
    VotingRule,
)
from accord.forecast.weighted import weighted_mean, weighted_median
from emissions import EMISSIONS

VOTING_RULES: tuple[VotingRule, ...] = get_args(VotingRule)
VICTORY_MODELS: tuple[VictoryModel, ...] = get_args(VictoryModel)
ELECTIONS: tuple[Election, ...] = get_args(Election)
RISKS: tuple[RiskAttitude, ...] = get_args(RiskAttitude)
BARGAINS: tuple[Bargain, ...] = get_args(Bargain)
TRANSITIONS: tuple[Transition, ...] = get_args(Transition)


def emissions_issue(scale: tuple[float, float] = (4.0, 10.0)) -> IssueData:
    return IssueData.of(
        [r[2] for r in EMISSIONS],
        [r[3] for r in EMISSIONS],
        [r[1] for r in EMISSIONS],
        scale=scale,
        actors=[r[0] for r in EMISSIONS],
    )


def _load_reference() -> ModuleType:
    folder = Path(__file__).resolve().parents[1] / "benchmarks"
    if str(folder) not in sys.path:
        sys.path.append(str(folder))  # bench_smp imports its sibling ``timing``
    path = folder / "bench_smp.py"
    spec = importlib.util.spec_from_file_location("bench_smp_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _load_reference()

# ---- strategies ------------------------------------------------------------------------------


@st.composite
def issues(draw: st.DrawFn, max_actors: int = 7) -> IssueData:
    n = draw(st.integers(1, max_actors))
    grid = draw(st.booleans())  # a coarse grid makes shared positions and exact ties likely
    position = st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0]) if grid else st.floats(0.0, 100.0)
    x = draw(st.lists(position, min_size=n, max_size=n))
    s = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    c = draw(st.lists(st.floats(0.0, 10.0), min_size=n, max_size=n))
    assume(sum(ci * si for ci, si in zip(c, s, strict=True)) > 1e-6 or len(set(x)) == 1)
    return IssueData.of(x, s, c)


models = st.builds(
    SpatialModel,
    voting_rule=st.sampled_from(VOTING_RULES),
    victory=st.sampled_from(VICTORY_MODELS),
    election=st.sampled_from(ELECTIONS),
    risk=st.sampled_from(RISKS),
    bargain=st.sampled_from(BARGAINS),
    transition=st.sampled_from(TRANSITIONS),
    seed=st.integers(0, 2**32 - 1),
    max_iter=st.integers(2, 30),
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- kernels ---------------------------------------------------------------------------------


def test_utility_ends_and_curvature() -> None:
    d = np.array([0.0, 0.5, 1.0])
    assert utility(d, 0.0) == pytest.approx([1.0, 0.5, 0.0])  # risk neutral: linear
    assert utility(d, 1.0) == pytest.approx([1.0, 0.75, 0.0])  # risk averse: concave
    assert utility(d, -1.0) == pytest.approx([1.0, 0.25, 0.0])  # risk seeking: convex


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("proportional", 0.5), ("binary", 1.0), ("prop_bin", 0.6), ("cubic", 0.125), ("prop_cubic", 0.3125)],
)
def test_vote_response_values_and_oddness(rule: VotingRule, expected: float) -> None:
    du = np.array([0.5, -0.5, 0.0])
    assert vote_response(du, rule) == pytest.approx([expected, -expected, 0.0])


@pytest.mark.parametrize(
    ("model", "expected"),
    [("linear", 2 / 3), ("square", 4 / 5), ("quartic", 16 / 17), ("octic", 256 / 257)],
)
def test_victory_probability_of_a_two_to_one_coalition(model: VictoryModel, expected: float) -> None:
    # the KTAB tutorial's definition of each victory model
    pv = victory_probabilities(np.array([[1.0, 2.0], [1.0, 1.0]]), model)
    assert pv[0, 1] == pytest.approx(expected)
    assert pv[1, 0] == pytest.approx(1 - expected)
    assert np.diag(pv) == pytest.approx([0.5, 0.5])


def test_binary_victory_a_ten_percent_edge_wins() -> None:
    c = np.array([[1.0, 1.1, 1.05], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
    pv = victory_probabilities(c, "binary")
    assert pv[0, 1] == pytest.approx(1.0, abs=1e-5)
    ratio = 1.05 / 2.05
    assert pv[0, 2] == pytest.approx((ratio * 2.1 - 1) / 0.1)  # linear between the edges
    assert pv + pv.T == pytest.approx(np.ones((3, 3)))


def loop_coalitions(u: np.ndarray, w: np.ndarray, rule: VotingRule) -> np.ndarray:
    n, m = u.shape
    c = np.full((m, m), COALITION_FLOOR)
    for i in range(m):
        for j in range(m):
            for a in range(n):
                du = u[a, i] - u[a, j]
                if du > 1e-12:
                    c[i, j] += w[a] * float(vote_response(np.array(du), rule))
    return c


@pytest.mark.parametrize("rule", VOTING_RULES)
def test_coalitions_match_a_loop(rule: VotingRule) -> None:
    rng = np.random.default_rng(4)
    u, w = rng.random((6, 5)), rng.random(6)
    w /= w.sum()
    assert coalitions(u, w, rule) == pytest.approx(loop_coalitions(u, w, rule), rel=1e-12)


def test_conditional_election_is_the_normalised_product() -> None:
    pv = np.array([[0.5, 0.7, 0.6], [0.3, 0.5, 0.8], [0.4, 0.2, 0.5]])
    raw = pv.prod(axis=1)
    p = election_probabilities(pv, np.ones((3, 3)), "conditional")[0]
    assert p == pytest.approx(raw / raw.sum())


def ktab_markov(pv: np.ndarray, c: np.ndarray, incentive: bool) -> np.ndarray:
    """The KTAB tutorial's Markov PCE as a plain damped fixed-point iteration."""
    m = pv.shape[0]
    if incentive:
        inc = c * pv + np.eye(m) * 1e-10
        chlg = inc / inc.sum(axis=0)
    else:
        chlg = np.full((m, m), 1.0 / m)
    p = np.full(m, 1.0 / m)
    for _ in range(20_000):
        q = np.array(
            [sum(pv[i, j] * (p[i] * chlg[j, i] + p[j] * chlg[i, j]) for j in range(m)) for i in range(m)]
        )
        p = (p + q) / 2
    return p


@pytest.mark.parametrize("method", ["markov_uniform", "markov_incentive"])
def test_markov_election_is_the_limiting_distribution(method: Election) -> None:
    rng = np.random.default_rng(2)
    u, w = rng.random((5, 4)), rng.random(5)
    w /= w.sum()
    c = coalitions(u, w, "proportional")
    pv = victory_probabilities(c, "linear")
    p = election_probabilities(pv, c, method)[0]
    assert p.sum() == pytest.approx(1.0)
    assert p == pytest.approx(ktab_markov(pv, c, method == "markov_incentive"), abs=1e-9)


@pytest.mark.parametrize("method", ELECTIONS)
def test_masked_elections_equal_elections_among_the_running_options(method: Election) -> None:
    rng = np.random.default_rng(3)
    u, w = rng.random((6, 5)), rng.random(6)
    w /= w.sum()
    c = coalitions(u, w, "proportional")
    pv = victory_probabilities(c, "square")
    mask = np.array([[1, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 1, 0]], dtype=bool)
    batch = election_probabilities(pv, c, method, mask)
    for k, row in enumerate(mask):
        idx = np.flatnonzero(row)
        alone = election_probabilities(pv[np.ix_(idx, idx)], c[np.ix_(idx, idx)], method)[0]
        assert batch[k, idx] == pytest.approx(alone)
        assert batch[k, ~row] == pytest.approx(0.0)


@pytest.mark.parametrize(("attitude", "bottom"), [("min", 0.0), ("mid", -0.5), ("max", -1.0)])
def test_risk_from_probabilities_spans_the_range(attitude: RiskAttitude, bottom: float) -> None:
    r = risk_from_probabilities(np.array([0.1, 0.6, 0.3]), attitude)
    assert r[1] == pytest.approx(1.0)  # the most probable position: risk averse
    assert r[0] == pytest.approx(bottom)
    assert r[2] == pytest.approx(bottom + (1 - bottom) * 0.4)
    assert risk_from_probabilities(np.array([0.5, 0.5]), attitude) == pytest.approx([0.0, 0.0])
    assert risk_from_probabilities(np.array([0.1, 0.9]), "neutral") == pytest.approx([0.0, 0.0])


def test_group_positions_merges_within_tolerance() -> None:
    label, centre = group_positions(np.array([0.5, 0.1, 0.1005, 0.9, 0.5]), 1e-3)
    assert label.tolist() == [1, 0, 0, 2, 1]
    assert centre == pytest.approx([0.10025, 0.5, 0.9])
    label, centre = group_positions(np.array([0.2, 0.2001]), 0.0)
    assert label.tolist() == [0, 1]


# ---- the model -------------------------------------------------------------------------------


def test_is_a_forecast_model() -> None:
    model = SpatialModel()
    assert isinstance(model, ForecastModel)
    assert model.name == "smp"


@pytest.mark.parametrize(
    "bad",
    [
        {"voting_rule": "majority"},
        {"victory": "cubic"},
        {"election": "markov"},
        {"risk": "high"},
        {"bargain": "s2pmax"},
        {"transition": "random"},
        {"min_iter": 0},
        {"min_iter": 5, "max_iter": 4},
        {"max_iter": 2.5},
        {"seed": True},
        {"min_delta_ratio": -0.1},
        {"min_sig_delta": math.nan},
        {"min_gain": math.inf},
        {"position_tolerance": 1.0},
    ],
)
def test_bad_settings_raise(bad: dict[str, Any]) -> None:
    with pytest.raises(AnalysisError):
        SpatialModel(**bad)


def test_bad_inputs_raise() -> None:
    model = SpatialModel()
    with pytest.raises(AnalysisError, match="inside the scale"):
        model.predict(IssueData.of([10.0, 120.0], [0.5, 0.5], [1.0, 1.0]))
    with pytest.raises(AnalysisError, match="capability and salience"):
        model.predict(IssueData.of([10.0, 20.0], [0.0, 0.5], [1.0, 0.0]))
    raw = np.array([1.0, 2.0])
    with pytest.raises(AnalysisError, match="equal length"):
        model.predict(IssueData(raw, np.array([0.5]), raw))
    with pytest.raises(AnalysisError, match="finite"):
        model.predict(IssueData(np.array([1.0, math.nan]), np.array([0.5, 0.5]), raw))
    with pytest.raises(AnalysisError, match="saliences"):
        model.predict(IssueData(raw, np.array([0.5, 1.5]), raw))
    with pytest.raises(AnalysisError, match="scale"):
        model.predict(IssueData(raw, np.array([0.5, 0.5]), raw, scale=(5.0, 5.0)))


def test_one_actor_gets_its_position() -> None:
    forecast = SpatialModel().predict(IssueData.of([37.0], [0.4], [2.0]))
    assert forecast.outcome == pytest.approx(37.0)


@SETTINGS
@given(issue=issues(), model=models)
def test_outcome_lies_within_the_positions(issue: IssueData, model: SpatialModel) -> None:
    run = model.run(issue)
    lo, hi = issue.positions.min(), issue.positions.max()
    assert lo - 1e-9 <= model.predict(issue).outcome <= hi + 1e-9
    # bargains are convex combinations: the range of positions can only shrink
    spans = [(row.min(), row.max()) for row in run.positions]
    for (a0, b0), (a1, b1) in itertools.pairwise(spans):
        assert a0 - 1e-9 <= a1
        assert b1 <= b0 + 1e-9
    assert spans[-1][0] - 1e-9 <= run.expected[-1] <= spans[-1][1] + 1e-9


@SETTINGS
@given(issue=issues(), model=models, data=st.data())
def test_relabelling_the_actors_changes_nothing(
    issue: IssueData, model: SpatialModel, data: st.DataObject
) -> None:
    perm = np.array(data.draw(st.permutations(range(issue.positions.size))))
    shuffled = IssueData.of(issue.positions[perm], issue.saliences[perm], issue.capabilities[perm])
    a, b = model.run(issue), model.run(shuffled)
    assert b.expected == pytest.approx(a.expected, rel=1e-12, abs=1e-12)
    # actors with identical data are interchangeable: compare the positions as multisets
    assert np.sort(b.positions, axis=1) == pytest.approx(np.sort(a.positions, axis=1), rel=1e-12, abs=1e-12)


@SETTINGS
@given(issue=issues(), model=models, factor=st.floats(1e-3, 1e3))
def test_rescaling_capabilities_changes_nothing(issue: IssueData, model: SpatialModel, factor: float) -> None:
    scaled = IssueData.of(issue.positions, issue.saliences, issue.capabilities * factor)
    assert model.predict(scaled).outcome == pytest.approx(model.predict(issue).outcome, rel=1e-7, abs=1e-7)


@SETTINGS
@given(
    position=st.floats(0.0, 100.0),
    n=st.integers(1, 6),
    model=models,
    data=st.data(),
)
def test_unanimity_gives_that_position(
    position: float, n: int, model: SpatialModel, data: st.DataObject
) -> None:
    s = data.draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    c = data.draw(st.lists(st.floats(0.0, 10.0), min_size=n, max_size=n))
    forecast = model.predict(IssueData.of([position] * n, s, c))
    assert forecast.outcome == pytest.approx(position, rel=1e-12, abs=1e-12)
    assert all(r.positions == pytest.approx([position] * n) for r in forecast.trace)


@SETTINGS
@given(issue=issues(), model=models)
def test_runs_are_deterministic(issue: IssueData, model: SpatialModel) -> None:
    a, b = model.predict(issue), model.predict(issue)
    assert a.outcome == b.outcome
    assert a.notes == b.notes
    assert [r.positions.tolist() for r in a.trace] == [r.positions.tolist() for r in b.trace]


@SETTINGS
@given(
    low=st.integers(0, 98),
    gap=st.integers(1, 100),
    salience=st.floats(0.01, 1.0),
    capability=st.floats(0.01, 10.0),
    model=models,
)
def test_two_equal_actors_settle_strictly_between(
    low: int, gap: int, salience: float, capability: float, model: SpatialModel
) -> None:
    high = min(low + gap, 100)
    issue = IssueData.of([float(low), float(high)], [salience] * 2, [capability] * 2)
    assert low < model.predict(issue).outcome < high


@SETTINGS
@given(issue=issues(), model=models)
def test_trace_and_stopping_rule(issue: IssueData, model: SpatialModel) -> None:
    forecast, run = model.predict(issue), model.run(issue)
    t = run.iterations
    assert len(forecast.trace) == t == forecast.notes["iterations"]
    assert run.positions.shape == (t + 1, issue.positions.size)
    assert forecast.outcome == run.expected[-1]
    w = issue.weights
    for r in forecast.trace:
        assert r.median == weighted_median(r.positions, w)
        assert r.mean == pytest.approx(weighted_mean(r.positions, w))
    steps = run.steps

    def quiet(k: int) -> bool:  # the rule after round k + 1
        return bool(steps[k] < model.min_delta_ratio * steps[0] or steps[k] < model.min_sig_delta)

    assert not any(quiet(k) for k in range(model.min_iter - 1, t - 1))
    if run.converged:
        assert t >= model.min_iter
        assert quiet(t - 1)
    else:
        assert t == model.max_iter
    assert np.all((run.win_probability >= 0) & (run.win_probability <= 1 + 1e-12))


# ---- agreement with the pure-Python reference ------------------------------------------------

REFERENCE_MODELS = [
    SpatialModel(),
    SpatialModel(risk="mid"),
    SpatialModel(risk="max", bargain="s1p1"),
    SpatialModel(voting_rule="binary", victory="quartic"),
    SpatialModel(voting_rule="prop_bin", victory="binary"),
    SpatialModel(voting_rule="cubic", victory="square"),
    SpatialModel(voting_rule="prop_cubic", victory="octic"),
]


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: f"{m.voting_rule}-{m.victory}-{m.risk}")
def test_matches_the_pure_python_reference(model: SpatialModel) -> None:
    rng = np.random.default_rng(11)
    for _ in range(12):
        issue = REFERENCE.random_issue(rng, int(rng.integers(2, 10)))
        outcome, rounds = REFERENCE.loop_predict(issue, model)
        forecast = model.predict(issue)
        assert forecast.notes["iterations"] == rounds
        assert forecast.outcome == pytest.approx(outcome, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(issue=issues(max_actors=6))
def test_first_round_matches_the_reference(issue: IssueData) -> None:
    assume(issue.weights.sum() > 0)
    model = SpatialModel()
    x, s, w, low, span = REFERENCE.canonical(issue)
    order = np.lexsort((issue.capabilities, issue.saliences, issue.positions))
    expected = np.empty(issue.positions.size)
    expected[order] = low + span * np.array(REFERENCE.loop_round(x, s, w, model))
    assert model.run(issue).positions[1] == pytest.approx(expected, rel=1e-9, abs=1e-9)


# ---- the EU car-emissions example (Bueno de Mesquita 1994) ------------------------------------


def test_emissions_initial_election_by_hand() -> None:
    """The first election, derived by hand: voters sit on the three options 4, 7 and 10."""
    issue = emissions_issue()
    w = {p: sum(c * s for _, c, x, s in EMISSIONS if x == p) for p in (4.0, 7.0, 10.0)}
    w4, w7, w10 = w[4.0], w[7.0], w[10.0]
    # proportional votes on linear utilities; every voter's utility gap is 3 or 6 years / span
    p74 = (w7 + w10) / (w4 + w7 + w10)  # 7 over 4: the 7- and 10-voters gain 3, the 4-voters lose 3
    p710 = (w4 + w7) / (w4 + w7 + w10)
    p410 = w4 / (w4 + w10)  # 7-voters are indifferent between 4 and 10
    raw = {4.0: (1 - p74) * p410, 7.0: p74 * p710, 10.0: (1 - p710) * (1 - p410)}
    total = sum(raw.values())
    run = SpatialModel().run(issue)
    for i, (_, _, x, _) in enumerate(EMISSIONS):
        assert run.win_probability[0, i] == pytest.approx(raw[x] / total, rel=1e-9)
    assert run.expected[0] == pytest.approx(sum(x * p for x, p in raw.items()) / total, rel=1e-9)
    # 7 is the Condorcet winner (the weighted median) and the likeliest initial outcome
    assert p74 > 0.5
    assert p710 > 0.5
    assert max(raw, key=lambda k: raw[k]) == 7.0
    assert weighted_median(issue.positions, issue.weights) == 7.0


@pytest.mark.parametrize("scale", [(4.0, 10.0), (0.0, 10.0), (0.0, 100.0)])
def test_emissions_outcome(scale: tuple[float, float]) -> None:
    issue = emissions_issue(scale)
    forecast = SpatialModel().predict(issue)
    run = SpatialModel().run(issue)
    assert forecast.notes["converged"] == 1
    last = run.positions[-1]
    assert last.min() - 1e-9 <= forecast.outcome <= last.max() + 1e-9
    # documented expectation: above the weighted median 7.0 and below the hawks' 10, as the
    # initial election already is (the 10-coalition outweighs the 4-coalition)
    assert 7.0 < forecast.outcome < 10.0
    assert 7.0 < run.expected[0] < 10.0
