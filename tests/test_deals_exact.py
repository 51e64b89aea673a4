"""Exact search (integer programming) is right or says it failed (issue 16).

Every package it returns is acceptable at accord's tolerance, ties break exactly as in
enumeration, solver failures are retried and otherwise reported as one clear error, and the
gap is 0 when the optimal Nash product is 0.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import milp as scipy_milp
from typer.testing import CliRunner

from accord.case import Case, load_case
from accord.cli import app
from accord.deals import DealSpace, analyse_deals, closest_acceptable, solve_exact
from accord.deals import milp as milp_module
from accord.deals.exact import best_for_each
from accord.deals.solutions import SOLUTIONS
from accord.errors import ExactSearchError
from deal_oracle import small_cases

CASES = Path(__file__).parent / "data" / "exact-search"
runner = CliRunner()


def _deals(*args: str) -> tuple[int, dict[str, Any] | None, str]:
    result = runner.invoke(app, ["deals", *args, "--json"])
    try:
        doc = json.loads(result.stdout)
    except ValueError:
        doc = None
    return result.exit_code, doc, result.stdout + result.stderr


@pytest.mark.parametrize("shape", ["linear", "quadratic"])
@pytest.mark.parametrize("solution", list(SOLUTIONS))
@pytest.mark.parametrize(
    "name", ["exact-tolerance.yaml", "highs-presolve-egalitarian.yaml", "highs-presolve-ks.yaml"]
)
def test_reported_cases_solve_and_match_enumeration(name: str, solution: str, shape: str) -> None:
    path = str(CASES / name)
    code, exact, text = _deals(path, "--method", "exact", "--solution", solution, "--shape", shape)
    assert code == 0, text
    assert "Traceback" not in text
    _, enum, _ = _deals(path, "--method", "enumerate", "--solution", solution, "--shape", shape)
    assert exact is not None
    assert enum is not None
    got, want = exact["solutions"][solution], enum["solutions"][solution]
    if want is None:
        assert got is None
        return
    assert got["options"] == want["options"]
    assert all(a["acceptable"] for a in got["actors"].values())
    assert got["optimality_gap"] == 0.0


def test_tolerance_case_never_returns_the_package_a_rejects() -> None:
    case = load_case(CASES / "exact-tolerance.yaml")
    space = DealSpace.from_case(case)
    rejected = np.array([1, 0])  # x = mid, y = lo: A's utility 2/3, its no-deal value 2/3 + 1.3e-8
    assert not space.acceptable(rejected).all()
    for name in SOLUTIONS:
        found = solve_exact(space, name)
        assert found.choices is not None
        assert not np.array_equal(found.choices, rejected)
        assert space.acceptable(found.choices).all()


def _with_no_deal(case: Case, actor: int, value: float) -> Case:
    data = case.model_dump()
    data["actors"][actor]["no_deal_utility"] = min(1.0, max(0.0, value))
    return Case.model_validate(data)


def _enumerated(space: DealSpace) -> dict[str, np.ndarray | None]:
    enum = analyse_deals(space, method="enumerate", top=0)
    out: dict[str, np.ndarray | None] = {}
    for name in SOLUTIONS:
        report = enum.solutions[name]
        out[name] = None if report is None else np.array(space.choices_of(report.options))
    for actor in space.actors:
        report = enum.least_concession[actor]
        out[actor] = None if report is None else np.array(space.choices_of(report.options))
    return out


def _check_against_enumeration(space: DealSpace) -> None:
    want = _enumerated(space)
    for name in SOLUTIONS:
        found = solve_exact(space, name)
        if want[name] is None:
            assert found.choices is None
            continue
        assert found.choices is not None
        assert space.acceptable(found.choices).all()
        # a proven relative bound; loose (up to ~1e-6) when a gain sits within 1e-8 of zero
        assert found.gap <= 1e-4
        assert found.choices.tolist() == want[name].tolist(), name  # type: ignore[union-attr]
    for actor, best in zip(space.actors, best_for_each(space), strict=True):
        if want[actor] is None:
            assert best is None
        else:
            assert best is not None
            assert best.tolist() == want[actor].tolist(), actor  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    small_cases(max_actors=3, max_issues=3, max_options=3),
    st.sampled_from(["linear", "quadratic"]),
    st.data(),
)
def test_tiny_margins_agree_with_enumeration(case: Case, shape: str, data: st.DataObject) -> None:
    """No-deal values within 1e-8 of a package's utility: exact search picks enumeration's package."""
    space = DealSpace.from_case(case, shape=shape)  # type: ignore[arg-type]
    actor = data.draw(st.integers(0, len(space.actors) - 1))
    index = data.draw(st.integers(0, space.size - 1))
    u = float(space.utilities(space.choices(index))[actor])
    delta = data.draw(st.sampled_from([-1e-8, -1.3e-8, -2e-9, -1e-9, 0.0, 1e-9, 2e-9, 1e-8, 1.3e-8]))
    case_id = space.actors[actor]
    at = [a.id for a in case.actors].index(case_id)
    tight = DealSpace.from_case(_with_no_deal(case, at, u + delta), shape=shape)  # type: ignore[arg-type]
    _check_against_enumeration(tight)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases(max_actors=3, max_issues=4, max_options=3), st.sampled_from(["linear", "quadratic"]))
def test_exact_equals_enumeration_package_for_package(case: Case, shape: str) -> None:
    _check_against_enumeration(DealSpace.from_case(case, shape=shape))  # type: ignore[arg-type]


def _two_issue_case(no_deal_a: float, *, duplicate: bool = False) -> Case:
    options = [{"id": "lo", "label": "lo", "position": 0}, {"id": "hi", "label": "hi", "position": 100}]
    values: dict[str, dict[str, float]] = {"A": {"lo": 1.0, "hi": 0.0}, "B": {"lo": 0.0, "hi": 1.0}}
    if duplicate:  # "mid" is worth exactly what "lo" is worth to everyone
        options.insert(1, {"id": "mid", "label": "mid", "position": 50})
        values = {"A": {"lo": 1.0, "mid": 1.0, "hi": 0.0}, "B": {"lo": 0.0, "mid": 0.0, "hi": 1.0}}
    actor = {"kind": "state", "capability": 0.5, "capability_basis": "x"}
    return Case.model_validate(
        {
            "id": "sym",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "symmetric",
            "actors": [
                {"id": "A", "name": "A", "no_deal_utility": no_deal_a, **actor},
                {"id": "B", "name": "B", "no_deal_utility": 0.0, **actor},
            ],
            "issues": [{"id": k, "name": k, "description": "d", "options": options} for k in ("x", "y")],
            "positions": [
                {"actor": a, "issue": k, "ideal": ideal, "salience": 1, "values": values[a]}
                for a, ideal in (("A", 0), ("B", 100))
                for k in ("x", "y")
            ],
        }
    )


@pytest.mark.parametrize("duplicate", [False, True])
def test_ties_go_to_the_lowest_package_number(duplicate: bool) -> None:
    # (lo, hi) and (hi, lo) give both actors 0.5; enumeration reports (lo, hi). With a duplicate
    # "mid" option worth the same as "lo", (mid, hi) also ties and must lose to (lo, hi).
    space = DealSpace.from_case(_two_issue_case(0.0, duplicate=duplicate))
    lo, hi = 0, (2 if duplicate else 1)
    for name in ("nash", "egalitarian", "ks"):
        found = solve_exact(space, name)
        assert found.choices is not None
        assert found.choices.tolist() == [lo, hi], name
    _check_against_enumeration(space)


def test_zero_nash_product_is_optimal_with_gap_zero() -> None:
    # A accepts only packages giving it its full utility 1.0 (both issues at "lo"): its gain
    # is 0 in every acceptable package, so every Nash product is 0 and the answer is optimal.
    space = DealSpace.from_case(_two_issue_case(1.0))
    found = solve_exact(space, "nash")
    assert found.choices is not None
    assert found.choices.tolist() == [0, 0]
    assert found.gap == 0.0
    _check_against_enumeration(space)


def test_nash_optimum_on_a_gain_of_float_noise_is_settled() -> None:
    # Found by hypothesis in a clean clone: A1's best gain is 0.6 - 0.6 = 1.1e-16 (float noise),
    # below any tangent, so the outer approximation could not bound the product (gap 0.99999).
    options = [{"id": f"o{k}", "label": str(k), "position": p} for k, p in enumerate((0.0, 50.0, 100.0))]
    actor = {"kind": "state", "capability": 0.5, "capability_basis": "x"}
    data = {
        "format": 1,
        "id": "noise",
        "title": "t",
        "as_of": "2025-01-01",
        "description": "d",
        "actors": [
            {"id": "A0", "name": "A0", "no_deal_utility": 0.5, **actor},
            {"id": "A1", "name": "A1", "no_deal_utility": 0.6, **actor},
        ],
        "issues": [
            {"id": f"i{k}", "name": f"i{k}", "description": "d", "options": options} for k in range(4)
        ],
        "positions": [
            {"actor": "A0", "issue": "i0", "ideal": 11.0, "salience": 0.1},
            {"actor": "A0", "issue": "i1", "ideal": 2.0, "salience": 0.1},
            {"actor": "A0", "issue": "i2", "ideal": 66.0, "salience": 0.5, "red_line": ["o2"]},
            {"actor": "A0", "issue": "i3", "ideal": 5.0, "salience": 0.1},
            {"actor": "A1", "issue": "i1", "ideal": 36.0, "salience": 1.0, "red_line": ["o0"]},
            {"actor": "A1", "issue": "i2", "ideal": 44.0, "salience": 1.0, "red_line": ["o1"]},
            {"actor": "A1", "issue": "i3", "ideal": 84.0, "salience": 0.5},
        ],
    }
    space = DealSpace.from_case(Case.model_validate(data))
    found = solve_exact(space, "nash")
    assert found.choices is not None
    assert found.gap == 0.0
    _check_against_enumeration(space)


def _failing_milp(fail_when: Any) -> Any:
    real = scipy_milp

    def fake(*args: Any, **kwargs: Any) -> Any:
        if fail_when(kwargs["options"]):
            raise ValueError("vector::reserve")
        return real(*args, **kwargs)

    return fake


def test_solver_exception_is_retried_with_presolve_off(monkeypatch: pytest.MonkeyPatch) -> None:
    space = DealSpace.from_case(load_case(CASES / "highs-presolve-ks.yaml"))
    want = solve_exact(space, "ks").choices
    calls: list[bool] = []

    def presolve_on(options: dict[str, Any]) -> bool:
        calls.append(options["presolve"])
        return bool(options["presolve"])

    monkeypatch.setattr(milp_module, "milp", _failing_milp(presolve_on))
    found = solve_exact(space, "ks")
    assert found.choices is not None
    assert want is not None
    assert found.choices.tolist() == want.tolist()
    assert True in calls
    assert False in calls


def test_solver_error_status_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    real = scipy_milp

    def status4(*args: Any, **kwargs: Any) -> Any:
        res = real(*args, **kwargs)
        if kwargs["options"]["presolve"]:
            res.status, res.x, res.message = 4, None, "HiGHS Status 4: Solve error"
        return res

    monkeypatch.setattr(milp_module, "milp", status4)
    space = DealSpace.from_case(load_case(CASES / "highs-presolve-egalitarian.yaml"), shape="quadratic")
    found = solve_exact(space, "egalitarian")
    assert found.choices is not None
    assert space.acceptable(found.choices).all()


def test_persistent_solver_failure_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(milp_module, "milp", _failing_milp(lambda o: True))
    space = DealSpace.from_case(load_case(CASES / "highs-presolve-ks.yaml"))
    with pytest.raises(ExactSearchError, match="presolve off"):
        solve_exact(space, "nash")
    with pytest.raises(ExactSearchError):
        closest_acceptable(space, {})
    code, _, text = _deals(str(CASES / "highs-presolve-ks.yaml"), "--method", "exact")
    assert code == 2
    assert "could not be solved" in text
    assert "Traceback" not in text


def test_closest_deal_is_acceptable_at_accord_tolerance() -> None:
    space = DealSpace.from_case(load_case(CASES / "exact-tolerance.yaml"))
    result = closest_acceptable(space, {"x": "mid", "y": "lo"})
    assert result.package is not None
    assert result.package != {"x": "mid", "y": "lo"}
    assert space.acceptable(np.array(space.choices_of(result.package))).all()
