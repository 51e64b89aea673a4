"""Bueno de Mesquita's expected-utility model (Scholz, Calbert and Smith 2011): golden and property tests.

Golden data: the 1994 EU car-emission standards (Bueno de Mesquita 1994, p. 78; Scholz et al.
2011 Table 1). Scholz report the median path 8.4, 9.9, 9.9, 9.9, 9.9 (rounds 1-5) and BDM a
"stabilised" forecast of 9.05; the paper's own trajectory is not unique, so both are bands of
+/- 1.0. The jmckib/dmasad replication's published log gives exact numbers for its settings.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AnalysisError
from accord.forecast.base import ForecastModel, IssueData
from accord.forecast.eu import EUModel
from accord.forecast.eu_matrices import expected_utilities, prevail_probabilities
from accord.forecast.eu_options import SWITCHES
from accord.forecast.weighted import weighted_mean, weighted_median
from emissions import EMISSIONS


def emissions() -> IssueData:
    return IssueData.of(
        positions=[p for _, _, p, _ in EMISSIONS],
        saliences=[s for _, _, _, s in EMISSIONS],
        capabilities=[c for _, c, _, _ in EMISSIONS],
        scale=(0.0, 20.0),
        actors=[a for a, _, _, _ in EMISSIONS],
        key="emissions",
    )


SCHOLZ_MEDIAN = 9.9  # Table 2, rounds 2-5
BDM_STABILISED = 9.05
BAND = 1.0

# ---- golden: Scholz's band with the default switches ----------------------------------------------


def test_initial_median_and_mean() -> None:
    issue = emissions()
    assert weighted_median(issue.positions, issue.weights) == 7.0
    assert weighted_mean(issue.positions, issue.weights) == pytest.approx(7.38996, abs=1e-5)


def test_default_model_stabilises_within_bdm_band() -> None:
    forecast = EUModel().predict(emissions())
    assert forecast.model == "eu"
    assert forecast.notes["converged"] == 1
    assert abs(forecast.outcome - BDM_STABILISED) <= BAND
    assert abs(forecast.outcome - SCHOLZ_MEDIAN) <= BAND
    # regression pin: the median 9.53 holds from round 1 and the stopping rule fires after round 3
    assert forecast.outcome == pytest.approx(9.52995, abs=1e-5)
    assert len(forecast.trace) == forecast.notes["rounds"] == 3


def test_default_median_path_rounds_2_to_5_within_scholz_band() -> None:
    forecast = dataclasses.replace(EUModel(), stop="fixed", max_rounds=5).predict(emissions())
    medians = [r.median for r in forecast.trace]
    assert len(medians) == 5
    for value in medians[1:5]:
        assert abs(value - SCHOLZ_MEDIAN) <= BAND, medians
    assert medians == pytest.approx([9.52995, 9.52995, 9.52995, 10.0, 10.0], abs=1e-5)


def test_default_means_stay_near_scholz_rounds_1_and_2() -> None:
    means = [r.mean for r in EUModel().predict(emissions()).trace]
    # Scholz Table 2: about 7.4 and 7.5; the spread of positions is preserved (no stampede)
    assert means[0] == pytest.approx(7.4, abs=0.25)
    assert means[1] == pytest.approx(7.5, abs=0.25)


# ---- golden: round 1 -------------------------------------------------------------------------------

NOTES_R1 = {  # the notes' "round-1 risk exponents" (forecast-notes.md)
    "NL": 1.1272,
    "BE": 0.7809,
    "LU": 0.5,
    "DE": 1.1272,
    "FR": 1.0779,
    "IT": 1.0779,
    "UK": 2.0,
    "IE": 0.5248,
    "DK": 1.4717,
    "GR": 1.1405,
}


def test_notes_round1_risk_exponents_come_from_the_net_vote_probability() -> None:
    model = EUModel(probability="net")
    risk = model.risk_exponents(emissions())
    assert np.round(risk, 4).tolist() == [NOTES_R1[a] for a, *_ in EMISSIONS]
    # the risk exponents depend only on the first pass (r = 1), so these switches do not matter
    for other in (
        dataclasses.replace(model, probability_risk="voter"),
        dataclasses.replace(model, risk_perspective="receiver"),
        dataclasses.replace(model, conflict="loser_moves", offer_selection="scholz_code"),
    ):
        assert np.array_equal(other.risk_exponents(emissions()), risk)


def test_net_vote_round1_positions() -> None:
    detail = EUModel(probability="net").play_round(emissions())
    names = [a for a, *_ in EMISSIONS]
    moved = {names[i]: round(float(detail.positions[i]), 4) for i in np.flatnonzero(detail.proposer >= 0)}
    assert moved == {"BE": 9.0162, "LU": 4.8543, "IE": 7.1880}
    assert {names[i]: names[detail.proposer[i]] for i in np.flatnonzero(detail.proposer >= 0)} == {
        "BE": "IT",
        "LU": "GR",
        "IE": "IT",
    }
    assert set(detail.offer[detail.proposer >= 0].tolist()) == {2}  # all compromises


def test_other_probability_readings_do_not_give_the_notes_exponents() -> None:
    target = np.array([NOTES_R1[a] for a, *_ in EMISSIONS])
    for probability in ("paper", "all_triples"):
        risk = EUModel(probability=probability).risk_exponents(emissions())
        assert not np.allclose(np.round(risk, 4), target)
    assert not np.allclose(
        np.round(EUModel(probability="net", salience="challenger").risk_exponents(emissions()), 4), target
    )
    assert not np.allclose(
        np.round(EUModel(probability="net", security="own_challenges").risk_exponents(emissions()), 4), target
    )


def test_default_round1() -> None:
    detail = EUModel().play_round(emissions())
    assert np.round(detail.risk, 4).tolist() == [
        1.1172,
        1.0044,
        0.5,
        1.1172,
        1.0176,
        1.0176,
        2.0,
        0.6483,
        1.4537,
        1.5569,
    ]
    # DK compromises towards GR, GR towards the UK
    assert detail.positions[8] == pytest.approx(4.09697, abs=1e-5)
    assert detail.positions[9] == pytest.approx(9.52995, abs=1e-5)
    assert np.array_equal(detail.positions[:8], emissions().positions[:8])


# published by the jmckib/dmasad replication (Example.log) for its own settings
DMASAD_R1 = [1.4057, 0.7542, 0.5089, 1.4057, 1.0465, 1.0465, 1.9649, 0.5, 2.0, 1.1121]
DMASAD_MEANS = [7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724, 7.3250, 7.2421]


def test_jmckib_switches_reproduce_the_replication_log() -> None:
    model = EUModel.jmckib(max_rounds=10)
    detail = model.play_round(emissions())
    assert np.round(detail.risk, 4).tolist() == DMASAD_R1
    expected = emissions().positions.copy()
    expected[1], expected[2], expected[7] = 8.415932315426764, 7.0, 4.0  # BE, LU, IE
    assert detail.positions == pytest.approx(expected, abs=1e-12)
    forecast = model.predict(emissions())
    assert [round(r.mean, 4) for r in forecast.trace] == DMASAD_MEANS
    # Scholz Table 2 reports 8.4 for round 1
    assert forecast.trace[0].median == pytest.approx(8.4, abs=0.05)


def test_capitulation_fix_is_reachable() -> None:
    # actor 2 (at 5) stands to lose more by challenging actor 1 (at 0, salience 1, strong) than
    # actor 1 gains by challenging it: the capitulation region of figure 6
    issue = IssueData.of([0.0, 0.0, 5.0], [0.2, 1.0, 0.2], [1.0, 4.0, 1.0], scale=(0.0, 10.0))
    model = EUModel()
    detail = model.play_round(issue)
    a = detail.expected_utility
    assert a[2, 1] < 0 < a[1, 2]
    assert abs(a[2, 1]) > a[1, 2]
    assert detail.offer[2] == 3
    assert detail.proposer[2] == 1
    assert detail.positions[2] == 0.0
    broken = dataclasses.replace(model, capitulation="unreachable").play_round(issue)
    assert broken.offer[2] == 0
    assert broken.positions[2] == 5.0


# ---- vectorised matrices against a per-pair oracle ---------------------------------------------


def oracle_probability(
    x: list[float], w: list[float], span: float, kind: str, rho: list[float]
) -> np.ndarray:
    n = len(x)

    def d(k: int, i: int) -> float:
        return float((abs(x[k] - x[i]) / span) ** rho[k])

    out = np.zeros((n, n))
    triples = sum(w[k] * abs(d(k, a) - d(k, b)) for k in range(n) for a in range(n) for b in range(n))
    for i, j in itertools.product(range(n), range(n)):
        if x[i] == x[j]:
            continue
        votes = [w[k] * (d(k, j) - d(k, i)) for k in range(n)]
        pos = sum(v for v in votes if v > 0)
        tot = sum(abs(v) for v in votes)
        if kind == "paper":
            out[i, j] = pos / tot if tot > 0 else 0.5
        elif kind == "net":
            out[i, j] = max(sum(votes), 0.0) / tot if tot > 0 else 0.0
        else:
            out[i, j] = pos / triples if triples > 0 else 0.0
    return out


def oracle_eu(
    x: list[float], s: list[float], p: np.ndarray, span: float, r: list[float], q: float, t: float, mu: float
) -> np.ndarray:
    n = len(x)
    out = np.zeros((n, n))
    for i, j in itertools.product(range(n), range(n)):
        if i == j:
            continue
        d = abs(x[i] - x[j]) / span
        us = 2 - 4 * (0.5 - 0.5 * d) ** r[i]
        uf = 2 - 4 * (0.5 + 0.5 * d) ** r[i]
        ub = 2 - 4 * (0.5 - 0.25 * (abs(x[i] - mu) / span + d)) ** r[i]
        uw = 2 - 4 * (0.5 + 0.25 * (abs(x[i] - mu) / span + d)) ** r[i]
        usq = 2 - 4 * 0.5 ** r[i]
        out[i, j] = (
            s[j] * (p[i, j] * us + (1 - p[i, j]) * uf)
            + (1 - s[j]) * us
            - q * usq
            - (1 - q) * (t * ub + (1 - t) * uw)
        )
    return out


small_issue = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 10).map(float), min_size=n, max_size=n),
        st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 1.0)), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        st.lists(st.floats(0.5, 2.0), min_size=n, max_size=n),
    )
)


@settings(max_examples=80, deadline=None)
@given(small_issue, st.sampled_from(["paper", "net", "all_triples"]), st.booleans())
def test_probability_matrix_matches_pairwise_oracle(
    data: tuple[list[float], list[float], list[float], list[float]], kind: str, voter: bool
) -> None:
    x, w, _, rho = data
    if max(x) == min(x):
        return
    span = max(x) - min(x)
    got = prevail_probabilities(
        np.array(x),
        np.array(w),
        span,
        kind,  # type: ignore[arg-type]
        np.array(rho) if voter else None,
    )
    want = oracle_probability(x, w, span, kind, rho if voter else [1.0] * len(x))
    assert got == pytest.approx(want, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(small_issue, st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_eu_matrix_matches_pairwise_oracle(
    data: tuple[list[float], list[float], list[float], list[float]], q: float, t: float
) -> None:
    x, w, s, r = data
    if max(x) == min(x):
        return
    span = max(x) - min(x)
    xa = np.array(x)
    p = prevail_probabilities(xa, np.array(w), span, "paper")
    mu = float(np.median(xa))
    dist = np.abs(xa[:, None] - xa[None, :]) / span
    sal = np.broadcast_to(np.array(s)[None, :], dist.shape)
    got = expected_utilities(dist, np.abs(xa - mu) / span, p, sal, np.array(r)[:, None], q, t)
    assert got == pytest.approx(oracle_eu(x, s, p, span, r, q, t, mu), abs=1e-9)


# ---- properties ------------------------------------------------------------------------------------

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def issues(draw: st.DrawFn, max_actors: int = 8) -> IssueData:
    n = draw(st.integers(min_value=1, max_value=max_actors))
    integer = draw(st.booleans())  # integer positions create many exact ties
    pos = st.integers(0, 100).map(float) if integer else st.floats(0.0, 100.0)
    return IssueData.of(
        draw(st.lists(pos, min_size=n, max_size=n)),
        draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)),
        draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n)),
    )


@st.composite
def models(draw: st.DrawFn) -> EUModel:
    chosen = {name: draw(st.sampled_from(values)) for name, values in SWITCHES.items()}
    return EUModel(
        **chosen,  # type: ignore[arg-type]
        q=draw(st.sampled_from([1.0, 0.5, 0.0])),
        t=draw(st.sampled_from([1.0, 0.0, 0.3])),
        max_rounds=draw(st.integers(1, 12)),
    )


@SETTINGS
@given(issues(), models())
def test_outcome_and_every_position_stay_within_the_initial_range(issue: IssueData, model: EUModel) -> None:
    forecast = model.predict(issue)
    lo, hi = issue.positions.min(), issue.positions.max()
    assert lo - 1e-9 <= forecast.outcome <= hi + 1e-9
    for rnd in forecast.trace:
        assert np.all(rnd.positions >= lo - 1e-9)
        assert np.all(rnd.positions <= hi + 1e-9)
        assert rnd.median == pytest.approx(weighted_median(rnd.positions, issue.weights), abs=1e-9)
        assert rnd.mean == pytest.approx(weighted_mean(rnd.positions, issue.weights), abs=1e-9)
    assert len(forecast.trace) == forecast.notes["rounds"]
    assert len(forecast.trace) >= 1


@SETTINGS
@given(issues(), models(), st.randoms(use_true_random=False))
def test_relabelling_actors_changes_nothing(issue: IssueData, model: EUModel, rnd: object) -> None:
    perm = np.arange(issue.positions.size)
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    shuffled = IssueData.of(issue.positions[perm], issue.saliences[perm], issue.capabilities[perm])
    a, b = model.predict(issue), model.predict(shuffled)
    assert a.outcome == b.outcome
    assert len(a.trace) == len(b.trace)
    for ra, rb in zip(a.trace, b.trace, strict=True):
        assert np.array_equal(ra.positions[perm], rb.positions)


@SETTINGS
@given(issues(), models(), st.sampled_from([0.001, 0.37, 3.0, 1000.0]))
def test_scaling_capabilities_changes_nothing(issue: IssueData, model: EUModel, factor: float) -> None:
    scaled = IssueData.of(issue.positions, issue.saliences, issue.capabilities * factor)
    a, b = model.predict(issue), model.predict(scaled)
    assert b.outcome == pytest.approx(a.outcome, abs=1e-7)
    assert len(a.trace) == len(b.trace)


@SETTINGS
@given(st.floats(-50.0, 150.0), st.integers(1, 6), models(), st.floats(0.0, 1.0), st.floats(0.0, 5.0))
def test_one_actor_or_one_position_yields_that_position(
    position: float, n: int, model: EUModel, salience: float, capability: float
) -> None:
    if model.distance_range == "scale":
        model = dataclasses.replace(model, distance_range="initial")
    issue = IssueData.of([position] * n, [salience] * n, [capability] * n)
    forecast = model.predict(issue)
    assert forecast.outcome == position
    assert forecast.notes["converged"] == 1


@SETTINGS
@given(issues(), models())
def test_deterministic(issue: IssueData, model: EUModel) -> None:
    a, b = model.predict(issue), model.predict(issue)
    assert a.outcome == b.outcome
    assert a.notes == b.notes
    assert all(np.array_equal(x.positions, y.positions) for x, y in zip(a.trace, b.trace, strict=True))


def test_protocol_and_frozen() -> None:
    model = EUModel()
    assert isinstance(model, ForecastModel)
    assert model.name == "eu"
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.q = 0.5  # type: ignore[misc]


def test_stop_rules() -> None:
    issue = emissions()
    fixed = dataclasses.replace(EUModel(), stop="fixed", max_rounds=7).predict(issue)
    assert fixed.notes["rounds"] == 7
    assert fixed.notes["converged"] == 0
    positions = dataclasses.replace(EUModel(), stop="positions", max_rounds=200).predict(issue)
    assert positions.notes["converged"] == 1
    last, before = positions.trace[-1].positions, positions.trace[-2].positions
    assert np.max(np.abs(last - before)) <= 1e-3 * 6.0
    mean = EUModel(statistic="mean").predict(issue)
    assert mean.outcome == mean.trace[-1].mean


# ---- input checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("probability", "scholz", "probability='scholz' is not one of"),
        ("conflict", "stampede", "conflict='stampede'"),
        ("statistic", "mode", "statistic='mode'"),
        ("q", 1.5, "q must be a number in [0, 1]"),
        ("t", -0.1, "t must be a number in [0, 1]"),
        ("q", math.nan, "q must be a number"),
        ("max_rounds", 0, "max_rounds must be an integer >= 1"),
        ("max_rounds", 2.5, "max_rounds must be an integer"),
        ("patience", 0, "patience must be an integer >= 1"),
        ("tolerance", -1.0, "tolerance must be a finite number >= 0"),
        ("tolerance", math.inf, "tolerance must be a finite number"),
    ],
)
def test_bad_settings_raise_analysis_error(field: str, value: object, message: str) -> None:
    with pytest.raises(AnalysisError, match=message.replace("[", r"\[").replace("]", r"\]")):
        EUModel(**{field: value})  # type: ignore[arg-type]


def test_bad_issues_raise_analysis_error() -> None:
    model = EUModel()
    with pytest.raises(AnalysisError, match="equal length"):
        model.predict(IssueData(np.array([1.0, 2.0]), np.array([0.5]), np.array([1.0, 1.0])))
    with pytest.raises(AnalysisError, match="non-empty"):
        model.predict(IssueData(np.array([]), np.array([]), np.array([])))
    with pytest.raises(AnalysisError, match="finite"):
        model.predict(IssueData(np.array([1.0, np.nan]), np.array([0.5, 0.5]), np.array([1.0, 1.0])))
    with pytest.raises(AnalysisError, match="saliences in"):
        model.predict(IssueData(np.array([1.0, 2.0]), np.array([0.5, 1.5]), np.array([1.0, 1.0])))
    with pytest.raises(AnalysisError, match="scale must run"):
        model.predict(IssueData(np.array([1.0, 2.0]), np.array([0.5, 0.5]), np.array([1.0, 1.0]), (5.0, 5.0)))
    with pytest.raises(AnalysisError, match="both capability and salience"):
        model.predict(IssueData.of([1.0, 2.0], [0.0, 0.5], [1.0, 0.0]))
    with pytest.raises(AnalysisError, match="inside the scale"):
        EUModel(distance_range="scale").predict(IssueData.of([1.0, 120.0], [0.5, 0.5], [1.0, 1.0]))
    with pytest.raises(AnalysisError, match="positions must be 2 finite numbers"):
        model.play_round(IssueData.of([1.0, 2.0], [0.5, 0.5], [1.0, 1.0]), np.array([1.0, 2.0, 3.0]))
