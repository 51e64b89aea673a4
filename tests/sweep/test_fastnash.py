"""The sweep's fast per-draw path: the MILP's Nash package and identical records and summaries."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord import load_case
from accord.case import Case
from accord.deals import DealSpace, solve_exact
from accord.deals._kernels import HAVE_NUMBA
from accord.guarantees.credibility import assess_all, honour_probabilities
from accord.sweep.draw import DrawContext, apply_values, run_chunk
from accord.sweep.fastnash import (
    MARGIN,
    _allowed_tables,
    _count_numpy,
    count_acceptable,
    nash_by_bounds,
    nash_package,
)
from accord.sweep.run import prepare
from accord.sweep.summary import summarise

DRAWS = 12


@pytest.fixture(scope="module")
def ukraine() -> Case:
    return load_case("ukraine-2025")


@pytest.fixture(scope="module")
def prepared(ukraine: Case) -> tuple[DrawContext, dict[str, Any]]:
    return prepare(ukraine, seed=3)


def _small_space(case: Case, rng: np.random.Generator, free: int) -> DealSpace:
    """The trilateral track with all but ``free`` issues fixed and every weight perturbed."""
    full = DealSpace.from_case(case, actors=("USA", "RUS", "UKR"))
    fixed = {}
    for k, issue in enumerate(case.issues[free:], start=free):
        allowed = np.flatnonzero(~full.red[k].any(axis=0))
        fixed[issue.id] = issue.option_ids[int(rng.choice(allowed))]
    space = DealSpace.from_case(case, actors=("USA", "RUS", "UKR"), fixed=fixed)
    weights = tuple(w * rng.uniform(0.5, 1.5, size=w.shape) for w in space.weights)
    no_deal = np.clip(space.no_deal + rng.uniform(-0.2, 0.05, size=space.no_deal.shape), 0.0, 1.0)
    return dataclasses.replace(space, weights=weights, no_deal=no_deal)


def _brute_force(space: DealSpace) -> tuple[tuple[int, ...] | None, float, float]:
    """Best package, its Nash product and the runner-up's, by scoring every package."""
    choices = space.choices(np.arange(space.size))
    gains = space.utilities(choices) - space.no_deal[:, None]
    ok = np.all(gains > 0, axis=0) & ~space.red_lines_crossed(choices).any(axis=0)
    products = np.where(ok, np.prod(np.where(gains > 0, gains, 1.0), axis=0), 0.0)
    order = np.argsort(-products, kind="stable")
    if products[order[0]] <= 0:
        return None, 0.0, 0.0
    best = tuple(int(v) for v in choices[:, order[0]])
    return best, float(products[order[0]]), float(products[order[1]]) if order.size > 1 else 0.0


@pytest.mark.skipif(not HAVE_NUMBA, reason="the branch and bound runs only compiled")
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), free=st.integers(2, 6))
def test_branch_and_bound_finds_the_best_package(ukraine: Case, seed: int, free: int) -> None:
    space = _small_space(ukraine, np.random.default_rng(seed), free)
    best, product, runner_up = _brute_force(space)
    rng = np.random.default_rng(seed + 1)
    choices = space.choices(np.arange(space.size))
    gains = space.utilities(choices) - space.no_deal[:, None]
    positive = np.flatnonzero(np.all(gains > 0, axis=0) & ~space.red_lines_crossed(choices).any(axis=0))
    # start from a few random packages, at most one of them with a positive Nash product
    picks = rng.integers(space.size, size=3)
    if positive.size:
        picks = np.append(picks, rng.choice(positive))
    found = nash_by_bounds(space, choices[:, picks])
    if best is None:
        assert found.choices is None
        assert not found.decisive
        return
    assert found.choices is not None
    assert found.product == pytest.approx(product, rel=1e-12)
    if runner_up < product * np.exp(-MARGIN) and min(space.utilities(np.array(best)) - space.no_deal) >= 1e-3:
        assert found.decisive
        assert tuple(int(v) for v in found.choices) == best
    else:
        assert not found.decisive


@pytest.mark.skipif(not HAVE_NUMBA, reason="the branch and bound runs only compiled")
def test_fast_path_equals_the_milp_on_perturbed_draws(
    ukraine: Case, prepared: tuple[DrawContext, Any]
) -> None:
    ctx, _header = prepared
    incumbents = np.asarray(ctx.candidates, dtype=np.int64).T
    decisive = 0
    for i in range(DRAWS):
        case = apply_values(ukraine, ctx.spec, ctx.spec.sample(11, i))
        space = DealSpace.from_case(case, actors=ctx.actors)
        exact = solve_exact(space, "nash")
        found = nash_by_bounds(space, incumbents)
        assert exact.choices is not None
        if found.decisive:
            decisive += 1
            assert found.choices is not None
            assert found.choices.tolist() == exact.choices.tolist()
        assert nash_package(space, incumbents) == tuple(int(v) for v in exact.choices)
    assert decisive == DRAWS  # the MILP is never needed on these draws


def test_a_near_tie_goes_to_the_milp(ukraine: Case) -> None:
    # two issues with identical options for everyone: many packages share the best product
    free = {5, 6}  # no red lines on these
    full = DealSpace.from_case(ukraine, actors=("USA", "RUS", "UKR"))
    fixed = {
        i.id: i.option_ids[int(np.flatnonzero(~full.red[k].any(axis=0))[0])]
        for k, i in enumerate(ukraine.issues)
        if k not in free
    }
    space = DealSpace.from_case(ukraine, actors=("USA", "RUS", "UKR"), fixed=fixed)
    weights = list(space.weights)
    for k in free:
        w = np.array(weights[k])
        w[:, :] = w[:, :1]
        weights[k] = w
    space = dataclasses.replace(space, weights=tuple(weights), no_deal=np.zeros(3))
    found = nash_by_bounds(space, space.choices(np.arange(space.size)))
    assert found.choices is not None
    assert not found.decisive
    assert found.runner_up == found.product
    exact = solve_exact(space, "nash")
    assert exact.choices is not None
    assert nash_package(space, space.choices(np.arange(3))) == tuple(int(v) for v in exact.choices)


def test_honour_probabilities_are_the_assessments(ukraine: Case) -> None:
    for draws, seed in ((1, 0), (1, 12345), (9, 4)):
        full = assess_all(ukraine, draws=draws, seed=seed)
        assert honour_probabilities(ukraine, draws=draws, seed=seed) == [
            [g.probability for g in c.guarantors] for c in full
        ]


def test_fast_records_and_summary_equal_the_reference(prepared: tuple[DrawContext, dict[str, Any]]) -> None:
    ctx, header = prepared
    assert ctx.fast
    fast = run_chunk(ctx, range(DRAWS))
    slow = run_chunk(dataclasses.replace(ctx, fast=False), range(DRAWS))
    assert fast == slow
    assert summarise(header, dict(enumerate(fast)), ctx.spec) == summarise(
        header, dict(enumerate(slow)), ctx.spec
    )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), free=st.integers(1, 6))
def test_count_acceptable_equals_scoring_every_package(ukraine: Case, seed: int, free: int) -> None:
    space = _small_space(ukraine, np.random.default_rng(seed), free)
    choices = space.choices(np.arange(space.size))
    expected = int(space.acceptable(choices).all(axis=0).sum())
    assert count_acceptable(space) == expected
    assert _count_numpy(_allowed_tables(space), space.no_deal - 1e-9) == expected


def test_count_acceptable_on_the_whole_track(ukraine: Case) -> None:
    space = DealSpace.from_case(ukraine, actors=("USA", "RUS", "UKR"))
    counted = count_acceptable(space)
    assert 0 < counted < space.size
    if HAVE_NUMBA:  # scoring all 51.2M packages in numpy takes about a second
        assert counted == _count_numpy(_allowed_tables(space), space.no_deal - 1e-9)
