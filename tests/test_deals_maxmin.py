"""The branch-and-bound searches of exact search pick enumeration's package (issue 16, item 3).

The egalitarian search (accord.deals.maxmin) and the Nash tie search (accord.deals.nashties)
on random cases with red lines, partial positions (many exact ties), duplicate options and
no-deal values within 1e-8 of a package's utility; the compiled and the pure-Python searches;
and the fall-back to the integer programme when a search gives up.
"""

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.case import Case
from accord.deals import DealSpace, analyse_deals, solve_exact
from accord.deals import maxmin as maxmin_module
from accord.deals import nashties as nashties_module
from accord.deals.exact import _pick
from accord.deals.maxmin import egalitarian_by_bounds
from accord.deals.nashties import nash_ties_by_bounds
from accord.deals.solutions import SolutionName
from deal_oracle import small_cases

SHAPES = st.sampled_from(["linear", "quadratic"])


def _enumerated(space: DealSpace, name: SolutionName = "egalitarian") -> list[int] | None:
    report = analyse_deals(space, method="enumerate", top=0, solutions=(name,)).solutions[name]
    return None if report is None else space.choices_of(report.options)


def _by_bounds(space: DealSpace) -> list[int] | None:
    found = egalitarian_by_bounds(space)
    assert found.complete, found.reason
    if not found.pool:
        return None
    for choices in found.pool:
        assert space.acceptable(choices).all()
    return [int(v) for v in _pick("egalitarian", space, found.pool)]


def _pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maxmin_module, "_search", maxmin_module._search_py)
    monkeypatch.setattr(maxmin_module, "_refine", maxmin_module._refine_py)
    monkeypatch.setattr(nashties_module, "_search", nashties_module._search_py)


def _check(space: DealSpace) -> None:
    want = _enumerated(space)
    assert _by_bounds(space) == want
    for name in ("egalitarian", "nash"):
        want = _enumerated(space, name)  # type: ignore[arg-type]
        found = solve_exact(space, name)  # type: ignore[arg-type]
        got = None if found.choices is None else found.choices.tolist()
        assert got == want, name
        if name == "egalitarian":
            assert found.gap == 0.0  # the branch and bound proves the optimum
        else:
            # the outer approximation's proven relative bound, as in test_deals_exact (a clean
            # clone's run found 1.5e-6 on a 4-actor case whose package equals enumeration's)
            assert found.gap <= 1e-4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases(max_actors=4, max_issues=5, max_options=4), SHAPES)
def test_matches_enumeration_on_random_cases(case: Case, shape: str) -> None:
    _check(DealSpace.from_case(case, shape=shape))  # type: ignore[arg-type]


def _with_no_deal(case: Case, actor: int, value: float) -> Case:
    data = case.model_dump()
    data["actors"][actor]["no_deal_utility"] = min(1.0, max(0.0, value))
    return Case.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases(max_actors=3, max_issues=4, max_options=3), SHAPES, st.data())
def test_tiny_margins_match_enumeration(case: Case, shape: str, data: st.DataObject) -> None:
    """A no-deal value within 1e-8 of a package's utility, on either side."""
    space = DealSpace.from_case(case, shape=shape)  # type: ignore[arg-type]
    actor = data.draw(st.integers(0, len(space.actors) - 1))
    index = data.draw(st.integers(0, space.size - 1))
    u = float(space.utilities(space.choices(index))[actor])
    delta = data.draw(st.sampled_from([-1.3e-8, -1e-8, -2e-9, -1e-9, 0.0, 1e-9, 2e-9, 1e-8, 1.3e-8]))
    at = [a.id for a in case.actors].index(space.actors[actor])
    _check(DealSpace.from_case(_with_no_deal(case, at, u + delta), shape=shape))  # type: ignore[arg-type]


@st.composite
def dense_cases(draw: Any) -> Case:
    """Up to 6 actors x 7 issues x 3 options (2,187 packages): deep enough to prune for real."""
    n_actors = draw(st.integers(2, 6))
    n_issues = draw(st.integers(4, 7))
    n_options = draw(st.integers(2, 3))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    actors = [f"A{i}" for i in range(n_actors)]
    positions = []
    for a in actors:
        for k in range(n_issues):
            if rng.random() < 0.15:  # no position: that actor's gain ignores the issue
                continue
            red = [f"o{j}" for j in range(n_options) if rng.random() < 0.08]
            positions.append(
                {
                    "actor": a,
                    "issue": f"i{k}",
                    "ideal": float(rng.integers(0, 101)),
                    "salience": float(rng.choice([0.1, 0.5, 1.0])),
                    "red_line": red,
                }
            )
    for a in actors:  # every actor needs a position somewhere
        if not any(p["actor"] == a for p in positions):
            positions.append({"actor": a, "issue": "i0", "ideal": 50.0, "salience": 1.0})
    return Case.model_validate(
        {
            "id": "dense",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "random",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": float(rng.choice([0.0, 0.3, 0.5, 0.6])),
                }
                for a in actors
            ],
            "issues": [
                {
                    "id": f"i{k}",
                    "name": f"i{k}",
                    "description": "d",
                    "options": [
                        {"id": f"o{j}", "label": str(j), "position": j * 100 / (n_options - 1)}
                        for j in range(n_options)
                    ],
                }
                for k in range(n_issues)
            ],
            "positions": positions,
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dense_cases(), SHAPES)
def test_matches_enumeration_on_denser_cases(case: Case, shape: str) -> None:
    _check(DealSpace.from_case(case, shape=shape))  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dense_cases(), SHAPES)
def test_pure_python_search_matches_enumeration(case: Case, shape: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        _pure_python(mp)
        space = DealSpace.from_case(case, shape=shape)  # type: ignore[arg-type]
        assert _by_bounds(space) == _enumerated(space)
        nash = solve_exact(space, "nash").choices
        assert (None if nash is None else nash.tolist()) == _enumerated(space, "nash")


def _symmetric_case(n_issues: int) -> Case:
    """Identical issues and an actor who cares about one issue only: thousands of exact ties."""
    options = [{"id": f"o{j}", "label": str(j), "position": j * 50} for j in range(3)]
    return Case.model_validate(
        {
            "id": "sym",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "ties",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": 0.0,
                }
                for a in ("A", "B", "C")
            ],
            "issues": [
                {"id": f"i{k}", "name": f"i{k}", "description": "d", "options": options}
                for k in range(n_issues)
            ],
            "positions": [
                {"actor": "A", "issue": f"i{k}", "ideal": 0.0, "salience": 1.0} for k in range(n_issues)
            ]
            + [{"actor": "B", "issue": f"i{k}", "ideal": 100.0, "salience": 1.0} for k in range(n_issues)]
            + [{"actor": "C", "issue": "i0", "ideal": 50.0, "salience": 1.0}],
        }
    )


def test_exact_ties_break_as_enumeration() -> None:
    # 3^7 = 2,187 packages; A and B want opposite ends of identical issues, C only cares about i0
    space = DealSpace.from_case(_symmetric_case(7))
    _check(space)


def test_too_many_ties_and_node_budget_fall_back_to_the_integer_programme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    space = DealSpace.from_case(_symmetric_case(6))
    want = _enumerated(space)
    monkeypatch.setattr(maxmin_module, "_CAP", 2)
    tied = egalitarian_by_bounds(space)
    if not tied.complete:
        assert "tie" in tied.reason
    found = solve_exact(space, "egalitarian")
    assert found.choices is not None
    assert found.choices.tolist() == want
    small = egalitarian_by_bounds(space, max_nodes=3)
    assert not small.complete
    assert "node budget" in small.reason
    monkeypatch.setattr(maxmin_module, "_MAX_NODES", 3)
    monkeypatch.setattr(maxmin_module, "_MAX_NODES_PY", 3)
    found = solve_exact(space, "egalitarian")
    assert found.choices is not None
    assert found.choices.tolist() == want
    assert found.iterations > 0  # the integer programme answered


def test_red_line_on_a_fixed_issue_leaves_nothing_acceptable() -> None:
    case = _symmetric_case(3)
    data = case.model_dump()
    data["positions"][0]["red_line"] = ["o2"]  # A rules out o2 on i0
    space = DealSpace.from_case(Case.model_validate(data), fixed={"i0": "o2"})
    assert egalitarian_by_bounds(space).pool == []
    assert solve_exact(space, "egalitarian").choices is None
    assert _enumerated(space) is None


def test_nash_tie_search_gives_up_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    space = DealSpace.from_case(_symmetric_case(6))
    want = _enumerated(space, "nash")
    assert want is not None
    best = np.array(want)
    level = float(np.log(space.utilities(best) - space.no_deal).sum()) - 1e-7
    ties = nash_ties_by_bounds(space, best, level)
    assert ties.complete
    assert any(p.tolist() == want for p in ties.pool)
    assert not nash_ties_by_bounds(space, best, level, max_nodes=2).complete
    monkeypatch.setattr(nashties_module, "_MAX_NODES", 2)
    monkeypatch.setattr(nashties_module, "_MAX_NODES_PY", 2)
    found = solve_exact(space, "nash")  # the integer programme's own tie search answers
    assert found.choices is not None
    assert found.choices.tolist() == want
