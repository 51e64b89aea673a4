"""War-recurrence model: the Weibull MLE recovers known parameters, the closed form behaves."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import AnalysisError
from accord.guarantees.mechanisms import MECHANISM_NAMES, MECHANISMS, draw_log_hr, transfer_log_sd
from accord.guarantees.recurrence import (
    COVARIATES,
    OUTCOMES,
    RecurrenceModel,
    constant_rate_fit,
    cumulative_hazard,
    draw_parameters,
    fit_weibull,
    linear_predictor,
    load_model,
    prob_between,
    prob_by,
)


def _simulate(
    rng: np.random.Generator, n: int, p: float, b0: float, b: np.ndarray, censor_at: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.column_stack([rng.integers(0, 2, n), rng.normal(0, 1, n)]).astype(float)
    lam = np.exp(b0 + X @ b)
    # H(T) = lam * T**p ~ Exp(1)  =>  T = (E / lam) ** (1 / p)
    T = (rng.exponential(1.0, n) / lam) ** (1.0 / p)
    C = rng.uniform(0.5, censor_at, n)
    return np.minimum(T, C), (T <= C).astype(float), X


def test_mle_recovers_known_parameters() -> None:
    rng = np.random.default_rng(7)
    b = np.array([0.8, -0.5])
    t, d, X = _simulate(rng, 4000, 0.6, -2.0, b, 60.0)
    m = fit_weibull(t, d, X, ("a", "b"), clusters=np.arange(t.size) % 200)
    se = np.sqrt(np.diag(m.cov))
    assert abs(m.log_shape - math.log(0.6)) < 4 * se[0]
    assert abs(m.intercept + 2.0) < 4 * se[1]
    assert np.all(np.abs(m.coef - b) < 4 * se[2:])
    assert abs(m.shape - 0.6) < 0.05
    assert m.cov_type == "cluster"
    assert m.n_clusters == 200
    assert m.n_events == int(d.sum())


def test_model_covariance_close_to_sandwich_when_model_is_right() -> None:
    rng = np.random.default_rng(11)
    t, d, X = _simulate(rng, 3000, 1.3, -3.0, np.array([0.3, 0.2]), 40.0)
    model_based = fit_weibull(t, d, X, ("a", "b"))
    robust = fit_weibull(t, d, X, ("a", "b"), clusters=np.arange(t.size))
    assert model_based.cov_type == "model"
    ratio = np.diag(robust.cov) / np.diag(model_based.cov)
    assert np.all((ratio > 0.7) & (ratio < 1.4))


@settings(max_examples=25, deadline=None)
@given(
    p=st.floats(0.2, 3.0),
    lp=st.floats(-6.0, 2.0),
    t=st.lists(st.floats(0.0, 100.0), min_size=2, max_size=8),
)
def test_prob_by_is_monotone_in_time_and_in_lp(p: float, lp: float, t: list[float]) -> None:
    times = np.sort(np.array(t))
    shape = np.array([p, p])
    lps = np.array([lp, lp + 0.5])
    probs = prob_by(times, shape, lps)
    assert probs.shape == (2, times.size)
    assert np.all(np.diff(probs, axis=1) >= -1e-15)
    assert np.all(probs[1] >= probs[0] - 1e-15)
    assert np.all((probs >= 0) & (probs <= 1))


def test_shape_below_one_gives_falling_hazard() -> None:
    t = np.array([0.5, 1.0, 2.0, 5.0, 10.0, 20.0])
    h = cumulative_hazard(t, np.array([0.6]), np.array([-2.0]))[0]
    dt = 1e-4
    hazard = (cumulative_hazard(t + dt, np.array([0.6]), np.array([-2.0]))[0] - h) / dt
    assert np.all(np.diff(hazard) < 0)
    rising = cumulative_hazard(t + dt, np.array([1.5]), np.array([-2.0]))[0]
    rising = (rising - cumulative_hazard(t, np.array([1.5]), np.array([-2.0]))[0]) / dt
    assert np.all(np.diff(rising) > 0)


def test_conditional_probability_matches_survival_ratio() -> None:
    shape, lp = np.array([0.7]), np.array([-2.5])
    s = 1 - prob_by([3.0, 8.0], shape, lp)[0]
    cond = prob_between(3.0, [8.0], shape, lp)[0, 0]
    assert cond == pytest.approx(1 - s[1] / s[0])
    with pytest.raises(AnalysisError, match="t0 <= t1"):
        prob_between(5.0, [4.0], shape, lp)


def test_constant_rate_is_events_over_exposure() -> None:
    assert constant_rate_fit([1.0, 2.0, 7.0], [1, 0, 1]) == pytest.approx(0.2)
    with pytest.raises(AnalysisError, match="non-empty"):
        constant_rate_fit([], [])


def test_shipped_models_load_and_have_the_contract_names() -> None:
    for outcome in OUTCOMES:
        m = load_model(outcome)
        assert isinstance(m, RecurrenceModel)
        assert m.outcome == outcome
        assert m.names == COVARIATES
        assert m.names == ("decisive", "log_deaths", "parity", "contiguous", "rivalry", "pact_major")
        assert m.cov.shape == (8, 8)
        assert m.n_clusters > 50
        assert 0.3 < m.shape < 1.0  # the hazard of renewed conflict falls with time
        assert np.all(np.linalg.eigvalsh(m.cov) > 0)
        assert RecurrenceModel.from_dict(m.to_dict()).to_dict() == m.to_dict()


def test_unknown_outcome_lists_the_valid_ones() -> None:
    with pytest.raises(AnalysisError, match=r"unknown recurrence outcome 'peace'; valid: violation, war"):
        load_model("peace")


def test_draws_are_vectorised_and_widen_scales_the_spread() -> None:
    m = load_model("war")
    rng = np.random.default_rng(3)
    shape, b0, b = draw_parameters(m, rng, 200_000)
    assert shape.shape == (200_000,)
    assert b0.shape == (200_000,)
    assert b.shape == (200_000, 6)
    assert np.all(shape > 0)
    assert np.std(np.log(shape)) == pytest.approx(math.sqrt(m.cov[0, 0]), rel=0.02)
    assert np.mean(b, axis=0) == pytest.approx(m.coef, abs=0.02)
    _, _, b2 = draw_parameters(m, np.random.default_rng(3), 200_000, widen=2.0)
    assert np.std(b2, axis=0) == pytest.approx(2 * np.std(b, axis=0), rel=0.02)
    with pytest.raises(AnalysisError, match="widen"):
        draw_parameters(m, rng, 10, widen=0.0)


def test_linear_predictor_needs_exactly_the_covariates() -> None:
    m = load_model("war")
    profile = dict(m.means)
    lp = linear_predictor(m, profile, np.array([m.intercept]), m.coef[None, :])
    assert lp == pytest.approx(m.intercept + sum(m.coef[i] * m.means[n] for i, n in enumerate(m.names)))
    del profile["rivalry"]
    profile["guarantee"] = 1.0
    with pytest.raises(AnalysisError, match=r"missing \['rivalry'\]; unknown \['guarantee'\]"):
        linear_predictor(m, profile, m.intercept, m.coef)


def test_fit_rejects_bad_input_clearly() -> None:
    with pytest.raises(AnalysisError, match="strictly positive"):
        fit_weibull([0.0, 1.0], [1, 0], [[0.0], [1.0]], ("a",))
    with pytest.raises(AnalysisError, match="no events"):
        fit_weibull([1.0, 2.0], [0, 0], [[0.0], [1.0]], ("a",))
    with pytest.raises(AnalysisError, match="2 names"):
        fit_weibull([1.0, 2.0], [1, 0], [[0.0], [1.0]], ("a", "b"))


def test_mechanism_priors_are_documented_and_draw_right() -> None:
    assert set(MECHANISM_NAMES) == {
        "dmz",
        "monitoring",
        "peacekeeping",
        "joint_commission",
        "third_party_guarantee",
    }
    for name in MECHANISM_NAMES:
        prior = MECHANISMS[name]
        assert 0 < prior.hazard_ratio < 1
        assert prior.log_sd >= 0.5
        assert "Fortna" in prior.source
        assert prior.note
        lo, hi = prior.interval()
        assert lo < prior.hazard_ratio < hi
        if not prior.verified:
            assert hi > 1.0  # an unverified magnitude must not exclude "no effect"
        x = draw_log_hr(name, np.random.default_rng(1), 100_000)
        assert np.median(x) == pytest.approx(math.log(prior.hazard_ratio), abs=0.02)
        assert np.std(x) == pytest.approx(prior.log_sd, rel=0.02)
    assert transfer_log_sd(0.1) == 0.5
    assert transfer_log_sd(0.4) == pytest.approx(0.8)
    with pytest.raises(AnalysisError, match="unknown mechanism 'tripwire'; valid: dmz"):
        draw_log_hr("tripwire", np.random.default_rng(1), 3)
