"""Tests of the deterrence simulation (accord.guarantees.simulation)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.case import Case, load_case
from accord.errors import AnalysisError
from accord.guarantees.simulation import (
    DEFAULTS,
    NONE,
    Outcome,
    Parameters,
    deterrence,
    exact_outcome,
    simulate,
    simulate_core,
)

PARAMS = Parameters.from_mapping({})


def run(
    p: list[float], w: list[float], *, seed: int = 0, draws: int = 20_000, forces: float = 0.0
) -> Outcome:
    return simulate_core(
        p, w, forces, PARAMS, draws=draws, horizon_months=120, rng=np.random.default_rng(seed)
    )


def test_same_seed_repeats_exactly_and_another_seed_differs() -> None:
    a = run([0.6, 0.3], [0.9, 0.5], seed=7)
    b = run([0.6, 0.3], [0.9, 0.5], seed=7)
    c = run([0.6, 0.3], [0.9, 0.5], seed=8)
    assert a.p_major_war == b.p_major_war
    assert np.array_equal(a.survival, b.survival)
    assert a.expected_months_to_violation == b.expected_months_to_violation
    assert not np.array_equal(a.survival, c.survival)


def test_simulate_on_a_case_repeats_exactly() -> None:
    case = load_case("ukraine-2025")
    a = simulate(case, ["coalition-art5-like", NONE], draws=2000, seed=3)
    b = simulate(case, ["coalition-art5-like", NONE], draws=2000, seed=3)
    for k in a:
        assert a[k].p_major_war == b[k].p_major_war
        assert np.array_equal(a[k].survival, b[k].survival)


def test_two_guarantor_closed_form() -> None:
    p, w = [0.5, 0.8], [1.0, 0.5]
    d = deterrence(p, w)
    assert d == pytest.approx(1 - (1 - 0.5) * (1 - 0.4))
    h = np.array(PARAMS.hazard) * (1 - np.array(PARAMS.reduction) * d)
    m = h[0] + h[1] * PARAMS.escalation[0] * (1 - d) + h[2] * PARAMS.escalation[1] * (1 - d)
    exact = exact_outcome(p, w, 0.0, PARAMS, 120)
    assert exact.p_major_war == pytest.approx(1 - (1 - m) ** 120, rel=1e-12)
    assert exact.survival[12] == pytest.approx((1 - h.sum()) ** 12, rel=1e-12)
    sim = run(p, w, draws=200_000)
    se = np.sqrt(exact.p_major_war * (1 - exact.p_major_war) / 200_000)
    assert abs(sim.p_major_war - exact.p_major_war) < 4 * se
    assert np.max(np.abs(sim.survival - exact.survival)) < 0.01
    assert sim.expected_months_to_violation == pytest.approx(exact.expected_months_to_violation, rel=0.02)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=5),
    st.floats(0, 1),
)
def test_more_honour_means_less_war(rows: list[tuple[float, float, float]], forces: float) -> None:
    lo = [min(a, b) for a, b, _ in rows]
    hi = [max(a, b) for a, b, _ in rows]
    w = [c for _, _, c in rows]
    exact_lo = exact_outcome(lo, w, forces, PARAMS, 120).p_major_war
    exact_hi = exact_outcome(hi, w, forces, PARAMS, 120).p_major_war
    assert exact_hi <= exact_lo + 1e-12
    draws = 5000
    sim_lo = run(lo, w, draws=draws, forces=forces).p_major_war
    sim_hi = run(hi, w, draws=draws, forces=forces).p_major_war
    se = np.sqrt(2 * 0.25 / draws)
    assert sim_hi <= sim_lo + 4 * se


def test_survival_starts_at_one_and_never_rises() -> None:
    case = load_case("ukraine-2025")
    for r in simulate(case, draws=2000).values():
        assert r.survival[0] == 1.0
        assert r.survival.shape == (r.horizon_months + 1,)
        assert np.all(np.diff(r.survival) <= 0)
        assert 0 <= r.expected_months_to_violation <= r.horizon_months
        assert 0 <= r.p_major_war <= 1


def test_none_is_worst_or_equal_in_expectation() -> None:
    case = load_case("ukraine-2025")
    results = simulate(case, draws=2000)
    worst = results[NONE].notes["p_major_war_exact"]
    assert isinstance(worst, float)
    for r in results.values():
        exact = r.notes["p_major_war_exact"]
        assert isinstance(exact, float)
        assert exact <= worst + 1e-12
    # with common random numbers the simulated estimate agrees within noise
    for r in results.values():
        assert r.p_major_war <= results[NONE].p_major_war + 0.05


def test_none_has_no_guarantors_and_the_default_set_protects_the_main_beneficiary() -> None:
    case = load_case("ukraine-2025")
    results = simulate(case, draws=100)
    assert list(results) == [*(g.id for g in case.guarantees if g.beneficiary == "UKR"), NONE]
    assert "rus-draft-2021" in simulate(case, ["rus-draft-2021"], draws=100)
    assert results[NONE].p_honour == {}
    assert results["nato-art5"].p_honour.keys() == {"NATO"}


def test_assumptions_override_the_defaults() -> None:
    case = load_case("ukraine-2025")
    quiet = case.model_copy(
        update={
            "assumptions": {
                "guarantees.hazard.offensive": 0.0,
                "guarantees.hazard.incursion": 0.0,
                "guarantees.hazard.hybrid": 0.0,
            }
        }
    )
    r = simulate(quiet, [NONE], draws=500)[NONE]
    assert r.p_major_war == 0.0
    assert np.all(r.survival == 1.0)
    assert r.expected_months_to_violation == r.horizon_months


def test_bad_inputs_raise() -> None:
    case = load_case("ukraine-2025")
    with pytest.raises(AnalysisError, match="known: none"):
        simulate(case, ["nope"], draws=10)
    with pytest.raises(AnalysisError):
        simulate(case, [NONE], draws=0)
    with pytest.raises(AnalysisError):
        Parameters.from_mapping({"guarantees.hazard.offensive": 2.0})
    with pytest.raises(AnalysisError):
        run([1.5], [0.5])
    assert set(DEFAULTS) >= {
        "guarantees.hazard.offensive",
        "guarantees.hazard.incursion",
        "guarantees.hazard.hybrid",
    }


def test_a_guarantor_that_is_the_threat_adds_no_protection() -> None:
    from accord import load_case
    from accord.guarantees.simulation import architecture_of, parameters_from_case

    def weights(case: Case) -> dict[str, float]:
        arch = architecture_of(case, "budapest-1994", parameters_from_case(case))
        return {a: float(w) for a, w in zip(arch.guarantors, arch.weight, strict=True)}

    case = load_case("ukraine-2025")
    assert weights(case)["RUS"] == 0.0
    assert weights(case)["USA"] > 0.0
    data = case.model_dump(mode="json")
    for g in data["guarantees"]:
        g.pop("against", None)
    assert weights(Case.model_validate(data))["RUS"] > 0.0
