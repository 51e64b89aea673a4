import importlib
import itertools
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from accord.case import Case
from accord.deals import (
    DealSpace,
    analyse_deals,
    closest_acceptable,
    pareto_indices,
    scan,
    solve_exact,
)
from accord.deals.solutions import SOLUTIONS
from accord.errors import AnalysisError
from deal_oracle import acceptable, dominated, packages, small_cases, utility

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_issue_case(no_deal_a: float = 0.0, red: list[str] | None = None) -> Case:
    return Case.model_validate(
        {
            "id": "line",
            "title": "two actors on a line",
            "as_of": "2025-01-01",
            "description": "hand-checked",
            "actors": [
                {
                    "id": "A",
                    "name": "A",
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": no_deal_a,
                },
                {
                    "id": "B",
                    "name": "B",
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": 0.0,
                },
            ],
            "issues": [
                {
                    "id": "x",
                    "name": "x",
                    "description": "0..100",
                    "options": [
                        {"id": f"p{v}", "label": str(v), "position": v} for v in (0, 25, 50, 75, 100)
                    ],
                },
            ],
            "positions": [
                {"actor": "A", "issue": "x", "ideal": 0, "salience": 1, "red_line": red or []},
                {"actor": "B", "issue": "x", "ideal": 100, "salience": 1},
            ],
        }
    )


def test_hand_checked_solutions_on_a_line() -> None:
    result = analyse_deals(DealSpace.from_case(one_issue_case()))
    assert result.acceptable == 5
    assert result.pareto == 5  # every split of a fixed sum is Pareto-optimal
    assert result.solutions["nash"].options == {"x": "p50"}
    assert result.solutions["ks"].options == {"x": "p50"}
    assert result.solutions["egalitarian"].options == {"x": "p50"}
    # every package sums to 1: the tie goes to the first package
    assert result.solutions["utilitarian"].options == {"x": "p0"}
    assert result.solutions["nash"].actors["A"].utility == pytest.approx(0.5)


def test_no_deal_utility_moves_the_nash_point() -> None:
    result = analyse_deals(DealSpace.from_case(one_issue_case(no_deal_a=0.5)))
    # A accepts only p0, p25, p50; gains (0.5, 0), (0.25, 0.25), (0, 0.5): Nash picks p25
    assert result.acceptable == 3
    assert result.solutions["nash"].options == {"x": "p25"}
    assert result.solutions["nash"].actors["A"].gain == pytest.approx(0.25)
    assert result.least_concession["A"].options == {"x": "p0"}
    assert result.least_concession["B"].options == {"x": "p50"}
    conc = result.least_concession["B"].actors["B"].concessions
    assert [(c.issue, c.option, c.preferred) for c in conc] == [("x", "p50", "p100")]
    assert conc[0].cost == pytest.approx(0.5)


def test_red_line_removes_packages_and_blockers_name_it() -> None:
    case = one_issue_case(no_deal_a=0.5, red=["p0", "p25", "p50"])
    result = analyse_deals(DealSpace.from_case(case))
    assert result.acceptable == 0
    assert all(v is None for v in result.solutions.values())
    kinds = {(b.actor, b.kind, b.option) for b in result.blockers}
    # relaxing A's no-deal threshold alone is the single cheapest fix
    assert kinds == {("A", "no_deal", None)}


@SETTINGS
@given(small_cases())
def test_scan_matches_brute_force(case: Case) -> None:
    space = DealSpace.from_case(case)
    actors = list(space.actors)
    oracle = acceptable(case, actors)
    result = scan(space, chunk=5)
    assert result.packages == len(packages(case))
    assert result.acceptable == len(oracle)
    vectors = [tuple(round(utility(case, a, p), 9) for a in actors) for p in oracle]
    frontier = {v for v in vectors if not any(dominated(v, w) for w in vectors)}
    got = {tuple(row) for row in np.round(result.frontier_utilities, 9)}
    assert len(got) == len(frontier)
    for v in frontier:
        assert any(np.allclose(v, g, atol=1e-8) for g in got)
    assert result.pareto == sum(
        1 for v in vectors if v in frontier or any(np.allclose(v, f, atol=1e-8) for f in frontier)
    )


@SETTINGS
@given(small_cases(), st.integers(1, 50))
def test_chunk_size_does_not_change_results(case: Case, chunk: int) -> None:
    space = DealSpace.from_case(case)
    a, b = scan(space, chunk=chunk), scan(space, chunk=1 << 16)
    assert a.acceptable == b.acceptable
    np.testing.assert_array_equal(a.frontier_index, b.frontier_index)
    np.testing.assert_array_equal(a.frontier_count, b.frontier_count)


def _value(name: str, u: np.ndarray, d: np.ndarray, utopia: np.ndarray) -> float:
    g = u - d
    if name == "nash":
        return float(np.prod(np.clip(g, 0, None)))
    if name == "egalitarian":
        return float(g.min())
    if name == "utilitarian":
        return float(u.sum())
    span = utopia - d
    return float(np.min(np.where(span > 1e-12, g / np.where(span > 1e-12, span, 1), 1.0)))


def _past_failure_ill_conditioned_nash() -> Case:
    """Found in CI: a zero gain made a Nash tangent with slope 1e9, and HiGHS failed."""
    actor = {"kind": "state", "capability": 0.5, "capability_basis": "g"}
    return Case.model_validate(
        {
            "id": "gen",
            "title": "g",
            "as_of": "2025-01-01",
            "description": "g",
            "actors": [
                {**actor, "id": "A0", "name": "A0", "no_deal_utility": 0.0},
                {**actor, "id": "A1", "name": "A1", "no_deal_utility": 0.2},
            ],
            "issues": [
                {
                    "id": "i0",
                    "name": "i",
                    "description": "g",
                    "options": [
                        {"id": f"o{j}", "label": "x", "position": p} for j, p in enumerate([18, 21, 26, 89])
                    ],
                }
            ],
            "positions": [
                {"actor": "A0", "issue": "i0", "ideal": 0, "salience": 0.1},
                {"actor": "A1", "issue": "i0", "ideal": 89, "salience": 0.1},
            ],
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases())
@example(_past_failure_ill_conditioned_nash())
def test_exact_search_agrees_with_enumeration(case: Case) -> None:
    space = DealSpace.from_case(case)
    enum = analyse_deals(space, method="enumerate", top=0)
    utopia = np.array(
        [
            enum.least_concession[a].actors[a].utility if enum.least_concession[a] else 0.0
            for a in space.actors
        ]
    )
    for name in SOLUTIONS:
        exact = solve_exact(space, name)
        report = enum.solutions[name]
        if report is None:
            assert exact.choices is None
            continue
        assert exact.choices is not None
        assert space.acceptable(exact.choices).all()
        u_enum = np.array([report.actors[a].utility for a in space.actors])
        want = _value(name, u_enum, space.no_deal, utopia)
        got = _value(name, exact.utilities, space.no_deal, utopia)
        if name == "nash":
            assert got >= want * (1 - exact.gap) - 1e-9
            assert got <= want + 1e-9
        else:
            assert got == pytest.approx(want, abs=1e-7)


@SETTINGS
@given(small_cases(), st.data())
def test_closest_deal_is_fewest_changes(case: Case, data: st.DataObject) -> None:
    space = DealSpace.from_case(case)
    proposal = {i.id: data.draw(st.sampled_from(i.option_ids)) for i in case.issues}
    result = closest_acceptable(space, proposal)
    oracle = acceptable(case, list(space.actors))
    if not oracle:
        assert result.package is None
        assert result.blockers
        return
    best = min(sum(p[i] != proposal[i] for i in proposal) for p in oracle)
    assert result.package is not None
    assert result.package in oracle
    assert len(result.changes) == best


@settings(max_examples=100, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(1, 4)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    )
)
def test_pareto_indices_match_quadratic_definition(u: np.ndarray) -> None:
    got = set(pareto_indices(u).tolist())
    want = {
        i
        for i in range(u.shape[0])
        if not any(np.all(u[j] >= u[i]) and np.any(u[j] > u[i]) for j in range(u.shape[0]))
    }
    assert got == want


def test_actor_subset_and_fixed_issues() -> None:
    case = one_issue_case()
    with pytest.raises(AnalysisError, match=r"unknown actor 'Z' \(known: A, B\)"):
        DealSpace.from_case(case, actors=["Z"])
    with pytest.raises(AnalysisError, match=r"cannot fix issue 'x' to unknown option 'p7'"):
        DealSpace.from_case(case, fixed={"x": "p7"})
    space = DealSpace.from_case(case, fixed={"x": "p75"})
    assert space.size == 1
    result = analyse_deals(space)
    assert result.solutions["nash"].options == {"x": "p75"}


def test_scan_memory_is_bounded_by_the_chunk() -> None:
    issues = [
        {
            "id": f"i{k}",
            "name": f"i{k}",
            "description": "d",
            "options": [{"id": f"o{j}", "label": str(j), "position": j * 25} for j in range(5)],
        }
        for k in range(8)
    ]
    positions = [
        {"actor": a, "issue": f"i{k}", "ideal": (k * 13 + (40 if a == "A" else 0)) % 101, "salience": 0.5}
        for a in ("A", "B", "C")
        for k in range(8)
    ]
    case = Case.model_validate(
        {
            "id": "big",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "d",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.3,
                    "capability_basis": "x",
                    "no_deal_utility": 0.6,
                }
                for a in ("A", "B", "C")
            ],
            "issues": issues,
            "positions": positions,
        }
    )
    space = DealSpace.from_case(case)
    assert space.size == 5**8
    scan(space, chunk=4096)  # load the compiled kernels first: their loading is not the scan's memory
    tracemalloc.start()
    small = scan(space, chunk=4096)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    big = scan(space, chunk=space.size)
    _, peak_big = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert small.acceptable == big.acceptable
    assert peak < peak_big / 4


def test_exact_method_handles_a_space_too_big_to_enumerate() -> None:
    rng = np.random.default_rng(7)
    n_issues, n_opts = 40, 5
    issues = [
        {
            "id": f"i{k}",
            "name": f"i{k}",
            "description": "d",
            "security": k < 3,
            "options": [{"id": f"o{j}", "label": str(j), "position": j * 25} for j in range(n_opts)],
        }
        for k in range(n_issues)
    ]
    actors = ["A", "B", "C"]
    positions = [
        {
            "actor": a,
            "issue": f"i{k}",
            "ideal": float(rng.integers(0, 101)),
            "salience": float(rng.uniform(0.1, 1.0)),
            "red_line": ["o0"] if (a == "B" and k == 0) else [],
        }
        for a in actors
        for k in range(n_issues)
    ]
    case = Case.model_validate(
        {
            "id": "huge",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "d",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.3,
                    "capability_basis": "x",
                    "no_deal_utility": 0.55,
                }
                for a in actors
            ],
            "issues": issues,
            "positions": positions,
        }
    )
    space = DealSpace.from_case(case)
    assert space.size == n_opts**n_issues
    result = analyse_deals(space, top=0)
    assert result.method == "exact"
    assert result.acceptable is None
    nash = result.solutions["nash"]
    assert nash is not None
    assert nash.options["i0"] != "o0"  # B's red line holds
    assert all(o.acceptable for o in nash.actors.values())
    assert nash.gap is not None
    assert nash.gap < 1e-3
    # the egalitarian optimum is at least as fair as Nash's package
    ega = result.solutions["egalitarian"]
    assert min(o.gain for o in ega.actors.values()) >= min(o.gain for o in nash.actors.values()) - 1e-9
    assert math.isfinite(nash.nash_product)


def test_quadratic_shape_changes_values() -> None:
    case = one_issue_case()
    lin = DealSpace.from_case(case)
    quad = DealSpace.from_case(case, shape="quadratic")
    c = lin.choices(1)  # p25
    assert lin.utilities(c)[0] == pytest.approx(0.75)
    assert quad.utilities(c)[0] == pytest.approx(1 - 0.25**2)
    with pytest.raises(AnalysisError, match="unknown utility shape"):
        DealSpace.from_case(case, shape="cubic")  # type: ignore[arg-type]


def test_every_package_index_round_trips() -> None:
    case = one_issue_case()
    space = DealSpace.from_case(case)
    for i in range(space.size):
        assert space.index_of(space.choices(i)) == i
    assert list(itertools.islice((space.package(i) for i in range(space.size)), 2)) == [
        {"x": "p0"},
        {"x": "p25"},
    ]


def brute_front(u: np.ndarray) -> set[int]:
    """Rows no other row dominates, straight from the definition."""
    return {
        i
        for i in range(u.shape[0])
        if not any(np.all(u[j] >= u[i]) and np.any(u[j] > u[i]) for j in range(u.shape[0]))
    }


tied_points = hnp.arrays(
    np.float64,
    st.tuples(st.integers(0, 60), st.integers(1, 12)),
    elements=st.sampled_from([0.0, 0.125, 0.5, 0.75, 1.0]),  # few values: many ties and duplicates
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tied_points, st.booleans())
def test_skylines_match_brute_force_in_1_to_12_dimensions(
    monkeypatch: pytest.MonkeyPatch, u: np.ndarray, compiled: bool
) -> None:
    from accord.deals import _kernels

    want = brute_front(u)
    with monkeypatch.context() as m:
        if not compiled:
            m.setattr(_kernels, "skyline_sorted", None)
        assert set(pareto_indices(u).tolist()) == want


@settings(max_examples=200, deadline=None)
@given(tied_points, st.data(), st.integers(1, 70), st.booleans())
def test_skyline_counts_match_brute_force(
    u: np.ndarray, data: st.DataObject, batch: int, parallel: bool
) -> None:
    """One row per distinct frontier vector, with the lowest index and the total count."""
    from accord.deals import _kernels

    kernel = _kernels.skyline_counts_parallel if parallel else _kernels.skyline_counts
    if kernel is None:
        pytest.skip("compiled kernels are off")
    n = u.shape[0]
    index = np.asarray(data.draw(st.permutations(range(3 * n)))[:n], dtype=np.int64)
    count = np.asarray(data.draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)), dtype=np.int64)
    rep, low, total = kernel(np.ascontiguousarray(u), index, count, batch)
    want: dict[tuple[float, ...], tuple[int, int]] = {}
    for i in brute_front(u):
        key = tuple(u[i].tolist())
        lowest, seen = want.get(key, (1 << 62, 0))
        want[key] = (min(lowest, int(index[i])), seen + int(count[i]))
    got = {tuple(u[r].tolist()): (int(lo), int(t)) for r, lo, t in zip(rep, low, total, strict=True)}
    assert len(got) == rep.size  # one row per vector
    assert got == want
    sums = u[rep].sum(axis=1)
    assert np.all(sums[:-1] >= sums[1:])  # rows come by decreasing sum


def test_skyline_counts_on_a_large_tied_set_matches_numpy() -> None:
    """Enough rows for many buckets, 64-row blocks and parallel batches, with heavy ties."""
    from accord.deals import _kernels

    if _kernels.skyline_counts is None or _kernels.skyline_counts_parallel is None:
        pytest.skip("compiled kernels are off")
    rng = np.random.default_rng(7)
    for m in (3, 6, 9, 12):
        u = rng.integers(0, 6, size=(60_000, m)).astype(np.float64) / 5
        u[:, 0] = 1.2 - u[:, 1:].sum(axis=1) / m + rng.integers(0, 3, size=u.shape[0]) / 10  # anti-correlated
        index = rng.permutation(u.shape[0]).astype(np.int64)
        count = np.ones(u.shape[0], dtype=np.int64)
        uniq, inverse = np.unique(u, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        front = set(pareto_indices(uniq).tolist())
        lowest = np.full(uniq.shape[0], 1 << 62)
        np.minimum.at(lowest, inverse, index)
        total = np.bincount(inverse, minlength=uniq.shape[0])
        want = {tuple(uniq[j].tolist()): (int(lowest[j]), int(total[j])) for j in front}
        for kernel, batch in ((_kernels.skyline_counts, 64), (_kernels.skyline_counts_parallel, 1024)):
            rep, low, tot = kernel(u, index, count, batch)
            got = {tuple(u[r].tolist()): (int(lo), int(t)) for r, lo, t in zip(rep, low, tot, strict=True)}
            assert got == want


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(small_cases())
def test_numpy_path_matches_compiled_path(monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    from accord.deals import _kernels

    space = DealSpace.from_case(case)
    compiled = scan(space, chunk=7)
    scan_module = importlib.import_module("accord.deals.scan")
    with monkeypatch.context() as m:
        # tiny inner blocks (so heads are filtered too), a merge after every chunk, the
        # parallel skyline and one-row batches
        m.setattr(scan_module, "_BLOCK", 2)
        m.setattr(scan_module, "_PENDING", 0)
        m.setattr(scan_module, "_PARALLEL", 1)
        m.setattr(scan_module, "_BATCH", 1)
        compiled_small = scan(space, chunk=3)
    np.testing.assert_array_equal(compiled.frontier_index, compiled_small.frontier_index)
    np.testing.assert_array_equal(compiled.frontier_count, compiled_small.frontier_count)
    assert compiled.acceptable == compiled_small.acceptable
    np.testing.assert_array_equal(compiled.acceptable_to, compiled_small.acceptable_to)
    with monkeypatch.context() as m:
        m.setattr(_kernels, "score_blocks", None)
        m.setattr(_kernels, "skyline_counts", None)
        m.setattr(_kernels, "skyline_sorted", None)
        plain = scan(space, chunk=7)
    assert compiled.acceptable == plain.acceptable
    np.testing.assert_array_equal(compiled.acceptable_to, plain.acceptable_to)
    np.testing.assert_array_equal(compiled.frontier_index, plain.frontier_index)
    np.testing.assert_array_equal(compiled.frontier_count, plain.frontier_count)
    np.testing.assert_allclose(compiled.frontier_utilities, plain.frontier_utilities)


def test_explicit_value_table_replaces_distance() -> None:
    data = one_issue_case().model_dump(mode="json")
    data["positions"][0]["values"] = {"p0": 0.2, "p25": 1.0, "p50": 0.9, "p75": 0.1, "p100": 0.0}
    case = Case.model_validate(data)
    space = DealSpace.from_case(case)
    utilities = space.utilities(space.choices(np.arange(space.size)))[0]
    np.testing.assert_allclose(utilities, [0.2, 1.0, 0.9, 0.1, 0.0])
    # the best package for A is now p25, not its nominal ideal point 0
    assert analyse_deals(space).least_concession["A"].options == {"x": "p25"}


@pytest.mark.parametrize("compiled", [True, False])
def test_packages_that_differ_below_the_rounding_count_as_one_frontier_point(
    monkeypatch: pytest.MonkeyPatch, compiled: bool
) -> None:
    from accord.deals import _kernels

    data = one_issue_case().model_dump(mode="json")
    # p50 beats p25 for A by 1e-12 only: after rounding to 9 decimals they are one vector
    data["positions"][0]["values"] = {"p0": 0.2, "p25": 0.9, "p50": 0.9 + 1e-12, "p75": 0.1, "p100": 0.0}
    data["positions"][1]["values"] = {"p0": 0.0, "p25": 0.5, "p50": 0.5, "p75": 0.1, "p100": 1.0}
    space = DealSpace.from_case(Case.model_validate(data))
    with monkeypatch.context() as m:
        if not compiled:
            for name in ("score_blocks", "skyline_counts", "skyline_sorted"):
                m.setattr(_kernels, name, None)
        result = scan(space)
    assert result.frontier_index.tolist() == [1, 4]  # p25 (the lower index of the pair) and p100
    assert result.frontier_count.tolist() == [2, 1]


def _security_case() -> Case:
    return Case.model_validate(
        {
            "id": "sec",
            "title": "security",
            "as_of": "2025-01-01",
            "description": "one security issue, one ordinary issue",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": 0.3,
                }
                for a in ("A", "B")
            ],
            "issues": [
                {
                    "id": "troops",
                    "name": "troops",
                    "description": "0 none, 100 many",
                    "security": True,
                    "options": [{"id": f"t{v}", "label": str(v), "position": v} for v in (0, 50, 100)],
                },
                {
                    "id": "trade",
                    "name": "trade",
                    "description": "0 closed, 100 open",
                    "options": [{"id": f"r{v}", "label": str(v), "position": v} for v in (0, 100)],
                },
            ],
            "positions": [
                {"actor": "A", "issue": "troops", "ideal": 100, "salience": 1.0},
                {"actor": "A", "issue": "trade", "ideal": 100, "salience": 1.0},
                {"actor": "B", "issue": "troops", "ideal": 0, "salience": 1.0},
                {"actor": "B", "issue": "trade", "ideal": 100, "salience": 1.0},
            ],
        }
    )


def test_security_gains_and_flags() -> None:
    from accord.deals import security_flags, security_gains

    space = DealSpace.from_case(_security_case())
    many_troops = np.array([2, 1])  # troops=t100, trade=r100
    gains = security_gains(space, many_troops)
    # on the security issue alone A gets 1.0 and B 0.0; minus no-deal 0.3
    np.testing.assert_allclose(gains, [0.7, -0.3])
    assert security_flags(gains.reshape(-1, 1), 0.3)[0]
    assert not security_flags(gains.reshape(-1, 1), 0.5)[0]
    middle = security_gains(space, np.array([1, 1]))
    np.testing.assert_allclose(middle, [0.2, 0.2])
    result = analyse_deals(space, security_threshold=0.3)
    assert result.security_flagged is not None
    # brute force: count acceptable packages whose security gains split by 0.3 or more
    want = 0
    for i in range(space.size):
        c = space.choices(i)
        if space.acceptable(c).all():
            g = security_gains(space, c)
            want += bool(g.max() >= 0.3 and g.min() <= -0.3)
    assert result.security_flagged == want
    assert want > 0
    with pytest.raises(AnalysisError, match=r"security threshold must be in \(0, 1\]"):
        analyse_deals(space, security_threshold=0)
